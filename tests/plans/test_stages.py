"""The stage stepper on a plan's page: the five stages in order, the current one marked for
screen readers too, the date each stage was reached in the plan's latest pass, and one
sentence on what the next step needs for this plan now. The page is kept whole per viewer,
so each test also reads what changes at the next view."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from plans import workflow
from plans.models import AuditEntry
from stakeholders.input import Comment, Disposition, Response
from stakeholders.models import Membership, Role
from tests.factories import MembershipFactory

from .factories import (
    CommitmentFactory,
    MeasureFactory,
    county_people,
    fresh,
    in_consultation,
    in_review,
    in_revision,
    new_plan,
    principle,
    signed_in,
    signed_off,
    text,
)

pytestmark = pytest.mark.django_db

NOT_YET = "not reached yet"


@pytest.fixture
def people():
    return county_people()


@pytest.fixture
def plan(people):
    """A draft with a complete commitment under each principle: nothing unfinished."""
    plan = new_plan(people)
    for number in range(1, 6):
        MeasureFactory(commitment=CommitmentFactory(plan=plan, principle=principle(number)))
    return plan


def stepper(client, plan):
    """[(stage, state, its words)] as the page shows them, and the sentence on what's next;
    the current stage's state carries "(current)" when it has aria-current="step"."""
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    section = re.search(r'<section aria-labelledby="stages-heading".*?</section>', html,
                        re.DOTALL).group(0)
    assert section.count('aria-current="step"') == 1
    stages = [
        (text(label), state + (" (current)" if current else ""), text(words))
        for state, current, label, words in re.findall(
            r'<li class="stepper-stage is-(\w+)"( aria-current="step")?>.*?'
            r'<span class="stepper-label">(.*?)</span>\s*'
            r'<span class="stepper-when">(.*?)</span>', section, re.DOTALL)
    ]
    assert [stage for stage, _state, _words in stages] == [
        "Draft", "Consultation", "Revision", "Review for sign-off", "Signed off"]
    sentence = text(re.search(r'<p class="stepper-next[^"]*">(.*?)</p>', section,
                              re.DOTALL).group(1))
    return stages, sentence


def on(day):
    return date_format(day)


START = date(2026, 3, 2)


def dated(plan):
    """Spread the plan's audit entries one day apart from START, in the order they were
    written, as if its life had taken that long; returns the day of each, in that order."""
    days = []
    for n, entry in enumerate(AuditEntry.objects.filter(plan=plan).order_by("pk")):
        day = START + timedelta(days=n)
        AuditEntry.objects.filter(pk=entry.pk).update(
            at=timezone.make_aware(datetime(day.year, day.month, day.day, 12)))
        days.append(day)
    return days


def answer(comment, by):
    Response.objects.create(comment=comment, disposition=Disposition.NOTED, text="Thanks.",
                            responded_by=by)


# --- each status ----------------------------------------------------------------------------


def test_a_draft_is_at_its_first_stage(people, plan):
    (created,) = dated(plan)
    stages, sentence = stepper(signed_in(people.partner), plan)
    assert stages == [
        ("Draft", "current (current)", f"now, since {on(created)}"),
        ("Consultation", "ahead", NOT_YET),
        ("Revision", "ahead", NOT_YET),
        ("Review for sign-off", "ahead", NOT_YET),
        ("Signed off", "ahead", NOT_YET),
    ]
    assert sentence == ("Next: open the consultation, with the dates between which partners "
                        "may comment.")


def test_in_consultation_it_says_until_when_and_how_many_comments_await_an_answer(people, plan):
    plan = in_consultation(plan, people.editor)
    created, opened = dated(plan)
    first = Comment.objects.create(plan=plan, author=people.partner, body="Night buses.")
    second = Comment.objects.create(plan=plan, author=people.partner, body="Summer jobs.")
    Comment.objects.create(plan=plan, author=people.editor, body="A reply.", parent=first)
    editor = signed_in(people.editor)
    closes = on(plan.consultation_closes)

    stages, sentence = stepper(editor, plan)
    assert stages[:3] == [
        ("Draft", "done", f"reached on {on(created)}"),
        ("Consultation", "current (current)", f"now, since {on(opened)}"),
        ("Revision", "ahead", NOT_YET),
    ]
    assert sentence == (f"Next: close the consultation — it runs until {closes}; "
                        "2 comments await an answer.")

    answer(first, people.editor)
    assert stepper(editor, plan)[1] == (
        f"Next: close the consultation — it runs until {closes}; 1 comment awaits an answer.")
    answer(second, people.editor)
    assert stepper(editor, plan)[1] == (
        f"Next: close the consultation — it runs until {closes}; every comment has an answer.")


def test_in_revision_it_says_what_is_unfinished_before_sign_off(people, plan):
    plan = in_revision(plan, people.editor)
    created, opened, closed = dated(plan)
    editor = signed_in(people.editor)

    stages, sentence = stepper(editor, plan)
    assert stages[:4] == [
        ("Draft", "done", f"reached on {on(created)}"),
        ("Consultation", "done", f"reached on {on(opened)}"),
        ("Revision", "current (current)", f"now, since {on(closed)}"),
        ("Review for sign-off", "ahead", NOT_YET),
    ]
    assert sentence == "Next: request sign-off — nothing is left unfinished."

    plan.commitments.filter(principle=principle(2)).update(annual_budget=None)
    Comment.objects.create(plan=plan, author=people.partner, body="Late, by email.")
    assert stepper(editor, plan)[1] == (
        "Next: request sign-off — 2 points are unfinished; the request lists them.")


def test_a_jurisdiction_losing_or_gaining_its_signatories_shows_at_once(people, plan):
    plan = in_revision(plan, people.editor)
    editor = signed_in(people.editor)
    assert stepper(editor, plan)[1] == "Next: request sign-off — nothing is left unfinished."

    for membership in Membership.objects.filter(role=Role.SIGNATORY):
        membership.end(by=people.admin)
    assert stepper(editor, plan)[1] == (
        "Next: request sign-off — not possible yet: The jurisdiction has no signatory yet: a "
        "jurisdiction admin invites them under Members.")

    MembershipFactory(jurisdiction=people.county, signatory=True)
    assert stepper(editor, plan)[1] == "Next: request sign-off — nothing is left unfinished."


def test_signatories_changed_into_another_role_show_at_once(people, plan):
    plan = in_revision(plan, people.editor)
    editor = signed_in(people.editor)
    assert stepper(editor, plan)[1] == "Next: request sign-off — nothing is left unfinished."

    for membership in Membership.objects.filter(role=Role.SIGNATORY):
        membership.role, membership.agency, membership.title = Role.EDITOR, "", ""
        membership.save()  # what the members page's "Change role" does

    assert stepper(editor, plan)[1] == (
        "Next: request sign-off — not possible yet: The jurisdiction has no signatory yet: a "
        "jurisdiction admin invites them under Members.")


def test_in_review_it_counts_the_signatures(people, plan):
    plan = in_review(plan, people.editor)
    *_, requested = dated(plan)
    editor = signed_in(people.editor)
    stages, sentence = stepper(editor, plan)
    assert stages[3:] == [
        ("Review for sign-off", "current (current)", f"now, since {on(requested)}"),
        ("Signed off", "ahead", NOT_YET),
    ]
    assert sentence == "Next: every signatory signs — 0 of 2 signed."

    workflow.sign(plan, by=people.first_signatory)
    stages, sentence = stepper(editor, plan)
    assert sentence == "Next: every signatory signs — 1 of 2 signed."
    assert stages[3][1] == "current (current)"  # a signature is no new stage


def test_a_signed_off_plan_shows_every_stage_reached_with_its_date(people, plan):
    plan = signed_off(plan, people)
    created, opened, closed, requested, _sign, _sign_again, signed = dated(plan)
    stages, sentence = stepper(signed_in(people.partner), plan)
    assert stages == [
        ("Draft", "done", f"reached on {on(created)}"),
        ("Consultation", "done", f"reached on {on(opened)}"),
        ("Revision", "done", f"reached on {on(closed)}"),
        ("Review for sign-off", "done", f"reached on {on(requested)}"),
        ("Signed off", "current (current)", f"now, since {on(signed)}"),
    ]
    assert sentence == f"Signed off on {on(signed)}: the plan is in effect."


def test_a_superseded_plan_says_so(people, plan):
    v1 = signed_off(plan, people)
    signed = dated(v1)[-1]
    v2 = workflow.amend(fresh(v1), by=people.editor)
    signed_off(v2, people)
    superseded = AuditEntry.objects.get(plan=v1, action="superseded")
    stages, sentence = stepper(signed_in(people.editor), v1)
    superseded_on = on(timezone.localtime(superseded.at).date())
    assert stages[4] == ("Signed off", "current (current)",
                         f"reached on {on(signed)}; superseded on {superseded_on}")
    assert sentence == (f"Superseded on {superseded_on} by version 2: this version is no "
                        "longer in effect.")


# --- a plan sent back shows its latest pass ---------------------------------------------------


def test_a_returned_plan_shows_review_as_not_reached_again(people, plan):
    plan = in_review(plan, people.editor)
    workflow.sign(plan, by=people.first_signatory)
    workflow.return_plan(plan, by=people.second_signatory, reason="Add the jail figures.")
    created, opened, closed, requested, _signed, returned = dated(plan)
    stages, sentence = stepper(signed_in(people.editor), plan)
    assert stages == [
        ("Draft", "done", f"reached on {on(created)}"),
        ("Consultation", "done", f"reached on {on(opened)}"),
        ("Revision", "current (current)", f"now, returned on {on(returned)}"),
        ("Review for sign-off", "ahead", NOT_YET),
        ("Signed off", "ahead", NOT_YET),
    ]
    assert sentence == "Next: request sign-off — nothing is left unfinished."

    workflow.request_signoff(plan, by=people.editor)
    again = dated(plan)[-1]
    stages, _sentence = stepper(signed_in(people.editor), plan)
    assert stages[2:4] == [
        ("Revision", "done", f"returned on {on(returned)}"),
        ("Review for sign-off", "current (current)", f"now, since {on(again)}"),
    ]


def test_a_plan_back_to_draft_shows_consultation_as_not_reached_again(people, plan):
    plan = in_consultation(plan, people.editor)
    workflow.back_to_draft(plan, by=people.editor)
    created, opened, back = dated(plan)
    stages, sentence = stepper(signed_in(people.editor), plan)
    assert stages[:3] == [
        ("Draft", "current (current)", f"now, back to draft on {on(back)}"),
        ("Consultation", "ahead", NOT_YET),
        ("Revision", "ahead", NOT_YET),
    ]
    assert sentence.startswith("Next: open the consultation")


# --- in Spanish -----------------------------------------------------------------------------


def test_the_stepper_reads_in_spanish(people, plan):
    plan = in_consultation(plan, people.editor)
    created, opened = dated(plan)
    Comment.objects.create(plan=plan, author=people.partner, body="Buses nocturnos.")
    editor = signed_in(people.editor)
    editor.cookies["django_language"] = "es"
    html = editor.get(plan.get_absolute_url()).content.decode()
    seen = text(html)
    with translation.override("es"):
        created, opened, closes = (date_format(day) for day in
                                   (created, opened, plan.consultation_closes))
    for spanish in (
        "Etapas del plan",
        f"Borrador se alcanzó el {created}",
        f"Consulta pública ahora, desde el {opened}",
        "Revisión todavía no se alcanzó",
        "Revisión para aprobación todavía no se alcanzó",
        "Aprobado todavía no se alcanzó",
        f"Siguiente: cerrar la consulta pública — dura hasta el {closes}; 1 comentario "
        "espera una respuesta.",
    ):
        assert spanish in seen, spanish
    assert "not reached yet" not in seen and "Next:" not in seen
