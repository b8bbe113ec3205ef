"""Recording measured values with an API token: in the person's name, only where that person
may record values themselves, checked like the value form, written to the audit log."""

import hashlib
from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from plans.models import AuditEntry
from progress.models import MeasuredValue
from stakeholders.models import Role
from tests.api.factories import a_value_for, client_with, token_for, values_url
from tests.factories import member
from tests.plans.factories import signed_off


def test_an_editor_token_records_a_value_in_their_name_and_audits_it(county):
    token, secret = token_for(county.people.editor, "Warehouse nightly load")
    response = client_with(secret).post(values_url(county.measure), a_value_for(
        county.period, for_date=county.period.starts_on.isoformat()), format="json")
    assert response.status_code == 201, response.content
    recorded = MeasuredValue.objects.get(pk=response.json()["id"])
    assert (recorded.author, recorded.value, recorded.data_source) == (
        county.people.editor, 14.5, "County HMIS")
    entry = AuditEntry.objects.get(action="record_value")
    assert (entry.plan, entry.actor) == (county.signed, county.people.editor)
    assert "Warehouse nightly load" in entry.note and token.prefix in entry.note
    assert entry.action_label == "Measured value recorded through the API"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_hash_and_a_prefix_of_a_token_are_stored(county):
    token, secret = token_for(county.people.editor)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert stored["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(stored) and secret.startswith(stored["prefix"])


def test_a_token_never_reaches_another_jurisdiction(county):
    _, secret = token_for(county.people.outsider)  # editor of Sample City
    response = client_with(secret).post(values_url(county.measure), a_value_for(county.period),
                                        format="json")
    assert response.status_code == 404
    assert not MeasuredValue.objects.exclude(pk=county.value.pk).exists()


def test_a_token_never_does_what_its_person_role_does_not_allow(county):
    people = county.people
    for person in (people.partner, people.first_signatory, people.admin):
        _, secret = token_for(person)
        response = client_with(secret).post(values_url(county.measure),
                                            a_value_for(county.period), format="json")
        assert response.status_code == 403, person
        assert response.json()["detail"] == (
            f"Only editors of {people.county.name} record progress on its plans.")
    assert not AuditEntry.objects.filter(action="record_value").exists()


def test_a_token_follows_the_person_roles_as_they_change(county):
    _, secret = token_for(county.people.editor)
    county.people.editor.memberships.update(ended_at=timezone.now())
    response = client_with(secret).post(values_url(county.measure), a_value_for(county.period),
                                        format="json")
    assert response.status_code == 404


def test_a_revoked_token_an_unknown_one_and_one_of_a_closed_account_are_refused(county):
    editor = county.people.editor
    revoked, revoked_secret = token_for(editor)
    revoked.revoke()
    closed = member(county.people.county, Role.EDITOR)
    _, closed_secret = token_for(closed)
    closed.is_active = False
    closed.save()
    for secret in (revoked_secret, closed_secret, "ssp_made-up"):
        response = client_with(secret).post(values_url(county.measure),
                                            a_value_for(county.period), format="json")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert "not valid" in response.json()["detail"]
    # a bad token is refused on public reads too, rather than read as anonymous
    assert client_with(revoked_secret).get("/api/blueprints/").status_code == 401


def test_without_a_token_the_answer_says_how_to_send_one(county):
    response = APIClient().post(values_url(county.measure), a_value_for(county.period),
                                format="json")
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_value_is_checked_like_the_form_with_a_message_per_field(county):
    _, secret = token_for(county.people.editor)
    client = client_with(secret)
    tomorrow = timezone.localdate() + timedelta(days=1)
    cases = [
        ({"value": None}, "value", "Give the measured value."),
        ({"value": "many"}, "value", "Give a number, e.g. 42 or 17.5."),
        ({"value": "1.234"}, "value", "Give at most two decimal places."),
        ({"value": 140}, "value", "This measure is a percentage: give a value from 0 to 100."),
        ({"for_date": "30/06/2026"}, "for_date", "Give a date, e.g. 2026-06-30."),
        ({"for_date": "1999-12-31"}, "for_date", "Give a date within the plan's years"),
        ({"for_date": tomorrow.isoformat()}, "for_date", "This date is in the future"),
        ({}, "for_date", "This measure has a value for"),  # the fixture's value has that date
        ({"corrects": 10**9}, "corrects", "This measure has no value of this id."),
    ]
    for change, field, message in cases:
        response = client.post(values_url(county.measure), a_value_for(county.period, **change),
                               format="json")
        assert response.status_code == 400, change
        assert response.json()[field][0].startswith(message), response.json()
    assert MeasuredValue.objects.count() == 1
    assert client.post(values_url(county.measure), [1, 2], format="json").status_code == 400


def test_errors_come_in_the_language_asked_for(county):
    _, secret = token_for(county.people.editor)
    response = client_with(secret, HTTP_ACCEPT_LANGUAGE="es").post(
        values_url(county.measure), a_value_for(county.period, value=None), format="json")
    assert response.json()["value"] == ["Indique el valor medido."]


def test_a_correction_names_the_value_and_says_why(county):
    _, secret = token_for(county.people.editor)
    client = client_with(secret)
    body = a_value_for(county.period, value=13, corrects=county.value.pk)
    refused = client.post(values_url(county.measure), body, format="json")
    assert refused.status_code == 400 and "correction_reason" in refused.json()
    body["correction_reason"] = "Late returns were counted."
    response = client.post(values_url(county.measure), body, format="json")
    assert response.status_code == 201
    assert response.json()["corrects"] == county.value.pk
    assert "correcting value" in AuditEntry.objects.get(action="record_value").note


def test_a_superseded_plan_takes_no_value(county):
    people = county.people
    signed_off(county.draft, people)  # v2 signed: v1 is superseded
    _, secret = token_for(people.editor)
    response = client_with(secret).post(values_url(county.measure), a_value_for(county.period),
                                        format="json")
    assert response.status_code == 403
    assert "superseded" in response.json()["detail"]


def test_a_signed_in_browser_must_send_the_csrf_token(county):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(county.people.editor)
    response = browser.post(values_url(county.measure),
                            a_value_for(county.period,
                                        for_date=county.period.starts_on.isoformat()),
                            format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not AuditEntry.objects.filter(action="record_value").exists()

