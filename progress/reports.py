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
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans import documents, export
from plans.content import balance, money, principle_sections
from plans.models import AuditEntry, ExportJob, Plan
from plans.models.signoff import canonical_json

from .charts import line_chart
from .evaluation import RULE, Direction, Judgement, Verdict, on_path
from .models import (
    MeasuredValue,
    ProgressReport,
    ProgressStatus,
    ProgressUpdate,
    ReportingPeriod,
    plan_end,
    plan_start,
)
from .record import (
    CommitmentRecord,
    MeasureRecord,
    PlanRecord,
    PrincipleRecord,
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


# --- reading a frozen report --------------------------------------------------------------


def decimal(text):
    return None if text is None else Decimal(text)


def day(text):
    return date.fromisoformat(text)


@dataclass
class ReportRecord(PlanRecord):
    """A published report read back from its frozen content, shaped like the live record
    (progress.record.PlanRecord) so that the same summary and charts draw it."""

    content: dict = field(default_factory=dict)
    period: object = None
    published_at: datetime | None = None
    published_by: str = ""
    missing: list = field(default_factory=list)  # commitments without an update

    @property
    def start(self):
        return plan_start(self.plan)

    @property
    def end(self):
        return plan_end(self.plan)


def read_report(content):
    """The report's content as a ReportRecord, with each measure's chart: no query."""
    info = content["plan"]
    plan = SimpleNamespace(
        pk=info["id"], title=info["title"], jurisdiction=info["jurisdiction"],
        version=info["version"], first_year=info["first_year"], last_year=info["last_year"],
        language=info["language"], snapshot_digest=info["snapshot"],
        enforcement_spending=decimal(info["enforcement_spending"]),
        incarceration_spending=decimal(info["incarceration_spending"]))
    period = SimpleNamespace(
        label=content["period"]["label"], cadence=content["period"]["cadence"],
        starts_on=day(content["period"]["starts_on"]), ends_on=day(content["period"]["ends_on"]),
        due_on=day(content["period"]["due_on"]))
    report = ReportRecord(
        plan=plan, content=content, period=period, spending_year=period.starts_on.year,
        published_at=datetime.fromisoformat(content["published"]["at"]),
        published_by=content["published"]["by"])
    start, end = plan_start(plan), plan_end(plan)
    for entry in content["principles"]:
        principle = SimpleNamespace(
            number=entry["number"], name=entry["name"], short_name=entry["short_name"],
            slug=entry["slug"])
        section = PrincipleRecord(principle=principle)
        for c in entry["commitments"]:
            record = commitment_record(c, start, end)
            section.commitments.append(record)
            if record.latest is None:
                report.missing.append(record)
        report.principles.append(section)
        report.commitments += section.commitments
    return report


def commitment_record(c, start, end):
    commitment = SimpleNamespace(pk=c["id"], name=c["name"], lead_agency=c["lead_agency"],
                                 annual_budget=decimal(c["annual_budget"]))
    update = c["update"]
    latest = None
    if update is not None:
        latest = SimpleNamespace(
            status=update["status"], account=update["account"],
            stopped_reason=update["stopped_reason"],
            spent_to_date=decimal(update["spent_to_date"]),
            recorded_by=update["recorded_by"],
            recorded_at=datetime.fromisoformat(update["recorded_at"]),
            correction_reason=update["correction_reason"],
            is_flagged=update["status"] in {ProgressStatus.OFF_TRACK, ProgressStatus.STOPPED},
            get_status_display=ProgressStatus(update["status"]).label)
    return CommitmentRecord(commitment, latest,
                            [frozen_measure(m, start, end) for m in c["measures"]],
                            latest.spent_to_date if latest else None)


def frozen_measure(m, start, end):
    measure = SimpleNamespace(
        pk=m["id"], indicator=m["indicator"], unit=m["unit"], baseline=decimal(m["baseline"]),
        target=decimal(m["target"]), data_source=m["data_source"])
    values = [SimpleNamespace(for_date=day(v["for_date"]), value=decimal(v["value"]),
                              data_source=v["data_source"], note=v["note"])
              for v in m["values"]]
    judgement = Judgement(m["verdict"], "", decimal(m["expected"]))
    record = MeasureRecord(measure, values, judgement,
                           Direction(m["direction"]) if m["direction"] else None)
    known = measure.baseline is not None and measure.target is not None
    record.rows = [{"value": v, "expected": on_path(measure.baseline, measure.target, start,
                                                    end, v.for_date) if known else None}
                   for v in values]
    record.chart_ids = f"measure-{measure.pk}-"  # a page draws many charts: ids of its own
    record.chart = line_chart(start=start, end=end, baseline=measure.baseline,
                              target=measure.target,
                              values=[(v.for_date, v.value) for v in values])
    return record


def spending_balance(report):
    """The plan's investment balance with what the period's updates report as spent."""
    return balance(
        [(p.principle.short_name, p.planned) for p in report.principles],
        report.plan.enforcement_spending, report.plan.incarceration_spending,
        spent={p.principle.short_name: p.spent if p.commitments else Decimal(0)
               for p in report.principles})


def report_context(report, digest):
    """What the report's page body and its PDF draw."""
    return {"report": report, "record": report, "balance": spending_balance(report),
            "digest": digest, "rule": RULE, "verdicts": Verdict,
            "start": report.start, "end": report.end}


# --- the PDF (plans.documents) ----------------------------------------------------------


def render_pdf_html(job, content):
    """The report's HTML for WeasyPrint, in the plan's language and in UTC, so that the same
    report always gives the same bytes."""
    language = content["plan"]["language"]
    with translation.override(language), timezone.override(UTC):
        return render_to_string("progress/pdf/report.html", {
            **report_context(read_report(content), digest_of(content)),
            "language": language})


def pdf_filename(job):
    content = job.content
    return (f"{job.plan.jurisdiction.slug}-v{job.plan.version}-progress-report-"
            f"{slugify(content['period']['label'])}.pdf")


def verify(*, sha256=None, digest=None):
    """The published report whose PDF has this SHA-256, or whose content has this digest."""
    if sha256:
        job = ExportJob.objects.filter(kind=KIND, sha256=sha256,
                                       state=ExportJob.State.DONE).first()
        digest = job.key.removeprefix("report-") if job else None
    if not digest:
        return None
    report = (ProgressReport.objects.select_related("plan__jurisdiction", "published_by", "period")
              .defer("content").filter(digest=digest).first())
    if report is None:
        return None
    return documents.Verified("progress/_verified_report.html", {"report": report})


def portal_links(plans):
    """{plan id: [(words, address)]}: the latest published report of each plan (one query)."""
    latest = {}
    for report in (ProgressReport.objects.filter(plan__in=[p.pk for p in plans])
                   .select_related("period").defer("content").in_period_order()):
        latest[report.plan_id] = report
    return {plan_id: [report_link(report)] for plan_id, report in latest.items()}


def report_link(report):
    return (_("Progress report for %(period)s, published on %(date)s") % {
        "period": report.label, "date": date_format(timezone.localdate(report.published_at))},
        report.get_absolute_url())


def links(plan, public):
    """For the public blueprint page (plans.carried): its plan's latest published report."""
    if not public or not plan.is_signed:
        return []
    report = (ProgressReport.objects.filter(plan=plan).select_related("period")
              .defer("content").order_by("-period__starts_on").first())
    return [report_link(report)] if report else []


def register():
    """Tell plans how a report's PDF is made and named, how the verify page knows one, and
    what the portal and the blueprint page link to (ProgressConfig.ready)."""
    from plans import carried

    documents.register(documents.Document(KIND, render_pdf_html, pdf_filename),
                       verify=verify, portal=portal_links)
    carried.register(links=links)
