"""/healthz names the state of the shared cache and of the object storage: a down one makes
the installation "degraded" (still 200: pages are served), never "down"."""

import boto3
import pytest
from moto import mock_aws

from tests.test_shared_cache import caches_in, free_port

pytestmark = pytest.mark.django_db


def health(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    return response.json()


@pytest.mark.services
def test_a_shared_cache_that_answers_is_ok(client, settings, redis_url):
    caches_in(settings, redis_url)
    assert health(client) == {"status": "ok", "database": "ok", "task_queue": "eager",
                                   "cache": "ok", "storage": "local"}


def test_a_shared_cache_that_is_down_makes_the_installation_degraded(client, settings):
    caches_in(settings, f"redis://127.0.0.1:{free_port()}/0")
    state = health(client)
    assert state["cache"] == "down" and state["status"] == "degraded"


def object_storage(settings, **options):
    settings.STORAGES = {**settings.STORAGES, "default": {
        **settings.OBJECT_STORAGE,
        "OPTIONS": {**settings.OBJECT_STORAGE["OPTIONS"], "region_name": "us-east-1",
                    **options}}}


def test_an_object_storage_that_answers_is_ok(client, settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="planner-pdfs")
        object_storage(settings, bucket_name="planner-pdfs")
        state = health(client)
    assert state["storage"] == "ok" and state["status"] == "ok"


def test_an_object_storage_that_is_down_makes_the_installation_degraded(
        client, settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    object_storage(settings, bucket_name="planner-pdfs",
                   endpoint_url=f"http://127.0.0.1:{free_port()}")
    state = health(client)
    assert state["storage"] == "down" and state["status"] == "degraded"
