"""The plan's main pages cost the same number of queries for 5 or for 50 commitments."""

import re
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans import workflow
from plans.models import Commitment
from stakeholders.input import Comment, Disposition, Response
from stakeholders.models import Role
from tests.factories import JurisdictionFactory, member

from .factories import (
    CommitmentFactory,
    MeasureFactory,
    PriorityFactory,
    practice_of,
    principle,
    signed_in,
)

pytestmark = pytest.mark.django_db

MOST_QUERIES = 25


def county_with_plans(size):
    """A county whose signed v1 holds ``size`` commitments (3 measures each) spread over
    the principles, and whose v2 amends it: each commitment changed, one added."""
    county = JurisdictionFactory()
    editor = member(county, Role.EDITOR)
    signatories = [member(county, Role.SIGNATORY) for _ in range(2)]
    v1 = workflow.create_plan(
        jurisdiction=county,
        by=editor,
        title="Plan",
        first_year=2027,
        last_year=2030,
        vision="Safe.",
        enforcement_spending=Decimal("1000000"),
        incarceration_spending=Decimal("2000000"),
    )
    PriorityFactory(plan=v1)
    PriorityFactory(plan=v1)
    for n in range(size):
        number = n % 5 + 1
        commitment = CommitmentFactory(
            plan=v1,
            principle=principle(number),
            practice=practice_of(number) if n % 2 else None,
            local_practice="" if n % 2 else f"Local practice {n}",
            annual_budget=Decimal(1000 * (n + 1)),
        )
        for _ in range(3):
            MeasureFactory(commitment=commitment)
    today = timezone.localdate()
    v1 = workflow.open_consultation(v1, by=editor, opens=today, closes=today + timedelta(days=5))
    partner = member(county, Role.PARTNER)
    for commitment in Commitment.objects.filter(plan=v1):  # counted on the plan page
        said = Comment.objects.create(plan=v1, author=partner, commitment=commitment,
                                      body="More, please.")
        Comment.objects.create(plan=v1, author=editor, parent=said, body="We will.")
        Comment.objects.create(plan=v1, author=partner, principle=commitment.principle,
                               body="And here.")
    workflow.close_consultation(v1, by=editor, seen_unfinished=True)
    v1 = workflow.request_signoff(v1, by=editor, seen_unfinished=True)
    for person in signatories:
        v1 = workflow.sign(v1, by=person)
    v2 = workflow.amend(v1, by=editor)
    v2.vision = "Safe and well."
    v2.save()
    for commitment in Commitment.objects.filter(plan=v2):
        commitment.local_action = f"{commitment.local_action} More."
        commitment.save()
    CommitmentFactory(plan=v2, principle=principle(2), local_practice="Added in v2")
    return SimpleNamespace(client=signed_in(editor), v1=v1, v2=v2)


def queries_for(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


PAGES = {
    "plan page (draft v2)": lambda world: (world.v2.get_absolute_url(), None),
    "plan page (signed v1)": lambda world: (world.v1.get_absolute_url(), None),
    "history": lambda world: (reverse("plans:history", args=[world.v2.pk]), None),
    "compare with the signed snapshot": lambda world: (
        reverse("plans:compare", args=[world.v2.pk]),
        None,
    ),
    "compare two live versions": lambda world: (
        reverse("plans:compare", args=[world.v2.pk]),
        {"left": f"plan-{world.v1.pk}", "right": f"plan-{world.v2.pk}"},
    ),
}


def test_the_plan_pages_cost_the_same_for_5_and_50_commitments(django_assert_num_queries):
    """The plan page, its history and the comparison of versions: one count each, measured
    with 5 commitments and held with 50 (each commitment with 3 measures)."""
    small, large = county_with_plans(5), county_with_plans(50)
    counts = {}
    for page, address in PAGES.items():
        url, params = address(small)
        counts[page] = queries_for(small.client, url, params)
        assert counts[page] <= MOST_QUERIES, page
        url, params = address(large)
        with django_assert_num_queries(counts[page]):
            assert large.client.get(url, params).status_code == 200, page

    # The large plan really shows what the counts are about.
    page = large.client.get(large.v2.get_absolute_url()).content.decode()
    assert page.count('class="card mb-2 commitment"') == 51
    assert page.count('<li id="measure-') == 150
    signed = large.client.get(large.v1.get_absolute_url()).content.decode()
    assert signed.count('2 comments<span class="visually-hidden"> on ') == 50
    assert signed.count("30 comments on this principle or its commitments") == 5
    history = large.client.get(reverse("plans:history", args=[large.v2.pk])).content.decode()
    assert history.count("More.</ins>") == 50
    compare = large.client.get(reverse("plans:compare", args=[large.v2.pk])).content.decode()
    assert compare.count('class="diff-row diff-changed"') == 51  # 50 local actions, the vision


# A page seen before by the same person: the session, the person, their roles, and the plan
# with its jurisdiction, which name the page kept whole (plans.fragments.page).
CACHED_QUERIES = 4


def test_a_page_seen_before_costs_four_queries_at_any_size(django_assert_num_queries):
    small, large = county_with_plans(5), county_with_plans(50)
    for world in (small, large):
        addresses = [PAGES[page](world) for page in (
            "plan page (draft v2)", "plan page (signed v1)",
            "compare with the signed snapshot", "compare two live versions")]
        addresses.append((reverse("stakeholders:heard", args=[world.v1.pk]), None))
        for url, params in addresses:
            first = world.client.get(url, params).content.decode()
            with django_assert_num_queries(CACHED_QUERIES):
                again = world.client.get(url, params).content.decode()
            assert again != first  # each answer carries a token masked anew
            assert without_token(again) == without_token(first), url


def without_token(html):
    """The page but for its CSRF token, which is masked anew on each answer."""
    return re.sub(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', "", html)


# --- the stage stepper and the check before a step --------------------------------------------


def plan_with_loose_ends(size):
    """A plan in consultation with ``size`` commitments under four of the five principles,
    some without a measure, a budget or a timeline within the plan's period, and ``2 *
    size`` comments, half of them answered: something of every finding, growing with it."""
    county = JurisdictionFactory()
    editor = member(county, Role.EDITOR)
    partner = member(county, Role.PARTNER)
    for _ in range(2):
        member(county, Role.SIGNATORY)
    plan = workflow.create_plan(jurisdiction=county, by=editor, title="Plan", first_year=2027,
                                last_year=2030)
    for n in range(size):
        commitment = CommitmentFactory(
            plan=plan, principle=principle(n % 4 + 1),
            annual_budget=None if n % 4 == 0 else Decimal(1000),
            starts_on=date(2026, 1, 1) if n % 5 == 0 else None)
        if n % 3:
            MeasureFactory(commitment=commitment)
    today = timezone.localdate()
    plan = workflow.open_consultation(plan, by=editor, opens=today,
                                      closes=today + timedelta(days=5))
    for n in range(2 * size):
        comment = Comment.objects.create(plan=plan, author=partner, body=f"Comment {n}.")
        if n % 2:
            Response.objects.create(comment=comment, disposition=Disposition.NOTED,
                                    text="Thanks.", responded_by=editor)
    return SimpleNamespace(client=signed_in(editor), plan=plan, editor=editor)


def moved_to(world, status):
    if status in {"revision", "review"}:
        workflow.close_consultation(world.plan, by=world.editor, seen_unfinished=True)
    if status == "review":
        workflow.request_signoff(world.plan, by=world.editor, seen_unfinished=True)
    return world


@pytest.mark.parametrize("step", ["close_consultation", "request_signoff"])
def test_the_check_before_a_step_costs_the_same_for_5_and_50_commitments(
    step, django_assert_num_queries
):
    status = "consultation" if step == "close_consultation" else "revision"
    small = moved_to(plan_with_loose_ends(5), status)
    large = moved_to(plan_with_loose_ends(50), status)
    url = reverse("plans:transition", args=[small.plan.pk, step])
    count = queries_for(small.client, url)
    assert count <= MOST_QUERIES
    url = reverse("plans:transition", args=[large.plan.pk, step])
    with django_assert_num_queries(count):
        page = large.client.get(url).content.decode()
    for sentence in ("50 comments wait for an official answer.",
                     "1 principle has no commitment.",
                     "17 commitments have no outcome measure.",
                     "13 commitments have no annual budget.",
                     "10 commitments have a timeline outside"):
        assert sentence in page, sentence
    assert "and 40 more, on the Comments page" in page
    assert "and 7 more, under Commitments by principle" in page  # without a measure
    assert "and 3 more, under Commitments by principle" in page  # without a budget


@pytest.mark.parametrize("status", ["consultation", "revision", "review"])
def test_the_plan_page_with_its_stepper_costs_the_same_for_5_and_50_commitments(
    status, django_assert_num_queries
):
    small = moved_to(plan_with_loose_ends(5), status)
    large = moved_to(plan_with_loose_ends(50), status)
    count = queries_for(small.client, small.plan.get_absolute_url())
    assert count <= MOST_QUERIES
    with django_assert_num_queries(count):
        page = large.client.get(large.plan.get_absolute_url()).content.decode()
    assert 'aria-current="step"' in page
    if status == "review":  # never kept: the signatures arrive one by one
        assert "Next: every signatory signs — 0 of 2 signed." in page
        return
    assert {"consultation": "50 comments await an answer.",
            "revision": "5 points are unfinished"}[status] in page
    for world in (small, large):
        with django_assert_num_queries(CACHED_QUERIES):
            world.client.get(world.plan.get_absolute_url())
