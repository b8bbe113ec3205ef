"""A county with a published blueprint (in effect, with measured values and a published
progress report) and its next version as a draft, a city with a draft only, and API clients."""

from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from plans import workflow
from plans.models import Plan
from progress import reports
from tests.plans.factories import CommitmentFactory, MeasureFactory, county_people, principle
from tests.plans.factories import new_plan as start_plan
from tests.progress.factories import last_year_period, plan_in_effect, value


@pytest.fixture
def county(db):
    """Example County: v1 signed and in effect (two commitments, a measure each, values for
    last year and its report published), v2 amending it as a draft with a commitment of its
    own; Sample City with a draft only."""
    people = county_people()
    signed = plan_in_effect(people, commitments=2)
    period = last_year_period(signed)
    measure = signed.commitments.order_by("pk").first().measures.get()
    first_value = value(measure, people.editor, 12, period.ends_on)
    report = reports.publish(period, by=people.editor, seen_missing=True)
    draft = workflow.amend(signed, by=people.editor)
    draft_commitment = CommitmentFactory(plan=draft, principle=principle(2),
                                         local_practice="Unpublished idea")
    draft_measure = MeasureFactory(commitment=draft_commitment, indicator="Unpublished measure")
    city_people = SimpleNamespace(county=people.elsewhere, editor=people.outsider)
    city_draft = start_plan(city_people, title="Sample City draft")
    return SimpleNamespace(
        people=people, signed=Plan.objects.get(pk=signed.pk), period=period, measure=measure,
        value=first_value, report=report, draft=draft, draft_commitment=draft_commitment,
        draft_measure=draft_measure, city_draft=city_draft)


@pytest.fixture
def anonymous():
    return APIClient()
