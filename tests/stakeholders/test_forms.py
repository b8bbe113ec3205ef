"""Each form's error messages, as a person sees them beside the field they concern."""

import re
from html import unescape

import pytest
from django.urls import reverse

from stakeholders.models import Jurisdiction, Organization, Role
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    example_county,
    member,
    sample_city,
)

pytestmark = pytest.mark.django_db


def errors_beside(response, field):
    """The error messages shown under ``field`` (crispy's invalid-feedback block)."""
    assert response.status_code == 200
    match = re.search(
        rf'<div id="id_{field}_error" class="invalid-feedback">(.*?)</div>',
        response.content.decode(),
        re.S,
    )
    if not match:
        return []
    return [unescape(message) for message in re.findall(r"<strong>(.*?)</strong>", match.group(1))]


@pytest.fixture
def county():
    return example_county()


@pytest.fixture
def admin(county, client):
    admin = member(county, Role.JURISDICTION_ADMIN)
    client.force_login(admin)
    return admin


def post_invitation(client, county, **data):
    return client.post(reverse("stakeholders:invite", args=[county.slug]), data)


class TestInvitationForm:
    def test_a_signatory_needs_an_agency_and_a_title(self, client, county, admin):
        response = post_invitation(client, county, email="s@example.org", role=Role.SIGNATORY)
        assert errors_beside(response, "agency") == ["A signatory signs for an agency: name it."]
        assert errors_beside(response, "title") == ["Give the signatory's title."]

    def test_a_partner_needs_an_organization(self, client, county, admin):
        response = post_invitation(client, county, email="p@example.org", role=Role.PARTNER)
        assert errors_beside(response, "organization") == [
            "A partner belongs to an organization: choose it."
        ]

    def test_a_partner_cannot_join_an_organization_of_another_jurisdiction(
        self, client, county, admin
    ):
        elsewhere = OrganizationFactory(jurisdiction=sample_city())
        response = post_invitation(
            client, county, email="p@example.org", role=Role.PARTNER, organization=elsewhere.pk
        )
        assert (
            "Select a valid choice. That choice is not one of the available choices."
            in errors_beside(response, "organization")
        )

    def test_a_second_pending_invitation_for_the_same_role_is_refused(self, client, county, admin):
        InvitationFactory(jurisdiction=county, email="twice@example.org", role=Role.EDITOR)
        response = post_invitation(client, county, email="Twice@Example.org", role=Role.EDITOR)
        assert errors_beside(response, "email") == [
            "An invitation for this role is already waiting; resend it instead."
        ]

    def test_a_person_who_already_holds_the_role_is_not_invited_again(self, client, county, admin):
        holder = member(county, Role.EDITOR, email="holder@example.org")
        response = post_invitation(client, county, email=holder.email.upper(), role=Role.EDITOR)
        assert errors_beside(response, "email") == ["This person already holds that role here."]

    def test_the_email_and_role_are_required(self, client, county, admin):
        response = post_invitation(client, county, email="not an email")
        assert errors_beside(response, "email") == ["Enter a valid email address."]
        assert errors_beside(response, "role") == ["This field is required."]


class TestMembershipForm:
    def test_the_role_a_person_already_holds_is_refused(self, client, county, admin):
        editor = MembershipFactory(jurisdiction=county)
        MembershipFactory(jurisdiction=county, user=editor.user, signatory=True)
        response = client.post(
            reverse("stakeholders:membership_edit", args=[county.slug, editor.pk]),
            {"role": Role.SIGNATORY, "agency": "Sheriff's Office", "title": "Sheriff"},
        )
        assert errors_beside(response, "role") == ["This person already holds that role here."]

    def test_the_only_admin_cannot_change_role(self, client, county, admin):
        response = client.post(
            reverse("stakeholders:membership_edit", args=[county.slug, admin.memberships.get().pk]),
            {"role": Role.EDITOR},
        )
        assert errors_beside(response, "role") == [
            "This is the jurisdiction's only admin: appoint another one first."
        ]

    def test_a_signatory_needs_an_agency_and_a_title(self, client, county, admin):
        editor = MembershipFactory(jurisdiction=county)
        response = client.post(
            reverse("stakeholders:membership_edit", args=[county.slug, editor.pk]),
            {"role": Role.SIGNATORY},
        )
        assert errors_beside(response, "agency") == ["A signatory signs for an agency: name it."]
        assert errors_beside(response, "title") == ["Give the signatory's title."]


class TestOrganizationForm:
    def test_a_name_already_used_in_the_jurisdiction_is_refused_whatever_its_case(
        self, client, county, admin
    ):
        OrganizationFactory(jurisdiction=county, name="Example Youth Alliance")
        response = client.post(
            reverse("stakeholders:organizations", args=[county.slug]),
            {"name": "  example youth ALLIANCE ", "sector": "youth"},
        )
        assert errors_beside(response, "name") == [
            "This jurisdiction already has an organization of that name."
        ]
        assert Organization.objects.filter(jurisdiction=county).count() == 1

    def test_the_same_name_is_fine_in_another_jurisdiction_and_when_kept(
        self, client, county, admin
    ):
        OrganizationFactory(jurisdiction=sample_city(), name="Food Bank")
        response = client.post(
            reverse("stakeholders:organizations", args=[county.slug]),
            {"name": "Food Bank", "sector": "other"},
        )
        assert response.status_code == 302
        food_bank = Organization.objects.get(jurisdiction=county)
        response = client.post(
            reverse("stakeholders:organization_edit", args=[county.slug, food_bank.pk]),
            {"name": "Food Bank", "sector": "community_based"},
        )
        assert response.status_code == 302

    def test_renaming_to_another_organizations_name_is_refused(self, client, county, admin):
        OrganizationFactory(jurisdiction=county, name="Faith Coalition")
        other = OrganizationFactory(jurisdiction=county, name="Youth Forum")
        response = client.post(
            reverse("stakeholders:organization_edit", args=[county.slug, other.pk]),
            {"name": "FAITH coalition", "sector": "faith"},
        )
        assert errors_beside(response, "name") == [
            "This jurisdiction already has an organization of that name."
        ]

    def test_a_sector_must_come_from_the_list(self, client, county, admin):
        response = client.post(
            reverse("stakeholders:organizations", args=[county.slug]),
            {"name": "Nowhere", "sector": "astrology"},
        )
        assert errors_beside(response, "sector") == [
            "Select a valid choice. astrology is not one of the available choices."
        ]


class TestJurisdictionForm:
    @pytest.fixture
    def site_admin(self, client):
        client.force_login(UserFactory(is_staff=True))

    def create(self, client, **data):
        data = {
            "name": "Other County",
            "kind": "county",
            "state": "CA",
            "slug": "other-county",
            "first_admin_email": "first@example.org",
            **data,
        }
        return client.post(reverse("stakeholders:jurisdiction_create"), data)

    def test_a_state_that_is_not_a_two_letter_code_is_refused(self, client, site_admin):
        response = self.create(client, state="C1")
        assert errors_beside(response, "state") == ["Use the two-letter state code, e.g. CA."]
        response = self.create(client, state="Cal")
        assert errors_beside(response, "state") == [
            "Ensure this value has at most 2 characters (it has 3)."
        ]
        assert not Jurisdiction.objects.exists()

    def test_a_lower_case_state_code_is_accepted_in_capitals(self, client, site_admin):
        assert self.create(client, state=" or ").status_code == 302
        assert Jurisdiction.objects.get().state == "OR"

    def test_a_web_address_name_in_use_is_refused(self, client, site_admin, county):
        response = self.create(client, slug=county.slug)
        assert errors_beside(response, "slug") == [
            "Jurisdiction with this Web address name already exists."
        ]

    def test_the_web_address_name_of_the_creation_page_is_refused(self, client, site_admin):
        response = self.create(client, slug="new")
        assert errors_beside(response, "slug") == [
            "This web address name is taken by the planner; choose another."
        ]
        assert not Jurisdiction.objects.exists()

    def test_a_web_address_name_left_empty_is_made_from_the_name(self, client, site_admin):
        assert self.create(client, name="San José County", slug="").status_code == 302
        assert Jurisdiction.objects.get().slug == "san-jose-county"

    def test_the_form_asks_the_page_to_fill_the_web_address_name_from_the_name(
            self, client, site_admin):
        page = client.get(reverse("stakeholders:jurisdiction_create")).content.decode()
        assert 'data-slug-from="id_name"' in page and "/static/js/slug.js" in page
        assert "Filled in from the name; change it if you like." in page

    def test_the_first_admin_email_is_required(self, client, site_admin):
        response = self.create(client, first_admin_email="")
        assert errors_beside(response, "first_admin_email") == ["This field is required."]


class TestAcceptInvitationForm:
    def test_names_and_matching_passwords_are_required(self, client, county):
        invitation = InvitationFactory(jurisdiction=county)
        response = client.post(
            reverse("stakeholders:accept", args=[invitation.token]),
            {"username": "nia", "password1": "a-long-fresh-password", "password2": "other"},
        )
        assert errors_beside(response, "first_name") == ["This field is required."]
        assert errors_beside(response, "last_name") == ["This field is required."]
        assert errors_beside(response, "password2") == ["The two password fields didn’t match."]

    def test_a_taken_user_name_and_a_weak_password_are_refused(self, client, county):
        UserFactory(username="nia")
        invitation = InvitationFactory(jurisdiction=county)
        response = client.post(
            reverse("stakeholders:accept", args=[invitation.token]),
            {
                "first_name": "Nia",
                "last_name": "Newcomer",
                "username": "nia",
                "password1": "12345678",
                "password2": "12345678",
            },
        )
        assert errors_beside(response, "username") == ["A user with that username already exists."]
        assert "This password is too common." in errors_beside(response, "password2")


class TestProfileForm:
    def test_an_email_is_required(self, client):
        client.force_login(UserFactory())
        response = client.post(
            reverse("stakeholders:profile"), {"first_name": "A", "last_name": "B", "email": ""}
        )
        assert errors_beside(response, "email") == ["This field is required."]
