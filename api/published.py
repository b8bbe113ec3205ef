"""What the public API may show: only what is published. Every queryset of the public
endpoints starts here, from plans.publishing.published() (signed blueprints, superseded ones
included), so an object of a draft plan, of a plan in consultation or in review, is absent
from every list and a 404 on its own.

Each list is one query for its rows (and one per prefetched relation), whatever its size.
"""

from django.db.models import Prefetch

from plans.models import Commitment, OutcomeMeasure
from plans.publishing import published
from principles.models import Practice, Principle
from progress.models import MeasuredValue, ProgressReport
from stakeholders.models import Jurisdiction


def blueprints():
    return published().defer("snapshot__content").order_by("jurisdiction__name", "-version",
                                                           "pk")


def jurisdictions():
    """Jurisdictions with at least one published blueprint."""
    return (Jurisdiction.objects.filter(pk__in=published().values("jurisdiction_id"))
            .order_by("name", "pk"))  # names repeat across states: pages need a total order


def principles():
    return Principle.objects.prefetch_related(
        Prefetch("practices", queryset=Practice.objects.order_by("stage__number", "title")))


def practices():
    return Practice.objects.select_related("principle", "stage")


def current_measures():
    return OutcomeMeasure.objects.filter(removed_at__isnull=True)


def commitments():
    return (Commitment.objects.current().filter(plan__in=published())
            .select_related("plan__jurisdiction", "principle", "practice")
            .prefetch_related(Prefetch("measures", queryset=current_measures(),
                                       to_attr="current_measures"))
            .order_by("plan_id", "principle__number", "position", "pk"))


def measures():
    return (current_measures()
            .filter(commitment__removed_at__isnull=True, commitment__plan__in=published())
            .select_related("commitment").order_by("commitment__plan_id", "commitment_id", "pk"))


def measured_values():
    """Every recorded value of a published measure, corrected ones too (each names the
    value that corrects it): the public record hides no correction."""
    return (MeasuredValue.objects
            .filter(measure__in=measures().values("pk"))
            .select_related("measure__commitment", "correction")
            .order_by("measure_id", "for_date", "created_at", "pk"))


def progress_reports(with_content=False):
    reports = (ProgressReport.objects.filter(plan__in=published())
               .select_related("plan__jurisdiction", "period")
               .order_by("plan_id", "period__starts_on", "pk"))
    return reports if with_content else reports.defer("content")
