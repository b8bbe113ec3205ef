"""The blueprint PDF, rendered for real by WeasyPrint and read back with pypdf: what it
says, that it is tagged (PDF/UA-1) in the plan's language, and that the same snapshot
always gives the same file."""

import hashlib
import logging
import os
import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation

from plans import export, pdf, workflow
from plans.models import ExportJob, Plan
from plans.tasks import export_pdf
from principles.models import Principle
from stakeholders.models import Role
from tests.factories import JurisdictionFactory, member
from tests.publishing.factories import commit, pdf_text, read_pdf

pytestmark = pytest.mark.django_db


def squeezed(text):
    """Text without any whitespace: pypdf splits kerned pairs ("T ess"), so names are
    compared this way."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def reader(rendered):
    return read_pdf(rendered.pdf)


@pytest.fixture(scope="module")
def pages(reader):
    """Each page's text, whitespace collapsed (extracted once: pypdf takes its time)."""
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture(scope="module")
def text(pages):
    return " ".join(pages)


def file_state(job):
    path = default_storage.path(job.file.name)
    with open(path, "rb") as handle:
        return os.stat(path).st_mtime_ns, hashlib.sha256(handle.read()).hexdigest()


def test_signing_off_renders_the_blueprint_pdf(blueprint):
    job = blueprint.job
    assert job.kind == ExportJob.Kind.BLUEPRINT and job.state == ExportJob.State.DONE, job.error
    assert job.snapshot == blueprint.plan.snapshot
    assert job.progress == 100 and job.attempts == 1 and job.error == ""
    assert job.requested_by == blueprint.signatories[-1]
    assert blueprint.pdf.startswith(b"%PDF-")
    assert job.size == len(blueprint.pdf)
    assert job.sha256 == hashlib.sha256(blueprint.pdf).hexdigest()
    assert job.file.name == f"exports/blueprint-{blueprint.plan.snapshot.digest}.pdf"
    assert default_storage.exists(job.file.name)


def test_blueprint_pdf_holds_jurisdiction_title_principles_commitments_and_signatories(
    rendered, pages, text
):
    cover = pages[0]
    assert cover.startswith("BLUEPRINT FOR SHARED SAFETY Example County Safety Plan "
                            "Example County 2027–2030 · version 1")
    assert "This plan was signed off jointly for Example County by:" in pages[-1]
    for principle in Principle.objects.all():
        assert f"{principle.number}. {principle.name}" in text
    assert len(rendered.commitments) == 3
    for commitment in rendered.commitments:
        assert commitment.name in text
        for measure in commitment.measures.all():
            assert measure.indicator in text
    for person in rendered.signatories:
        membership = person.memberships.get()
        for part in (person.get_full_name(), membership.title, membership.agency):
            assert squeezed(part) in squeezed(text)


def test_blueprint_pdf_prints_the_snapshots_full_digest_on_its_sign_off_page(rendered, pages):
    digest = rendered.plan.snapshot.digest
    assert len(digest) == 64
    assert f"SHA-256 digest of the signed content: {digest}" in pages[-1]


def test_blueprint_pdf_has_a_sane_page_count(rendered, reader):
    assert 5 <= len(reader.pages) <= 40
    assert rendered.job.page_count == len(reader.pages)


def test_blueprint_pdf_is_tagged_pdf_ua_in_the_plans_language_with_its_title(reader):
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == "Example County Safety Plan — Example County"
    assert reader.metadata.author == "Example County"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


def test_every_figure_of_the_blueprint_pdf_has_its_alternative_text(reader):
    """PDF/UA-1 wants a description on every Figure: the investment balance's drawings
    carry theirs (an SVG's title)."""
    from tests.progress.test_report_pdf import structure

    _tags, figures = structure(reader)
    assert figures and None not in figures
    assert any(figure.endswith("planned a year") for figure in figures)


def test_later_pages_carry_the_plan_title_and_page_number_in_the_running_footer(pages):
    for number in (3, len(pages)):
        page = pages[number - 1]
        assert page.endswith(f"Example County Safety Plan Page {number}")


def test_the_cover_reads_as_the_cover_with_no_footer_words_before_it(pages):
    cover = pages[0]
    assert cover.startswith("BLUEPRINT FOR SHARED SAFETY Example County Safety Plan"), cover
    assert "Page" not in cover


def test_contents_list_the_chapters_with_their_page_numbers(pages):
    contents = pages[1]
    assert contents.startswith("Contents")
    assert re.search(r"1\. Shifting to a Public Health Frame \.+ \d+", contents)
    assert re.search(r"What we heard, what we did \.+ \d+", contents)
    assert re.search(rf"Sign-off \.+ {len(pages)}\b", contents)


def test_a_principle_without_commitments_is_shown_as_a_gap(text):
    for name in ("Crime Survivors at the Center", "Making the System Work"):
        assert f"Gap: this plan makes no commitment under “{name}”." in text
        assert f"{name}: gap" in text
    assert "Gap: this plan makes no commitment under “Well-Being is Safety”" not in text


def test_appendix_lists_what_was_heard_and_what_was_done(text):
    heard = text.split("What we heard, what we did")[-1]
    assert "Please add a youth mentoring programme." in heard
    assert "Adopted. We added mentoring to the first commitment." in heard
    assert ("Not adopted. We link to the state budget instead. "
            "Reason: The budget is published by the state already.") in heard
    assert "Eastside Community Hall" in heard and "42 attendees" in heard


def test_appendix_counts_a_single_listening_session_in_the_singular(text):
    assert "2 comments and 1 listening session." in text


def test_principles_flow_so_a_gap_takes_a_line_not_a_page(pages):
    """Principles 3 and 5 have no commitment: each shares its page with the principle before
    it, and the five principles take fewer pages than five."""
    def page_of(heading):
        """The page where ``heading`` starts a section (not its line in the contents)."""
        found = re.compile(re.escape(heading) + r" [^.\s]")
        return next(n for n, page in enumerate(pages, start=1) if found.search(page))

    first = page_of("1. Shifting to a Public Health Frame")
    assert page_of("3. Crime Survivors at the Center") == page_of("2. Well-Being is Safety")
    assert page_of("5. Making the System Work") == page_of("4. Breaking the Cycle of Harm")
    assert page_of("5. Making the System Work") - first < 4


def test_requesting_the_blueprint_again_reuses_its_job_and_file(
    blueprint, django_capture_on_commit_callbacks
):
    before = file_state(blueprint.job)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = export.request_blueprint(Plan.objects.get(pk=blueprint.plan.pk))
    assert again.pk == blueprint.job.pk
    assert callbacks == []  # nothing queued: a done job with its file stays as it is
    assert ExportJob.objects.filter(plan=blueprint.plan).count() == 1
    assert file_state(blueprint.job) == before


def test_an_editor_asking_for_the_signed_blueprint_is_sent_to_the_existing_job(
    blueprint, client, django_capture_on_commit_callbacks
):
    before = file_state(blueprint.job)
    client.force_login(blueprint.editor)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("plans:request_export", args=[blueprint.plan.pk]))
    assert response.status_code == 302
    assert response.url == reverse("plans:export", args=[blueprint.job.pk])
    assert callbacks == []
    assert ExportJob.objects.filter(plan=blueprint.plan).count() == 1
    assert file_state(blueprint.job) == before


def test_running_a_done_export_again_leaves_it_unchanged(blueprint):
    before = ExportJob.objects.filter(pk=blueprint.job.pk).values().get()
    state = file_state(blueprint.job)

    export.run_export(blueprint.job.pk)
    export_pdf.delay(blueprint.job.pk)

    assert ExportJob.objects.filter(pk=blueprint.job.pk).values().get() == before
    assert file_state(blueprint.job) == state


def test_rendering_the_same_snapshot_again_gives_the_same_bytes(blueprint):
    job = ExportJob.objects.get(pk=blueprint.job.pk)
    default_storage.delete(job.file.name)
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.QUEUED, progress=0,
                                               file="", sha256="", size=None, page_count=None)

    export_pdf.delay(job.pk)

    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE, job.error
    assert job.attempts == 2
    with default_storage.open(job.file.name, "rb") as handle:
        again = handle.read()
    assert job.sha256 == hashlib.sha256(blueprint.pdf).hexdigest()
    assert again == blueprint.pdf


def test_the_same_snapshot_gives_the_same_bytes_whatever_the_process_did_or_has_active(
    blueprint, draft
):
    """A request or an earlier task may leave another timezone or language active in the
    worker, and the worker renders other documents between two renders of one snapshot:
    none of it reaches the PDF's bytes."""
    job = ExportJob.objects.select_related("snapshot").get(pk=blueprint.job.pk)
    identifier = hashlib.md5(job.key.encode()).hexdigest().encode()  # noqa: S324 - as run_export

    def render_again():
        return pdf.render_pdf(export.render_html(job, job.snapshot.content),
                              identifier=identifier)[0]

    assert render_again() == blueprint.pdf
    plan, _editor = draft
    for language in ("es", "en"):  # other documents, in both languages, drawn in between
        Plan.objects.filter(pk=plan.pk).update(language=language)
        preview = ExportJob(plan=plan, kind=ExportJob.Kind.PREVIEW)
        html = export.render_html(preview, export.preview_content(Plan.objects.get(pk=plan.pk)))
        pdf.render_pdf(html, identifier=b"0" * 32)
    assert render_again() == blueprint.pdf
    with timezone.override("Asia/Tokyo"), translation.override("es"):
        assert render_again() == blueprint.pdf


def test_render_pdf_reports_rising_progress_and_restores_the_logger():
    logger = logging.getLogger("weasyprint.progress")
    before = logger.level, logger.propagate, list(logger.handlers)
    reported = []

    data, page_count = pdf.render_pdf(
        '<html lang="en"><head><title>Tiny</title></head><body><p>Tiny</p></body></html>',
        identifier=b"0" * 32, on_progress=reported.append)

    assert data.startswith(b"%PDF-") and page_count == 1
    assert len(reported) >= 3
    assert reported == sorted(reported) and len(set(reported)) == len(reported)
    assert 10 <= reported[0] and reported[-1] <= 95
    assert (logger.level, logger.propagate, list(logger.handlers)) == before


# --- draft previews --------------------------------------------------------------------------


@pytest.fixture
def draft():
    city = JurisdictionFactory(name="Sample City", slug="sample-city", kind="city")
    editor = member(city, Role.EDITOR)
    plan = workflow.create_plan(jurisdiction=city, by=editor, title="Sample City Draft Plan",
                                first_year=2027, last_year=2029, vision="Safe streets.")
    commit(plan, 1, practice_of=1, measures=["Injuries per 1,000 residents"])
    return plan, editor


def test_an_editor_previews_a_draft_as_a_draft_marked_pdf_without_a_digest(
    draft, client, django_capture_on_commit_callbacks
):
    plan, editor = draft
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:request_export", args=[plan.pk]))

    job = ExportJob.objects.get(plan=plan)
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.kind == ExportJob.Kind.PREVIEW and job.snapshot is None
    assert job.state == ExportJob.State.DONE, job.error
    assert job.filename == "sample-city-v1-draft-preview.pdf"
    with default_storage.open(job.file.name, "rb") as handle:
        reader = read_pdf(handle.read())
    text = pdf_text(reader)
    assert "DRAFT" in text
    assert "Sample City Draft Plan — draft preview" in text
    assert "Draft preview: this plan is not signed off and may still change." in text
    assert "Not signed off: this is a draft preview." in text
    assert "SHA-256" not in text and not re.search(r"\b[0-9a-f]{64}\b", text)
    assert "Adopt safety as a public health issue" in text
    assert reader.metadata.subject == "Draft preview, not signed off"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"].value is True

    page = client.get(job.get_absolute_url())
    assert "A DRAFT-marked PDF of the plan as it stood when you asked." in page.text
    assert "Download the PDF" in page.text


def test_asking_again_for_an_unchanged_draft_reuses_the_preview_and_a_change_makes_a_new_one(
    draft, django_capture_on_commit_callbacks
):
    plan, editor = draft
    with django_capture_on_commit_callbacks():  # captured, not run: no render needed
        first = export.request_preview(plan, by=editor)
        again = export.request_preview(plan, by=editor)
    assert again.pk == first.pk

    Plan.objects.filter(pk=plan.pk).update(vision="Safe streets and parks.")
    changed = export.request_preview(Plan.objects.get(pk=plan.pk), by=editor)
    assert changed.pk != first.pk
    assert ExportJob.objects.filter(plan=plan, kind=ExportJob.Kind.PREVIEW).count() == 2


def test_a_preview_shows_the_draft_as_it_stood_when_it_was_asked_for(
    draft, django_capture_on_commit_callbacks
):
    plan, editor = draft
    with django_capture_on_commit_callbacks() as queued:
        job = export.request_preview(plan, by=editor)
    Plan.objects.filter(pk=plan.pk).update(vision="A vision written after the request.")

    for task in queued:  # the worker picks the job up now
        task()

    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE, job.error
    with default_storage.open(job.file.name, "rb") as handle:
        text = pdf_text(read_pdf(handle.read()))
    assert "Safe streets." in text
    assert "A vision written after the request." not in text


@pytest.mark.parametrize("role", [Role.SIGNATORY, Role.PARTNER, Role.JURISDICTION_ADMIN])
def test_only_editors_ask_for_a_pdf(draft, client, role):
    plan, _editor = draft
    client.force_login(member(plan.jurisdiction, role))
    response = client.post(reverse("plans:request_export", args=[plan.pk]))
    assert response.status_code == 403
    assert "Only editors of this jurisdiction run exports." in response.text
    assert not ExportJob.objects.filter(plan=plan).exists()

