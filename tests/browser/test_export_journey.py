"""A signatory signs off a plan; an editor watches its blueprint export finish and downloads
the PDF; anyone finds it on the public portal."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from plans.models import ExportJob
from stakeholders.models import Role
from tests.factories import PASSWORD, example_county, member
from tests.publishing.factories import plan_in_review

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SIGNATORY = [("Sam", "Signer", "Chief Probation Officer", "County Probation Department")]


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")


def test_a_signed_off_plan_is_exported_watched_and_downloaded(catalogue, page):
    county = example_county()
    story = plan_in_review(county, title="Example County Safety Plan", signatories=SIGNATORY)
    editor = member(county, Role.EDITOR, first_name="Erin", last_name="Second")
    plan_url = story.plan.get_absolute_url()

    # The signatory signs; being the last one, the plan is signed off and its export runs.
    sign_in(page, story.signatories[0])
    page.goto(plan_url)
    expect(page.get_by_text("In review for sign-off", exact=True)).to_be_visible()
    page.get_by_role("link", name="Sign off", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign off")
    page.get_by_role("button", name="Confirm: Sign off").click()
    expect(page.get_by_text("Every signatory has signed: the plan is signed off.")).to_be_visible()
    expect(page.locator("header").get_by_text("Signed off", exact=True)).to_be_visible()
    page.locator(".account-menu summary").click()  # the account menu
    page.get_by_role("button", name="Sign out").click()

    job = ExportJob.objects.get(plan=story.plan)
    assert job.state == ExportJob.State.DONE, job.error  # tasks run in-process here
    finished = {"state": job.state, "progress": job.progress}

    # Seen while it still runs, the status updates in place (htmx) and stops polling.
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING, progress=40)
    polls = []
    page.on("request", lambda request: "/status/" in request.url and polls.append(request.url))
    sign_in(page, editor)
    page.goto(plan_url)
    expect(page.get_by_text("Latest export: running, 40% done.")).to_be_visible()
    page.get_by_role("link", name="Follow it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signed blueprint as PDF")
    status = page.get_by_role("status")
    expect(status).to_have_text(re.compile(r"Running\s+—\s+40% done"))
    expect(page.get_by_role("progressbar", name="Export progress")).to_have_attribute(
        "aria-valuenow", "40"
    )
    page.evaluate("window.notReloaded = true")

    ExportJob.objects.filter(pk=job.pk).update(**finished)

    expect(status).to_have_text("Done")
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
    polled = len(polls)
    assert polled >= 1
    page.wait_for_timeout(2200)  # two polling periods and more
    assert len(polls) == polled, "htmx kept polling after the export finished"

    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == "example-county-v1-blueprint.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(download.path()).pages)
    assert "Example County Safety Plan" in text

    # Asked for again, the PDF takes its time: meanwhile the button says it is working and
    # cannot be pressed twice. (The page's own handler runs first; one added on the window
    # then keeps the browser on the page long enough to look at it.)
    page.goto(plan_url)
    page.evaluate("window.addEventListener('submit', event => event.preventDefault())")
    button = page.get_by_role("button", name="Export the signed blueprint as PDF")
    button.click()
    expect(button).to_be_disabled()
    expect(page.get_by_role("status").filter(
        has_text="Preparing the PDF: this takes a few seconds…")).to_be_visible()
    expect(page.locator(".busy-spinner")).to_be_visible()
    page.evaluate("document.querySelector('form[data-busy]').submit()")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signed blueprint as PDF")

    # Anyone, signed out, finds it on the portal.
    page.locator(".account-menu summary").click()  # the account menu
    page.get_by_role("button", name="Sign out").click()
    page.goto("/blueprints/")
    page.get_by_role("link", name="Example County Safety Plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Example County Safety Plan")
    expect(page.get_by_role("img", name="Investment balance")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Download the PDF \(\d+ pages")).click()
    assert Path(info.value.path()).read_bytes() == data
