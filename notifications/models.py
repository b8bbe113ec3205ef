"""What needs a person: one notice per person and event, shown in the app and emailed unless
the person turned that kind of email off."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person's own notices: nobody reads another's, site admins included."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self):
        """Mark these as read now; returns how many were unread."""
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """Something that happened and needs, or concerns, one person.

    ``key`` names the event and the person: creating a notice whose key exists is a no-op,
    so each person hears of an event once, however often or concurrently it is handled. The
    sentence is rendered when read, in the reader's language, from the kind and the fields;
    no English is stored.
    """

    class Kind(models.TextChoices):
        CONSULTATION_OPENED = "consultation_opened", _("Consultation opened")
        CONSULTATION_CLOSING = "consultation_closing", _("Consultation closing soon")
        CONSULTATION_CLOSED = "consultation_closed", _("Consultation closed")
        COMMENT_ANSWERED = "comment_answered", _("Comment answered")
        COMMENT_REPLIED = "comment_replied", _("Reply to a comment")
        COMMENT_HIDDEN = "comment_hidden", _("Comment hidden")
        SIGNOFF_REQUESTED = "signoff_requested", _("Sign-off requested")
        PLAN_RETURNED = "plan_returned", _("Plan returned")
        PLAN_SIGNED_OFF = "plan_signed_off", _("Plan signed off")
        UNANSWERED_DIGEST = "unanswered_digest", _("Comments awaiting a response")
        INVITATIONS_EXPIRED = "invitations_expired", _("Invitations expired")
        UPDATES_DUE = "updates_due", _("Progress updates due")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    jurisdiction = models.ForeignKey(
        "stakeholders.Jurisdiction",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("jurisdiction"),
    )
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan"),
    )
    comment = models.ForeignKey(
        "stakeholders.Comment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comment"),
    )
    period = models.ForeignKey(
        "progress.ReportingPeriod",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reporting period"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # What the sentence quotes: a return's or a hiding's reason, the expired invitations'
    # addresses. Words people wrote, never a sentence of ours.
    note = models.TextField(_("note"), blank=True)
    count = models.PositiveIntegerField(_("how many"), null=True, blank=True)
    event_date = models.DateField(_("date"), null=True, blank=True)
    key = models.CharField(max_length=200, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_read(self):
        return self.read_at is not None

    @property
    def was_emailed(self):
        return self.emailed_at is not None

    @property
    def sentence(self):
        """What happened, in the current language (the reader's, on a page or in an email)."""
        return SENTENCES[self.kind] % {
            "plan": self.plan.title if self.plan_id else "",
            "jurisdiction": self.jurisdiction.name,
            "actor": str(self.actor) if self.actor_id else gettext("Someone"),
            "date": date_format(self.event_date) if self.event_date else "",
            "reason": self.note,
            "emails": self.note,
            "count": self.count or 0,
            "period": self.period.label if self.period_id else "",
        }

    @property
    def link(self):
        """The page where the person acts on it, as a path on this site."""
        if self.kind in (Kind.SIGNOFF_REQUESTED, Kind.PLAN_RETURNED):
            return reverse("plans:plan", args=[self.plan_id])
        if self.kind == Kind.PLAN_SIGNED_OFF:
            return reverse("plans:blueprint", args=[self.plan_id])
        if self.kind == Kind.INVITATIONS_EXPIRED:
            return reverse("stakeholders:invite", args=[self.jurisdiction.slug])
        if self.kind == Kind.UPDATES_DUE:
            return reverse("progress:period", args=[self.period_id])
        consultation = reverse("stakeholders:consultation", args=[self.plan_id])
        if self.comment_id and self.comment.report_id:  # on a published progress report
            consultation = reverse("progress:report_comments", args=[self.comment.report_id])
        if self.kind in (Kind.COMMENT_ANSWERED, Kind.COMMENT_REPLIED):
            return f"{consultation}?comment={self.comment_id}#comment-{self.comment_id}"
        return consultation


Kind = Notification.Kind

# Each kind's sentence. Its values: plan, jurisdiction, actor, date (the notice's
# event_date), reason and emails (both its note), count and period (its label).
SENTENCES = {
    Kind.CONSULTATION_OPENED: _("%(jurisdiction)s invites comments on “%(plan)s” until %(date)s."),
    Kind.CONSULTATION_CLOSING: _("The consultation on “%(plan)s” closes on %(date)s."),
    Kind.CONSULTATION_CLOSED: _("The consultation on “%(plan)s” closed on %(date)s."),
    Kind.COMMENT_ANSWERED: _("Your comment on “%(plan)s” has an official answer."),
    Kind.COMMENT_REPLIED: _("%(actor)s replied to your comment on “%(plan)s”."),
    Kind.COMMENT_HIDDEN: _("A moderator hid your comment on “%(plan)s”. Reason: %(reason)s"),
    Kind.SIGNOFF_REQUESTED: _(
        "%(actor)s asks you to sign off “%(plan)s” or to return it with a reason."
    ),
    Kind.PLAN_RETURNED: _("%(actor)s returned “%(plan)s” for revision: %(reason)s"),
    Kind.PLAN_SIGNED_OFF: _("“%(plan)s” is signed off and published."),
    Kind.UNANSWERED_DIGEST: ngettext_lazy(
        "%(count)s comment on “%(plan)s” has waited over a week for an official answer.",
        "%(count)s comments on “%(plan)s” have waited over a week for an official answer.",
        "count",
    ),
    Kind.INVITATIONS_EXPIRED: ngettext_lazy(
        "An invitation to %(jurisdiction)s expired on %(date)s without being accepted: "
        "%(emails)s.",
        "%(count)s invitations to %(jurisdiction)s expired on %(date)s without being "
        "accepted: %(emails)s.",
        "count",
    ),
    Kind.UPDATES_DUE: ngettext_lazy(
        "Updates on “%(plan)s” for %(period)s are due on %(date)s: %(count)s commitment has "
        "none yet.",
        "Updates on “%(plan)s” for %(period)s are due on %(date)s: %(count)s commitments have "
        "none yet.",
        "count",
    ),
}

# The moderation notice always reaches the author by email too: they must learn that and
# why their words were taken out of sight.
ALWAYS_EMAILED = {Kind.COMMENT_HIDDEN}
OPTIONAL_EMAILS = [kind for kind in Kind if kind not in ALWAYS_EMAILED]


class EmailOptOutQuerySet(models.QuerySet):
    def opted_out(self, people, kind):
        """The ids of those of ``people`` who turned off emails of ``kind``."""
        if kind in ALWAYS_EMAILED:
            return set()
        return set(
            self.filter(user__in=people, kind=kind).values_list("user_id", flat=True)
        )


class EmailOptOut(models.Model):
    """A kind of notice a person does not want by email (it still shows in the app). Every
    kind is emailed until the person turns it off on /profile/notifications/."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_opt_outs",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Notification.Kind.choices)

    objects = EmailOptOutQuerySet.as_manager()

    class Meta:
        verbose_name = _("email turned off")
        verbose_name_plural = _("emails turned off")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}"
