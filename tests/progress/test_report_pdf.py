"""The progress report's PDF, made by the plan's export job and read back with pypdf: a cover,
contents, a summary, a section per principle with each measure's chart and table, the
digests; tagged PDF/UA-1 in the plan's language, with a title and every figure described;
the same report always gives the same bytes; the verify page knows the file and the digest.

veraPDF (a Java program outside PyPI) cannot be installed here, so PDF/UA-1 is checked by
what it requires that a PDF shows: the marked, tagged structure tree, the document's
language and displayed title, the PDF/UA identification in the XMP metadata, alternative
text on every Figure, headings and table headers in the structure.
"""

import hashlib
import re
from collections import Counter
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from plans import export, pdf
from plans.models import ExportJob
from progress import reports
from tests.plans.factories import county_people, text

from .factories import last_year_period, plan_in_effect, update, value

pytestmark = pytest.mark.django_db


def squeezed(words):
    return "".join(words.split())


def publish_and_render(people, plan, capture, seen_missing=True):
    with capture(execute=True):
        report = reports.publish(last_year_period(plan), by=people.editor,
                                 seen_missing=seen_missing)
    job = reports.pdf_job(report)
    assert job.state == ExportJob.State.DONE, job.error
    with default_storage.open(job.file.name, "rb") as handle:
        return report, job, handle.read()


@pytest.fixture
def story(django_capture_on_commit_callbacks):
    people = county_people()
    plan = plan_in_effect(people, commitments=3, names=["Youth summer jobs", "Street outreach",
                                                        "Trauma recovery centre"])
    period = last_year_period(plan)
    jobs, outreach, _centre = plan.commitments.order_by("pk")
    update(jobs, period, people.editor, account="120 young people worked.", spent_to_date=900)
    update(outreach, period, people.editor, status="off_track",
           account="Two outreach workers left.")
    value(jobs.measures.get(), people.editor, 14, period.ends_on)
    value(outreach.measures.get(), people.editor, 11, period.ends_on)
    report, job, data = publish_and_render(people, plan, django_capture_on_commit_callbacks)
    reader = PdfReader(BytesIO(data))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    return people, plan, report, job, data, reader, pages


def structure(reader):
    """Every structure element's type, and the Figures' alternative texts."""
    tags, figures = Counter(), []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        kind = node.get("/S")
        if kind:
            tags[kind] += 1
        if kind == "/Figure":
            figures.append(node.get("/Alt"))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return tags, figures


def test_the_report_pdf_is_tagged_pdf_ua_1_in_the_plans_language_with_its_title(story):
    _people, plan, report, job, data, reader, _pages = story
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    period = report.content["period"]["label"]
    assert reader.metadata.title == (
        f"Progress report for {period} — Example County Safety Plan — Example County")
    assert reader.metadata.author == "Example County"
    assert report.digest in reader.metadata.subject
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    tags, figures = structure(reader)
    assert tags["/H1"] == 1 and tags["/H2"] >= 8 and tags["/TH"] > 0 and tags["/Table"] > 0
    # every figure is described: the investment balance's bars and shares, then one chart
    # per measure
    assert None not in figures
    measures = [m.indicator for c in plan.commitments.order_by("pk") for m in c.measures.all()]
    assert figures[-len(measures):] == measures
    assert any(figure.endswith("planned a year") for figure in figures[:-len(measures)])
    assert job.page_count == len(reader.pages)
    assert job.sha256 == hashlib.sha256(data).hexdigest()


def test_the_report_pdf_has_a_cover_contents_summary_sections_and_its_digests(story):
    _people, plan, report, _job, _data, _reader, pages = story
    period = report.content["period"]["label"]
    cover = pages[0]
    assert cover.startswith("BLUEPRINT FOR SHARED SAFETY · PROGRESS REPORT Example County "
                            "Safety Plan Example County")
    assert f"Progress report for {period}:" in cover
    assert "No update for 1 commitment." in cover
    assert "Page" not in cover
    contents = pages[1]
    assert contents.startswith("Contents")
    assert re.search(r"Summary \.+ 3", contents)
    assert re.search(r"About this report \.+ \d+", contents)
    whole = " ".join(pages)
    assert "The report was published without an update on: Trauma recovery centre" in whole
    assert "Commitments by status No update yet: 1 · On track: 1 · Off track: 1" in whole
    assert f"$900 spent in {period} so far, of $6,000 planned a year" in whole
    for said in ("120 young people worked.", "Two outreach workers left."):
        assert squeezed(said) in squeezed(whole)
    assert f"No update for {period}." in whole
    for commitment in plan.commitments.all():
        assert squeezed(commitment.name) in squeezed(whole)
    assert squeezed(f"SHA-256 digest of this report's content: {report.digest}") in squeezed(
        pages[-1])
    assert plan.snapshot.digest in squeezed(pages[-1])
    assert pages[-1].endswith(f"progress report for {period} Page {len(pages)}")


def test_the_same_report_always_renders_to_the_same_bytes(story):
    _people, _plan, report, job, data, _reader, _pages = story
    identifier = hashlib.md5(job.key.encode()).hexdigest().encode()  # noqa: S324 - as run_export
    with timezone.override("Asia/Tokyo"), translation.override("es"):
        again, _count = pdf.render_pdf(export.render_html(job, job.content),
                                       identifier=identifier)
    assert again == data


def test_the_verify_page_knows_the_reports_pdf_and_its_digest(story):
    _people, plan, report, _job, data, _reader, _pages = story
    period = report.content["period"]["label"]
    said = (f"The progress report for {period} of “{plan.title}”, version 1, published on")
    upload = SimpleUploadedFile("report.pdf", data, content_type="application/pdf")
    by_file = text(Client().post(reverse("plans:verify"), {"pdf": upload}))
    assert "Verified: this file is a progress report published on this site, unchanged." in (
        by_file)
    assert said in by_file and report.digest in by_file
    by_digest = text(Client().post(reverse("plans:verify"), {"digest": report.digest}))
    assert "Verified: this digest belongs to a progress report published on this site." in (
        by_digest)
    assert said in by_digest
    changed = SimpleUploadedFile("report.pdf", data + b"\n", content_type="application/pdf")
    assert "Not verified" in text(Client().post(reverse("plans:verify"), {"pdf": changed}))
    assert "Not verified" in text(Client().post(reverse("plans:verify"), {"digest": "a" * 64}))


def test_a_spanish_plans_report_pdf_is_in_spanish(django_capture_on_commit_callbacks):
    from tests.test_languages import english_left_in

    people = county_people()
    plan = plan_in_effect(people, language="es", names=["Empleos de verano"])
    update(plan.commitments.get(), last_year_period(plan), people.editor,
           account="Trabajaron 120 jóvenes.")
    _report, _job, data = publish_and_render(people, plan, django_capture_on_commit_callbacks)
    reader = PdfReader(BytesIO(data))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert pages[0].startswith("PLAN RECTOR PARA LA SEGURIDAD COMPARTIDA · INFORME DE PROGRESO")
    assert pages[1].startswith("Contenido")
    assert "Cada compromiso tiene su informe de avance para el periodo." in pages[2]
    assert english_left_in(" ".join(pages)) == []
