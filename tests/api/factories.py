"""API tokens and clients for the tests of the API."""

from rest_framework.test import APIClient

from api.models import ApiToken


def token_for(user, name="County data warehouse"):
    """(the token row, the secret a data system sends)."""
    return ApiToken.issue(user, name)


def client_with(secret, **headers):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", **headers)
    return client


def values_url(measure):
    return f"/api/measures/{measure.pk}/values/"


def a_value_for(period, **fields):
    body = {"value": 14.5, "for_date": period.ends_on.isoformat(), "data_source": "County HMIS"}
    body.update(fields)
    return body
