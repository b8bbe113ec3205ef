"""The plan page and the pages that edit it, as editors, partners and outsiders see them:
principles in order with their gaps, coverage and the investment chart; content edited
inline with htmx or as pages without JavaScript; history and the comparison of versions."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertInHTML

from plans import workflow
from plans.models import Commitment, OutcomeMeasure, Plan, PriorityPopulation
from principles.models import Principle

from .factories import (
    CommitmentFactory,
    MeasureFactory,
    PriorityFactory,
    county_people,
    fresh,
    new_plan,
    practice_of,
    principle,
    section_html,
    signed_in,
    signed_off,
    text,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def people():
    return county_people()


@pytest.fixture
def plan(people):
    """Commitments under principles 1, 3 and 5; principles 2 and 4 are gaps."""
    plan = new_plan(
        people,
        vision="Everyone is safe.",
        enforcement_spending=Decimal("48000000"),
        incarceration_spending=Decimal("61000000"),
    )
    first = CommitmentFactory(
        plan=plan,
        principle=principle(1),
        practice=practice_of(1),
        local_practice="",
        annual_budget=Decimal("850000"),
        position=1,
    )
    MeasureFactory(commitment=first, indicator="Shootings per year", unit="shootings")
    CommitmentFactory(
        plan=plan,
        principle=principle(3),
        local_practice="Trauma recovery centre",
        annual_budget=Decimal("1200000"),
    )
    CommitmentFactory(
        plan=plan,
        principle=principle(5),
        local_practice="Shared safety cabinet",
        annual_budget=Decimal("150000"),
    )
    PriorityFactory(plan=plan, who="Young men aged 16-24", place="Eastside", position=1)
    return plan


@pytest.fixture
def editor(people):
    return signed_in(people.editor)


def page_of(client, plan):
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def slug(number):
    return principle(number).slug


def commitment_data(commitment=None, **changes):
    data = {
        "practice": "",
        "local_practice": "Youth summer jobs",
        "local_action": "Pay 200 young people for summer work.",
        "lead_agency": "Workforce Board",
        "partners": "Youth Alliance",
        "starts_on": "2027-01-01",
        "ends_on": "2028-12-31",
        "annual_budget": "250000",
        "funding_source": "County general fund",
        "progress": "planned",
    }
    if commitment is not None:
        data.update(
            practice=commitment.practice_id or "",
            local_practice=commitment.local_practice,
            local_action=commitment.local_action,
            lead_agency=commitment.lead_agency,
            partners=commitment.partners,
            annual_budget=str(commitment.annual_budget),
            funding_source=commitment.funding_source,
            progress=commitment.progress,
            starts_on="",
            ends_on="",
            lock_version=commitment.lock_version,
        )
    data.update(changes)
    return data


def assert_partial(response, element_id):
    """An htmx answer: a fragment holding the updated section, not a whole page."""
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<body" not in html
    assert f'id="{element_id}"' in html
    return html


def commitment_names(html):
    return re.findall(r'<h4 class="h5 card-title" id="commitment-\d+-title">([^<]+?)\s*<', html)


# --- the plan page --------------------------------------------------------------------------


def test_the_plan_page_shows_all_five_principles_in_order_with_their_commitments(editor, plan):
    html = page_of(editor, plan)
    principles = list(Principle.objects.order_by("number"))
    assert len(principles) == 5
    positions = [html.index(f'<section id="principle-{p.slug}"') for p in principles]
    assert positions == sorted(positions)
    for p in principles:
        assert f"{p.number}. {p.name}" in text(section_html(html, f"principle-{p.slug}"))
    assert practice_of(1).title in section_html(html, f"principle-{slug(1)}")
    assert "Shootings per year (shootings)" in text(section_html(html, f"principle-{slug(1)}"))
    assert "Trauma recovery centre" in section_html(html, f"principle-{slug(3)}")
    assert "Shared safety cabinet" in section_html(html, f"principle-{slug(5)}")


def test_a_principle_without_commitment_is_marked_as_a_gap(editor, plan):
    html = page_of(editor, plan)
    for number in (2, 4):
        section = text(section_html(html, f"principle-{slug(number)}"))
        assert "Gap: no commitment" in section
        assert "This is a visible gap." in section
    for number in (1, 3, 5):
        assert "Gap: no commitment" not in section_html(html, f"principle-{slug(number)}")


def test_the_coverage_summary_counts_commitments_and_names_the_gaps(editor, plan):
    page = text(page_of(editor, plan))
    assert (
        "3 commitments cover 3 of the 5 principles. "
        "Gaps: Well-Being is Safety, Breaking the Cycle of Harm." in page
    )
    CommitmentFactory(plan=plan, principle=principle(2))
    CommitmentFactory(plan=plan, principle=principle(4))
    page = text(page_of(editor, plan))
    assert "5 commitments cover 5 of the 5 principles." in page
    assert "No principle is left without a commitment." in page
    assert "Gap: no commitment" not in page


def chart_of(html):
    return re.search(r'<div class="balance-chart".*?</figure>', html, flags=re.DOTALL).group(0)


def test_the_investment_chart_is_an_accessible_image_with_a_data_table(editor, plan):
    chart = chart_of(page_of(editor, plan))
    assert 'role="img" aria-labelledby="balance-title balance-desc"' in chart
    assert '<span id="balance-title" class="visually-hidden">Investment balance</span>' in chart
    desc = re.search(r'<span id="balance-desc"[^>]*>(.*?)</span>', chart, flags=re.DOTALL).group(1)
    assert "Public health: $850,000" in desc
    assert "Well-being: $0" in desc
    assert "Enforcement today: $48,000,000 (today)" in desc
    assert "Incarceration today: $61,000,000 (today)" in desc
    html = page_of(editor, plan)
    rows = [
        ("Public health", "850,000", "planned in this plan"),
        ("Well-being", "0", "planned in this plan"),
        ("Survivors at the center", "1,200,000", "planned in this plan"),
        ("Breaking the cycle", "0", "planned in this plan"),
        ("System that works", "150,000", "planned in this plan"),
        ("Enforcement today", "48,000,000", "spending today"),
        ("Incarceration today", "61,000,000", "spending today"),
        ("Total planned", "2,200,000", "planned in this plan"),
    ]
    for label, amount, kind in rows:
        assertInHTML(
            f'<tr><th scope="row">{label}</th><td class="text-end">{amount}</td>'
            f"<td>{kind}</td></tr>",
            html,
        )


def test_planned_budgets_draw_on_their_own_scale_beside_todays_spending_as_shares(
        editor, plan):
    """Prevention amounts a fiftieth of the jail's stay readable: the largest planned budget
    fills its bar, and today's spending is stated beside the plan as shares of the whole."""
    chart = chart_of(page_of(editor, plan))
    planned = re.findall(r'<span class="balance-label">([^<]+)</span>\s*'
                         r'<span class="balance-amount">([^<]+)</span>\s*'
                         r'<svg class="balance-bar".*?<rect width="([\d.]+)" height="10" '
                         r'fill="#2b6e43"/>', chart, flags=re.DOTALL)
    assert planned == [
        ("Public health", "$850,000", "70.83"),
        ("Well-being", "$0", "0.0"),
        ("Survivors at the center", "$1,200,000", "100.0"),  # the largest planned budget
        ("Breaking the cycle", "$0", "0.0"),
        ("System that works", "$150,000", "12.5"),
    ]
    page = text(chart)
    # 2,200,000 planned beside 48,000,000 and 61,000,000 today: 111,200,000 in all
    assert "Planned in this plan $2,200,000 2.0% of the whole" in page
    assert "Enforcement today $48,000,000 43.2% of the whole" in page
    assert "Incarceration today $61,000,000 54.9% of the whole" in page
    assert ("For every $100 spent today on enforcement and incarceration, this plan puts "
            "$2.02 into the five principles.") in page


def test_the_chart_leaves_out_todays_spending_when_none_is_entered(editor, people):
    plan = new_plan(people)
    CommitmentFactory(plan=plan, principle=principle(2), annual_budget=Decimal("300000"))
    html = page_of(editor, plan)
    assert "Enforcement today" not in html and "Incarceration today" not in html
    assertInHTML(
        '<tr><th scope="row">Well-being</th><td class="text-end">300,000</td>'
        "<td>planned in this plan</td></tr>",
        html,
    )


def test_a_plan_without_budgets_says_there_is_no_balance_to_show(editor, people):
    plan = new_plan(people)
    html = page_of(editor, plan)
    assert 'class="balance-chart"' not in html
    assert "No budget is entered yet, so there is no balance to show." in text(html)


# --- commitments ----------------------------------------------------------------------------


def test_an_editor_adds_a_commitment_without_javascript(editor, plan):
    url = reverse("plans:commitment_create", args=[plan.pk, slug(2)])
    form = editor.get(url)
    assert form.status_code == 200 and "<html" in form.content.decode()
    response = editor.post(url, commitment_data())
    assert response.status_code == 302
    assert response["Location"] == f"{plan.get_absolute_url()}#principle-{slug(2)}"
    commitment = Commitment.objects.get(local_practice="Youth summer jobs")
    assert (commitment.plan, commitment.principle.number, commitment.position) == (plan, 2, 1)
    assert commitment.annual_budget == Decimal("250000")
    html = page_of(editor, plan)
    section = section_html(html, f"principle-{slug(2)}")
    assert "Youth summer jobs" in section and "Gap: no commitment" not in section
    assert "Saved." in text(html)


def test_an_editor_adds_a_commitment_inline_with_htmx(editor, plan):
    url = reverse("plans:commitment_create", args=[plan.pk, slug(1)])
    form = editor.get(url, headers=HTMX)
    assert form.status_code == 200
    assert "<html" not in form.content.decode()
    assert f'hx-post="{url}"' in form.content.decode()
    response = editor.post(
        url,
        commitment_data(practice="", local_practice="Hospital-based intervention"),
        headers=HTMX,
    )
    html = assert_partial(response, f"principle-{slug(1)}")
    assert "Saved." in text(html)
    assert commitment_names(html) == [practice_of(1).title, "Hospital-based intervention"]
    assert Commitment.objects.get(local_practice="Hospital-based intervention").position == 2


def test_an_invalid_htmx_post_is_retargeted_to_the_form_with_the_error(editor, plan):
    url = reverse("plans:commitment_create", args=[plan.pk, slug(2)])
    response = editor.post(url, commitment_data(lead_agency=""), headers=HTMX)
    assert response.status_code == 200
    container = f"formplans-{plan.pk}-principles-{slug(2)}-commitments-new"
    assert response["HX-Retarget"] == f"#{container}"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="{container}"' in html
    assert "This field is required." in text(html)
    assert 'value="Youth summer jobs"' in html  # the editor's input is kept
    assert not Commitment.objects.filter(local_practice="Youth summer jobs").exists()


def test_an_invalid_post_without_javascript_shows_the_form_page_again(editor, plan):
    url = reverse("plans:commitment_create", args=[plan.pk, slug(2)])
    response = editor.post(url, commitment_data(annual_budget="-5"))
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "A budget cannot be negative." in text(response)
    assert "HX-Retarget" not in response
    assert not Commitment.objects.filter(local_practice="Youth summer jobs").exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_an_editor_edits_a_commitment(editor, plan, htmx):
    commitment = plan.commitments.get(principle__number=3)
    url = reverse("plans:commitment_edit", args=[commitment.pk])
    form = editor.get(url, headers=HTMX if htmx else {})
    assert form.status_code == 200
    assert f'name="lock_version" value="{commitment.lock_version}"' in form.content.decode()
    data = commitment_data(commitment, local_action="Open three recovery centres.")
    response = editor.post(url, data, headers=HTMX if htmx else {})
    if htmx:
        html = assert_partial(response, f"principle-{slug(3)}")
        assert "Open three recovery centres." in html
    else:
        assert response.status_code == 302
        assert response["Location"] == f"{plan.get_absolute_url()}#principle-{slug(3)}"
    commitment.refresh_from_db()
    assert commitment.local_action == "Open three recovery centres."
    assert commitment.lock_version == 2
    assert "Open three recovery centres." in page_of(editor, plan)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_removing_a_commitment_hides_it_but_keeps_it_in_the_database(editor, plan, htmx):
    commitment = plan.commitments.get(principle__number=5)
    url = reverse("plans:commitment_remove", args=[commitment.pk])
    confirm = editor.get(url, headers=HTMX if htmx else {})
    assert "Remove “Shared safety cabinet” from the plan?" in text(confirm)
    response = editor.post(url, headers=HTMX if htmx else {})
    if htmx:
        html = assert_partial(response, f"principle-{slug(5)}")
        assert "“Shared safety cabinet” is removed." in text(html)
        assert "Gap: no commitment" in html
    else:
        assert response.status_code == 302
        assert response["Location"] == f"{plan.get_absolute_url()}#principle-{slug(5)}"
    commitment.refresh_from_db()
    assert commitment.removed_at is not None
    section = section_html(page_of(editor, plan), f"principle-{slug(5)}")
    assert "Shared safety cabinet" not in section
    assert "Gap: no commitment" in section
    # Gone from the page and its forms, not from the database.
    assert editor.get(reverse("plans:commitment_edit", args=[commitment.pk])).status_code == 404


def out_of_band(html, tag, element_id):
    """The element an htmx answer swaps in out of band, in place of the page's own."""
    match = re.search(rf'<{tag} id="{element_id}"[^>]*hx-swap-oob="true"[^>]*>.*?</{tag}>',
                      html, flags=re.DOTALL)
    assert match, f"no out-of-band #{element_id}"
    return match.group(0)


def chart_rows(html):
    """{area: amount} of the investment chart's table."""
    figure = out_of_band(html, "figure", "investment-balance")
    return dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td class="text-end">([^<]+)</td>',
                           figure))


def test_a_budget_saved_inline_refreshes_the_chart_and_the_coverage_out_of_band(editor, plan):
    commitment = plan.commitments.get(principle__number=3)
    response = editor.post(
        reverse("plans:commitment_edit", args=[commitment.pk]),
        commitment_data(commitment, annual_budget="2000000"), headers=HTMX)

    html = assert_partial(response, f"principle-{slug(3)}")
    rows = chart_rows(html)
    assert rows["Survivors at the center"] == "2,000,000"
    assert rows["Total planned"] == "3,000,000"
    assert "Survivors at the center: $2,000,000" in out_of_band(html, "figure",
                                                                "investment-balance")
    assert "3 commitments cover 3 of the 5 principles." in text(
        out_of_band(html, "section", "coverage"))
    # the page itself carries them once, without the out-of-band mark
    page = page_of(editor, plan)
    assert 'id="investment-balance"' in page and 'id="coverage"' in page
    assert "hx-swap-oob" not in page


def test_a_commitment_added_or_removed_inline_refreshes_the_coverage_and_the_chart(
        editor, plan):
    added = editor.post(reverse("plans:commitment_create", args=[plan.pk, slug(2)]),
                        commitment_data(annual_budget="300000"), headers=HTMX)

    html = assert_partial(added, f"principle-{slug(2)}")
    coverage = text(out_of_band(html, "section", "coverage"))
    assert ("4 commitments cover 4 of the 5 principles. Gaps: Breaking the Cycle of Harm."
            in coverage)
    assert chart_rows(html)["Well-being"] == "300,000"
    assert chart_rows(html)["Total planned"] == "2,500,000"

    cabinet = plan.commitments.get(principle__number=5)
    removed = editor.post(reverse("plans:commitment_remove", args=[cabinet.pk]), headers=HTMX)

    html = assert_partial(removed, f"principle-{slug(5)}")
    coverage = text(out_of_band(html, "section", "coverage"))
    assert "3 commitments cover 3 of the 5 principles." in coverage
    assert "Gaps: Breaking the Cycle of Harm, Making the System Work." in coverage
    assert chart_rows(html)["System that works"] == "0"
    assert chart_rows(html)["Total planned"] == "2,350,000"


def test_an_invalid_inline_save_leaves_the_chart_and_the_coverage_alone(editor, plan):
    commitment = plan.commitments.get(principle__number=3)
    response = editor.post(
        reverse("plans:commitment_edit", args=[commitment.pk]),
        commitment_data(commitment, annual_budget="-5"), headers=HTMX)

    assert response["HX-Retarget"].startswith("#form")
    assert "hx-swap-oob" not in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_an_editor_reorders_commitments_within_a_principle(editor, plan, htmx):
    second = CommitmentFactory(
        plan=plan, principle=principle(1), local_practice="Second", position=2
    )
    CommitmentFactory(plan=plan, principle=principle(1), local_practice="Third", position=3)
    headers = HTMX if htmx else {}
    response = editor.post(
        reverse("plans:commitment_move", args=[second.pk, "down"]), headers=headers
    )
    if htmx:
        html = assert_partial(response, f"principle-{slug(1)}")
        assert commitment_names(html) == [practice_of(1).title, "Third", "Second"]
    else:
        assert response.status_code == 302
        assert response["Location"] == f"{plan.get_absolute_url()}#principle-{slug(1)}"
    html = section_html(page_of(editor, plan), f"principle-{slug(1)}")
    assert commitment_names(html) == [practice_of(1).title, "Third", "Second"]

    editor.post(reverse("plans:commitment_move", args=[second.pk, "up"]), headers=headers)
    editor.post(reverse("plans:commitment_move", args=[second.pk, "up"]), headers=headers)
    html = section_html(page_of(editor, plan), f"principle-{slug(1)}")
    assert commitment_names(html) == ["Second", practice_of(1).title, "Third"]
    # The first one cannot go further up; nothing moves.
    editor.post(reverse("plans:commitment_move", args=[second.pk, "up"]), headers=headers)
    page = page_of(editor, plan)
    assert commitment_names(section_html(page, f"principle-{slug(1)}")) == [
        "Second",
        practice_of(1).title,
        "Third",
    ]
    assert list(
        plan.commitments.filter(principle__number=1)
        .order_by("position")
        .values_list("position", flat=True)
    ) == [1, 2, 3]
    # Other principles are untouched.
    assert commitment_names(section_html(page, f"principle-{slug(3)}")) == [
        "Trauma recovery centre"
    ]


def test_moving_is_a_post_only(editor, plan):
    commitment = plan.commitments.get(principle__number=1)
    url = reverse("plans:commitment_move", args=[commitment.pk, "down"])
    assert editor.get(url).status_code == 405


def test_the_principle_section_has_a_page_of_its_own_and_a_partial(editor, plan):
    url = reverse("plans:principle_section", args=[plan.pk, slug(3)])
    page = editor.get(url)
    assert "<html" in page.content.decode() and "Trauma recovery centre" in text(page)
    assert_partial(editor.get(url, headers=HTMX), f"principle-{slug(3)}")


# --- outcome measures -----------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_an_editor_adds_edits_and_removes_an_outcome_measure(editor, plan, htmx):
    headers = HTMX if htmx else {}
    commitment = plan.commitments.get(principle__number=3)
    response = editor.post(
        reverse("plans:measure_create", args=[commitment.pk]),
        {
            "indicator": "Survivors served",
            "unit": "%",
            "baseline": "35",
            "target": "80",
            "data_source": "Centre records",
        },
        headers=headers,
    )
    if htmx:
        assert "Survivors served (%): baseline 35, target 80" in text(
            assert_partial(response, f"principle-{slug(3)}")
        )
    else:
        assert response["Location"] == f"{plan.get_absolute_url()}#principle-{slug(3)}"
    measure = OutcomeMeasure.objects.get(indicator="Survivors served")
    assert measure.commitment == commitment and measure.target == Decimal("80")

    response = editor.post(
        reverse("plans:measure_edit", args=[measure.pk]),
        {
            "indicator": "Survivors served",
            "unit": "%",
            "baseline": "35",
            "target": "90",
            "data_source": "Centre records",
            "lock_version": measure.lock_version,
        },
        headers=headers,
    )
    assert response.status_code == (200 if htmx else 302)
    measure.refresh_from_db()
    assert measure.target == Decimal("90")
    assert "baseline 35, target 90" in text(page_of(editor, plan))

    response = editor.post(reverse("plans:measure_remove", args=[measure.pk]), headers=headers)
    assert response.status_code == (200 if htmx else 302)
    measure.refresh_from_db()
    assert measure.removed_at is not None
    assert "Survivors served" not in section_html(page_of(editor, plan), f"principle-{slug(3)}")
    assert OutcomeMeasure.objects.filter(pk=measure.pk).exists()


def test_a_measure_of_a_removed_commitment_cannot_be_edited(editor, plan):
    commitment = plan.commitments.get(principle__number=1)
    measure = commitment.measures.get()
    editor.post(reverse("plans:commitment_remove", args=[commitment.pk]))
    assert editor.get(reverse("plans:measure_edit", args=[measure.pk])).status_code == 404
    assert editor.get(reverse("plans:measure_create", args=[commitment.pk])).status_code == 404


# --- priority populations -------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_an_editor_adds_edits_and_removes_a_priority_population(editor, plan, htmx):
    headers = HTMX if htmx else {}
    data = {
        "who": "Survivors of domestic violence",
        "place": "Countywide",
        "why": "Most never reach services.",
        "data_source": "Survey 2023",
    }
    response = editor.post(reverse("plans:priority_create", args=[plan.pk]), data, headers=headers)
    if htmx:
        html = assert_partial(response, "priorities")
        assert "Survivors of domestic violence — Countywide" in text(html)
    else:
        assert response["Location"] == f"{plan.get_absolute_url()}#priorities"
    priority = PriorityPopulation.objects.get(who="Survivors of domestic violence")
    assert (priority.plan, priority.position) == (plan, 2)

    data.update(why="Rural survivors travel over an hour.", lock_version=priority.lock_version)
    response = editor.post(
        reverse("plans:priority_edit", args=[priority.pk]), data, headers=headers
    )
    assert response.status_code == (200 if htmx else 302)
    assert "Rural survivors travel over an hour." in text(page_of(editor, plan))

    response = editor.post(reverse("plans:priority_remove", args=[priority.pk]), headers=headers)
    if htmx:
        html = assert_partial(response, "priorities")
        assert "is removed." in text(html) and f'id="priority-{priority.pk}"' not in html
    priority.refresh_from_db()
    assert priority.removed_at is not None
    assert "Survivors of domestic violence" not in section_html(page_of(editor, plan), "priorities")
    assert editor.get(reverse("plans:priority_edit", args=[priority.pk])).status_code == 404


def test_an_invalid_priority_posted_with_htmx_keeps_the_form_and_says_why(editor, plan):
    url = reverse("plans:priority_create", args=[plan.pk])
    response = editor.post(url, {"who": "Youth", "why": ""}, headers=HTMX)
    assert response["HX-Retarget"] == f"#formplans-{plan.pk}-priorities-new"
    assert response["HX-Reswap"] == "outerHTML"
    assert "This field is required." in text(response)
    assert not PriorityPopulation.objects.filter(who="Youth").exists()


def test_an_editor_changes_the_plans_details(editor, plan):
    url = reverse("plans:edit", args=[plan.pk])
    response = editor.post(
        url,
        {
            "title": "Renamed plan",
            "language": "en",
            "first_year": "2027",
            "last_year": "2031",
            "vision": "Safe.",
            "summary": "",
            "enforcement_spending": "1000",
            "incarceration_spending": "",
            "lock_version": plan.lock_version,
        },
    )
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    plan = fresh(plan)
    assert (plan.title, plan.last_year, plan.incarceration_spending) == ("Renamed plan", 2031, None)
    assert plan.status == "draft"


# --- who may see and edit -------------------------------------------------------------------


def reading_urls(plan):
    return [
        reverse("plans:plan", args=[plan.pk]),
        reverse("plans:history", args=[plan.pk]),
        reverse("plans:compare", args=[plan.pk]),
        reverse("plans:priorities", args=[plan.pk]),
        reverse("plans:principle_section", args=[plan.pk, slug(1)]),
    ]


def editing_urls(plan):
    commitment = plan.commitments.get(principle__number=1)
    measure = commitment.measures.get()
    priority = plan.priorities.get()
    return [
        reverse("plans:edit", args=[plan.pk]),
        reverse("plans:commitment_create", args=[plan.pk, slug(1)]),
        reverse("plans:commitment_move", args=[commitment.pk, "up"]),
        reverse("plans:commitment_edit", args=[commitment.pk]),
        reverse("plans:commitment_remove", args=[commitment.pk]),
        reverse("plans:measure_create", args=[commitment.pk]),
        reverse("plans:measure_edit", args=[measure.pk]),
        reverse("plans:measure_remove", args=[measure.pk]),
        reverse("plans:priority_create", args=[plan.pk]),
        reverse("plans:priority_edit", args=[priority.pk]),
        reverse("plans:priority_remove", args=[priority.pk]),
    ]


def content_rows():
    return (
        list(Plan.objects.values()),
        list(Commitment.objects.values()),
        list(OutcomeMeasure.objects.values()),
        list(PriorityPopulation.objects.values()),
    )


def test_an_editor_of_another_jurisdiction_finds_nothing_of_this_plan(people, plan):
    outsider = signed_in(people.outsider)
    before = content_rows()
    for url in reading_urls(plan) + editing_urls(plan):
        if "/move/" not in url:
            assert outsider.get(url).status_code == 404, url
            assert outsider.get(url, headers=HTMX).status_code == 404, url
        assert outsider.post(url, commitment_data()).status_code == 404, url
        assert outsider.post(url, commitment_data(), headers=HTMX).status_code == 404, url
    assert content_rows() == before


def test_a_partner_of_the_jurisdiction_reads_the_plan_but_cannot_edit_it(people, plan):
    partner = signed_in(people.partner)
    html = page_of(partner, plan)
    assert "Trauma recovery centre" in html
    assert reverse("plans:commitment_create", args=[plan.pk, slug(1)]) not in html
    assert "Add a commitment" not in html
    before = content_rows()
    for url in reading_urls(plan):
        assert partner.get(url).status_code == 200, url
    for url in editing_urls(plan):
        if "/move/" not in url:
            assert partner.get(url).status_code == 403, url
        for headers in ({}, HTMX):
            response = partner.post(url, commitment_data(), headers=headers)
            assert response.status_code == 403, url
            assert "Only editors of Example County change its plans." in text(response), url
    assert content_rows() == before


def test_a_site_admin_reads_any_plan_but_does_not_edit_it(people, plan):
    admin = signed_in(people.site_admin)
    assert "Trauma recovery centre" in page_of(admin, plan)
    commitment = plan.commitments.get(principle__number=1)
    response = admin.post(
        reverse("plans:commitment_edit", args=[commitment.pk]), commitment_data(commitment)
    )
    assert response.status_code == 403


def test_signing_in_is_needed(client, plan):
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- history --------------------------------------------------------------------------------


def history_entry(html, subject):
    """The <li> of the history page whose text starts with ``subject`` (the newest such)."""
    for item in re.findall(r"<li class=\"mb-3.*?</li>", html, flags=re.DOTALL):
        if text(item).startswith(subject):
            return item
    raise AssertionError(f"no history entry about {subject!r}")


def test_the_history_lists_who_changed_which_field_from_what_to_what(people, plan):
    editor = signed_in(people.editor)
    editor.post(
        reverse("plans:edit", args=[plan.pk]),
        {
            "title": plan.title,
            "language": "en",
            "first_year": "2027",
            "last_year": "2030",
            "vision": "Everyone is safe and well.",
            "summary": "",
            "enforcement_spending": "48000000",
            "incarceration_spending": "61000000",
            "lock_version": plan.lock_version,
        },
    )
    commitment = plan.commitments.get(principle__number=3)
    signed_in(people.other_editor).post(
        reverse("plans:commitment_edit", args=[commitment.pk]),
        commitment_data(commitment, lead_agency="Behavioral Health Department"),
    )
    cabinet = plan.commitments.get(principle__number=5)
    editor.post(reverse("plans:commitment_remove", args=[cabinet.pk]))

    response = editor.get(reverse("plans:history", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()

    vision = history_entry(html, "The plan — changed by Eli Editor")
    assert "by Eli Editor" in text(vision)
    assertInHTML(
        '<tr><th scope="row">Vision</th><td><del>Everyone is safe.</del></td>'
        "<td><ins>Everyone is safe and well.</ins></td></tr>",
        vision,
    )
    lead = history_entry(html, "Commitment: Trauma recovery centre — changed")
    assert "changed by Erin Second" in text(lead)
    assertInHTML(
        '<tr><th scope="row">Lead agency</th><td><del>Public Health Department</del></td>'
        "<td><ins>Behavioral Health Department</ins></td></tr>",
        lead,
    )
    removed = history_entry(html, "Commitment: Shared safety cabinet — removed")
    assert "removed by Eli Editor" in text(removed)
    # Newest first.
    assert html.index("Shared safety cabinet") < html.index("Trauma recovery centre</strong>")


# --- comparing versions ---------------------------------------------------------------------


def diff_rows(html):
    """[(kind, the row's HTML after its group's heading)] of the compare page."""
    rows = []
    for group in re.findall(r'<article class="diff-group".*?</article>', html, flags=re.DOTALL):
        section = re.search(r"<h3[^>]*>(.*?)</h3>", group, flags=re.DOTALL).group(1)
        for kind, row in re.findall(
                r'<div class="diff-row diff-(\w+)">(.*?)(?=<div class="diff-row|</article>)',
                group, flags=re.DOTALL):
            rows.append((kind, f"{section} {row}"))
    return rows


def test_comparing_the_signed_snapshot_with_version_2_marks_what_changed(people, plan):
    v1 = signed_off(plan, people)
    editor = signed_in(people.editor)
    editor.post(reverse("plans:transition", args=[v1.pk, "amend"]))
    v2 = Plan.objects.get(previous=v1)
    editor.post(
        reverse("plans:edit", args=[v2.pk]),
        {
            "title": v2.title,
            "language": "en",
            "first_year": "2027",
            "last_year": "2030",
            "vision": "Everyone is safe and well.",
            "summary": "",
            "enforcement_spending": "48000000",
            "incarceration_spending": "61000000",
            "lock_version": v2.lock_version,
        },
    )
    editor.post(
        reverse("plans:commitment_create", args=[v2.pk, slug(4)]),
        commitment_data(local_practice="Reentry housing"),
    )

    response = editor.get(reverse("plans:compare", args=[v2.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="left" id="left-snapshot-{v1.snapshot.pk}" value="snapshot-{v1.snapshot.pk}" ' \
        "checked>" in html
    assert f'name="right" id="right-plan-{v2.pk}" value="plan-{v2.pk}" checked>' in html
    rows = diff_rows(html)
    changed = [row for kind, row in rows if kind == "changed" and "Vision" in row]
    assert len(changed) == 1
    assert "<del>safe.</del>" in changed[0]
    assert "<ins>safe and well.</ins>" in changed[0]
    added = [row for kind, row in rows if kind == "added" and "Reentry housing" in row]
    assert any("<ins>(committed)</ins>" in row for row in added)
    assert any("<ins>Workforce Board</ins>" in row for row in added)
    # Nothing else differs: the rest of v2 is a copy of what v1's signatories signed.
    assert {kind for kind, _row in rows} == {"changed", "added"}


def test_comparing_any_two_versions_chosen_from_the_lists(people, plan):
    v1 = signed_off(plan, people)
    v2 = workflow.amend(v1, by=people.editor)
    removed = v2.commitments.get(principle__number=5)
    removed.removed_at = timezone.now()
    removed.save()
    editor = signed_in(people.editor)
    response = editor.get(
        reverse("plans:compare", args=[v1.pk]), {"left": f"plan-{v1.pk}", "right": f"plan-{v2.pk}"}
    )
    rows = diff_rows(response.content.decode())
    assert rows and all(kind == "removed" for kind, _row in rows)
    assert any(
        "<del>(committed)</del>" in row and "Shared safety cabinet" in row for _kind, row in rows
    )

    same = editor.get(
        reverse("plans:compare", args=[v1.pk]),
        {"left": f"snapshot-{v1.snapshot.pk}", "right": f"plan-{v1.pk}"},
    )
    assert "These two versions say the same thing." in text(same)

    wrong = editor.get(reverse("plans:compare", args=[v1.pk]), {"left": "plan-999999"})
    assert "Choose two versions from the lists." in text(wrong)


def amended(people, plan):
    """v1 signed; v2 removes the cabinet, raises the trauma centre's budget, adds reentry
    housing under principle 4 and spends less on enforcement today."""
    v1 = signed_off(plan, people)
    v2 = workflow.amend(v1, by=people.editor)
    Commitment.objects.filter(plan=v2, principle__number=5).update(removed_at=timezone.now())
    Commitment.objects.filter(plan=v2, principle__number=3).update(
        annual_budget=Decimal("2000000"))
    CommitmentFactory(plan=v2, principle=principle(4), local_practice="Reentry housing",
                      annual_budget=Decimal("300000"), starts_on=date(2027, 1, 1))
    Plan.objects.filter(pk=v2.pk).update(enforcement_spending=Decimal("47000000"))
    return v1, Plan.objects.get(pk=v2.pk)


def table_rows(html, caption):
    """[[cell text]] of the table with this caption."""
    table = re.search(rf"<caption[^>]*>{re.escape(caption)}</caption>(.*?)</table>", html,
                      flags=re.DOTALL).group(1)
    return [[" ".join(text(cell).split()) for cell in re.findall(
        r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.DOTALL)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.DOTALL)]


def test_the_comparison_opens_with_a_summary_of_commitments_and_budgets(people, plan):
    v1, v2 = amended(people, plan)
    html = signed_in(people.editor).get(reverse("plans:compare", args=[v2.pk])).content.decode()

    assert ("In short 1 commitment added Reentry housing 1 commitment removed "
            "Shared safety cabinet 1 commitment changed Trauma recovery centre") in text(html)
    assert table_rows(html, "Planned annual budget by principle, before and after") == [
        ["Principle", "Older", "Newer", "Change"],
        ["1. Public health", "$850,000", "$850,000", "no change"],
        ["2. Well-being", "$0", "$0", "no change"],
        ["3. Survivors at the center", "$1,200,000", "$2,000,000", "+$800,000"],
        ["4. Breaking the cycle", "$0", "$300,000", "+$300,000"],
        ["5. System that works", "$150,000", "$0", "−$150,000"],
        ["Total planned", "$2,200,000", "$3,150,000", "+$950,000"],
    ]


def test_the_comparison_writes_money_and_dates_as_the_reader_reads_them(people, plan):
    v1, v2 = amended(people, plan)
    client = signed_in(people.editor)
    url = reverse("plans:compare", args=[v2.pk])

    page = text(client.get(url))
    assert "Older $48,000,000 Newer $47,000,000" in page
    assert "Starts added Newer Jan. 1, 2027" in page
    assert "Annual budget (USD) added Newer $300,000" in page
    assert "48000000.00" not in page and "2027-01-01" not in page
    # each version's full name above the comparison, the digest of the signed one with it
    assert f"Older {v1.title}, version 1, signed on" in page
    assert f"(SHA-256 {v1.snapshot.digest[:12]}…)" in page
    assert f"Newer {v2.title}, version 2 as it stands (draft)" in page

    client.cookies["django_language"] = "es"
    spanish = text(client.get(url))
    assert "Más recientes 1 de enero de 2027" in spanish
    with translation.override("es"):  # the principles as the catalogue names them in Spanish
        name, short_name = principle(4).name, principle(4).short_name
    assert f"4. {name} · Reentry housing" in spanish and f"4. {short_name}" in spanish
    assert "Breaking the Cycle of Harm" not in spanish


def test_the_comparison_offers_only_versions_of_the_same_jurisdiction(people, plan):
    elsewhere = workflow.create_plan(
        jurisdiction=people.elsewhere,
        by=people.outsider,
        title="City plan",
        first_year=2027,
        last_year=2030,
    )
    editor = signed_in(people.editor)
    html = editor.get(reverse("plans:compare", args=[plan.pk])).content.decode()
    assert f"plan-{elsewhere.pk}" not in html and "City plan" not in html
    response = editor.get(
        reverse("plans:compare", args=[plan.pk]),
        {"left": f"plan-{elsewhere.pk}", "right": f"plan-{plan.pk}"},
    )
    assert "Choose two versions from the lists." in text(response)
