"""The public verify page: anyone uploads a PDF or pastes a digest and learns whether it is
a blueprint signed on this site, of which jurisdiction and version, signed by whom."""

import hashlib
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans import workflow
from plans.models import ExportJob
from tests.factories import JurisdictionFactory
from tests.publishing.factories import sign_off, signed_plan, visible_text, walk_to_review

pytestmark = pytest.mark.django_db

VERIFIED_FILE = "Verified: this file is a blueprint signed on this site, unchanged."
VERIFIED_DIGEST = "Verified: this digest belongs to a blueprint signed on this site."
NOT_VERIFIED_FILE = (
    "Not verified: this file is not a blueprint published by this site. "
    "It may have been changed after it was downloaded."
)
NOT_VERIFIED_DIGEST = "Not verified: no blueprint signed on this site has this digest."
URL = reverse("plans:verify")


def upload(data, name="blueprint.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def verify(client, **data):
    """The result page's text, each element's text apart (the result is a <dl>)."""
    response = client.post(URL, data)
    assert response.status_code == 200
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    return text.replace(" ,", ",")


def assert_names_the_blueprint(text, blueprint):
    assert "Jurisdiction Example County" in text
    assert "Plan Example County Safety Plan, version 1 (signed off)" in text
    assert ("Signed by Sam Signer, Chief Probation Officer, County Probation Department "
            "Tess Twosign, Director of Public Health, Example County Public Health") in text
    assert f"Digest {blueprint.plan.snapshot.digest}" in text


def test_the_verify_page_offers_an_upload_and_a_digest_field(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    text = visible_text(response)
    assert "A blueprint PDF" in text and "Or its SHA-256 digest" in text


def test_the_exact_blueprint_pdf_is_verified_with_its_jurisdiction_version_and_signatories(
    blueprint, client
):
    text = verify(client, pdf=upload(blueprint.pdf))

    assert VERIFIED_FILE in text
    assert_names_the_blueprint(text, blueprint)


def test_a_copy_with_one_byte_changed_is_not_verified(blueprint, client):
    changed = bytearray(blueprint.pdf)
    changed[len(changed) // 2] ^= 0x01

    text = verify(client, pdf=upload(bytes(changed)))

    assert NOT_VERIFIED_FILE in text
    assert "Verified:" not in text and "Example County" not in text


def test_a_draft_preview_pdf_is_not_verified_as_a_blueprint(blueprint, client):
    preview = b"%PDF-1.7 a draft preview"
    ExportJob.objects.create(key="preview-test", plan=blueprint.plan,
                             kind=ExportJob.Kind.PREVIEW, state=ExportJob.State.DONE,
                             sha256=hashlib.sha256(preview).hexdigest())

    assert NOT_VERIFIED_FILE in verify(client, pdf=upload(preview))


def test_a_file_that_is_not_a_pdf_is_refused(client):
    text = verify(client, pdf=upload(b"PK\x03\x04 a zip file", name="blueprint.pdf"))
    assert "This file is not a PDF." in text
    assert "Verified" not in text


def test_a_file_over_20_mb_is_refused(client):
    big = b"%PDF-" + b"0" * (20 * 1024 * 1024 + 1 - len(b"%PDF-"))
    assert len(big) == 20 * 1024 * 1024 + 1

    text = verify(client, pdf=upload(big))

    assert "The file is over 20 MB: no blueprint is that big." in text
    assert "Verified" not in text


@pytest.mark.parametrize("typed", ["{digest}", "{upper}", "  {digest}  "],
                         ids=["as printed", "upper case", "with spaces"])
def test_a_pasted_digest_of_a_signed_blueprint_is_verified(blueprint, client, typed):
    digest = blueprint.plan.snapshot.digest

    text = verify(client, digest=typed.format(digest=digest, upper=digest.upper()))

    assert VERIFIED_DIGEST in text
    assert_names_the_blueprint(text, blueprint)


def test_a_superseded_blueprints_digest_is_verified_as_superseded(client):
    town = JurisdictionFactory(name="Other Town", slug="other-town", kind="city")
    v1 = signed_plan(town, title="Other Town Safety Plan")
    draft = workflow.amend(v1.plan, by=v1.editor)
    v1.plan = walk_to_review(draft, v1.editor)
    sign_off(v1)

    text = verify(client, digest=draft.previous.snapshot.digest)

    assert VERIFIED_DIGEST in text
    assert "Other Town Safety Plan, version 1 (superseded)" in text


@pytest.mark.parametrize(
    "digest", ["abc123", "g" * 64, "a" * 63, "a" * 65, "a" * 32 + " " + "a" * 31]
)
def test_a_malformed_digest_is_refused(client, digest):
    text = verify(client, digest=digest)
    assert "A digest is 64 characters, digits and the letters a to f." in text
    assert "Verified" not in text


def test_an_unknown_digest_is_not_verified(blueprint, client):
    assert NOT_VERIFIED_DIGEST in verify(client, digest="0" * 64)


def test_a_form_with_neither_file_nor_digest_asks_for_one(client):
    text = verify(client, digest="   ")
    assert "Upload a PDF or enter a digest." in text
    assert "Verified" not in text
