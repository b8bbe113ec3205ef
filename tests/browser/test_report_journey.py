"""An editor publishes the report of last year's period, with one commitment's update
missing; a visitor, signed out, finds it on the portal beside its blueprint, reads it,
downloads its PDF and checks that file on the verify page."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plans import workflow
from plans.models import Commitment, OutcomeMeasure
from principles.models import Principle
from progress import record
from progress.models import Cadence, ProgressReport, ProgressStatus
from stakeholders.models import Role
from tests.factories import FAST_HASHERS, PASSWORD, example_county, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_plan_with_a_year_over(county, editor, signatory):
    year = timezone.localdate().year - 1
    plan = workflow.create_plan(jurisdiction=county, by=editor, title="Example County Plan",
                                first_year=year, last_year=year + 2)
    for number, name, agency in ((2, "Youth summer jobs", "Workforce Board"),
                                 (1, "Street outreach", "Public Health Department")):
        commitment = Commitment.objects.create(
            plan=plan, principle=Principle.objects.get(number=number), local_practice=name,
            local_action="Steps we take.", lead_agency=agency, annual_budget=Decimal(300000))
        OutcomeMeasure.objects.create(commitment=commitment, indicator=f"Measure of {name}",
                                      unit="people", baseline=Decimal(50), target=Decimal(200))
    today = timezone.localdate()
    workflow.open_consultation(plan, by=editor, opens=today, closes=today)
    workflow.close_consultation(plan, by=editor, seen_unfinished=True)
    workflow.request_signoff(plan, by=editor, seen_unfinished=True)
    workflow.sign(plan, by=signatory)
    plan.refresh_from_db()
    return plan, year


def test_an_editor_publishes_a_report_the_public_reads_downloads_and_verifies_it(
        catalogue, page, browser, live_server, settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    county = example_county()
    editor = member(county, Role.EDITOR, first_name="Eli", last_name="Editor")
    admin = member(county, Role.JURISDICTION_ADMIN)
    signatory = member(county, Role.SIGNATORY)
    plan, year = signed_plan_with_a_year_over(county, editor, signatory)
    record.set_schedule(plan, cadence=Cadence.ANNUAL, due_days=30, by=admin)
    period = plan.reporting_periods.active().get(starts_on__year=year)
    jobs = plan.commitments.get(local_practice="Youth summer jobs")
    record.record_update(jobs, period, by=editor, status=ProgressStatus.AT_RISK,
                         account="120 young people worked; two employers left.",
                         spent_to_date=Decimal(250000))

    # The editor: from the record to last year's period, and its report published.
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Progress", exact=True).click()
    page.get_by_role("link", name=str(year), exact=True).click()
    expect(page.get_by_role("heading", name="The period's progress report")).to_be_visible()
    page.get_by_role("link", name=f"Publish the report for {year}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Publish the report for {year}")
    missing = page.get_by_role("region", name="Updates missing")
    expect(missing).to_contain_text("1 commitment has no update for this period.")
    expect(missing).to_contain_text("Street outreach (Public Health Department)")
    confirm = page.get_by_role("button", name=f"Confirm: publish the report for {year}")
    confirm.click()
    expect(page.get_by_role("alert")).to_contain_text(
        "1 commitment has no update for " + str(year) + ": confirm that you have seen it")
    page.get_by_label("I have seen which commitments have no update").check()
    page.get_by_role("button", name=f"Confirm: publish the report for {year}").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"The report for {year} is published; its PDF is being made.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Progress report for {year}: Example County Plan")
    report = ProgressReport.objects.get()

    # A visitor, signed out: the portal, the report beside its blueprint, its PDF.
    visitor = browser.new_context(base_url=live_server.url, locale="en-US",
                                  accept_downloads=True)
    public = visitor.new_page()
    public.goto("/blueprints/")
    public.get_by_role("link", name=re.compile(f"Progress report for {year}, published on")
                       ).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(
        f"Progress report for {year}: Example County Plan")
    expect(public.locator(".report-missing")).to_contain_text("No update for 1 commitment.")
    expect(public.locator(".report-totals")).to_contain_text(
        f"$250,000 spent in {year} so far, of $600,000 planned a year")
    youth = public.get_by_role("article", name=re.compile("Youth summer jobs"))
    expect(youth).to_contain_text("120 young people worked; two employers left.")
    expect(public.get_by_role("article", name=re.compile("Street outreach"))).to_contain_text(
        f"No update for {year}.")
    expect(public.get_by_role("img", name="Measure of Youth summer jobs")).to_be_visible()
    with public.expect_download() as download_info:
        public.get_by_role("link", name=re.compile(r"Download the PDF \(\d+ pages")).click()
    download = download_info.value
    assert download.suggested_filename == f"example-county-v1-progress-report-{year}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")

    # ... and checks the file on the verify page.
    public.get_by_role("link", name="Check a report on the verify page").click()
    public.get_by_label("A blueprint PDF").set_input_files(str(saved))
    public.get_by_role("button", name="Verify").click()
    result = public.get_by_role("status")
    expect(result).to_contain_text(
        "Verified: this file is a progress report published on this site, unchanged.")
    expect(result).to_contain_text(
        f"The progress report for {year} of “Example County Plan”, version 1, published on")
    expect(result).to_contain_text(report.digest)
    visitor.close()
