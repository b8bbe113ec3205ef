"""The documented backup and restore (README, "Backup and restore") performed on PostgreSQL:
pg_dump of a database holding the demo world, pg_restore into an empty one, and nothing
lost."""

import subprocess
import uuid

import pytest
from django.apps import apps
from django.db import connection

from plans.demo import seed
from plans.models import Snapshot
from progress.models import ProgressReport

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def pg(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120,
                          **kwargs)


def server_args():
    db = connection.settings_dict
    return ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432),
            "-U", db["USER"]]


def row_counts(alias_db):
    """{table: rows} of every model's table in the named database."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        result = pg("psql", *server_args(), "-d", alias_db, "-At", "-c",
                    f'SELECT count(*) FROM "{table}"')
        counts[table] = int(result.stdout.strip())
    return counts


def test_pg_dump_and_pg_restore_keep_every_row_and_every_signed_snapshot(
    catalogue, on_postgresql, tmp_path, settings
):
    settings.DEBUG = True  # seed_demo's accounts exist only on development installs
    list(seed())
    source = connection.settings_dict["NAME"]
    digests = sorted(Snapshot.objects.values_list("digest", flat=True))
    assert digests, "the demo world has a signed blueprint"
    report_digests = sorted(ProgressReport.objects.values_list("digest", flat=True))
    assert report_digests, "the demo world has a published progress report"
    dump = tmp_path / "planner.dump"

    pg("pg_dump", *server_args(), "--format=custom", f"--file={dump}", source)
    target = f"restore_{uuid.uuid4().hex[:8]}"
    pg("createdb", *server_args(), target)
    try:
        pg("pg_restore", *server_args(), "--no-owner", f"--dbname={target}", str(dump))
        assert row_counts(target) == row_counts(source)
        restored = pg("psql", *server_args(), "-d", target, "-At", "-c",
                      "SELECT digest FROM plans_snapshot ORDER BY digest")
        assert restored.stdout.split() == digests
        # The immutability trigger came back with the data.
        refused = subprocess.run(
            ["psql", *server_args(), "-d", target, "-v", "ON_ERROR_STOP=1", "-c",
             "UPDATE plans_snapshot SET digest = digest"],
            capture_output=True, text=True, timeout=60)
        assert refused.returncode != 0
        assert "a signed snapshot never changes" in refused.stderr
        # ... and so did the published progress reports, with theirs.
        reports = pg("psql", *server_args(), "-d", target, "-At", "-c",
                     "SELECT digest FROM progress_progressreport ORDER BY digest")
        assert reports.stdout.split() == report_digests
        refused = subprocess.run(
            ["psql", *server_args(), "-d", target, "-v", "ON_ERROR_STOP=1", "-c",
             "DELETE FROM progress_progressreport"],
            capture_output=True, text=True, timeout=60)
        assert refused.returncode != 0
        assert "a published progress report never changes" in refused.stderr
    finally:
        pg("dropdb", *server_args(), "--if-exists", target)
