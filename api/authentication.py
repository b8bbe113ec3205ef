"""``Authorization: Bearer <token>``: a person's API token stands for that person."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .models import ApiToken

SCHEME = "Bearer"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """A revoked token, an unknown one and a token of a deactivated account are all refused
    with 401, alike, so that a caller learns nothing about tokens it does not hold."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() != SCHEME.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”, with nothing else."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(self.refusal()) from None
        token = ApiToken.find(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(self.refusal())
        token.mark_used()
        return token.user, token

    def authenticate_header(self, request):
        return SCHEME

    @staticmethod
    def refusal():
        return _("This API token is not valid: it is unknown, revoked, or its account is "
                 "closed. Create a new one on your profile.")
