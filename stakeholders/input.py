"""What the community said about a plan: comments, replies, official responses, moderation
and listening sessions.

Input points at plans by model reference and asks the plan itself whether consultation is
open (Plan.consultation_is_open); it never re-checks the plan's fields.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, FilteredRelation, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

EDIT_WINDOW = timedelta(minutes=15)
MAX_COMMENT_LENGTH = 10_000


class CommentQuerySet(models.QuerySet):
    """The one rule of what readers see of a thread: a hidden comment takes its replies out
    of sight with it (Comment.is_in_sight says the same of one comment)."""

    def consultation(self):
        """Comments of the plans' consultations, not those on a published progress report
        (which the report's own page shows)."""
        return self.filter(report__isnull=True)

    def in_sight(self):
        return self.filter(IN_SIGHT)

    def of_discussion(self, plan, report=None):
        """Comments and replies of the plan's consultation, or of ``report``, one of its
        published progress reports (a reply is where its comment is)."""
        return self.filter(plan=plan, report=report)

    def conversations(self):
        """The comments that start a conversation: not replies."""
        return self.filter(parent__isnull=True)

    def in_principle_order(self):
        """Conversations in the order the pages list them: those on the whole plan first,
        then by principle (directly or through a commitment), each group oldest first."""
        return self.annotate(
            principle_number=Coalesce("commitment__principle__number", "principle__number")
        ).order_by(F("principle_number").asc(nulls_first=True), "created_at", "pk")

    def awaiting_response(self):
        """Comments in sight that still wait for an official answer; replies are part of
        their comment's conversation and are not counted on their own."""
        return self.in_sight().filter(parent__isnull=True, response__isnull=True)

    def counts_by_target(self):
        """How many of these comments are about each principle and each commitment, in one
        query whatever their number: ``{"principle": {id: n}, "commitment": {id: n}}``.

        Counted as What we heard counts them: a reply counts with the comment it answers
        (replies carry no target of their own), and a principle counts the comments on its
        commitments too."""
        rows = (
            # the comment a reply answers is on the same plan: said in the join, it lets
            # PostgreSQL read that plan's comments only, not every comment of the installation
            self.alias(answered=FilteredRelation("parent", condition=Q(parent__plan=F("plan"))))
            .annotate(
                on_commitment=Coalesce("answered__commitment", "commitment"),
                on_principle=Coalesce("answered__commitment__principle", "answered__principle",
                                      "commitment__principle", "principle"),
            )
            .order_by()
            .values("on_commitment", "on_principle")
            .annotate(n=Count("pk"))
        )
        counts = {"principle": {}, "commitment": {}}
        for row in rows:
            for target in ("principle", "commitment"):
                key = row[f"on_{target}"]
                if key is not None:
                    counts[target][key] = counts[target].get(key, 0) + row["n"]
        return counts


class Comment(models.Model):
    """A comment on the whole plan, one principle or one commitment; or a reply to one. Given
    during the plan's consultation, or on one of its published progress reports."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("author"),
    )
    principle = models.ForeignKey(
        "principles.Principle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("principle"),
    )
    commitment = models.ForeignKey(
        "plans.Commitment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("commitment"),
    )
    # A comment on a published progress report of the plan (the progress app, named here by
    # model reference only) rather than on its consultation; a reply carries its comment's.
    report = models.ForeignKey(
        "progress.ProgressReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("progress report"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    body = models.TextField(_("comment"), max_length=MAX_COMMENT_LENGTH)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField(_("reason for hiding"), max_length=2000, blank=True)

    objects = CommentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # the few hidden comments, which IN_SIGHT asks for on every count of a page
            models.Index(fields=["id"], condition=Q(hidden_at__isnull=False),
                         name="comment_hidden"),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author}: {self.body[:60]}"

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError(_("Reply to the comment itself: replies are one level deep."))

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_in_sight(self):
        """Neither this comment nor the one it replies to is hidden by a moderator."""
        return not self.is_hidden and not (self.parent_id and self.parent.is_hidden)

    @property
    def is_awaiting_response(self):
        return self.is_in_sight and not self.parent_id and not hasattr(self, "response")

    @property
    def principle_of(self):
        """The principle this comment is about, directly or through its commitment."""
        if self.commitment_id:
            return self.commitment.principle
        return self.principle

    def is_editable_by(self, user, now=None):
        """The author may edit for 15 minutes after writing, while it is in sight (neither
        it nor the comment it answers hidden)."""
        now = now or timezone.now()
        return (
            user.pk == self.author_id
            and self.is_in_sight
            and now - self.created_at <= EDIT_WINDOW
        )

    def hide(self, *, by, reason):
        self.hidden_at = timezone.now()
        self.hidden_by = by
        self.hidden_reason = reason
        self.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])


# Comment.is_in_sight as filters, for counting thousands of comments in the database. "The
# comment it answers is hidden" reads the few hidden comments (an index of their own) rather
# than joining each reply to its comment across the whole table.
HIDDEN = Comment.objects.filter(hidden_at__isnull=False).values("pk")
IN_SIGHT = Q(hidden_at__isnull=True) & ~Q(parent__in=HIDDEN)
OUT_OF_SIGHT = Q(hidden_at__isnull=False) | Q(parent__in=HIDDEN)


class Disposition(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    PARTLY_ADOPTED = "partly_adopted", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    NOTED = "noted", _("Noted")


class Response(models.Model):
    """The jurisdiction's official answer to a comment, with what it did about it."""

    comment = models.OneToOneField(Comment, on_delete=models.PROTECT, related_name="response")
    disposition = models.CharField(_("disposition"), max_length=20, choices=Disposition.choices)
    reason = models.TextField(
        _("reason"),
        max_length=3000,
        blank=True,
        help_text=_("Required when the suggestion is not adopted."),
    )
    text = models.TextField(_("response"), max_length=5000)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(_("answered"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("official response")
        verbose_name_plural = _("official responses")

    def __str__(self):
        return f"{self.get_disposition_display()}: {self.text[:60]}"

    def clean(self):
        if self.disposition == Disposition.NOT_ADOPTED and not self.reason.strip():
            raise ValidationError({"reason": _("Say why the suggestion is not adopted.")})


class ListeningSession(models.Model):
    """A meeting where the jurisdiction heard people in person or online."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="listening_sessions"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    host = models.ForeignKey(
        "stakeholders.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_sessions",
        verbose_name=_("host organization"),
    )
    attendees = models.PositiveIntegerField(
        _("number of attendees"),
        validators=[
            MinValueValidator(1, _("A session has at least one attendee.")),
            MaxValueValidator(
                100_000, _("That is more people than a session holds: check the number.")
            ),
        ],
    )
    summary = models.TextField(_("what we heard"), max_length=10_000)
    principles = models.ManyToManyField(
        "principles.Principle", blank=True, related_name="+", verbose_name=_("principles touched")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("listening session")
        verbose_name_plural = _("listening sessions")

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} · {self.place}"


