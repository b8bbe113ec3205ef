"""The record's rules: choosing the reporting schedule, recording an update or a value (or a
correction of one), and reading the record as it stands, in a fixed number of queries
whatever the plan's size.

Every write first marks the plan (and the version amending it, which shows what the record
says of the commitments it carried over) as changed: that moves the keys of their cached
pages (plans.fragments) and takes the jurisdiction's row lock, so that two people recording
on the same plan at once are served one after the other and never both become "current".
"""

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plans.content import principle_sections
from plans.fragments import touch_plan
from plans.models import AuditEntry, Plan

from .evaluation import judge, trend
from .models import (
    Cadence,
    MeasuredValue,
    ProgressReport,
    ProgressStatus,
    ProgressUpdate,
    ReportingPeriod,
    ReportingSchedule,
    in_effect,
    plan_end,
    plan_start,
)

LARGEST_VALUE = Decimal("1e12")


class RecordRefused(Exception):
    """The record cannot take this now; the message says why, in the person's words."""


def touch(plan_id):
    """Mark the plan and the version amending it as changed (see the module's docstring)."""
    touch_plan(Plan.objects.filter(Q(pk=plan_id) | Q(previous_id=plan_id)))


def refuse_unless_in_effect(plan):
    if not in_effect(plan):
        raise RecordRefused(_("This plan is not in effect, so its record takes no new entry: "
                              "a plan is in effect from its sign-off until a newer version is "
                              "signed."))


# --- the schedule ---------------------------------------------------------------------------


def period_bounds(first_year, last_year, cadence):
    """(first day, last day) of each reporting period over the plan's years."""
    for year in range(first_year, last_year + 1):
        if cadence == Cadence.ANNUAL:
            yield date(year, 1, 1), date(year, 12, 31)
            continue
        for quarter in range(4):
            first_month, last_month = 3 * quarter + 1, 3 * quarter + 3
            yield (date(year, first_month, 1),
                   date(year, last_month, calendar.monthrange(year, last_month)[1]))


@transaction.atomic
def set_schedule(plan, *, cadence, due_days, by):
    """Choose how often the plan reports and how long after a period its updates are due;
    the periods follow. The cadence stays once updates are recorded for its periods."""
    touch(plan.pk)
    plan = Plan.objects.get(pk=plan.pk)
    refuse_unless_in_effect(plan)
    schedule = ReportingSchedule.objects.filter(plan=plan).first()
    if (schedule is not None and schedule.cadence != cadence
            and ProgressUpdate.objects.filter(period__plan=plan).exists()):
        raise RecordRefused(_("Updates are recorded for the %(cadence)s periods already, so the "
                              "cadence stays as it is.")
                            % {"cadence": schedule.get_cadence_display().lower()})
    if (schedule is not None and schedule.cadence != cadence
            and ProgressReport.objects.filter(plan=plan).exists()):
        # a report, even one published with every update missing, belongs to its period
        raise RecordRefused(_("A progress report is published for the %(cadence)s periods "
                              "already, so the cadence stays as it is.")
                            % {"cadence": schedule.get_cadence_display().lower()})
    if schedule is None:
        schedule = ReportingSchedule(plan=plan)
    schedule.cadence, schedule.due_days, schedule.set_by = cadence, due_days, by
    schedule.save()
    existing = {p.starts_on: p for p in ReportingPeriod.objects.filter(plan=plan, cadence=cadence)}
    for starts_on, ends_on in period_bounds(plan.first_year, plan.last_year, cadence):
        due_on = ends_on + timedelta(days=due_days)
        period = existing.get(starts_on)
        if period is None:
            ReportingPeriod.objects.create(plan=plan, cadence=cadence, starts_on=starts_on,
                                           ends_on=ends_on, due_on=due_on)
        elif period.due_on != due_on:
            period.due_on = due_on
            period.save(update_fields=["due_on"])
    AuditEntry.objects.create(
        jurisdiction_id=plan.jurisdiction_id, plan=plan, action="reporting_schedule", actor=by,
        note=_("%(cadence)s reporting; updates due %(days)s days after each period ends.")
        % {"cadence": schedule.get_cadence_display(), "days": due_days})
    return schedule


# --- recording ------------------------------------------------------------------------------


@transaction.atomic
def record_update(commitment, period, *, by, status, account, stopped_reason="",
                  spent_to_date=None, corrects=None, correction_reason="", today=None):
    """Record where ``commitment`` stands at the end of ``period``; with ``corrects``, a
    correction of that update, which must be the current one."""
    today = today or timezone.localdate()
    touch(commitment.plan_id)
    plan = Plan.objects.get(pk=commitment.plan_id)
    refuse_unless_in_effect(plan)
    if period.plan_id != plan.pk or commitment.removed_at is not None:
        raise RecordRefused(_("This commitment is not part of this plan's record."))
    if not period.has_started(today):
        raise RecordRefused(_("This period starts on %(date)s: report on it once it has begun.")
                            % {"date": date_format(period.starts_on)})
    current = (ProgressUpdate.objects.current()
               .filter(commitment=commitment, period=period).first())
    if current is not None and (corrects is None or corrects.pk != current.pk):
        raise UpdateConflict(current)
    if corrects is not None and current is None:
        raise RecordRefused(_("Only the current update of a commitment can be corrected."))
    if status != ProgressStatus.STOPPED:
        stopped_reason = ""
    errors = {}
    if status == ProgressStatus.STOPPED and not stopped_reason.strip():
        errors["stopped_reason"] = _("Say why the commitment stopped.")
    if corrects is not None and not correction_reason.strip():
        errors["correction_reason"] = _("Say what was wrong with the update you correct.")
    if errors:
        raise ValidationError(errors)
    return ProgressUpdate.objects.create(
        commitment=commitment, period=period, author=by, status=status, account=account,
        stopped_reason=stopped_reason, spent_to_date=spent_to_date, corrects=corrects,
        correction_reason=correction_reason if corrects is not None else "")


class UpdateConflict(RecordRefused):
    """Someone recorded an update for this commitment and period meanwhile: a new one would
    correct theirs, which the person has not seen."""

    def __init__(self, current):
        super().__init__(_("An update for this period was recorded while you were writing "
                           "yours. Read it below: to change it, record a correction."))
        self.current = current


def value_problems(measure, plan, value, for_date, today):
    """{field: message} of what makes ``value`` on ``for_date`` wrong for ``measure``: the
    checks of the form and of the CSV import alike."""
    errors = {}
    if value is not None:
        value = Decimal(str(value))
        if not value.is_finite() or abs(value) >= LARGEST_VALUE:
            errors["value"] = _("Give a number below a trillion.")
        elif value != value.quantize(Decimal("0.01")):
            errors["value"] = _("Give at most two decimal places.")
        elif measure.unit.strip() == "%" and not Decimal(0) <= value <= Decimal(100):
            errors["value"] = _("This measure is a percentage: give a value from 0 to 100.")
    if for_date is not None:
        if not plan_start(plan) <= for_date <= plan_end(plan):
            errors["for_date"] = _("Give a date within the plan's years, %(first)s to "
                                   "%(last)s.") % {"first": plan.first_year,
                                                   "last": plan.last_year}
        elif for_date > today:
            errors["for_date"] = _("This date is in the future: record a value once it is "
                                   "measured.")
    return errors


@transaction.atomic
def record_value(measure, *, by, value, for_date, data_source="", note="", corrects=None,
                 correction_reason="", today=None):
    """Record a measured value of ``measure``; with ``corrects``, a correction of that value,
    which must be current. Raises ValidationError with a message per field."""
    today = today or timezone.localdate()
    value = None if value is None else Decimal(str(value))
    plan_id = measure.commitment.plan_id
    touch(plan_id)
    plan = Plan.objects.get(pk=plan_id)
    refuse_unless_in_effect(plan)
    if measure.removed_at is not None or measure.commitment.removed_at is not None:
        raise RecordRefused(_("This measure is not part of this plan's record."))
    errors = value_problems(measure, plan, value, for_date, today)
    if corrects is not None:
        if corrects.measure_id != measure.pk or not MeasuredValue.objects.current().filter(
                pk=corrects.pk).exists():
            raise RecordRefused(_("This value was corrected already: correct the current one."))
        if not correction_reason.strip():
            errors["correction_reason"] = _("Say what was wrong with the value you correct.")
    taken = (MeasuredValue.objects.current().filter(measure=measure, for_date=for_date)
             .exclude(pk=getattr(corrects, "pk", None)))
    if "for_date" not in errors and taken.exists():
        errors["for_date"] = _("This measure has a value for %(date)s already: correct that "
                               "value rather than recording a second one.") % {
            "date": date_format(for_date)}
    if errors:
        raise ValidationError(errors)
    return MeasuredValue.objects.create(
        measure=measure, author=by, value=value, for_date=for_date,
        data_source=data_source or measure.data_source, note=note, corrects=corrects,
        correction_reason=correction_reason if corrects is not None else "")


# --- reading the record as it stands --------------------------------------------------------


@dataclass
class MeasureRecord:
    measure: object
    values: list  # current MeasuredValue rows, in date order
    judgement: object
    direction: object  # evaluation.Direction or None

    @property
    def latest(self):
        return self.values[-1] if self.values else None


def measure_record(measure, values, plan):
    latest = values[-1] if values else None
    return MeasureRecord(
        measure, values,
        judge(baseline=measure.baseline, target=measure.target, start=plan_start(plan),
              end=plan_end(plan), latest_value=latest.value if latest else None,
              latest_date=latest.for_date if latest else None),
        trend(baseline=measure.baseline, target=measure.target,
              values=[v.value for v in values]))


@dataclass
class CommitmentRecord:
    commitment: object
    latest: object  # its current update of the latest period reported, or None
    measures: list
    spent: Decimal | None = None  # spent so far in the record's spending year, if reported

    @property
    def is_flagged(self):
        return bool(self.latest and self.latest.is_flagged) or any(
            m.judgement.is_behind for m in self.measures)


NO_UPDATE = "none"


@dataclass
class Tally:
    """Commitments by status, money planned and spent, measures on track: for a principle
    or for the whole plan."""

    commitments: list = field(default_factory=list)

    @property
    def by_status(self):
        """[(label, count)] for every status held by at least one commitment, in order."""
        counts = Counter(c.latest.status if c.latest else NO_UPDATE for c in self.commitments)
        labels = [(NO_UPDATE, _("No update yet")), *ProgressStatus.choices]
        return [(value, label, counts[value]) for value, label in labels if counts[value]]

    @property
    def planned(self):
        return sum((c.commitment.annual_budget or Decimal(0) for c in self.commitments),
                   Decimal(0))

    @property
    def spent(self):
        reported = [c.spent for c in self.commitments if c.spent is not None]
        return sum(reported, Decimal(0)) if reported else None

    @property
    def measures(self):
        return [m for c in self.commitments for m in c.measures]

    @property
    def on_track(self):
        return sum(1 for m in self.measures if m.judgement.is_on_track)

    @property
    def behind(self):
        return sum(1 for m in self.measures if m.judgement.is_behind)


@dataclass
class PrincipleRecord(Tally):
    principle: object = None


@dataclass
class PlanRecord(Tally):
    plan: object = None
    schedule: object = None
    periods: list = field(default_factory=list)
    principles: list = field(default_factory=list)
    updates: list = field(default_factory=list)  # every current update, in period order
    spending_year: int | None = None  # the year the "spent" figures are for

    @property
    def period_rows(self):
        """[(period, how many commitments have a current update for it)]."""
        counts = Counter(u.period_id for u in self.updates)
        return [(period, counts[period.pk]) for period in self.periods]


def read_record(plan):
    """The plan's record as it stands, by principle: 7 queries whatever its size."""
    sections = principle_sections(plan)  # 3 queries: commitments, their measures, principles
    schedule = ReportingSchedule.objects.filter(plan=plan).first()
    periods = list(ReportingPeriod.objects.filter(plan=plan).active()) if schedule else []
    updates = list(ProgressUpdate.objects.current()
                   .filter(commitment__plan=plan, commitment__removed_at__isnull=True)
                   .select_related("period")
                   .order_by("period__starts_on", "created_at", "pk"))
    values = defaultdict(list)
    for value in (MeasuredValue.objects.current()
                  .filter(measure__commitment__plan=plan).order_by("for_date", "pk")):
        values[value.measure_id].append(value)
    latest = {}
    for update in updates:  # in period order: the last one wins
        latest[update.commitment_id] = update
    spending_year = max((u.period.starts_on.year for u in updates), default=None)
    spent = {}
    for update in updates:
        if update.period.starts_on.year == spending_year and update.spent_to_date is not None:
            spent[update.commitment_id] = update.spent_to_date  # so far in the year: the last
    record = PlanRecord(plan=plan, schedule=schedule, periods=periods, updates=updates,
                        spending_year=spending_year)
    for section in sections:
        principle = PrincipleRecord(principle=section.principle)
        for commitment in section.commitments:
            principle.commitments.append(CommitmentRecord(
                commitment, latest.get(commitment.pk),
                [measure_record(m, values[m.pk], plan) for m in commitment.measures.all()],
                spent.get(commitment.pk)))
        record.principles.append(principle)
        record.commitments += principle.commitments
    return record
