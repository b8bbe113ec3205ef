"""A partner comments on a principle of a plan in consultation; an editor adopts it with an
official answer; the partner gets the email and finds the answer under the comment."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from plans import workflow
from plans.models import Commitment
from principles.models import Principle
from stakeholders.models import Role
from tests.factories import (
    FAST_HASHERS,
    PASSWORD,
    MembershipFactory,
    UserFactory,
    example_county,
    member,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

COMMENT = "Nothing here is about reentry. People coming home need housing on day one."
RESPONSE = "Agreed: we add a reentry housing commitment under this principle."


def sign_in(page, username):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.locator(".account-menu summary").click()  # the account menu
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()


def test_partner_comments_editor_responds_partner_sees_the_response_and_its_email(
    catalogue, page, live_server, settings
):
    settings.SITE_URL = live_server.url  # the links in emails lead to this test's server
    settings.PASSWORD_HASHERS = FAST_HASHERS  # three sign-ins
    county = example_county()
    editor = member(county, Role.EDITOR, first_name="Eli", last_name="Editor")
    partner = UserFactory(first_name="Pat", last_name="Partner")
    MembershipFactory(
        user=partner, jurisdiction=county, partner=True, organization__name="Example Youth Alliance"
    )
    plan = workflow.create_plan(
        jurisdiction=county,
        by=editor,
        title="Example County Safety Plan",
        first_year=2027,
        last_year=2030,
    )
    Commitment.objects.create(
        plan=plan,
        principle=Principle.objects.get(number=2),
        local_practice="Youth summer jobs",
        local_action="Pay 200 young people for summer work.",
        lead_agency="Workforce Board",
    )
    today = timezone.localdate()
    workflow.open_consultation(plan, by=editor, opens=today, closes=today + timedelta(days=30))
    mail.outbox.clear()  # the invitation to comment; this journey follows the response's email
    breaking_the_cycle = Principle.objects.get(number=4).name

    # The partner comments on one principle.
    page.goto(plan.get_absolute_url())
    sign_in(page, partner.username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Example County Safety Plan")
    page.get_by_role("link", name="Comments", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Comments on Example County Safety Plan"
    )
    expect(page.get_by_role("status").filter(has_text="Consultation is open")).to_contain_text(
        "Consultation is open until")
    page.get_by_role("combobox", name="About").select_option(label=breaking_the_cycle)
    page.get_by_role("textbox", name="Comment").fill(COMMENT)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    on_principle = page.get_by_role("region", name=f"4. {breaking_the_cycle}")
    mine = on_principle.get_by_role("article").filter(has_text=COMMENT)
    expect(mine).to_contain_text("Pat Partner, Example Youth Alliance")
    expect(mine).not_to_contain_text("Official answer")
    sign_out(page)

    # The editor adopts it.
    page.goto(plan.get_absolute_url())
    sign_in(page, editor.username)
    page.get_by_role("link", name="Comments", exact=True).click()
    page.get_by_role("link", name="Give the official answer to Pat Partner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give the official answer")
    expect(page.get_by_role("blockquote")).to_contain_text(COMMENT)
    page.get_by_role("combobox", name="Disposition").select_option(label="Adopted")
    page.get_by_role("textbox", name="Official answer").fill(RESPONSE)
    page.get_by_role("button", name="Publish the official answer").click()
    expect(page.get_by_text("The official answer is published.")).to_be_visible()
    expect(page.get_by_role("link", name="Change the official answer")).to_be_visible()
    sign_out(page)

    # The email reaches the partner, with a link to the comment.
    [email] = mail.outbox
    assert email.to == [partner.email]
    assert email.subject == "Your comment on Example County Safety Plan has an official answer"
    assert "Disposition: Adopted." in email.body and RESPONSE in email.body
    link = re.search(r"https?://\S+", email.body).group(0)
    assert link.startswith(f"{live_server.url}/plans/{plan.pk}/consultation/?comment=")

    # The partner follows it, signs in, and reads the answer under the comment.
    page.goto(link)
    sign_in(page, partner.username)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Comments on Example County Safety Plan"
    )
    mine = page.get_by_role("article").filter(has_text=COMMENT)
    expect(mine).to_contain_text("Official answer")
    expect(mine).to_contain_text("Adopted")
    expect(mine).to_contain_text(RESPONSE)
    expect(mine).to_contain_text("Eli Editor")
