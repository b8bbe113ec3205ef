"""An editor changes budgets and commitments inline on the plan page: the investment chart
(its data table) and the coverage summary follow at once, without reloading the page."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from plans import workflow
from plans.models import Commitment
from principles.models import Principle
from stakeholders.models import Role
from tests.factories import FAST_HASHERS, PASSWORD, example_county, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inline_save_updates_the_chart_and_the_coverage_without_a_reload(
        catalogue, page, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    county = example_county()
    editor = member(county, Role.EDITOR, first_name="Eli", last_name="Editor")
    plan = workflow.create_plan(jurisdiction=county, by=editor, title="Example County Safety Plan",
                                first_year=2027, last_year=2030)
    for number, name, budget in [(1, "Violence interrupters", "850000"),
                                 (3, "Trauma recovery centre", "1200000")]:
        Commitment.objects.create(
            plan=plan, principle=Principle.objects.get(number=number), local_practice=name,
            local_action="Fund it.", lead_agency="Public Health", annual_budget=Decimal(budget))
    well_being = Principle.objects.get(number=2)

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(plan.get_absolute_url())
    coverage = page.locator("#coverage")
    table = page.get_by_role("table", name="The same figures as a table")

    def amount(area):
        return table.get_by_role("row", name=area, exact=False).get_by_role("cell").first

    expect(coverage).to_contain_text("2 commitments cover 2 of the 5 principles.")
    expect(amount("Survivors at the center")).to_have_text("1,200,000")
    expect(amount("Total planned")).to_have_text("2,050,000")
    page.evaluate("window.notReloaded = true")

    # A new budget, saved inline.
    page.get_by_role("link", name="Edit Trauma recovery centre").click()
    page.get_by_label("Annual budget (USD)").fill("2000000")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    expect(amount("Survivors at the center")).to_have_text("2,000,000")
    expect(amount("Total planned")).to_have_text("2,850,000")
    expect(page.get_by_role("img", name="Investment balance")).to_contain_text(
        "Survivors at the center")

    # A commitment where there was a gap, then removed again.
    page.get_by_role("link", name=f"Add a commitment under {well_being.short_name}").click()
    page.get_by_role("textbox", name="Local practice").fill("Youth summer jobs")
    page.get_by_role("textbox", name="Local action").fill("Pay 200 young people for summer work.")
    page.get_by_role("textbox", name="Lead agency").fill("Workforce Board")
    page.get_by_label("Annual budget (USD)").fill("300000")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(coverage).to_contain_text("3 commitments cover 3 of the 5 principles.")
    expect(coverage).not_to_contain_text(well_being.name)
    expect(amount("Well-being")).to_have_text("300,000")
    expect(amount("Total planned")).to_have_text("3,150,000")

    page.get_by_role("link", name="Remove Youth summer jobs").click()
    page.get_by_role("button", name="Remove", exact=True).click()
    expect(coverage).to_contain_text("2 commitments cover 2 of the 5 principles.")
    expect(coverage).to_contain_text(well_being.name)
    expect(amount("Well-being")).to_have_text("0")

    assert page.evaluate("window.notReloaded") is True  # all of it without a reload
