"""Two editors change the same commitment inline: the second sees, in the page, that someone
else saved first, with their version beside her own text, and nothing is overwritten."""

import pytest
from playwright.sync_api import expect

from plans import workflow
from plans.models import Commitment
from principles.models import Principle
from stakeholders.models import Role
from tests.factories import FAST_HASHERS, PASSWORD, example_county, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_stale_inline_save_shows_the_conflict_and_keeps_both_texts(catalogue, page, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    county = example_county()
    editor = member(county, Role.EDITOR, first_name="Eli", last_name="Editor")
    other = member(county, Role.EDITOR, first_name="Olu", last_name="Other")
    plan = workflow.create_plan(
        jurisdiction=county, by=editor, title="Example County Safety Plan",
        first_year=2027, last_year=2030,
    )
    commitment = Commitment.objects.create(
        plan=plan, principle=Principle.objects.get(number=2), local_practice="Youth summer jobs",
        local_action="Pay 200 young people for summer work.", lead_agency="Workforce Board",
    )

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Edit Youth summer jobs").click()
    action = page.get_by_role("textbox", name="Local action")
    expect(action).to_be_visible()

    # Meanwhile the other editor saves first.
    theirs = Commitment.objects.get(pk=commitment.pk)
    theirs.local_action = "Pay 300 young people for summer work."
    theirs._history_user = other
    theirs.save_unless_changed(theirs.lock_version)

    action.fill("Pay 250 young people and mentor them.")
    page.get_by_role("button", name="Save", exact=True).click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Someone else saved this while you were editing.")
    expect(alert).to_contain_text("Pay 300 young people for summer work.")
    expect(action).to_have_value("Pay 250 young people and mentor them.")
    assert Commitment.objects.get(pk=commitment.pk).local_action == (
        "Pay 300 young people for summer work."
    )

    # Saving again is the deliberate choice to keep hers.
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(action).to_be_hidden()
    expect(page.get_by_text("Pay 250 young people and mentor them.")).to_be_visible()
    assert Commitment.objects.get(pk=commitment.pk).local_action == (
        "Pay 250 young people and mentor them."
    )
