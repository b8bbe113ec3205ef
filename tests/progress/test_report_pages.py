"""Pages kept whole per viewer never show a stale report: a report published shows at once on
the kept public blueprint and on the periods' pages; a report's kept page shows its PDF once
made and a later report once published; a kept report page is served in one query."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plans import export
from progress import reports
from tests.plans.factories import county_people, signed_in, text

from .factories import plan_in_effect

pytestmark = pytest.mark.django_db

ANONYMOUS_CACHED = 1  # no session, no person: the plan with its jurisdiction, which name it


@pytest.fixture
def people():
    return county_people()


@pytest.fixture
def plan(people):
    return plan_in_effect(people, first_year=timezone.localdate().year - 2, years=3)


def test_a_report_published_shows_at_once_on_the_kept_blueprint_page(people, plan):
    visitor, partner = Client(), signed_in(people.partner)
    blueprint = reverse("plans:blueprint", args=[plan.pk])
    for client in (visitor, partner):
        assert "Progress report for" not in text(client.get(blueprint))
    first = plan.reporting_periods.active().first()
    report = reports.publish(first, by=people.editor, seen_missing=True)
    for client in (visitor, partner):
        page = client.get(blueprint).content.decode()
        assert report.get_absolute_url() in page


def test_a_kept_report_page_shows_its_pdf_and_a_later_report(
        people, plan, django_assert_num_queries, django_capture_on_commit_callbacks):
    first, second, _third = plan.reporting_periods.active()
    report = reports.publish(first, by=people.editor, seen_missing=True)
    visitor = Client()
    url = report.get_absolute_url()
    assert "The PDF is being prepared" in text(visitor.get(url))
    with django_assert_num_queries(ANONYMOUS_CACHED):
        assert visitor.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        export.run_export(reports.pdf_job(report).pk)
    assert "Download the PDF" in text(visitor.get(url))

    reports.publish(second, by=people.editor, seen_missing=True)
    page = text(visitor.get(url))
    assert f"A later progress report is published: the report for {second.label}" in page
    assert f"Report for {second.label}, published on" in page


def test_the_kept_report_page_is_each_viewers_own(people, plan):
    report = reports.publish(plan.reporting_periods.active().first(), by=people.editor,
                             seen_missing=True)
    url = report.get_absolute_url()
    assert "Comments on this report" not in text(Client().get(url))
    assert "Comments on this report" in text(signed_in(people.partner).get(url))
    assert "Comments on this report" not in text(signed_in(people.outsider).get(url))
