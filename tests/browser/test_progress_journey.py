"""An editor records a commitment's update and a measured value of the signed plan in
effect; a visitor, signed out, finds them on the plan's public progress page and reads the
measure's chart and its table."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plans import workflow
from plans.models import Commitment, OutcomeMeasure
from principles.models import Principle
from progress import record
from progress.models import Cadence
from stakeholders.models import Role
from tests.factories import FAST_HASHERS, PASSWORD, example_county, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editors_update_reaches_the_public_progress_page(catalogue, page, browser,
                                                            live_server, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    county = example_county()
    editor = member(county, Role.EDITOR, first_name="Eli", last_name="Editor")
    admin = member(county, Role.JURISDICTION_ADMIN)
    signatory = member(county, Role.SIGNATORY)
    year = timezone.localdate().year - 1
    plan = workflow.create_plan(jurisdiction=county, by=editor, title="Example County Plan",
                                first_year=year, last_year=year + 2)
    jobs = Commitment.objects.create(
        plan=plan, principle=Principle.objects.get(number=2), local_practice="Youth summer jobs",
        local_action="Pay 200 young people for summer work.", lead_agency="Workforce Board",
        annual_budget=Decimal(300000))
    OutcomeMeasure.objects.create(commitment=jobs, indicator="Young people employed",
                                  unit="people", baseline=Decimal(50), target=Decimal(200))
    today = timezone.localdate()
    workflow.open_consultation(plan, by=editor, opens=today, closes=today)
    workflow.close_consultation(plan, by=editor, seen_unfinished=True)
    workflow.request_signoff(plan, by=editor, seen_unfinished=True)
    workflow.sign(plan, by=signatory)
    plan.refresh_from_db()
    record.set_schedule(plan, cadence=Cadence.ANNUAL, due_days=30, by=admin)

    # The editor: from the plan to its record, last year's period, the commitment's update.
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Progress", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress: Example County Plan")
    page.get_by_role("link", name=str(year), exact=True).click()
    page.get_by_role("link", name="Record the update on Youth summer jobs").click()
    page.get_by_role("radio", name="At risk").check()
    page.get_by_label("What happened").fill("120 young people worked; two employers left.")
    page.get_by_label("Spent so far this year (USD)").fill("250000")
    page.get_by_role("button", name="Record the update").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The update on “Youth summer jobs” is recorded.")
    expect(page.get_by_role("article", name=re.compile("Youth summer jobs"))).to_contain_text(
        "At risk")

    # ... and a measured value, refused first for a date in the future.
    page.get_by_role("link", name="Progress", exact=True).click()
    page.get_by_role("link", name="Record a value of Young people employed").click()
    page.get_by_label("Value (people)").fill("120")
    page.get_by_label("For the date").fill(date(today.year + 1, 1, 31).isoformat())
    page.get_by_role("button", name="Record the value").click()
    expect(page.get_by_text("This date is in the future: record a value once it is "
                            "measured.")).to_be_visible()
    page.get_by_label("For the date").fill(date(year, 12, 31).isoformat())
    page.get_by_role("button", name="Record the value").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The value of “Young people employed” is recorded.")
    expect(page.locator(f"#measure-{OutcomeMeasure.objects.get().pk}")).to_contain_text(
        "latest 120 on")

    # A visitor, signed out, from the portal to the plan's progress and the measure's chart.
    visitor = browser.new_context(base_url=live_server.url, locale="en-US",
                                  viewport={"width": 390, "height": 844})
    public = visitor.new_page()
    public.goto("/blueprints/")
    public.get_by_role("link", name="Example County Plan").click()
    public.get_by_role("link", name="How the plan is going: its progress record").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Progress: Example County Plan")
    expect(public.locator(".record-totals")).to_contain_text("At risk: 1")
    expect(public.locator(".record-totals")).to_contain_text(
        f"$250,000 spent in {year} so far, of $300,000 planned a year")
    article = public.get_by_role("article", name=re.compile("Youth summer jobs"))
    expect(article).to_contain_text("120 young people worked; two employers left.")
    expect(article).to_contain_text("Young people employed: 120 people on")
    expect(article).to_contain_text("On track")  # 120 by Dec 31 of year 1: the path is at 100
    article.get_by_role("link", name="Chart and figures of Young people employed").click()
    chart = public.get_by_role("img", name="Young people employed")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] <= 390 and box["x"] >= 0  # the chart fits a 390 px phone
    table = public.get_by_role("table", name="The same figures as a table")
    expect(table.get_by_role("row", name=re.compile("Measured"))).to_contain_text("120")
    expect(public.get_by_role("heading", name=re.compile("Is it on track?"))).to_contain_text(
        "On track")
    visitor.close()
