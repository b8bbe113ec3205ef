"""One installation, several machines: should a second Celery beat run (or the job run late
beside the next), the scheduled reminders still reach each person once. Two runs of the
beat's task at the same moment, each in its own thread with its own PostgreSQL connection,
as two workers would run them; every kind of reminder due at once."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from notifications import reminders, tasks
from notifications.models import Notification
from tests.plans.factories import county_people
from tests.progress.factories import last_year_period, plan_in_effect

from .test_reminders import at, comment, consultation_closing_in, invitation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]

Kind = Notification.Kind


def twice_at_once(run):
    """``run`` in two threads released together; the errors they raised."""
    barrier = threading.Barrier(2)
    errors = []

    def one():
        try:
            barrier.wait(timeout=10)
            run()
        except Exception as error:  # noqa: BLE001 - reported by the caller's assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def people_of_example_county():
    people = county_people()
    people.former, people.deactivated, people.elsewhere_members = {}, {}, {}
    return people


def test_two_beats_running_the_reminders_together_tell_each_person_once(
        catalogue, on_postgresql):
    people = people_of_example_county()
    plan = consultation_closing_in(people, 1)
    comment(plan, people.partner, 8)  # waits over a week: the editors' digest
    invitation(people, "late@example.org", 1)  # expired yesterday: the admin is told
    mail.outbox.clear()  # the opening's, sent as the set-up committed

    errors = twice_at_once(lambda: tasks.send_reminders.apply().get())

    assert errors == []
    told = {kind: Notification.objects.filter(kind=kind).count() for kind in (
        Kind.CONSULTATION_CLOSING, Kind.UNANSWERED_DIGEST, Kind.INVITATIONS_EXPIRED)}
    assert told == {Kind.CONSULTATION_CLOSING: 6, Kind.UNANSWERED_DIGEST: 2,
                    Kind.INVITATIONS_EXPIRED: 1}
    assert len(mail.outbox) == 9
    assert len({(tuple(email.to), email.subject) for email in mail.outbox}) == 9


def test_two_runs_at_once_remind_each_editor_of_updates_due_once(catalogue, on_postgresql):
    people = people_of_example_county()
    plan = plan_in_effect(people, commitments=2)
    period = last_year_period(plan)
    mail.outbox.clear()

    errors = twice_at_once(lambda: reminders.send_reminders(
        now=at(period.due_on - timedelta(days=3))))

    assert errors == []
    assert Notification.objects.filter(kind=Kind.UPDATES_DUE).count() == 2  # two editors
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [people.editor.email, people.other_editor.email])
