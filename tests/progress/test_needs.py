"""The editors' dashboard says when a period's updates are due within two weeks, or overdue,
and some commitment has none; the item goes once every commitment has its update."""

from datetime import timedelta

import pytest
from django.utils.formats import date_format

from notifications.needs import reporting_needs
from plans.models import Plan
from progress import record
from progress.models import Cadence
from tests.notifications.test_dashboard import needs
from tests.plans.factories import county_people

from .factories import last_year_period, plan_in_effect, update

pytestmark = pytest.mark.django_db


def test_an_overdue_period_with_missing_updates_is_an_editors_item_until_done(settings):
    people = county_people()
    plan = plan_in_effect(people, commitments=3, cadence=None)
    record.set_schedule(plan, cadence=Cadence.ANNUAL, due_days=0, by=people.admin)
    period = last_year_period(plan)
    first, second, third = plan.commitments.order_by("pk")
    update(first, period, people.editor)
    found = needs(people.editor)
    expected = (f"Updates on “{plan.title}” for {period.label} were due on "
                f"{date_format(period.due_on)}: 2 of 3 commitments have none.")
    assert (expected, f"/progress/periods/{period.pk}/") in found
    assert not any("Updates on" in sentence for sentence, _link in needs(people.partner))
    update(second, period, people.editor)
    update(third, period, people.editor)
    assert not any("Updates on" in sentence for sentence, _link in needs(people.editor))


def test_a_period_due_within_two_weeks_is_announced_and_one_later_is_not():
    people = county_people()
    plan = plan_in_effect(people, commitments=2, cadence=None)
    record.set_schedule(plan, cadence=Cadence.QUARTERLY, due_days=30, by=people.admin)
    period = plan.reporting_periods.active().get(starts_on__year=plan.first_year,
                                                 starts_on__month=7)
    plans = [Plan.objects.get(pk=plan.pk)]
    soon = reporting_needs(plans, period.due_on - timedelta(days=14))
    assert [n.sentence for n in soon] == [
        f"Updates on “{plan.title}” for Q3 {plan.first_year} are due on "
        f"{date_format(period.due_on)}: 2 of 2 commitments have none yet."]
    assert soon[0].action == "Record the updates"
    assert reporting_needs(plans, period.due_on - timedelta(days=15))[0].sentence.startswith(
        f"Updates on “{plan.title}” for Q2")  # the one before is the latest due by then
