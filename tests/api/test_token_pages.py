"""The profile's API tokens page: a token is made with a name and shown once, listed by its
prefix with its last use, and revoked (kept, marked revoked)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.models import ApiToken, hash_of
from tests.api.factories import token_for
from tests.factories import UserFactory
from tests.plans.factories import signed_in, text


def test_the_profile_links_to_the_tokens_page(db):
    person = UserFactory()
    page = signed_in(person).get(reverse("stakeholders:profile")).content.decode()
    assert reverse("api:tokens") in page


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(db):
    person = UserFactory()
    client = signed_in(person)
    response = client.post(reverse("api:tokens"), {"name": "County data warehouse"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r'id="token-secret">([^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=person)
    assert token.key_hash == hash_of(secret) and token.name == "County data warehouse"
    again = client.get(reverse("api:tokens"))
    assert secret not in again.content.decode()
    assert f"{token.prefix}…" in text(again) and "Never" in text(again)


def test_a_token_needs_a_name(db):
    response = signed_in(UserFactory()).post(reverse("api:tokens"), {"name": " "})
    assert "Name the token after what will use it." in text(response)
    assert not ApiToken.objects.exists()


def test_revoking_keeps_the_token_listed_as_revoked(db):
    person = UserFactory()
    token, _ = token_for(person, "Old loader")
    response = signed_in(person).post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    token.refresh_from_db()
    assert token.is_revoked
    assert "The token “Old loader” is revoked: it no longer works." in text(response)
    assert "Revoked on" in text(response)


def test_nobody_revokes_another_person_token(db):
    token, _ = token_for(UserFactory())
    response = signed_in(UserFactory()).post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked


def test_the_page_costs_the_same_queries_for_one_token_or_many(db):
    person = UserFactory()
    client = signed_in(person)
    token_for(person)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("api:tokens")).status_code == 200
        return len(captured)

    few = queries()
    for n in range(20):
        token_for(person, f"Loader {n}")[0].revoke()
    assert queries() == few == 3  # the session, the person, their tokens


def test_the_page_reads_in_spanish(db):
    person = UserFactory(language="es")
    response = signed_in(person).get(reverse("api:tokens"))
    assert "Tokens de la API" in text(response)


def test_a_site_admin_revokes_a_token_in_django_admin_and_never_sees_its_secret(db):
    token, secret = token_for(UserFactory(), "Departed vendor")
    admin = signed_in(UserFactory(is_staff=True, is_superuser=True))
    change_list = admin.get(reverse("admin:api_apitoken_changelist"))
    assert "Departed vendor" in text(change_list) and secret not in text(change_list)
    admin.post(reverse("admin:api_apitoken_changelist"),
               {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.is_revoked
