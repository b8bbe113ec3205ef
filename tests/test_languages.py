"""Spanish: the choice of language is kept, on the browser and on the person's account."""

import pytest
from django.test import Client
from django.utils import translation

from principles.models import Principle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_persons_choice_is_saved_and_follows_them_to_another_browser():
    person = UserFactory()
    laptop = Client()
    laptop.force_login(person)
    laptop.post("/i18n/setlang/", {"language": "es", "next": "/dashboard/"})
    person.refresh_from_db()
    assert person.language == "es"

    phone = Client()  # no language cookie here
    phone.force_login(person)
    page = phone.get("/dashboard/").content.decode()
    assert '<html lang="es">' in page
    assert "Saltar al contenido principal" in page


def test_the_browser_choice_wins_over_the_saved_one_on_that_browser():
    person = UserFactory(language="es")
    client = Client()
    client.force_login(person)
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_signed_out_visitors_choose_too():
    client = Client()
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert '<html lang="es">' in client.get("/principles/").content.decode()


def test_the_catalogue_reads_in_the_current_language_with_english_where_untranslated():
    principle = Principle.objects.get(number=1)
    with translation.override("en"):
        assert principle.name == "Shifting to a Public Health Frame"
    with translation.override("es"):
        assert principle.name == (principle.name_es or "Shifting to a Public Health Frame")
