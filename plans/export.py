"""Exporting plans to PDF: ask for an export, and run one (from the Celery task).

A signed blueprint renders from its frozen snapshot only; a draft preview renders from
the plan's current content with a DRAFT watermark. Jobs are keyed by the digest of what
they render, so asking twice for the same content reuses the same job and file.
"""

import hashlib
import logging
from datetime import UTC

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from stakeholders.heard import appendix, heard_content
from stakeholders.models import Jurisdiction

from . import documents, fragments
from .content import content_balance, content_sections, plan_content
from .models import ExportJob
from .models.signoff import canonical_json

logger = logging.getLogger(__name__)


def request_blueprint(plan, by=None):
    """The export job of a signed plan's snapshot, queued if it has not rendered yet."""
    snapshot = plan.snapshot
    job, _ = ExportJob.objects.get_or_create(
        key=f"blueprint-{snapshot.digest}",
        defaults={"plan": plan, "snapshot": snapshot, "kind": ExportJob.Kind.BLUEPRINT,
                  "requested_by": by})
    return _queue_unless_done(job)


def preview_content(plan):
    content = plan_content(plan)
    content["heard"] = heard_content(plan)
    content["signatures"] = []
    return content


def request_preview(plan, by):
    """A DRAFT-watermarked PDF of the plan as it stands now."""
    content = preview_content(plan)
    digest = hashlib.sha256(canonical_json(content).encode()).hexdigest()
    job, _ = ExportJob.objects.get_or_create(
        key=f"preview-{plan.pk}-{digest}",
        defaults={"plan": plan, "kind": ExportJob.Kind.PREVIEW, "requested_by": by,
                  "content": content})
    return _queue_unless_done(job)


def request_document(plan, *, kind, key, content, by=None):
    """The export job of a document another app publishes beside the plan (plans.documents),
    keyed by what it renders and queued if it has not rendered yet."""
    job, _ = ExportJob.objects.get_or_create(
        key=key, defaults={"plan": plan, "kind": kind, "requested_by": by, "content": content})
    return _queue_unless_done(job)


def retry(job, by=None):
    """Queue a failed job again."""
    update_job(job.pk, only_from=ExportJob.State.FAILED,
               state=ExportJob.State.QUEUED, progress=0, error="")
    job.refresh_from_db()
    return _queue_unless_done(job)


def update_job(job_id, *, only_from=None, **fields):
    """Change a job's state (only from the state ``only_from`` if given); the pages that
    show it re-render."""
    jobs = ExportJob.objects.filter(pk=job_id)
    if only_from:
        jobs = jobs.filter(state=only_from)
    if jobs.update(**fields):
        fragments.touch_jurisdictions(Jurisdiction.objects.filter(plans__exports=job_id))


def _queue_unless_done(job):
    if job.state == ExportJob.State.DONE and job.file and default_storage.exists(job.file.name):
        return job
    if job.state == ExportJob.State.FAILED:
        return job  # a person decides to retry: see retry()
    from .tasks import export_pdf

    transaction.on_commit(lambda: export_pdf.delay(job.pk))
    return job


def render_html(job, content):
    """The blueprint's HTML, rendered in the plan's language and in UTC: whatever language
    or timezone the process has active, the same content gives the same bytes. A document of
    another app renders through what that app registered (plans.documents)."""
    other = documents.document(job.kind)
    if other is not None:
        return other.render(job, content)
    sections = content_sections(content)
    language = content["plan"].get("language", "en")
    with translation.override(language), timezone.override(UTC):
        return render_to_string("plans/pdf/blueprint.html", {
            "content": content, "plan": content["plan"], "sections": sections,
            "balance": content_balance(content, sections),
            "heard": appendix(content.get("heard", {}), [s.principle for s in sections]),
            "signatures": content.get("signatures", []),
            "digest": job.snapshot.digest if job.snapshot_id else "",
            "preview": job.kind == ExportJob.Kind.PREVIEW,
            "signed_at": job.snapshot.created_at if job.snapshot_id else None,
            "language": language,
        })


class ProgressWriter:
    """Store the job's progress when the percentage moves, not on every step WeasyPrint logs."""

    def __init__(self, job_id):
        self.job_id, self.last = job_id, None

    def __call__(self, percent):
        if percent != self.last:
            self.last = percent
            ExportJob.objects.filter(pk=self.job_id).update(progress=percent)


def run_export(job_id):
    """Render the job's PDF and store it at a path derived from its key. Safe to run again:
    a done job is left alone, a half-done one starts over and overwrites its own file."""
    from . import pdf  # WeasyPrint loads only where PDFs are made

    job = ExportJob.objects.select_related("plan__jurisdiction", "snapshot").get(pk=job_id)
    if job.state == ExportJob.State.DONE and job.file and default_storage.exists(job.file.name):
        return job
    update_job(job.pk, state=ExportJob.State.RUNNING, started_at=timezone.now(), progress=5,
               error="", attempts=F("attempts") + 1)
    if job.snapshot_id:
        content = job.snapshot.content
    else:  # a job queued before previews kept their content renders the draft as it is
        content = job.content if job.content is not None else preview_content(job.plan)
    html = render_html(job, content)
    data, pages = pdf.render_pdf(
        html, identifier=hashlib.md5(job.key.encode()).hexdigest().encode(),  # noqa: S324
        on_progress=ProgressWriter(job.pk))
    path = f"exports/{job.key}.pdf"
    if default_storage.exists(path):
        default_storage.delete(path)
    stored = default_storage.save(path, ContentFile(data))
    update_job(job.pk, state=ExportJob.State.DONE, progress=100, file=stored, page_count=pages,
               size=len(data), sha256=hashlib.sha256(data).hexdigest(),
               finished_at=timezone.now())
    job.refresh_from_db()
    return job


class AlteredFile(Exception):
    """A stored PDF whose bytes no longer match the SHA-256 recorded when it was rendered."""


def stored_pdf(job):
    """The job's PDF as stored (in the local folder or the object storage), only if it is
    still the file that was rendered: a download never hands out bytes that the verify page
    would refuse. Raises FileNotFoundError when it is gone, AlteredFile when it changed."""
    with default_storage.open(job.file.name, "rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != job.sha256:
        logger.error("Stored PDF %s does not match the digest of export job %s",
                     job.file.name, job.pk)
        raise AlteredFile(job.file.name)
    return data


def record_failure(job_id, error, *, final):
    """Note a failed attempt; the last one leaves the job failed with its reason."""
    update_job(
        job_id,
        state=ExportJob.State.FAILED if final else ExportJob.State.QUEUED,
        error=f"{type(error).__name__}: {error}", finished_at=timezone.now() if final else None)
