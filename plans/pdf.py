"""The one module that imports WeasyPrint: HTML in, tagged PDF (PDF/UA-1) out."""

import logging
import re
from pathlib import Path

from django.conf import settings
from weasyprint import CSS, HTML

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "blueprint-print.css"
STEP = re.compile(r"Step (\d)")
STEPS = 7  # WeasyPrint v70 reports seven steps on its progress logger


class ProgressHandler(logging.Handler):
    """Turn WeasyPrint's "Step n - ..." log lines into a percentage for the caller."""

    def __init__(self, on_progress):
        super().__init__(level=logging.INFO)
        self.on_progress = on_progress

    def emit(self, record):
        match = STEP.match(record.getMessage())
        if match:
            self.on_progress(min(95, 10 + int(match.group(1)) * 80 // STEPS))


def render_pdf(html, *, identifier, on_progress=None):
    """Render ``html`` to PDF bytes; returns (bytes, page count).

    ``identifier`` (bytes) fixes the PDF's file identifier so that the same content
    renders to the same bytes every time.
    """
    logger = logging.getLogger("weasyprint.progress")
    handler = ProgressHandler(on_progress) if on_progress else None
    if handler:
        logger.addHandler(handler)
        previous = logger.level, logger.propagate
        logger.setLevel(logging.INFO)
        logger.propagate = False  # the steps feed the job's progress, not the server log
    try:
        # No base URL: the document needs no file of the server (the stylesheet comes by
        # path), and a relative link in a comment must not become a file:// address on it.
        document = HTML(string=html, base_url=None).render(
            stylesheets=[CSS(filename=str(PRINT_CSS))], pdf_variant="pdf/ua-1")
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier)
        return pdf, len(document.pages)
    finally:
        if handler:
            logger.removeHandler(handler)
            logger.setLevel(previous[0])
            logger.propagate = previous[1]
