"""WCAG 2.1 AA, proved in Chromium.

1. axe-core finds no violation on any main page, signed out and for each role, in English and
   in Spanish.
2. Every one of those pages fits 320 px without scrolling sideways (a table may scroll inside
   its own .table-responsive box).
3. The whole journey (draft, consult, comment, respond, review, sign off, export, download)
   works with the keyboard alone: Tab, Shift+Tab, Enter and typing, never the mouse.
"""

import re
import time
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from plans import workflow
from plans.demo import seed
from plans.models import Commitment, ExportJob, OutcomeMeasure, Plan, Status
from progress.models import MeasuredValue, ProgressReport, ReportingPeriod
from stakeholders.input import Comment, ListeningSession, Response
from stakeholders.models import Jurisdiction, Role
from tests.factories import FAST_HASHERS, PASSWORD, example_county, member, password_hash

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

AXE = Axe()
LANGUAGES = ["en", "es"]
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
ROLES = ["official", "approver", "partner", "admin"]  # the demo's accounts, see plans/demo.py
# The pages each role is refused (403); every other member page must answer 200.
PROGRESS_EDITING = {"progress update", "measured value", "value import", "publish report"}
REFUSED = {
    "official": {"sign"},
    "approver": {"members", "invite", "plan edit", "commitment form", "transition", "reply",
                 "listening session", "audit log", "reporting schedule", *PROGRESS_EDITING},
    "partner": {"members", "invite", "plan edit", "commitment form", "transition",
                "listening session", "audit log", "sign", "reporting schedule",
                *PROGRESS_EDITING},
    "admin": {"plan edit", "commitment form", "transition", "reply", "listening session",
              "sign", *PROGRESS_EDITING},
}
# Chromium logs a 403 or 404 page's own request as a console error ("Failed to load resource").
REFUSED_PAGE = re.compile(r"Failed to load resource: .* status of 40[34]")


# --- the world and its pages ---------------------------------------------------------------


@dataclass
class World:
    signed: Plan
    current: Plan
    comment: Comment
    job: ExportJob
    running_job: ExportJob
    period: ReportingPeriod  # of the signed plan's record (the demo's), reported
    measure: OutcomeMeasure
    value: MeasuredValue  # a corrected one: its correction page says so
    report: ProgressReport  # the demo's, of the first reported period, with a comment
    unreported: ReportingPeriod  # the second reported period, waiting for its report


@pytest.fixture
def fast_hashers(settings):
    """These tests sign in seven times: a fast hash saves seconds (security is tested apart)."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def world(catalogue, fast_hashers):
    """The demo data (two plans, comments, sessions, every role) with the tests' password (the
    demo password is refused when DEBUG is off), and two PDF export jobs: done and running."""
    list(seed())
    get_user_model().objects.update(password=password_hash())
    county = Jurisdiction.objects.get(slug="example-county")
    signed = Plan.objects.get(jurisdiction=county, status=Status.SIGNED_OFF)
    current = Plan.objects.get(jurisdiction=county, status=Status.CONSULTATION)
    official = get_user_model().objects.get(username="official")
    job = ExportJob.objects.get(plan=signed, kind=ExportJob.Kind.BLUEPRINT)  # sign-off made it
    assert job.state == ExportJob.State.DONE
    running_job = ExportJob.objects.create(
        key=f"preview-{current.pk}-running", plan=current, kind=ExportJob.Kind.PREVIEW,
        state=ExportJob.State.RUNNING, progress=40, requested_by=official)
    comment = Comment.objects.filter(plan=current, parent=None, hidden_at=None,
                                     response__isnull=True).first()
    assert ListeningSession.objects.filter(plan=current).exists()
    value = MeasuredValue.objects.filter(measure__commitment__plan=signed,
                                         correction__isnull=False).select_related("measure").get()
    period = ReportingPeriod.objects.filter(plan=signed, updates__isnull=False).first()
    report = ProgressReport.objects.get(plan=signed)
    unreported = (ReportingPeriod.objects.filter(plan=signed, updates__isnull=False,
                                                 report__isnull=True).distinct().first())
    return World(signed, current, comment, job, running_job, period, value.measure, value,
                 report, unreported)


def public_pages(world):
    principle = world.current.commitments.first().principle
    return [
        ("home", "/"),
        ("principles", "/principles/"),
        ("principle", principle.get_absolute_url()),
        ("practice", principle.practices.first().get_absolute_url()),
        ("grid", "/principles/grid/"),
        ("sign-in", "/accounts/login/"),
        ("password reset", "/accounts/password_reset/"),
        ("blueprints portal", "/blueprints/"),
        ("blueprint", f"/blueprints/{world.signed.pk}/"),
        ("practices adopted", "/blueprints/practices/"),
        ("progress", f"/blueprints/{world.signed.pk}/progress/"),
        ("measure chart", f"/blueprints/{world.signed.pk}/progress/measures/"
                          f"{world.measure.pk}/"),
        ("progress report", world.report.get_absolute_url()),
        ("verify", "/verify/"),
        ("open data dictionary", "/open-data/"),
        ("search results", "/blueprints/search/?q=violence"),
        ("search without results", "/blueprints/search/?q=submarine"),
        ("404", "/no-such-page/"),
    ]


def member_pages(world, username):
    """The pages of the brief for everyone signed in; the official, who can do most, also
    gets the signed plan, a running export, and the amend, respond and no-JS editing pages."""
    plan, slug = world.current, world.current.jurisdiction.slug
    commitment = plan.commitments.first()
    principle = commitment.principle
    extra = username == "official"
    pages = [
        ("dashboard", "/dashboard/"),
        ("profile", "/profile/"),
        ("notification choices", "/profile/notifications/"),
        ("notifications", "/notifications/"),
        ("jurisdiction", f"/jurisdictions/{slug}/"),
        ("members", f"/jurisdictions/{slug}/members/"),
        ("invite", f"/jurisdictions/{slug}/members/invite/"),
        ("organizations", f"/jurisdictions/{slug}/organizations/"),
        ("plans", f"/jurisdictions/{slug}/plans/"),
        ("plan", f"/plans/{plan.pk}/"),
        extra and ("signed plan", f"/plans/{world.signed.pk}/"),
        ("plan edit", f"/plans/{plan.pk}/edit/"),
        ("commitment form", f"/plans/{plan.pk}/principles/{principle.slug}/commitments/new/"),
        extra and ("principle section", f"/plans/{plan.pk}/principles/{principle.slug}/"),
        extra and ("priorities", f"/plans/{plan.pk}/priorities/"),
        extra and ("remove commitment", f"/commitments/{commitment.pk}/remove/"),
        ("history", f"/plans/{plan.pk}/history/"),
        ("compare", f"/plans/{plan.pk}/compare/"),
        ("transition", f"/plans/{plan.pk}/do/close_consultation/"),
        extra and ("amend", f"/plans/{world.signed.pk}/do/amend/"),
        ("sign", f"/plans/{plan.pk}/do/sign/"),
        ("consultation", f"/plans/{plan.pk}/consultation/"),
        ("reply", f"/comments/{world.comment.pk}/reply/"),
        extra and ("respond", f"/comments/{world.comment.pk}/respond/"),
        ("what we heard", f"/plans/{plan.pk}/heard/"),
        ("voices", f"/plans/{plan.pk}/voices/"),
        ("listening session", f"/plans/{plan.pk}/sessions/new/"),
        ("audit log", f"/jurisdictions/{slug}/audit/"),
        ("export done", f"/exports/{world.job.pk}/"),
        ("progress record", f"/plans/{world.signed.pk}/progress/"),
        ("reporting period", f"/progress/periods/{world.period.pk}/"),
        ("progress update", f"/progress/periods/{world.period.pk}/commitments/"
                            f"{world.measure.commitment_id}/"),
        ("measured value", f"/progress/measures/{world.measure.pk}/values/new/"),
        extra and ("value correction", f"/progress/values/{world.value.pk}/correct/"),
        ("value import", f"/plans/{world.signed.pk}/progress/import/"),
        ("reporting schedule", f"/plans/{world.signed.pk}/progress/schedule/"),
        ("publish report", f"/progress/periods/{world.unreported.pk}/publish/"),
        ("report comments", world.report.get_comments_url()),
        extra and ("progress report, signed in", world.report.get_absolute_url()),
        extra and ("export running", f"/exports/{world.running_job.pk}/"),
        ("404", "/plans/999999/"),
    ]
    return [page for page in pages if page]


# --- browser helpers -----------------------------------------------------------------------


class Tab:
    """A browser context of its own (cookies, language) with one page, collecting the errors
    the browser reports."""

    def __init__(self, browser, live_server, language="en"):
        self.live_server = live_server
        self.context = browser.new_context(base_url=live_server.url, locale="en-US",
                                           viewport=WIDE)
        self.context.set_default_timeout(10_000)
        self.errors = []
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self.on_console)
        self.set_language(language)

    def on_console(self, message):
        if message.type != "error":
            return
        if REFUSED_PAGE.search(message.text) and message.location["url"] == self.page.url:
            return  # the 403 or 404 page itself, not a resource it failed to load
        self.errors.append(f"{message.text} ({message.location['url']})")

    def set_language(self, language):
        """What the header's language form stores: Django's language cookie."""
        self.context.add_cookies([{"name": "django_language", "value": language,
                                   "url": self.live_server.url}])

    def sign_in(self, username):
        self.page.goto("/accounts/login/")
        self.page.locator("#id_username").fill(username)
        self.page.locator("#id_password").fill(PASSWORD)
        self.page.locator("main button[type=submit]").click()
        expect(self.page).to_have_url(re.compile(r"/dashboard/$"))

    def close(self):
        self.context.close()
        assert self.errors == [], f"the browser reported errors: {self.errors}"


def axe_violations(page):
    """axe-core's violations on the page, one line per element: rule, impact, where, what."""
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}) at {' '.join(map(str, node['target']))}: {v['help']}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


# Elements that stick out of the viewport, unless a box that scrolls or clips holds them.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const held = el => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map(c => '.' + c).join('');
  const wide = [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !held(el));
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 6).map(describe)};
}"""


def sideways_scroll(page):
    """Why the page scrolls sideways at 320 px, or None."""
    measure = page.evaluate(STICKING_OUT)
    if measure["scrollWidth"] <= NARROW["width"] + 1:
        return None
    return f"scrollWidth {measure['scrollWidth']} > {NARROW['width']}; too wide: {measure['wide']}"


@dataclass
class Findings:
    axe: list = field(default_factory=list)
    narrow: list = field(default_factory=list)
    statuses: list = field(default_factory=list)
    pages: int = 0
    seen: dict = field(default_factory=dict)

    def check(self, tab, who, language, pages, expected):
        """Open each page, run axe-core on it and measure it at 320 px.

        English runs axe-core at desktop width, then narrows the page to measure it; Spanish
        (the longer text) runs at 320 px throughout, so axe-core sees both layouts. The 403
        and 404 pages are one template each wherever they appear: axe-core checks each once
        signed out and once signed in, per language."""
        page = tab.page
        seen = self.seen.setdefault((who == "signed out", language), set())
        desktop = language == "en"
        page.set_viewport_size(WIDE if desktop else NARROW)
        for name, path in pages:
            where = f"[{who}, {language}] {name} {path}"
            status = page.goto(path).status
            if status != expected(name):
                self.statuses.append(f"{where}: answered {status}, not {expected(name)}")
            if (lang := page.locator("html").get_attribute("lang")) != language:
                self.statuses.append(f"{where}: <html lang={lang}>, not {language}")
            if status not in seen:
                self.pages += 1
                self.run_axe(page, where)
            if status >= 400:
                seen.add(status)
            if desktop:
                page.set_viewport_size(NARROW)
            if problem := sideways_scroll(page):
                self.narrow.append(f"{where}: {problem}")
            if desktop:
                page.set_viewport_size(WIDE)

    def run_axe(self, page, where):
        if found := axe_violations(page):
            self.axe.append(f"{where}:\n    " + "\n    ".join(found))

    def open_menu_narrow(self, tab, who, language):
        """At 320 px the navigation folds into a menu button: open it with the keyboard;
        the open menu must fit and pass axe-core too."""
        page = tab.page
        page.set_viewport_size(NARROW)
        page.goto("/")
        menu = page.locator(".navbar-toggler")
        tab_to(page, menu)
        page.keyboard.press("Enter")
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(page.locator("#site-nav")).to_have_class(re.compile(r"\bshow\b"))
        expect(page.locator(".language-switch button")).to_be_visible()  # the menu is open
        where = f"[{who}, {language}] the open menu at 320 px"
        if problem := sideways_scroll(page):
            self.narrow.append(f"{where}: {problem}")
        self.run_axe(page, where)

    def report(self):
        parts = []
        if self.axe:
            parts.append("axe-core violations:\n" + "\n".join(self.axe))
        if self.narrow:
            parts.append("pages that scroll sideways at 320 px:\n" + "\n".join(self.narrow))
        if self.statuses:
            parts.append("unexpected answers or languages:\n" + "\n".join(self.statuses))
        return "\n\n".join(parts)


def tab_to(page, target, *, backwards=False, limit=200):
    """Press Tab (or Shift+Tab) until ``target``, a locator, holds the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if target.evaluate_all("els => els.includes(document.activeElement)"):
            return
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML")
    pytest.fail(f"{limit} presses of {key} never reached {target}; focus is on {focused}")


# --- 1 and 2: every page, every role, both languages ---------------------------------------


def test_every_page_passes_axe_and_fits_320_px_in_both_languages(
    catalogue, world, browser, live_server
):
    started = time.monotonic()
    findings = Findings()
    for language in LANGUAGES:
        tab = Tab(browser, live_server, language)
        findings.check(tab, "signed out", language, public_pages(world),
                       lambda name: 404 if name == "404" else 200)
        findings.open_menu_narrow(tab, "signed out", language)
        tab.close()
    for username in ROLES:
        tab = Tab(browser, live_server)
        tab.sign_in(username)
        for language in LANGUAGES:
            tab.set_language(language)
            findings.check(
                tab, username, language, member_pages(world, username),
                lambda name, username=username:
                    404 if name == "404" else 403 if name in REFUSED[username] else 200)
        if username == "official":  # the signed-in menu is the same for every role
            findings.open_menu_narrow(tab, username, "es")
        tab.close()
    print(f"axe-core checked {findings.pages} pages in {time.monotonic() - started:.1f} s")
    assert not (findings.axe or findings.narrow or findings.statuses), findings.report()


# --- 3: the whole journey with the keyboard alone ------------------------------------------


@dataclass
class Journey:
    plan: Plan
    editor: object
    partner: object
    signatory: object


@pytest.fixture
def journey(catalogue, fast_hashers):
    county = example_county()
    editor = member(county, Role.EDITOR, first_name="Elena", last_name="Editor")
    partner = member(county, Role.PARTNER, first_name="Pablo", last_name="Partner")
    signatory = member(county, Role.SIGNATORY, first_name="Sara", last_name="Signatory")
    plan = workflow.create_plan(
        jurisdiction=county, by=editor, title="Example County Safety Plan",
        first_year=2027, last_year=2029, vision="Everyone in Example County is safe.")
    return Journey(plan, editor, partner, signatory)


class Keyboard:
    """One person at the keyboard: every step is Tab, Shift+Tab, Enter or typing."""

    def __init__(self, browser, live_server):
        self.tab = Tab(browser, live_server)
        self.page = self.tab.page

    def to(self, target, backwards=False):
        tab_to(self.page, target, backwards=backwards)
        return self

    def press(self, key="Enter", navigates=False):
        """Press ``key``; when it opens another page, wait until that page has loaded."""
        if not navigates:
            self.page.keyboard.press(key)
            return self
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        return self

    def type(self, text):
        self.page.keyboard.type(text)
        return self

    def link(self, name, backwards=False, navigates=True):
        return self.to(self.page.get_by_role("link", name=name, exact=True),
                       backwards).press("Enter", navigates)

    def button(self, name, backwards=False, navigates=True):
        return self.to(self.page.get_by_role("button", name=name, exact=True),
                       backwards).press("Enter", navigates)

    def field(self, label, text, backwards=False):
        """The field labelled ``label`` (a required field's label ends with an asterisk)."""
        label = re.compile(rf"^\s*{re.escape(label)}\W*$")
        return self.to(self.page.get_by_label(label), backwards).type(text)

    def heading(self, text):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)
        return self

    def no_axe_violation(self, where):
        found = axe_violations(self.page)
        assert found == [], f"axe-core on {where}:\n" + "\n".join(found)

    def sign_in(self, user):
        self.page.goto("/")
        self.link("Sign in to plan")
        self.heading("Sign in")
        self.field("Username", user.username).field("Password", PASSWORD)
        self.press("Enter", navigates=True)
        self.heading("Your dashboard")
        return self

    def open_plan(self, plan):
        """From the dashboard: the jurisdiction, its plans, the plan."""
        self.link(plan.jurisdiction.name)
        self.link("Plans")
        self.link(plan.title)
        return self.heading(plan.title)


def test_the_whole_journey_with_the_keyboard_alone(catalogue, journey, browser, live_server):
    plan = journey.plan
    editor = Keyboard(browser, live_server).sign_in(journey.editor).open_plan(plan)
    page = editor.page

    # Add a commitment under a principle: the form opens in place (htmx) with the focus in it.
    editor.link(re.compile(r"^Add a commitment under Public health"), navigates=False)
    form = page.locator("form").filter(has=page.get_by_label("Lead agency"))
    expect(form).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^New commitment under"))).to_be_focused()
    editor.no_axe_violation("the plan page with the commitment form open")
    editor.field("Local practice", "Neighbourhood peacekeepers")
    editor.field("Local action", "Fund ten peacekeepers in the Eastside.")
    editor.field("Lead agency", "Public Health Department")
    editor.button("Save", navigates=False)
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_focused()
    added = page.get_by_role("heading", name=re.compile("Neighbourhood peacekeepers"))
    expect(added).to_be_visible()
    assert Commitment.objects.get(plan=plan).local_practice == "Neighbourhood peacekeepers"

    # Open consultation (the dates are filled in already: today and in 30 days).
    editor.link("Open consultation", backwards=True)
    editor.heading("Open consultation")
    editor.no_axe_violation("the open-consultation page")
    editor.button("Confirm: Open consultation")
    expect(page.get_by_text("The consultation is open: partners can comment until")).to_be_visible()

    # A partner comments on the whole plan.
    partner = Keyboard(browser, live_server).sign_in(journey.partner).open_plan(plan)
    partner.link("Comments")
    partner.heading(f"Comments on {plan.title}")
    partner.field("Comment", "Please hire the peacekeepers from the neighbourhood itself.")
    partner.button("Post comment")
    expect(partner.page.get_by_text("Your comment is posted.")).to_be_visible()
    partner.tab.close()

    # The editor gives the official answer.
    editor.link("Comments")
    editor.link("Give the official answer to Pablo Partner")
    editor.heading("Give the official answer")
    editor.to(page.get_by_label("Disposition")).type("Adopted")
    expect(page.get_by_label("Disposition")).to_have_value("adopted")
    editor.field("Official answer", "Agreed: the job posting will say so.")
    editor.button("Publish the official answer")
    expect(page.get_by_text("Agreed: the job posting will say so.")).to_be_visible()
    assert Response.objects.filter(comment__plan=plan).count() == 1

    # The plan goes to review: consultation closes, then sign-off is requested, each step
    # past the check of what is unfinished (four principles without a commitment, and the
    # commitment without a measure or a budget). The stepper says what comes next.
    editor.link("The plan", backwards=True)
    current_stage = page.locator('.stepper [aria-current="step"]')
    expect(current_stage).to_contain_text("Consultation")
    expect(page.locator(".stepper-next")).to_contain_text(
        "Next: close the consultation — it runs until")
    expect(page.locator(".stepper-next")).to_contain_text("every comment has an answer.")
    editor.no_axe_violation("the plan page with its stepper")
    editor.link("Close consultation")
    expect(page.get_by_text("4 principles have no commitment.")).to_be_visible()
    seen = page.get_by_label("I have seen what is unfinished and want to go on")
    editor.to(seen).press("Space")
    expect(seen).to_be_checked()
    editor.button("Confirm: Close consultation")
    expect(page.get_by_text("The consultation is closed and the plan is in revision")
           ).to_be_visible()
    expect(current_stage).to_contain_text("Revision")
    expect(page.locator(".stepper-next")).to_have_text(
        "Next: request sign-off — 3 points are unfinished; the request lists them.")

    editor.link("Request sign-off")
    editor.heading("Request sign-off")
    commitment = page.get_by_role("link", name="Neighbourhood peacekeepers (principle 1)")
    expect(commitment).to_have_count(2)  # no outcome measure, no budget
    editor.no_axe_violation("the request sign-off page listing what is unfinished")
    editor.button("Confirm: Request sign-off")  # without saying so: refused, and told why
    editor.heading("Request sign-off")
    expect(page.get_by_text("Tick “I have seen what is unfinished and want to go on” to go "
                            "on, or finish what is listed first.")).to_be_visible()
    expect(seen).to_have_attribute("aria-invalid", "true")
    editor.no_axe_violation("the request sign-off page with its error")
    editor.to(seen).press("Space")
    editor.button("Confirm: Request sign-off")
    expect(page.get_by_text("Sign-off is requested: the content is frozen")).to_be_visible()
    expect(current_stage).to_contain_text("Review for sign-off")
    expect(page.locator(".stepper-next")).to_have_text(
        "Next: every signatory signs — 0 of 1 signed.")
    editor.no_axe_violation("the plan page in review")

    # The signatory signs in to the task on their dashboard, follows it and signs; the
    # blueprint's PDF renders.
    signatory = Keyboard(browser, live_server).sign_in(journey.signatory)
    asked = f"{journey.editor} asks you to sign off “{plan.title}” ({plan.jurisdiction})."
    expect(signatory.page.get_by_role("listitem").filter(has_text=asked)).to_be_visible()
    signatory.no_axe_violation("the dashboard with a signature awaited")
    signatory.link(re.compile(r"^Read and sign"))
    signatory.heading("Sign off")
    signatory.button("Confirm: Sign off")
    expect(signatory.page.get_by_text("the plan is signed off")).to_be_visible()
    signatory.page.goto("/dashboard/")
    expect(signatory.page.get_by_text("Nothing needs you right now.")).to_be_visible()
    signatory.tab.close()
    plan.refresh_from_db()
    assert plan.status == Status.SIGNED_OFF

    # The editor is told, in the header's count and the notification list.
    editor.page.reload()
    expect(page.locator("#unread-count")).to_contain_text("unread")
    editor.link(re.compile(r"^Notifications"))
    editor.heading("Notifications")
    expect(page.get_by_role("button", name=f"“{plan.title}” is signed off and published.",
                            exact=True)).to_be_visible()
    editor.no_axe_violation("the notification list")

    # The editor exports the signed blueprint and downloads the PDF.
    editor.link("Dashboard", backwards=True)
    editor.link(plan.jurisdiction.name)
    editor.link("Plans")
    editor.link(plan.title)
    editor.button("Export the signed blueprint as PDF")
    expect(page.get_by_role("status")).to_contain_text("Done")
    editor.no_axe_violation("the export page")
    download_link = page.get_by_role("link", name="Download the PDF")
    editor.to(download_link)
    with page.expect_download() as download:
        editor.press("Enter")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    editor.tab.close()
