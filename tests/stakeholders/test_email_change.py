"""A new email takes effect only once its owner follows a link sent to it; invitations and
password resets go by confirmed addresses only."""

import re
import time
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from stakeholders.models import Invitation, Membership, Role, User
from tests.factories import FAST_HASHERS, UserFactory, example_county, member

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"http://testserver(/profile/email/confirm/[^/\s]+/)")
INVITATION_LINK = re.compile(r"http://testserver(/invitations/[^/\s]+/)")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def text(response):
    """The page as read: tags dropped, entities decoded, spaces collapsed."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def link_in(message, pattern=CONFIRM_LINK):
    match = pattern.search(message.body)
    assert match, message.body
    return match.group(1)


def change_email(client, person, address):
    return client.post(
        reverse("stakeholders:profile"),
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": address,
            "language": person.language,
        },
        follow=True,
    )


@pytest.fixture
def rosa(client):
    person = UserFactory(username="rosa", first_name="Rosa", email="rosa@old.example.org")
    client.force_login(person)
    return person


def test_a_new_email_takes_effect_only_once_the_link_sent_to_it_is_followed(client, rosa):
    response = change_email(client, rosa, "rosa@new.example.org")
    page = text(response)
    assert "Your profile is saved." in page
    assert (
        "We sent a link to rosa@new.example.org. Your email changes to it when you follow "
        "the link; until then it stays rosa@old.example.org." in page
    )
    assert (
        "Your new email rosa@new.example.org is waiting for confirmation: follow the link we "
        "sent to it. Until then your email stays rosa@old.example.org." in page
    )
    assert "Send the link again" in page and "Cancel the change" in page
    rosa.refresh_from_db()
    assert (rosa.email, rosa.email_verified) == ("rosa@old.example.org", True)

    [message] = mail.outbox
    assert message.to == ["rosa@new.example.org"]
    assert message.subject == "Confirm your email for the Shared Safety Planner"
    assert "The account rosa on the Shared Safety Planner asked to use this address" in (
        message.body
    )
    link = link_in(message)

    client.logout()  # the link works wherever the mail is read
    ask = client.get(link)
    assert ask.status_code == 200
    assert "Make rosa@new.example.org the email of the account rosa?" in text(ask)
    rosa.refresh_from_db()
    assert rosa.email == "rosa@old.example.org"  # opening the link changes nothing

    done = client.post(link, follow=True)
    assert "rosa@new.example.org is the confirmed email of the account rosa." in text(done)
    rosa.refresh_from_db()
    assert (rosa.email, rosa.email_verified, rosa.pending_email) == (
        "rosa@new.example.org", True, ""
    )

    notice = mail.outbox[-1]
    assert notice.to == ["rosa@old.example.org"]
    assert notice.subject == "The email of your Shared Safety Planner account has changed"
    assert "now has the email rosa@new.example.org" in notice.body
    assert "tell a site admin at once" in notice.body
    assert "/profile/email/confirm/" not in notice.body


def test_the_link_and_the_notice_are_in_the_persons_saved_language(client, rosa):
    rosa.language = "es"
    rosa.save()
    change_email(client, rosa, "rosa@new.example.org")
    message = mail.outbox[-1]
    assert message.subject == (
        "Confirme su correo electrónico para el Planificador de Seguridad Compartida"
    )
    assert "Confirm" not in message.body
    client.logout()
    client.cookies.clear()
    page = client.get(link_in(message))
    assert '<html lang="es">' in page.content.decode()
    client.post(link_in(message))
    assert mail.outbox[-1].to == ["rosa@old.example.org"]
    assert "ha cambiado" in mail.outbox[-1].subject


def test_an_expired_link_is_refused_with_a_message(client, rosa, monkeypatch):
    change_email(client, rosa, "rosa@new.example.org")
    link = link_in(mail.outbox[-1])
    four_days_later = time.time() + 4 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: four_days_later)
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 410
        assert "This link has expired: links to confirm an email work for three days." in (
            text(response)
        )
        assert 'role="alert"' in response.content.decode()
    rosa.refresh_from_db()
    assert rosa.email == "rosa@old.example.org"


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature
        lambda token: "eyJ1c2VyIjoxLCJlbWFpbCI6Im1lQGV2aWwub3JnIn0" + token[token.index(":"):],
        lambda token: "not-a-token",
    ],
    ids=["signature", "content", "made-up"],
)
def test_a_forged_link_is_refused_with_a_message(client, rosa, forge):
    change_email(client, rosa, "rosa@new.example.org")
    token = link_in(mail.outbox[-1]).split("/")[-2]
    forged = reverse("stakeholders:email_confirm", args=[forge(token)])
    for response in (client.get(forged), client.post(forged)):
        assert response.status_code == 404
        assert "This link does not work." in text(response)
    rosa.refresh_from_db()
    assert (rosa.email, rosa.pending_email) == ("rosa@old.example.org", "rosa@new.example.org")


def test_cancelling_keeps_the_email_and_voids_the_link(client, rosa):
    change_email(client, rosa, "rosa@new.example.org")
    link = link_in(mail.outbox[-1])
    response = client.post(
        reverse("stakeholders:email_action", args=["cancel"]), follow=True
    )
    page = text(response)
    assert (
        "The change to rosa@new.example.org is cancelled: your email stays "
        "rosa@old.example.org." in page
    )
    assert "waiting for confirmation" not in page
    refused = client.post(link)
    assert refused.status_code == 410
    assert "This link is for an email change that was cancelled or replaced" in text(refused)
    rosa.refresh_from_db()
    assert (rosa.email, rosa.pending_email) == ("rosa@old.example.org", "")


def test_sending_the_link_again_mails_a_working_one(client, rosa):
    change_email(client, rosa, "rosa@new.example.org")
    response = client.post(reverse("stakeholders:email_action", args=["send"]), follow=True)
    assert "A new link is on its way to rosa@new.example.org." in text(response)
    assert [m.to for m in mail.outbox] == [["rosa@new.example.org"]] * 2
    client.post(link_in(mail.outbox[-1]))
    rosa.refresh_from_db()
    assert rosa.email == "rosa@new.example.org"


def test_a_person_cannot_flood_an_address_with_links(client, rosa):
    change_email(client, rosa, "victim@example.org")
    for _ in range(4):
        client.post(reverse("stakeholders:email_action", args=["send"]))
    assert len(mail.outbox) == 5
    response = client.post(reverse("stakeholders:email_action", args=["send"]), follow=True)
    assert "Too many confirmation links were sent for your account in a short time." in (
        text(response)
    )
    assert len(mail.outbox) == 5


def test_a_person_confirms_the_unconfirmed_email_they_have(client):
    person = UserFactory(email="legacy@example.org", email_verified=False)
    client.force_login(person)
    profile = text(client.get(reverse("stakeholders:profile")))
    assert "Your email legacy@example.org is not confirmed yet" in profile
    client.post(reverse("stakeholders:email_action", args=["send"]))
    assert mail.outbox[-1].to == ["legacy@example.org"]
    client.post(link_in(mail.outbox[-1]))
    person.refresh_from_db()
    assert person.email_verified
    assert len(mail.outbox) == 1  # no notice: the address did not change
    assert "not confirmed yet" not in text(client.get(reverse("stakeholders:profile")))


def test_confirming_an_address_another_account_confirmed_meanwhile_is_refused(client, rosa):
    change_email(client, rosa, "shared@example.org")
    link = link_in(mail.outbox[-1])
    UserFactory(email="Shared@example.org")  # confirmed elsewhere in the meantime
    response = client.post(link)
    assert response.status_code == 409
    assert (
        "Another account has confirmed shared@example.org in the meantime, so it cannot be "
        "this account's email too." in text(response)
    )
    rosa.refresh_from_db()
    assert (rosa.email, rosa.email_verified) == ("rosa@old.example.org", True)
    assert len(mail.outbox) == 1  # no notice to the old address


# --- invitations and password resets follow confirmed addresses only -----------------------


@pytest.fixture
def county():
    return example_county()


def invite(client, county, email):
    admin = member(county, Role.JURISDICTION_ADMIN)
    client.force_login(admin)
    response = client.post(
        reverse("stakeholders:invite", args=[county.slug]), {"email": email, "role": Role.EDITOR}
    )
    assert response.status_code == 302
    client.logout()
    return link_in(mail.outbox[-1], INVITATION_LINK)


NEW_PERSON = {
    "first_name": "Ines",
    "last_name": "Invitee",
    "username": "ines",
    "password1": "a-long-fresh-password",
    "password2": "a-long-fresh-password",
}


def test_an_address_waiting_on_another_account_does_not_block_its_invitation(client, county):
    squatter = UserFactory(email="squatter@example.org")
    client.force_login(squatter)
    change_email(client, squatter, "ines@example.org")
    client.logout()

    link = invite(client, county, "ines@example.org")
    page = text(client.get(link))
    assert "An account already uses this email" not in page
    assert "Choose your user name and password." in page
    response = client.post(link, NEW_PERSON, follow=True)
    assert "Welcome. You are now Editor of Example County." in text(response)
    ines = User.objects.get(username="ines")
    assert (ines.email, ines.email_verified) == ("ines@example.org", True)
    assert Membership.objects.get(user=ines).jurisdiction == county
    assert not squatter.memberships.exists()


def test_an_unconfirmed_email_typed_in_before_does_not_block_an_invitation(client, county):
    UserFactory(email="ines@example.org", email_verified=False)
    link = invite(client, county, "ines@example.org")
    assert "An account already uses this email" not in text(client.get(link))
    client.post(link, NEW_PERSON)
    assert User.objects.get(username="ines").email_verified


def test_the_signed_in_owner_of_an_unconfirmed_email_accepts_and_confirms_it(client, county):
    person = UserFactory(email="ines@example.org", email_verified=False)
    link = invite(client, county, "ines@example.org")
    client.force_login(person)
    assert "Accept the invitation" in text(client.get(link))
    client.post(link)
    person.refresh_from_db()
    assert person.email_verified
    assert person.memberships.get().jurisdiction == county
    assert User.objects.filter(email="ines@example.org").count() == 1


def test_a_confirmed_owner_still_signs_in_to_accept(client, county):
    UserFactory(email="ines@example.org")
    other = UserFactory(email="ines@example.org", email_verified=False)
    link = invite(client, county, "ines@example.org")
    client.force_login(other)  # the unconfirmed one: the confirmed account wins
    assert "An account already uses this email" in text(client.get(link))


def reset(client, email):
    return client.post(reverse("password_reset"), {"email": email}, follow=True)


def test_a_password_reset_for_an_unconfirmed_address_sends_nothing_and_says_the_same(client):
    UserFactory(username="confirmed", email="confirmed@example.org")
    UserFactory(username="typed", email="typed@example.org", email_verified=False)
    pending = UserFactory(username="pending", email="pending@example.org")
    pending.request_email_change("waiting@example.org")

    answers = [reset(client, email) for email in (
        "confirmed@example.org", "typed@example.org", "waiting@example.org")]
    assert [m.to for m in mail.outbox] == [["confirmed@example.org"]]
    assert all(r.redirect_chain == [(reverse("password_reset_done"), 302)] for r in answers)
    assert len({text(r) for r in answers}) == 1


def test_a_password_reset_email_is_in_the_persons_language(client):
    UserFactory(email="lucia@example.org", language="es")
    reset(client, "lucia@example.org")
    assert mail.outbox[-1].subject != "Choose a new password for the Shared Safety Planner"


def test_a_site_admin_sees_and_sets_whether_an_email_is_confirmed(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory(email="legacy@example.org", email_verified=False)
    person.request_email_change("next@example.org")
    client.force_login(admin)
    listing = text(client.get("/admin/stakeholders/user/?email_verified__exact=0"))
    assert "Email confirmed" in listing and person.username in listing
    assert admin.username not in listing
    url = f"/admin/stakeholders/user/{person.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="email_verified"' in page and "next@example.org" in page
    data = {
        "username": person.username, "first_name": person.first_name,
        "last_name": person.last_name, "email": person.email, "language": "en",
        "is_active": "on", "email_verified": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert person.email_verified
    assert person.pending_email == "next@example.org"  # only the person settles that


def test_an_address_changed_in_django_admin_waits_for_its_owner(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory(email="old@example.org", email_verified=True)
    client.force_login(admin)
    url = f"/admin/stakeholders/user/{person.pk}/change/"
    data = {
        "username": person.username, "first_name": person.first_name,
        "last_name": person.last_name, "email": "typo@example.org", "language": "en",
        "is_active": "on", "email_verified": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
    }

    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.email, person.email_verified) == ("typo@example.org", False)
    assert client.post(reverse("password_reset"), {"email": "typo@example.org"}).status_code == 302
    assert mail.outbox == []  # no reset link to an address nobody confirmed

    data["email"] = "right@example.org"
    del data["email_verified"]
    assert client.post(url, data).status_code == 302
    data["email_verified"] = "on"  # ticked in this very edit: the admin vouches for it
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.email, person.email_verified) == ("right@example.org", True)


def test_the_admin_cannot_confirm_an_address_another_account_confirmed(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    UserFactory(email="taken@example.org")
    person = UserFactory(email="taken@example.org", email_verified=False)
    client.force_login(admin)
    response = client.post(f"/admin/stakeholders/user/{person.pk}/change/", {
        "username": person.username, "email": person.email, "language": "en",
        "is_active": "on", "email_verified": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
    })
    assert response.status_code == 200
    assert "Another active account has already confirmed this email address." in text(response)
    person.refresh_from_db()
    assert not person.email_verified


def test_an_invitation_accepted_at_the_address_leaves_it_confirmed(county):
    invitation = Invitation.issue(
        jurisdiction=county, email="Kim@Example.org", role=Role.EDITOR,
        invited_by=UserFactory(), language="en",
    )
    kim = UserFactory(email="kim@example.org", email_verified=False)
    invitation.accept(kim)
    kim.refresh_from_db()
    assert kim.email_verified
