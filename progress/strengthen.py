"""Strengthen: what the record of a signed version says of each commitment that its
amendment carried over, for the amendment's plan page (plans.carried, which progress fills
in when Django starts). Four queries, whatever the number of commitments."""

from collections import defaultdict

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plans.carried import CarriedMeasure, CarriedRecord
from plans.models import Commitment, OutcomeMeasure

from .models import MeasuredValue, ProgressStatus, ProgressUpdate
from .record import measure_record


def amount(value, unit):
    number = floatformat(value, "-2")
    return f"{number} {unit}".strip() if unit != "%" else f"{number} %"


def measure_summary(measure_record_):
    latest = measure_record_.latest
    if latest is None:
        return _("No value was measured.")
    text = _("Latest value %(value)s on %(date)s: %(verdict)s.") % {
        "value": amount(latest.value, measure_record_.measure.unit),
        "date": date_format(latest.for_date),
        "verdict": str(measure_record_.judgement.label).lower()}
    if measure_record_.direction:
        text += " " + _("It was %(direction)s.") % {
            "direction": measure_record_.direction.label}
    return text


def carried(origin_ids):
    """{origin commitment id: plans.carried.CarriedRecord} for the origins with a record."""
    origins = {c.pk: c for c in Commitment.objects.filter(pk__in=origin_ids)
               .select_related("plan__reporting_schedule")}
    latest = {}
    for update in (ProgressUpdate.objects.current().filter(commitment__in=origin_ids)
                   .select_related("period").order_by("period__starts_on", "created_at", "pk")):
        latest[update.commitment_id] = update
    measures = defaultdict(list)
    for measure in OutcomeMeasure.objects.filter(commitment__in=origin_ids,
                                                 removed_at__isnull=True):
        measures[measure.commitment_id].append(measure)
    values = defaultdict(list)
    for value in (MeasuredValue.objects.current()
                  .filter(measure__commitment__in=origin_ids, measure__removed_at__isnull=True)
                  .order_by("for_date", "pk")):
        values[value.measure_id].append(value)
    found = {}
    for pk, origin in origins.items():
        update = latest.get(pk)
        records = [measure_record(m, values[m.pk], origin.plan) for m in measures[pk]]
        has_schedule = hasattr(origin.plan, "reporting_schedule")
        if update is None and not has_schedule and not any(r.values for r in records):
            continue  # the signed version keeps no record: nothing to say
        notes = []
        if update is not None and update.status == ProgressStatus.STOPPED:
            notes.append(_("Why it stopped: %(reason)s") % {"reason": update.stopped_reason})
        if update is not None:
            notes.append(_("What happened: %(account)s") % {"account": update.account})
        found[pk] = CarriedRecord(
            status=update.get_status_display() if update else "",
            period=update.period.label if update else "",
            flagged=bool(update and update.is_flagged) or any(
                r.judgement.is_behind for r in records),
            notes=notes,
            measures=[CarriedMeasure(r.measure.indicator, measure_summary(r),
                                     r.judgement.is_behind) for r in records],
            link=reverse("progress:public", args=[origin.plan_id]) + f"#commitment-{pk}")
    return found


def links(plan, public):
    """Where the signed plan's record is read: the public page, or the members' page."""
    if not plan.is_signed:
        return []
    if public:
        return [(_("How the plan is going: its progress record"),
                 reverse("progress:public", args=[plan.pk]))]
    return [(_("Progress"), reverse("progress:record", args=[plan.pk]))]
