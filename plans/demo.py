"""Demo data for trying the planner: the accounts and records DESIGN.md promises.

Every step looks up before it creates, so running it again changes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from principles.catalogue import load_blueprint
from principles.models import Practice, Principle, Stage
from stakeholders.backends import DEMO_PASSWORD
from stakeholders.models import Jurisdiction, Membership, Organization, Role


def ensure_user(username, *, first_name, last_name, email, is_staff=False):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "email_verified": True,
            "is_staff": is_staff,
            "is_superuser": is_staff,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    elif user.email == email and not user.email_verified:
        # seeded before addresses were confirmed: the demo's addresses are its own
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return user


def ensure_role(user, jurisdiction, role, **details):
    Membership.objects.active().get_or_create(
        user=user, jurisdiction=jurisdiction, role=role, defaults=details
    )


def seed():
    """Create what is missing and yield one line per step."""
    report = load_blueprint()
    yield from report.lines()

    example, _ = Jurisdiction.objects.get_or_create(
        slug="example-county",
        defaults={"name": "Example County", "kind": Jurisdiction.Kind.COUNTY, "state": "CA"},
    )
    sample, _ = Jurisdiction.objects.get_or_create(
        slug="sample-city",
        defaults={"name": "Sample City", "kind": Jurisdiction.Kind.CITY, "state": "CA"},
    )
    youth, _ = Organization.objects.get_or_create(
        jurisdiction=example,
        name="Example Youth Alliance",
        defaults={"sector": Organization.Sector.YOUTH},
    )
    Organization.objects.get_or_create(
        jurisdiction=example,
        name="Survivors Speak Example County",
        defaults={"sector": Organization.Sector.SURVIVORS},
    )

    ensure_user(
        "admin", first_name="Site", last_name="Admin", email="admin@example.org", is_staff=True
    )
    official = ensure_user(
        "official", first_name="Olivia", last_name="Ortega", email="official@example.org"
    )
    approver = ensure_user(
        "approver", first_name="Aaron", last_name="Baptiste", email="approver@example.org"
    )
    partner = ensure_user(
        "partner", first_name="Paula", last_name="Nguyen", email="partner@example.org"
    )
    outsider = ensure_user(
        "outsider", first_name="Omar", last_name="Said", email="outsider@example.org"
    )

    ensure_role(official, example, Role.EDITOR)
    ensure_role(official, example, Role.JURISDICTION_ADMIN)
    ensure_role(
        approver,
        example,
        Role.SIGNATORY,
        agency="Example County Probation Department",
        title="Chief Probation Officer",
    )
    ensure_role(partner, example, Role.PARTNER, organization=youth)
    ensure_role(outsider, sample, Role.EDITOR)
    yield "Jurisdictions Example County and Sample City with their members are in place."
    yield "Demo users admin, official, approver, partner, outsider (password shared-safety-demo)."
    yield from seed_plans(example, official, approver)
    yield from seed_work_for_everyone(example, official, sample, outsider)
    yield from seed_other_apps()


def seed_other_apps():
    """Apps built on plans (progress) add their own demo records through their AppConfig's
    ``seed_demo``: plans never imports them."""
    for config in apps.get_app_configs():
        seed_demo = getattr(config, "seed_demo", None)
        if seed_demo is not None:
            yield from seed_demo()


# (principle number, catalogue practice? , local practice, action, lead, partners, budget, measures)
FIRST_PLAN = [
    (
        1,
        True,
        "",
        "Start a county violence-prevention team in Public Health that maps where "
        "harm concentrates and funds prevention there first.",
        "Public Health Department",
        "Example Youth Alliance, school districts",
        "850000",
        "County general fund",
        [("Neighbourhoods with a prevention plan", "neighbourhoods", "0", "6", "Public Health")],
    ),
    (
        3,
        True,
        "",
        "Open two trauma recovery centres so that survivors get care whether or not "
        "they report to the police.",
        "Behavioral Health Department",
        "Survivors Speak Example County",
        "1200000",
        "State victim services grant",
        [
            (
                "Survivors served within 7 days of first contact",
                "%",
                "35",
                "80",
                "Recovery centre records",
            )
        ],
    ),
    (
        5,
        False,
        "Shared safety cabinet",
        "Convene health, probation, police, the DA, schools and "
        "community partners every quarter to review shared measures and budgets.",
        "County Executive Office",
        "Example Youth Alliance",
        "150000",
        "County general fund",
        [
            (
                "Cabinet meetings held with community members",
                "meetings per year",
                "0",
                "4",
                "Cabinet minutes",
            )
        ],
    ),
]
SECOND_PLAN_ADDITIONS = [
    (
        2,
        True,
        "",
        "Agree a community definition of well-being with residents of the three "
        "neighbourhoods most affected, and report on it every year.",
        "Public Health Department",
        "Example Youth Alliance",
        "300000",
        "County general fund",
        [
            (
                "Residents who took part in defining well-being",
                "people",
                "0",
                "600",
                "Listening session records",
            ),
            ("Well-being index published", "reports per year", "0", "1", "County data portal"),
        ],
    ),
    (
        1,
        False,
        "Hospital-based violence intervention",
        "Place violence interrupters in the "
        "county hospital's emergency department to meet people injured by violence.",
        "Public Health Department",
        "Example County Medical Center",
        "640000",
        "Medicaid and state grant",
        [("Re-injury within 12 months among people served", "%", "18", "9", "Hospital records")],
    ),
]


# The stage each local practice of the demo serves (a Blueprint practice serves its own),
# so that the principles-by-stage grid shows what the signed demo plan adopted.
LOCAL_STAGES = {
    "Shared safety cabinet": "evaluate",
    "Hospital-based violence intervention": "invest",
}


def add_commitments(plan, rows):
    principles = {p.number: p for p in Principle.objects.all()}
    practices = {p.principle_id: p for p in Practice.objects.filter(stage__slug="envision")}
    stages = {stage.slug: stage for stage in Stage.objects.all()}
    from .models import Commitment, OutcomeMeasure

    for number, from_catalogue, local, action, lead, partners, budget, funding, measures in rows:
        principle = principles[number]
        position = Commitment.objects.filter(plan=plan, principle=principle).count() + 1
        commitment = Commitment.objects.create(
            plan=plan,
            principle=principle,
            practice=practices.get(principle.pk) if from_catalogue else None,
            local_practice=local,
            stage=None if from_catalogue else stages.get(LOCAL_STAGES.get(local, "")),
            local_action=action,
            lead_agency=lead,
            partners=partners,
            starts_on=date(plan.first_year, 1, 1),
            ends_on=date(plan.last_year, 12, 31),
            annual_budget=Decimal(budget),
            funding_source=funding,
            position=position,
        )
        for indicator, unit, baseline, target, source in measures:
            OutcomeMeasure.objects.create(
                commitment=commitment,
                indicator=indicator,
                unit=unit,
                baseline=Decimal(baseline),
                target=Decimal(target),
                data_source=source,
            )


def seed_plans(jurisdiction, editor, signatory):
    """A signed-off first plan and its amendment, now in consultation."""
    from . import workflow
    from .models import Plan, PriorityPopulation

    if Plan.objects.filter(jurisdiction=jurisdiction).exists():
        yield "Example County's plans are already there."
        return
    today = timezone.localdate()
    first = workflow.create_plan(
        jurisdiction=jurisdiction,
        by=editor,
        title="Example County Shared Safety Plan",
        first_year=today.year - 2,
        last_year=today.year,
        vision="Every resident of Example County is safe, healthy and connected, and public "
        "money goes first to preventing harm and helping people heal.",
        summary="Our first plan moves part of our safety spending toward prevention, survivor "
        "care and joint work across agencies.",
        enforcement_spending=Decimal("48000000"),
        incarceration_spending=Decimal("61000000"),
    )
    PriorityPopulation.objects.create(
        plan=first,
        who="Young men aged 16–24",
        place="Eastside and Riverbend",
        why="Two thirds of gun injuries in the county happen to this group in these areas.",
        data_source="County hospital discharge data 2023",
        position=1,
    )
    PriorityPopulation.objects.create(
        plan=first,
        who="Survivors of domestic violence",
        place="Countywide",
        why="Most never reach victim services; rural survivors travel over an hour.",
        data_source="Victim services survey 2023",
        position=2,
    )
    add_commitments(first, FIRST_PLAN)
    workflow.open_consultation(first, by=editor, opens=today - timedelta(days=90), closes=today)
    workflow.close_consultation(first, by=editor, seen_unfinished=True)
    workflow.request_signoff(first, by=editor, seen_unfinished=True)
    workflow.sign(first, by=signatory)
    yield f"Plan '{first}' is signed off."

    second = workflow.amend(Plan.objects.get(pk=first.pk), by=editor)
    second.title = "Example County Shared Safety Plan 2027–2030"
    second.first_year, second.last_year = today.year + 1, today.year + 4
    second.enforcement_spending = Decimal("47000000")
    second.save()
    add_commitments(second, SECOND_PLAN_ADDITIONS)
    workflow.open_consultation(second, by=editor, opens=today, closes=today + timedelta(days=30))
    yield f"Plan '{second}' is in consultation."
    yield from seed_input(second, editor)


def seed_input(plan, editor):
    """Comments, replies, responses, one hidden comment and two listening sessions."""
    from stakeholders.models import (
        Comment,
        Disposition,
        ListeningSession,
        Membership,
        Organization,
        Response,
        Role,
    )

    partner = (
        Membership.objects.active().get(jurisdiction=plan.jurisdiction, role=Role.PARTNER).user
    )
    principles = {p.number: p for p in Principle.objects.all()}
    commitments = list(plan.commitments.filter(removed_at__isnull=True))
    first = Comment.objects.create(
        plan=plan,
        author=partner,
        principle=principles[4],
        body="Nothing in this draft is about **reentry**. Young people coming home from "
        "juvenile hall need housing and a job on day one.",
    )
    Response.objects.create(
        comment=first,
        disposition=Disposition.ADOPTED,
        responded_by=editor,
        text="Agreed: we will add a reentry commitment under Breaking the Cycle of Harm.",
    )
    second = Comment.objects.create(
        plan=plan,
        author=partner,
        commitment=commitments[0],
        body="Please publish the neighbourhood maps so residents can check them.",
    )
    Response.objects.create(
        comment=second,
        disposition=Disposition.NOT_ADOPTED,
        responded_by=editor,
        text="The maps stay internal for now.",
        reason="Small areas could identify victims; we will publish them by district instead.",
    )
    Comment.objects.create(
        plan=plan,
        author=editor,
        parent=second,
        body="We will share the district maps at the next session.",
    )
    Comment.objects.create(
        plan=plan, author=partner, body="Thank you for holding sessions in the evening."
    )
    hidden = Comment.objects.create(
        plan=plan,
        author=partner,
        principle=principles[1],
        body="A named person's address was posted here.",
    )
    hidden.hide(by=editor, reason="It named a private person and their address.")
    youth = Organization.objects.get(jurisdiction=plan.jurisdiction, name="Example Youth Alliance")
    survivors = Organization.objects.get(
        jurisdiction=plan.jurisdiction, name="Survivors Speak Example County"
    )
    eastside = ListeningSession.objects.create(
        plan=plan,
        held_on=timezone.localdate() - timedelta(days=20),
        place="Eastside Community Center",
        format=ListeningSession.Format.IN_PERSON,
        host=youth,
        attendees=64,
        recorded_by=editor,
        summary="Young people asked for safe places after school and for jobs in summer.",
    )
    eastside.principles.set([principles[2], principles[4]])
    online = ListeningSession.objects.create(
        plan=plan,
        held_on=timezone.localdate() - timedelta(days=12),
        place="Online",
        format=ListeningSession.Format.ONLINE,
        host=survivors,
        attendees=23,
        recorded_by=editor,
        summary="Survivors want help that does not depend on reporting to the police.",
    )
    online.principles.set([principles[3]])
    yield "Comments, responses, a hidden comment and two listening sessions are recorded."


YOUTH_PLAN = "Example County Youth Justice Plan"
CITY_PLAN = "Sample City Community Safety Plan"


def seed_work_for_everyone(county, editor, city, city_editor):
    """Something for each demo person to do when they first sign in: a second county plan
    waiting for the signatory, and a Sample City consultation closing within the week.
    (The partner comments on the county's plan in consultation; the official answers the
    comment still waiting.)"""
    from . import workflow
    from .models import Plan

    today = timezone.localdate()
    if not Plan.objects.filter(jurisdiction=county, title=YOUTH_PLAN).exists():
        youth = workflow.create_plan(
            jurisdiction=county, by=editor, title=YOUTH_PLAN,
            first_year=today.year + 1, last_year=today.year + 3,
            vision="Young people in trouble with the law get a mentor, school and work "
            "before a cell.",
        )
        add_commitments(youth, [row for row in FIRST_PLAN if row[0] in (1, 5)])
        workflow.open_consultation(youth, by=editor, opens=today - timedelta(days=40),
                                   closes=today)
        workflow.close_consultation(youth, by=editor, seen_unfinished=True)
        workflow.request_signoff(youth, by=editor, seen_unfinished=True)
        yield f"Plan '{youth}' waits for its signatory."
    if not Plan.objects.filter(jurisdiction=city, title=CITY_PLAN).exists():
        plan = workflow.create_plan(
            jurisdiction=city, by=city_editor, title=CITY_PLAN,
            first_year=today.year + 1, last_year=today.year + 3,
            vision="Every block of Sample City has a place to go and someone to call.",
        )
        add_commitments(plan, [row for row in FIRST_PLAN if row[0] == 3])
        workflow.open_consultation(plan, by=city_editor, opens=today - timedelta(days=25),
                                   closes=today + timedelta(days=5))
        yield f"Plan '{plan}' is in consultation, closing within the week."
