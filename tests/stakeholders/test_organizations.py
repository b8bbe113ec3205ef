"""The organizations of a jurisdiction: everyone there reads the list; admins and editors
keep it."""

from html import unescape

import pytest
from django.urls import reverse

from stakeholders.models import Organization, Role
from tests.factories import MembershipFactory, OrganizationFactory, example_county, member

pytestmark = pytest.mark.django_db

SECTORS = [
    "Community-based organization",
    "Survivors and victims' services",
    "Public health",
    "Behavioral health",
    "Education",
    "Faith",
    "Business",
    "Youth",
    "Housing",
    "Workforce",
    "Law enforcement",
    "Prosecution",
    "Public defense",
    "Probation",
    "Courts",
    "Other",
]


@pytest.fixture
def county():
    county = example_county()
    MembershipFactory(
        jurisdiction=county,
        partner=True,
        user__first_name="Paula",
        user__last_name="Nguyen",
        organization__name="Example Youth Alliance",
        organization__sector=Organization.Sector.YOUTH,
    )
    return county


def url(county):
    return reverse("stakeholders:organizations", args=[county.slug])


def text(response):
    return unescape(response.content.decode())


def test_a_partner_reads_the_organizations_with_sector_and_partners(client, county):
    client.force_login(member(county, Role.PARTNER))
    response = client.get(url(county))
    assert response.status_code == 200
    page = text(response)
    assert "Example Youth Alliance" in page and "Youth" in page and "Paula Nguyen" in page
    assert "Add an organization" not in page
    alliance = Organization.objects.get(name="Example Youth Alliance")
    assert reverse("stakeholders:organization_edit", args=[county.slug, alliance.pk]) not in page


def test_a_partner_cannot_add_an_organization(client, county):
    client.force_login(member(county, Role.PARTNER))
    response = client.post(url(county), {"name": "Partner's Own", "sector": "other"})
    assert response.status_code == 403
    assert "Only admins and editors add organizations." in text(response)
    assert not Organization.objects.filter(name="Partner's Own").exists()


def test_an_editor_adds_an_organization_from_the_fixed_list_of_sectors(client, county):
    client.force_login(member(county, Role.EDITOR))
    form = text(client.get(url(county)))
    for sector in SECTORS:
        assert f">{sector}</option>" in form
    response = client.post(url(county), {"name": "Hope House", "sector": "housing"}, follow=True)
    page = text(response)
    assert "Hope House is added." in page
    assert "Hope House" in page and "Housing" in page
    assert Organization.objects.get(name="Hope House").jurisdiction == county


def test_an_editor_renames_an_organization(client, county):
    client.force_login(member(county, Role.EDITOR))
    organization = OrganizationFactory(jurisdiction=county, name="Old Name")
    response = client.post(
        reverse("stakeholders:organization_edit", args=[county.slug, organization.pk]),
        {"name": "New Name", "sector": "faith"},
        follow=True,
    )
    assert "New Name is saved." in text(response)
    organization.refresh_from_db()
    assert (organization.name, organization.sector) == ("New Name", "faith")


def test_a_signatory_may_not_edit_an_organization(client, county):
    client.force_login(member(county, Role.SIGNATORY))
    organization = Organization.objects.get(name="Example Youth Alliance")
    response = client.get(
        reverse("stakeholders:organization_edit", args=[county.slug, organization.pk])
    )
    assert response.status_code == 403
    assert "Only admins and editors change organizations." in text(response)
