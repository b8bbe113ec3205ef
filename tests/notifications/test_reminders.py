"""The scheduled reminders: a consultation closing in three days or closed by its date, the
weekly digest of comments waiting for an answer, expired invitations. Each reaches the right
people once, however often the job runs (twice at the same moment included)."""

import threading
from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format

from notifications.models import Notification
from notifications.reminders import send_reminders
from plans import workflow
from plans.models import Plan, Status
from shared_safety.celery import app as celery_app
from stakeholders.models import Comment, Invitation, Response, Role
from tests.factories import InvitationFactory, member
from tests.plans.factories import in_consultation, signed_in, signed_off, text

from .conftest import emailed, everyone_in, never_told, ready_plan, told

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def at(day, hour=9):
    """An aware moment on ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def today():
    return timezone.localdate()


def consultation_closing_in(people, days):
    """A plan of Example County open for comments since last week, closing in ``days``."""
    plan = in_consultation(ready_plan(people), people.editor)
    Plan.objects.filter(pk=plan.pk).update(
        consultation_opens=today() - timedelta(days=7),
        consultation_closes=today() + timedelta(days=days),
    )
    return Plan.objects.get(pk=plan.pk)


# --- a consultation closing soon ---------------------------------------------------------------


@pytest.mark.parametrize("days", [0, 1, 3])
def test_everyone_holding_a_role_hears_that_a_consultation_closes_within_three_days(
    people, days
):
    plan = consultation_closing_in(people, days)

    counts = send_reminders()

    assert counts[Kind.CONSULTATION_CLOSING] == len(everyone_in(people))
    assert told(Kind.CONSULTATION_CLOSING) == everyone_in(people)
    assert emailed(Kind.CONSULTATION_CLOSING) == everyone_in(people)
    assert not told(Kind.CONSULTATION_CLOSING) & never_told(people)
    notice = Notification.objects.get(recipient=people.partner)
    assert notice.event_date == plan.consultation_closes
    [email] = mail.outbox[:1]
    assert email.subject.startswith("Comments on Example County Safety Plan close on ")
    assert notice.sentence in email.body
    assert notice.link == f"/plans/{plan.pk}/consultation/"
    assert "Consultation is open until" in text(signed_in(people.partner).get(notice.link))


def test_no_closing_reminder_four_days_ahead_nor_before_the_consultation_opens(people):
    consultation_closing_in(people, 4)
    not_open_yet = consultation_closing_in(people, 2)
    Plan.objects.filter(pk=not_open_yet.pk).update(consultation_opens=today() + timedelta(days=1))

    assert send_reminders()[Kind.CONSULTATION_CLOSING] == 0


def test_the_closing_reminder_comes_once_however_often_the_job_runs(people):
    consultation_closing_in(people, 3)

    send_reminders()
    sent = len(mail.outbox)
    for hours in (1, 24, 48):  # the next runs, up to the closing day
        assert send_reminders(now=timezone.now() + timedelta(hours=hours)) == {
            Kind.CONSULTATION_CLOSING: 0,
            Kind.CONSULTATION_CLOSED: 0,
            Kind.UNANSWERED_DIGEST: 0,
            Kind.INVITATIONS_EXPIRED: 0,
            Kind.UPDATES_DUE: 0,
        }

    assert Notification.objects.filter(kind=Kind.CONSULTATION_CLOSING).count() == sent == 6


def test_a_consultation_given_a_new_closing_date_is_reminded_again(people):
    plan = consultation_closing_in(people, 2)
    send_reminders()
    Plan.objects.filter(pk=plan.pk).update(consultation_closes=today() + timedelta(days=3))

    send_reminders()

    assert Notification.objects.filter(
        kind=Kind.CONSULTATION_CLOSING, recipient=people.partner).count() == 2


# --- a consultation closed by its date ---------------------------------------------------------


def test_a_consultation_whose_date_passed_is_told_closed_once_even_when_an_editor_closes_it(
    people, capture
):
    plan = consultation_closing_in(people, -1)  # closed yesterday; nobody moved it on

    assert send_reminders()[Kind.CONSULTATION_CLOSED] == len(everyone_in(people))
    assert send_reminders()[Kind.CONSULTATION_CLOSED] == 0
    with capture():
        workflow.close_consultation(plan, by=people.editor, seen_unfinished=True)

    assert told(Kind.CONSULTATION_CLOSED) == everyone_in(people)
    assert Notification.objects.filter(kind=Kind.CONSULTATION_CLOSED).count() == 6
    notice = Notification.objects.get(kind=Kind.CONSULTATION_CLOSED, recipient=people.partner)
    assert notice.actor is None and notice.event_date == today() - timedelta(days=1)


def test_a_consultation_that_closed_over_a_week_ago_is_not_news(people):
    consultation_closing_in(people, -8)

    assert send_reminders()[Kind.CONSULTATION_CLOSED] == 0


# --- the weekly digest of unanswered comments --------------------------------------------------


def comment(plan, author, days_old, **fields):
    return Comment.objects.create(
        plan=plan, author=author, body="A comment.",
        created_at=timezone.now() - timedelta(days=days_old), **fields)


@pytest.fixture
def waiting(people):
    """A plan in consultation with two comments waiting over a week for an answer, and some
    that do not count: answered, too recent, hidden, a reply."""
    plan = in_consultation(ready_plan(people), people.editor)
    comment(plan, people.partner, 8)
    comment(plan, people.admin, 10)
    answered = comment(plan, people.partner, 9)
    Response.objects.create(comment=answered, disposition="noted", text="Thanks.",
                            responded_by=people.editor)
    comment(plan, people.partner, 6)
    hidden = comment(plan, people.partner, 12)
    hidden.hide(by=people.admin, reason="Off topic.")
    comment(plan, people.editor, 11, parent=answered)
    return plan


def test_each_editor_gets_a_digest_of_comments_waiting_over_a_week(people, waiting):
    assert send_reminders()[Kind.UNANSWERED_DIGEST] == 2

    editors = {people.editor, people.other_editor}
    assert told(Kind.UNANSWERED_DIGEST) == emailed(Kind.UNANSWERED_DIGEST) == editors
    notice = Notification.objects.get(recipient=people.other_editor)
    assert notice.count == 2
    assert notice.sentence == (
        "2 comments on “Example County Safety Plan” have waited over a week for an official "
        "answer."
    )
    [email] = [e for e in mail.outbox if e.to == [people.other_editor.email]]
    assert email.subject == (
        "Comments on Example County Safety Plan are waiting for an official answer")
    assert "This reminder comes at most once a week for each plan." in email.body
    assert notice.link == f"/plans/{waiting.pk}/consultation/"
    page = signed_in(people.other_editor).get(notice.link)
    assert "Give the official answer" in text(page)


def test_the_digest_comes_once_a_week(people, waiting):
    monday = today() - timedelta(days=today().weekday())
    for day in range(7):  # every day of this week, twice
        send_reminders(now=at(monday + timedelta(days=day), 1))
        send_reminders(now=at(monday + timedelta(days=day), 23))
    assert Notification.objects.filter(kind=Kind.UNANSWERED_DIGEST).count() == 2

    send_reminders(now=at(monday + timedelta(days=7), 1))  # next Monday: still waiting

    assert Notification.objects.filter(
        kind=Kind.UNANSWERED_DIGEST, recipient=people.editor).count() == 2
    assert len(mail.outbox) == 4


def test_one_waiting_comment_reads_in_the_singular(people):
    plan = in_consultation(ready_plan(people), people.editor)
    comment(plan, people.partner, 8)

    send_reminders()

    notice = Notification.objects.filter(kind=Kind.UNANSWERED_DIGEST).first()
    assert notice.sentence == (
        "1 comment on “Example County Safety Plan” has waited over a week for an official "
        "answer."
    )


def test_no_digest_for_a_signed_plan(people):
    plan = ready_plan(people)
    comment(plan, people.partner, 8)
    people.deactivated[Role.SIGNATORY].memberships.get().end(by=people.admin)
    signed_off(plan, people)

    assert send_reminders()[Kind.UNANSWERED_DIGEST] == 0


# --- expired invitations -----------------------------------------------------------------------


def invitation(people, email, expired_days_ago, **fields):
    invitation = InvitationFactory(
        jurisdiction=people.county, invited_by=people.admin, email=email, **fields)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=at(today() - timedelta(days=expired_days_ago), 10))
    return invitation


def test_the_admins_hear_of_the_invitations_that_expired_yesterday_in_one_notice(people):
    invitation(people, "b.late@example.org", 1)
    invitation(people, "a.late@example.org", 1, role=Role.PARTNER)
    second_admin = member(people.county, Role.JURISDICTION_ADMIN)

    assert send_reminders()[Kind.INVITATIONS_EXPIRED] == 2

    assert told(Kind.INVITATIONS_EXPIRED) == {people.admin, second_admin}
    assert emailed(Kind.INVITATIONS_EXPIRED) == {people.admin, second_admin}
    notice = Notification.objects.get(recipient=people.admin)
    assert notice.count == 2 and notice.plan is None
    yesterday = today() - timedelta(days=1)
    assert notice.sentence == (
        f"2 invitations to Example County expired on {date_format(yesterday)} without being "
        f"accepted: a.late@example.org, b.late@example.org."
    )
    email = next(e for e in mail.outbox if e.to == [people.admin.email])
    assert email.subject == "Invitations to Example County expired"
    assert notice.link == f"/jurisdictions/{people.county.slug}/members/invite/"
    assert "Invite a person" in text(signed_in(people.admin).get(notice.link))


def test_expired_invitations_are_told_once_and_only_when_their_day_is_over(people):
    invitation(people, "today@example.org", 0)  # expired this morning: told tomorrow
    invitation(people, "yesterday@example.org", 1)

    send_reminders()
    send_reminders()

    [notice] = Notification.objects.filter(kind=Kind.INVITATIONS_EXPIRED)
    assert notice.note == "yesterday@example.org"
    send_reminders(now=timezone.now() + timedelta(days=1))
    assert Notification.objects.filter(kind=Kind.INVITATIONS_EXPIRED).count() == 2


def test_accepted_withdrawn_sent_again_or_old_invitations_are_not_told(people):
    accepted = invitation(people, "joined@example.org", 1)
    Invitation.objects.filter(pk=accepted.pk).update(accepted_at=timezone.now())
    withdrawn = invitation(people, "withdrawn@example.org", 1)
    withdrawn.revoke()
    invitation(people, "again@example.org", 1)
    InvitationFactory(jurisdiction=people.county, invited_by=people.admin,
                      email="again@example.org")  # invited anew since
    invitation(people, "old@example.org", 9)

    assert send_reminders()[Kind.INVITATIONS_EXPIRED] == 0


# --- how it runs -------------------------------------------------------------------------------


def test_the_command_runs_the_reminders_and_says_what_it_sent(people):
    consultation_closing_in(people, 1)
    out = StringIO()

    call_command("send_reminders", stdout=out)

    assert "consultation_closing: 6 new" in out.getvalue()
    assert "unanswered_digest: 0 new" in out.getvalue()


def test_celery_beat_runs_the_registered_reminders_task_hourly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-reminders"]
    assert entry["task"] == "notifications.send_reminders"
    assert entry["schedule"] == 3600
    assert entry["task"] in celery_app.tasks
    assert celery_app.tasks[entry["task"]].delay().get() == {
        "consultation_closing": 0, "consultation_closed": 0, "unanswered_digest": 0,
        "invitations_expired": 0, "updates_due": 0,
    }


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_tell_each_person_once(catalogue, on_postgresql):
    """Two processes (here threads, each with its own connection) run the job together."""
    from tests.plans.factories import county_people

    people = county_people()
    people.former, people.deactivated, people.elsewhere_members = {}, {}, {}
    consultation_closing_in(people, 1)
    mail.outbox.clear()  # the opening's, sent as the set-up committed
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            send_reminders()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Notification.objects.filter(kind=Kind.CONSULTATION_CLOSING).count() == 6
    assert len(mail.outbox) == 6
    assert Plan.objects.get().status == Status.CONSULTATION
