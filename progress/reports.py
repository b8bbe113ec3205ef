"""Progress reports: an editor publishes a period's report once the period is over; it is the
period's record as it stood then, frozen with its SHA-256 digest (ProgressReport), public on
the portal beside the blueprint, printed to a tagged PDF by the plan's export job and
checkable on the verify page.

A report may be published with commitments that have no update for its period: it says how
many, on its cover and in its summary, and names each one where its update would be. A late
agency does not hold back the public account of all the others, and the gap is public too.
The editor confirms having seen the gap before publishing, as for what is unfinished before
sign-off. Reports follow one another: a period's report waits for the reports of the periods
before it, so that the series has no hole and "the latest report" is always the last one.
"""

import hashlib
import json
from datetime import UTC

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans import export
from plans.content import money, principle_sections
from plans.models import AuditEntry, ExportJob, Plan
from plans.models.signoff import canonical_json

from .models import (
    MeasuredValue,
    ProgressReport,
    ProgressUpdate,
    ReportingPeriod,
)
from .record import (
    RecordRefused,
    measure_record,
    refuse_unless_in_effect,
    touch,
)

KIND = ExportJob.Kind.PROGRESS_REPORT


class MissingNotSeen(RecordRefused):
    """Some commitments have no update for the period and the editor did not confirm seeing it."""


# --- what a report freezes ----------------------------------------------------------------


def report_content(plan, period, *, by, at):
    """The period's record as it stands now, as plain data in the plan's language: each
    commitment's current update for the period, each measure's current values up to the
    period's end with its on-track verdict on that day, the money spent. Five queries, with
    the plan read with its jurisdiction and snapshot."""
    sections = principle_sections(plan)  # 3 queries
    updates = {u.commitment_id: u for u in (
        ProgressUpdate.objects.current()
        .filter(period=period, commitment__plan=plan, commitment__removed_at__isnull=True)
        .select_related("author"))}
    values = {}
    for value in (MeasuredValue.objects.current()
                  .filter(measure__commitment__plan=plan, for_date__lte=period.ends_on)
                  .order_by("for_date", "pk")):
        values.setdefault(value.measure_id, []).append(value)
    with translation.override(plan.language):
        return {
            "plan": {
                "id": plan.pk,
                "jurisdiction": plan.jurisdiction.name,
                "title": plan.title,
                "language": plan.language,
                "version": plan.version,
                "first_year": plan.first_year,
                "last_year": plan.last_year,
                "enforcement_spending": money(plan.enforcement_spending),
                "incarceration_spending": money(plan.incarceration_spending),
                "snapshot": plan.snapshot.digest,
            },
            "period": {
                "id": period.pk,
                "label": str(period.label),
                "cadence": period.cadence,
                "starts_on": period.starts_on.isoformat(),
                "ends_on": period.ends_on.isoformat(),
                "due_on": period.due_on.isoformat(),
            },
            "published": {"at": at.astimezone(UTC).isoformat(), "by": str(by)},
            "principles": [{
                "number": s.principle.number,
                "name": s.principle.name,
                "short_name": s.principle.short_name,
                "slug": s.principle.slug,
                "commitments": [commitment_content(c, updates.get(c.pk), values, plan)
                                for c in s.commitments],
            } for s in sections],
        }


def commitment_content(commitment, update, values, plan):
    return {
        "id": commitment.pk,
        "name": commitment.name,
        "lead_agency": commitment.lead_agency,
        "annual_budget": money(commitment.annual_budget),
        "update": None if update is None else {
            "status": update.status,
            "account": update.account,
            "stopped_reason": update.stopped_reason,
            "spent_to_date": money(update.spent_to_date),
            "recorded_by": str(update.author),
            "recorded_at": update.created_at.astimezone(UTC).isoformat(),
            "correction_reason": update.correction_reason,
        },
        "measures": [measure_content(m, values.get(m.pk, []), plan)
                     for m in commitment.measures.all()],
    }


def measure_content(measure, values, plan):
    found = measure_record(measure, values, plan)
    return {
        "id": measure.pk,
        "indicator": measure.indicator,
        "unit": measure.unit,
        "baseline": money(measure.baseline),
        "target": money(measure.target),
        "data_source": measure.data_source,
        "values": [{"for_date": v.for_date.isoformat(), "value": money(v.value),
                    "data_source": v.data_source, "note": v.note} for v in values],
        "verdict": found.judgement.verdict,
        "expected": money(found.judgement.expected),
        "direction": found.direction.value if found.direction else None,
    }


def digest_of(content):
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


# --- publishing ---------------------------------------------------------------------------


def missing_updates(period):
    """The plan's current commitments without an update for ``period``, in the plan's order."""
    updated = set(ProgressUpdate.objects.current().filter(period=period)
                  .values_list("commitment_id", flat=True))
    return [c for s in principle_sections(period.plan, measures=False) for c in s.commitments
            if c.pk not in updated]


def publishable(period, today=None):
    """Why the period's report cannot be published now, in a sentence; "" when it can."""
    today = today or timezone.localdate()
    if hasattr(period, "report"):
        return _("The report for %(period)s is published already.") % {"period": period.label}
    if not period.is_over(today):
        return _("%(period)s ends on %(date)s: publish its report once it is over.") % {
            "period": period.label, "date": date_format(period.ends_on)}
    earlier = (ReportingPeriod.objects.active()
               .filter(plan_id=period.plan_id, starts_on__lt=period.starts_on,
                       report__isnull=True).first())
    if earlier is not None:
        return _("Publish the report for %(earlier)s first: reports follow one another, "
                 "period by period.") % {"earlier": earlier.label}
    return ""


def period_context(user, period):
    """What the period's page shows of its report: the report, or whether and why not the
    person may publish it now."""
    report = ProgressReport.objects.filter(period=period).defer("content").first()
    can_publish = report is None and user.has_perm("progress.publish_report", period.plan)
    return {"report": report, "can_publish": can_publish,
            "why_not": publishable(period) if can_publish else ""}


def published(plan):
    """The plan's published reports, in period order, without their content."""
    return list(ProgressReport.objects.filter(plan=plan).select_related("period")
                .defer("content").in_period_order())


def by_period(plan):
    """{period id: its published report} of the plan, for the record's table of periods."""
    return {r.period_id: r for r in ProgressReport.objects.filter(plan=plan).defer("content")}


@transaction.atomic
def publish(period, *, by, seen_missing=False, today=None):
    """Publish the period's report: freeze the record of the period with its digest, note it
    in the plan's audit log, and queue its PDF. Refuses (RecordRefused) a period not over,
    reported already or after an unreported one, and (MissingNotSeen) a report with missing
    updates that the editor did not confirm seeing."""
    touch(period.plan_id)  # takes the jurisdiction's lock: two editors publish one at a time
    plan = Plan.objects.select_related("jurisdiction", "snapshot").get(pk=period.plan_id)
    if not by.has_perm("progress.publish_report", plan):
        raise PermissionDenied(_("Only editors of %(jurisdiction)s publish its progress "
                                 "reports.") % {"jurisdiction": plan.jurisdiction})
    refuse_unless_in_effect(plan)
    period = (ReportingPeriod.objects.active().select_related("plan")
              .filter(pk=period.pk).first())
    if period is None:
        raise RecordRefused(_("This period is not one of the plan's reporting periods now."))
    period.plan = plan
    why_not = publishable(period, today)
    if why_not:
        raise RecordRefused(why_not)
    now = timezone.now()
    content = report_content(plan, period, by=by, at=now)
    missing = sum(1 for p in content["principles"] for c in p["commitments"]
                  if c["update"] is None)
    if missing and not seen_missing:
        raise MissingNotSeen(ngettext(
            "%(count)s commitment has no update for %(period)s: confirm that you have seen "
            "it to publish the report all the same.",
            "%(count)s commitments have no update for %(period)s: confirm that you have seen "
            "them to publish the report all the same.", missing)
            % {"count": missing, "period": period.label})
    text = canonical_json(content)
    report = ProgressReport.objects.create(
        plan=plan, period=period, content=json.loads(text), digest=digest_of(content),
        published_by=by, published_at=now)
    note = _("Report for %(period)s; SHA-256 %(digest)s.") % {
        "period": period.label, "digest": report.digest}
    if missing:
        note += " " + ngettext("No update for %(count)s commitment.",
                               "No update for %(count)s commitments.", missing) % {
            "count": missing}
    AuditEntry.objects.create(jurisdiction_id=plan.jurisdiction_id, plan=plan,
                              action="publish_report", actor=by, note=note)
    request_pdf(report, by=by)  # rendered by the worker once this commits
    return report


def request_pdf(report, by=None):
    """The export job of the report's PDF: the plan's export machinery, keyed by the digest."""
    return export.request_document(report.plan, kind=KIND, key=job_key(report.digest),
                                   content=report.content, by=by)


def job_key(digest):
    return f"report-{digest}"


def pdf_job(report):
    return ExportJob.objects.filter(key=job_key(report.digest)).first()
