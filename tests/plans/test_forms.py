"""Bad input gets a clear message beside the field it is about, and nothing is saved."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from plans.models import Commitment, OutcomeMeasure, Plan, PriorityPopulation, Status

from .factories import (
    CommitmentFactory,
    county_people,
    fresh,
    in_review,
    new_plan,
    practice_of,
    principle,
    signed_in,
    transition_url,
)

pytestmark = pytest.mark.django_db

TEN_BILLION = "10000000000"


@pytest.fixture
def people():
    return county_people()


@pytest.fixture
def plan(people):
    return new_plan(people)


@pytest.fixture
def editor(people):
    return signed_in(people.editor)


def field_errors(response, field):
    """The error text shown beside ``field`` (empty if none), as crispy renders it."""
    html = response.content.decode()
    match = re.search(rf'<div id="id_{field}_error"[^>]*>(.*?)</div>', html, flags=re.DOTALL)
    if not match:
        return ""
    assert re.search(rf'<[^>]+aria-invalid="true"[^>]+id="id_{field}"', html), field
    return " ".join(unescape(strip_tags(match.group(1))).split())


def all_errors(response):
    """{field: its error text} of every field shown with an error, and "__all__" for an
    error about the whole form (there should be none: each message belongs to a field)."""
    html = response.content.decode()
    found = re.findall(r'<div id="id_(\w+)_error"', html)
    errors = {name: field_errors(response, name) for name in found}
    whole = re.search(r'<div class="alert[^"]*alert-danger[^"]*"[^>]*>(.*?)</div>', html, re.S)
    if whole:
        errors["__all__"] = " ".join(unescape(strip_tags(whole.group(1))).split())
    return errors


# --- commitments ----------------------------------------------------------------------------


def commitment(**changes):
    data = {
        "practice": "",
        "local_practice": "Youth summer jobs",
        "local_action": "Pay 200 young people for summer work.",
        "lead_agency": "Workforce Board",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "annual_budget": "250000",
        "progress": "planned",
    }
    data.update(changes)
    return data


def post_commitment(editor, plan, number=1, **changes):
    url = reverse("plans:commitment_create", args=[plan.pk, principle(number).slug])
    return editor.post(url, commitment(**changes))


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"annual_budget": "-1"}, "annual_budget", "A budget cannot be negative."),
        (
            {"annual_budget": "10000000000.01"},
            "annual_budget",
            "That is over ten billion a year: check the figure.",
        ),
        (
            {"annual_budget": "99999999999"},
            "annual_budget",
            "That is over ten billion a year: check the figure.",
        ),
        (
            {"starts_on": "2028-01-01", "ends_on": "2027-12-31"},
            "ends_on",
            "The end cannot come before the start.",
        ),
        (
            {"practice": "", "local_practice": ""},
            "local_practice",
            "Choose a practice from the Blueprint or name a local one.",
        ),
        (
            {"local_action": "x" * 3001},
            "local_action",
            "Ensure this value has at most 3000 characters (it has 3001).",
        ),
        ({"local_action": ""}, "local_action", "This field is required."),
        ({"lead_agency": ""}, "lead_agency", "This field is required."),
        ({"ends_on": "2027-02-30"}, "ends_on", "Enter a valid date."),
    ],
    ids=[
        "negative-budget",
        "just-over-ten-billion",
        "absurd-budget",
        "end-before-start",
        "no-practice",
        "long-local-action",
        "no-action",
        "no-lead",
        "no-such-date",
    ],
)
def test_a_bad_commitment_gets_its_message_beside_the_field(editor, plan, changes, field, message):
    response = post_commitment(editor, plan, **changes)
    assert response.status_code == 200
    assert all_errors(response) == {field: message}
    assert not Commitment.objects.exists()


def test_a_budget_of_exactly_ten_billion_and_an_end_on_the_start_day_are_accepted(editor, plan):
    response = post_commitment(
        editor, plan, annual_budget=TEN_BILLION, starts_on="2027-05-01", ends_on="2027-05-01"
    )
    assert response.status_code == 302
    assert Commitment.objects.get().annual_budget == int(TEN_BILLION)


def test_a_commitment_names_a_catalogue_practice_or_a_local_one_not_both(editor, plan):
    response = post_commitment(editor, plan, practice=practice_of(1).pk)
    assert all_errors(response) == {
        "local_practice": "Choose a practice from the Blueprint or name a local one, not both."
    }
    assert post_commitment(editor, plan, practice=practice_of(1).pk, local_practice="").status_code
    assert Commitment.objects.get().practice == practice_of(1)


def test_a_practice_of_another_principle_is_refused(editor, plan):
    response = post_commitment(
        editor, plan, number=1, practice=practice_of(2).pk, local_practice=""
    )
    assert response.status_code == 200
    assert "Select a valid choice." in all_errors(response)["practice"]
    assert not Commitment.objects.exists()
    # The form offers only the practices of its principle.
    form = editor.get(reverse("plans:commitment_create", args=[plan.pk, principle(1).slug]))
    html = form.content.decode()
    practices = re.search(r'<select name="practice".*?</select>', html, flags=re.DOTALL).group(0)
    assert f'<option value="{practice_of(1).pk}">' in practices
    assert f'<option value="{practice_of(2).pk}">' not in practices


def test_a_local_practice_over_its_length_limit_is_refused(editor, plan):
    response = post_commitment(editor, plan, local_practice="x" * 201)
    assert response.status_code == 200
    assert (
        "Ensure this value has at most 200 characters (it has 201)."
        in (all_errors(response)["local_practice"])
    )
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"local_practice": "x" * 201},
            "local_practice",
            "Ensure this value has at most 200 characters (it has 201).",
        ),
        (
            {"practice": "PRACTICE_OF_2", "local_practice": ""},
            "practice",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
    ],
    ids=["long-local-practice", "practice-of-another-principle"],
)
def test_a_refused_practice_gets_one_message_not_a_contradictory_second(
    editor, plan, changes, field, message
):
    if changes.get("practice") == "PRACTICE_OF_2":
        changes["practice"] = practice_of(2).pk
    response = post_commitment(editor, plan, **changes)
    assert all_errors(response) == {field: message}


def test_the_model_itself_refuses_a_practice_of_another_principle(plan):
    wrong = Commitment(
        plan=plan,
        principle=principle(1),
        practice=practice_of(2),
        local_action="Act",
        lead_agency="Lead",
    )
    with pytest.raises(ValidationError) as refused:
        wrong.full_clean()
    assert refused.value.message_dict["practice"] == ["This practice belongs to another principle."]


def test_editing_a_commitment_shows_the_same_messages(editor, plan):
    existing = CommitmentFactory(plan=plan, local_practice="Interrupters")
    response = editor.post(
        reverse("plans:commitment_edit", args=[existing.pk]),
        commitment(local_practice="Interrupters", annual_budget="-10", lock_version=1),
    )
    assert all_errors(response) == {"annual_budget": "A budget cannot be negative."}
    existing.refresh_from_db()
    assert existing.annual_budget == 100000 and existing.lock_version == 1


# --- outcome measures -----------------------------------------------------------------------


@pytest.fixture
def measures_url(plan):
    return reverse("plans:measure_create", args=[CommitmentFactory(plan=plan).pk])


@pytest.mark.parametrize(
    "figures",
    [{"baseline": "35", "target": "80"}, {"target": "80"}, {"baseline": "35"}],
    ids=["both", "target", "baseline"],
)
def test_a_baseline_or_target_without_a_unit_is_refused(editor, measures_url, figures):
    response = editor.post(measures_url, {"indicator": "Survivors served", "unit": "", **figures})
    assert response.status_code == 200
    assert all_errors(response) == {"unit": "Give the unit of the baseline and target."}
    assert not OutcomeMeasure.objects.exists()


def test_an_indicator_without_figures_needs_no_unit(editor, measures_url):
    response = editor.post(measures_url, {"indicator": "Survivors served"})
    assert response.status_code == 302
    assert OutcomeMeasure.objects.get().unit == ""


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"indicator": ""}, "indicator", "This field is required."),
        (
            {"indicator": "x" * 301},
            "indicator",
            "Ensure this value has at most 300 characters (it has 301).",
        ),
        ({"indicator": "Rate", "unit": "%", "target": "many"}, "target", "Enter a number."),
        (
            {"indicator": "Rate", "unit": "x" * 61},
            "unit",
            "Ensure this value has at most 60 characters (it has 61).",
        ),
    ],
    ids=["no-indicator", "long-indicator", "not-a-number", "long-unit"],
)
def test_other_bad_measures_get_their_message(editor, measures_url, data, field, message):
    response = editor.post(measures_url, data)
    assert all_errors(response) == {field: message}
    assert not OutcomeMeasure.objects.exists()


# --- priority populations -------------------------------------------------------------------


def test_a_priority_population_says_who_and_why(editor, plan):
    url = reverse("plans:priority_create", args=[plan.pk])
    response = editor.post(url, {"who": "x" * 201, "why": ""})
    assert all_errors(response) == {
        "who": "Ensure this value has at most 200 characters (it has 201).",
        "why": "This field is required.",
    }
    assert not PriorityPopulation.objects.exists()


# --- the plan's details ---------------------------------------------------------------------


def plan_details(**changes):
    data = {
        "title": "Our shared safety plan",
        "language": "en",
        "first_year": "2027",
        "last_year": "2030",
        "vision": "",
        "summary": "",
        "enforcement_spending": "",
        "incarceration_spending": "",
    }
    data.update(changes)
    return data


PLAN_ERRORS = [
    ({"first_year": "1999"}, "first_year", "Use a year from 2000 to 2100."),
    ({"last_year": "2101"}, "last_year", "Use a year from 2000 to 2100."),
    (
        {"first_year": "2030", "last_year": "2027"},
        "last_year",
        "The last year cannot come before the first.",
    ),
    (
        {"title": "x" * 201},
        "title",
        "Ensure this value has at most 200 characters (it has 201).",
    ),
    ({"title": ""}, "title", "This field is required."),
    (
        {"vision": "x" * 5001},
        "vision",
        "Ensure this value has at most 5000 characters (it has 5001).",
    ),
    ({"enforcement_spending": "-1"}, "enforcement_spending", "A budget cannot be negative."),
    (
        {"incarceration_spending": "20000000000"},
        "incarceration_spending",
        "That is over ten billion a year: check the figure.",
    ),
]
PLAN_ERROR_IDS = [
    "before-2000",
    "after-2100",
    "last-before-first",
    "long-title",
    "no-title",
    "long-vision",
    "negative-spending",
    "absurd-spending",
]


@pytest.mark.parametrize("changes, field, message", PLAN_ERRORS, ids=PLAN_ERROR_IDS)
def test_a_bad_new_plan_gets_its_message_beside_the_field(people, editor, changes, field, message):
    response = editor.post(
        reverse("plans:create", args=[people.county.slug]), plan_details(**changes)
    )
    assert response.status_code == 200
    assert all_errors(response) == {field: message}
    assert not Plan.objects.exists()


@pytest.mark.parametrize("changes, field, message", PLAN_ERRORS, ids=PLAN_ERROR_IDS)
def test_bad_changes_to_a_plans_details_get_their_message(plan, editor, changes, field, message):
    data = plan_details(**{"title": plan.title, "lock_version": plan.lock_version, **changes})
    before = Plan.objects.values().get(pk=plan.pk)
    response = editor.post(reverse("plans:edit", args=[plan.pk]), data)
    assert response.status_code == 200
    assert all_errors(response) == {field: message}
    assert Plan.objects.values().get(pk=plan.pk) == before


def test_the_years_2000_and_2100_are_accepted(people, editor):
    response = editor.post(
        reverse("plans:create", args=[people.county.slug]),
        plan_details(first_year="2000", last_year="2100"),
    )
    assert response.status_code == 302
    assert (Plan.objects.get().first_year, Plan.objects.get().last_year) == (2000, 2100)


# --- transition forms -----------------------------------------------------------------------


def days_from_today(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    "data, errors",
    [
        (
            {"opens": days_from_today(10), "closes": days_from_today(5)},
            {"closes": "The consultation cannot close before it opens."},
        ),
        (
            {"opens": days_from_today(-10), "closes": days_from_today(-1)},
            {"closes": "The closing date has passed already: choose a later one."},
        ),
        (
            {"opens": "", "closes": ""},
            {"opens": "This field is required.", "closes": "This field is required."},
        ),
        (
            {"opens": "soon", "closes": days_from_today(5)},
            {"opens": "Enter a valid date."},
        ),
    ],
    ids=["closes-before-opens", "closes-in-the-past", "no-dates", "not-a-date"],
)
def test_opening_consultation_with_bad_dates_says_what_is_wrong(editor, plan, data, errors):
    response = editor.post(transition_url(plan, "open_consultation"), data)
    assert response.status_code == 200
    assert all_errors(response) == errors
    assert fresh(plan).status == Status.DRAFT


def test_the_consultation_form_proposes_thirty_days_from_today(editor, plan):
    html = editor.get(transition_url(plan, "open_consultation")).content.decode()
    assert f'value="{days_from_today(0)}"' in html
    assert f'value="{days_from_today(30)}"' in html


@pytest.mark.parametrize(
    "reason, message",
    [
        ("", "Say why you return the plan, so the editors can act on it."),
        ("x" * 3001, "Ensure this value has at most 3000 characters (it has 3001)."),
    ],
    ids=["no-reason", "long-reason"],
)
def test_returning_without_a_usable_reason_says_so_beside_the_field(people, plan, reason, message):
    CommitmentFactory(plan=plan)
    plan = in_review(plan, people.editor)
    response = signed_in(people.first_signatory).post(
        transition_url(plan, "return_plan"), {"reason": reason}
    )
    assert response.status_code == 200
    assert all_errors(response) == {"reason": message}
    assert fresh(plan).status == Status.REVIEW


def test_a_reason_of_only_spaces_is_refused(people, plan):
    CommitmentFactory(plan=plan)
    plan = in_review(plan, people.editor)
    response = signed_in(people.first_signatory).post(
        transition_url(plan, "return_plan"), {"reason": "    "}
    )
    assert response.status_code == 200
    assert all_errors(response) == {
        "reason": "Say why you return the plan, so the editors can act on it."
    }
    assert fresh(plan).status == Status.REVIEW
