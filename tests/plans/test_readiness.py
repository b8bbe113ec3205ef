"""The check before a step: closing a consultation and requesting sign-off first show what is
unfinished, each finding one sentence with its count and links to where it is fixed. The
editor confirms having seen it to go on; what makes the step impossible blocks it. The
workflow's transitions enforce the check, so no path skips it."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import workflow
from plans.models import AuditEntry, Status
from stakeholders.input import Comment, Disposition, Response
from stakeholders.models import Membership, Role

from .factories import (
    CommitmentFactory,
    MeasureFactory,
    county_people,
    fresh,
    in_consultation,
    in_revision,
    new_plan,
    principle,
    signed_in,
    text,
    transition_url,
)

pytestmark = pytest.mark.django_db

SEEN_LABEL = "I have seen what is unfinished and want to go on"
NOT_SEEN = (
    "Tick “I have seen what is unfinished and want to go on” to go on, or finish what is "
    "listed first."
)


@pytest.fixture
def people():
    return county_people()


def complete_commitment(plan, number, **fields):
    """A commitment under principle ``number`` with nothing unfinished: a measure, a budget,
    a timeline within the plan's period (2027–2030)."""
    values = {"starts_on": date(2027, 1, 1), "ends_on": date(2030, 12, 31)}
    values.update(fields)
    commitment = CommitmentFactory(plan=plan, principle=principle(number), **values)
    MeasureFactory(commitment=commitment)
    return commitment


@pytest.fixture
def plan(people):
    """A draft with one complete commitment under each of the five principles."""
    plan = new_plan(people)
    for number in range(1, 6):
        complete_commitment(plan, number)
    return plan


def comment(plan, author, body="Open the youth centre at night.", **fields):
    return Comment.objects.create(plan=plan, author=author, body=body, **fields)


def answer(comment, by):
    return Response.objects.create(comment=comment, disposition=Disposition.NOTED,
                                   text="Thank you.", responded_by=by)


def check_page(user, plan, step):
    response = signed_in(user).get(transition_url(plan, step))
    assert response.status_code == 200
    return response.content.decode()


def unfinished_section(html):
    section = re.search(r'<section aria-labelledby="unfinished-heading".*?</section>', html,
                        re.DOTALL)
    assert section, "no list of what is unfinished"
    return section.group(0)


def findings_shown(html):
    """{sentence: [(link text, address), ...]} of each finding on the page."""
    found = {}
    for item in re.findall(r'<li class="unfinished-finding[^"]*">(.*?)</ul>\s*</li>',
                           unfinished_section(html), re.DOTALL):
        sentence = text(re.search(r"<p[^>]*>(.*?)</p>", item, re.DOTALL).group(1))
        links = [(text(label), url) for url, label in
                 re.findall(r'<a href="([^"]+)">(.*?)</a>', item, re.DOTALL)]
        found[sentence] = links
    return found


# --- nothing unfinished ---------------------------------------------------------------------


def test_a_complete_plan_goes_to_sign_off_without_anything_to_confirm(people, plan):
    plan = in_revision(plan, people.editor)
    html = check_page(people.editor, plan, "request_signoff")
    assert "Nothing is unfinished." in text(html)
    assert findings_shown(html) == {}
    assert SEEN_LABEL not in html
    assert workflow.unfinished(plan, "request_signoff").items == []

    response = signed_in(people.editor).post(transition_url(plan, "request_signoff"))
    assert response.status_code == 302
    assert fresh(plan).status == Status.REVIEW


def test_opening_consultation_has_no_check(people, plan):
    plan.commitments.update(annual_budget=None)
    html = check_page(people.editor, plan, "open_consultation")
    assert "What is unfinished" not in html
    assert not workflow.unfinished(plan, "open_consultation")


# --- each finding, when it should and not otherwise -----------------------------------------


def test_comments_without_an_official_answer_are_counted_and_linked(people, plan):
    plan = in_consultation(plan, people.editor)
    waiting = comment(plan, people.partner, "Hire peacekeepers from the neighbourhood itself.")
    answered = comment(plan, people.partner, "Answered already.")
    answer(answered, people.editor)
    hidden = comment(plan, people.partner, "Hidden by a moderator.")
    hidden.hide(by=people.admin, reason="Off topic.")
    comment(plan, people.partner, "A reply is part of its comment.", parent=answered)
    on_principle = comment(plan, people.other_editor, "And the schools?",
                           principle=principle(2))

    shown = findings_shown(check_page(people.editor, plan, "close_consultation"))

    consultation = reverse("stakeholders:consultation", args=[plan.pk])
    assert shown == {"2 comments wait for an official answer.": [
        ("Pat Partner: “Hire peacekeepers from the neighbourhood itself.”",
         f"{consultation}?comment={waiting.pk}#comment-{waiting.pk}"),
        ("Erin Second: “And the schools?”",
         f"{consultation}?comment={on_principle.pk}#comment-{on_principle.pk}"),
    ]}

    answer(waiting, people.editor)
    answer(on_principle, people.editor)
    html = check_page(people.editor, plan, "close_consultation")
    assert findings_shown(html) == {}
    assert "Nothing is unfinished." in text(html)


def test_past_ten_the_rest_is_one_link_away(people, plan):
    plan = in_consultation(plan, people.editor)
    for n in range(12):
        comment(plan, people.partner, f"Comment number {n}.")
    shown = findings_shown(check_page(people.editor, plan, "close_consultation"))
    links = shown["12 comments wait for an official answer."]
    assert len(links) == 11
    assert links[0][0] == "Pat Partner: “Comment number 0.”"
    assert links[-1] == ("and 2 more, on the Comments page",
                         reverse("stakeholders:consultation", args=[plan.pk]))


def test_principles_without_a_commitment_link_to_their_section(people):
    plan = new_plan(people)
    complete_commitment(plan, 1)
    complete_commitment(plan, 3)
    CommitmentFactory(plan=plan, principle=principle(4), removed_at=timezone.now())
    plan = in_consultation(plan, people.editor)

    shown = findings_shown(check_page(people.editor, plan, "close_consultation"))

    url = plan.get_absolute_url()
    assert shown == {"3 principles have no commitment.": [
        (f"2. {principle(2).name}", f"{url}#principle-{principle(2).slug}"),
        (f"4. {principle(4).name}", f"{url}#principle-{principle(4).slug}"),
        (f"5. {principle(5).name}", f"{url}#principle-{principle(5).slug}"),
    ]}


def test_commitments_without_a_measure_or_a_budget_link_to_the_commitment(people, plan):
    no_measure = CommitmentFactory(plan=plan, principle=principle(2), local_practice="Mentors")
    MeasureFactory(commitment=no_measure, removed_at=timezone.now())
    no_budget = complete_commitment(plan, 3, local_practice="Night buses", annual_budget=None)
    complete_commitment(plan, 4, local_practice="Volunteers", annual_budget=Decimal("0"))
    plan = in_revision(plan, people.editor)

    shown = findings_shown(check_page(people.editor, plan, "request_signoff"))

    url = plan.get_absolute_url()
    assert shown == {
        "1 commitment has no outcome measure.": [
            ("Mentors (principle 2)", f"{url}#commitment-{no_measure.pk}")],
        "1 commitment has no annual budget.": [
            ("Night buses (principle 3)", f"{url}#commitment-{no_budget.pk}")],
    }


def test_timelines_outside_the_plans_period_are_named(people, plan):
    early = complete_commitment(plan, 1, local_practice="Starts early",
                                starts_on=date(2026, 9, 1))
    late = complete_commitment(plan, 2, local_practice="Ends late", ends_on=date(2031, 6, 30))
    complete_commitment(plan, 3, local_practice="No dates", starts_on=None, ends_on=None)
    complete_commitment(plan, 4, local_practice="Last day", starts_on=date(2030, 12, 31),
                        ends_on=None)
    plan = in_revision(plan, people.editor)

    shown = findings_shown(check_page(people.editor, plan, "request_signoff"))

    url = plan.get_absolute_url()
    assert shown == {
        "2 commitments have a timeline outside the plan's period (2027–2030).": [
            ("Starts early (principle 1)", f"{url}#commitment-{early.pk}"),
            ("Ends late (principle 2)", f"{url}#commitment-{late.pk}"),
        ],
    }


def test_no_signatory_is_said_before_closing_and_blocks_sign_off(people, plan):
    Membership.objects.filter(role=Role.SIGNATORY).update(ended_at=timezone.now())
    plan = in_consultation(plan, people.editor)
    signatories = (f"Signatories of {people.county.name}",
                   reverse("stakeholders:jurisdiction", args=[people.county.slug])
                   + "#signatories-heading")
    sentence = ("The jurisdiction has no signatory yet: a jurisdiction admin invites them "
                "under Members.")

    html = check_page(people.editor, plan, "close_consultation")
    assert findings_shown(html) == {sentence: [signatories]}
    assert SEEN_LABEL in html and "Confirm: Close consultation" in html  # not blocking here

    plan = workflow.close_consultation(plan, by=people.editor, seen_unfinished=True)
    html = check_page(people.editor, plan, "request_signoff")
    assert findings_shown(html) == {f"This blocks the step: {sentence}": [signatories]}
    assert "“Request sign-off” is not possible until what blocks it is done." in text(html)
    assert SEEN_LABEL not in html
    assert "Confirm: Request sign-off" not in html
    assert f'href="{plan.get_absolute_url()}">Back to the plan</a>' in html

    response = signed_in(people.editor).post(transition_url(plan, "request_signoff"),
                                             {"seen_unfinished": "on"})
    assert response.status_code == 409
    assert sentence in text(response)
    assert fresh(plan).status == Status.REVISION
    with pytest.raises(workflow.TransitionRefused, match="no signatory yet"):
        workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)


def test_a_plan_without_commitments_is_blocked_before_sign_off_and_shows_the_gaps(people):
    plan = in_revision(new_plan(people), people.editor)
    html = check_page(people.editor, plan, "request_signoff")
    shown = findings_shown(html)
    assert list(shown) == [
        "This blocks the step: A plan without any commitment cannot go to sign-off.",
        "5 principles have no commitment.",
    ]
    assert shown[list(shown)[0]] == [
        ("Commitments by principle", f"{plan.get_absolute_url()}#commitments-heading")]
    assert "Confirm: Request sign-off" not in html
    with pytest.raises(workflow.TransitionRefused, match="without any commitment"):
        workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)
    assert fresh(plan).status == Status.REVISION


# --- confirming, required and enforced -------------------------------------------------------


def test_closing_with_something_unfinished_needs_the_box_ticked(people, plan):
    plan = in_consultation(plan, people.editor)
    comment(plan, people.partner)
    editor = signed_in(people.editor)
    html = check_page(people.editor, plan, "close_consultation")
    assert '<label for="id_seen_unfinished" class="form-check-label">' in html
    assert SEEN_LABEL in text(html)

    response = editor.post(transition_url(plan, "close_consultation"))

    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'<div id="id_seen_unfinished_error"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert text(error.group(1)) == NOT_SEEN
    assert 'aria-describedby="id_seen_unfinished_error"' in html
    assert "1 comment waits for an official answer." in findings_shown(html)
    assert fresh(plan).status == Status.CONSULTATION
    assert not AuditEntry.objects.filter(plan=plan, action="close_consultation").exists()

    response = editor.post(transition_url(plan, "close_consultation"), {"seen_unfinished": "on"})
    assert response.status_code == 302
    assert fresh(plan).status == Status.REVISION


def test_requesting_sign_off_with_something_unfinished_needs_the_box_ticked(people, plan):
    CommitmentFactory(plan=plan, principle=principle(2), annual_budget=None)
    plan = in_revision(plan, people.editor)
    editor = signed_in(people.editor)

    response = editor.post(transition_url(plan, "request_signoff"))
    assert response.status_code == 200
    assert NOT_SEEN in text(response)
    assert fresh(plan).status == Status.REVISION

    response = editor.post(transition_url(plan, "request_signoff"), {"seen_unfinished": "on"})
    assert response.status_code == 302
    assert fresh(plan).status == Status.REVIEW


@pytest.mark.parametrize("step", ["close_consultation", "request_signoff"])
def test_the_workflow_itself_refuses_the_step_unless_the_unfinished_was_seen(people, step):
    plan = new_plan(people)
    complete_commitment(plan, 1)  # four principles without a commitment
    plan = in_consultation(plan, people.editor)
    if step == "request_signoff":
        plan = workflow.close_consultation(plan, by=people.editor, seen_unfinished=True)
    before = fresh(plan).status
    findings = workflow.unfinished(plan, step)
    assert [f.kind for f in findings] == ["principles"]
    assert not findings.blocking

    with pytest.raises(workflow.UnfinishedNotSeen,
                       match="1 point is unfinished: confirm that you have seen it to go on"):
        getattr(workflow, step)(plan, by=people.editor)
    assert fresh(plan).status == before
    assert not AuditEntry.objects.filter(plan=plan, action=step).exists()

    getattr(workflow, step)(plan, by=people.editor, seen_unfinished=True)
    assert AuditEntry.objects.filter(plan=plan, action=step).exists()


def test_what_became_unfinished_after_the_page_was_read_is_shown_before_going_on(people, plan):
    plan = in_consultation(plan, people.editor)
    editor = signed_in(people.editor)
    html = check_page(people.editor, plan, "close_consultation")
    assert "Nothing is unfinished." in text(html) and SEEN_LABEL not in html

    late = comment(plan, people.partner, "One more thought, just in time.")
    response = editor.post(transition_url(plan, "close_consultation"))

    assert response.status_code == 200
    assert NOT_SEEN in text(response)
    shown = findings_shown(response.content.decode())
    assert shown["1 comment waits for an official answer."][0][1].endswith(
        f"?comment={late.pk}#comment-{late.pk}")
    assert fresh(plan).status == Status.CONSULTATION


def test_the_check_reads_in_spanish(people, plan):
    plan = in_consultation(plan, people.editor)
    comment(plan, people.partner)
    plan.commitments.filter(principle=principle(5)).update(removed_at=timezone.now())
    editor = signed_in(people.editor)
    editor.cookies["django_language"] = "es"
    seen = text(editor.get(transition_url(plan, "close_consultation")))
    for spanish in ("Lo que queda sin terminar", "1 comentario espera una respuesta oficial.",
                    "1 principio no tiene ningún compromiso.",
                    "He visto lo que queda sin terminar y quiero continuar"):
        assert spanish in seen, spanish
    seen = text(editor.post(transition_url(plan, "close_consultation")))
    assert ("Marque «He visto lo que queda sin terminar y quiero continuar» para continuar, "
            "o termine primero lo indicado.") in seen
