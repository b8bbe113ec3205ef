"""A jurisdiction admin lists, changes and removes who holds which role."""

import re
from html import unescape

import pytest
from django.urls import reverse

from stakeholders.models import Membership, Role, User
from tests.factories import MembershipFactory, OrganizationFactory, example_county, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return example_county()


@pytest.fixture
def admin(county, client):
    admin = member(county, Role.JURISDICTION_ADMIN, first_name="Ada", last_name="Admin")
    client.force_login(admin)
    return admin


def text(response):
    return unescape(response.content.decode())


def members_page(client, county):
    response = client.get(reverse("stakeholders:members", args=[county.slug]))
    assert response.status_code == 200
    return text(response)


def edit_url(membership):
    return reverse(
        "stakeholders:membership_edit", args=[membership.jurisdiction.slug, membership.pk]
    )


def remove_url(membership):
    return reverse(
        "stakeholders:membership_remove", args=[membership.jurisdiction.slug, membership.pk]
    )


def test_members_page_lists_who_holds_which_role_with_details(client, county, admin):
    MembershipFactory(
        jurisdiction=county,
        signatory=True,
        user__first_name="Sam",
        user__last_name="Signer",
        agency="Probation Department",
        title="Chief Probation Officer",
    )
    MembershipFactory(
        jurisdiction=county,
        partner=True,
        user__first_name="Pat",
        user__last_name="Partner",
        organization__name="Example Youth Alliance",
    )
    page = members_page(client, county)
    assert "Members of Example County" in page
    assert "Ada Admin" in page and "Jurisdiction admin" in page
    assert "Sam Signer" in page and "Chief Probation Officer, Probation Department" in page
    assert "Pat Partner" in page and "Example Youth Alliance" in page


def test_admin_changes_an_editor_into_a_signatory(client, county, admin):
    editor = MembershipFactory(jurisdiction=county, user__first_name="Ed", user__last_name="Ito")
    response = client.post(
        edit_url(editor),
        {"role": Role.SIGNATORY, "agency": "Sheriff's Office", "title": "Sheriff"},
        follow=True,
    )
    assert "The role of Ed Ito is saved." in text(response)
    editor.refresh_from_db()
    assert (editor.role, editor.agency, editor.title) == (
        Role.SIGNATORY,
        "Sheriff's Office",
        "Sheriff",
    )


def test_changing_away_from_signatory_or_partner_drops_their_details(client, county, admin):
    signatory = MembershipFactory(jurisdiction=county, signatory=True)
    organization = OrganizationFactory(jurisdiction=county)
    client.post(edit_url(signatory), {"role": Role.PARTNER, "organization": organization.pk})
    signatory.refresh_from_db()
    assert (signatory.role, signatory.organization, signatory.agency, signatory.title) == (
        Role.PARTNER,
        organization,
        "",
        "",
    )
    client.post(edit_url(signatory), {"role": Role.EDITOR, "organization": organization.pk})
    signatory.refresh_from_db()
    assert (signatory.role, signatory.organization) == (Role.EDITOR, None)


def test_removing_ends_the_role_but_keeps_the_person_and_the_record(client, county, admin):
    leaving = MembershipFactory(
        jurisdiction=county, user__first_name="Lee", user__last_name="Leaving"
    )
    confirm = client.get(remove_url(leaving))
    assert "Remove Lee Leaving as Editor?" in text(confirm)
    assert "Everything they wrote stays, attributed to them" in text(confirm)

    response = client.post(remove_url(leaving), follow=True)

    page = text(response)
    assert "Lee Leaving no longer holds the role Editor." in page
    leaving.refresh_from_db()
    assert leaving.ended_at is not None and leaving.ended_by == admin
    assert User.objects.filter(pk=leaving.user_id).exists()
    assert "Former members" in page
    assert "Lee Leaving · Editor · removed" in page and "by Ada Admin" in page

    client.force_login(leaving.user)
    assert client.get(county.get_absolute_url()).status_code == 404


def test_removing_one_role_keeps_the_other_roles_of_the_person(client, county, admin):
    editor = MembershipFactory(jurisdiction=county)
    signatory = MembershipFactory(jurisdiction=county, user=editor.user, signatory=True)
    client.post(remove_url(editor))
    assert list(Membership.objects.active().filter(user=editor.user)) == [signatory]


def test_the_only_jurisdiction_admin_cannot_be_removed(client, county, admin):
    own = admin.memberships.get()
    confirm = text(client.get(remove_url(own)))
    assert "This is the jurisdiction's only admin: appoint another one first." in confirm
    assert "Remove from this role" not in confirm

    response = client.post(remove_url(own), follow=True)

    assert "This is the jurisdiction's only admin: appoint another one first." in text(response)
    own.refresh_from_db()
    assert own.is_active


def test_the_only_jurisdiction_admin_cannot_be_demoted(client, county, admin):
    own = admin.memberships.get()
    response = client.post(edit_url(own), {"role": Role.EDITOR})
    assert response.status_code == 200
    assert "This is the jurisdiction's only admin: appoint another one first." in text(response)
    own.refresh_from_db()
    assert own.role == Role.JURISDICTION_ADMIN


def test_an_admin_can_step_down_once_another_admin_is_appointed(client, county, admin):
    member(county, Role.JURISDICTION_ADMIN)
    own = admin.memberships.get()
    assert client.post(edit_url(own), {"role": Role.EDITOR}).status_code == 302
    own.refresh_from_db()
    assert own.role == Role.EDITOR
    # No longer an admin: the members page is now refused.
    assert client.get(reverse("stakeholders:members", args=[county.slug])).status_code == 403


def test_an_ended_membership_cannot_be_edited_or_removed_again(client, county, admin):
    former = MembershipFactory(jurisdiction=county)
    former.end(by=admin)
    assert client.get(edit_url(former)).status_code == 404
    assert client.post(remove_url(former)).status_code == 404


def test_a_person_with_two_roles_is_one_row_listing_both(client, county, admin):
    editor = MembershipFactory(jurisdiction=county, user__first_name="Eve",
                               user__last_name="Both")
    MembershipFactory(jurisdiction=county, user=editor.user, signatory=True,
                      agency="Health Department", title="Director")

    response = client.get(reverse("stakeholders:members", args=[county.slug]))

    html = response.content.decode()
    rows = [row for row in html.split("<tr>")[2:] if "Eve Both" in row]
    assert len(rows) == 1
    row = unescape(rows[0])
    assert "Editor" in row and "Signatory" in row and "Director, Health Department" in row
    assert "Change role Editor of Eve Both" in re.sub(r"<[^>]+>", "", row)
    assert "Remove Eve Both as Signatory" in re.sub(r"<[^>]+>", "", row)
    assert html.count("<tr>") == 1 + 2  # the header, Ada Admin, Eve Both
