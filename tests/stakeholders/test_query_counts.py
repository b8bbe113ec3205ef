"""The main pages of this app cost the same number of queries for 3 or for 30 people."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stakeholders.models import Role
from tests.factories import (
    InvitationFactory,
    JurisdictionFactory,
    MembershipFactory,
    UserFactory,
    example_county,
    member,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow_county(county, admin, size):
    """``size`` each of editors or signatories, partners (each with an organization), former
    members and waiting invitations."""
    for n in range(size):
        MembershipFactory(jurisdiction=county, signatory=n % 2 == 1)
        MembershipFactory(jurisdiction=county, partner=True)
        MembershipFactory(jurisdiction=county).end(by=admin)
        InvitationFactory(jurisdiction=county, invited_by=admin)


@pytest.fixture
def county():
    return example_county()


@pytest.fixture
def admin(county, client):
    admin = member(county, Role.JURISDICTION_ADMIN)
    client.force_login(admin)
    return admin


@pytest.mark.parametrize(
    "page", ["stakeholders:members", "stakeholders:organizations", "stakeholders:jurisdiction"]
)
def test_jurisdiction_pages_cost_the_same_for_3_and_30_members(
    client, county, admin, page, django_assert_num_queries
):
    url = reverse(page, args=[county.slug])
    grow_county(county, admin, 3)
    expected = queries_for(client, url)
    grow_county(county, admin, 27)
    with django_assert_num_queries(expected):
        client.get(url)


def test_dashboard_costs_the_same_for_3_and_30_jurisdictions(client, django_assert_num_queries):
    person = member(JurisdictionFactory(), Role.EDITOR)
    client.force_login(person)

    def give_roles(count):
        for _ in range(count):
            jurisdiction = JurisdictionFactory()
            MembershipFactory(user=person, jurisdiction=jurisdiction, role=Role.EDITOR)
            MembershipFactory(user=person, jurisdiction=jurisdiction, partner=True)

    give_roles(2)
    expected = queries_for(client, reverse("dashboard"))
    give_roles(27)
    with django_assert_num_queries(expected):
        page = client.get(reverse("dashboard")).content.decode()
    assert page.count("Partner</span>") == 29


def test_site_admin_dashboard_costs_the_same_for_3_and_30_jurisdictions(
    client, django_assert_num_queries
):
    client.force_login(UserFactory(is_staff=True))
    for _ in range(3):
        JurisdictionFactory()
    expected = queries_for(client, reverse("dashboard"))
    for _ in range(27):
        JurisdictionFactory()
    with django_assert_num_queries(expected):
        client.get(reverse("dashboard"))


def test_profile_costs_the_same_for_3_and_30_roles(client, django_assert_num_queries):
    person = member(JurisdictionFactory(), Role.EDITOR)
    client.force_login(person)
    for _ in range(2):
        MembershipFactory(user=person, partner=True)
    expected = queries_for(client, reverse("stakeholders:profile"))
    for _ in range(27):
        MembershipFactory(user=person, partner=True)
    with django_assert_num_queries(expected):
        client.get(reverse("stakeholders:profile"))
