"""Demo records of implementation: Example County's signed version 1 reports every year, and
its two years gone by are reported, with an update per commitment and a value per measure
(one of them corrected), so that every chart has something to show. Run from the demo's
seed (plans.demo.seed, through ProgressConfig.seed_demo); it creates only what is missing."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from plans.models import Commitment, OutcomeMeasure, Plan, Status
from stakeholders.input import Comment

from . import record, reports
from .models import (
    Cadence,
    MeasuredValue,
    ProgressReport,
    ProgressStatus,
    ProgressUpdate,
    ReportingPeriod,
)

# Per commitment of version 1 (by its lead agency, as plans.demo writes them): for each of
# the two reported periods, (status, what happened, spent so far, the measure's value).
REPORTS = {
    "Public Health Department": [
        (ProgressStatus.ON_TRACK, "The prevention team is hired and mapped where harm "
         "concentrates; two neighbourhoods have a prevention plan.", "610000", "2"),
        (ProgressStatus.AT_RISK, "One neighbourhood plan was added; hiring outreach workers "
         "took longer than planned.", "720000", "3"),
    ],
    "Behavioral Health Department": [
        (ProgressStatus.ON_TRACK, "The first trauma recovery centre opened in March.",
         "900000", "52"),
        (ProgressStatus.ON_TRACK, "The second centre opened; survivors are seen within a "
         "week more often.", "1150000", "68"),
    ],
    "County Executive Office": [
        (ProgressStatus.AT_RISK, "The cabinet met once; community members could not attend "
         "daytime meetings.", "40000", "1"),
        (ProgressStatus.OFF_TRACK, "No meeting with community members this year: the "
         "cabinet is to meet in the evening from now on.", "60000", "1"),
    ],
}
# A value first typed wrong, then corrected: the record keeps both.
TYPO = ("Behavioral Health Department", 0, "25",
        "25 was a typing slip: the centre's records give 52.")


def seed():
    plan = (Plan.objects.filter(jurisdiction__slug="example-county", version=1,
                                status=Status.SIGNED_OFF).select_related("jurisdiction").first())
    if plan is None:
        yield "No Example County plan in effect: no progress recorded."
        return
    official = get_user_model().objects.get(username="official")
    if not hasattr(plan, "reporting_schedule"):
        record.set_schedule(plan, cadence=Cadence.ANNUAL, due_days=30, by=official)
    today = timezone.localdate()
    periods = [p for p in ReportingPeriod.objects.filter(plan=plan).active()
               if p.ends_on < today][:2]
    made = 0
    for commitment in Commitment.objects.current().filter(plan=plan):
        reports = REPORTS.get(commitment.lead_agency)
        if reports is None:
            continue
        measures = list(OutcomeMeasure.objects.filter(commitment=commitment,
                                                      removed_at__isnull=True))
        for index, (period, report) in enumerate(zip(periods, reports, strict=False)):
            status, account, spent, value = report
            if not ProgressUpdate.objects.filter(commitment=commitment, period=period).exists():
                record.record_update(commitment, period, by=official, status=status,
                                     account=account, spent_to_date=Decimal(spent))
                made += 1
            for measure in measures:
                made += seed_value(measure, period.ends_on, index, commitment, value, official)
    yield (f"Progress of '{plan}': {len(periods)} reported periods, "
           f"{made} updates and values recorded.")
    yield publish_first_report(plan, periods, official)


def seed_value(measure, on, index, commitment, value, official):
    if MeasuredValue.objects.filter(measure=measure, for_date=on).exists():
        return 0
    agency, typo_index, typo, reason = TYPO
    if commitment.lead_agency == agency and index == typo_index:
        wrong = record.record_value(measure, by=official, value=Decimal(typo), for_date=on)
        record.record_value(measure, by=official, value=Decimal(value), for_date=on,
                            corrects=wrong, correction_reason=reason)
        return 2
    record.record_value(measure, by=official, value=Decimal(value), for_date=on)
    return 1




REPORT_COMMENT = ("Thank you for the report. Could the next one say which neighbourhoods "
                  "have a prevention plan, and when the others follow?")


def publish_first_report(plan, periods, official):
    """The first reported period's report, published by the official (so that the portal
    shows one), with a partner's question on it; the second period stays to be published."""
    if not periods:
        return "No period reported: no progress report published."
    report = ProgressReport.objects.filter(period=periods[0]).first()
    made = report is None
    if made:
        report = reports.publish(periods[0], by=official)
    partner = get_user_model().objects.filter(username="partner").first()
    if partner is not None and not Comment.objects.filter(report=report).exists():
        Comment.objects.create(plan=plan, report=report, author=partner, body=REPORT_COMMENT)
    return (f"Progress report for {periods[0].label} "
            f"{'published' if made else 'was published already'}.")
