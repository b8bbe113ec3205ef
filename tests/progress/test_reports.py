"""Progress reports: an editor publishes a period's report once the period is over; it is the
period's record frozen with its digest, never changed afterwards (a correction goes to the
record and to the next report); a report may go out with updates missing, said on it, once
the editor confirms having seen them; reports follow one another, one per period."""

import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plans import workflow
from plans.models import AuditEntry, ExportJob
from plans.models.signoff import canonical_json
from progress import frozen, reports
from progress.models import MeasuredValue, ProgressReport, ProgressStatus, ReportImmutable
from progress.record import RecordRefused
from tests.plans.factories import county_people, signed_in, text

from .factories import last_year_period, plan_in_effect, update, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return county_people()


@pytest.fixture
def plan(people):
    return plan_in_effect(people, commitments=2, names=["Youth summer jobs", "Street outreach"])


def commitments(plan):
    return list(plan.commitments.order_by("pk"))


def two_periods_over(people):
    """A plan whose first two yearly periods are over (it started two years ago)."""
    plan = plan_in_effect(people, first_year=timezone.localdate().year - 2, years=3)
    return plan, list(plan.reporting_periods.active())


def test_an_editor_publishes_the_report_of_a_period_that_is_over(people, plan):
    period = last_year_period(plan)
    jobs, outreach = commitments(plan)
    update(jobs, period, people.editor, status=ProgressStatus.AT_RISK,
           account="120 young people worked.", spent_to_date=250)
    update(outreach, period, people.editor, status=ProgressStatus.STOPPED,
           account="No funding.", stopped_reason="The grant ended.")
    value(jobs.measures.get(), people.editor, 14, period.ends_on)
    report = reports.publish(period, by=people.editor)

    assert (report.period, report.plan, report.published_by) == (period, plan, people.editor)
    assert report.digest == hashlib.sha256(canonical_json(report.content).encode()).hexdigest()
    assert report.verify()
    content = report.content
    assert content["plan"]["snapshot"] == plan.snapshot.digest
    assert content["period"]["label"] == str(period.starts_on.year)
    first, second = [c for p in content["principles"] for c in p["commitments"]]
    assert first["update"]["status"] == "at_risk"
    assert first["update"]["account"] == "120 young people worked."
    assert first["update"]["spent_to_date"] == "250.00"
    assert second["update"]["stopped_reason"] == "The grant ended."
    assert first["measures"][0]["values"] == [
        {"for_date": period.ends_on.isoformat(), "value": "14.00",
         "data_source": "County data portal", "note": ""}]
    # baseline 10 → target 20 over three years: on 31 December of the first year the path
    # is at about 13.33, and 14 is ahead of it
    assert first["measures"][0]["verdict"] == "on_track"
    assert first["measures"][0]["expected"] == "13.33"
    entry = AuditEntry.objects.get(action="publish_report")
    assert (entry.plan, entry.actor) == (plan, people.editor)
    assert report.digest in entry.note and "No update" not in entry.note
    assert entry.action_label == "Progress report published"


def test_the_report_goes_to_the_plans_export_job_keyed_by_its_digest(people, plan):
    report = reports.publish(last_year_period(plan), by=people.editor, seen_missing=True)
    job = ExportJob.objects.get(key=f"report-{report.digest}")
    assert (job.kind, job.plan, job.requested_by) == (
        ExportJob.Kind.PROGRESS_REPORT, plan, people.editor)
    assert job.content == report.content and job.snapshot is None
    assert reports.request_pdf(report) == job  # asked again: the same job
    assert job.filename == f"example-county-v1-progress-report-{plan.first_year}.pdf"


def test_a_report_with_missing_updates_is_published_once_the_editor_has_seen_them(people,
                                                                                  plan):
    period = last_year_period(plan)
    jobs, _outreach = commitments(plan)
    update(jobs, period, people.editor)
    with pytest.raises(reports.MissingNotSeen, match="1 commitment has no update for"):
        reports.publish(period, by=people.editor)
    assert not ProgressReport.objects.exists()
    report = reports.publish(period, by=people.editor, seen_missing=True)
    missing = [c for p in report.content["principles"] for c in p["commitments"]
               if c["update"] is None]
    assert [c["name"] for c in missing] == ["Street outreach"]
    assert "No update for 1 commitment." in AuditEntry.objects.get(
        action="publish_report").note
    assert [c.commitment.name for c in frozen.read_report(report.content).missing] == [
        "Street outreach"]


def test_a_period_is_reported_once_it_is_over_and_only_once(people, plan):
    this_year = plan.reporting_periods.active().get(starts_on__year=timezone.localdate().year)
    with pytest.raises(RecordRefused, match="publish its report once it is over"):
        reports.publish(this_year, by=people.editor, seen_missing=True)
    period = last_year_period(plan)
    reports.publish(period, by=people.editor, seen_missing=True)
    with pytest.raises(RecordRefused, match="is published already"):
        reports.publish(period, by=people.editor, seen_missing=True)
    assert ProgressReport.objects.count() == 1


def test_reports_follow_one_another(people):
    plan, (first, second, _third) = two_periods_over(people)
    with pytest.raises(RecordRefused, match=f"Publish the report for {first.label} first"):
        reports.publish(second, by=people.editor, seen_missing=True)
    reports.publish(first, by=people.editor, seen_missing=True)
    reports.publish(second, by=people.editor, seen_missing=True)
    assert list(ProgressReport.objects.in_period_order().values_list("period", flat=True)) == [
        first.pk, second.pk]


def test_only_editors_publish_and_only_while_the_plan_is_in_effect(people, plan):
    period = last_year_period(plan)
    for someone in (people.admin, people.partner, people.first_signatory, people.outsider):
        with pytest.raises(PermissionDenied):
            reports.publish(period, by=someone, seen_missing=True)
    amendment = workflow.amend(plan, by=people.editor)
    from tests.plans.factories import signed_off

    signed_off(amendment, people)
    with pytest.raises(PermissionDenied):  # superseded: no longer in effect
        reports.publish(period, by=people.editor, seen_missing=True)
    assert not ProgressReport.objects.exists()


def test_a_published_report_never_changes_nor_goes(people, plan):
    report = reports.publish(last_year_period(plan), by=people.editor, seen_missing=True)
    report.content["period"]["label"] = "A better year"
    with pytest.raises(ReportImmutable):
        report.save()
    with pytest.raises(ReportImmutable):
        report.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).update(digest="0" * 64)
    assert ProgressReport.objects.get(pk=report.pk).verify()


def test_on_postgresql_the_database_refuses_to_delete_a_report(people, plan, on_postgresql):
    report = reports.publish(last_year_period(plan), by=people.editor, seen_missing=True)
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM progress_progressreport WHERE id = %s", [report.pk])
    assert ProgressReport.objects.filter(pk=report.pk).exists()


def test_a_correction_after_publishing_goes_to_the_record_and_the_next_report(people):
    plan, (first, second, _third) = two_periods_over(people)
    commitment = plan.commitments.get()
    measure = commitment.measures.get()
    wrong_update = update(commitment, first, people.editor, account="Forty hired.")
    wrong_value = value(measure, people.editor, 11, first.ends_on)
    report = reports.publish(first, by=people.editor)
    as_published = canonical_json(report.content)

    update(commitment, first, people.editor, account="Thirty hired.", corrects=wrong_update,
           correction_reason="Ten left in the first week.")
    value(measure, people.editor, 12, first.ends_on, corrects=wrong_value,
          correction_reason="Recounted.")
    update(commitment, second, people.editor, account="Fifty hired.")
    report.refresh_from_db()
    assert canonical_json(report.content) == as_published and report.verify()
    first_commitment = report.content["principles"][0]["commitments"][0]
    assert first_commitment["update"]["account"] == "Forty hired."
    assert first_commitment["measures"][0]["values"][0]["value"] == "11.00"

    later = reports.publish(second, by=people.editor)
    later_measure = later.content["principles"][0]["commitments"][0]["measures"][0]
    assert [v["value"] for v in later_measure["values"]] == ["12.00"]  # corrected since
    assert later.content["principles"][0]["commitments"][0]["update"]["account"] == (
        "Fifty hired.")
    assert MeasuredValue.objects.filter(measure=measure).count() == 2  # both stay in the record


def test_a_later_value_is_not_in_an_earlier_periods_report(people):
    plan, (first, second, _third) = two_periods_over(people)
    measure = plan.commitments.get().measures.get()
    value(measure, people.editor, 11, first.ends_on)
    value(measure, people.editor, 19, second.ends_on)  # recorded before the first report
    report = reports.publish(first, by=people.editor, seen_missing=True)
    values = report.content["principles"][0]["commitments"][0]["measures"][0]["values"]
    assert [v["for_date"] for v in values] == [first.ends_on.isoformat()]


# --- the pages ----------------------------------------------------------------------------


def publish_url(period):
    return reverse("progress:publish", args=[period.pk])


def test_the_period_page_offers_editors_to_publish_its_report(people, plan):
    period = last_year_period(plan)
    url = reverse("progress:period", args=[period.pk])
    editor_page = text(signed_in(people.editor).get(url))
    assert "The period is over: its report can be published." in editor_page
    assert f"Publish the report for {period.label}" in editor_page
    partner_page = text(signed_in(people.partner).get(url))
    assert "No report is published for this period yet." in partner_page
    assert "Publish the report" not in partner_page
    this_year = plan.reporting_periods.active().get(starts_on__year=timezone.localdate().year)
    assert "publish its report once it is over" in text(
        signed_in(people.editor).get(reverse("progress:period", args=[this_year.pk])))


def test_publishing_is_a_confirmed_step_that_names_what_is_missing(people, plan):
    period = last_year_period(plan)
    jobs, _outreach = commitments(plan)
    update(jobs, period, people.editor)
    editor = signed_in(people.editor)
    page = text(editor.get(publish_url(period)))
    assert "1 commitment has no update for this period." in page
    assert "Street outreach (Public Health Department)" in page
    assert not ProgressReport.objects.exists()  # GET changes nothing

    refused = editor.post(publish_url(period), {})
    assert refused.status_code == 409
    assert "confirm that you have seen it" in text(refused)
    assert not ProgressReport.objects.exists()

    done = editor.post(publish_url(period), {"seen_missing": "on"}, follow=True)
    report = ProgressReport.objects.get()
    assert done.redirect_chain[-1][0] == report.get_absolute_url()
    assert f"The report for {period.label} is published; its PDF is being made." in text(done)


def test_others_are_refused_the_publish_page_with_a_reason(people, plan):
    period = last_year_period(plan)
    refused = signed_in(people.admin).get(publish_url(period))
    assert refused.status_code == 403
    assert "Only editors of Example County publish its progress reports." in text(refused)
    assert signed_in(people.outsider).get(publish_url(period)).status_code == 404


def test_the_record_lists_each_periods_report(people, plan):
    period = last_year_period(plan)
    report = reports.publish(period, by=people.editor, seen_missing=True)
    html = signed_in(people.partner).get(reverse("progress:record", args=[plan.pk]))
    assert report.get_absolute_url() in html.content.decode()


def test_the_report_page_is_public_and_drawn_from_the_frozen_content(people, plan):
    period = last_year_period(plan)
    jobs, _outreach = commitments(plan)
    wrong = update(jobs, period, people.editor, account="120 young people worked.",
                   spent_to_date=Decimal(250000))
    value(jobs.measures.get(), people.editor, 14, period.ends_on)
    report = reports.publish(period, by=people.editor, seen_missing=True)
    update(jobs, period, people.editor, account="Only 90 worked.", corrects=wrong,
           correction_reason="Miscounted.")

    page = text(Client().get(report.get_absolute_url()))
    assert f"Progress report for {period.label}: Example County Safety Plan" in page
    assert "120 young people worked." in page and "Only 90 worked." not in page
    assert "No update for 1 commitment." in page
    assert f"No update for {period.label}." in page
    assert f"$250,000 spent in {period.starts_on.year} so far" in page
    assert "1 of 2 measures on track, 0 off track" in page
    assert report.digest in page and plan.snapshot.digest in page
    assert "The PDF is being prepared" in page
    assert "Comments on this report" not in page  # the comments are for the jurisdiction


def test_the_report_pdf_downloads_once_made(people, plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.publish(last_year_period(plan), by=people.editor, seen_missing=True)
    job = reports.pdf_job(report)
    assert job.state == ExportJob.State.DONE, job.error
    page = text(Client().get(report.get_absolute_url()))
    assert f"Download the PDF ({job.page_count} pages" in page
    response = Client().get(reverse("progress:report_pdf", args=[plan.pk, report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="example-county-v1-progress-report-{plan.first_year}.pdf"')
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_report_pdf_not_made_yet_is_not_found(people, plan):
    report = reports.publish(last_year_period(plan), by=people.editor, seen_missing=True)
    response = Client().get(reverse("progress:report_pdf", args=[plan.pk, report.pk]))
    assert response.status_code == 404


def test_the_blueprint_and_the_portal_link_the_latest_report(people):
    plan, (first, second, _third) = two_periods_over(people)
    portal = Client().get(reverse("plans:portal")).content.decode()
    assert "Progress report for" not in portal
    reports.publish(first, by=people.editor, seen_missing=True)
    latest = reports.publish(second, by=people.editor, seen_missing=True)
    for url in (reverse("plans:portal"), reverse("plans:blueprint", args=[plan.pk])):
        page = text(Client().get(url))
        assert f"Progress report for {second.label}, published on" in page
        assert f"Progress report for {first.label}," not in page
        assert latest.get_absolute_url() in Client().get(url).content.decode()
    earlier = text(Client().get(ProgressReport.objects.get(period=first).get_absolute_url()))
    assert "A later progress report is published: the report for " + second.label in earlier


def test_a_report_page_of_another_plan_or_an_unsigned_one_is_not_found(people):
    plan, (first, *_rest) = two_periods_over(people)
    other = plan_in_effect(people)
    report = reports.publish(first, by=people.editor, seen_missing=True)
    wrong = reverse("progress:report", args=[other.pk, report.pk])
    assert Client().get(wrong).status_code == 404


def test_the_public_progress_page_lists_the_published_reports(people):
    plan, (first, second, _third) = two_periods_over(people)
    url = reverse("progress:public", args=[plan.pk])
    assert "No progress report is published yet" in text(Client().get(url))
    earlier = reports.publish(first, by=people.editor, seen_missing=True)
    later = reports.publish(second, by=people.editor, seen_missing=True)
    page = Client().get(url).content.decode()
    assert page.index(earlier.get_absolute_url()) < page.index(later.get_absolute_url())
    assert f"Report for {second.label}, published on" in text(Client().get(url))


def test_a_report_pdf_that_failed_is_on_the_editors_dashboard_with_a_retry(people, plan):
    report = reports.publish(last_year_period(plan), by=people.editor, seen_missing=True)
    job = reports.pdf_job(report)
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.FAILED,
                                               error="OSError: disk full")
    dashboard = signed_in(people.other_editor).get(reverse("dashboard")).content.decode()
    assert "The PDF of “Example County Safety Plan” could not be made." in text(dashboard)
    assert job.get_absolute_url() in dashboard
    assert "The PDF could not be made." in text(Client().get(report.get_absolute_url()))
    page = text(signed_in(people.editor).get(job.get_absolute_url()))
    assert "The published progress report, rendered from its frozen content." in page
    assert "OSError: disk full" in page and "Retry the export" in page


def test_the_cadence_stays_once_a_report_is_published_even_with_no_update(people, plan):
    from progress import record
    from progress.models import Cadence

    reports.publish(last_year_period(plan), by=people.editor, seen_missing=True)
    with pytest.raises(RecordRefused, match="A progress report is published for the annual "
                                            "periods already"):
        record.set_schedule(plan, cadence=Cadence.QUARTERLY, due_days=30, by=people.admin)
    record.set_schedule(plan, cadence=Cadence.ANNUAL, due_days=45, by=people.admin)  # allowed
