"""Links to the downloads and open-data files, for the pages that show the same data (the
plan page, What we heard, the record, the audit log, the public blueprint and report)."""

from django import template
from django.urls import reverse

from opendata import tables

register = template.Library()


def both_formats(name, args, what):
    return (what, *(reverse(name, kwargs={**args, "fmt": fmt}) for fmt in ("csv", "xlsx")))


@register.inclusion_tag("opendata/_downloads.html")
def downloads(kind, obj):
    """The downloads of a plan (``kind`` "plan", "comments" or "record") or of a
    jurisdiction ("audit"), as CSV and Excel. The page offering them has checked already
    that its reader may read the same data."""
    if kind == "audit":
        files = [both_formats("opendata:audit_download", {"slug": obj.slug},
                              tables.AUDIT_LOG.title)]
    else:
        name, names = {
            "plan": ("opendata:plan_download", [("commitments", tables.COMMITMENTS),
                                                ("measures", tables.MEASURES)]),
            "comments": ("opendata:plan_download", [("comments", tables.COMMENTS)]),
            "record": ("opendata:record_download", [("progress-updates", tables.UPDATES),
                                                    ("measured-values", tables.VALUES)]),
        }[kind]
        files = [both_formats(name, {"pk": obj.pk, "table": table}, t.title)
                 for table, t in names]
    return {"files": files, "heading_id": f"downloads-{kind}"}


@register.inclusion_tag("opendata/_open_data.html")
def open_data(plan, report=None):
    """The open-data files of a published blueprint, or of one of its progress reports, with
    the jurisdiction's licence."""
    if report is None:
        name, args = "opendata:blueprint_data", {"pk": plan.pk}
        files = [("JSON", "data.json"), (f"CSV ({tables.COMMITMENTS.title})", "data.csv"),
                 (f"CSV ({tables.MEASURES.title})", "measures.csv")]
    else:
        name, args = "opendata:report_data", {"pk": plan.pk, "report_pk": report.pk}
        files = [("JSON", "data.json"), (f"CSV ({tables.UPDATES.title})", "data.csv"),
                 (f"CSV ({tables.VALUES.title})", "values.csv")]
    return {"files": [(what, reverse(name, kwargs={**args, "name": file}))
                      for what, file in files],
            "jurisdiction": plan.jurisdiction}
