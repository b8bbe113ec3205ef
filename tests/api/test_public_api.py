"""The public API shows what is published and nothing else, a page at a time, filtered,
answering conditional requests, with anonymous callers throttled."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Commitment, OutcomeMeasure, Status
from progress.models import MeasuredValue
from tests.plans.factories import CommitmentFactory, MeasureFactory, principle
from tests.progress.factories import value

LISTS = ["jurisdiction", "principle", "practice", "blueprint", "commitment", "measure",
         "measured-value", "progress-report"]
# the count and the page's rows; principles and commitments add their practices / measures
QUERIES = {name: 2 for name in LISTS} | {"principle": 3, "commitment": 3}


def results(client, name, **params):
    response = client.get(reverse(f"api:{name}-list"), params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(rows):
    return {row["id"] for row in rows}


def test_anonymous_reads_only_the_published_blueprint(county, anonymous):
    assert ids(results(anonymous, "blueprint")) == {county.signed.pk}
    assert [j["slug"] for j in results(anonymous, "jurisdiction")] == ["example-county"]
    published_commitments = set(county.signed.commitments.values_list("pk", flat=True))
    assert ids(results(anonymous, "commitment")) == published_commitments
    assert ids(results(anonymous, "measure")) == set(OutcomeMeasure.objects.filter(
        commitment__plan=county.signed).values_list("pk", flat=True))
    assert ids(results(anonymous, "measured-value")) == {county.value.pk}
    assert ids(results(anonymous, "progress-report")) == {county.report.pk}


def test_nothing_of_a_draft_is_reachable_even_beside_a_published_version(county, anonymous):
    carried = Commitment.objects.filter(plan=county.draft).exclude(pk=county.draft_commitment.pk)
    assert carried.exists()  # amending copied v1's commitments into the draft
    unpublished = [
        reverse("api:blueprint-detail", args=[county.draft.pk]),
        reverse("api:blueprint-detail", args=[county.city_draft.pk]),
        reverse("api:commitment-detail", args=[county.draft_commitment.pk]),
        reverse("api:commitment-detail", args=[carried.first().pk]),
        reverse("api:measure-detail", args=[county.draft_measure.pk]),
        reverse("api:jurisdiction-detail", args=["sample-city"]),
    ]
    for url in unpublished:
        response = anonymous.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Nothing published is at this address."}
    listed = " ".join(str(anonymous.get(reverse(f"api:{name}-list")).json())
                      for name in LISTS)
    assert "Unpublished" not in listed and "Sample City" not in listed


def test_a_published_object_reads_with_its_links(county, anonymous):
    blueprint = anonymous.get(reverse("api:blueprint-detail", args=[county.signed.pk])).json()
    assert blueprint["status"] == Status.SIGNED_OFF
    assert blueprint["digest"] == county.signed.snapshot.digest
    assert blueprint["page"] == f"http://testserver/blueprints/{county.signed.pk}/"
    commitment = anonymous.get(
        reverse("api:commitment-detail", args=[county.measure.commitment_id])).json()
    assert commitment["measures"][0]["indicator"] == county.measure.indicator
    assert commitment["annual_budget"] == 1000  # a number, not a string
    report = anonymous.get(reverse("api:progress-report-detail", args=[county.report.pk])).json()
    assert report["content"] == county.report.content
    assert "content" not in results(anonymous, "progress-report")[0]


def test_filters_narrow_the_lists(county, anonymous):
    signed = county.signed
    first = signed.commitments.order_by("pk").first()
    assert ids(results(anonymous, "commitment", principle=first.principle.slug)) == {first.pk}
    assert results(anonymous, "commitment", jurisdiction="sample-city") == []
    assert results(anonymous, "commitment", practice="no-such-practice") == []
    assert len(results(anonymous, "commitment", status="planned")) == 2
    assert results(anonymous, "commitment", status="completed") == []
    assert len(results(anonymous, "blueprint", year=signed.first_year)) == 1
    assert results(anonymous, "blueprint", year=signed.last_year + 1) == []
    assert results(anonymous, "blueprint", status=Status.SUPERSEDED) == []
    assert len(results(anonymous, "measured-value", year=county.period.starts_on.year)) == 1
    assert len(results(anonymous, "practice", principle=first.principle.slug)) >= 1
    refused = anonymous.get(reverse("api:blueprint-list"), {"year": "soon"})
    assert refused.status_code == 400
    assert refused.json() == {"year": ["Enter a number."]}
    refused = anonymous.get(reverse("api:blueprint-list"), {"status": Status.DRAFT})
    assert refused.status_code == 400


def test_a_correction_names_the_value_it_corrects_and_current_hides_it(county, anonymous):
    correction = value(county.measure, county.people.editor, 13, county.period.ends_on,
                       corrects=county.value, correction_reason="Late returns counted.")
    rows = {row["id"]: row for row in results(anonymous, "measured-value")}
    assert rows[county.value.pk]["corrected_by"] == correction.pk
    assert rows[correction.pk]["corrects"] == county.value.pk
    assert ids(results(anonymous, "measured-value", current="true")) == {correction.pk}


def test_lists_come_a_page_at_a_time_up_to_the_stated_size(county, anonymous, settings):
    first = anonymous.get(reverse("api:practice-list"), {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"].endswith("page=2&page_size=2")
    capped = anonymous.get(reverse("api:practice-list"), {"page_size": 10_000}).json()
    assert len(capped["results"]) == min(capped["count"], settings.API_MAX_PAGE_SIZE)
    assert anonymous.get(reverse("api:practice-list"), {"page": 99}).status_code == 404


def test_a_conditional_request_gets_304_until_the_data_changes(county, anonymous):
    url = reverse("api:measured-value-list")
    tag = anonymous.get(url)["ETag"]
    unchanged = anonymous.get(url, HTTP_IF_NONE_MATCH=tag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    value(county.measure, county.people.editor, Decimal("15"), county.period.starts_on)
    changed = anonymous.get(url, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag
    assert MeasuredValue.objects.count() == len(changed.json()["results"])


def test_anonymous_callers_are_throttled_with_a_clear_message(county, anonymous, settings):
    settings.API_ANON_RATE = "3/minute"
    url = reverse("api:blueprint-list")
    assert [anonymous.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = anonymous.get(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Too many requests from your address: wait ")
    spanish = anonymous.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.json()["detail"].startswith("Demasiadas")


def test_another_address_is_counted_apart(county, anonymous, settings):
    settings.API_ANON_RATE = "1/minute"
    url = reverse("api:blueprint-list")
    assert anonymous.get(url, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert anonymous.get(url, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert anonymous.get(url, REMOTE_ADDR="10.0.0.2").status_code == 200


@pytest.mark.parametrize("name", LISTS)
def test_a_list_costs_the_same_queries_for_a_small_and_a_large_record(
        name, county, anonymous):
    url = reverse(f"api:{name}-list")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert anonymous.get(url, {"page_size": 200}).status_code == 200
        return len(captured)

    small = queries()
    grow(county)
    assert queries() == small == QUERIES[name]


def grow(county):
    """Ten more commitments with two measures and two values each on the published plan (as
    rows, the way a long plan holds them), and ten more on the draft."""
    editor = county.people.editor
    for n in range(10):
        commitment = CommitmentFactory(plan=county.signed, principle=principle(n % 5 + 1))
        CommitmentFactory(plan=county.draft, principle=principle(n % 5 + 1))
        for _ in range(2):
            measure = MeasureFactory(commitment=commitment)
            for day in (county.period.starts_on, county.period.ends_on):
                value(measure, editor, 10 + n, day)
