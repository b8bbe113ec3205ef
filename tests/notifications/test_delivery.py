"""Every kind of notice: recorded in the app for each person, emailed unless that person
turned the kind off (the moderation notice always), in their language, with a link to the
page where they act on it; said once per person and event."""

import re
from datetime import date
from smtplib import SMTPException

import pytest
from celery import current_app
from django.conf import settings
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import timezone, translation

from notifications import events
from notifications.delivery import notify
from notifications.models import ALWAYS_EMAILED, EmailOptOut, Notification
from progress.models import ReportingPeriod
from stakeholders.models import Comment, Response, Role
from tests.factories import member
from tests.plans.factories import county_people, in_consultation
from tests.test_languages import english_left_in

from .conftest import ready_plan

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


@pytest.fixture
def world():
    people = county_people()
    plan = in_consultation(ready_plan(people, title='Safety & "Healing" <2027>'), people.editor)
    comment = Comment.objects.create(plan=plan, author=people.partner, body="Fund <youth> jobs.")
    Response.objects.create(comment=comment, disposition="adopted", text="Funded & done.",
                            responded_by=people.editor)
    reply = Comment.objects.create(plan=plan, author=people.editor, parent=comment, body="Yes.")
    comment.hide(by=people.admin, reason="Names a person.")
    return people, plan, comment, reply


def fields_of(kind, people, plan, comment, reply):
    """What the events give a notice of ``kind``."""
    fields = {"plan": plan, "actor": people.editor, "event_date": plan.consultation_closes}
    context = {}
    if kind in (Kind.COMMENT_ANSWERED, Kind.COMMENT_HIDDEN):
        fields["comment"] = comment
        context = {"comment": comment, "response": comment.response}
    if kind == Kind.COMMENT_REPLIED:
        fields["comment"] = reply
        context = {"comment": comment, "reply": reply}
    if kind in (Kind.PLAN_RETURNED, Kind.COMMENT_HIDDEN):
        fields["note"] = "Add the <health> budget & more."
    if kind == Kind.UNANSWERED_DIGEST:
        fields["count"] = 3
    if kind == Kind.INVITATIONS_EXPIRED:
        fields = {"jurisdiction": plan.jurisdiction, "count": 2, "event_date": timezone.localdate(),
                  "note": "a@example.org, b@example.org"}
    if kind == Kind.UPDATES_DUE:
        fields["count"] = 2
        fields["period"] = ReportingPeriod.objects.create(
            plan=plan, cadence="annual", starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31),
            due_on=date(2028, 1, 30))
    return fields, context


@pytest.mark.parametrize("kind", list(Kind))
def test_each_kind_is_in_the_app_for_all_and_emailed_to_those_who_want_it(world, kind):
    people, plan, comment, reply = world
    wants = member(people.county, Role.JURISDICTION_ADMIN, first_name="Wanda")
    declines = member(people.county, Role.JURISDICTION_ADMIN, first_name="Dora")
    EmailOptOut.objects.create(user=declines, kind=kind)
    fields, context = fields_of(kind, people, plan, comment, reply)

    created = notify(kind, {wants, declines}, event="test", perm=None, obj=plan,
                     email_context=context, **fields)

    assert {n.recipient for n in created} == {wants, declines}
    emailed = {declines.email, wants.email} if kind in ALWAYS_EMAILED else {wants.email}
    assert {email.to[0] for email in mail.outbox} == emailed
    email = next(e for e in mail.outbox if e.to == [wants.email])
    notice = Notification.objects.get(recipient=wants)
    assert notice.was_emailed
    assert email.subject and "\n" not in email.subject
    links = re.findall(r"https?://\S+", email.body)
    assert links == [settings.SITE_URL.rstrip("/") + notice.link]
    for escaped in ("&amp;", "&lt;", "&quot;", "&#x27;"):
        assert escaped not in email.subject + email.body
    if kind not in ALWAYS_EMAILED:
        assert "You can turn these emails off on your profile." in email.body


@pytest.mark.parametrize("kind", list(Kind))
def test_each_kind_reads_in_english_and_in_spanish(world, kind):
    people, plan, comment, reply = world
    fields, context = fields_of(kind, people, plan, comment, reply)
    people.partner.language = "es"
    people.partner.save(update_fields=["language"])

    with translation.override("en"):
        [notice] = notify(kind, {people.partner}, event="es", perm=None, obj=plan,
                          email_context=context, **fields)
        english = notice.sentence
    with translation.override("es"):
        spanish = notice.sentence

    assert "%(" not in english and "%(" not in spanish
    assert spanish != english
    assert english_left_in(spanish) == []
    [email] = mail.outbox
    assert english_left_in(email.subject + " " + email.body) == []


def test_an_event_told_again_tells_nobody_twice(world):
    people, plan, *_ = world

    first = notify(Kind.PLAN_SIGNED_OFF, {people.partner, people.admin}, event="once",
                   perm="plans.view_plan", obj=plan, plan=plan)
    again = notify(Kind.PLAN_SIGNED_OFF, {people.partner, people.admin, people.editor},
                   event="once", perm="plans.view_plan", obj=plan, plan=plan)

    assert len(first) == 2
    assert [n.recipient for n in again] == [people.editor]  # the one not told yet
    assert len(mail.outbox) == 3


def test_who_may_not_read_it_is_not_told(world):
    people, plan, *_ = world
    people.admin.is_active = False
    people.admin.save(update_fields=["is_active"])

    created = notify(Kind.CONSULTATION_CLOSING, {people.admin, people.outsider, people.partner},
                     event="x", perm="plans.view_plan", obj=plan, plan=plan)

    assert [n.recipient for n in created] == [people.partner]


def test_a_person_without_an_email_address_is_told_in_the_app(world):
    people, plan, *_ = world
    people.partner.email = ""
    people.partner.save(update_fields=["email"])

    [notice] = notify(Kind.CONSULTATION_CLOSING, {people.partner}, event="x",
                      perm="plans.view_plan", obj=plan, plan=plan)

    assert not notice.was_emailed and mail.outbox == []


class MailServerDownOnce(locmem.EmailBackend):
    """The outside mail server: refuses the first message this test sends, then works."""

    refused = []

    def send_messages(self, messages):
        if not self.refused:
            self.refused.append(messages[0].to)
            raise SMTPException("421 Service not available, try again later")
        return super().send_messages(messages)


def test_an_email_that_failed_is_sent_on_the_next_try_and_only_once(world, settings):
    people, plan, comment, _reply = world
    settings.EMAIL_BACKEND = f"{__name__}.MailServerDownOnce"
    MailServerDownOnce.refused.clear()

    with pytest.raises(SMTPException):
        events.comment_hidden(comment.pk)
    notice = Notification.objects.get(kind=Kind.COMMENT_HIDDEN, recipient=people.partner)
    assert notice.emailed_at is None and mail.outbox == []

    assert events.comment_hidden(comment.pk) == []  # no new notice: the same one, now emailed
    assert [email.to for email in mail.outbox] == [[people.partner.email]]
    notice.refresh_from_db()
    assert notice.emailed_at is not None

    events.comment_hidden(comment.pk)
    assert len(mail.outbox) == 1  # never twice


def test_the_event_tasks_try_again_when_the_mail_server_fails():
    for name, task in current_app.tasks.items():
        if name.startswith("notifications.") and name != "notifications.send_reminders":
            assert SMTPException in task.autoretry_for, name


def test_an_email_queued_under_an_old_task_name_is_still_handled(world):
    people, plan, comment, _reply = world

    current_app.tasks["stakeholders.notify_comment_hidden"].delay(comment.pk)

    assert [email.to for email in mail.outbox] == [[people.partner.email]]
