"""shared_safety.events: plans and stakeholders announce what happened; the notifications
app's task of the same name runs once the transaction commits, in-process when tasks are
eager, and nothing runs for work rolled back. plans and stakeholders never import it."""

import ast
import os
import subprocess
import sys
from contextlib import suppress

import pytest
from django.conf import settings
from django.db import transaction

from notifications.models import Notification
from plans import workflow
from shared_safety.events import EVENTS, announce, task_name
from tests.notifications.conftest import ready_plan
from tests.plans.factories import county_people, in_revision

pytestmark = pytest.mark.django_db


def test_an_unknown_event_or_a_wrong_number_of_ids_is_refused_at_once():
    with pytest.raises(ValueError, match="No event named 'plan_eaten'"):
        announce("plan_eaten", 1)
    with pytest.raises(ValueError, match="plan_returned carries audit entry"):
        announce("plan_returned", 1, 2)


def test_every_event_has_its_task_in_a_fresh_web_process():
    """Registered when Django starts, not only where a worker autodiscovers tasks: a task
    the web process did not know would go to the broker even when tasks are eager."""
    script = (
        "import django; django.setup()\n"
        "from shared_safety.celery import app\n"
        "from shared_safety.events import EVENTS, task_name\n"
        "missing = [e for e in EVENTS if task_name(e) not in app.tasks]\n"
        "assert not missing, missing\n"
        "assert 'notifications.send_reminders' in app.tasks\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, capture_output=True, text=True,
        timeout=60, env={**os.environ, "DJANGO_SETTINGS_MODULE": "shared_safety.settings"},
    )
    assert result.returncode == 0, result.stderr


def test_the_task_runs_in_process_once_the_work_commits(django_capture_on_commit_callbacks):
    people = county_people()
    plan = in_revision(ready_plan(people), people.editor)

    with django_capture_on_commit_callbacks() as queued:
        workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)
        assert not Notification.objects.exists()  # not before the commit
    assert len(queued) == 1
    queued[0]()

    assert Notification.objects.filter(kind="signoff_requested").count() == 2


def test_nothing_is_queued_for_work_rolled_back(django_capture_on_commit_callbacks):
    class Refused(Exception):
        pass

    with django_capture_on_commit_callbacks() as queued:
        with suppress(Refused), transaction.atomic():
            announce("comment_hidden", 1)
            raise Refused

    assert queued == []


def imports_of(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("app", ["principles", "stakeholders", "plans"])
def test_the_apps_below_never_import_the_notifications_app(app):
    """DESIGN.md's layers: notifications depends on plans and stakeholders, not the reverse;
    they announce events by name (shared_safety.events)."""
    offending = [
        f"{path.relative_to(settings.BASE_DIR)}: {module}"
        for path in (settings.BASE_DIR / app).rglob("*.py")
        for module in imports_of(path)
        if module == "notifications" or module.startswith("notifications.")
    ]
    assert offending == []


def test_each_event_names_a_task_of_the_notifications_app():
    assert all(task_name(event).startswith("notifications.") for event in EVENTS)
