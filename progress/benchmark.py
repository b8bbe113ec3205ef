"""A filled-in record for `make bench` (plans/management/commands/bench.py asks each app's
AppConfig for its ``bench_data``): the signed plan reports every quarter, and its first
eight periods hold an update per commitment and a value per measure, every third one
corrected. Rows are written in bulk: sample data for timing, not a user's work (the bench
plan's years lie ahead, where the record's own rules would wait for the periods to begin)."""

from decimal import Decimal

from plans.models import Commitment, OutcomeMeasure

from . import record
from .models import Cadence, MeasuredValue, ProgressStatus, ProgressUpdate, ReportingPeriod

STATUSES = [ProgressStatus.ON_TRACK, ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK,
            ProgressStatus.COMPLETED, ProgressStatus.NOT_STARTED]


def fill_record(plan, editor, periods=8):
    record.set_schedule(plan, cadence=Cadence.QUARTERLY, due_days=30, by=editor)
    reported = list(ReportingPeriod.objects.filter(plan=plan).active()[:periods])
    commitments = list(Commitment.objects.current().filter(plan=plan))
    first = ProgressUpdate.objects.bulk_create([
        ProgressUpdate(commitment=c, period=p, author=editor,
                       status=STATUSES[(i + j) % len(STATUSES)],
                       account=f"What happened in {p.label} for commitment {i}. " * 2,
                       spent_to_date=(c.annual_budget or Decimal(0)) * (j % 4 + 1) / 5)
        for i, c in enumerate(commitments) for j, p in enumerate(reported)])
    ProgressUpdate.objects.bulk_create([
        ProgressUpdate(commitment=u.commitment, period=u.period, author=editor,
                       status=ProgressStatus.AT_RISK, account="Corrected account.",
                       corrects=u, correction_reason="The first account was wrong.")
        for u in first[::3]])
    measures = list(OutcomeMeasure.objects.filter(commitment__in=commitments,
                                                  removed_at__isnull=True))
    values = MeasuredValue.objects.bulk_create([
        MeasuredValue(measure=m, author=editor, for_date=p.ends_on, data_source="County data",
                      value=(m.baseline or Decimal(0)) + Decimal(j) * (k % 3))
        for k, m in enumerate(measures) for j, p in enumerate(reported)])
    MeasuredValue.objects.bulk_create([
        MeasuredValue(measure=v.measure, author=editor, for_date=v.for_date,
                      value=v.value + 1, corrects=v, correction_reason="Recounted.")
        for v in values[::3]])
    record.touch(plan.pk)
    return len(first), len(values)


def state_values(measures, count):
    """``count`` measured values spread over ``measures`` (a state-sized installation's),
    one a quarter back from the end of last year, each recorded by its plan's editor."""
    from datetime import date, timedelta

    from django.utils import timezone

    from plans.benchmark_state import insert

    last = date(timezone.localdate().year - 1, 12, 31)
    per_measure = -(-count // len(measures))
    quarters = [last - timedelta(days=91 * q) for q in range(per_measure)]
    rows = (MeasuredValue(measure=m, author_id=m.commitment.plan.created_by_id,
                          for_date=quarters[q], value=Decimal(10 + q), data_source="State data")
            for m in measures for q in range(per_measure))
    return len(insert(MeasuredValue, (row for _n, row in zip(range(count), rows,
                                                             strict=False))))
