"""PDF export through the real Redis broker and a real Celery worker, including a worker
killed in the middle of a render."""

import time

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from plans import workflow
from plans.benchmark import build_large_plan
from plans.models import ExportJob
from stakeholders.models import Role
from tests.factories import example_county, member

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def wait_for(job, states, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in states:
            return job
        time.sleep(0.1)
    pytest.fail(f"export job stayed {job.state} ({job.progress}%) for {timeout} s: {job.error}")


def plan_in_review(size):
    county = example_county()
    editor = member(county, Role.EDITOR)
    signatory = member(county, Role.SIGNATORY)
    plan = build_large_plan(county, editor, commitments=size, comments=size * 4,
                            sessions=max(1, size // 5), title=f"Plan of {size} commitments")
    return workflow.request_signoff(plan, by=editor, seen_unfinished=True), signatory


def test_signing_off_renders_the_blueprint_in_the_worker(catalogue, use_worker, on_postgresql):
    plan, signatory = plan_in_review(size=5)
    workflow.sign(plan, by=signatory)  # commits: the export task goes through Redis

    job = wait_for(ExportJob.objects.get(plan=plan), {"done", "failed"})

    assert job.state == "done", job.error
    assert job.attempts == 1 and job.progress == 100
    with default_storage.open(job.file.name, "rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(handle).pages)
    assert plan.title in text and plan.snapshot.digest in text


def test_a_worker_killed_mid_render_hands_the_export_to_the_next_worker(
    catalogue, use_worker, on_postgresql
):
    plan, signatory = plan_in_review(size=50)  # about 80 pages: several seconds of render
    workflow.sign(plan, by=signatory)
    job = wait_for(ExportJob.objects.get(plan=plan), {"running", "done", "failed"})
    assert job.state == "running", "the render ended before the worker could be killed"

    use_worker.kill()
    job.refresh_from_db()
    assert job.state == "running"  # nobody finished it
    use_worker.start()

    job = wait_for(job, {"done", "failed"}, timeout=120)
    assert job.state == "done", job.error
    assert job.attempts == 2  # the second worker ran it again from the start
    assert default_storage.exists(job.file.name)
    assert job.page_count > 40
