"""PDF export runs in the Celery worker. The task is thin: it takes the job's id and calls
plans.export.run_export, which is idempotent; the message is acknowledged only after the
task ends, so a worker lost mid-render hands the job to the next worker."""

import logging

from celery import shared_task
from django.conf import settings

from . import export

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="plans.export_pdf", acks_late=True, reject_on_worker_lost=True)
def export_pdf(self, job_id):
    """Render one export job to PDF, retrying with backoff before giving up."""
    try:
        export.run_export(job_id)
    except Exception as error:  # noqa: BLE001 - recorded on the job and logged, not hidden
        final = self.request.retries >= settings.EXPORT_MAX_RETRIES
        export.record_failure(job_id, error, final=final)
        logger.exception("PDF export %s failed (attempt %s)", job_id, self.request.retries + 1)
        if not final:
            raise self.retry(exc=error, countdown=2 ** self.request.retries,
                             max_retries=settings.EXPORT_MAX_RETRIES) from error
