"""An editor asks for sign-off; a signatory sees the unread count in the header, opens the
notice from the list and lands on the plan; they return it with a reason, which the editor
finds among their notifications and marks read in place."""

import pytest
from playwright.sync_api import expect

from plans import workflow
from tests.factories import PASSWORD
from tests.notifications.conftest import ready_plan
from tests.plans.factories import county_people, in_revision

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")


def test_a_signoff_request_and_a_return_reach_the_people_they_need(
    catalogue, page, browser, live_server
):
    people = county_people()
    plan = in_revision(ready_plan(people), people.editor)
    plan_url = plan.get_absolute_url()

    sign_in(page, people.editor.username)
    header = page.get_by_role("navigation", name="Main")
    expect(header.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    page.goto(plan_url)
    page.get_by_role("link", name="Request sign-off").click()
    # the check before the step lists what is unfinished (principles without a commitment)
    page.get_by_label("I have seen what is unfinished and want to go on").check()
    page.get_by_role("button", name="Confirm: Request sign-off").click()
    expect(page.get_by_role("status")).to_contain_text("Sign-off is requested")

    signatory = browser.new_context(base_url=live_server.url, locale="en-US")
    signatory.set_default_timeout(10_000)
    errors = []
    tab = signatory.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(tab, people.first_signatory.username)
    # the consultation's opening and closing, then the request: loaded by htmx after the page
    link = tab.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Notifications 3 unread")
    expect(link).to_be_visible()
    link.click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Notifications")
    tab.get_by_role(
        "button", exact=True, name="Eli Editor asks you to sign off “Example County Safety "
        "Plan” or to return it with a reason.",
    ).click()
    expect(tab).to_have_url(f"{live_server.url}{plan_url}")
    expect(tab.get_by_role("link", name="Notifications 2 unread")).to_be_visible()
    workflow.return_plan(plan, by=people.first_signatory, reason="Add the health budget.")
    signatory.close()
    assert errors == []

    page.reload()
    expect(page.get_by_role("link", name="Notifications 1 unread")).to_be_visible()
    page.get_by_role("link", name="Notifications 1 unread").click()
    notice = page.get_by_role("listitem").filter(has_text="Add the health budget.")
    expect(notice).to_contain_text(
        "Sam Signer returned “Example County Safety Plan” for revision: Add the health budget.")
    expect(notice).to_contain_text("Unread")
    notice.get_by_role("button", name="Mark as read").click()
    expect(notice).not_to_contain_text("Unread")  # swapped in place by htmx
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Notifications 1 unread")).to_have_count(0)
