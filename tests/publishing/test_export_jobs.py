"""Export jobs as their users watch them: the job page, the status partial htmx polls, a
failed export with its reason and a retry, and the download."""

import pytest
from django.urls import reverse

from plans.models import ExportJob
from tests.factories import example_county
from tests.publishing.factories import plan_in_review, sign_off, signed_plan

pytestmark = pytest.mark.django_db

POLL_STOP = 286


@pytest.fixture
def story():
    """A signed plan whose blueprint export is queued (on_commit does not run here)."""
    story = signed_plan(example_county(), title="Example County Safety Plan")
    story.job = ExportJob.objects.get(plan=story.plan)
    return story


def set_state(job, **fields):
    ExportJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()


def status(client, job):
    return client.get(reverse("plans:export_status", args=[job.pk]))


def test_a_queued_export_is_polled_every_second(story, client):
    client.force_login(story.editor)
    assert story.job.state == ExportJob.State.QUEUED

    response = status(client, story.job)

    assert response.status_code == 200
    html = response.text
    assert f'hx-get="{reverse("plans:export_status", args=[story.job.pk])}"' in html
    assert 'hx-trigger="every 1s"' in html and 'hx-swap="outerHTML"' in html
    assert "Queued" in html and "waiting for the export worker" in html
    page = client.get(story.job.get_absolute_url())
    assert page.status_code == 200
    assert "Signed blueprint as PDF" in page.text and 'hx-get="' in page.text


def test_a_running_export_shows_its_progress_and_keeps_polling(story, client):
    client.force_login(story.signatories[0])  # any member of the jurisdiction may watch
    set_state(story.job, state=ExportJob.State.RUNNING, progress=42)

    response = status(client, story.job)

    assert response.status_code == 200
    assert "42% done" in response.text
    assert 'role="progressbar"' in response.text and 'aria-valuenow="42"' in response.text
    assert 'hx-get="' in response.text


@pytest.mark.parametrize("state", [ExportJob.State.DONE, ExportJob.State.FAILED])
def test_a_finished_export_tells_htmx_to_stop_polling(story, client, state):
    client.force_login(story.editor)
    set_state(story.job, state=state, progress=100, page_count=9, size=40_000,
              error="OSError: disk full" if state == ExportJob.State.FAILED else "")

    response = status(client, story.job)

    assert response.status_code == POLL_STOP
    assert "hx-get" not in response.text and "hx-trigger" not in response.text
    if state == ExportJob.State.DONE:
        assert "Download the PDF" in response.text and "9 pages" in response.text
    else:
        assert "OSError: disk full" in response.text and "Retry the export" in response.text


def test_a_pdf_that_is_not_ready_is_not_found(story, client):
    client.force_login(story.editor)
    response = client.get(reverse("plans:export_download", args=[story.job.pk]))
    assert response.status_code == 404


def test_a_failed_export_shows_its_error_and_an_editor_retries_it_to_done(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.EXPORT_MAX_RETRIES = 0
    (tmp_path / "not-a-dir").write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = tmp_path / "not-a-dir" / "media"
    story = plan_in_review(example_county(), title="Example County Safety Plan")
    with django_capture_on_commit_callbacks(execute=True):
        sign_off(story)  # the export runs at once (eagerly) and cannot store its file

    job = ExportJob.objects.get(plan=story.plan)
    assert job.state == ExportJob.State.FAILED
    assert job.error.startswith(("NotADirectoryError", "FileNotFoundError")), job.error
    assert job.attempts == 1 and job.finished_at is not None and not job.file
    client.force_login(story.editor)
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert "The export failed:" in page.text
    assert job.error.split(":")[0] in page.text
    assert "Retry the export" in page.text
    assert reverse("plans:export_retry", args=[job.pk]) in page.text
    assert status(client, job).status_code == POLL_STOP

    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:export_retry", args=[job.pk]))

    assert response.status_code == 302 and response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE, job.error
    assert job.error == "" and job.attempts == 2 and job.progress == 100
    response = client.get(response.url)
    assert "The export is queued again." in response.text
    assert "Download the PDF" in response.text and "Retry the export" not in response.text
    download = client.get(reverse("plans:export_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        'attachment; filename="example-county-v1-blueprint.pdf"')
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF-") and len(body) == job.size


def test_only_editors_retry_a_failed_export(story, client, django_capture_on_commit_callbacks):
    set_state(story.job, state=ExportJob.State.FAILED, error="OSError: disk full")
    client.force_login(story.signatories[0])

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("plans:export_retry", args=[story.job.pk]))

    assert response.status_code == 403
    assert queued == []
    story.job.refresh_from_db()
    assert story.job.state == ExportJob.State.FAILED and story.job.error == "OSError: disk full"
