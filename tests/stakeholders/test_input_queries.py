"""The consultation and What we heard pages cost the same number of queries for 5 and for 50
comments (with replies, responses, hidden comments and listening sessions)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stakeholders.models import Disposition, Organization
from tests.factories import OrganizationFactory
from tests.stakeholders.test_consultation import (
    consultation_url,
    example_people,
    heard_url,
    partner_of,
    plan_in_consultation,
    principle,
    signed_in,
)
from tests.stakeholders.test_heard import comment, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return example_people()


MOST_QUERIES = 25


def grow(people, plan, count, start):
    """``count`` more comments from partners of every sector, on the plan, each principle
    and the commitment in turn; each with a reply, every second one answered, every fifth
    hidden; one listening session per five comments."""
    commitment = plan.commitments.get()
    disposition = list(Disposition)
    if not hasattr(people, "voices"):
        people.voices = [
            (partner_of(people.county, organization), organization)
            for organization in (
                OrganizationFactory(jurisdiction=people.county, sector=sector)
                for sector in Organization.Sector
            )
        ]
    for n in range(start, start + count):
        author, organization = people.voices[n % len(people.voices)]
        about = [
            {},
            {"principle": principle(n % 5 + 1)},
            {"commitment": commitment},
        ][n % 3]
        made = comment(
            people,
            plan,
            f"Comment {n}",
            author=author,
            respond=disposition[n % 4] if n % 2 else None,
            reason="Because." if n % 2 else "",
            **about,
        )
        comment(people, plan, f"Reply {n}", parent=made, author=people.editor)
        if n % 5 == 4:
            made.hide(by=people.admin, reason="Off topic.")
            session(people, plan, f"Hall {n}", n + 1, principles=[n % 5 + 1], host=organization)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("page", "who", "shows"),
    [
        # a partner sees a hidden comment as a line; an admin sees it whole, with Hide links
        pytest.param(consultation_url, "partner", "Comment 48", id="consultation-partner"),
        pytest.param(consultation_url, "admin", "Comment 48", id="consultation-admin"),
        # filtered: every filter at once, and the hidden ones for a moderator
        pytest.param(lambda plan: consultation_url(plan) + (
            f"?state=awaiting&topic=principle-{principle(2).pk}&sector=education&q=COMMENT"),
            "partner", "Comment 20", id="consultation-filtered-partner"),
        pytest.param(lambda plan: consultation_url(plan) + "?state=hidden&q=comment",
                     "admin", "Comment 49", id="consultation-hidden-admin"),
        pytest.param(heard_url, "editor", "Comment 48", id="heard-editor"),
    ],
)
def test_input_pages_cost_the_same_for_5_and_50_comments(
    people, page, who, shows, django_assert_num_queries
):
    plan = plan_in_consultation(people)
    client = signed_in(getattr(people, who))
    url = page(plan)
    # Comments 16 to 20, then 21 to 65: both worlds show something on every page (the
    # conversations of a page are read in full, which costs nothing when none is shown).
    grow(people, plan, 5, start=16)
    expected = queries_for(client, url)
    assert expected <= MOST_QUERIES

    grow(people, plan, 45, start=21)

    with django_assert_num_queries(expected):
        response = client.get(url)
    assert shows in response.content.decode()


def test_voices_costs_the_same_for_5_and_50_comments(people, django_assert_num_queries):
    plan = plan_in_consultation(people)
    client = signed_in(people.partner)
    url = reverse("stakeholders:voices", args=[plan.pk])
    grow(people, plan, 5, start=0)
    expected = queries_for(client, url)
    assert expected <= MOST_QUERIES

    grow(people, plan, 45, start=5)

    with django_assert_num_queries(expected):
        client.get(url)
