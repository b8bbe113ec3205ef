"""A county's data lead makes an API token on their profile, then reads the API's
documentation and tries a public endpoint from it: Swagger UI's files come from the site
itself, and the content security policy lets the page run without one error."""

import pytest
from playwright.sync_api import expect

from api.models import ApiToken, hash_of
from stakeholders.models import Role
from tests.factories import PASSWORD, example_county, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_data_lead_makes_a_token_and_tries_the_api_from_its_documentation(catalogue, page):
    editor = member(example_county(), Role.EDITOR, first_name="Dana", last_name="Data")
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto("/profile/")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    page.get_by_label("Name").fill("County data warehouse")
    page.get_by_role("button", name="Create a token").click()
    secret = page.locator("#token-secret").inner_text()
    assert ApiToken.objects.get(user=editor).key_hash == hash_of(secret)
    expect(page.get_by_role("cell", name="County data warehouse", exact=True)).to_be_visible()

    page.get_by_role("link", name="API", exact=True).click()
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/blueprints/" in paths and "/api/measures/{id}/values/" in paths

    page.locator("#operations-principles-principles_list").locator(
        ".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    response = page.locator(".live-responses-table tbody .response-col_status").first
    expect(response).to_have_text("200")
    expect(page.locator(".live-responses-table")).to_contain_text("public-health-frame")
