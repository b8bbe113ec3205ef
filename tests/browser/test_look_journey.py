"""How the pages look where it matters to people reading them, measured in Chromium: the
header holds one row at 1280 px in English and Spanish; a plan's menu and stage stay in
sight down its long page; the investment balance reads at the page's size on a phone; and
printing the plan, the public blueprint and What we heard leaves navigation and buttons out
and writes each link's address after it."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from plans.demo import seed
from plans.models import Plan, Status
from tests.factories import FAST_HASHERS, PASSWORD, password_hash

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# The header's parts, each as its box: the brand, every link of the menu, the tools.
HEADER_BOXES = """() => [...document.querySelectorAll(
    '.site-header .brand, .site-header .navbar-nav > li, .site-header .header-tools > *')]
  .map(el => { const b = el.getBoundingClientRect();
               return {what: el.textContent.trim().replace(/\\s+/g, ' '), top: b.top,
                       bottom: b.bottom}; })"""


@pytest.fixture
def demo(catalogue, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    list(seed())
    get_user_model().objects.update(password=password_hash())
    return {
        "current": Plan.objects.get(jurisdiction__slug="example-county",
                                    status=Status.CONSULTATION),
        "signed": Plan.objects.get(jurisdiction__slug="example-county",
                                   status=Status.SIGNED_OFF),
    }


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def one_row(page):
    """Why the header is not one row, or None: every part must share one horizontal band."""
    boxes = page.evaluate(HEADER_BOXES)
    middles = [(box["top"] + box["bottom"]) / 2 for box in boxes]
    if max(middles) - min(middles) > 12:
        return f"parts on different rows: {boxes}"
    height = page.locator(".site-header").bounding_box()["height"]
    return f"header {height} px tall" if height > 80 else None


def test_the_header_holds_one_row_at_1280_px_in_english_and_spanish(demo, browser, live_server):
    problems = []
    for username in (None, "official", "admin", "partner"):
        context = browser.new_context(base_url=live_server.url, viewport=WIDE)
        page = context.new_page()
        if username:
            sign_in(page, username)
        for language in ("en", "es"):
            context.add_cookies([{"name": "django_language", "value": language,
                                  "url": live_server.url}])
            for path in ("/", demo["current"].get_absolute_url() if username else "/blueprints/"):
                page.goto(path)
                expect(page.locator(".site-header .navbar-nav")).to_be_visible()
                if problem := one_row(page):
                    problems.append(f"[{username or 'signed out'}, {language}] {path}: {problem}")
        context.close()
    assert problems == [], "\n".join(problems)


def test_a_plans_menu_and_stage_stay_in_sight_down_the_page(demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=WIDE)
    page = context.new_page()
    sign_in(page, "official")
    page.goto(demo["current"].get_absolute_url())
    stage = page.locator(".stage-pill")
    expect(stage).to_have_text("Stage 2 of 5: In consultation")

    page.locator("#principle-making-the-system-work").scroll_into_view_if_needed()
    page.mouse.wheel(0, 20000)
    page.wait_for_function("() => window.scrollY > 2000")
    box = stage.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= WIDE["height"], box
    menu = page.get_by_role("navigation", name="On this page")
    expect(menu.get_by_role("link", name="Breaking the cycle")).to_be_in_viewport()
    menu.get_by_role("link", name="Public health").click()
    expect(page.locator("#principle-public-health-frame-heading")).to_be_in_viewport()
    context.close()


def test_the_investment_balance_reads_at_the_pages_size_on_a_phone(demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto(f"/blueprints/{demo['signed'].pk}/")
    sizes = page.locator(".balance-chart .balance-label, .balance-chart .balance-amount")
    expect(sizes.first).to_be_visible()
    smallest = min(page.evaluate(
        "els => els.map(el => parseFloat(getComputedStyle(el).fontSize))",
        sizes.element_handles()))
    assert smallest >= 14, f"the chart's words shrink to {smallest} px at 390 px wide"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


PRINTED = """() => {
  const shown = el => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  const link = [...document.querySelectorAll('main a[href]')]
    .find(a => !a.getAttribute('href').startsWith('#') && shown(a));
  return {
    header: shown(document.querySelector('.site-header')),
    footer: shown(document.querySelector('.site-footer')),
    buttons: [...document.querySelectorAll('button, .btn, form')].filter(shown).length,
    menus: [...document.querySelectorAll('nav')].filter(shown).length,
    href: link && link.getAttribute('href'),
    after: link && getComputedStyle(link, '::after').content,
  };
}"""


def test_printing_leaves_navigation_and_buttons_out_and_writes_links(demo, browser,
                                                                     live_server):
    context = browser.new_context(base_url=live_server.url, viewport=WIDE)
    page = context.new_page()
    sign_in(page, "official")
    plan = demo["current"]
    links = 0
    for path in (plan.get_absolute_url(), f"/blueprints/{demo['signed'].pk}/",
                 f"/plans/{plan.pk}/heard/"):
        page.goto(path)
        page.emulate_media(media="print")
        printed = page.evaluate(PRINTED)
        assert printed["header"] is False and printed["footer"] is False, (path, printed)
        assert printed["buttons"] == 0 and printed["menus"] == 0, (path, printed)
        if printed["href"]:  # the blueprint page links only within itself when printed
            assert printed["href"] in printed["after"], (path, printed)
        links += bool(printed["href"])
        page.emulate_media(media="screen")
        expect(page.locator(".site-header")).to_be_visible()
    assert links >= 2
    context.close()
