"""Demo data for trying the planner: the accounts and records DESIGN.md promises.

Every step looks up before it creates, so running it again changes nothing.
"""

from django.contrib.auth import get_user_model

from principles.catalogue import load_blueprint
from stakeholders.forms import DEMO_PASSWORD
from stakeholders.models import Jurisdiction, Membership, Organization, Role


def ensure_user(username, *, first_name, last_name, email, is_staff=False):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "is_staff": is_staff,
            "is_superuser": is_staff,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
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
