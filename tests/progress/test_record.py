"""The record's rules: the schedule and its periods, who records what and when, the checks
of a value, corrections, and the record read as it stands."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from plans import workflow
from plans.models import AuditEntry, Plan, Status
from progress import record
from progress.models import Cadence, ProgressStatus, ReportingPeriod
from tests.plans.factories import county_people, new_plan, signed_off

from .factories import last_year_period, plan_in_effect, update, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return county_people()


def test_a_quarterly_schedule_gives_four_periods_a_year_with_their_due_dates(people):
    plan = plan_in_effect(people, cadence=None, years=2)
    record.set_schedule(plan, cadence=Cadence.QUARTERLY, due_days=45, by=people.admin)
    periods = list(ReportingPeriod.objects.filter(plan=plan).active())
    assert len(periods) == 8
    first, second = periods[0], periods[1]
    assert (first.starts_on, first.ends_on) == (date(plan.first_year, 1, 1),
                                                date(plan.first_year, 3, 31))
    assert first.due_on == date(plan.first_year, 3, 31) + timedelta(days=45)
    assert (second.starts_on, second.ends_on) == (date(plan.first_year, 4, 1),
                                                  date(plan.first_year, 6, 30))
    assert str(first.label) == f"Q1 {plan.first_year}"
    assert periods[-1].ends_on == date(plan.last_year, 12, 31)
    entry = AuditEntry.objects.filter(plan=plan, action="reporting_schedule").get()
    assert entry.actor == people.admin
    assert entry.note == "Quarterly reporting; updates due 45 days after each period ends."


def test_changing_the_cadence_keeps_the_other_periods_and_moves_due_dates(people):
    plan = plan_in_effect(people, years=2)  # annual
    record.set_schedule(plan, cadence=Cadence.QUARTERLY, due_days=30, by=people.admin)
    record.set_schedule(plan, cadence=Cadence.ANNUAL, due_days=60, by=people.admin)
    assert ReportingPeriod.objects.filter(plan=plan).count() == 2 + 8  # nothing deleted
    active = list(ReportingPeriod.objects.filter(plan=plan).active())
    assert [p.cadence for p in active] == [Cadence.ANNUAL, Cadence.ANNUAL]
    assert active[0].due_on == date(plan.first_year, 12, 31) + timedelta(days=60)


def test_the_cadence_stays_once_an_update_is_recorded(people):
    plan = plan_in_effect(people)
    update(plan.commitments.get(), last_year_period(plan), people.editor)
    with pytest.raises(record.RecordRefused, match="Updates are recorded for the annual "
                                                   "periods already"):
        record.set_schedule(plan, cadence=Cadence.QUARTERLY, due_days=30, by=people.admin)
    record.set_schedule(plan, cadence=Cadence.ANNUAL, due_days=40, by=people.admin)  # due days


def test_only_a_plan_in_effect_takes_entries(people):
    draft = new_plan(people)
    with pytest.raises(record.RecordRefused, match="not in effect"):
        record.set_schedule(draft, cadence=Cadence.ANNUAL, due_days=30, by=people.admin)
    plan = plan_in_effect(people)
    period, commitment = last_year_period(plan), plan.commitments.get()
    first = update(commitment, period, people.editor)
    amendment = workflow.amend(plan, by=people.editor)
    amendment = signed_off(amendment, people)  # version 2 signed: version 1 superseded
    plan.refresh_from_db()
    assert plan.status == Status.SUPERSEDED
    with pytest.raises(record.RecordRefused, match="not in effect"):
        update(commitment, period, people.editor, corrects=first, correction_reason="Late.")
    with pytest.raises(record.RecordRefused, match="not in effect"):
        value(commitment.measures.get(), people.editor, 12, period.ends_on)


def test_a_period_takes_updates_once_it_has_begun(people):
    plan = plan_in_effect(people)
    future = ReportingPeriod.objects.filter(plan=plan).active().last()
    assert future.starts_on > timezone.localdate()
    with pytest.raises(record.RecordRefused, match="report on it once it has begun"):
        update(plan.commitments.get(), future, people.editor)


def test_a_stopped_commitment_says_why_and_a_correction_says_what_was_wrong(people):
    plan = plan_in_effect(people)
    period, commitment = last_year_period(plan), plan.commitments.get()
    with pytest.raises(ValidationError) as stopped:
        update(commitment, period, people.editor, ProgressStatus.STOPPED)
    assert stopped.value.message_dict == {"stopped_reason": ["Say why the commitment stopped."]}
    first = update(commitment, period, people.editor, ProgressStatus.ON_TRACK,
                   stopped_reason="ignored unless stopped")
    assert first.stopped_reason == ""
    with pytest.raises(ValidationError) as unexplained:
        update(commitment, period, people.editor, corrects=first)
    assert unexplained.value.message_dict == {
        "correction_reason": ["Say what was wrong with the update you correct."]}


def test_an_update_recorded_meanwhile_is_not_overwritten(people):
    plan = plan_in_effect(people)
    period, commitment = last_year_period(plan), plan.commitments.get()
    theirs = update(commitment, period, people.other_editor, ProgressStatus.AT_RISK)
    with pytest.raises(record.UpdateConflict) as conflict:
        update(commitment, period, people.editor)  # opened before theirs was recorded
    assert conflict.value.current == theirs
    correction = update(commitment, period, people.editor, ProgressStatus.OFF_TRACK,
                        corrects=theirs, correction_reason="Worse than reported.")
    with pytest.raises(record.UpdateConflict):  # theirs is not current any more
        update(commitment, period, people.other_editor, corrects=theirs,
               correction_reason="Again.")
    assert correction.corrects == theirs


@pytest.mark.parametrize(("amount", "on", "field", "message"), [
    ("101", None, "value", "This measure is a percentage: give a value from 0 to 100."),
    ("-1", None, "value", "This measure is a percentage: give a value from 0 to 100."),
    ("12.345", None, "value", "Give at most two decimal places."),
    ("1e12", None, "value", "Give a number below a trillion."),
    ("12", "before", "for_date", "Give a date within the plan's years"),
    ("12", "future", "for_date", "This date is in the future: record a value once it is "
                                 "measured."),
])
def test_a_value_is_checked_against_its_measure_and_the_plans_years(
        people, amount, on, field, message):
    plan = plan_in_effect(people)
    period = last_year_period(plan)
    day = {None: period.ends_on, "before": date(plan.first_year - 1, 12, 31),
           "future": timezone.localdate() + timedelta(days=1)}[on]
    with pytest.raises(ValidationError) as invalid:
        value(plan.commitments.get().measures.get(), people.editor, amount, day)
    assert invalid.value.message_dict[field][0].startswith(message)


def test_a_second_value_for_the_same_date_must_be_a_correction(people):
    plan = plan_in_effect(people)
    period = last_year_period(plan)
    measure = plan.commitments.get().measures.get()
    first = value(measure, people.editor, 12, period.ends_on)
    with pytest.raises(ValidationError) as twice:
        value(measure, people.editor, 13, period.ends_on)
    assert "has a value for" in twice.value.message_dict["for_date"][0]
    moved = value(measure, people.editor, 13, period.ends_on - timedelta(days=1),
                  corrects=first, correction_reason="It was for the day before.")
    with pytest.raises(record.RecordRefused, match="corrected already"):
        value(measure, people.editor, 14, period.ends_on, corrects=first,
              correction_reason="Again.")
    assert moved.for_date == period.ends_on - timedelta(days=1)


def test_the_record_as_it_stands_by_principle_and_for_the_plan(people):
    plan = plan_in_effect(people, commitments=3, measures_per=1)
    period = last_year_period(plan)
    this_year = ReportingPeriod.objects.filter(plan=plan).active()[1]
    first, second, third = plan.commitments.order_by("principle__number")
    update(first, period, people.editor, spent_to_date=Decimal(900))
    update(first, this_year, people.editor, ProgressStatus.AT_RISK, spent_to_date=Decimal(300))
    stopped = update(second, this_year, people.editor, ProgressStatus.STOPPED,
                     stopped_reason="Funding ended.", spent_to_date=Decimal(100))
    update(second, this_year, people.editor, ProgressStatus.STOPPED, corrects=stopped,
           stopped_reason="Funding ended in May.", spent_to_date=Decimal(150),
           correction_reason="It ended in May.")
    value(first.measures.get(), people.editor, 20, period.ends_on)  # at the target already
    value(second.measures.get(), people.editor, 10, period.ends_on)  # still the baseline
    plan_record = record.read_record(Plan.objects.get(pk=plan.pk))

    assert [(value, count) for value, _label, count in plan_record.by_status] == [
        ("none", 1), (ProgressStatus.AT_RISK, 1), (ProgressStatus.STOPPED, 1)]
    assert plan_record.spending_year == this_year.starts_on.year
    assert plan_record.spent == Decimal(450)  # this year's latest: 300 and 150 (corrected)
    assert plan_record.planned == Decimal(6000)
    assert (plan_record.on_track, plan_record.behind, len(plan_record.measures)) == (1, 1, 3)
    by_principle = {p.principle.number: p for p in plan_record.principles}
    assert by_principle[1].spent == Decimal(300) and by_principle[1].on_track == 1
    assert by_principle[2].behind == 1 and by_principle[2].commitments[0].is_flagged
    assert by_principle[3].spent is None
    assert dict((p.label, n) for p, n in plan_record.period_rows)[period.label] == 1
