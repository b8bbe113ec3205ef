"""PDFs in S3-compatible object storage (django-storages, here against moto's in-process S3):
the export writes there, downloads read from there after checking the digest, and the
verify page knows the downloaded file."""

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from moto import mock_aws

from plans import export
from tests.publishing.factories import blueprint_story, visible_text

pytestmark = pytest.mark.django_db

BUCKET = "planner-pdfs"


@pytest.fixture
def bucket(settings, monkeypatch):
    """The default storage as production configures it (settings.OBJECT_STORAGE), on a
    bucket of moto's S3."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        options = {**settings.OBJECT_STORAGE["OPTIONS"], "bucket_name": BUCKET,
                   "region_name": "us-east-1"}
        settings.STORAGES = {**settings.STORAGES,
                             "default": {**settings.OBJECT_STORAGE, "OPTIONS": options}}
        yield s3


def stored_keys(s3):
    return [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def download(client, story):
    response = client.get(reverse("plans:blueprint_pdf", args=[story.plan.pk]))
    return response, b"".join(response.streaming_content) if response.status_code == 200 else b""


def test_the_blueprint_is_exported_to_the_bucket_downloaded_from_it_and_verified(
        bucket, settings, client):
    story = blueprint_story()

    assert stored_keys(bucket) == [story.job.file.name]
    assert not (settings.MEDIA_ROOT / story.job.file.name).exists()
    response, body = download(client, story)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="example-county-v1-blueprint.pdf"')
    assert body == bucket.get_object(Bucket=BUCKET, Key=story.job.file.name)["Body"].read()
    assert body.startswith(b"%PDF-") and len(body) == story.job.size

    verified = client.post(reverse("plans:verify"), {
        "pdf": SimpleUploadedFile("blueprint.pdf", body, content_type="application/pdf")})
    assert "Verified: this file is a blueprint signed on this site, unchanged." in (
        visible_text(verified))


def test_a_stored_pdf_changed_in_the_bucket_is_not_served(bucket, client):
    story = blueprint_story()
    original = bucket.get_object(Bucket=BUCKET, Key=story.job.file.name)["Body"].read()
    bucket.put_object(Bucket=BUCKET, Key=story.job.file.name, Body=original + b"%tampered")

    response, _body = download(client, story)

    assert response.status_code == 404


def test_a_pdf_gone_from_the_bucket_is_not_found_and_exporting_again_restores_it(
        bucket, client):
    story = blueprint_story()
    bucket.delete_object(Bucket=BUCKET, Key=story.job.file.name)

    assert download(client, story)[0].status_code == 404
    with TestCase.captureOnCommitCallbacks(execute=True):
        export.request_blueprint(story.plan)

    response, body = download(client, story)
    assert response.status_code == 200
    assert stored_keys(bucket) == [story.job.file.name]
