"""The emails of a consultation: who gets which, what they say, where their link leads, the
choices on /profile/notifications/, and that they leave only after the request commits.

Tasks run in-process here (tests/conftest.py); ``django_capture_on_commit_callbacks`` runs
what the views announce (shared_safety.events) once the test's request is done.
"""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications import events, tasks
from notifications.models import EmailOptOut, Notification
from plans.models import AuditEntry, Status
from stakeholders.models import Role
from tests.factories import member, sample_city
from tests.stakeholders.test_consultation import (
    article,
    consultation_url,
    draft_plan,
    example_people,
    plan_in_consultation,
    post_comment,
    signed_in,
    text,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return example_people()


NOTIFICATIONS = reverse("notifications:preferences")


def opening(plan):
    """The audit entry of the plan's opening for consultation: the event's id."""
    return AuditEntry.objects.filter(plan=plan, action="open_consultation").latest("pk").pk


def link_in(email):
    """The one link of an email, as a path on this site."""
    links = re.findall(r"https?://\S+", email.body)
    assert len(links) == 1, email.body
    assert links[0].startswith(settings.SITE_URL.rstrip("/") + "/")
    parts = urlsplit(links[0])
    return (parts.path + (f"?{parts.query}" if parts.query else "")
            + (f"#{parts.fragment}" if parts.fragment else ""))


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Run what a request queued for after its commit, as the real site would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def answer(people, comment, capture, **fields):
    data = {"disposition": "adopted", "text": "We add it to the plan.", "reason": ""} | fields
    with capture():
        response = signed_in(people.editor).post(url("respond", comment), data)
    assert response.status_code == 302, text(response)


def reply(user, comment, body, capture):
    with capture():
        response = signed_in(user).post(url("reply", comment), {"body": body})
    assert response.status_code == 302, text(response)


def choose_emails(user, **choices):
    """Tick the boxes on /profile/notifications/ as ``user`` (unticked ones are left out)."""
    client = signed_in(user)
    response = client.post(NOTIFICATIONS, {name: "on" for name, on in choices.items() if on})
    assert response["Location"] == NOTIFICATIONS
    return client


# --- a response to my comment --------------------------------------------------------------


def test_the_author_is_emailed_when_an_editor_answers(people, capture):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Add reentry housing.")

    answer(people, comment, capture, text="We add a reentry commitment.")

    [email] = mail.outbox
    assert email.to == [people.partner.email]
    assert email.subject == "Your comment on Example County Safety Plan has an official answer"
    assert "Your comment has an official answer. Disposition: Adopted." in email.body
    assert "We add a reentry commitment." in email.body
    link = link_in(email)
    assert link == f"{consultation_url(plan)}?comment={comment.pk}#comment-{comment.pk}"
    page = signed_in(people.partner).get(link)
    assert "We add a reentry commitment." in text(article(page, comment))


def test_the_email_of_a_suggestion_not_adopted_gives_the_reason(people, capture):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Publish street-level maps.")

    answer(people, comment, capture, disposition="not_adopted", reason="They identify victims.")

    [email] = mail.outbox
    assert "Disposition: Not adopted." in email.body
    assert "Reason: They identify victims." in email.body


def test_the_email_leaves_only_after_the_request_commits(
    people, django_capture_on_commit_callbacks
):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Add reentry housing.")

    with django_capture_on_commit_callbacks() as queued:
        signed_in(people.editor).post(
            url("respond", comment), {"disposition": "noted", "text": "Thank you."}
        )
        assert mail.outbox == []

    assert mail.outbox == [] and len(queued) == 1
    queued[0]()
    assert [email.to for email in mail.outbox] == [[people.partner.email]]


def test_changing_a_response_sends_no_second_email(people, capture):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Add reentry housing.")
    answer(people, comment, capture, disposition="noted", text="Thanks.")

    answer(people, comment, capture, disposition="adopted", text="Adopted after all.")

    assert len(mail.outbox) == 1


def test_an_editor_answering_their_own_comment_gets_no_email(people, capture):
    plan = plan_in_consultation(people)
    comment = post_comment(people.editor, plan, "A note to the team.")

    answer(people, comment, capture)

    assert mail.outbox == []


def test_no_response_email_once_the_author_turned_it_off(people, capture):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Add reentry housing.")
    form = signed_in(people.partner).get(NOTIFICATIONS)
    for label in [
        "A consultation opens in my jurisdiction",
        "My comment gets an official answer",
        "Someone replies to my comment",
    ]:
        assert label in text(form)
    assert not EmailOptOut.objects.exists()  # showing the form saves nothing

    client = choose_emails(
        people.partner,
        consultation_opened=True,
        comment_answered=False,
        comment_replied=True,
    )
    assert "Your email choices are saved." in text(client.get(NOTIFICATIONS))
    answer(people, comment, capture)

    assert mail.outbox == []
    reply(people.editor, comment, "A reply still reaches you.", capture)
    assert [email.to for email in mail.outbox] == [[people.partner.email]]


def test_the_choices_page_shows_what_was_saved(people):
    client = choose_emails(
        people.partner,
        consultation_opened=False,
        comment_answered=True,
        comment_replied=False,
    )

    page = client.get(NOTIFICATIONS).content.decode()

    def ticked(name):
        box = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        return " checked" in box

    assert [
        ticked(n) for n in ["consultation_opened", "comment_answered", "comment_replied"]
    ] == [False, True, False]
    def opted_out(person, kind):
        return person.pk in EmailOptOut.objects.opted_out([person], kind)

    assert not opted_out(people.partner, "comment_answered")
    assert opted_out(people.partner, "consultation_opened")
    assert opted_out(people.partner, "comment_replied")
    assert not opted_out(people.neighbour, "comment_replied")  # no choice yet


# --- a reply to my comment -----------------------------------------------------------------


def test_the_author_is_emailed_when_someone_replies(people, capture):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Open the library on Sundays.")

    reply(people.editor, comment, "We are costing it.", capture)

    [email] = mail.outbox
    new = comment.replies.get()
    assert email.to == [people.partner.email]
    assert email.subject == "Eli Editor replied to your comment"
    assert 'Eli Editor replied to your comment on "Example County Safety Plan":' in email.body
    assert "We are costing it." in email.body
    assert link_in(email) == f"{consultation_url(plan)}?comment={new.pk}#comment-{new.pk}"


def test_a_reply_to_a_reply_emails_the_author_of_the_comment(people, capture):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Open the library on Sundays.")
    reply(people.editor, comment, "We are costing it.", capture)
    mail.outbox.clear()

    reply(people.neighbour, comment.replies.get(), "Sundays matter to shift workers.", capture)

    [email] = mail.outbox
    assert email.to == [people.partner.email]
    assert email.subject == "Nora Neighbour replied to your comment"


def test_replying_to_your_own_comment_sends_nothing(people, capture):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Open the library on Sundays.")

    reply(people.partner, comment, "And on holidays.", capture)

    assert mail.outbox == []


def test_no_reply_email_once_the_author_turned_it_off(people, capture):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Open the library on Sundays.")
    choose_emails(
        people.partner,
        consultation_opened=True,
        comment_answered=True,
        comment_replied=False,
    )

    reply(people.editor, comment, "We are costing it.", capture)

    assert mail.outbox == []


# --- a hidden comment ----------------------------------------------------------------------


def test_the_author_of_a_hidden_comment_is_told_why(people, capture):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Jo Bloggs lives at 12 Elm Street.")
    choose_emails(  # being told about moderation cannot be turned off
        people.partner,
        consultation_opened=False,
        comment_answered=False,
        comment_replied=False,
    )

    with capture():
        signed_in(people.admin).post(url("hide", comment), {"reason": "It names a person."})

    [email] = mail.outbox
    assert email.to == [people.partner.email]
    assert email.subject == "Your comment on Example County Safety Plan was hidden"
    assert "Reason: It names a person." in email.body
    assert link_in(email) == consultation_url(plan)


# --- consultation opened -------------------------------------------------------------------


def members_with_choices(people):
    """Everyone holding a role wants the email but the editor, who opens the consultation,
    and a third partner, who turned it off; one partner left; one is a partner elsewhere."""
    quiet = member(people.county, Role.PARTNER, first_name="Quinn", last_name="Quiet")
    choose_emails(
        quiet, consultation_opened=False, comment_answered=True, comment_replied=True
    )
    former = member(people.county, Role.PARTNER)
    former.memberships.get().end(by=people.admin)
    member(sample_city(), Role.PARTNER)
    return sorted([[p.email] for p in (people.admin, people.signatory, people.partner,
                                         people.neighbour)])


def test_the_consultation_opened_task_emails_the_members_who_want_it(people):
    expected = members_with_choices(people)
    plan = plan_in_consultation(people)

    told = tasks.consultation_opened.delay(opening(plan)).get()

    assert told == 5  # in the app: the one who turned the email off too
    assert Notification.objects.filter(recipient__first_name="Quinn").exists()
    assert sorted(email.to for email in mail.outbox) == expected
    for email in mail.outbox:
        assert email.subject == "Your comments are invited: Example County Safety Plan"
        assert 'Example County has opened its draft plan "Example County Safety Plan"' in (
            email.body
        )
        assert link_in(email) == consultation_url(plan)


def test_no_consultation_opened_email_when_nobody_else_holds_a_role(people):
    plan = plan_in_consultation(people)
    for person in (people.partner, people.neighbour, people.admin, people.signatory):
        person.memberships.get().end(by=people.admin)

    assert events.consultation_opened(opening(plan)) == []
    assert mail.outbox == []


def test_opening_consultation_emails_the_members_who_want_it(people, capture):
    expected = members_with_choices(people)
    plan = draft_plan(people)
    today = timezone.localdate()

    with capture():
        response = signed_in(people.editor).post(
            reverse("plans:transition", args=[plan.pk, "open_consultation"]),
            {"opens": today.isoformat(), "closes": (today + timedelta(days=30)).isoformat()},
        )

    assert response["Location"] == plan.get_absolute_url()
    plan.refresh_from_db()
    assert plan.status == Status.CONSULTATION
    assert sorted(email.to for email in mail.outbox) == expected
    assert {email.subject for email in mail.outbox} == {
        "Your comments are invited: Example County Safety Plan"
    }
    assert {link_in(email) for email in mail.outbox} == {consultation_url(plan)}


# --- checked when the worker sends, not when the email was queued --------------------------


def test_a_removed_member_gets_no_more_answers_or_replies(people, capture):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Add reentry housing.")
    people.partner.memberships.get().end(by=people.admin)

    reply(people.editor, comment, "Private detail of the budget talks.", capture)
    answer(people, comment, capture, text="We add a reentry commitment.")

    assert mail.outbox == []


def test_an_email_queued_before_the_membership_ended_is_not_sent(
        people, django_capture_on_commit_callbacks):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Add reentry housing.")
    with django_capture_on_commit_callbacks() as queued:  # the worker has not run yet
        signed_in(people.editor).post(url("reply", comment), {"body": "Noted, thanks."})
    assert len(queued) == 1

    people.partner.memberships.get().end(by=people.admin)
    for task in queued:
        task()

    assert mail.outbox == []


def test_a_deactivated_account_gets_no_email(people, capture):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Add reentry housing.")
    people.partner.is_active = False
    people.partner.save(update_fields=["is_active"])

    answer(people, comment, capture)

    assert mail.outbox == []
    assert len(events.consultation_opened(opening(plan))) == 3  # not the deactivated one
    assert sorted(email.to for email in mail.outbox) == sorted(
        [[p.email] for p in (people.admin, people.signatory, people.neighbour)])


def test_a_reply_hidden_before_the_worker_runs_is_not_emailed(
        people, django_capture_on_commit_callbacks):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Open the library on Sundays.")
    with django_capture_on_commit_callbacks() as queued:
        signed_in(people.neighbour).post(url("reply", comment), {"body": "Jo Bloggs is a thief."})
    comment.replies.get().hide(by=people.admin, reason="Names a person.")

    for task in queued:
        task()

    assert mail.outbox == []


def test_subjects_and_bodies_are_plain_text_not_html_escaped(people, capture):
    plan = plan_in_consultation(people)
    plan.title = 'Safety & "Healing" <2027>'
    plan.save(update_fields=["title"])
    comment = post_comment(people.partner, plan, "Fund <youth> jobs & \"mentors\".")

    reply(people.editor, comment, "Yes & more: <soon>.", capture)
    answer(people, comment, capture, text="Adopted & funded.")

    replied, answered = mail.outbox
    assert answered.subject == 'Your comment on Safety & "Healing" <2027> has an official answer'
    assert 'replied to your comment on "Safety & "Healing" <2027>":' in replied.body
    assert "Yes & more: <soon>." in replied.body
    assert "Adopted & funded." in answered.body
    for email in mail.outbox:
        assert "&amp;" not in email.subject + email.body
        assert "&quot;" not in email.subject + email.body
        assert "&lt;" not in email.subject + email.body
        assert "\n" not in email.subject
