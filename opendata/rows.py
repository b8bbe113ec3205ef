"""The rows of each table (opendata.tables), as dicts by column key, read from where the data
lives: a plan's content (live, or frozen in its signed snapshot), a frozen progress report,
the live implementation record, the comments and the audit log. Each reads a constant
number of queries, whatever the number of rows."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from plans.models import AuditEntry
from progress.models import MeasuredValue, ProgressUpdate
from stakeholders.input import Comment
from stakeholders.models import Membership

# --- a plan's content: a signed snapshot, or the plan as it stands -----------------------------


def content_commitments(content):
    """[(commitment number, principle entry, commitment)] of a plan's content, in order."""
    return [(f"{p['number']}.{place}", p, c) for p in content["principles"]
            for place, c in enumerate(p["commitments"], start=1)]


def commitment_rows(content):
    return [{
        "commitment": number, "principle_number": principle["number"],
        # .get: snapshots signed before a key was added to the content lack it
        "principle": principle["name"], **{key: c.get(key) for key in (
            "practice", "from_catalogue", "stage", "local_action", "lead_agency", "partners",
            "starts_on", "ends_on", "annual_budget", "funding_source", "status")},
    } for number, principle, c in content_commitments(content)]


def measure_rows(content):
    return [{"commitment": number, "principle": principle["name"], "practice": c["practice"],
             **m}
            for number, principle, c in content_commitments(content) for m in c["measures"]]


def blueprint_row(plan, content):
    """The blueprint itself: the plan read with its jurisdiction and snapshot, and its signed
    content."""
    info, jurisdiction = content["plan"], plan.jurisdiction
    return {
        "id": plan.pk, "jurisdiction": info["jurisdiction"],
        "jurisdiction_kind": jurisdiction.kind, "state": jurisdiction.state,
        "status": plan.status, "signed_on": plan.snapshot.created_at.date(),
        "digest": plan.snapshot.digest, "licence": jurisdiction.data_licence,
        "licence_url": jurisdiction.data_licence_url,
        **{key: info[key] for key in (
            "title", "version", "first_year", "last_year", "language", "vision", "summary",
            "enforcement_spending", "incarceration_spending")},
    }


# --- a published progress report (frozen) -----------------------------------------------------


def report_row(report, plan, content):
    period = content["period"]
    return {
        "id": report.pk, "blueprint": plan.pk, "jurisdiction": content["plan"]["jurisdiction"],
        "title": content["plan"]["title"], "version": content["plan"]["version"],
        "period": period["label"], "period_starts_on": period["starts_on"],
        "period_ends_on": period["ends_on"], "published_at": content["published"]["at"],
        "digest": report.digest, "licence": plan.jurisdiction.data_licence,
        "licence_url": plan.jurisdiction.data_licence_url,
    }


def report_commitments(content):
    return [(p, c) for p in content["principles"] for c in p["commitments"]]


def report_update_rows(content):
    period = content["period"]
    rows = []
    for principle, c in report_commitments(content):
        update = c["update"]
        if update is None:
            continue
        rows.append({
            "period": period["label"], "period_ends_on": period["ends_on"],
            "principle": principle["name"], "practice": c["name"],
            "lead_agency": c["lead_agency"], "annual_budget": c["annual_budget"],
            "recorded_at": update["recorded_at"],
            **{key: update[key] for key in ("status", "account", "stopped_reason",
                                            "spent_to_date", "correction_reason")}})
    return rows


def report_value_rows(content):
    return [{"principle": principle["name"], "practice": c["name"],
             "indicator": m["indicator"], "unit": m["unit"], **v}
            for principle, c in report_commitments(content) for m in c["measures"]
            for v in m["values"]]


# --- the live record of a signed plan ---------------------------------------------------------


def update_rows(plan):
    """Every current progress update of the plan, period by period (one query)."""
    updates = (ProgressUpdate.objects.current()
               .filter(commitment__plan=plan, commitment__removed_at__isnull=True)
               .select_related("period", "commitment__practice", "commitment__principle")
               .order_by("period__starts_on", "commitment__principle__number",
                         "commitment__position", "commitment__pk"))
    return [{
        "period": str(u.period.label), "period_ends_on": u.period.ends_on,
        "principle": u.commitment.principle.name, "practice": u.commitment.name,
        "lead_agency": u.commitment.lead_agency, "annual_budget": u.commitment.annual_budget,
        "status": u.status, "account": u.account, "stopped_reason": u.stopped_reason,
        "spent_to_date": u.spent_to_date, "recorded_at": u.created_at,
        "correction_reason": u.correction_reason,
    } for u in updates]


def value_rows(plan):
    """Every current measured value of the plan's measures (one query)."""
    values = (MeasuredValue.objects.current()
              .filter(measure__commitment__plan=plan, measure__removed_at__isnull=True,
                      measure__commitment__removed_at__isnull=True)
              .select_related("measure__commitment__practice", "measure__commitment__principle")
              .order_by("measure__commitment__principle__number",
                        "measure__commitment__position", "measure__pk", "for_date"))
    return [{
        "principle": v.measure.commitment.principle.name, "practice": v.measure.commitment.name,
        "indicator": v.measure.indicator, "unit": v.measure.unit, "for_date": v.for_date,
        "value": v.value, "data_source": v.data_source, "note": v.note,
    } for v in values]


# --- what only the plan's people read -----------------------------------------------------------


def comment_rows(plan):
    """The comments of the plan's consultation, each reply after its comment (three queries).
    A hidden comment, or a reply hidden with it, is marked and its text left out: the
    download goes to everyone who reads the plan, as the page does."""
    related = ("author", "principle", "commitment__practice", "commitment__principle",
               "response__responded_by")
    comments = (Comment.objects.consultation().filter(plan=plan, parent__isnull=True)
                .select_related(*related)
                .prefetch_related(Prefetch("replies", to_attr="reply_list",
                                           queryset=Comment.objects.select_related(*related))))
    organizations = Membership.objects.partner_organizations(plan.jurisdiction_id)
    rows = []
    for comment in comments:
        rows.append(comment_row(comment, organizations, hidden=comment.is_hidden))
        for reply in comment.reply_list:
            rows.append(comment_row(reply, organizations,
                                    hidden=reply.is_hidden or comment.is_hidden,
                                    about=comment))
    return rows


def comment_row(comment, organizations, *, hidden, about=None):
    """A comment's row. A hidden one (or a reply hidden with it) says only that a comment
    was there and when, as its page does: not what it said, who wrote it, what it was about
    or how it was answered."""
    marker = {"number": comment.pk, "reply_to": comment.parent_id,
              "written": comment.created_at, "hidden": hidden}
    if hidden:
        return marker
    response = getattr(comment, "response", None)
    organization = organizations.get(comment.author_id)
    return {
        **marker,
        "author": str(comment.author), "organization": organization.name if organization else "",
        "on": target_of(about or comment), "text": comment.body,
        "disposition": response.disposition if response else "",
        "answer": response.text if response else "",
        "reason": response.reason if response else "",
        "answered_by": str(response.responded_by) if response else "",
        "answered_at": response.responded_at if response else None,
    }


def target_of(comment):
    """What a comment is about, in words: a commitment, a principle or the whole plan."""
    if comment.commitment_id:
        return f"{comment.commitment.principle.short_name}: {comment.commitment.name}"
    if comment.principle_id:
        return comment.principle.name
    return _("The whole plan")


def audit_rows(jurisdiction):
    """Every recorded action of the jurisdiction, newest first (one query)."""
    entries = AuditEntry.objects.filter(jurisdiction=jurisdiction).select_related("actor", "plan")
    return [{
        "at": e.at, "actor": str(e.actor) if e.actor else "", "plan": str(e.plan or ""),
        "action": str(e.action_label), "from_status": str(e.from_status_label),
        "to_status": str(e.to_status_label), "note": e.note,
    } for e in entries]
