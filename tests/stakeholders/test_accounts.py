"""Signing in and out, the dashboard and profile, passwords, and sign-in throttling."""

import re
from html import unescape

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse

from stakeholders.backends import DEMO_PASSWORD
from stakeholders.models import Role, User
from tests.factories import (
    FAST_HASHERS,
    PASSWORD,
    MembershipFactory,
    UserFactory,
    example_county,
    member,
    sample_city,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # These tests sign in and fail to sign in many times; what they prove does not depend on
    # the cost of the production hasher.
    settings.PASSWORD_HASHERS = FAST_HASHERS


LOCKED = "Too many failed sign-ins for this user name from your address."
DEMO_REFUSED = (
    "This account still has the published demo password, which is refused on a live site. "
    "Ask a site admin to reset it."
)


def text(response):
    """The page as read: tags dropped, entities decoded, spaces collapsed."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode())))


def sign_in(client, username, password, address="203.0.113.10"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_signing_in_leads_to_the_dashboard_and_signing_out_to_the_home_page(client):
    person = UserFactory(first_name="Dana", last_name="Diaz")
    response = sign_in(client, person.username, PASSWORD)
    assert response["Location"] == reverse("dashboard")
    assert "Signed in as Dana Diaz" in text(client.get(reverse("dashboard")))
    assert client.post(reverse("logout"))["Location"] == reverse("home")
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("login"))


def test_a_wrong_password_is_refused_with_a_clear_message(client):
    person = UserFactory()
    response = sign_in(client, person.username, "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password." in text(response)


class TestDashboard:
    def test_lists_each_jurisdiction_with_the_persons_roles(self, client):
        county, city = example_county(), sample_city()
        person = member(county, Role.EDITOR)
        MembershipFactory(user=person, jurisdiction=county, role=Role.JURISDICTION_ADMIN)
        MembershipFactory(user=person, jurisdiction=city, partner=True)
        client.force_login(person)
        page = text(client.get(reverse("dashboard")))
        assert "Your jurisdictions" in page
        county_item = page[page.index("Example County") : page.index("Sample City")]
        assert "County, CA" in county_item
        assert "Editor" in county_item and "Jurisdiction admin" in county_item
        assert "Partner" not in county_item
        assert "City, CA" in page[page.index("Sample City") :]

    def test_a_person_without_a_role_is_told_how_to_get_one(self, client):
        client.force_login(UserFactory())
        page = text(client.get(reverse("dashboard")))
        assert "You hold no role in a jurisdiction yet." in page
        assert "Create a jurisdiction" not in page

    def test_a_site_admin_can_create_jurisdictions_and_reach_every_one(self, client):
        example_county()
        client.force_login(UserFactory(is_staff=True))
        page = text(client.get(reverse("dashboard")))
        assert "Create a jurisdiction" in page
        assert "Other jurisdictions" in page and "Example County" in page


class TestProfile:
    def test_lists_the_persons_jurisdictions_roles_and_details(self, client):
        person = member(example_county(), Role.SIGNATORY, username="sam")
        MembershipFactory(
            user=person,
            jurisdiction=sample_city(),
            partner=True,
            organization__name="City Youth Forum",
        )
        client.force_login(person)
        page = text(client.get(reverse("stakeholders:profile")))
        assert "You sign in as sam." in page
        assert "Example County" in page and "Signatory" in page
        assert "Chief, County Probation Department" in page
        assert "Sample City" in page and "Partner" in page and "City Youth Forum" in page

    def test_saves_the_name_at_once_and_keeps_a_new_email_waiting(self, client):
        # A new email takes effect only once confirmed: tests/stakeholders/test_email_change.py
        person = UserFactory(email="before@example.org")
        client.force_login(person)
        response = client.post(
            reverse("stakeholders:profile"),
            {
                "first_name": "Rosa",
                "last_name": "Reyes",
                "email": "rosa@example.org",
                "language": "en",
            },
            follow=True,
        )
        page = text(response)
        assert "Your profile is saved." in page
        assert "Signed in as Rosa Reyes" in page
        person.refresh_from_db()
        assert (person.first_name, person.last_name, person.email, person.pending_email) == (
            "Rosa",
            "Reyes",
            "before@example.org",
            "rosa@example.org",
        )


def test_password_reset_by_email_then_sign_in_with_the_new_password(client):
    person = UserFactory(username="forgetful", email="forgetful@example.org")
    response = client.post(reverse("password_reset"), {"email": "forgetful@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert "Check your email" in text(client.get(response["Location"]))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["forgetful@example.org"]
    assert message.subject == "Choose a new password for the Shared Safety Planner"
    assert "the account forgetful" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in text(form)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-secret", "new_password2": "a-brand-new-secret"},
        follow=True,
    )
    assert "Your password is changed" in text(response)

    assert sign_in(client, "forgetful", PASSWORD).status_code == 200
    assert sign_in(client, "forgetful", "a-brand-new-secret")["Location"] == reverse("dashboard")
    client.logout()
    used = client.get(link, follow=True)
    assert "This reset link does not work any more" in text(used)
    person.refresh_from_db()
    assert person.check_password("a-brand-new-secret")


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "If an account has that email" in text(response)
    assert mail.outbox == []


RESET_LIMITED = (
    "Too many reset links were asked for in a short time, from your address or for this "
    "email. Try again later: within an hour at most."
)


def ask_for_a_reset(client, email, address="203.0.113.10"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


class TestPasswordResetLimits:
    def test_a_fourth_request_for_one_email_within_the_hour_is_refused(self, client):
        UserFactory(email="forgetful@example.org")
        for n in range(3):  # from three addresses: the limit follows the email
            response = ask_for_a_reset(client, "forgetful@example.org", f"198.51.100.{n}")
            assert response["Location"] == reverse("password_reset_done")
        assert len(mail.outbox) == 3

        refused = ask_for_a_reset(client, "Forgetful@Example.org", "198.51.100.9")
        assert refused.status_code == 429
        page = text(refused)
        assert RESET_LIMITED in page
        assert "Reset your password" in page and 'name="email"' in refused.content.decode()
        assert 'role="alert"' in refused.content.decode()
        assert len(mail.outbox) == 3

        colleague = UserFactory(email="colleague@example.org")
        response = ask_for_a_reset(client, colleague.email, "198.51.100.9")
        assert response["Location"] == reverse("password_reset_done")
        assert mail.outbox[-1].to == ["colleague@example.org"]

    def test_a_sixth_request_from_one_address_within_the_hour_is_refused(self, client):
        for n in range(5):
            response = ask_for_a_reset(client, f"person{n}@example.org")
            assert response["Location"] == reverse("password_reset_done")
        refused = ask_for_a_reset(client, "person9@example.org")
        assert refused.status_code == 429
        assert RESET_LIMITED in text(refused)
        other = ask_for_a_reset(client, "person9@example.org", address="198.51.100.20")
        assert other["Location"] == reverse("password_reset_done")

    def test_the_address_behind_the_proxy_is_the_one_limited(self, client, settings):
        settings.PROXY_COUNT = 1
        for n in range(6):
            response = client.post(
                reverse("password_reset"), {"email": f"person{n}@example.org"},
                REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
            )
            assert response.status_code == 302

    def test_known_and_unknown_emails_get_the_same_pages_throttled_or_not(self, client):
        UserFactory(email="known@example.org")
        answers = {}
        for email in ("known@example.org", "unknown@example.org"):
            answers[email] = [
                ask_for_a_reset(client, email, f"198.51.100.{n}") for n in range(4)
            ]
        known, unknown = answers["known@example.org"], answers["unknown@example.org"]
        assert [r.status_code for r in known] == [302, 302, 302, 429]
        assert [r.status_code for r in unknown] == [302, 302, 302, 429]
        assert {r["Location"] for r in known[:3] + unknown[:3]} == {reverse("password_reset_done")}

        def page(response, email):
            html = response.content.decode().replace(email, "EMAIL")
            return re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF-TOKEN", html)  # new on each page

        assert page(known[3], "known@example.org") == page(unknown[3], "unknown@example.org")
        assert len(mail.outbox) == 3  # to the known address only


def test_change_password_then_sign_in_with_it(client):
    person = UserFactory()
    client.force_login(person)
    assert "Change your password" in text(client.get(reverse("stakeholders:profile")))
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-secret",
            "new_password2": "another-long-secret",
        },
        follow=True,
    )
    assert "Your password is changed" in text(response)
    client.logout()
    assert sign_in(client, person.username, PASSWORD).status_code == 200
    assert sign_in(client, person.username, "another-long-secret")["Location"] == reverse(
        "dashboard"
    )


def test_change_password_refuses_a_wrong_old_password(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x-long-secret-1", "new_password2": "x"},
    )
    assert "Your old password was entered incorrectly." in text(response)
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


class TestThrottling:
    def test_after_five_failures_even_the_right_password_is_paused(self, client):
        person = UserFactory()
        for _ in range(5):
            sign_in(client, person.username, "guess")
        response = sign_in(client, person.username, PASSWORD)
        assert "Sign-in paused" in text(response)
        assert LOCKED in text(response)
        assert "_auth_user_id" not in client.session
        assert client.get(reverse("dashboard")).status_code == 302

    def test_four_failures_do_not_pause_sign_in(self, client):
        person = UserFactory()
        for _ in range(4):
            sign_in(client, person.username, "guess")
        assert sign_in(client, person.username, PASSWORD)["Location"] == reverse("dashboard")

    def test_the_same_user_name_from_another_address_is_not_paused(self, client):
        person = UserFactory()
        for _ in range(5):
            sign_in(client, person.username, "guess", address="203.0.113.10")
        assert LOCKED in text(sign_in(client, person.username, PASSWORD, "203.0.113.10"))
        response = sign_in(client, person.username, PASSWORD, address="198.51.100.20")
        assert response["Location"] == reverse("dashboard")

    def test_another_user_name_from_the_paused_address_is_not_paused(self, client):
        person, colleague = UserFactory(), UserFactory()
        for _ in range(5):
            sign_in(client, person.username, "guess")
        assert sign_in(client, colleague.username, PASSWORD)["Location"] == reverse("dashboard")


PROXY = "10.0.0.2"  # the TLS proxy: every request reaches the app from its address


def sign_in_through_proxy(client, username, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


class TestThrottlingBehindAProxy:
    def test_failures_from_one_client_do_not_pause_the_user_name_for_another(
        self, client, settings
    ):
        settings.PROXY_COUNT = 1
        person = UserFactory()
        for _ in range(5):
            sign_in_through_proxy(client, person.username, "guess", "203.0.113.10")
        paused = sign_in_through_proxy(client, person.username, PASSWORD, "203.0.113.10")
        assert LOCKED in text(paused)
        response = sign_in_through_proxy(client, person.username, PASSWORD, "198.51.100.20")
        assert response["Location"] == reverse("dashboard")

    def test_a_client_cannot_escape_the_pause_by_forging_the_header(self, client, settings):
        # The proxy appends the address it sees: what the client wrote stays on the left.
        settings.PROXY_COUNT = 1
        person = UserFactory()
        for n in range(5):
            sign_in_through_proxy(
                client, person.username, "guess", f"192.0.2.{n}, 203.0.113.10"
            )
        response = sign_in_through_proxy(
            client, person.username, PASSWORD, "198.51.100.99, 203.0.113.10"
        )
        assert LOCKED in text(response)

    def test_without_a_proxy_a_forged_header_changes_nothing(self, client, settings):
        settings.PROXY_COUNT = 0
        person = UserFactory()
        for n in range(5):
            client.post(
                reverse("login"),
                {"username": person.username, "password": "guess"},
                REMOTE_ADDR="203.0.113.10",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
            )
        response = client.post(
            reverse("login"),
            {"username": person.username, "password": PASSWORD},
            REMOTE_ADDR="203.0.113.10",
            HTTP_X_FORWARDED_FOR="198.51.100.20",
        )
        assert LOCKED in text(response)


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "198.51.100.20", PROXY),  # no proxy: the header is anyone's to write
        (1, "198.51.100.20", "198.51.100.20"),
        (1, "192.0.2.1, 198.51.100.20", "198.51.100.20"),
        (2, "192.0.2.1, 198.51.100.20, 10.0.0.9", "198.51.100.20"),
        (2, "198.51.100.20", PROXY),  # shorter than the proxies that should have written it
        (1, "", PROXY),
        (1, "not-an-address", PROXY),
        (1, "192.0.2.1, 198.51.100.20:443", PROXY),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_one_the_nearest_proxy_saw(
    rf, settings, proxies, forwarded_for, expected
):
    from shared_safety.client import client_ip

    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected


def test_a_client_reaching_the_app_directly_cannot_choose_its_address(rf, settings):
    from shared_safety.client import client_ip

    settings.PROXY_COUNT = 1
    direct = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert client_ip(direct) == "203.0.113.9"

    settings.TRUSTED_PROXIES = ["203.0.113.0/24"]  # a proxy with a public address, named
    assert client_ip(direct) == "198.51.100.77"


class TestDemoPassword:
    @pytest.fixture
    def demo_user(self):
        return UserFactory(username="official", password=make_password(DEMO_PASSWORD))

    def test_refused_on_a_live_site(self, client, settings, demo_user):
        settings.DEBUG = False
        response = sign_in(client, "official", DEMO_PASSWORD)
        assert response.status_code == 200
        assert DEMO_REFUSED in text(response)
        assert "_auth_user_id" not in client.session

    def test_accepted_in_development(self, client, settings, demo_user):
        settings.DEBUG = True
        assert sign_in(client, "official", DEMO_PASSWORD)["Location"] == reverse("dashboard")

    def test_refused_at_the_admin_sign_in_on_a_live_site(self, client, settings):
        UserFactory(
            username="siteadmin", is_staff=True, is_superuser=True,
            password=make_password(DEMO_PASSWORD),
        )
        settings.DEBUG = False
        response = client.post(
            "/admin/login/", {"username": "siteadmin", "password": DEMO_PASSWORD, "next": "/admin/"}
        )
        assert response.status_code == 200
        assert DEMO_REFUSED in text(response)
        assert "_auth_user_id" not in client.session
        assert client.get("/admin/")["Location"].startswith("/admin/login/")

    def test_accepted_at_the_admin_sign_in_in_development(self, client, settings):
        UserFactory(username="siteadmin", is_staff=True, password=make_password(DEMO_PASSWORD))
        settings.DEBUG = True
        response = client.post(
            "/admin/login/", {"username": "siteadmin", "password": DEMO_PASSWORD, "next": "/admin/"}
        )
        assert response["Location"] == "/admin/"

    def test_a_wrong_password_on_a_live_site_is_not_called_the_demo_password(
        self, client, settings, demo_user
    ):
        settings.DEBUG = False
        response = sign_in(client, "official", "wrong")
        assert "Please enter a correct username and password." in text(response)
        assert DEMO_REFUSED not in text(response)

    def test_other_passwords_are_accepted_on_a_live_site(self, client, settings):
        settings.DEBUG = False
        person = UserFactory()
        assert sign_in(client, person.username, PASSWORD)["Location"] == reverse("dashboard")
        assert User.objects.get(pk=person.pk).last_login is not None
