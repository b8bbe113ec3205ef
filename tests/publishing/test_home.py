"""The home page says what the planner is for and what is in it: the figures of the
blueprints in force, the latest of them with their jurisdiction and date, and a way in for
each kind of visitor; only what is published counts, at a constant cost in queries."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from plans.models import Plan
from stakeholders.models import Role
from tests.factories import JurisdictionFactory, example_county, member, sample_city
from tests.publishing.factories import amend, commit, plan_in_review, sign_off, visible_text

pytestmark = pytest.mark.django_db


def blueprint(jurisdiction, title, budgets=()):
    """A signed blueprint: a Blueprint practice under principle 1 ($100,000 a year) and a
    local practice for each of ``budgets``."""
    story = plan_in_review(jurisdiction, title=title)
    for number, budget in enumerate(budgets, start=2):
        commit(story.plan, number, local=f"Practice {number}", budget=budget)
    return sign_off(story)


def figures(text):
    return re.search(r"In the blueprints in force (.*?) Latest published", text).group(1)


def test_the_figures_count_only_blueprints_in_force(client):
    county = blueprint(example_county(), "Example County Safety Plan",
                       ("250000", "1000000", "50000"))
    blueprint(sample_city(), "Sample City Safety Plan", ("400000",))
    newer = amend(county)  # v1 is superseded: its commitments count no more
    assert Plan.objects.get(pk=county.plan.pk).status == "superseded"
    commit(plan_in_review(JurisdictionFactory(name="Draft County"), title="A draft").plan,
           2, local="Unsigned", budget="9000000")

    text = visible_text(client.get("/"))

    assert figures(text) == (
        "2 jurisdictions with a signed blueprint "
        "6 commitments, each with its lead agency and budget "
        "$1,900,000 planned each year for prevention, health and healing")
    assert newer.plan.version == 2


def test_the_latest_blueprints_show_their_jurisdiction_date_and_size(client):
    story = blueprint(example_county(), "Example County Safety Plan", ("250000", "50000"))
    signed_on = date_format(timezone.localtime(story.plan.snapshot.created_at))

    response = client.get("/")
    text = visible_text(response)

    assert (f"Example County Example County Safety Plan version 1, 2027–2030 · signed off on "
            f"{signed_on} 3 commitments $400,000 planned a year") in text
    assert f'href="{reverse("plans:blueprint", args=[story.plan.pk])}"' in response.text


def test_each_kind_of_visitor_finds_a_way_in(client):
    text = visible_text(client.get("/"))
    for way in ("Residents", "Find your blueprint", "Community partners", "Sign in to comment",
                "Officials and agencies", "Sign in to plan", "Anyone checking a document",
                "Check a blueprint PDF"):
        assert way in text
    assert "No blueprint is published yet." in text

    client.force_login(member(example_county(), Role.PARTNER))
    signed_in = visible_text(client.get("/"))
    assert "Open consultations on your dashboard" in signed_in
    assert "Sign in to comment" not in signed_in


def test_the_home_page_costs_the_same_for_one_blueprint_or_eight(
        client, django_assert_num_queries):
    blueprint(example_county(), "Example County Safety Plan", ("1",))
    with django_assert_num_queries(3):  # the figures, the latest blueprints, the principles
        assert client.get("/").status_code == 200
    for n in range(7):
        blueprint(JurisdictionFactory(name=f"County {n}"), f"Plan {n}", ("1", "2", "3"))
    with django_assert_num_queries(3):
        text = visible_text(client.get("/"))
    assert "8 jurisdictions with a signed blueprint 30 commitments" in text
    assert text.count("signed off on") == 6  # the latest six; the portal lists them all
