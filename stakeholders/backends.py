"""How a person signs in: Django's check of user name and password, refusing the published
demo password on a live site. Every way in (the sign-in page, Django admin) passes here."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

DEMO_PASSWORD = "shared-safety-demo"
PASSWORD_BACKEND = "stakeholders.backends.PasswordBackend"


class PasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and password == DEMO_PASSWORD and not settings.DEBUG:
            if request is not None:
                request.refused_demo_password = True  # for the form to say why
            return None
        return user


def refused_demo_password(request):
    """Whether a sign-in of this request gave the right password, and it was the demo's."""
    return getattr(request, "refused_demo_password", False)
