"""Inviting a person by email: the one-time, expiring link and the pages around it."""

import re
import threading
from html import unescape

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stakeholders.models import Invitation, Membership, Role, User
from tests.factories import (
    FAST_HASHERS,
    PASSWORD,
    InvitationFactory,
    UserFactory,
    example_county,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # These tests sign in and fail to sign in many times; what they prove does not depend on
    # the cost of the production hasher.
    settings.PASSWORD_HASHERS = FAST_HASHERS


LINK = re.compile(r"http://testserver(/invitations/[^/\s]+/)")


@pytest.fixture
def county():
    return example_county()


@pytest.fixture
def admin(county, client):
    admin = member(county, Role.JURISDICTION_ADMIN, first_name="Ada", last_name="Admin")
    client.force_login(admin)
    return admin


def invite(client, county, **data):
    data = {"email": "new.person@example.org", "role": Role.EDITOR, **data}
    response = client.post(reverse("stakeholders:invite", args=[county.slug]), data)
    assert response.status_code == 302, response.content.decode()
    return link_in(mail.outbox[-1])


def link_in(message):
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def text(response):
    return unescape(response.content.decode())


NEW_PERSON = {
    "first_name": "Nia",
    "last_name": "Newcomer",
    "username": "nia",
    "password1": "a-long-fresh-password",
    "password2": "a-long-fresh-password",
}


def test_invitation_email_names_the_jurisdiction_role_and_link(client, county, admin):
    invite(client, county, role=Role.EDITOR)
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert message.subject == "You are invited to plan for shared safety in Example County"
    assert "Ada Admin invites you to the Shared Safety Planner of Example County as Editor." in (
        message.body
    )
    assert "The link works once" in message.body
    members = client.get(reverse("stakeholders:members", args=[county.slug])).content.decode()
    assert "Invitation sent to new.person@example.org." in members
    assert "new.person@example.org · Editor" in members


def test_new_person_sets_a_password_joins_with_the_role_and_is_signed_in(client, county, admin):
    link = invite(client, county, role=Role.EDITOR)
    client.logout()

    page = client.get(link)
    assert page.status_code == 200
    assert "Join Example County" in page.content.decode()
    response = client.post(link, NEW_PERSON, follow=True)

    assert response.redirect_chain == [(reverse("dashboard"), 302)]
    page = response.content.decode()
    assert "Welcome. You are now Editor of Example County." in page
    assert "Signed in as Nia Newcomer" in page
    membership = Membership.objects.get(user__username="nia")
    assert (membership.jurisdiction, membership.role) == (county, Role.EDITOR)
    assert membership.user.email == "new.person@example.org"
    assert membership.user.check_password("a-long-fresh-password")


def test_the_link_works_once(client, county, admin):
    link = invite(client, county)
    client.logout()
    client.post(link, NEW_PERSON)
    client.logout()

    response = client.get(link)
    assert response.status_code == 410
    assert "This link has already been used: each invitation works once." in (
        response.content.decode()
    )
    again = client.post(link, {**NEW_PERSON, "username": "nia2"})
    assert again.status_code == 410
    assert Membership.objects.filter(jurisdiction=county, role=Role.EDITOR).count() == 1


def test_an_expired_link_shows_when_it_expired_and_whom_to_ask(client, county, admin):
    link = invite(client, county)
    Invitation.objects.update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    page = text(response)
    assert "This invitation link does not work" in page
    assert "This invitation to Example County expired on" in page
    assert "Ask the jurisdiction's admin to send you a new one." in page
    assert client.post(link, NEW_PERSON).status_code == 410
    assert not Membership.objects.filter(user__username="nia").exists()


def test_a_withdrawn_invitation_says_so(client, county, admin):
    link = invite(client, county)
    invitation = Invitation.objects.get()
    response = client.post(
        reverse("stakeholders:invitation_action", args=[county.slug, invitation.pk, "revoke"]),
        follow=True,
    )
    assert "The invitation to new.person@example.org is withdrawn." in response.content.decode()
    assert "No invitation is waiting." in response.content.decode()
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "This invitation to Example County was withdrawn." in response.content.decode()


def test_an_unknown_link_is_a_404_with_advice(client):
    response = client.get(reverse("stakeholders:accept", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "Check that you copied the whole link from the email." in response.content.decode()


def test_resending_mails_a_new_link_and_the_old_one_stops_working(client, county, admin):
    old_link = invite(client, county)
    invitation = Invitation.objects.get()
    response = client.post(
        reverse("stakeholders:invitation_action", args=[county.slug, invitation.pk, "resend"]),
        follow=True,
    )
    assert "A new link was sent to new.person@example.org." in response.content.decode()
    assert len(mail.outbox) == 2
    new_link = link_in(mail.outbox[1])
    assert new_link != old_link
    client.logout()
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200


def test_a_person_with_an_account_signs_in_then_accepts(client, county, admin):
    known = UserFactory(username="kim", email="kim@example.org", first_name="Kim")
    link = invite(client, county, email="KIM@example.org", role=Role.EDITOR)
    client.logout()

    page = client.get(link).content.decode()
    assert "An account already uses this email. Sign in with it" in page
    assert f'href="{reverse("login")}?next={link}"' in page
    assert client.post(link).status_code == 200
    assert not known.memberships.exists()

    signed_in = client.post(
        reverse("login"), {"username": "kim", "password": PASSWORD, "next": link}
    )
    assert signed_in["Location"] == link
    assert "Accept the invitation" in client.get(link).content.decode()
    response = client.post(link, follow=True)

    assert "Welcome. You are now Editor of Example County." in response.content.decode()
    assert known.memberships.get().jurisdiction == county
    assert User.objects.count() == 2  # the admin and Kim: no second account


def test_another_signed_in_person_cannot_accept_for_the_invited_account(client, county, admin):
    known = UserFactory(email="kim@example.org")
    link = invite(client, county, email="kim@example.org")
    response = client.post(link)  # still signed in as the admin
    assert "An account already uses this email" in response.content.decode()
    assert not known.memberships.exists()
    assert Invitation.objects.get().is_usable


def test_a_site_admin_creates_a_jurisdiction_and_invites_its_first_admin(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.post(
        reverse("stakeholders:jurisdiction_create"),
        {
            "name": "Other County",
            "kind": "county",
            "state": "or",
            "slug": "other-county",
            "first_admin_email": "first@example.org",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/jurisdictions/other-county/"
    assert (
        "Other County is created and first@example.org is invited as its admin."
        in response.content.decode()
    )
    assert "County, OR" in response.content.decode()
    client.logout()
    link = link_in(mail.outbox[0])
    client.post(link, NEW_PERSON)
    assert Membership.objects.get(user__username="nia").role == Role.JURISDICTION_ADMIN


def test_a_person_invited_in_spanish_gets_the_email_the_page_and_the_account_in_spanish(
        client, county, admin):
    form = client.get(reverse("stakeholders:invite", args=[county.slug])).content.decode()
    assert '<option value="en" selected>' in form  # the inviting admin's language

    link = invite(client, county, role=Role.EDITOR, language="es")
    message = mail.outbox[-1]
    assert message.subject == "Le invitamos a planificar la seguridad compartida en Example County"
    assert "invites you" not in message.body

    client.logout()
    page = client.get(link)
    assert '<html lang="es">' in page.content.decode()
    assert "Le invitamos con el rol de" in text(page)
    client.post(link, NEW_PERSON)
    assert User.objects.get(username="nia").language == "es"


def test_the_invitation_is_in_the_inviting_admins_language_unless_they_choose(
        client, county, admin):
    client.cookies["django_language"] = "es"
    form = client.get(reverse("stakeholders:invite", args=[county.slug])).content.decode()
    assert '<option value="es" selected>' in form
    invite(client, county, role=Role.EDITOR)  # an older form without the field
    assert Invitation.objects.get().language == "es"
    assert mail.outbox[-1].subject.startswith("Le invitamos")


def test_a_person_who_chose_a_language_reads_the_invitation_page_and_keeps_it(
        client, county, admin):
    link = invite(client, county, role=Role.EDITOR, language="es")
    client.logout()
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get(link).content.decode()
    client.post(link, NEW_PERSON)
    assert User.objects.get(username="nia").language == "en"


def test_an_invitation_sent_before_invitations_had_a_language_lets_the_browser_choose(
        client, county, admin):
    link = invite(client, county, role=Role.EDITOR, language="es")
    Invitation.objects.update(language="")  # as the migration leaves the earlier ones
    client.logout()
    page = client.get(link, headers={"accept-language": "es"})
    assert '<html lang="es">' in page.content.decode()
    page = client.get(link, headers={"accept-language": "en"})
    assert '<html lang="en">' in page.content.decode()


def test_an_earlier_invitation_resent_takes_the_language_of_its_email(client, county, admin):
    invite(client, county, role=Role.EDITOR)
    invitation = Invitation.objects.get()
    Invitation.objects.update(language="")  # as the migration leaves the earlier ones
    client.cookies["django_language"] = "es"
    client.post(reverse("stakeholders:invitation_action",
                        args=[county.slug, invitation.pk, "resend"]))
    assert mail.outbox[-1].subject.startswith("Le invitamos")
    invitation.refresh_from_db()
    assert invitation.language == "es"
    client.logout()  # and the browser's cookies go
    page = client.get(link_in(mail.outbox[-1]), headers={"accept-language": "en"})
    assert '<html lang="es">' in page.content.decode()


# --- real concurrency -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_one_link_posted_four_times_at_once_makes_one_account(on_postgresql):
    county = example_county()
    admin = member(county, Role.JURISDICTION_ADMIN)
    invitation = InvitationFactory(
        jurisdiction=county, invited_by=admin, role=Role.EDITOR, language="en"
    )
    link = reverse("stakeholders:accept", args=[invitation.token])
    start = threading.Barrier(4, timeout=10)
    answers = []

    def accept(n):
        try:
            client = Client(raise_request_exception=False)
            start.wait()
            response = client.post(link, {**NEW_PERSON, "username": f"nia{n}"})
            answers.append((response.status_code, text(response)))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)

    assert sorted(status for status, _ in answers) == [302, 410, 410, 410], answers
    for status, page in answers:
        if status == 410:
            assert "This link has already been used: each invitation works once." in page
    assert User.objects.exclude(pk=admin.pk).count() == 1
    assert Membership.objects.filter(jurisdiction=county, role=Role.EDITOR).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_by == User.objects.exclude(pk=admin.pk).get()


# --- the form: a role's own fields, and an organization added on the way -----------------


def test_the_invite_form_groups_the_fields_each_role_needs(client, county, admin):
    page = " ".join(
        client.get(reverse("stakeholders:invite", args=[county.slug])).content.decode().split())
    signatory = re.search(r'class="role-fields role-signatory" ?>(.*?)class="role-fields',
                          page).group(1)
    partner = re.search(r'class="role-fields role-partner" ?>(.*?)</details>', page).group(1)
    assert 'name="agency"' in signatory and 'name="title"' in signatory
    assert 'name="organization"' not in signatory
    assert 'name="organization"' in partner and 'name="new_organization"' in partner
    assert 'name="agency"' not in partner
    assert "Not in the list? Add the organization here" in partner


def test_an_admin_adds_a_missing_organization_while_inviting_a_partner(client, county, admin):
    from stakeholders.models import Organization

    invite(client, county, role=Role.PARTNER, new_organization=" Eastside Mothers ",
           new_organization_sector=Organization.Sector.COMMUNITY_BASED)

    organization = Organization.objects.get(jurisdiction=county)
    assert (organization.name, organization.sector) == ("Eastside Mothers", "community_based")
    assert Invitation.objects.get().organization == organization
    members = text(client.get(reverse("stakeholders:members", args=[county.slug])))
    assert ("Eastside Mothers is added to the organizations, and the invitation is sent to "
            "new.person@example.org.") in members


def test_a_new_organization_needs_its_sector_and_a_name_not_taken(client, county, admin):
    from stakeholders.models import Organization

    Organization.objects.create(jurisdiction=county, name="Eastside Mothers",
                                sector=Organization.Sector.COMMUNITY_BASED)
    url = reverse("stakeholders:invite", args=[county.slug])
    data = {"email": "new.person@example.org", "role": Role.PARTNER}

    no_sector = text(client.post(url, {**data, "new_organization": "Youth Forward"}))
    taken = text(client.post(url, {**data, "new_organization": "eastside mothers",
                                   "new_organization_sector": "youth"}))

    assert "Choose the organization&#x27;s sector." in no_sector or (
        "Choose the organization's sector." in no_sector)
    assert "already has an organization of that name: choose it in the list." in taken
    assert Organization.objects.count() == 1 and not Invitation.objects.exists()


def test_an_added_organization_is_ignored_for_a_role_that_has_none(client, county, admin):
    from stakeholders.models import Organization

    invite(client, county, role=Role.EDITOR, new_organization="Youth Forward",
           new_organization_sector="youth")
    assert not Organization.objects.exists()
    assert Invitation.objects.get().organization is None
