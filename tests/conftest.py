"""Fixtures shared by the whole suite.

Tests that need PostgreSQL, Redis, a Celery worker or Chromium skip where those are
missing (a laptop with only Python), except under CI=true, where such a skip is a failure.
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone, translation

from shared_safety.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent
UNDER_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if UNDER_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"Skipped under CI, which must run every test: {reason}"


def require(condition, reason):
    """Skip when a service is missing; CI turns the skip into a failure."""
    if not condition:
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def tasks_run_in_process(settings):
    """Unit tests run tasks in-process; the worker tests switch this off."""
    celery_app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Rolled-back tests reuse primary keys: a fragment or page cached by one must not reach
    the next. Each test keeps them in memory: clearing a Redis cache would flush the database
    that may hold the task queue too (tests/test_shared_cache.py runs them in a Redis of its
    own)."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        **{alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                   "LOCATION": f"{alias}-tests", "TIMEOUT": settings.CACHE_TIMEOUT}
           for alias in ("default", "pages")},
    }
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def rate_limits_start_at_zero(settings):
    """Each test counts its own requests, in memory: clearing a Redis cache (CI's) would
    flush the database that holds the task queue too."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit-tests",
        },
    }
    caches["ratelimit"].clear()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalogue(transactional_db):
    """The Blueprint catalogue, for transactional tests: a flush after each one empties the
    tables that the data migration filled, so such tests load it again (idempotent)."""
    from principles.catalogue import load_blueprint

    load_blueprint()


@pytest.fixture
def on_postgresql():
    require(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "needs Redis (set REDIS_URL)")
    return url


def database_url_for_worker():
    """The test database as a URL another process can open."""
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real Celery worker process on a queue of its own, reading the test database."""
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "needs Redis (set REDIS_URL)")
    with django_db_blocker.unblock():
        require(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")
        media_root = ROOT / "test-artifacts" / f"media-{uuid.uuid4().hex[:8]}"
        env = dict(
            os.environ,
            DATABASE_URL=database_url_for_worker(),
            REDIS_URL=url,
            DJANGO_MEDIA_ROOT=str(media_root),
            # A lost worker's unacknowledged task goes to the next worker after this long.
            CELERY_VISIBILITY_TIMEOUT="3",
            CELERY_RESTORE_INTERVAL="1",
            EXPORT_MAX_RETRIES="0",
        )
    queue = f"tests-{uuid.uuid4().hex[:8]}"
    worker = CeleryWorker(queue, env)
    worker.media_root = media_root
    worker.start()
    yield worker
    worker.stop()


class CeleryWorker:
    """Start, kill and restart a `celery worker` process listening on one queue."""

    def __init__(self, queue, env):
        self.queue = queue
        self.env = env
        self.process = None
        self.log_path = ROOT / "test-artifacts" / f"worker-{queue}.log"
        self.log_path.parent.mkdir(exist_ok=True)

    def start(self):
        celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                celery,
                "-A",
                "shared_safety",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "-Q",
                self.queue,
                "--hostname",
                f"{self.queue}@%h",
                "--loglevel=info",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        celery_app.conf.task_default_queue = self.queue
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"Celery worker exited; see {self.log_path}")
            replies = celery_app.control.ping(
                destination=[f"{self.queue}@{os.uname().nodename}"], timeout=0.5
            )
            if replies:
                return
        pytest.fail(f"Celery worker did not answer within 60 s; see {self.log_path}")

    def kill(self):
        """Kill the worker and its children at once, as a lost machine would."""
        subprocess.run(["pkill", "-KILL", "-P", str(self.process.pid)], check=False)
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()
        celery_app.conf.task_default_queue = "celery"


@pytest.fixture
def use_worker(celery_worker, settings):
    """Send tasks through Redis to the real worker for this test."""
    celery_app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.MEDIA_ROOT = celery_worker.media_root  # where the worker stores files
    return celery_worker


@pytest.fixture(autouse=True)
def default_language_and_timezone():
    """A request through the test client leaves its language active in this thread (the
    middleware activates, nothing deactivates): each test starts and ends in the defaults,
    so no test reads another's language."""
    translation.deactivate()
    timezone.deactivate()
    yield
    translation.deactivate()
    timezone.deactivate()
