"""seed_demo creates the people and roles of DESIGN.md's stable contract, once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stakeholders.backends import DEMO_PASSWORD
from stakeholders.models import Invitation, Jurisdiction, Membership, Organization, Role, User
from tests.factories import FAST_HASHERS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # These tests sign in and fail to sign in many times; what they prove does not depend on
    # the cost of the production hasher.
    settings.PASSWORD_HASHERS = FAST_HASHERS


CONTRACT = {
    ("official", "example-county", Role.EDITOR),
    ("official", "example-county", Role.JURISDICTION_ADMIN),
    ("approver", "example-county", Role.SIGNATORY),
    ("partner", "example-county", Role.PARTNER),
    ("outsider", "sample-city", Role.EDITOR),
}


def roles():
    return set(
        Membership.objects.active().values_list("user__username", "jurisdiction__slug", "role")
    )


def counts():
    return [
        model.objects.count()
        for model in (User, Jurisdiction, Organization, Membership, Invitation)
    ]


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())


def test_creates_the_jurisdictions_people_and_roles_of_the_contract(seeded):
    assert set(Jurisdiction.objects.values_list("name", "slug")) >= {
        ("Example County", "example-county"),
        ("Sample City", "sample-city"),
    }
    assert roles() == CONTRACT
    site_admin = User.objects.get(username="admin")
    assert site_admin.is_staff and not site_admin.memberships.exists()
    for username in ("admin", "official", "approver", "partner", "outsider"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD), username
    approver = Membership.objects.get(user__username="approver")
    assert approver.agency and approver.title
    partner = Membership.objects.get(user__username="partner")
    assert partner.organization.jurisdiction.slug == "example-county"


def test_the_demo_peoples_emails_are_confirmed_so_password_resets_reach_them(seeded):
    assert not User.objects.filter(email_verified=False).exists()


def test_a_demo_seeded_before_emails_were_confirmed_gets_them_confirmed(seeded):
    User.objects.update(email_verified=False)
    call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(email_verified=False).exists()
    before = list(User.objects.values())
    call_command("seed_demo", stdout=StringIO())
    assert list(User.objects.values()) == before


def test_running_it_again_changes_nothing(seeded, settings):
    before = counts(), roles()
    call_command("seed_demo", stdout=StringIO())
    assert (counts(), roles()) == before


def test_it_refuses_to_run_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="runs only with DJANGO_DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.filter(username="official").exists()
