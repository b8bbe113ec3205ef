"""Plan-side factories and set-up helpers for the tests of plans.

People, jurisdictions and roles come from tests/factories.py; this module adds plans, their
content, and short ways to walk a plan through its life the way the workflow does.
"""

import re
from datetime import timedelta
from decimal import Decimal
from html import unescape
from types import SimpleNamespace

import factory
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from plans import workflow
from plans.models import Commitment, OutcomeMeasure, Plan, PriorityPopulation
from principles.models import Practice, Principle
from stakeholders.models import Role
from tests.factories import JurisdictionFactory, MembershipFactory, UserFactory, member


def principle(number):
    return Principle.objects.get(number=number)


def practice_of(number):
    """The catalogue's (first) practice under principle ``number``."""
    return Practice.objects.filter(principle__number=number).order_by("pk").first()


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan row as it is in the database; plans of the tests' stories are started with
    ``new_plan`` (through the workflow, which writes the audit entry)."""

    class Meta:
        model = Plan

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    title = factory.Sequence(lambda n: f"Safety plan {n}")
    first_year = 2027
    last_year = 2030
    vision = "Everyone in the county is safe and well."
    created_by = factory.SubFactory(UserFactory)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityPopulation

    plan = factory.SubFactory(PlanFactory)
    who = factory.Sequence(lambda n: f"Priority group {n}")
    place = "Eastside"
    why = "Most injuries happen to this group here."
    data_source = "Hospital discharge data"
    position = factory.Sequence(lambda n: n + 1)


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A local practice under principle 1 unless told otherwise."""

    class Meta:
        model = Commitment

    plan = factory.SubFactory(PlanFactory)
    principle = factory.LazyFunction(lambda: principle(1))
    practice = None
    local_practice = factory.Sequence(lambda n: f"Local practice {n}")
    local_action = "Fund community violence interrupters in two neighbourhoods."
    lead_agency = "Public Health Department"
    partners = "Youth Alliance"
    annual_budget = Decimal("100000")
    funding_source = "County general fund"
    position = factory.Sequence(lambda n: n + 1)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeMeasure

    commitment = factory.SubFactory(CommitmentFactory)
    indicator = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "%"
    baseline = Decimal("10")
    target = Decimal("20")
    data_source = "County data portal"


def signatory(jurisdiction, first_name, last_name, agency, title):
    user = UserFactory(first_name=first_name, last_name=last_name)
    MembershipFactory(
        user=user, jurisdiction=jurisdiction, role=Role.SIGNATORY, agency=agency, title=title
    )
    return user


def county_people():
    """Example County with one named person per role, two editors and two signatories, a
    site admin (superuser) and an editor of another jurisdiction."""
    county = JurisdictionFactory(name="Example County", slug="example-county")
    elsewhere = JurisdictionFactory(name="Sample City", slug="sample-city", kind="city")
    return SimpleNamespace(
        county=county,
        elsewhere=elsewhere,
        editor=member(county, Role.EDITOR, first_name="Eli", last_name="Editor"),
        other_editor=member(county, Role.EDITOR, first_name="Erin", last_name="Second"),
        admin=member(county, Role.JURISDICTION_ADMIN, first_name="Ada", last_name="Admin"),
        partner=member(county, Role.PARTNER, first_name="Pat", last_name="Partner"),
        first_signatory=signatory(
            county, "Sam", "Signer", "County Probation Department", "Chief Probation Officer"
        ),
        second_signatory=signatory(
            county, "Tess", "Twosign", "Example County Public Health", "Director of Public Health"
        ),
        site_admin=UserFactory(
            is_staff=True, is_superuser=True, first_name="Site", last_name="Admin"
        ),
        outsider=member(elsewhere, Role.EDITOR, first_name="Omar", last_name="Outsider"),
    )


def new_plan(people, **fields):
    """A draft started by the editor through the workflow."""
    values = {"title": "Example County Safety Plan", "first_year": 2027, "last_year": 2030}
    values.update(fields)
    return workflow.create_plan(jurisdiction=people.county, by=people.editor, **values)


def fresh(plan):
    return Plan.objects.get(pk=plan.pk)


def in_consultation(plan, by):
    today = timezone.localdate()
    return workflow.open_consultation(plan, by=by, opens=today, closes=today + timedelta(days=30))


def in_revision(plan, by):
    return workflow.close_consultation(in_consultation(plan, by), by=by, seen_unfinished=True)


def in_review(plan, by):
    return workflow.request_signoff(in_revision(plan, by), by=by, seen_unfinished=True)


def signed_off(plan, people):
    plan = in_review(plan, people.editor)
    workflow.sign(plan, by=people.first_signatory)
    return workflow.sign(plan, by=people.second_signatory)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def transition_url(plan, name):
    return reverse("plans:transition", args=[plan.pk, name])


def text(response_or_html):
    """The visible text of a page, whitespace collapsed, entities decoded."""
    html = response_or_html
    if not isinstance(html, str):
        html = response_or_html.content.decode()
    return " ".join(unescape(strip_tags(html)).split())


def section_html(html, element_id):
    """The HTML of the <section> with this id (sections of the plan page do not nest)."""
    match = re.search(rf'<section id="{re.escape(element_id)}".*?</section>', html, flags=re.DOTALL)
    assert match, f"no section #{element_id}"
    return match.group(0)
