"""Who hears of each step of a plan's life and of each answer, reply and moderation: the right
people only, once, in their language, with a link that opens the right page for them."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.formats import date_format

from notifications import events
from notifications.models import EmailOptOut, Notification
from plans import workflow
from plans.models import AuditEntry
from stakeholders.models import Comment, Role
from tests.factories import MembershipFactory
from tests.plans.factories import in_consultation, in_review, in_revision, signed_in, text

from .conftest import emailed, emails_to, everyone_in, never_told, ready_plan, told
from .test_consultation_emails import link_in

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def opens_for(person, link, *expected):
    """``link`` answers ``person`` with a page showing each of ``expected``."""
    response = signed_in(person).get(link)
    assert response.status_code == 200, link
    page = text(response)
    for words in expected:
        assert words in page, words


# --- sign-off requested ------------------------------------------------------------------------


def test_every_designated_signatory_is_asked_to_sign(people, capture):
    plan = in_revision(ready_plan(people), people.editor)

    with capture():
        workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)

    signatories = {people.first_signatory, people.second_signatory}
    assert told(Kind.SIGNOFF_REQUESTED) == signatories
    assert emailed(Kind.SIGNOFF_REQUESTED) == signatories
    assert not told(Kind.SIGNOFF_REQUESTED) & never_told(people)
    notice = Notification.objects.get(recipient=people.first_signatory)
    assert notice.sentence == (
        "Eli Editor asks you to sign off “Example County Safety Plan” or to return it with a "
        "reason."
    )
    assert notice.actor == people.editor and notice.plan == plan
    [email] = emails_to(people.first_signatory)
    assert email.subject == "Example County Safety Plan awaits your sign-off"
    assert notice.sentence in email.body
    assert link_in(email) == notice.link == plan.get_absolute_url()
    opens_for(people.first_signatory, notice.link, "Sign off", "Return with a reason")


def test_an_editor_who_also_signs_is_asked_too(people, capture):
    MembershipFactory(user=people.editor, jurisdiction=people.county, signatory=True)
    plan = in_revision(ready_plan(people), people.editor)

    with capture():
        workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)

    assert people.editor in told(Kind.SIGNOFF_REQUESTED)


def test_a_request_handled_after_the_review_ended_asks_nobody(
    people, django_capture_on_commit_callbacks
):
    plan = in_revision(ready_plan(people), people.editor)
    with django_capture_on_commit_callbacks() as queued:  # the worker has not run yet
        workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)
    workflow.return_plan(plan, by=people.first_signatory, reason="Not yet.")

    for task in queued:
        task()

    assert told(Kind.SIGNOFF_REQUESTED) == set()


# --- returned ----------------------------------------------------------------------------------


def test_the_editors_learn_who_returned_the_plan_and_why(people, capture):
    plan = in_review(ready_plan(people), people.editor)

    with capture():
        workflow.return_plan(plan, by=people.first_signatory, reason="Add the health budget.")

    editors = {people.editor, people.other_editor}
    assert told(Kind.PLAN_RETURNED) == editors
    assert emailed(Kind.PLAN_RETURNED) == editors
    notice = Notification.objects.get(recipient=people.other_editor)
    assert notice.sentence == (
        "Sam Signer returned “Example County Safety Plan” for revision: Add the health budget."
    )
    [email] = emails_to(people.other_editor)
    assert email.subject == "Example County Safety Plan was returned for revision"
    assert 'Sam Signer returned "Example County Safety Plan" for revision' in email.body
    assert "Add the health budget." in email.body
    assert link_in(email) == plan.get_absolute_url()
    opens_for(people.other_editor, notice.link, "Returned by Sam Signer", "Add the health budget.")


def test_a_signatory_who_also_edits_is_not_told_of_their_own_return(people, capture):
    MembershipFactory(user=people.first_signatory, jurisdiction=people.county, role=Role.EDITOR)
    plan = in_review(ready_plan(people), people.editor)

    with capture():
        workflow.return_plan(plan, by=people.first_signatory, reason="Add the health budget.")

    assert told(Kind.PLAN_RETURNED) == {people.editor, people.other_editor}


# --- signed off and published ------------------------------------------------------------------


def test_everyone_of_the_jurisdiction_and_every_commenter_hears_it_is_published(
    people, capture
):
    # a deactivated account still designated as a signatory would hold the sign-off up
    people.deactivated[Role.SIGNATORY].memberships.get().end(by=people.admin)
    plan = in_consultation(ready_plan(people), people.editor)
    commenter = people.former[Role.PARTNER]  # commented, then left: the blueprint is public
    Comment.objects.create(plan=plan, author=commenter, body="Fund youth jobs.")
    quiet = people.deactivated[Role.PARTNER]
    Comment.objects.create(plan=plan, author=quiet, body="And parks.")
    plan = workflow.close_consultation(plan, by=people.editor, seen_unfinished=True)
    plan = workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)
    workflow.sign(plan, by=people.first_signatory)

    with capture():
        workflow.sign(plan, by=people.second_signatory)

    expected = everyone_in(people) - {people.second_signatory} | {commenter}
    assert told(Kind.PLAN_SIGNED_OFF) == expected
    assert emailed(Kind.PLAN_SIGNED_OFF) == expected
    assert not told(Kind.PLAN_SIGNED_OFF) & (never_told(people) - {commenter})
    notice = Notification.objects.get(kind=Kind.PLAN_SIGNED_OFF, recipient=people.partner)
    assert notice.sentence == "“Example County Safety Plan” is signed off and published."
    [email] = [e for e in emails_to(people.partner) if "published" in e.subject]
    assert email.subject == "Example County Safety Plan is signed off and published"
    assert link_in(email) == notice.link == f"/blueprints/{plan.pk}/"
    opens_for(commenter, notice.link, "Example County Safety Plan")


# --- consultation opened and closed ------------------------------------------------------------


def test_opening_and_closing_a_consultation_reach_everyone_but_the_editor_who_did_it(
    people, capture
):
    plan = ready_plan(people)

    with capture():
        plan = in_consultation(plan, people.editor)
    with capture():
        workflow.close_consultation(plan, by=people.editor, seen_unfinished=True)

    expected = everyone_in(people) - {people.editor}
    assert told(Kind.CONSULTATION_OPENED) == expected
    assert told(Kind.CONSULTATION_CLOSED) == expected
    assert not (told(Kind.CONSULTATION_OPENED) | told(Kind.CONSULTATION_CLOSED)) & never_told(
        people)
    plan.refresh_from_db()
    closed = Notification.objects.get(kind=Kind.CONSULTATION_CLOSED, recipient=people.partner)
    assert closed.sentence == (
        f"The consultation on “Example County Safety Plan” closed on "
        f"{date_format(plan.consultation_closes)}."
    )
    assert closed.actor == people.editor
    [email] = [e for e in emails_to(people.partner) if "closed" in e.subject]
    assert email.subject == "The consultation on Example County Safety Plan has closed"
    assert link_in(email) == closed.link == f"/plans/{plan.pk}/consultation/"
    opens_for(people.partner, closed.link, "Comments on Example County Safety Plan")


# --- answers, replies, moderation: in the app as well ------------------------------------------


def test_an_answer_is_in_the_app_even_for_an_author_who_turned_its_email_off(people, capture):
    plan = in_consultation(ready_plan(people), people.editor)
    comment = Comment.objects.create(plan=plan, author=people.partner, body="Add reentry.")
    EmailOptOut.objects.create(user=people.partner, kind=Kind.COMMENT_ANSWERED)

    with capture():
        signed_in(people.editor).post(
            f"/comments/{comment.pk}/respond/", {"disposition": "noted", "text": "Thanks."})

    notice = Notification.objects.get(kind=Kind.COMMENT_ANSWERED)
    assert notice.recipient == people.partner and notice.comment == comment
    assert notice.sentence == (
        "Your comment on “Example County Safety Plan” has an official answer."
    )
    assert notice.link == (
        f"/plans/{plan.pk}/consultation/?comment={comment.pk}#comment-{comment.pk}")
    assert not notice.was_emailed and mail.outbox == []


def test_a_hidden_comments_author_is_emailed_whatever_they_chose(people, capture):
    plan = in_consultation(ready_plan(people), people.editor)
    comment = Comment.objects.create(plan=plan, author=people.partner, body="Names a person.")
    EmailOptOut.objects.create(user=people.partner, kind=Kind.COMMENT_HIDDEN)  # not offered

    with capture():
        signed_in(people.admin).post(f"/comments/{comment.pk}/hide/", {"reason": "Privacy."})

    notice = Notification.objects.get(kind=Kind.COMMENT_HIDDEN)
    assert notice.recipient == people.partner and notice.was_emailed
    assert notice.sentence == (
        "A moderator hid your comment on “Example County Safety Plan”. Reason: Privacy."
    )
    assert [email.to for email in mail.outbox] == [[people.partner.email]]


def test_a_reply_is_in_the_repliers_name_and_links_to_the_reply(people, capture):
    plan = in_consultation(ready_plan(people), people.editor)
    comment = Comment.objects.create(plan=plan, author=people.partner, body="Sundays?")

    with capture():
        signed_in(people.other_editor).post(f"/comments/{comment.pk}/reply/", {"body": "Yes."})

    reply = comment.replies.get()
    notice = Notification.objects.get(kind=Kind.COMMENT_REPLIED)
    assert notice.recipient == people.partner and notice.actor == people.other_editor
    assert notice.sentence == "Erin Second replied to your comment on “Example County Safety Plan”."
    assert notice.link == f"/plans/{plan.pk}/consultation/?comment={reply.pk}#comment-{reply.pk}"


# --- once, and in each person's language -------------------------------------------------------


def test_an_event_handled_twice_tells_each_person_once(people, capture):
    plan = in_revision(ready_plan(people), people.editor)
    with capture():
        workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)
    entry = AuditEntry.objects.get(plan=plan, action="request_signoff")

    assert events.signoff_requested(entry.pk) == []  # the task ran again, e.g. redelivered

    assert Notification.objects.filter(kind=Kind.SIGNOFF_REQUESTED).count() == 2
    assert len(mail.outbox) == 2


def test_a_spanish_signatory_is_asked_in_spanish(people, capture):
    people.first_signatory.language = "es"
    people.first_signatory.save(update_fields=["language"])
    plan = in_revision(ready_plan(people), people.editor)

    with translation.override("en"), capture():  # the editor's request is in English
        workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)

    [spanish] = emails_to(people.first_signatory)
    [english] = emails_to(people.second_signatory)
    assert spanish.subject == "Example County Safety Plan espera su aprobación"
    assert (
        "Eli Editor le pide firmar “Example County Safety Plan” o devolverlo con un motivo."
        in spanish.body
    )
    assert "Puede desactivar estos correos electrónicos en su perfil." in spanish.body
    assert english.subject == "Example County Safety Plan awaits your sign-off"
    notice = Notification.objects.get(recipient=people.first_signatory)
    page = text(signed_in(people.first_signatory).get("/notifications/"))
    assert "Eli Editor le pide firmar “Example County Safety Plan”" in page
    assert "asks you to sign off" not in page
    with translation.override("en"):
        assert notice.sentence.startswith("Eli Editor asks you to sign off")
