"""The report pages cost the same number of queries for a small plan and a large one (5
commitments, 15 measures and 2 periods, or 50 commitments, 150 measures and 8 periods, each
period with an update per commitment, some corrected, and a value per measure); so does
freezing a report's content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from progress import reports
from progress.models import Cadence
from stakeholders.models import Comment

from .test_queries import MOST_QUERIES, plan_with_a_record

pytestmark = pytest.mark.django_db

PAGES = {
    "publish": lambda w: (w.editor, reverse("progress:publish", args=[w.periods[0].pk])),
    "period with its report": lambda w: (w.editor, reverse("progress:period",
                                                           args=[w.periods[0].pk])),
    "public report": lambda w: (w.anonymous, w.report.get_absolute_url()),
    "public report, signed in": lambda w: (w.editor, w.report.get_absolute_url()),
    "report comments": lambda w: (w.editor, w.report.get_comments_url()),
    "portal": lambda w: (w.anonymous, reverse("plans:portal")),
    "blueprint": lambda w: (w.anonymous, reverse("plans:blueprint", args=[w.plan.pk])),
}
BEFORE_PUBLISHING = {"publish"}


def world(commitments, cadence):
    w = plan_with_a_record(commitments, cadence)
    w.today = timezone.localdate()
    return w


def publish(w):
    w.report = reports.publish(w.periods[0], by=w.people.editor, seen_missing=True)
    for n in range(3):
        comment = Comment.objects.create(plan=w.plan, report=w.report, author=w.people.partner,
                                         body=f"Question {n}.")
        Comment.objects.create(plan=w.plan, report=w.report, author=w.people.editor,
                               parent=comment, body="An answer.")


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_the_report_pages_cost_the_same_for_5_or_50_commitments():
    small = world(5, Cadence.ANNUAL)  # 15 measures, 2 periods
    large = world(50, Cadence.QUARTERLY)  # 150 measures, 8 periods
    assert (len(large.periods), large.plan.commitments.count()) == (8, 50)
    counts = {}
    for stage in ("before", "after"):
        if stage == "after":
            publish(small)
            publish(large)
        for page, address in PAGES.items():
            if (page in BEFORE_PUBLISHING) != (stage == "before"):
                continue
            small_client, small_url = address(small)
            large_client, large_url = address(large)
            # rendered, then kept (where the page is kept): equal at both sizes each time
            for attempt in ("rendered", "again"):
                counts[page, attempt] = count(small_client, small_url)
                assert counts[page, attempt] <= MOST_QUERIES, (page, attempt)
                assert count(large_client, large_url) == counts[page, attempt], (page, attempt)
    assert counts["public report", "again"] == 1  # kept whole: the plan names the page

    page = large.anonymous.get(large.report.get_absolute_url()).content.decode()
    assert page.count('<svg class="line-chart"') == 150
    assert page.count('class="report-commitment') == 50


def test_freezing_a_report_costs_the_same_for_5_or_50_commitments(django_assert_num_queries):
    small, large = world(5, Cadence.ANNUAL), world(50, Cadence.QUARTERLY)
    at = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        reports.report_content(small.plan, small.periods[0], by=small.people.editor, at=at)
    with django_assert_num_queries(len(queries)):
        content = reports.report_content(large.plan, large.periods[0], by=large.people.editor,
                                         at=at)
    assert sum(len(p["commitments"]) for p in content["principles"]) == 50
