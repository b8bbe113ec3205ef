"""The record of a signed plan's implementation: its reporting schedule and periods, a
progress update per commitment and period, and measured values per outcome measure.

A signed plan's content stays frozen; this record only grows. A recorded entry is never
changed or deleted (the model refuses, and database triggers refuse UPDATE and DELETE too:
migration 0002); a correction is a new entry that names the one it corrects, and the current
record is made of the entries nobody corrected.
"""

import hashlib
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models import Status
from plans.models.plan import money_validators
from plans.models.signoff import canonical_json


class EntryImmutable(Exception):
    """A recorded entry never changes and is never deleted: record a correction instead."""


def in_effect(plan):
    """A signed plan is in effect from its sign-off until a newer version is signed: only
    then does its record take new entries (a superseded plan's record stays readable)."""
    return plan.status == Status.SIGNED_OFF


class Cadence(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")


class ReportingSchedule(models.Model):
    """How often a signed plan reports on its implementation, chosen by a jurisdiction
    admin; its periods follow from the cadence and the plan's years."""

    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.PROTECT, related_name="reporting_schedule",
        verbose_name=_("plan"))
    cadence = models.CharField(_("reporting cadence"), max_length=10, choices=Cadence.choices)
    due_days = models.PositiveSmallIntegerField(
        _("days to report after a period ends"), default=30,
        validators=[MaxValueValidator(90, _("Allow at most 90 days after a period ends."))],
        help_text=_("Updates for a period are due this many days after it ends."))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    set_at = models.DateTimeField(_("set"), auto_now=True)

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedules")

    def __str__(self):
        return f"{self.plan}: {self.get_cadence_display()}"


class PeriodQuerySet(models.QuerySet):
    def active(self):
        """The periods of the cadence the plan's schedule has now (periods of a cadence
        chosen before stay in the database, unused)."""
        return self.filter(cadence=F("plan__reporting_schedule__cadence"))


class ReportingPeriod(models.Model):
    """A stretch of a plan's years that editors report on, with the date reports are due."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="reporting_periods",
        verbose_name=_("plan"))
    cadence = models.CharField(_("cadence"), max_length=10, choices=Cadence.choices)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    due_on = models.DateField(_("updates due"))

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["plan", "cadence", "starts_on"],
                                    name="one_period_per_start_and_cadence"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="period_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(due_on__gte=F("ends_on")),
                                   name="period_due_after_it_ends"),
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        if self.cadence == Cadence.QUARTERLY:
            return _("Q%(quarter)s %(year)s") % {
                "quarter": (self.starts_on.month - 1) // 3 + 1, "year": self.starts_on.year}
        return str(self.starts_on.year)

    def has_started(self, today):
        return self.starts_on <= today

    def is_over(self, today):
        return self.ends_on < today


class EntryQuerySet(models.QuerySet):
    def current(self):
        """The entries nobody corrected: the record as it stands."""
        return self.filter(correction__isnull=True)


class Entry(models.Model):
    """What every entry of the record has: who recorded it and when, and, for a correction,
    the entry it corrects and why. Subclasses add ``corrects``."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    correction_reason = models.TextField(
        _("what was wrong"), max_length=1000, blank=True,
        help_text=_("Say what this corrects and why; the earlier entry stays in the record."))

    objects = EntryQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise EntryImmutable("A recorded entry never changes: record a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EntryImmutable("A recorded entry is never deleted: record a correction.")

    @property
    def is_correction(self):
        return self.corrects_id is not None


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


# What the next version should look at first (plans' "strengthen" step flags them).
FLAGGED_STATUSES = {ProgressStatus.OFF_TRACK, ProgressStatus.STOPPED}


class ProgressUpdate(Entry):
    """Where one commitment stands at the end of one reporting period: its status, what
    happened, and the money spent so far in the period's year."""

    commitment = models.ForeignKey(
        "plans.Commitment", on_delete=models.PROTECT, related_name="progress_updates",
        verbose_name=_("commitment"))
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="updates",
        verbose_name=_("reporting period"))
    status = models.CharField(_("status"), max_length=20, choices=ProgressStatus.choices)
    stopped_reason = models.TextField(
        _("why it stopped"), max_length=1000, blank=True,
        help_text=_("Required when the commitment is stopped."))
    account = models.TextField(
        _("what happened"), max_length=2000,
        help_text=_("A short account of the period: what was done, what held it up."))
    spent_to_date = models.DecimalField(
        _("spent so far this year (USD)"), max_digits=14, decimal_places=2, null=True,
        blank=True, validators=money_validators,
        help_text=_("From 1 January of the period's year to the period's end, against the "
                    "annual budget. Leave empty if not known."))
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction",
        editable=False, verbose_name=_("corrects"))

    class Meta:
        ordering = ["period__starts_on", "created_at", "pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            # A second word on the same commitment and period is a correction of the first.
            models.UniqueConstraint(
                fields=["commitment", "period"], condition=Q(corrects__isnull=True),
                name="one_update_per_commitment_and_period"),
            models.CheckConstraint(
                condition=~Q(status=ProgressStatus.STOPPED) | ~Q(stopped_reason=""),
                name="a_stopped_commitment_says_why"),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="an_update_correction_says_why"),
        ]

    def __str__(self):
        return f"{self.commitment} · {self.period}: {self.get_status_display()}"

    @property
    def is_flagged(self):
        return self.status in FLAGGED_STATUSES


class MeasuredValue(Entry):
    """A value of an outcome measure, for a date, with its source."""

    measure = models.ForeignKey(
        "plans.OutcomeMeasure", on_delete=models.PROTECT, related_name="measured_values",
        verbose_name=_("outcome measure"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    for_date = models.DateField(
        _("for the date"), help_text=_("The day the figure describes; for a period's figure, "
                                       "its last day."))
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction",
        editable=False, verbose_name=_("corrects"))

    class Meta:
        ordering = ["for_date", "created_at", "pk"]
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "for_date"], condition=Q(corrects__isnull=True),
                name="one_value_per_measure_and_date"),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="a_value_correction_says_why"),
        ]

    def __str__(self):
        return f"{self.measure}: {self.value} ({self.for_date:%Y-%m-%d})"


def plan_start(plan):
    return date(plan.first_year, 1, 1)


def plan_end(plan):
    return date(plan.last_year, 12, 31)


# --- published progress reports ---------------------------------------------------------------


class ReportImmutable(Exception):
    """A published progress report never changes and is never deleted."""


class ProgressReportQuerySet(models.QuerySet):
    def in_period_order(self):
        return self.order_by("period__starts_on", "pk")


class ProgressReport(models.Model):
    """The report of one reporting period, published by an editor once the period is over:
    the period's record as it stood then, frozen as canonical JSON with its SHA-256 digest,
    like a signed snapshot. It never changes (the model refuses, and database triggers refuse
    UPDATE and DELETE: migration 0004); a correction recorded afterwards goes to the record,
    and the next report shows it."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="progress_reports",
        verbose_name=_("plan"))
    period = models.OneToOneField(
        ReportingPeriod, on_delete=models.PROTECT, related_name="report",
        verbose_name=_("reporting period"))
    content = models.JSONField(editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("publishing editor"))
    published_at = models.DateTimeField(_("published"))

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.plan} · {self.period} · {self.digest[:12]}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ReportImmutable("A published progress report never changes.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("progress:report", args=[self.plan_id, self.pk])

    def delete(self, *args, **kwargs):
        raise ReportImmutable("A published progress report is never deleted.")

    @property
    def label(self):
        """The period's name, in the reader's language (the report prints it in the plan's)."""
        return self.period.label

    def get_comments_url(self):
        return reverse("progress:report_comments", args=[self.pk])

    def verify(self):
        """Whether the stored content still hashes to the stored digest."""
        return hashlib.sha256(canonical_json(self.content).encode()).hexdigest() == self.digest

    # What stakeholders' rules ask of what a comment is on (stakeholders.rules.report_of):
    # a published report takes comments from its publication until the next period's report
    # is published, while the plan is in effect, so that the conversation follows the latest
    # account; editors give official answers while the plan is in effect.

    def is_latest(self):
        if not hasattr(self, "_is_latest"):
            self._is_latest = not ProgressReport.objects.filter(
                plan_id=self.plan_id, period__starts_on__gt=self.period.starts_on).exists()
        return self._is_latest

    def takes_comments(self):
        return in_effect(self.plan) and self.is_latest()

    def takes_answers(self):
        return in_effect(self.plan)

    def comments_state(self):
        """One sentence on whether people can comment on the report now."""
        if self.takes_comments():
            return _("Comments on this report are open until the report of the next period is "
                     "published.")
        if not in_effect(self.plan):
            return _("This version of the plan is no longer in effect: comments on its reports "
                     "are read-only.")
        return _("A later report is published: comments on this one are read-only. Comment on "
                 "the latest report.")
