"""API tokens: how a county's data system writes measured values in a person's name.

A token is shown once, when it is made; the database keeps only its SHA-256 hash and a short
prefix that lets its owner tell tokens apart. Revoking keeps the row (who made it, when, when
it was last used): nothing is deleted.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TOKEN_MARK = "ssp_"  # tells a planner token apart in logs and secret scanners
PREFIX_LENGTH = len(TOKEN_MARK) + 8
LAST_USED_STEP = 60  # seconds: a token used all day writes its last use once a minute


def hash_of(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Tokens not revoked, of active accounts."""
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens",
        verbose_name=_("person"))
    name = models.CharField(
        _("name"), max_length=100,
        help_text=_("What uses it, e.g. “County data warehouse”, so that you know which to "
                    "revoke."))
    prefix = models.CharField(_("begins with"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, editable=False)
    revoked_at = models.DateTimeField(pgettext_lazy("token", "revoked"), null=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name):
        """A new token for ``user``: (the stored token, the secret to show once)."""
        secret = TOKEN_MARK + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=secret[:PREFIX_LENGTH], key_hash=hash_of(secret))
        return token, secret

    @classmethod
    def find(cls, secret):
        """The usable token whose secret this is, with its person, or None."""
        return cls.objects.usable().select_related("user").filter(
            key_hash=hash_of(secret)).first()

    def revoke(self):
        """Refuse the token from now on; it stays listed as revoked."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def mark_used(self, now=None):
        """Note the time of use, at most once a minute (one write, not one per request)."""
        now = now or timezone.now()
        if self.last_used_at and (now - self.last_used_at).total_seconds() < LAST_USED_STEP:
            return
        ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
        self.last_used_at = now

    @property
    def is_revoked(self):
        return self.revoked_at is not None
