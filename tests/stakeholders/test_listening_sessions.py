"""Editors record listening sessions (date, place, format, host, attendees, summary, the
principles touched) and they appear in What we heard."""

from datetime import date

import pytest
from django.urls import reverse

from stakeholders.models import ListeningSession
from tests.factories import OrganizationFactory, member, sample_city
from tests.stakeholders.test_consultation import (
    example_people,
    heard_url,
    plan_in_consultation,
    plan_in_revision,
    principle,
    sections,
    signed_in,
    text,
)
from tests.stakeholders.test_heard import counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return example_people()


def new_session_url(plan):
    return reverse("stakeholders:session_create", args=[plan.pk])


def edit_url(session):
    return reverse("stakeholders:session_edit", args=[session.pk])


def form_data(people, **changes):
    return {
        "held_on": "2026-03-14",
        "place": "Eastside Community Center",
        "format": "hybrid",
        "host": people.youth.pk,
        "attendees": "64",
        "summary": "Young people asked for safe places after school.",
        "principles": [principle(2).pk, principle(4).pk],
    } | changes


def test_an_editor_records_a_session_and_it_appears_in_what_we_heard(people):
    plan = plan_in_consultation(people)
    editor = signed_in(people.editor)
    heard = editor.get(heard_url(plan))
    assert new_session_url(plan) in heard.content.decode()
    form = editor.get(new_session_url(plan))
    assert form.status_code == 200
    assert people.youth.name in text(form)

    response = editor.post(new_session_url(plan), form_data(people))

    assert response["Location"] == f"{heard_url(plan)}#sessions"
    session = ListeningSession.objects.get()
    assert (session.plan, session.recorded_by, session.held_on) == (
        plan,
        people.editor,
        date(2026, 3, 14),
    )
    assert set(session.principles.all()) == {principle(2), principle(4)}
    page = signed_in(people.partner).get(heard_url(plan))
    listed = text(sections(page)["Listening sessions and meetings"])
    assert "Eastside Community Center · March 14, 2026 · Hybrid" in listed
    assert "64 attendees · hosted by Example Youth Alliance" in listed
    assert "Young people asked for safe places after school." in listed
    by_principle = counts(page, "Input by principle")
    assert by_principle[principle(2).short_name] == [0, 1]
    assert by_principle[principle(4).short_name] == [0, 1]
    assert by_principle[principle(1).short_name] == [0, 0]
    assert "0 comments and 1 listening session with 64 attendees." in text(page)
    assert "The listening session is saved." in text(editor.get(heard_url(plan)))


def test_host_and_principles_are_optional(people):
    plan = plan_in_consultation(people)

    signed_in(people.editor).post(
        new_session_url(plan), form_data(people, host="", principles=[], format="online")
    )

    session = ListeningSession.objects.get()
    assert session.host is None and not session.principles.exists()
    page = signed_in(people.partner).get(heard_url(plan))
    assert counts(page, "Input by principle")["The whole plan"] == [0, 1]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"attendees": "0"}, "A session has at least one attendee."),
        ({"attendees": "-3"}, "A session has at least one attendee."),
        ({"attendees": "100001"}, "That is more people than a session holds: check the number."),
        ({"attendees": "many"}, "Enter a whole number."),
        ({"place": ""}, "This field is required."),
        ({"summary": ""}, "This field is required."),
        ({"held_on": "14/03/2026x"}, "Enter a valid date."),
        ({"format": "by pigeon"}, "Select a valid choice."),
    ],
    ids=[
        "no attendee",
        "negative",
        "too many",
        "not a number",
        "no place",
        "no summary",
        "bad date",
        "bad format",
    ],
)
def test_the_session_form_says_what_is_wrong(people, changes, message):
    plan = plan_in_consultation(people)

    page = signed_in(people.editor).post(new_session_url(plan), form_data(people, **changes))

    assert page.status_code == 200
    assert message in text(page)
    assert not ListeningSession.objects.exists()


def test_the_host_is_an_organization_of_the_jurisdiction(people):
    plan = plan_in_consultation(people)
    elsewhere = OrganizationFactory(jurisdiction=sample_city(), name="Sample City Youth")
    editor = signed_in(people.editor)

    assert "Sample City Youth" not in text(editor.get(new_session_url(plan)))
    page = editor.post(new_session_url(plan), form_data(people, host=elsewhere.pk))

    assert "Select a valid choice." in text(page)
    assert not ListeningSession.objects.exists()


def test_an_editor_corrects_a_session(people):
    plan = plan_in_consultation(people)
    editor = signed_in(people.editor)
    editor.post(new_session_url(plan), form_data(people))
    session = ListeningSession.objects.get()
    assert edit_url(session) in editor.get(heard_url(plan)).content.decode()

    response = editor.post(edit_url(session), form_data(people, attendees="71", principles=[]))

    assert response["Location"] == f"{heard_url(plan)}#sessions"
    session.refresh_from_db()
    assert session.attendees == 71 and not session.principles.exists()
    assert session.history.count() == 2
    assert "71 attendees" in text(signed_in(people.partner).get(heard_url(plan)))


def test_sessions_are_recorded_after_consultation_closes_too(people):
    plan = plan_in_revision(people)

    response = signed_in(people.editor).post(new_session_url(plan), form_data(people))

    assert response.status_code == 302
    assert ListeningSession.objects.filter(plan=plan).exists()


@pytest.mark.parametrize("who", ["partner", "admin", "signatory", "site_admin"])
def test_only_editors_record_sessions(people, who):
    plan = plan_in_consultation(people)
    client = signed_in(getattr(people, who))

    assert new_session_url(plan) not in client.get(heard_url(plan)).content.decode()
    refused = client.post(new_session_url(plan), form_data(people))

    assert refused.status_code == 403
    assert "Only editors record listening sessions, until the plan is signed off." in text(refused)
    assert not ListeningSession.objects.exists()


def test_editors_of_another_jurisdiction_do_not_find_the_plan(people):
    plan = plan_in_consultation(people)
    stranger = member(sample_city())

    assert signed_in(stranger).post(new_session_url(plan), form_data(people)).status_code == 404
    assert not ListeningSession.objects.exists()
