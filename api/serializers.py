"""What the API shows of each published thing. Read-only: every object here comes from a
queryset of api.published, which holds nothing unpublished."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from plans.models import Commitment, OutcomeMeasure, Plan
from principles.models import Practice, Principle
from progress.models import MeasuredValue, ProgressReport
from stakeholders.models import Jurisdiction


@extend_schema_field({"type": "string", "format": "uri"})
class PageLink(serializers.Field):
    """The absolute address of a page of the site (``view`` with the object's ids)."""

    def __init__(self, view, *attributes, **kwargs):
        self.view, self.attributes = view, attributes
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        path = reverse(self.view, args=[getattr(instance, a) for a in self.attributes])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class Lines(serializers.CharField):
    """A text stored one item per line, shown as a list."""

    def to_representation(self, value):
        return [line.strip() for line in value.splitlines() if line.strip()]


class JurisdictionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Jurisdiction
        fields = ["slug", "name", "kind", "state"]


class PrincipleSerializer(serializers.ModelSerializer):
    page = PageLink("principles:principle", "slug")
    practices = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Principle
        fields = ["slug", "number", "name", "short_name", "idea", "source_url", "page",
                  "practices"]


class PracticeSerializer(serializers.ModelSerializer):
    principle = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    stage = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    questions = Lines(read_only=True)
    implementation = Lines(read_only=True)
    outcome_measures = Lines(read_only=True)
    page = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = ["slug", "principle", "stage", "title", "summary", "why", "how_it_helps",
                  "questions", "implementation", "outcome_measures", "statistic",
                  "statistic_source", "source_url", "page"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, practice):
        return self.context["request"].build_absolute_uri(
            reverse("principles:practice", args=[practice.principle.slug, practice.slug]))


class BlueprintSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    signed_at = serializers.DateTimeField(source="snapshot.created_at", read_only=True)
    digest = serializers.CharField(source="snapshot.digest", read_only=True)
    page = PageLink("plans:blueprint", "pk")
    pdf = PageLink("plans:blueprint_pdf", "pk")
    progress = PageLink("progress:public", "pk")

    class Meta:
        model = Plan
        fields = ["id", "jurisdiction", "title", "version", "previous", "status", "language",
                  "first_year", "last_year", "vision", "summary", "enforcement_spending",
                  "incarceration_spending", "signed_at", "digest", "page", "pdf", "progress"]


class MeasureSerializer(serializers.ModelSerializer):
    blueprint = serializers.IntegerField(source="commitment.plan_id", read_only=True)

    class Meta:
        model = OutcomeMeasure
        fields = ["id", "commitment", "blueprint", "indicator", "unit", "baseline", "target",
                  "data_source"]


class CommitmentMeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomeMeasure
        fields = ["id", "indicator", "unit", "baseline", "target", "data_source"]


class CommitmentSerializer(serializers.ModelSerializer):
    blueprint = serializers.IntegerField(source="plan_id", read_only=True)
    jurisdiction = serializers.CharField(source="plan.jurisdiction.slug", read_only=True)
    principle = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    practice = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    name = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(source="progress", choices=Commitment.Progress.choices,
                                     read_only=True)
    measures = CommitmentMeasureSerializer(source="current_measures", many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "blueprint", "jurisdiction", "principle", "practice", "local_practice",
                  "name", "local_action", "lead_agency", "partners", "starts_on", "ends_on",
                  "annual_budget", "funding_source", "status", "measures"]


class MeasuredValueSerializer(serializers.ModelSerializer):
    blueprint = serializers.IntegerField(source="measure.commitment.plan_id", read_only=True)
    recorded_at = serializers.DateTimeField(source="created_at", read_only=True)
    corrected_by = serializers.SerializerMethodField()

    class Meta:
        model = MeasuredValue
        fields = ["id", "measure", "blueprint", "value", "for_date", "data_source", "note",
                  "recorded_at", "corrects", "correction_reason", "corrected_by"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_corrected_by(self, value):
        """The value that corrects this one; null for the record as it stands."""
        correction = getattr(value, "correction", None)
        return correction.pk if correction else None


class ProgressReportSerializer(serializers.ModelSerializer):
    blueprint = serializers.IntegerField(source="plan_id", read_only=True)
    jurisdiction = serializers.CharField(source="plan.jurisdiction.slug", read_only=True)
    period = serializers.CharField(source="label", read_only=True)
    starts_on = serializers.DateField(source="period.starts_on", read_only=True)
    ends_on = serializers.DateField(source="period.ends_on", read_only=True)
    page = PageLink("progress:report", "plan_id", "pk")
    pdf = PageLink("progress:report_pdf", "plan_id", "pk")

    class Meta:
        model = ProgressReport
        fields = ["id", "blueprint", "jurisdiction", "period", "starts_on", "ends_on",
                  "published_at", "digest", "page", "pdf"]


class ProgressReportDetailSerializer(ProgressReportSerializer):
    """A report with its frozen content, as the digest covers it."""

    content = serializers.JSONField(read_only=True)

    class Meta(ProgressReportSerializer.Meta):
        fields = [*ProgressReportSerializer.Meta.fields, "content"]


class MeasuredValueInput(serializers.Serializer):
    """The body of a new measured value (checked by progress.forms.MeasuredValueForm); the
    measure is the one in the address."""

    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    for_date = serializers.DateField(help_text="The day the figure describes.")
    data_source = serializers.CharField(required=False, allow_blank=True, max_length=300)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    corrects = serializers.IntegerField(
        required=False, help_text="The id of the current value this one corrects.")
    correction_reason = serializers.CharField(
        required=False, allow_blank=True, help_text="What was wrong; required with corrects.")
