"""The demo's signed version 1 has two reported periods, with an update per commitment and a
value per measure, so that every chart has something to show; seeding again adds nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import OutcomeMeasure, Plan, Status
from progress.models import MeasuredValue, ProgressReport, ProgressUpdate
from stakeholders.models import Comment, User
from tests.plans.factories import signed_in, text
from tests.plans.test_demo import fast_password_hashing, seed  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_the_demo_plan_in_effect_has_two_reported_periods_and_every_chart_a_line(settings):
    settings.DEBUG = True
    output = seed()
    plan = Plan.objects.get(jurisdiction__slug="example-county", version=1,
                            status=Status.SIGNED_OFF)
    assert "2 reported periods" in output
    periods = list(plan.reporting_periods.active())
    reported = [p for p in periods if ProgressUpdate.objects.filter(period=p).exists()]
    assert len(reported) == 2
    commitments = plan.commitments.filter(removed_at__isnull=True)
    for period in reported:
        assert ProgressUpdate.objects.current().filter(period=period).count() == \
            commitments.count()
    measures = OutcomeMeasure.objects.filter(commitment__plan=plan)
    visitor = Client()
    for measure in measures:
        assert MeasuredValue.objects.current().filter(measure=measure).count() == 2
        html = visitor.get(reverse("progress:public_measure", args=[plan.pk, measure.pk]))
        assert html.content.decode().count('<polyline class="chart-values"') == 1
    assert MeasuredValue.objects.filter(correction__isnull=False).count() == 1  # one corrected
    public = text(visitor.get(reverse("progress:public", args=[plan.pk])))
    assert "Off track: 1" in public and "spent in" in public

    again = seed()
    assert "0 updates and values recorded" in again
    assert ProgressUpdate.objects.count() == 2 * commitments.count()

    # the amendment in consultation starts from what the record showed
    amendment = Plan.objects.get(previous=plan)
    official = User.objects.get(username="official")
    page = text(signed_in(official).get(amendment.get_absolute_url()))
    assert "What the record of version 1 showed" in page
    assert "Look at this first: Version 1 last reported it “Off track”" in page


def test_the_demo_publishes_the_first_reported_periods_report_once(settings):
    settings.DEBUG = True
    output = seed()
    plan = Plan.objects.get(jurisdiction__slug="example-county", version=1,
                            status=Status.SIGNED_OFF)
    first, second = [p for p in plan.reporting_periods.active()
                     if ProgressUpdate.objects.filter(period=p).exists()]
    report = ProgressReport.objects.get()
    assert report.period == first and report.published_by.username == "official"
    assert f"Progress report for {first.label} published." in output
    assert not ProgressReport.objects.filter(period=second).exists()  # left to publish
    assert Comment.objects.filter(report=report, author__username="partner").count() == 1
    portal = text(Client().get(reverse("plans:portal")))
    assert f"Progress report for {first.label}, published on" in portal

    again = seed()
    assert f"Progress report for {first.label} was published already." in again
    assert ProgressReport.objects.count() == 1
    assert Comment.objects.filter(report=report).count() == 1
