"""Signed blueprints for the publishing tests, walked through the workflow as people do it:
a plan with commitments, measures and community input goes to review and is signed off."""

from datetime import timedelta
from decimal import Decimal
from html import unescape
from io import BytesIO
from types import SimpleNamespace

from django.test import TestCase
from django.utils import timezone
from django.utils.html import strip_tags
from pypdf import PdfReader

from plans import workflow
from plans.models import Commitment, ExportJob, OutcomeMeasure, Plan
from principles.models import Practice, Principle
from stakeholders.input import Comment, Disposition, ListeningSession, Response
from stakeholders.models import Role
from tests.factories import JurisdictionFactory, MembershipFactory, UserFactory, member

SIGNATORIES = [
    ("Sam", "Signer", "Chief Probation Officer", "County Probation Department"),
    ("Tess", "Twosign", "Director of Public Health", "Example County Public Health"),
]


def practice(number):
    return Practice.objects.filter(principle__number=number).order_by("pk").first()


def signatory(jurisdiction, first_name, last_name, title, agency):
    user = UserFactory(first_name=first_name, last_name=last_name)
    MembershipFactory(
        user=user, jurisdiction=jurisdiction, role=Role.SIGNATORY, title=title, agency=agency
    )
    return user


def commit(plan, number, *, practice_of=None, local="", budget="100000", measures=()):
    commitment = Commitment.objects.create(
        plan=plan,
        principle=Principle.objects.get(number=number),
        practice=practice(practice_of) if practice_of else None,
        local_practice=local,
        local_action=f"Steps the county takes under principle {number}.",
        lead_agency="Public Health Department",
        partners="Youth Alliance",
        annual_budget=Decimal(budget),
        funding_source="County general fund",
        position=Commitment.objects.filter(plan=plan).count() + 1,
    )
    for indicator in measures:
        OutcomeMeasure.objects.create(
            commitment=commitment, indicator=indicator, unit="%", baseline=Decimal("10"),
            target=Decimal("20"), data_source="County data portal",
        )
    return commitment


def plan_in_review(jurisdiction, *, title, signatories=SIGNATORIES, principles=(1,),
                   extra=0, with_input=False):
    """A plan of ``jurisdiction`` in review, with a catalogue commitment under each of
    ``principles`` and ``extra`` local ones; ``with_input`` adds comments, responses and a
    listening session."""
    editor = member(jurisdiction, Role.EDITOR, first_name="Eli", last_name="Editor")
    # Every designated signatory of the jurisdiction signs: a second plan reuses them.
    signers = [m.user for m in workflow.designated_signatories(jurisdiction.pk)] or [
        signatory(jurisdiction, *person) for person in signatories
    ]
    plan = workflow.create_plan(
        jurisdiction=jurisdiction, by=editor, title=title, first_year=2027, last_year=2030,
        vision="Everyone in the county is safe and well.",
        enforcement_spending=Decimal("900000"), incarceration_spending=Decimal("700000"),
    )
    commitments = [
        commit(plan, number, practice_of=number, measures=[f"Measure of principle {number}"])
        for number in principles
    ] + [
        commit(plan, n % 5 + 1, local=f"Local practice {n}", measures=[f"Local measure {n}"])
        for n in range(extra)
    ]
    today = timezone.localdate()
    plan = workflow.open_consultation(plan, by=editor, opens=today,
                                      closes=today + timedelta(days=30))
    comments = []
    if with_input:
        partner = member(jurisdiction, Role.PARTNER)
        comments = [
            Comment.objects.create(plan=plan, author=partner, commitment=commitments[0],
                                   body="Please add a youth mentoring programme."),
            Comment.objects.create(plan=plan, author=partner, body="Publish the budget yearly."),
        ]
        Response.objects.create(comment=comments[0], disposition=Disposition.ADOPTED,
                                text="We added mentoring to the first commitment.",
                                responded_by=editor)
        Response.objects.create(comment=comments[1], disposition=Disposition.NOT_ADOPTED,
                                reason="The budget is published by the state already.",
                                text="We link to the state budget instead.", responded_by=editor)
        session = ListeningSession.objects.create(
            plan=plan, held_on=today, place="Eastside Community Hall", attendees=42,
            summary="People asked for prevention and jobs.", recorded_by=editor,
        )
        session.principles.set(Principle.objects.filter(number__in=principles))
    plan = workflow.close_consultation(plan, by=editor, seen_unfinished=True)
    plan = workflow.request_signoff(plan, by=editor, seen_unfinished=True)
    return SimpleNamespace(plan=plan, editor=editor, signatories=signers,
                           commitments=commitments, comments=comments)


def walk_to_review(plan, editor):
    today = timezone.localdate()
    plan = workflow.open_consultation(plan, by=editor, opens=today,
                                      closes=today + timedelta(days=30))
    plan = workflow.close_consultation(plan, by=editor, seen_unfinished=True)
    return workflow.request_signoff(plan, by=editor, seen_unfinished=True)


def amend(story, change=None):
    """Version n+1 of the story's signed plan, through review to sign-off; ``change(plan)``
    edits the new draft first. Returns the story of the new version."""
    new = workflow.amend(story.plan, by=story.editor)
    if change:
        change(new)
    new = walk_to_review(new, story.editor)
    return sign_off(SimpleNamespace(**{**vars(story), "plan": new}))


def sign_off(story):
    """Every signatory signs; the last signature freezes the plan and queues its export."""
    for person in story.signatories:
        workflow.sign(story.plan, by=person)
    story.plan = Plan.objects.select_related("snapshot", "jurisdiction").get(pk=story.plan.pk)
    return story


def signed_plan(jurisdiction, **options):
    """A signed-off plan whose export is queued but not run (on_commit does not fire in a
    test's transaction)."""
    return sign_off(plan_in_review(jurisdiction, **options))


def blueprint_story():
    """Example County's signed plan with two signatories, commitments under principles 1, 2
    and 4 (3 and 5 are gaps), outcome measures, answered comments and a listening session;
    its blueprint PDF rendered for real (the export task runs eagerly)."""
    county = JurisdictionFactory(name="Example County", slug="example-county")
    story = plan_in_review(county, title="Example County Safety Plan", principles=(1, 4),
                           with_input=True)
    story.commitments.append(
        commit(story.plan, 2, local="Neighbourhood healing circles", budget="250000",
               measures=["Residents who feel safe at night", "Circles held per year"])
    )
    story.county = county
    with TestCase.captureOnCommitCallbacks(execute=True):
        sign_off(story)
    story.job = ExportJob.objects.get(plan=story.plan)
    return story


def visible_text(response):
    """A page's text without tags, whitespace collapsed and entities decoded."""
    return " ".join(unescape(strip_tags(response.content.decode())).split())


def pdf_text(reader):
    """The PDF's text, whitespace collapsed."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def read_pdf(data):
    return PdfReader(BytesIO(data))
