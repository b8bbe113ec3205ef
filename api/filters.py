"""The filters of the public lists (django-filter). Slugs name jurisdictions, principles and
practices, as the site's addresses do; an unknown slug gives an empty list. Their help texts
document the API for developers and stay in English, like the schema."""

import django_filters as filters
from django import forms

from plans.models import Commitment, OutcomeMeasure, Plan, Status
from principles.models import Practice
from progress.models import MeasuredValue, ProgressReport
from stakeholders.models import Jurisdiction

PUBLISHED_STATUSES = [(Status.SIGNED_OFF.value, Status.SIGNED_OFF.label),
                      (Status.SUPERSEDED.value, Status.SUPERSEDED.label)]


class IdFilter(filters.NumberFilter):
    """An object's id: a whole number (a decimal or a huge one is a 400, not a query)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


def year_filter(help_text):
    return filters.NumberFilter(method="in_year", min_value=2000, max_value=2100,
                                help_text=help_text)


def plan_year(prefix):
    """A filter method: the plan (at ``prefix``) covers the year."""

    def in_year(self, queryset, name, year):
        return queryset.filter(**{f"{prefix}first_year__lte": year,
                                  f"{prefix}last_year__gte": year})

    return in_year


class JurisdictionFilter(filters.FilterSet):
    class Meta:
        model = Jurisdiction
        fields = ["kind", "state"]


class PracticeFilter(filters.FilterSet):
    principle = filters.CharFilter(field_name="principle__slug", help_text="principle slug")
    stage = filters.CharFilter(field_name="stage__slug", help_text="stage slug")

    class Meta:
        model = Practice
        fields = ["principle", "stage"]


class BlueprintFilter(filters.FilterSet):
    jurisdiction = filters.CharFilter(field_name="jurisdiction__slug",
                                      help_text="jurisdiction slug")
    status = filters.ChoiceFilter(choices=PUBLISHED_STATUSES,
                                  help_text="signed_off: in force; superseded: amended")
    year = year_filter("a year the plan covers")
    in_year = plan_year("")

    class Meta:
        model = Plan
        fields = ["jurisdiction", "status", "year"]


class CommitmentFilter(filters.FilterSet):
    jurisdiction = filters.CharFilter(field_name="plan__jurisdiction__slug",
                                      help_text="jurisdiction slug")
    blueprint = IdFilter(field_name="plan_id", help_text="blueprint id")
    principle = filters.CharFilter(field_name="principle__slug", help_text="principle slug")
    practice = filters.CharFilter(field_name="practice__slug", help_text="practice slug")
    status = filters.ChoiceFilter(field_name="progress", choices=Commitment.Progress.choices)
    year = year_filter("a year the plan covers")
    in_year = plan_year("plan__")

    class Meta:
        model = Commitment
        fields = ["jurisdiction", "blueprint", "principle", "practice", "status", "year"]


class MeasureFilter(filters.FilterSet):
    jurisdiction = filters.CharFilter(field_name="commitment__plan__jurisdiction__slug",
                                      help_text="jurisdiction slug")
    blueprint = IdFilter(field_name="commitment__plan_id",
                                     help_text="blueprint id")
    commitment = IdFilter(field_name="commitment_id", help_text="commitment id")
    principle = filters.CharFilter(field_name="commitment__principle__slug",
                                   help_text="principle slug")
    practice = filters.CharFilter(field_name="commitment__practice__slug",
                                  help_text="practice slug")
    year = year_filter("a year the plan covers")
    in_year = plan_year("commitment__plan__")

    class Meta:
        model = OutcomeMeasure
        fields = ["jurisdiction", "blueprint", "commitment", "principle", "practice", "year"]


class MeasuredValueFilter(filters.FilterSet):
    jurisdiction = filters.CharFilter(field_name="measure__commitment__plan__jurisdiction__slug",
                                      help_text="jurisdiction slug")
    blueprint = IdFilter(field_name="measure__commitment__plan_id",
                                     help_text="blueprint id")
    measure = IdFilter(field_name="measure_id", help_text="outcome measure id")
    principle = filters.CharFilter(field_name="measure__commitment__principle__slug",
                                   help_text="principle slug")
    practice = filters.CharFilter(field_name="measure__commitment__practice__slug",
                                  help_text="practice slug")
    year = year_filter("the year of the value's date")
    current = filters.BooleanFilter(
        field_name="correction", lookup_expr="isnull",
        help_text="true: only the values nobody corrected (the record as it stands)")

    class Meta:
        model = MeasuredValue
        fields = ["jurisdiction", "blueprint", "measure", "principle", "practice", "year",
                  "current"]

    def in_year(self, queryset, name, year):
        return queryset.filter(for_date__year=year)


class ProgressReportFilter(filters.FilterSet):
    jurisdiction = filters.CharFilter(field_name="plan__jurisdiction__slug",
                                      help_text="jurisdiction slug")
    blueprint = IdFilter(field_name="plan_id", help_text="blueprint id")
    year = year_filter("the year of the reporting period")

    class Meta:
        model = ProgressReport
        fields = ["jurisdiction", "blueprint", "year"]

    def in_year(self, queryset, name, year):
        return queryset.filter(period__starts_on__year=year)
