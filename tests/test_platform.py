"""The foundation: health check, layout, languages, settings, demo data, the worker."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from principles.models import Practice, Principle
from principles.tasks import catalogue_summary, catalogue_summary_task
from shared_safety.celery import app as celery_app

from .conftest import ROOT

pytestmark = pytest.mark.django_db


def test_healthz_names_database_and_eager_task_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "task_queue": "eager",
                               "cache": "local", "storage": "local"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    """A separate process whose database does not answer, so ours stays intact."""
    env = dict(os.environ, DATABASE_URL="postgres://postgres@127.0.0.1:1/unreachable")
    for name in ("REDIS_URL", "CACHE_URL", "DJANGO_STORAGE_BUCKET"):
        env.pop(name, None)
    script = (
        "import django, json; django.setup();"
        "from django.test.utils import setup_test_environment; setup_test_environment();"
        "from django.test import Client; r = Client().get('/healthz');"
        "print(r.status_code, json.dumps(r.json(), sort_keys=True))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == (
        '503 {"cache": "local", "database": "down", "status": "down", "storage": "local", '
        '"task_queue": "eager"}'
    ), result.stderr


def test_healthz_reports_the_broker_when_tasks_go_to_redis(client, settings, redis_url):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.json()["task_queue"] == "ok"


def test_healthz_reports_a_broker_that_is_down(client, settings, redis_url):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.broker_url = redis_url
    assert response.status_code == 200
    assert response.json()["task_queue"] == "down"
    assert response.json()["status"] == "degraded"


def test_base_layout_has_skip_link_landmarks_language_switch_and_sign_in(client):
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert 'href="#main"' in page and "Skip to main content" in page
    assert '<main id="main"' in page and "<header" in page and "<footer" in page
    assert '<nav class="navbar' in page
    assert 'name="language"' in page and 'value="es"' in page
    assert "Sign in" in page
    assert "/static/vendor/bootstrap-5.3.9/bootstrap.min.css" in page
    assert "/static/vendor/htmx-2.0.11/htmx.min.js" in page
    assert "cdn" not in page.lower()


def test_switching_to_spanish_translates_the_pages_and_is_kept(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/principles/"})
    assert response.status_code == 302 and response["Location"] == "/principles/"
    page = client.get("/principles/").content.decode()
    assert '<html lang="es">' in page
    assert "Los cinco principios" in page
    assert "Saltar al contenido principal" in page
    assert '<html lang="es">' in client.get("/").content.decode()


def test_signed_in_header_names_the_person_and_offers_sign_out(client, django_user_model):
    user = django_user_model.objects.create_user(
        "maria", password="pw-long-enough-1", first_name="María", last_name="López"
    )
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Signed in as María López" in page
    assert "Sign out" in page


def test_login_page_has_username_and_password_fields(client, django_user_model):
    django_user_model.objects.create_user("maria", password="pw-long-enough-1")
    page = client.get("/accounts/login/").content.decode()
    assert 'name="username"' in page and 'name="password"' in page
    response = client.post(
        "/accounts/login/", {"username": "maria", "password": "pw-long-enough-1"}
    )
    assert response.status_code == 302


def test_seed_demo_is_idempotent(django_user_model, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    users = django_user_model.objects.count()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert django_user_model.objects.count() == users
    assert "Demo users admin, official, approver, partner, outsider" in out.getvalue()
    admin = django_user_model.objects.get(username="admin")
    assert admin.is_staff and admin.check_password("shared-safety-demo")


def test_seed_demo_refuses_to_run_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo", stdout=StringIO())


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="planner.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def settings_value(name, **environ):
    """A setting as a fresh process reads it from this environment (DJANGO_* and PORT and
    SITE_URL of the test run left out)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DJANGO_") and k not in {"PORT", "SITE_URL"}}
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-c",
         f"import django; django.setup(); from django.conf import settings; "
         f"print(settings.{name})"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "shared_safety.settings"},
        capture_output=True, text=True, timeout=60)


def test_links_in_emails_follow_the_port_the_app_serves_on():
    assert settings_value("SITE_URL").stdout.strip() == "http://127.0.0.1:8000"
    assert settings_value("SITE_URL", PORT="8123").stdout.strip() == "http://127.0.0.1:8123"
    named = settings_value("SITE_URL", PORT="8123", SITE_URL="https://planner.example.org")
    assert named.stdout.strip() == "https://planner.example.org"


def test_a_live_site_refuses_to_start_without_the_address_of_its_links():
    live = dict(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50,
                DJANGO_ALLOWED_HOSTS="planner.example.org")

    missing = settings_value("SITE_URL", **live)
    assert missing.returncode != 0
    assert "SITE_URL must be set when DJANGO_DEBUG is off" in missing.stderr

    named = settings_value("SITE_URL", SITE_URL="https://planner.example.org", **live)
    assert named.stdout.strip() == "https://planner.example.org", named.stderr


def test_make_run_hands_its_port_to_the_settings():
    """`make run` serves on PORT (8000 unless set) and exports it, so that the default
    SITE_URL of the web process and of the worker names the same port."""
    dry = subprocess.run(["make", "-n", "serve", "PORT=8123"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, env={**os.environ, "REDIS_URL": ""})
    assert "runserver 127.0.0.1:8123" in dry.stdout
    env = {k: v for k, v in os.environ.items() if k != "PORT"}
    shown = subprocess.run(["make", "-s", "-f", "-", "show"], cwd=ROOT, env=env,
                           input="include Makefile\nshow:\n\t@echo $$PORT\n",
                           capture_output=True, text=True, timeout=60)
    assert shown.stdout.strip() == "8000", shown.stderr  # the default port, exported too


def test_catalogue_summary_task_runs_in_process_when_there_is_no_broker():
    assert catalogue_summary_task.delay().get() == catalogue_summary()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_task_goes_through_redis_to_a_real_worker_and_back(catalogue, use_worker, on_postgresql):
    result = catalogue_summary_task.delay()
    assert result.get(timeout=30) == {
        "principles": Principle.objects.count(),
        "practices": Practice.objects.count(),
    }
    assert Principle.objects.count() == 5
