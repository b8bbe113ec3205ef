"""A new visitor reads the Blueprint catalogue and switches to Spanish."""

import pytest
from playwright.sync_api import expect

from principles.catalogue import read_catalogue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_visitor_reads_principles_and_a_practice_then_switches_to_spanish(catalogue, page):
    data = read_catalogue()
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

    page.get_by_role("link", name="Read the five principles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The five principles of the Blueprint for Shared Safety"
    )
    for principle in data["principles"]:
        expect(
            page.get_by_role("heading", name=f"{principle['number']}. {principle['name']}")
        ).to_be_visible()

    practice = data["principles"][0]["practices"][0]
    page.get_by_role("link", name=practice["title"]).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(practice["title"])
    expect(page.get_by_role("heading", name="Questions to ask")).to_be_visible()
    expect(page.get_by_text(practice["questions"][0])).to_be_visible()

    page.get_by_role("link", name="Principles by stage").first.click()
    expect(page.get_by_role("table")).to_contain_text(data["principles"][4]["name"])

    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Principios por etapa")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("link", name="Principios").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Los cinco principios del Plan Rector para la Seguridad Compartida"
    )
