"""Strengthen: amending a plan in effect shows, beside each commitment carried over, its last
reported status and how its measures went, and flags what was off track or stopped; the
cached plan page follows the record of the version it amends."""

import re

import pytest
from django.urls import reverse

from plans import workflow
from plans.models import Commitment
from progress.models import ProgressStatus
from tests.plans.factories import county_people, signed_in, signed_off, text
from tests.plans.test_queries import CACHED_QUERIES

from .factories import last_year_period, plan_in_effect, update, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return county_people()


def carried_html(html, commitment):
    article = re.search(rf'<article id="commitment-{commitment.pk}".*?</article>', html, re.S)
    assert article, f"no commitment {commitment.pk} on the page"
    record = re.search(r'<div class="carried-record.*?</div>', article.group(0), re.S)
    return record.group(0) if record else ""


def test_amend_links_each_copy_to_the_commitment_it_came_from(people):
    plan = plan_in_effect(people, commitments=3)
    amendment = workflow.amend(plan, by=people.editor)
    pairs = {c.carried_from_id: c for c in Commitment.objects.filter(plan=amendment)}
    for origin in plan.commitments.all():
        assert pairs[origin.pk].local_practice == origin.local_practice


def test_the_amendment_shows_each_commitments_last_status_and_flags_what_went_wrong(people):
    plan = plan_in_effect(people, commitments=3)
    period = last_year_period(plan)
    good, late, stopped = plan.commitments.order_by("principle__number")
    update(good, period, people.editor, ProgressStatus.ON_TRACK, account="Done as planned.")
    value(good.measures.get(), people.editor, 20, period.ends_on)
    update(late, period, people.editor, ProgressStatus.OFF_TRACK, account="Nobody hired.")
    update(stopped, period, people.editor, ProgressStatus.STOPPED, account="Ended.",
           stopped_reason="The state grant ended.")
    value(stopped.measures.get(), people.editor, 11, period.ends_on)
    amendment = workflow.amend(plan, by=people.editor)
    copies = {c.carried_from_id: c for c in amendment.commitments.all()}
    html = signed_in(people.editor).get(amendment.get_absolute_url()).content.decode()

    good_note = text(carried_html(html, copies[good.pk]))
    assert good_note.startswith(f"Version 1 last reported it “On track” for {period.label}.")
    assert "Look at this first" not in good_note
    assert "Latest value 20 % on" in good_note and ": on track." in good_note
    late_note = text(carried_html(html, copies[late.pk]))
    assert late_note.startswith("Look at this first: Version 1 last reported it “Off track”")
    assert "What happened: Nobody hired." in late_note
    assert "No value was measured." in late_note
    stopped_note = text(carried_html(html, copies[stopped.pk]))
    assert "“Stopped”" in stopped_note and "Why it stopped: The state grant ended." in \
        stopped_note
    assert "Behind its path:" in stopped_note and "It was moving toward the target." in \
        stopped_note
    page = text(html)
    assert "What the record of version 1 showed" in page
    assert ("2 commitments were off track, stopped or behind on a measure: look at them "
            "first.") in page
    assert f'href="#commitment-{copies[late.pk].pk}"' in html
    assert reverse("progress:public", args=[plan.pk]) + f"#commitment-{late.pk}" in html


def test_a_commitment_added_in_the_new_version_or_a_version_without_a_record_shows_none(
        people):
    plan = plan_in_effect(people, cadence=None)  # no schedule, nothing recorded
    amendment = workflow.amend(plan, by=people.editor)
    html = signed_in(people.editor).get(amendment.get_absolute_url()).content.decode()
    assert "carried-record" not in html
    assert "What the record of version 1 showed" not in html


def test_the_amended_page_follows_the_record_and_stops_once_it_is_signed(
        people, django_assert_num_queries):
    plan = plan_in_effect(people)
    period, origin = last_year_period(plan), plan.commitments.get()
    amendment = workflow.amend(plan, by=people.editor)
    copy = amendment.commitments.get()
    editor = signed_in(people.editor)
    first = editor.get(amendment.get_absolute_url()).content.decode()
    assert "has no progress update on it" in text(carried_html(first, copy))
    with django_assert_num_queries(CACHED_QUERIES):  # kept whole: served from the cache
        editor.get(amendment.get_absolute_url())
    update(origin, period, people.editor, ProgressStatus.OFF_TRACK)  # moves both keys
    after = editor.get(amendment.get_absolute_url()).content.decode()
    assert "Look at this first: Version 1 last reported it “Off track”" in text(
        carried_html(after, copy))
    # an inline save of the copy answers with its section, the record beside it still
    response = editor.get(reverse("plans:principle_section",
                                  args=[amendment.pk, copy.principle.slug]),
                          headers={"HX-Request": "true"})
    assert "Look at this first" in response.content.decode()
    signed = signed_off(amendment, people)
    assert "carried-record" not in editor.get(signed.get_absolute_url()).content.decode()
