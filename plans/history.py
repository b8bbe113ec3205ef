"""Who changed what and when in a plan: read from django-simple-history's records of the
plan, its priority populations, commitments and outcome measures, in a fixed number of
queries whatever the plan's size."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from principles.models import Practice, Principle

from .models import Commitment, OutcomeMeasure, Plan, PriorityPopulation

SKIPPED = {
    "id",
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
    "position",
    "plan",
    "plan_id",
    "commitment",
    "commitment_id",
    "jurisdiction",
    "jurisdiction_id",
    "created_by",
    "created_by_id",
    "created_at",
    "previous",
    "previous_id",
    "version",
    "signoff_round",
}


@dataclass
class Change:
    at: datetime
    user: object
    kind: str  # created, changed, removed
    subject: str
    fields: list = field(default_factory=list)  # (label, old, new)


def _display(model, name, value, names):
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if name in ("practice", "practice_id"):
        return names["practice"].get(value, value)
    if name in ("principle", "principle_id"):
        return names["principle"].get(value, value)
    return str(value)


def _changes(model, records, subject_of, names):
    """Compare each record with the previous one of the same object."""
    recorded = {f.attname for f in model.history.model._meta.concrete_fields}
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.attname in recorded
        and f.attname not in SKIPPED
        and f.name not in SKIPPED
        and f.name not in ("removed_at", "updated_at")
    ]
    previous = {}
    out = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        subject = subject_of(record)
        if before is None:
            out.append(Change(record.history_date, record.history_user, "created", subject))
            continue
        if before.removed_at is None and getattr(record, "removed_at", None) is not None:
            out.append(Change(record.history_date, record.history_user, "removed", subject))
            continue
        diffs = []
        for f in fields:
            old, new = getattr(before, f.attname), getattr(record, f.attname)
            if old != new:
                diffs.append(
                    (
                        f.verbose_name,
                        _display(model, f.name, old, names),
                        _display(model, f.name, new, names),
                    )
                )
        if diffs:
            out.append(Change(record.history_date, record.history_user, "changed", subject, diffs))
    return out


def plan_history(plan):
    """Every change to the plan's content, newest first."""
    names = {
        "practice": dict(Practice.objects.values_list("pk", "title")),
        "principle": dict(Principle.objects.values_list("pk", "name")),
    }
    ordered = ("history_date", "history_id")
    plan_records = list(
        Plan.history.filter(id=plan.pk).select_related("history_user").order_by(*ordered)
    )
    for record in plan_records:
        record.removed_at = None
    commitment_records = list(
        Commitment.history.filter(plan_id=plan.pk).select_related("history_user").order_by(*ordered)
    )
    commitment_names = {}
    for r in commitment_records:
        commitment_names[r.id] = names["practice"].get(r.practice_id) or r.local_practice
    changes = _changes(Plan, plan_records, lambda r: _("The plan"), names)
    changes += _changes(
        PriorityPopulation,
        PriorityPopulation.history.filter(plan_id=plan.pk)
        .select_related("history_user")
        .order_by(*ordered),
        lambda r: _("Priority: %(who)s") % {"who": r.who},
        names,
    )
    changes += _changes(
        Commitment,
        commitment_records,
        lambda r: _("Commitment: %(name)s") % {"name": commitment_names[r.id]},
        names,
    )
    changes += _changes(
        OutcomeMeasure,
        OutcomeMeasure.history.filter(commitment_id__in=list(commitment_names))
        .select_related("history_user")
        .order_by(*ordered),
        lambda r: (
            _("Measure of %(name)s: %(indicator)s")
            % {"name": commitment_names.get(r.commitment_id, "?"), "indicator": r.indicator}
        ),
        names,
    )
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes
