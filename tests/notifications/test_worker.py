"""One event end to end through the real Redis broker and a real Celery worker: the workflow
announces it, the transaction commits, the worker finds the task by its name and tells the
signatories."""

import time

import pytest

from notifications.models import Notification
from plans import workflow
from tests.plans.factories import county_people, in_revision

from .conftest import ready_plan

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_signoff_request_reaches_the_signatories_through_the_worker(
    catalogue, use_worker, on_postgresql
):
    people = county_people()
    plan = in_revision(ready_plan(people), people.editor)

    # it commits: the task goes through Redis
    workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        notices = list(
            Notification.objects.filter(kind="signoff_requested", emailed_at__isnull=False))
        if len(notices) == 2:
            break
        time.sleep(0.1)
    assert {n.recipient for n in notices} == {people.first_signatory, people.second_signatory}
    time.sleep(0.5)  # nothing more comes
    assert Notification.objects.filter(kind="signoff_requested").count() == 2
