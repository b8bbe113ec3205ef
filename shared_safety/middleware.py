from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuse a request body over MAX_REQUEST_BYTES before Django reads it: the largest
    upload the planner takes is a 20 MB PDF on the verify page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                _("The upload is too large: the limit is %(size)s MB.")
                % {"size": settings.MAX_REQUEST_BYTES // (1024 * 1024)},
                status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
