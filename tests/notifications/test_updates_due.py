"""The reminder to editors that a reporting period's updates are due within a week while some
commitments have none: once per editor and period, however often the reminders run."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from notifications.models import EmailOptOut, Notification
from notifications.reminders import send_reminders
from plans import workflow
from stakeholders.models import Role
from tests.factories import member
from tests.plans.factories import county_people, signed_in, signed_off, text
from tests.progress.factories import last_year_period, plan_in_effect, update

from .conftest import emailed, ended, told

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def people():
    """county_people(); once its plan is signed, editors who must not hear of it: one who
    left, one whose account is off, one of Sample City."""
    return county_people()


@pytest.fixture
def plan(people):
    plan = plan_in_effect(people, commitments=3)
    people.never = {
        ended(member(people.county, Role.EDITOR, first_name="Former"), by=people.admin),
        member(people.county, Role.EDITOR, first_name="Off", is_active=False),
        member(people.elsewhere, Role.EDITOR), people.outsider}
    return plan


def test_editors_hear_a_week_ahead_that_updates_are_missing_and_only_once(people, plan):
    period = last_year_period(plan)
    update(plan.commitments.order_by("pk").first(), period, people.editor)
    counts = send_reminders(now=at(period.due_on - timedelta(days=7)))
    assert counts[Kind.UPDATES_DUE] == 2
    assert told(Kind.UPDATES_DUE) == {people.editor, people.other_editor}
    assert not told(Kind.UPDATES_DUE) & people.never
    notice = Notification.objects.filter(kind=Kind.UPDATES_DUE).first()
    assert (notice.plan, notice.period, notice.count) == (plan, period, 2)
    assert notice.sentence == (
        f"Updates on “{plan.title}” for {period.label} are due on "
        f"{date_format(period.due_on)}: 2 commitments have none yet.")
    assert notice.link == reverse("progress:period", args=[period.pk])
    email = next(m for m in mail.outbox if m.to == [people.editor.email])
    assert email.subject == (f"Updates on {plan.title} for {period.label} are due on "
                             f"{date_format(period.due_on)}")
    assert f"/progress/periods/{period.pk}/" in email.body

    sent = len(mail.outbox)
    for day in (period.due_on - timedelta(days=6), period.due_on):
        assert send_reminders(now=at(day))[Kind.UPDATES_DUE] == 0
    assert Notification.objects.filter(kind=Kind.UPDATES_DUE).count() == 2
    assert len(mail.outbox) == sent


@pytest.mark.parametrize("days_before", [8, -1])
def test_nobody_hears_of_it_before_the_last_week_or_after_the_due_date(people, plan,
                                                                     days_before):
    period = last_year_period(plan)
    assert send_reminders(now=at(period.due_on - timedelta(days=days_before)))[
        Kind.UPDATES_DUE] == 0
    assert not told(Kind.UPDATES_DUE)


def test_nobody_hears_of_a_period_whose_updates_are_all_in(people, plan):
    period = last_year_period(plan)
    for commitment in plan.commitments.all():
        update(commitment, period, people.editor)
    assert send_reminders(now=at(period.due_on - timedelta(days=2)))[Kind.UPDATES_DUE] == 0


def test_a_superseded_plan_has_no_updates_due(people, plan):
    period = last_year_period(plan)
    signed_off(workflow.amend(plan, by=people.editor), people)
    assert send_reminders(now=at(period.due_on - timedelta(days=2)))[Kind.UPDATES_DUE] == 0


def test_an_editor_who_turned_the_email_off_still_finds_the_notice(people, plan):
    EmailOptOut.objects.create(user=people.other_editor, kind=Kind.UPDATES_DUE)
    period = last_year_period(plan)
    send_reminders(now=at(period.due_on - timedelta(days=1)))
    assert told(Kind.UPDATES_DUE) == {people.editor, people.other_editor}
    assert emailed(Kind.UPDATES_DUE) == {people.editor}
    page = text(signed_in(people.other_editor).get(reverse("notifications:list")))
    assert f"Updates on “{plan.title}” for {period.label} are due on" in page
    choices = text(signed_in(people.editor).get(reverse("notifications:preferences")))
    assert "A week before progress updates are due, if some are missing (editors)" in choices
