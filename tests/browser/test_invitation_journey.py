"""A jurisdiction admin invites an editor, who sets a password from the email and signs in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from stakeholders.models import Role
from tests.factories import PASSWORD, example_county, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NEW_PASSWORD = "a-long-fresh-password"


def sign_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")


def test_admin_invites_an_editor_who_joins_and_signs_in(catalogue, page, browser, live_server):
    county = example_county()
    admin = member(county, Role.JURISDICTION_ADMIN, first_name="Ada", last_name="Admin")

    sign_in(page, admin.username, PASSWORD)
    page.get_by_role("link", name="Example County", exact=True).click()
    page.get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members of Example County")
    page.get_by_role("link", name="Invite a person").click()
    page.get_by_label("Email").fill("nia.newcomer@example.org")
    # Each role shows the fields it needs: agency and title for a signatory, the
    # organization (or a new one) for a partner, none for an editor.
    role, agency = page.get_by_label("Role"), page.get_by_label("Agency")
    organization = page.get_by_label("Organization", exact=True)
    role.select_option(label="Signatory")
    expect(agency).to_be_visible()
    expect(organization).to_be_hidden()
    role.select_option(label="Partner")
    expect(agency).to_be_hidden()
    expect(organization).to_be_visible()
    page.get_by_text("Not in the list? Add the organization here").click()
    expect(page.get_by_label("Name of the organization")).to_be_visible()
    role.select_option(label="Editor")
    expect(organization).to_be_hidden()
    expect(page.get_by_label("Name of the organization")).to_be_hidden()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to nia.newcomer@example.org.")).to_be_visible()
    expect(page.get_by_text("nia.newcomer@example.org · Editor")).to_be_visible()

    assert [message.to for message in mail.outbox] == [["nia.newcomer@example.org"]]
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)

    invitee = browser.new_context(base_url=live_server.url, locale="en-US")
    invitee.set_default_timeout(10_000)
    errors = []
    tab = invitee.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(link)
    expect(tab.get_by_role("heading", level=1)).to_have_text("Join Example County")
    tab.get_by_label("First name").fill("Nia")
    tab.get_by_label("Last name").fill("Newcomer")
    tab.get_by_label("Username").fill("nia")
    tab.get_by_label(re.compile(r"^\s*Password\W*$")).fill(NEW_PASSWORD)
    tab.get_by_label("Password confirmation").fill(NEW_PASSWORD)
    tab.get_by_role("button", name="Set my password and join").click()

    expect(tab.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    expect(tab.get_by_text("Welcome. You are now Editor of Example County.")).to_be_visible()
    jurisdictions = tab.get_by_role("region", name="Your jurisdictions")
    expect(jurisdictions.get_by_role("link", name="Example County", exact=True)).to_be_visible()
    expect(jurisdictions).to_contain_text("Your roles: Editor")

    tab.locator(".account-menu summary").click()  # the account menu
    tab.get_by_role("button", name="Sign out").click()
    expect(tab.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    sign_in(tab, "nia", NEW_PASSWORD)
    expect(tab.locator(".account-menu summary")).to_have_text("Nia Newcomer")
    tab.locator(".account-menu summary").click()
    expect(tab.get_by_text("Signed in as Nia Newcomer")).to_be_visible()
    expect(tab.get_by_role("link", name="Example County", exact=True)).to_be_visible()

    tab.goto(link)
    expect(tab.get_by_text("This link has already been used")).to_be_visible()
    invitee.close()
    assert errors == []


def test_a_site_admin_creates_a_jurisdiction_whose_address_follows_its_name(
        catalogue, page, live_server):
    from tests.factories import UserFactory

    site_admin = UserFactory(username="sita", is_staff=True, first_name="Sita", last_name="Admin")
    sign_in(page, site_admin.username, PASSWORD)
    page.get_by_role("link", name="Create a jurisdiction").click()
    page.wait_for_load_state("load")  # slug.js (deferred) listens once the page has loaded
    name, slug = page.locator("#id_name"), page.get_by_label("Web address name")

    name.fill("San José County")
    expect(slug).to_have_value("san-jose-county")  # filled in as the name is typed
    slug.fill("sj-county")
    name.fill("San José County, CA")
    expect(slug).to_have_value("sj-county")  # once edited, the person's own stays
    page.get_by_label("Kind").select_option(label="County")
    page.get_by_label("State").fill("CA")
    page.get_by_label("Email of the first jurisdiction admin").fill("first@example.org")
    page.get_by_role("button", name="Create jurisdiction and send the invitation").click()
    expect(page).to_have_url(re.compile(r"/jurisdictions/sj-county/$"))
