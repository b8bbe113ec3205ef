from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "create": _("Plan started"),
    "open_consultation": _("Consultation opened"),
    "close_consultation": _("Consultation closed"),
    "back_to_draft": _("Back to draft"),
    "request_signoff": _("Sign-off requested"),
    "sign": _("Signed"),
    "signed_off": _("Signed off by all"),
    "return_plan": _("Returned for revision"),
    "amend": _("New version started"),
    "superseded": _("Superseded"),
    "hide_comment": _("Comment hidden"),
    "reporting_schedule": _("Reporting schedule set"),  # by the progress app
    "publish_report": _("Progress report published"),  # by the progress app
    "record_value": _("Measured value recorded through the API"),  # by the api app
}


class AuditEntry(models.Model):
    """One recorded action on a plan: a transition, a signature, a return with its reason."""

    jurisdiction = models.ForeignKey(
        "stakeholders.Jurisdiction", on_delete=models.PROTECT, related_name="audit_entries"
    )
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="audit_entries", null=True
    )
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} by {self.actor}"

    @property
    def action_label(self):
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def from_status_label(self):
        return status_label(self.from_status)

    @property
    def to_status_label(self):
        return status_label(self.to_status)


def status_label(value):
    """A plan status in words (the rows keep its code)."""
    from .plan import Status

    return Status(value).label if value in Status.values else value
