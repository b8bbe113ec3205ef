"""Production settings, request limits and the audit log."""

import os
import secrets
import subprocess
import sys

import pytest
from django.test import Client

from plans import workflow
from stakeholders.models import Role
from tests.conftest import ROOT
from tests.factories import example_county, member

pytestmark = pytest.mark.django_db


def test_production_settings_pass_the_deployment_checks_without_a_warning():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
               DJANGO_ALLOWED_HOSTS="planner.example.org", SITE_URL="https://planner.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_every_page_sends_a_content_security_policy_without_unsafe_inline(client):
    response = client.get("/principles/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(settings):
    response = Client().generic(
        "POST", "/verify/", data=b"x", content_type="application/pdf",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1))
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_the_audit_log_lists_each_step_with_who_and_when_for_admins_only(client):
    county = example_county()
    editor, admin = member(county, Role.EDITOR), member(county, Role.JURISDICTION_ADMIN)
    plan = workflow.create_plan(jurisdiction=county, by=editor, title="Audit me",
                                first_year=2027, last_year=2029)
    from django.utils import timezone

    today = timezone.localdate()
    workflow.open_consultation(plan, by=editor, opens=today, closes=today)
    client.force_login(admin)
    page = client.get(f"/jurisdictions/{county.slug}/audit/").content.decode()
    assert "Plan started" in page and "Consultation opened" in page
    assert str(editor) in page and "Draft → In consultation" in page
    client.force_login(editor)
    assert client.get(f"/jurisdictions/{county.slug}/audit/").status_code == 403
