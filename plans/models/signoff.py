import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .plan import Plan


class Signature(models.Model):
    """A signatory's sign-off in one round of review; name, title and agency are copied so
    the record stays true if the person's role changes later."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="signatures")
    round = models.PositiveIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    name = models.CharField(max_length=300)
    title = models.CharField(max_length=200)
    agency = models.CharField(max_length=200)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "round", "user"], name="one_signature_per_round"
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.title}, {self.agency}"


def canonical_json(content):
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class SnapshotImmutable(Exception):
    pass


class Snapshot(models.Model):
    """The frozen content of a signed-off plan and its SHA-256 digest. Never changes: the
    model refuses, and database triggers refuse UPDATE and DELETE as well."""

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="snapshot")
    content = models.JSONField()
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signed snapshot")
        verbose_name_plural = _("signed snapshots")

    def __str__(self):
        return f"{self.plan} · {self.digest[:12]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise SnapshotImmutable("A signed snapshot never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SnapshotImmutable("A signed snapshot is never deleted.")

    @classmethod
    def freeze(cls, plan, content):
        text = canonical_json(content)
        return cls.objects.create(
            plan=plan,
            content=json.loads(text),
            digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        )

    def verify(self):
        """Whether the stored content still hashes to the stored digest."""
        return (
            hashlib.sha256(canonical_json(self.content).encode("utf-8")).hexdigest() == self.digest
        )
