"""Comments on a published progress report: the consultation's comments, replies, official
answers and moderation, with the report as what they are on. A report takes comments from its
publication until the next period's report, while the plan is in effect; editors answer while
the plan is in effect. They never mix with the plan's consultation."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from plans import workflow
from plans.models import AuditEntry
from progress import reports
from stakeholders.models import Comment
from tests.plans.factories import county_people, signed_in, signed_off, text

from .factories import plan_in_effect

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return county_people()


@pytest.fixture
def world(people):
    """A plan whose first two yearly periods are over, the first one reported."""
    plan = plan_in_effect(people, first_year=timezone.localdate().year - 2, years=3,
                          names=["Youth summer jobs"])
    first, second, _third = plan.reporting_periods.active()
    report = reports.publish(first, by=people.editor, seen_missing=True)
    return plan, report, second


def comments_url(report):
    return reverse("progress:report_comments", args=[report.pk])


def comment_on(report, person, body, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return signed_in(person).post(comments_url(report), {"about": "plan", "body": body,
                                                             **data})


def test_a_partner_comments_on_the_report_and_not_on_the_plans_consultation(
        people, world, django_capture_on_commit_callbacks):
    plan, report, _second = world
    commitment = plan.commitments.get()
    response = comment_on(report, people.partner, "Which neighbourhoods got the jobs?",
                          django_capture_on_commit_callbacks,
                          about=f"commitment-{commitment.pk}")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (
        f"{comments_url(report)}?comment={comment.pk}#comment-{comment.pk}")
    assert (comment.report, comment.plan, comment.commitment) == (report, plan, commitment)

    page = text(signed_in(people.first_signatory).get(comments_url(report)))
    assert "Which neighbourhoods got the jobs?" in page
    assert "Comments on this report are open until the report of the next period" in page
    consultation = text(signed_in(people.partner).get(
        reverse("stakeholders:consultation", args=[plan.pk])))
    assert "Which neighbourhoods got the jobs?" not in consultation
    assert "0 comments (replies included)." in consultation
    plan_page = signed_in(people.editor).get(plan.get_absolute_url()).content.decode()
    assert "1 comment" not in plan_page  # the plan's consultation counts stay its own


def test_members_read_the_comments_others_do_not(people, world):
    _plan, report, _second = world
    assert signed_in(people.outsider).get(comments_url(report)).status_code == 404
    assert Client().get(comments_url(report)).status_code == 302
    page = text(signed_in(people.partner).get(comments_url(report)))
    assert "Add your comment" in page
    signatory_page = text(signed_in(people.first_signatory).get(comments_url(report)))
    assert "Add your comment" not in signatory_page
    refused = signed_in(people.first_signatory).post(comments_url(report),
                                                     {"about": "plan", "body": "Hello"})
    assert refused.status_code == 403
    assert "Your role does not allow commenting on this report" in text(refused)


def test_replies_answers_and_moderation_work_as_in_a_consultation(
        people, world, django_capture_on_commit_callbacks):
    plan, report, _second = world
    comment_on(report, people.partner, "Please report by neighbourhood.",
               django_capture_on_commit_callbacks)
    comment = Comment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        reply = signed_in(people.editor).post(
            reverse("stakeholders:reply", args=[comment.pk]), {"body": "We will try."})
    answer = Comment.objects.get(parent=comment)
    assert answer.report == report
    assert reply["Location"] == f"{comments_url(report)}?comment={answer.pk}#comment-{answer.pk}"

    with django_capture_on_commit_callbacks(execute=True):
        official = signed_in(people.editor).post(
            reverse("stakeholders:respond", args=[comment.pk]),
            {"disposition": "adopted", "text": "The next report breaks it down."})
    assert official["Location"] == (
        f"{comments_url(report)}?comment={comment.pk}#comment-{comment.pk}")
    notices = Notification.objects.filter(recipient=people.partner).order_by("pk")
    assert [n.kind for n in notices] == ["comment_replied", "comment_answered"]
    assert {n.link for n in notices} == {
        f"{comments_url(report)}?comment={answer.pk}#comment-{answer.pk}",
        f"{comments_url(report)}?comment={comment.pk}#comment-{comment.pk}"}
    assert any(f"{comments_url(report)}?comment={comment.pk}#comment-{comment.pk}" in m.body
               for m in mail.outbox)
    form = text(signed_in(people.editor).get(reverse("stakeholders:respond",
                                                     args=[comment.pk])))
    assert "Back to the comments" in form

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(people.admin).post(reverse("stakeholders:hide", args=[comment.pk]),
                                     {"reason": "Names a person."})
    comment.refresh_from_db()
    assert comment.is_hidden
    assert AuditEntry.objects.filter(plan=plan, action="hide_comment").exists()
    hidden = Notification.objects.get(recipient=people.partner, kind="comment_hidden")
    assert hidden.link == comments_url(report)
    page = text(signed_in(people.first_signatory).get(comments_url(report)))
    assert "Please report by neighbourhood." not in page
    assert "1 comment was hidden by a moderator." in page


def test_comments_close_when_the_next_report_is_published_and_answers_go_on(
        people, world, django_capture_on_commit_callbacks):
    plan, report, second = world
    comment_on(report, people.partner, "More detail, please.",
               django_capture_on_commit_callbacks)
    comment = Comment.objects.get()
    later = reports.publish(second, by=people.editor, seen_missing=True)
    refused = comment_on(report, people.partner, "And another thing.",
                         django_capture_on_commit_callbacks)
    assert refused.status_code == 403
    assert "A later report is published: comments on this one are read-only." in text(refused)
    assert signed_in(people.partner).get(
        reverse("stakeholders:reply", args=[comment.pk])).status_code == 403
    answered = signed_in(people.editor).post(
        reverse("stakeholders:respond", args=[comment.pk]),
        {"disposition": "noted", "text": "The new report has it."})
    assert answered.status_code == 302
    assert comment_on(later, people.partner, "Thank you.",
                      django_capture_on_commit_callbacks).status_code == 302


def test_once_the_plan_is_superseded_its_reports_take_neither_comments_nor_answers(
        people, world, django_capture_on_commit_callbacks):
    plan, report, _second = world
    comment_on(report, people.partner, "Keep going.", django_capture_on_commit_callbacks)
    comment = Comment.objects.get()
    signed_off(workflow.amend(plan, by=people.editor), people)
    page = text(signed_in(people.partner).get(comments_url(report)))
    assert "This version of the plan is no longer in effect" in page
    assert "Add your comment" not in page
    refused = signed_in(people.editor).get(reverse("stakeholders:respond", args=[comment.pk]))
    assert refused.status_code == 403
    assert "while the plan is in effect" in text(refused)


def test_the_editors_dashboard_leads_to_comments_on_a_report_awaiting_an_answer(
        people, world, django_capture_on_commit_callbacks):
    _plan, report, _second = world
    editor = signed_in(people.editor)
    assert "on the progress report" not in text(editor.get(reverse("dashboard")))
    for body in ("First question.", "Second question."):
        comment_on(report, people.partner, body, django_capture_on_commit_callbacks)
    dashboard = editor.get(reverse("dashboard")).content.decode()
    assert (f"2 comments on the progress report for {report.period.label} of “Example County "
            "Safety Plan” await an official answer") in text(dashboard)
    assert f"{comments_url(report)}?state=awaiting" in dashboard
    for comment in Comment.objects.all():
        editor.post(reverse("stakeholders:respond", args=[comment.pk]),
                    {"disposition": "noted", "text": "Thank you."})
    assert "on the progress report" not in text(editor.get(reverse("dashboard")))


def test_a_report_with_more_comments_than_a_page_links_to_the_next(people, world, settings):
    settings.PAGE_SIZE = 2
    _plan, report, _second = world
    for n in range(3):
        Comment.objects.create(plan=report.plan, report=report, author=people.partner,
                               body=f"Question {n}.")
    client = signed_in(people.editor)

    first = client.get(comments_url(report)).content.decode()
    second = text(client.get(comments_url(report), {"page": 2}))

    assert 'aria-label="Pages of the comments"' in first
    assert 'rel="next" href="?page=2#comments"' in first
    assert "Question 2." in second and "Question 0." not in second
