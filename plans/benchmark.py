"""A large plan for measuring: the benchmark command and the export tests build it here.

Rows are written in bulk (no history records): this is sample data for timing, not a
user's work.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from principles.models import Practice, Principle
from stakeholders.input import Comment, Disposition, ListeningSession, Response

from . import workflow
from .models import Commitment, OutcomeMeasure


def build_large_plan(jurisdiction, editor, *, commitments=50, measures_per=3, comments=500,
                     sessions=20, title="Large plan"):
    """A plan in revision with commitments spread over the principles, their measures,
    comments with responses, and listening sessions."""
    today = timezone.localdate()
    plan = workflow.create_plan(
        jurisdiction=jurisdiction, by=editor, title=title, first_year=today.year + 1,
        last_year=today.year + 4, vision="Safety for everyone. " * 20,
        summary="A plan of many commitments. " * 10,
        enforcement_spending=Decimal("50000000"), incarceration_spending=Decimal("60000000"))
    principles = list(Principle.objects.all())
    practices = {p.principle_id: p for p in Practice.objects.all()}
    made = Commitment.objects.bulk_create([
        Commitment(
            plan=plan, principle=principles[i % len(principles)],
            practice=practices.get(principles[i % len(principles)].pk) if i % 2 == 0 else None,
            local_practice="" if i % 2 == 0 else f"Local practice {i}",
            local_action=f"Local action number {i}, described in a few sentences. " * 3,
            lead_agency=f"Agency {i % 7}", partners="Partner A, Partner B",
            starts_on=date(today.year + 1, 1, 1), ends_on=date(today.year + 4, 12, 31),
            annual_budget=Decimal(100000 + i * 1000), funding_source="General fund",
            position=i)
        for i in range(commitments)
    ])
    OutcomeMeasure.objects.bulk_create([
        OutcomeMeasure(commitment=c, indicator=f"Indicator {j} of {c.pk}", unit="%",
                       baseline=Decimal(10), target=Decimal(20), data_source="County data")
        for c in made for j in range(measures_per)
    ])
    today_opens = today - timedelta(days=1)
    workflow.open_consultation(plan, by=editor, opens=today_opens, closes=today + timedelta(30))
    written = Comment.objects.bulk_create([
        Comment(plan=plan, author=editor, principle=principles[i % len(principles)]
                if i % 3 else None, commitment=made[i % len(made)] if i % 3 == 0 and made
                else None, body=f"Comment {i}: please consider this point carefully.")
        for i in range(comments)
    ])
    Response.objects.bulk_create([
        Response(comment=c, disposition=Disposition.NOTED if i % 2 else Disposition.ADOPTED,
                 text="Thank you; we took this into account.", responded_by=editor)
        for i, c in enumerate(written)
    ])
    for i in range(sessions):
        session = ListeningSession.objects.create(
            plan=plan, held_on=today - timedelta(days=i + 1), place=f"Community hall {i}",
            attendees=20 + i, summary="People asked for prevention and jobs. " * 5,
            recorded_by=editor)
        session.principles.set(principles[: 1 + i % len(principles)])
    return workflow.close_consultation(plan, by=editor, seen_unfinished=True)


def bench_jurisdiction(name, slug, *, signatories=2):
    """A jurisdiction with one editor and ``signatories`` signatories; returns
    (jurisdiction, editor, [signatory, ...])."""
    from stakeholders.models import Jurisdiction, Membership, Role, User

    jurisdiction = Jurisdiction.objects.create(name=name, slug=slug, kind="county", state="CA")
    editor = User.objects.create_user(f"{slug}-editor", f"{slug}-editor@example.org",
                                      first_name="Erin", last_name="Editor")
    Membership.objects.create(user=editor, jurisdiction=jurisdiction, role=Role.EDITOR)
    signers = []
    for n in range(signatories):
        signer = User.objects.create_user(f"{slug}-signatory-{n}", f"{slug}-s{n}@example.org",
                                          first_name="Sam", last_name=f"Signatory {n}")
        Membership.objects.create(user=signer, jurisdiction=jurisdiction, role=Role.SIGNATORY,
                                  agency=f"Agency {n}", title="Director")
        signers.append(signer)
    return jurisdiction, editor, signers


def sign_off(plan, editor, signatories):
    """Request sign-off and have every signatory sign: the plan gets its snapshot and a
    queued blueprint export job."""
    plan = workflow.request_signoff(plan, by=editor, seen_unfinished=True)
    for signer in signatories:
        plan = workflow.sign(plan, by=signer)
    plan.refresh_from_db()
    return plan


def amend_with_changes(plan, editor, *, every=5):
    """Version 2 of a signed plan, with every ``every``-th commitment changed (its action,
    budget and one measure's target) so that comparing it with v1's snapshot shows
    differences in proportion to the plan's size."""
    new = workflow.amend(plan, by=editor)
    changed = list(Commitment.objects.filter(plan=new).order_by("position", "pk"))[::every]
    for c in changed:
        Commitment.objects.filter(pk=c.pk).update(
            local_action=c.local_action.replace("described", "now rewritten and described"),
            annual_budget=c.annual_budget + Decimal(5000))
        measure = OutcomeMeasure.objects.filter(commitment=c).order_by("pk").first()
        if measure is not None:
            OutcomeMeasure.objects.filter(pk=measure.pk).update(target=Decimal(25))
    return new
