"""A person of Sample City finds nothing of Example County, whatever slug or id they try."""

import pytest
from django.core import mail
from django.urls import reverse

from stakeholders.models import Invitation, Membership, Organization, Role
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganizationFactory,
    example_county,
    member,
    sample_city,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    county = example_county()
    admin = member(county, Role.JURISDICTION_ADMIN)
    return {
        "slug": county.slug,
        "membership": MembershipFactory(jurisdiction=county, role=Role.EDITOR),
        "organization": OrganizationFactory(jurisdiction=county),
        "invitation": InvitationFactory(jurisdiction=county, invited_by=admin),
    }


@pytest.fixture
def city_official(client):
    """Editor and jurisdiction admin of Sample City: every right there, none in the county."""
    city = sample_city()
    official = member(city, Role.EDITOR)
    MembershipFactory(user=official, jurisdiction=city, role=Role.JURISDICTION_ADMIN)
    OrganizationFactory(jurisdiction=city)
    client.force_login(official)
    return client


def county_state():
    return (
        list(Membership.objects.values()),
        list(Organization.objects.values()),
        list(Invitation.objects.values()),
        len(mail.outbox),
    )


GETS = {
    "jurisdiction page": lambda c, slug: reverse("stakeholders:jurisdiction", args=[slug]),
    "members": lambda c, slug: reverse("stakeholders:members", args=[slug]),
    "invite": lambda c, slug: reverse("stakeholders:invite", args=[slug]),
    "organizations": lambda c, slug: reverse("stakeholders:organizations", args=[slug]),
    "membership edit": lambda c, slug: reverse(
        "stakeholders:membership_edit", args=[slug, c["membership"].pk]
    ),
    "membership remove": lambda c, slug: reverse(
        "stakeholders:membership_remove", args=[slug, c["membership"].pk]
    ),
    "organization edit": lambda c, slug: reverse(
        "stakeholders:organization_edit", args=[slug, c["organization"].pk]
    ),
}
POSTS = {
    "membership edit": (GETS["membership edit"], {"role": Role.PARTNER}),
    "membership remove": (GETS["membership remove"], {}),
    "organization edit": (GETS["organization edit"], {"name": "Taken", "sector": "other"}),
    "organization add": (GETS["organizations"], {"name": "Planted", "sector": "other"}),
    "invite": (GETS["invite"], {"email": "mole@example.org", "role": Role.JURISDICTION_ADMIN}),
    **{
        f"invitation {action}": (
            lambda c, slug, action=action: reverse(
                "stakeholders:invitation_action", args=[slug, c["invitation"].pk, action]
            ),
            {},
        )
        for action in ("resend", "revoke")
    },
}


@pytest.mark.parametrize("page", GETS)
def test_city_official_gets_404_for_each_county_page_by_its_slug(city_official, county, page):
    response = city_official.get(GETS[page](county, county["slug"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("action", POSTS)
def test_city_official_cannot_change_anything_of_the_county_by_its_slug(
    city_official, county, action
):
    url, data = POSTS[action]
    before = county_state()
    assert city_official.post(url(county, county["slug"]), data).status_code == 404
    assert county_state() == before


ID_PAGES = ["membership edit", "membership remove", "organization edit"]


@pytest.mark.parametrize("page", ID_PAGES)
def test_county_object_ids_under_the_city_slug_are_404(city_official, county, page):
    assert city_official.get(GETS[page](county, "sample-city")).status_code == 404


@pytest.mark.parametrize("action", [*ID_PAGES, "invitation resend", "invitation revoke"])
def test_county_object_ids_under_the_city_slug_change_nothing(city_official, county, action):
    url, data = POSTS[action]
    before = county_state()
    assert city_official.post(url(county, "sample-city"), data).status_code == 404
    assert county_state() == before


def test_city_official_sees_only_their_own_jurisdiction_on_the_dashboard(city_official, county):
    page = city_official.get(reverse("dashboard")).content.decode()
    assert "Sample City" in page
    assert "Example County" not in page
