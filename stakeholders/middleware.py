from django.conf import settings
from django.utils import translation


def use_unless_chosen(request, language):
    """Read this request in ``language`` unless the browser holds a choice of its own (the
    language cookie, set by the header's switch)."""
    if language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(language)
        request.LANGUAGE_CODE = language


class UserLanguageMiddleware:
    """A signed-in person's saved language applies wherever their browser holds no choice
    yet (a new device); choosing a language in the header saves it (see choose_language).
    Runs after LocaleMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            use_unless_chosen(request, user.language)
        return self.get_response(request)
