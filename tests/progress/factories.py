"""Plans in effect with a reporting schedule, for the tests of the progress app."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from plans.models import Plan
from progress import record
from progress.models import Cadence, ProgressStatus
from stakeholders.models import Role
from tests.factories import JurisdictionFactory, member
from tests.plans.factories import (
    CommitmentFactory,
    MeasureFactory,
    county_people,
    new_plan,
    principle,
    signatory,
    signed_off,
)


def people_of_a_new_county():
    """Like county_people(), in a county of its own: two editors, an admin, a partner and
    two signatories."""
    county = JurisdictionFactory()
    return SimpleNamespace(
        county=county,
        editor=member(county, Role.EDITOR), other_editor=member(county, Role.EDITOR),
        admin=member(county, Role.JURISDICTION_ADMIN), partner=member(county, Role.PARTNER),
        first_signatory=signatory(county, "Sam", "Signer", "Probation", "Chief"),
        second_signatory=signatory(county, "Tess", "Twosign", "Public Health", "Director"))


def plan_in_effect(people=None, *, commitments=1, measures_per=1, years=3, first_year=None,
                   cadence=Cadence.ANNUAL, names=None, **plan_fields):
    """A signed plan whose first year was last year (so one period is over and one under
    way), reporting every year unless told otherwise, with ``commitments`` spread over the
    principles, each with ``measures_per`` measures (baseline 10, target 20, in %)."""
    people = people or county_people()
    first_year = first_year or timezone.localdate().year - 1
    plan = new_plan(people, first_year=first_year, last_year=first_year + years - 1,
                    **plan_fields)
    for n in range(commitments):
        named = {"local_practice": names[n]} if names else {}
        commitment = CommitmentFactory(plan=plan, principle=principle(n % 5 + 1),
                                       annual_budget=Decimal(1000 * (n + 1)), **named)
        for _ in range(measures_per):
            MeasureFactory(commitment=commitment)
    plan = signed_off(plan, people)
    if cadence:
        record.set_schedule(plan, cadence=cadence, due_days=30, by=people.admin)
    return Plan.objects.get(pk=plan.pk)


def last_year_period(plan):
    return plan.reporting_periods.active().get(starts_on=date(plan.first_year, 1, 1))


def update(commitment, period, by, status=ProgressStatus.ON_TRACK, **fields):
    fields.setdefault("account", "Work went as planned.")
    return record.record_update(commitment, period, by=by, status=status, **fields)


def value(measure, by, amount, on, **fields):
    return record.record_value(measure, by=by, value=Decimal(str(amount)), for_date=on,
                               **fields)
