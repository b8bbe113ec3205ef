"""A state-sized installation for `make bench` (issue 17): the demo grown to what a state or
a large county runs, 500 more jurisdictions with 2,000 plans between them and Example
County, 200,000 comments and 20,000 measured values. Rows are written in bulk (sample data
for timing, not a user's work: no history, no notices), in a few seconds a hundred thousand.

The busiest plan is the demo's plan in consultation: its comments page and What we heard are
measured at the demo's size and again once it holds thousands of comments, and Example
County's list of plans once it holds a hundred more.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import cycle, islice

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from principles.models import Practice, Principle
from stakeholders.input import Comment, Disposition, Response
from stakeholders.models import Jurisdiction, Membership, Role, User

from . import fragments
from .models import Commitment, OutcomeMeasure, Plan, Snapshot, Status

BATCH = 5000
# A state's plans cycle through the stages: each jurisdiction's first plan is signed off.
STAGES = [Status.SIGNED_OFF, Status.CONSULTATION, Status.REVISION, Status.DRAFT]
COMMITMENTS_PER_PLAN = 5



@dataclass
class StateSize:
    jurisdictions: int = 500
    plans: int = 2000
    comments: int = 200_000
    measured_values: int = 20_000
    busiest_comments: int = 5000  # of the comments, on the demo's plan in consultation
    county_plans: int = 100  # of the plans, more of Example County's


STATE = StateSize()


def insert(model, rows):
    """Write ``rows`` (any iterable) in batches; the objects written, with their keys."""
    written = []
    rows = iter(rows)
    while batch := list(islice(rows, BATCH)):
        written += model.objects.bulk_create(batch)
    return written


@transaction.atomic
def grow(county, busiest, size=STATE):
    """Grow the demo installation to ``size``; returns what was written, by name."""
    official = User.objects.get(username="official")
    partner = User.objects.get(username="partner")
    jurisdictions, editors = jurisdictions_with_editors(size.jurisdictions)
    spread = size.plans - size.county_plans
    plans = make_plans([(jurisdictions[i % len(jurisdictions)], editors[i % len(editors)],
                         STAGES[(i // len(jurisdictions)) % len(STAGES)])
                        for i in range(spread)]
                       + [(county, official, Status.DRAFT)] * size.county_plans)
    signed = [p for p in plans if p.status == Status.SIGNED_OFF]
    snapshots(signed)
    commitments = make_commitments(plans)
    measures = insert(OutcomeMeasure, (
        OutcomeMeasure(commitment=c, indicator=f"Indicator of commitment {c.pk}", unit="%",
                       baseline=Decimal(10), target=Decimal(20), data_source="State data")
        for c in commitments if c.plan.status == Status.SIGNED_OFF))
    heard_on = [p for p in plans if p.status != Status.DRAFT]
    written = comment_on(busiest, [partner], size.busiest_comments, answered_by=official)
    rest = size.comments - size.busiest_comments
    written += comment_on_many(heard_on, rest)
    values = 0
    for config in apps.get_app_configs():  # the record of implementation (progress)
        state_data = getattr(config, "bench_state_data", None)
        if state_data is not None:
            values += state_data(measures, size.measured_values)
    fragments.touch_plan(Plan.objects.filter(pk=busiest.pk))
    fragments.touch_jurisdictions(Jurisdiction.objects.all())
    return {"jurisdictions": Jurisdiction.objects.count(), "plans": Plan.objects.count(),
            "signed off": Plan.objects.filter(status=Status.SIGNED_OFF).count(),
            "commitments": Commitment.objects.count(), "comments": Comment.objects.count(),
            f"comments on plan #{busiest.pk}": Comment.objects.filter(plan=busiest).count(),
            "measured values written": values}


def jurisdictions_with_editors(count):
    jurisdictions = insert(Jurisdiction, (
        Jurisdiction(name=f"State County {n:03}", slug=f"state-county-{n:03}",
                     kind=Jurisdiction.Kind.COUNTY, state="CA")
        for n in range(count)))
    editors = insert(User, (
        User(username=f"state-editor-{j.slug}", email=f"editor@{j.slug}.example.org",
             first_name="State", last_name=f"Editor {j.pk}", password="!")  # no sign-in
        for j in jurisdictions))
    insert(Membership, (Membership(user=e, jurisdiction=j, role=Role.EDITOR)
                        for j, e in zip(jurisdictions, editors, strict=True)))
    return jurisdictions, editors


def make_plans(rows):
    """A plan per (jurisdiction, editor, status) row, in that stage of its life."""
    year = timezone.localdate().year
    today = timezone.localdate()

    def plan(n, jurisdiction, editor, status):
        consulting = status == Status.CONSULTATION
        return Plan(jurisdiction=jurisdiction, created_by=editor, status=status,
                    title=f"{jurisdiction.name} safety plan {n}", first_year=year + 1,
                    last_year=year + 4, vision="Safety for everyone, by prevention. " * 5,
                    summary="A plan among many of the state. " * 5,
                    enforcement_spending=Decimal(20_000_000),
                    incarceration_spending=Decimal(30_000_000),
                    consultation_opens=today - timedelta(days=10) if consulting else None,
                    consultation_closes=today + timedelta(days=20) if consulting else None)

    return insert(Plan, (plan(n, *row) for n, row in enumerate(rows)))


def snapshots(signed):
    """The frozen content a signed plan's public pages read (its title and years)."""
    insert(Snapshot, (
        Snapshot(plan=p, digest=hashlib.sha256(f"state-plan-{p.pk}".encode()).hexdigest(),
                 content={"plan": {"title": p.title, "first_year": p.first_year,
                                   "last_year": p.last_year, "language": "en"},
                          "signatures": []})
        for p in signed))


def make_commitments(plans):
    principles = list(Principle.objects.order_by("number"))
    practices = {p.principle_id: p for p in Practice.objects.all()}
    year = timezone.localdate().year

    def commitment(plan, i):
        principle = principles[i % len(principles)]
        practice = practices.get(principle.pk) if i % 2 == 0 else None
        return Commitment(plan=plan, principle=principle, practice=practice,
                          local_practice="" if practice else f"Local practice {i}",
                          local_action=f"What {plan.jurisdiction.name} does, step {i}.",
                          lead_agency=f"Agency {i}", annual_budget=Decimal(100_000 + i * 5000),
                          funding_source="General fund", starts_on=date(year + 1, 1, 1),
                          ends_on=date(year + 4, 12, 31), position=i)

    return insert(Commitment, (commitment(p, i) for p in plans
                               for i in range(COMMITMENTS_PER_PLAN)))


def comment_on(plan, authors, count, *, answered_by):
    """``count`` comments on ``plan`` by turns from ``authors``, on the plan, its principles
    and its commitments; every other one answered."""
    principles = list(Principle.objects.all())
    commitments = list(Commitment.objects.filter(plan=plan))
    targets = cycle([{}] + [{"principle": p} for p in principles]
                    + [{"principle": c.principle, "commitment": c} for c in commitments])
    people = cycle(authors)
    written = insert(Comment, (
        Comment(plan=plan, author=next(people),
                body=f"Comment {n} on this plan: please weigh this point too.", **next(targets))
        for n in range(count)))
    answer(written[::2], answered_by)
    return written


def comment_on_many(plans, count):
    """``count`` comments spread evenly over ``plans``, each by the plan's editor; one in
    three answered."""
    written = insert(Comment, (
        Comment(plan=plan, author_id=plan.created_by_id,
                body=f"Comment {n} on {plan.title}: a point from the public.")
        for n, plan in zip(range(count), cycle(plans), strict=False)))
    by_plan = {p.pk: p.created_by_id for p in plans}
    insert(Response, (
        Response(comment=c, disposition=Disposition.NOTED, text="Thank you: noted.",
                 responded_by_id=by_plan[c.plan_id])
        for c in written[::3]))
    return written


def answer(comments, by):
    dispositions = cycle([Disposition.ADOPTED, Disposition.PARTLY_ADOPTED, Disposition.NOTED])
    insert(Response, (Response(comment=c, disposition=next(dispositions),
                               text="Thank you; we took this into account.", responded_by=by)
                      for c in comments))
