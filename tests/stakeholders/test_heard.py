"""What we heard (/plans/<pk>/heard/): counts per disposition and per principle, listening
sessions beside comments; and Voices (/plans/<pk>/voices/): which sectors took part."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stakeholders.models import Comment, Disposition, ListeningSession, Organization, Response
from tests.factories import OrganizationFactory
from tests.stakeholders.test_consultation import (
    example_people,
    heard_url,
    plan_in_consultation,
    principle,
    sections,
    signed_in,
    text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return example_people()


AWAITING = "Awaiting an official answer"


def table(response, caption):
    """The rows of the table with this caption, as lists of cell texts."""
    html = response.content.decode()
    body = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]  # past the header
    return [
        [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows
    ]


def counts(response, caption):
    """{row heading: the count columns as ints}."""
    return {
        row[0]: [int(n) for n in row[1:]] if len(row) > 2 else int(row[1])
        for row in table(response, caption)
    }


def comment(people, plan, body, author=None, respond=None, reason="", **about):
    made = Comment.objects.create(plan=plan, author=author or people.partner, body=body, **about)
    if respond:
        Response.objects.create(
            comment=made,
            disposition=respond,
            text=f"On {body}",
            reason=reason,
            responded_by=people.editor,
        )
    return made


def session(people, plan, place, attendees, principles=(), host=None, days_ago=10):
    made = ListeningSession.objects.create(
        plan=plan,
        held_on=timezone.localdate() - timedelta(days=days_ago),
        place=place,
        host=host,
        attendees=attendees,
        summary=f"What {place} said.",
        recorded_by=people.editor,
    )
    made.principles.set(principle(n) for n in principles)
    return made


@pytest.fixture
def heard(people):
    """A plan with input of every kind: see the counts each test expects."""
    plan = plan_in_consultation(people)
    commitment = plan.commitments.get()  # under principle 2
    comment(people, plan, "Whole plan, adopted.", respond=Disposition.ADOPTED)
    on_one = comment(
        people, plan, "P1, partly.", respond=Disposition.PARTLY_ADOPTED, principle=principle(1)
    )
    comment(people, plan, "Reply under P1.", parent=on_one, author=people.editor)
    comment(
        people,
        plan,
        "On the commitment, not adopted.",
        respond=Disposition.NOT_ADOPTED,
        reason="No budget this year.",
        commitment=commitment,
    )
    noted = comment(
        people,
        plan,
        "P2, noted.",
        respond=Disposition.NOTED,
        principle=principle(2),
        author=people.neighbour,
    )
    comment(people, plan, "P3, waiting.", principle=principle(3), author=people.admin)
    hidden = comment(
        people, plan, "Hidden, adopted.", respond=Disposition.ADOPTED, principle=principle(2)
    )
    hidden.hide(by=people.admin, reason="Names a person.")
    hidden_reply = comment(people, plan, "Hidden reply.", parent=noted)
    hidden_reply.hide(by=people.admin, reason="Rude.")
    session(people, plan, "Eastside Community Center", 64, principles=[1, 2], host=people.youth)
    session(people, plan, "Online", 23)
    return plan


def test_counts_per_disposition_leave_hidden_comments_out(people, heard):
    page = signed_in(people.neighbour).get(heard_url(heard))

    assert counts(page, "Comments by disposition") == {
        "Adopted": 1,
        "Partly adopted": 1,
        "Not adopted": 1,
        "Noted": 1,
        AWAITING: 1,  # the comment on principle 3: a reply waits for no answer of its own
    }


def test_counts_per_principle_put_commitments_and_replies_under_their_principle(people, heard):
    page = signed_in(people.neighbour).get(heard_url(heard))

    assert counts(page, "Input by principle") == {
        # principle: [comments, listening sessions]
        "The whole plan": [1, 1],  # a session touching no principle counts for the plan
        principle(1).short_name: [2, 1],  # the comment and its reply
        principle(2).short_name: [2, 1],  # the comment on its commitment, and one comment
        principle(3).short_name: [1, 0],
        principle(4).short_name: [0, 0],
        principle(5).short_name: [0, 0],
    }


def test_the_summary_counts_comments_sessions_attendees_and_hidden_comments(people, heard):
    page = signed_in(people.neighbour).get(heard_url(heard))

    assert (
        "6 comments and 2 listening sessions with 87 attendees. "
        "2 comments were hidden by a moderator."
    ) in text(page)
    assert "Hidden, adopted." not in text(page) and "Hidden reply." not in text(page)


def test_input_is_listed_by_principle_with_its_disposition(people, heard):
    page = signed_in(people.neighbour).get(heard_url(heard))
    by_heading = {heading: text(html) for heading, html in sections(page).items()}

    second = by_heading[f"2. {principle(2).name}"]
    assert "On the commitment, not adopted." in second
    assert "on “Youth summer jobs”" in second
    assert "Not adopted On On the commitment, not adopted. (reason: No budget this year.)" in (
        second
    )
    assert "Noted On P2, noted." in second
    assert f"{AWAITING}" in by_heading[f"3. {principle(3).name}"]
    assert "Adopted On Whole plan, adopted." in by_heading["The whole plan"]
    assert "No comment." in by_heading[f"4. {principle(4).name}"]
    assert (
        "Listening sessions that touched this: Eastside Community Center"
        in by_heading[f"1. {principle(1).name}"]
    )


def test_listening_sessions_are_listed_beside_comments(people, heard):
    page = signed_in(people.partner).get(heard_url(heard))
    listed = text(sections(page)["Listening sessions and meetings"])

    assert "Eastside Community Center" in listed and "Online" in listed
    assert "64 attendees · hosted by Example Youth Alliance" in listed
    assert f"{principle(1).short_name}, {principle(2).short_name}" in listed
    assert "What Online said." in listed
    assert listed.index("Eastside Community Center") < listed.index("Online · ")  # newest first
    assert "Record a listening session" not in listed  # partners do not record them


def test_an_empty_plan_has_nothing_heard_yet(people):
    plan = plan_in_consultation(people)

    page = signed_in(people.partner).get(heard_url(plan))

    assert "0 comments and 0 listening sessions with 0 attendees." in text(page)
    assert "hidden by a moderator" not in text(page)
    assert "No listening session is recorded yet." in text(page)
    assert set(counts(page, "Comments by disposition").values()) == {0}


def test_the_counts_per_principle_add_up_to_the_total(people):
    plan = plan_in_consultation(people)
    hidden = comment(people, plan, "Hidden.", principle=principle(1))
    comment(people, plan, "A reply to it.", parent=hidden, author=people.editor)
    hidden.hide(by=people.admin, reason="Names a person.")

    page = signed_in(people.partner).get(heard_url(plan))

    per_principle = sum(n for n, _ in counts(page, "Input by principle").values())
    per_disposition = sum(counts(page, "Comments by disposition").values())
    total = int(re.search(r"(\d+) comments? and", text(page)).group(1))
    assert per_principle == per_disposition == total


# --- voices --------------------------------------------------------------------------------


def voices(people, plan, who="partner"):
    page = signed_in(getattr(people, who)).get(reverse("stakeholders:voices", args=[plan.pk]))
    assert page.status_code == 200
    found = sections(page)
    took_part = re.findall(r"<li>(.*?)</li>", found["Took part"], re.S)
    not_heard = re.findall(r"<li>(.*?)</li>", found["Not heard yet"], re.S)
    return [text(item) for item in took_part], [text(item) for item in not_heard]


SECTORS = [label for value, label in Organization.Sector.choices if value != "other"]


def test_sectors_of_commenting_partners_and_session_hosts_took_part(people):
    plan = plan_in_consultation(people)
    health = OrganizationFactory(
        jurisdiction=people.county, name="County Clinic", sector=Organization.Sector.PUBLIC_HEALTH
    )
    comment(people, plan, "From the youth alliance.")
    comment(people, plan, "From the editor, who speaks for no organization.", author=people.editor)
    session(people, plan, "Clinic", 12, host=health)

    took_part, not_heard = voices(people, plan)

    assert took_part == [
        "Public health: County Clinic",
        "Youth: Example Youth Alliance",
    ]
    assert not_heard == [s for s in SECTORS if s not in {"Public health", "Youth"}]
    assert "Faith" in not_heard  # the neighbour's network has not commented


def test_a_partner_whose_only_comment_was_hidden_was_not_heard(people):
    plan = plan_in_consultation(people)
    hidden = comment(people, plan, "Names a person.", author=people.neighbour)
    hidden.hide(by=people.admin, reason="Names a person.")
    comment(people, plan, "Heard.", author=people.partner)

    took_part, not_heard = voices(people, plan)

    assert took_part == ["Youth: Example Youth Alliance"]
    assert "Faith" in not_heard


def test_before_any_input_no_sector_took_part(people):
    plan = plan_in_consultation(people)

    took_part, not_heard = voices(people, plan, who="signatory")

    assert took_part == ["No sector yet."]
    assert not_heard == SECTORS


def test_only_comments_in_sight_wait_for_an_answer_not_replies_nor_hidden_ones(people):
    plan = plan_in_consultation(people)
    listed = comment(people, plan, "Please fund youth jobs.")
    comment(people, plan, "Seconded.", parent=listed, author=people.neighbour)
    hidden = comment(people, plan, "Names a neighbour.", author=people.neighbour)
    comment(people, plan, "Reply to the hidden one.", parent=hidden, author=people.editor)
    hidden.hide(by=people.admin, reason="Names a person.")

    page = signed_in(people.editor).get(heard_url(plan))

    assert counts(page, "Comments by disposition")[AWAITING] == 1
    assert text(page).count(AWAITING) == 2  # the count's row and the one comment listed
    assert "Names a neighbour." not in page.content.decode()
    assert "Reply to the hidden one." not in page.content.decode()
    assert "2 comments and 0 listening sessions" in text(page)  # the comment and its reply
