"""Open data: each published blueprint and progress report as JSON and CSV at stable
addresses, from what was signed or published only; a data dictionary that names every
field of every file; the jurisdiction's licence."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opendata import tables
from plans import workflow
from plans.models import Commitment
from progress import reports
from stakeholders.models import DataLicence
from tests.plans.factories import MeasureFactory, new_plan, signed_off
from tests.progress.factories import (
    last_year_period,
    people_of_a_new_county,
    plan_in_effect,
    update,
    value,
)

pytestmark = pytest.mark.django_db


def blueprint_file(plan, name, client=None):
    return (client or Client()).get(
        reverse("opendata:blueprint_data", kwargs={"pk": plan.pk, "name": name}))


def report_file(report, name):
    return Client().get(reverse("opendata:report_data", kwargs={
        "pk": report.plan_id, "report_pk": report.pk, "name": name}))


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


@pytest.fixture
def county():
    people = people_of_a_new_county()
    plan = plan_in_effect(people, commitments=2, names=["Street outreach", "Youth jobs"],
                          first_year=timezone.localdate().year - 2)
    commitment = plan.commitments.order_by("pk").first()
    MeasureFactory(commitment=commitment, indicator="Shootings", unit="incidents",
                   baseline=Decimal("40"), target=Decimal("25.5"))
    people.plan, people.commitment = plan, commitment
    return people


def test_a_published_blueprint_is_open_data_as_json(county):
    response = blueprint_file(county.plan, "data.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    blueprint = data["blueprint"]
    assert blueprint["id"] == county.plan.pk
    assert blueprint["status"] == "signed_off"
    assert blueprint["licence"] == "cc-by-4.0"
    assert blueprint["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert blueprint["digest"] == county.plan.snapshot.digest
    assert [c["practice"] for c in data["commitments"]] == ["Street outreach", "Youth jobs"]
    assert data["commitments"][0]["annual_budget"] == 1000  # a number
    assert data["commitments"][0]["status"] == "planned"  # the dictionary's code
    first = data["measures"][0]
    assert (first["baseline"], first["target"], first["commitment"]) == (10, 20, "1.1")
    # a measure added to the live record after sign-off is no part of the signed blueprint
    assert "Shootings" not in [m["indicator"] for m in data["measures"]]
    assert set(blueprint) == set(tables.BLUEPRINT.keys)
    assert set(data["commitments"][0]) == set(tables.COMMITMENTS.keys)


def test_a_published_blueprint_is_open_data_as_csv(county):
    response = blueprint_file(county.plan, "data.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().splitlines()[0] == ",".join(tables.COMMITMENTS.keys)
    rows = csv_rows(response)
    assert [(r["commitment"], r["practice"], r["annual_budget"]) for r in rows] == [
        ("1.1", "Street outreach", "1000.00"), ("2.1", "Youth jobs", "2000.00")]
    measures = csv_rows(blueprint_file(county.plan, "measures.csv"))
    assert [(m["commitment"], m["unit"], m["target"]) for m in measures] == [
        ("1.1", "%", "20.00"), ("2.1", "%", "20.00")]


def test_anything_unpublished_is_a_404(county):
    draft = new_plan(county, title="A draft")
    amendment = workflow.amend(county.plan, by=county.editor)
    for plan in (draft, amendment):
        for name in ("data.json", "data.csv", "measures.csv"):
            assert blueprint_file(plan, name).status_code == 404
    # the draft's changes never reach the signed version's files
    changed = amendment.commitments.order_by("pk").first()
    changed.local_practice = "Not signed yet"
    changed.save()
    assert b"Not signed yet" not in blueprint_file(county.plan, "data.json").content


def test_the_files_follow_a_new_licence_and_a_newer_signed_version(county):
    assert blueprint_file(county.plan, "data.json").json()["blueprint"]["licence"] == "cc-by-4.0"
    county.county.data_licence = DataLicence.CC0
    county.county.save()
    first = blueprint_file(county.plan, "data.json").json()["blueprint"]
    assert first["licence"] == "cc0-1.0"
    amendment = workflow.amend(county.plan, by=county.editor)
    Commitment.objects.filter(plan=amendment).update(lead_agency="Health Department")
    signed_off(amendment, county)
    assert blueprint_file(county.plan, "data.json").json()["blueprint"]["status"] == "superseded"
    newer = blueprint_file(amendment, "data.json").json()
    assert newer["blueprint"]["version"] == 2
    assert {c["lead_agency"] for c in newer["commitments"]} == {"Health Department"}


def test_a_file_asked_again_unchanged_is_a_304_until_it_changes(county):
    first = blueprint_file(county.plan, "data.json")
    tag = first["ETag"]
    again = Client().get(reverse("opendata:blueprint_data",
                                 kwargs={"pk": county.plan.pk, "name": "data.json"}),
                         HTTP_IF_NONE_MATCH=tag)
    assert (again.status_code, again.content) == (304, b"")
    county.county.data_licence = DataLicence.CC0
    county.county.save()
    changed = Client().get(reverse("opendata:blueprint_data",
                                   kwargs={"pk": county.plan.pk, "name": "data.json"}),
                           HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag


def test_the_blueprint_page_links_its_files_and_names_its_licence(county):
    page = Client().get(reverse("plans:blueprint", args=[county.plan.pk])).content.decode()
    for name in ("data.json", "data.csv", "measures.csv"):
        assert f"/blueprints/{county.plan.pk}/{name}" in page
    assert 'rel="license"' in page and "CC BY 4.0" in page
    assert reverse("opendata:dictionary") in page


@pytest.fixture
def report(county):
    period = last_year_period(county.plan)
    update(county.commitment, period, county.editor, spent_to_date=Decimal("750"))
    value(county.commitment.measures.order_by("pk").last(), county.editor, "31.5",
          date(county.plan.first_year, 12, 31))
    return reports.publish(period, by=county.editor, seen_missing=True)


def test_a_published_report_is_open_data(county, report):
    data = report_file(report, "data.json").json()
    assert data["report"]["digest"] == report.digest
    assert data["report"]["blueprint"] == county.plan.pk
    assert data["report"]["period"] == str(county.plan.first_year)
    assert [(u["practice"], u["status"], u["spent_to_date"]) for u in data["updates"]] == [
        ("Street outreach", "on_track", 750)]
    assert [(v["indicator"], v["value"]) for v in data["values"]] == [("Shootings", 31.5)]
    updates = csv_rows(report_file(report, "data.csv"))
    assert updates[0]["spent_to_date"] == "750.00"
    values = csv_rows(report_file(report, "values.csv"))
    assert values[0]["for_date"] == f"{county.plan.first_year}-12-31"
    page = Client().get(report.get_absolute_url()).content.decode()
    assert f"/progress/reports/{report.pk}/data.json" in page


def test_a_report_is_found_only_under_its_own_published_blueprint(county, report):
    other = plan_in_effect(people_of_a_new_county())
    address = reverse("opendata:report_data", kwargs={
        "pk": other.pk, "report_pk": report.pk, "name": "data.json"})
    assert Client().get(address).status_code == 404


def test_the_dictionary_names_every_field_of_every_file(county, report):
    page = Client().get(reverse("opendata:dictionary"))
    assert page.status_code == 200
    documented = set(re.findall(r'<th scope="row"><code>([a-z_]+)</code>', page.content.decode()))
    blueprint = blueprint_file(county.plan, "data.json").json()
    report_data = report_file(report, "data.json").json()
    fields = (set(blueprint["blueprint"]) | set(blueprint["commitments"][0])
              | set(blueprint["measures"][0]) | set(report_data["report"])
              | set(report_data["updates"][0]) | set(report_data["values"][0]))
    for response in (blueprint_file(county.plan, "data.csv"),
                     blueprint_file(county.plan, "measures.csv"),
                     report_file(report, "data.csv"), report_file(report, "values.csv")):
        fields |= set(csv_rows(response)[0])
    assert fields <= documented
    assert "USD" in page.content.decode()


def test_the_dictionary_speaks_spanish():
    page = Client().get(reverse("opendata:dictionary"), HTTP_ACCEPT_LANGUAGE="es")
    assert "Presupuesto anual" in page.content.decode()


def queries_of(address):
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(address).status_code == 200
    return len(queries)


def test_open_data_files_cost_the_same_for_3_and_30_commitments():
    counts = []
    for size in (3, 30):
        people = people_of_a_new_county()
        plan = plan_in_effect(people, commitments=size, measures_per=2,
                              first_year=timezone.localdate().year - 2)
        period = last_year_period(plan)
        for c in plan.commitments.all():
            update(c, period, people.editor)
            for m in c.measures.all():
                value(m, people.editor, 3, date(plan.first_year, 3, 1))
        report = reports.publish(period, by=people.editor, seen_missing=True)
        addresses = [reverse("opendata:blueprint_data", kwargs={"pk": plan.pk, "name": n})
                     for n in ("data.json", "data.csv", "measures.csv")]
        addresses += [reverse("opendata:report_data",
                              kwargs={"pk": plan.pk, "report_pk": report.pk, "name": n})
                      for n in ("data.json", "data.csv", "values.csv")]
        counts.append([queries_of(a) for a in addresses] + [queries_of(a) for a in addresses])
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 3


def test_a_site_admin_chooses_the_licence_when_creating_a_jurisdiction(client):
    from stakeholders.models import Jurisdiction
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    form = client.get(reverse("stakeholders:jurisdiction_create")).content.decode()
    assert 'name="data_licence"' in form
    fields = {"name": "Open County", "kind": "county", "state": "CA", "slug": "open-county",
              "first_admin_email": "first@example.org"}
    client.post(reverse("stakeholders:jurisdiction_create"), {**fields, "data_licence": "odbl-1.0"})
    client.post(reverse("stakeholders:jurisdiction_create"),
                {**fields, "name": "Default County", "slug": "default-county"})
    assert dict(Jurisdiction.objects.values_list("slug", "data_licence")) == {
        "open-county": "odbl-1.0", "default-county": "cc-by-4.0"}


def test_the_dictionary_costs_no_query_whatever_is_published(county, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert Client().get(reverse("opendata:dictionary")).status_code == 200
