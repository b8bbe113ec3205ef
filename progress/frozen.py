"""A published progress report read back from its frozen content, for its page on the portal
and its PDF; and what the plans app learns of reports through its seams (plans.documents,
plans.carried): how the export job renders and names a report's PDF, how the verify page
recognises one, and what the portal and the blueprint page link to.

Nothing here reads the live record: a report shows what it froze, whatever was corrected
since.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plans import documents
from plans.content import balance
from plans.models import ExportJob

from .charts import line_chart
from .evaluation import RULE, Direction, Judgement, Verdict, on_path
from .models import ProgressReport, ProgressStatus, plan_end, plan_start
from .record import CommitmentRecord, MeasureRecord, PlanRecord, PrincipleRecord
from .reports import KIND, digest_of

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
