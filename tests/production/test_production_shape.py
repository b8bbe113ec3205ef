"""Issue 17's proof on this machine: the production shape as processes (two gunicorn
instances with DEBUG off, one PostgreSQL database, one Redis for the task queue and the page
caches, moto's S3 server for the PDFs, two Celery workers, Celery beat) behaves as one
installation. People use it through HTTP clients as a browser would (cookies,
CSRF tokens from the forms), going from one instance to the other as a load balancer would
send them; a worker is ended by its process id in the middle of a render.
"""

import hashlib
import io
import json
import os
import re
import secrets
import shutil

import boto3
import pytest
import redis
import requests
from bs4 import BeautifulSoup
from celery import Celery
from pypdf import PdfReader

from tests.conftest import ROOT, require

from .shape import Shape, ShapeError, keep_logs, logs_on_failure, wait_until

pytestmark = pytest.mark.services

# A message not acknowledged this long after delivery goes to another worker: longer than
# any render here (so that no live render runs twice), short enough for a test.
VISIBILITY_TIMEOUT = 20
BUCKET = "planner-pdfs"


@pytest.fixture(scope="module")
def installation(request, tmp_path_factory):
    server_url = os.environ.get("DATABASE_URL", "")
    require(server_url.startswith("postgres"), "needs PostgreSQL (set DATABASE_URL)")
    require(shutil.which("redis-server") is not None, "needs redis-server on the PATH")
    shape = Shape(server_url, tmp_path_factory.mktemp("production"))
    shape.create_database()
    failed_before = request.session.testsfailed
    try:
        yield start(shape)
    finally:
        if request.session.testsfailed > failed_before or not hasattr(shape, "ids"):
            keep_logs(shape, ROOT / "test-artifacts" / shape.database)
        shape.close()


def start(shape):
    """Prepare the database as an operator would, then start every process."""
    password = secrets.token_urlsafe(16)
    s3 = shape.start_s3()
    shape.env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on this machine, no TLS proxy
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DATABASE_URL": shape.database_url,
        "REDIS_URL": shape.start_redis(),
        "CACHE_URL": "",  # the pages are kept in that same Redis
        "DJANGO_STORAGE_BUCKET": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "proof",
        "AWS_SECRET_ACCESS_KEY": "proof",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CELERY_RESTORE_INTERVAL": "1",
        "EXPORT_MAX_RETRIES": "0",
        "PYTHONUNBUFFERED": "1",
    }
    bucket(shape).create_bucket(Bucket=BUCKET)
    shape.manage("migrate", "--noinput")
    shape.manage("load_blueprint")
    shape.manage("seed_demo", env={"DJANGO_DEBUG": "1"})  # the demo is made in DEBUG only
    collect_static(shape)
    ids = json.loads(shape.manage(
        "shell", "--command", "from tests.production.stage import main; main()",
        env={"PROOF_PASSWORD": password}).strip().splitlines()[-1])
    first, second = shape.start_web("web-1"), shape.start_web("web-2")
    for name in ("worker-1", "worker-2"):
        shape.start_worker(name)
    shape.start_beat()
    for base in (first, second):
        shape.wait_for_web(base)
    wait_until(lambda: len(workers(shape)) == 2, timeout=60, what="two Celery workers",
               shape=shape)
    # The demo's signed blueprint and report queued their PDFs: let the workers finish them.
    wait_until(lambda: not shape.query(
        "SELECT count(*) FROM plans_exportjob WHERE state NOT IN ('done', 'failed')")[0],
        timeout=90, what="the demo's PDF exports", shape=shape)
    shape.first, shape.second, shape.ids, shape.password = first, second, ids, password
    return shape


def collect_static(shape):
    """DEBUG off serves hashed static files from a manifest: collect them when the sources
    are newer than the manifest (as `make bench` does)."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    sources = (ROOT / "static").rglob("*")
    if not manifest.exists() or any(p.stat().st_mtime > manifest.stat().st_mtime
                                    for p in sources):
        shape.manage("collectstatic", "--noinput", "--verbosity", "0")


def bucket(shape):
    """The S3 client an operator would use on the installation's storage."""
    return boto3.client("s3", endpoint_url=shape.env["AWS_S3_ENDPOINT_URL"],
                        region_name="us-east-1", aws_access_key_id="proof",
                        aws_secret_access_key="proof")


def broker(shape):
    return Celery(broker=shape.env["REDIS_URL"])


def workers(shape):
    """{worker hostname: its active tasks}, as the workers answer through the broker."""
    alive = sum(p.poll() is None for n, p in shape.processes.items() if n.startswith("worker"))
    return broker(shape).control.inspect(timeout=2, limit=alive).active() or {}


class Person:
    """One person's browser: cookies are kept per host, so the instances (same address,
    other ports) share them as they would behind one load balancer."""

    def __init__(self, shape, username):
        self.shape, self.username = shape, username
        self.session = requests.Session()

    def get(self, base, path, expect=200, **kwargs):
        response = self.session.get(base + path, timeout=30, **kwargs)
        self.check(response, expect, f"GET {base}{path}")
        return response

    def submit(self, base, path, changes=None, *, action=None, files=None, expect=200):
        """Fill the form of the page at ``path`` that posts to ``action`` (by default to the
        page itself) and send it, as a browser would: every field as the page gives it, with
        ``changes``."""
        target = action or path
        page = BeautifulSoup(self.get(base, path).text, "html.parser")
        forms = [form for form in page.find_all("form", method="post")
                 if form.get("action", "") in ({target} if action else {"", path})]
        assert len(forms) == 1, f"{len(forms)} forms posting to {target} on {path}"
        data = {**form_fields(forms[0]), **(changes or {})}
        response = self.session.post(base + target, data=data, files=files, timeout=60)
        self.check(response, expect, f"POST {base}{target}")
        return response

    def sign_in(self, base):
        response = self.submit(base, "/accounts/login/", {
            "username": self.username, "password": self.shape.password})
        assert "/accounts/login/" not in response.url, f"{self.username} could not sign in"

    def check(self, response, expect, what):
        if expect is not None and response.status_code != expect:
            raise ShapeError(f"{what} as {self.username} answered {response.status_code}, "
                             f"not {expect}:\n{response.text[:2000]}", self.shape.logs())


def form_fields(form):
    """What a browser sends for a form left as it is."""
    fields = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.get("type") in {"checkbox", "radio"} and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            fields[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            fields[name] = chosen.get("value", chosen.text) if chosen else ""
        else:
            fields[name] = field.get("value", "")
    return fields


def job_state(shape, job_id):
    return shape.query("SELECT state, progress, attempts FROM plans_exportjob WHERE id = %s",
                       (job_id,))


def request_export(person, base, plan_id):
    """Press "Export PDF" on the plan page; the id of the job it leads to."""
    response = person.submit(base, f"/plans/{plan_id}/", action=f"/plans/{plan_id}/export/")
    return int(re.search(r"/exports/(\d+)/$", response.url).group(1))


def test_two_instances_and_two_workers_behave_as_one_installation(installation):
    with logs_on_failure(installation):
        behave_as_one(installation)


def behave_as_one(shape):
    first, second, ids = shape.first, shape.second, shape.ids

    for base in (first, second):
        health = requests.get(f"{base}/healthz", timeout=5).json()
        assert health == {"status": "ok", "database": "ok", "task_queue": "ok", "cache": "ok",
                          "storage": "ok"}, health

    # Sign in on one instance and sign off on the other: the session is the installation's.
    approver = Person(shape, "approver")
    approver.sign_in(first)
    sign = f"/plans/{ids['in_review']}/do/sign/"
    approver.submit(second, sign)
    status, = shape.query("SELECT status FROM plans_plan WHERE id = %s", (ids["in_review"],))
    assert status == "signed_off"

    # Ask for the blueprint's PDF on the first, watch it there, download it from the second.
    official = Person(shape, "official")
    official.sign_in(second)
    job = request_export(official, first, ids["in_review"])
    wait_until(lambda: official.get(first, f"/exports/{job}/status/",
                                    expect=None).status_code == 286,
               timeout=90, what="the blueprint's export, watched on web-1", shape=shape)
    assert job_state(shape, job)[0] == "done", job_state(shape, job)
    pdf = official.get(second, f"/exports/{job}/download/").content
    assert pdf.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    verdict = BeautifulSoup(official.submit(
        second, "/verify/", files={"pdf": ("blueprint.pdf", pdf, "application/pdf")}).text,
        "html.parser")
    assert "Verified: this file is a blueprint" in verdict.find(id="result-heading").text
    digest = verdict.find("code", class_="digest").text
    assert digest in text  # the sign-off page of the file carries the digest the site knows
    stored, sha256 = shape.query("SELECT file, sha256 FROM plans_exportjob WHERE id = %s",
                                 (job,))
    assert sha256 == hashlib.sha256(pdf).hexdigest()
    in_bucket = bucket(shape).get_object(Bucket=BUCKET, Key=stored)["Body"].read()
    assert in_bucket == pdf  # a worker wrote it to the object storage, not to a local folder

    # End the worker rendering a long plan, by its process id: the other one finishes it.
    job = request_export(official, first, ids["long"])
    # WeasyPrint has started laying the pages out (5% is the HTML, before it).
    wait_until(lambda: job_state(shape, job)[0] == "running" and job_state(shape, job)[1] > 5,
               timeout=60, what="the long plan's render starting", shape=shape)
    rendering = [name for name, tasks in workers(shape).items()
                 if any(job in task["args"] for task in tasks)]
    assert len(rendering) == 1, f"not one worker renders job {job}: {workers(shape)}"
    killed = rendering[0].split("@")[0]
    shape.kill(killed)
    assert job_state(shape, job)[:2] != ("done", 100), "the render ended before the kill"
    wait_until(lambda: job_state(shape, job)[0] in {"done", "failed"},
               timeout=VISIBILITY_TIMEOUT + 60, what="the other worker finishing the render",
               shape=shape)
    state, progress, attempts = job_state(shape, job)
    assert (state, progress, attempts) == ("done", 100, 2)  # started over on the other worker
    assert official.get(second, f"/exports/{job}/download/").content.startswith(b"%PDF-")

    # Change a plan on one instance and read the change at once on the other.
    plan = f"/plans/{ids['draft']}/"
    assert "Renamed on web-1" not in official.get(second, plan).text  # now kept in its cache
    official.submit(first, f"{plan}edit/", {"title": "Renamed on web-1"})
    assert "Renamed on web-1" in official.get(second, plan).text
    kept = redis.Redis.from_url(shape.env["REDIS_URL"]).keys("pages:*")
    assert kept, "no page is kept in the shared Redis"

    shape.assert_alive()  # beat, the other worker, both instances, Redis
