"""The main pages keep their rendered content in the cache (plans/fragments.py). Whatever a
person changes shows on the next view; what one person may do never leaks to another; each
person's forms carry their own CSRF token; each language has its own copy."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.fragments import CSRF_PLACEHOLDER
from plans.models import Commitment, OutcomeMeasure, PriorityPopulation
from stakeholders.input import Comment, Disposition, ListeningSession, Response

from .factories import (
    CommitmentFactory,
    MeasureFactory,
    PriorityFactory,
    county_people,
    in_consultation,
    new_plan,
    principle,
    signed_in,
    signed_off,
    text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return county_people()


def shown(client, plan):
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    return text(response)


def test_every_change_to_a_plans_content_shows_on_the_next_view(people):
    plan = new_plan(people)
    commitment = CommitmentFactory(plan=plan, local_practice="Youth summer jobs")
    editor = signed_in(people.editor)
    assert "Youth summer jobs" in shown(editor, plan)

    commitment.local_action = "Pay 300 young people."
    commitment.save_unless_changed(commitment.lock_version)
    assert "Pay 300 young people." in shown(editor, plan)

    MeasureFactory(commitment=commitment, indicator="Young people employed")
    assert "Young people employed" in shown(editor, plan)

    measure = OutcomeMeasure.objects.get(indicator="Young people employed")
    measure.indicator = "Young people in work by September"
    measure.save_unless_changed(measure.lock_version)
    assert "Young people in work by September" in shown(editor, plan)

    PriorityFactory(plan=plan, who="Young people aged 16-24")
    assert "Young people aged 16-24" in shown(editor, plan)

    priority = PriorityPopulation.objects.get(plan=plan)
    editor.post(reverse("plans:priority_remove", args=[priority.pk]))
    assert "“Young people aged 16-24 — Eastside” is removed." in shown(editor, plan)
    assert "Young people aged 16-24" not in shown(editor, plan)

    editor.post(reverse("plans:commitment_remove", args=[commitment.pk]))
    assert Commitment.objects.current().filter(plan=plan).count() == 0
    assert "“Youth summer jobs” is removed." in shown(editor, plan)
    assert "Youth summer jobs" not in shown(editor, plan)

    plan.vision = "Every young person has a summer job."
    plan.save_unless_changed(plan.lock_version)
    assert "Every young person has a summer job." in shown(editor, plan)


def test_what_an_editor_may_do_never_shows_to_a_partner(people):
    plan = new_plan(people)
    CommitmentFactory(plan=plan, local_practice="Youth summer jobs")
    assert "Edit Youth summer jobs" in shown(signed_in(people.editor), plan)

    seen = shown(signed_in(people.partner), plan)

    assert "Youth summer jobs" in seen
    assert "Edit Youth summer jobs" not in seen
    assert "Remove Youth summer jobs" not in seen


def test_a_status_change_shows_at_once(people):
    plan = new_plan(people)
    CommitmentFactory(plan=plan, local_practice="Youth summer jobs")
    editor = signed_in(people.editor)
    assert "Edit Youth summer jobs" in shown(editor, plan)

    signed = signed_off(plan, people)

    seen = shown(editor, signed)
    assert "Edit Youth summer jobs" not in seen
    assert "Youth summer jobs" in seen


def csrf_tokens(html):
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_each_person_posts_with_their_own_csrf_token(people):
    plan = new_plan(people)
    first, second = (
        CommitmentFactory(plan=plan, local_practice=name, principle=principle(1))
        for name in ("First", "Second")
    )
    editor = Client(enforce_csrf_checks=True)
    editor.force_login(people.editor)
    other = Client(enforce_csrf_checks=True)
    other.force_login(people.other_editor)

    for client in (editor, other):
        html = client.get(plan.get_absolute_url()).content.decode()
        assert CSRF_PLACEHOLDER not in html
        token = csrf_tokens(html)[-1]
        response = client.post(
            reverse("plans:commitment_move", args=[second.pk, "up"]),
            {"csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302, response.status_code
        first, second = second, first


def test_each_language_has_its_own_copy(people):
    plan = new_plan(people)
    CommitmentFactory(plan=plan, local_practice="Youth summer jobs")
    client = signed_in(people.editor)
    assert "Commitments by principle" in shown(client, plan)

    client.cookies["django_language"] = "es"
    seen = shown(client, plan)

    assert "Commitments by principle" not in seen
    assert "Youth summer jobs" in seen


def heard(client, plan):
    response = client.get(reverse("stakeholders:heard", args=[plan.pk]))
    assert response.status_code == 200
    return text(response)


def test_what_was_heard_shows_every_change_on_the_next_view(people):
    plan = in_consultation(new_plan(people), people.editor)
    CommitmentFactory(plan=plan, local_practice="Youth summer jobs")
    client = signed_in(people.partner)
    assert "0 comments" in heard(client, plan)

    comment = Comment.objects.create(plan=plan, author=people.partner, body="More jobs, please.")
    assert "More jobs, please." in heard(client, plan)

    Response.objects.create(
        comment=comment, disposition=Disposition.ADOPTED, text="Done: 300 jobs.",
        responded_by=people.editor,
    )
    assert "Done: 300 jobs." in heard(client, plan)

    session = ListeningSession.objects.create(
        plan=plan, held_on=plan.consultation_opens, place="Library hall", attendees=30,
        summary="Jobs and parks.", recorded_by=people.editor,
    )
    assert "Library hall" in heard(client, plan)

    session.principles.set([principle(2)])
    assert "Listening sessions that touched this: Library hall" in heard(client, plan)

    comment.hide(by=people.admin, reason="Names a person.")
    seen = heard(client, plan)
    assert "More jobs, please." not in seen
    assert "1 comment was hidden by a moderator." in seen


def test_a_second_view_renders_the_content_from_the_cache(people):
    plan = new_plan(people)
    for n in range(5):
        CommitmentFactory(plan=plan, local_practice=f"Practice {n}", principle=principle(n + 1))
    editor = signed_in(people.editor)
    with CaptureQueriesContext(connection) as first:
        assert editor.get(plan.get_absolute_url()).status_code == 200
    with CaptureQueriesContext(connection) as second:
        page = shown(editor, plan)

    assert all(f"Practice {n}" in page for n in range(5))
    assert len(second) < len(first)
    assert not any("plans_commitment" in q["sql"] for q in second.captured_queries)
