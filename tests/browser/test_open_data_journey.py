"""A visitor searches the portal with the keyboard, opens a blueprint it finds and reads its
open data and what each field means."""

import pytest
from playwright.sync_api import expect

from tests.opendata.test_search import blueprint

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_visitor_searches_the_portal_and_reads_a_blueprints_open_data(catalogue, page):
    found = blueprint([("Street outreach", "Hire violence interrupters.")],
                      title="Outreach plan")
    blueprint([("Parks", "Light the parks.")], title="Parks plan")
    page.goto("/blueprints/")
    page.get_by_label("Search the published blueprints").fill("outreach")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("1 blueprint matches.")
    expect(page.get_by_text("Commitments: Street outreach")).to_be_visible()

    page.get_by_role("link", name="Outreach plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outreach plan")
    expect(page.get_by_role("link", name="Creative Commons Attribution 4.0 (CC BY 4.0)")
           ).to_have_attribute("rel", "license")
    address = page.get_by_role("link", name="JSON").get_attribute("href")
    data = page.request.get(address).json()
    assert data["blueprint"]["id"] == found.pk
    assert [c["practice"] for c in data["commitments"]] == ["Street outreach"]

    page.get_by_role("link", name="What each field means").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Open data: what each field means")
    expect(page.get_by_role("row", name="annual_budget")).to_have_count(2)

    page.goto("/blueprints/search/?q=submarine")
    expect(page.get_by_role("status")).to_have_text("0 blueprints match.")
    page.get_by_role("link", name="Browse all the published blueprints").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Published blueprints")
