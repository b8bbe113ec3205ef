"""The OpenAPI schema: valid, every operation in it answers, and Schemathesis, generating
requests from it, finds no server error and no answer the schema does not describe."""

import contextlib

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.factories import a_value_for, client_with, token_for

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
EXAMPLES_PER_OPERATION = 15


def path_arguments(county):
    """The object each path with a parameter is asked about: one published thing each."""
    principle = county.measure.commitment.principle
    return {
        "/api/jurisdictions/{slug}/": county.people.county.slug,
        "/api/principles/{slug}/": principle.slug,
        "/api/practices/{slug}/": principle.practices.first().slug,
        "/api/blueprints/{id}/": county.signed.pk,
        "/api/commitments/{id}/": county.measure.commitment_id,
        "/api/measures/{id}/": county.measure.pk,
        "/api/measures/{id}/values/": county.measure.pk,
        "/api/measured-values/{id}/": county.value.pk,
        "/api/progress-reports/{id}/": county.report.pk,
    }


@pytest.fixture
def schema(anonymous):
    response = anonymous.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_a_new_value_is_described_as_the_endpoint_reads_it(schema):
    """The measure is the one in the address: the body asks for the value and its day only."""
    operation = schema["paths"]["/api/measures/{id}/values/"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    described = schema["components"]["schemas"][body.rsplit("/", 1)[1]]
    assert "measure" not in described["properties"]
    assert sorted(described["required"]) == ["for_date", "value"]


def test_every_operation_in_the_schema_answers(schema, county):
    arguments = path_arguments(county)
    _, secret = token_for(county.people.editor)
    client = client_with(secret)
    asked = []
    for path, operations in schema["paths"].items():
        url = path
        if "{" in path:
            assert path in arguments, f"give {path} an object in path_arguments()"
            url = path.format(id=arguments[path], slug=arguments[path])
        for method in operations:
            if method == "get":
                response = client.get(url)
                assert response.status_code == 200, (url, response.content)
            else:
                assert method == "post", f"{method} {path}: a new kind of operation"
                response = client.post(url, a_value_for(
                    county.period, for_date=county.period.starts_on.isoformat()), format="json")
                assert response.status_code == 201, (url, response.content)
            asked.append(f"{method} {path}")
    assert len(asked) == 17


@contextlib.contextmanager
def inside_the_test_transaction():
    """Requests to the WSGI application, like the test client's, keep the test's database
    connection (Django would close it at the end of each request)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.fuzz
def test_schemathesis_finds_no_server_error_and_no_answer_off_the_schema(county, settings):
    settings.API_ANON_RATE = "100000/minute"  # the throttle is tested on its own
    _, secret = token_for(county.people.editor)
    with inside_the_test_transaction():
        api = schemathesis.openapi.from_wsgi("/api/schema/?format=json",
                                              get_wsgi_application())
        operations = [result.ok() for result in api.get_all_operations()]
        for operation in operations:
            writes = operation.method.upper() == "POST"
            check_examples(operation, {"Authorization": f"Bearer {secret}"} if writes else {})
    assert len(operations) == 17


def check_examples(operation, headers):
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None,
              database=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def answers_as_described(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    answers_as_described()
