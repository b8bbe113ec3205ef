"""The dashboard leads with what needs each person now: derived from their roles and their
plans' state, each item one sentence with its date and a link to where the action is, gone
by itself once done; then each jurisdiction's plans with their stage."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans import workflow
from plans.models import ExportJob, Plan
from stakeholders.models import Invitation, Response, Role
from tests.factories import MembershipFactory, member, sample_city
from tests.stakeholders.test_consultation import (
    draft_plan,
    example_people,
    plan_in_consultation,
    post_comment,
    signed_in,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")


@pytest.fixture
def people():
    return example_people()


def needs(user):
    """[(sentence, link)] of the "What needs you" list as the person sees it."""
    html = signed_in(user).get(DASHBOARD).content.decode()
    section = re.search(r'<ul class="needs task-list">(.*?)</ul>', html, re.S)
    if section is None:
        assert "Nothing needs you right now." in html
        return []
    found = []
    for item in re.findall(r"<li[^>]*>(.*?)</li>", section.group(1), re.S):
        sentence = unescape(re.sub(r"\s+", " ", re.sub(
            r"<[^>]+>", "", item.split('<span class="small')[0]))).strip()
        link = unescape(re.search(r'(?:href|action)="([^"]+)"', item).group(1))
        found.append((sentence, link))
    return found


def sentences(user):
    return [sentence for sentence, _link in needs(user)]


def in_review(people, title="Example County Safety Plan"):
    plan = workflow.close_consultation(plan_in_consultation(people, title=title),
                                       by=people.editor, seen_unfinished=True)
    return workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)


def test_a_signatory_is_asked_to_sign_until_they_have_signed(people):
    plan = in_review(people)
    second = member(people.county, Role.SIGNATORY, first_name="Hal", last_name="Health")

    [(sentence, link)] = needs(people.signatory)
    assert sentence == ("Eli Editor asks you to sign off “Example County Safety Plan” "
                        "(Example County).")
    assert link == reverse("plans:transition", args=[plan.pk, "sign"])
    assert signed_in(people.signatory).get(link).status_code == 200

    workflow.sign(plan, by=people.signatory)
    assert needs(people.signatory) == []
    assert [s for s, _l in needs(second)] == [sentence]  # the other one still signs


def test_a_returned_plan_tells_the_editors_why_until_it_goes_back_to_review(people):
    plan = workflow.return_plan(in_review(people), by=people.signatory,
                                reason="The budget of principle 2 is missing.")

    editor = needs(people.editor)
    assert ("Sam Signatory returned “Example County Safety Plan”: “The budget of principle 2 "
            "is missing.”", plan.get_absolute_url()) in editor
    assert any("was returned by Sam Signatory" in s for s in sentences(people.signatory))

    workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)
    assert not any("returned" in s for s in sentences(people.editor))
    assert not any("returned" in s for s in sentences(people.signatory))


def test_editors_see_comments_awaiting_an_answer_the_oldest_first_until_answered(people):
    plan = plan_in_consultation(people)
    first = post_comment(people.partner, plan, "Fund youth jobs.")
    post_comment(people.neighbour, plan, "Open the library on Sundays.")
    reply = post_comment(people.neighbour, plan, "Seconded.")  # a comment of its own
    reply.parent = first
    reply.save(update_fields=["parent"])  # now a reply: it waits for no answer of its own

    waiting = [(s, link) for s, link in needs(people.editor) if "official answer" in s]
    assert len(waiting) == 1
    sentence, link = waiting[0]
    assert sentence.startswith("2 comments on “Example County Safety Plan” await an official "
                               "answer, the oldest since")
    assert link == reverse("stakeholders:consultation", args=[plan.pk]) + "?state=awaiting"

    for comment in plan.comments.filter(parent__isnull=True):
        Response.objects.create(comment=comment, disposition="noted", text="Thank you.",
                                responded_by=people.editor)
    assert not any("official answer" in s for s in sentences(people.editor))
    assert not any("official answer" in s for s in sentences(people.partner))


def test_a_consultation_closing_within_seven_days_is_an_editors_item(people):
    soon = plan_in_consultation(people, closes_in=5, title="Soon")
    plan_in_consultation(people, closes_in=30, title="Later")

    closing = [s for s in sentences(people.editor) if "closes on" in s]
    assert len(closing) == 1 and "“Soon”" in closing[0]

    workflow.close_consultation(soon, by=people.editor, seen_unfinished=True)
    assert not any("closes on" in s for s in sentences(people.editor))


def test_a_failed_export_is_an_editors_item_until_it_is_done(people):
    plan = draft_plan(people)
    job = ExportJob.objects.create(key="preview-x", plan=plan, kind=ExportJob.Kind.PREVIEW,
                                   state=ExportJob.State.FAILED, error="OSError: disk full",
                                   requested_by=people.editor)

    assert ("The PDF of “Example County Safety Plan” could not be made.",
            job.get_absolute_url()) in needs(people.editor)
    assert needs(people.partner) == []

    ExportJob.objects.create(key="preview-y", plan=plan, kind=ExportJob.Kind.PREVIEW,
                             state=ExportJob.State.DONE, requested_by=people.editor)
    assert not any("could not be made" in s for s in sentences(people.editor))  # replaced

    ExportJob.objects.filter(plan=plan).delete()
    job = ExportJob.objects.create(key="blueprint-x", plan=plan, kind=ExportJob.Kind.BLUEPRINT,
                                   state=ExportJob.State.FAILED)
    assert any("could not be made" in s for s in sentences(people.editor))
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.DONE)  # retried
    assert not any("could not be made" in s for s in sentences(people.editor))


def test_a_partner_is_invited_to_comment_while_consultation_is_open(people):
    plan = plan_in_consultation(people)

    [(sentence, link)] = needs(people.partner)
    assert sentence.startswith("“Example County Safety Plan” of Example County is open for "
                               "your comments until")
    assert link == reverse("stakeholders:consultation", args=[plan.pk]) + "#new-comment"
    page = signed_in(people.partner).get(link.split("#")[0]).content.decode()
    assert 'id="new-comment' in page

    workflow.close_consultation(plan, by=people.editor, seen_unfinished=True)
    assert needs(people.partner) == []


def test_a_partner_hears_of_answers_and_replies_to_their_comments_until_read(
        people, django_capture_on_commit_callbacks):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Fund youth jobs.")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(people.editor).post(
            reverse("stakeholders:respond", args=[comment.pk]),
            {"disposition": "adopted", "text": "We add it.", "reason": ""})
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(people.neighbour).post(reverse("stakeholders:reply", args=[comment.pk]),
                                         {"body": "Seconded."})

    news = [(s, link) for s, link in needs(people.partner) if "open for your" not in s]
    assert [s for s, _link in news] == [
        "Your comment on “Example County Safety Plan” has an official answer.",
        "Nora Neighbour replied to your comment on “Example County Safety Plan”.",
    ]
    client = signed_in(people.partner)
    opened = client.post(news[0][1])  # "Read it": marked read on the way to the comment
    assert opened["Location"] == (reverse("stakeholders:consultation", args=[plan.pk])
                                  + f"?comment={comment.pk}#comment-{comment.pk}")
    assert [s for s, _l in needs(people.partner) if "open for your" not in s] == [
        "Nora Neighbour replied to your comment on “Example County Safety Plan”."]


def test_an_invitation_sent_again_to_the_same_address_replaces_the_expired_one(people):
    expired = Invitation.issue(jurisdiction=people.county, email="late@example.org",
                               role=Role.EDITOR, invited_by=people.admin)
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(days=1))
    assert any("expired unanswered" in s for s in sentences(people.admin))

    Invitation.issue(jurisdiction=people.county, email="late@example.org", role=Role.EDITOR,
                     invited_by=people.admin)

    assert not any("expired unanswered" in s for s in sentences(people.admin))


def test_a_jurisdiction_admin_sees_invitations_a_missing_signatory_and_hidden_comments(people):
    lonely = sample_city()
    MembershipFactory(user=people.admin, jurisdiction=lonely, role=Role.JURISDICTION_ADMIN)
    pending = Invitation.issue(jurisdiction=people.county, email="new@example.org",
                               role=Role.EDITOR, invited_by=people.admin)
    expired = Invitation.issue(jurisdiction=people.county, email="late@example.org",
                               role=Role.PARTNER, invited_by=people.admin,
                               organization=people.youth)
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(days=1))
    plan = plan_in_consultation(people)
    post_comment(people.partner, plan, "Jo Bloggs did it.").hide(by=people.admin,
                                                                  reason="Names a person.")

    admin = needs(people.admin)
    members = reverse("stakeholders:members", args=[people.county.slug])
    assert ("1 invitation to Example County expired unanswered.", members) in admin
    assert ("1 invitation to Example County waits for an answer.", members) in admin
    assert (f"{lonely.name} has no signatory: no plan can be signed off until the agency heads "
            "who sign are invited.",
            reverse("stakeholders:invite", args=[lonely.slug])) in admin
    assert not any("Example County has no signatory" in s for s, _l in admin)
    assert ("1 comment on “Example County Safety Plan” was hidden in the last 14 days.",
            reverse("stakeholders:consultation", args=[plan.pk]) + "?state=hidden") in admin
    assert not any("invitation" in s for s in sentences(people.editor))

    page = signed_in(people.admin).get(members).content.decode()
    assert "late@example.org" in page and "unanswered" in page  # listed, with its actions
    resend = reverse("stakeholders:invitation_action",
                     args=[people.county.slug, expired.pk, "resend"])
    assert signed_in(people.admin).post(resend).status_code == 302  # a fresh week
    assert not any("expired" in s for s in sentences(people.admin))
    assert ("2 invitations to Example County wait for an answer.", members) in needs(people.admin)

    pending.revoke()
    Invitation.objects.filter(pk=expired.pk).update(revoked_at=timezone.now())
    member(lonely, Role.SIGNATORY)
    left = sentences(people.admin)
    assert not any("invitation" in s or "no signatory" in s for s in left)


def test_nothing_from_another_jurisdiction_reaches_the_list(people):
    city = sample_city()
    outsider = member(city, Role.EDITOR, first_name="Omar", last_name="Outsider")
    in_review(people)
    plan_in_consultation(people, closes_in=3)

    assert needs(outsider) == []


def test_below_the_list_each_jurisdiction_lists_its_plans_with_their_stage(people):
    plan_in_consultation(people, title="The county plan")
    page = unescape(signed_in(people.partner).get(DASHBOARD).content.decode())

    assert "Your jurisdictions" in page
    assert re.search(r"The county plan</a> <span[^>]*>· version 1</span> "
                     r"<span class=\"badge status-consultation\">In consultation</span>", page)


def test_nothing_to_do_is_said_plainly(people):
    page = signed_in(people.editor).get(DASHBOARD).content.decode()
    assert "Nothing needs you right now." in page


def test_the_dashboard_costs_the_same_queries_for_one_plan_or_many(people):
    def count():
        client = signed_in(people.editor)
        client.get(DASHBOARD)
        with CaptureQueriesContext(connection) as seen:
            assert client.get(DASHBOARD).status_code == 200
        return len(seen)

    plan_in_consultation(people, closes_in=3, title="One")
    few = count()
    for n in range(8):
        plan = plan_in_consultation(people, closes_in=3, title=f"Plan {n}")
        post_comment(people.partner, plan, "A comment.")
    ExportJob.objects.create(key="blueprint-y", plan=Plan.objects.last(),
                             kind=ExportJob.Kind.BLUEPRINT, state=ExportJob.State.FAILED)
    assert count() == few
