"""The progress pages cost the same number of queries for a small plan and a large one: 5
commitments, 15 measures and 2 periods, or 50 commitments, 150 measures and 8 periods, each
period with an update per commitment (some corrected) and a value per measure."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans import workflow
from progress import record
from progress.models import Cadence, MeasuredValue, ProgressStatus, ProgressUpdate
from tests.plans.factories import signed_in

from .factories import people_of_a_new_county, plan_in_effect

pytestmark = pytest.mark.django_db

MOST_QUERIES = 25
STATUSES = [ProgressStatus.ON_TRACK, ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK,
            ProgressStatus.STOPPED, ProgressStatus.COMPLETED]


def plan_with_a_record(commitments, cadence):
    """A plan in effect from last year for two years, its periods all begun, with the
    record filled in (written in bulk: sample rows, not a user's work), and its amendment."""
    people = people_of_a_new_county()
    plan = plan_in_effect(people, commitments=commitments, measures_per=3, years=2,
                          cadence=cadence)
    today = timezone.localdate()
    periods = list(plan.reporting_periods.active())
    assert all(p.starts_on <= today for p in periods)
    rows = list(plan.commitments.all())
    first = ProgressUpdate.objects.bulk_create([
        ProgressUpdate(commitment=c, period=p, author=people.editor,
                       status=STATUSES[(i + j) % len(STATUSES)], stopped_reason="Ended.",
                       account=f"Update {i} for {p.label}.", spent_to_date=Decimal(100 * i))
        for i, c in enumerate(rows) for j, p in enumerate(periods)])
    ProgressUpdate.objects.bulk_create([  # every third update corrected
        ProgressUpdate(commitment=u.commitment, period=u.period, author=people.other_editor,
                       status=ProgressStatus.AT_RISK, account="Corrected.", corrects=u,
                       correction_reason="It was worse.") for u in first[::3]])
    measures = [m for c in rows for m in c.measures.all()]
    values = MeasuredValue.objects.bulk_create([
        MeasuredValue(measure=m, author=people.editor, value=Decimal(10 + j),
                      for_date=min(p.ends_on, today), data_source="Survey")
        for m in measures for j, p in enumerate(periods)])
    MeasuredValue.objects.bulk_create([
        MeasuredValue(measure=v.measure, author=people.editor, value=v.value + 1,
                      for_date=v.for_date, corrects=v, correction_reason="Recounted.")
        for v in values[::4]])
    amendment = workflow.amend(plan, by=people.editor)
    return SimpleNamespace(people=people, plan=plan, periods=periods, commitment=rows[-1],
                           measure=measures[-1], value=values[-2], amendment=amendment,
                           editor=signed_in(people.editor), admin=signed_in(people.admin),
                           anonymous=Client())


PAGES = {
    "public progress": lambda w: (w.anonymous, reverse("progress:public", args=[w.plan.pk])),
    "public measure": lambda w: (w.anonymous, reverse("progress:public_measure",
                                                      args=[w.plan.pk, w.measure.pk])),
    "record": lambda w: (w.editor, reverse("progress:record", args=[w.plan.pk])),
    "period": lambda w: (w.editor, reverse("progress:period", args=[w.periods[-1].pk])),
    "update form": lambda w: (w.editor, reverse("progress:update",
                                                args=[w.periods[-1].pk, w.commitment.pk])),
    "value form": lambda w: (w.editor, reverse("progress:value_create", args=[w.measure.pk])),
    "value correction": lambda w: (w.editor, reverse("progress:value_correct",
                                                     args=[w.value.pk])),
    "import": lambda w: (w.editor, reverse("progress:import", args=[w.plan.pk])),
    "import template": lambda w: (w.editor, reverse("progress:import_template",
                                                    args=[w.plan.pk])),
    "schedule": lambda w: (w.admin, reverse("progress:schedule", args=[w.plan.pk])),
    "amended plan (strengthen)": lambda w: (w.editor, w.amendment.get_absolute_url()),
    "signed plan": lambda w: (w.editor, w.plan.get_absolute_url()),
    "dashboard": lambda w: (w.editor, reverse("dashboard")),
}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_the_progress_pages_cost_the_same_for_5_or_50_commitments(django_assert_num_queries):
    small = plan_with_a_record(5, Cadence.ANNUAL)  # 15 measures, 2 periods
    large = plan_with_a_record(50, Cadence.QUARTERLY)  # 150 measures, 8 periods
    assert (len(large.periods), large.plan.commitments.count()) == (8, 50)
    counts = {}
    for page, address in PAGES.items():
        client, url = address(small)
        counts[page] = queries_for(client, url)
        assert counts[page] <= MOST_QUERIES, page
        client, url = address(large)
        with django_assert_num_queries(counts[page]):
            assert client.get(url).status_code == 200, page

    # the large pages show what the counts are about
    public = large.anonymous.get(reverse("progress:public", args=[large.plan.pk]))
    assert public.content.decode().count('<li id="measure-') == 150
    record_page = large.editor.get(reverse("progress:record", args=[large.plan.pk]))
    assert record_page.content.decode().count("50 of 50") == 8
    amended = large.editor.get(large.amendment.get_absolute_url()).content.decode()
    assert amended.count('class="carried-record') == 50
    measure_page = large.anonymous.get(reverse("progress:public_measure",
                                               args=[large.plan.pk, large.measure.pk]))
    assert measure_page.content.decode().count('<circle cx=') == 8 + 1  # 8 dates, baseline


def test_reading_the_record_costs_seven_queries(django_assert_num_queries):
    world = plan_with_a_record(5, Cadence.ANNUAL)
    plan = world.plan
    with django_assert_num_queries(7):
        plan_record = record.read_record(plan)
    assert len(plan_record.commitments) == 5 and len(plan_record.measures) == 15
    assert date(plan.first_year, 1, 1) == plan_record.periods[0].starts_on
