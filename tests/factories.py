"""factory-boy factories for the people, jurisdictions and roles of the planner."""

from functools import cache

import factory
from django.conf import settings
from django.contrib.auth.hashers import make_password

from stakeholders.models import Invitation, Jurisdiction, Membership, Organization, Role, User

PASSWORD = "pw-for-tests-123"
# For tests that sign in (and fail to) many times: PBKDF2 costs a third of a second a hash.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@cache
def hash_of_password(hashers):
    return make_password(PASSWORD)


def password_hash():
    # Every test user shares one hash of PASSWORD per hasher setting.
    return hash_of_password(tuple(settings.PASSWORD_HASHERS))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    email_verified = True  # as after an invitation; pass False for an address only typed in
    password = factory.LazyFunction(password_hash)


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"County {n}")
    slug = factory.Sequence(lambda n: f"county-{n}")
    kind = Jurisdiction.Kind.COUNTY
    state = "CA"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"Organization {n}")
    sector = Organization.Sector.COMMUNITY_BASED


class MembershipFactory(factory.django.DjangoModelFactory):
    """An editor by default; ``signatory=True`` or ``partner=True`` fill in the details those
    roles need."""

    class Meta:
        model = Membership

    class Params:
        signatory = factory.Trait(
            role=Role.SIGNATORY, agency="County Probation Department", title="Chief"
        )
        partner = factory.Trait(
            role=Role.PARTNER,
            organization=factory.SubFactory(
                OrganizationFactory, jurisdiction=factory.SelfAttribute("..jurisdiction")
            ),
        )

    user = factory.SubFactory(UserFactory)
    jurisdiction = factory.SubFactory(JurisdictionFactory)
    role = Role.EDITOR


class InvitationFactory(factory.django.DjangoModelFactory):
    """Issues through ``Invitation.issue``: the object carries the link's ``token``."""

    class Meta:
        model = Invitation

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.EDITOR
    invited_by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.issue(**kwargs)


def example_county():
    return JurisdictionFactory(name="Example County", slug="example-county")


def sample_city():
    return JurisdictionFactory(name="Sample City", slug="sample-city", kind="city")


def member(jurisdiction, role=Role.EDITOR, **user_fields):
    """A new person holding ``role`` in ``jurisdiction``; returns the user."""
    user = UserFactory(**user_fields)
    traits = {"signatory": role == Role.SIGNATORY, "partner": role == Role.PARTNER}
    MembershipFactory(user=user, jurisdiction=jurisdiction, role=role, **traits)
    return user
