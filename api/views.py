"""The REST API. Public endpoints read only what is published (api.published), a page at a
time, with filters, and answer conditional requests: each answer carries an ETag (the hash of
its body, so it changes with the data) and ``If-None-Match`` with the same tag gets a 304.
Anonymous callers are throttled (api.throttling). One endpoint writes: a measured value, in
the name of the person whose API token is sent, where that person may record progress."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import conditional_page
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from progress import record
from progress.forms import MeasuredValueForm
from progress.models import MeasuredValue
from progress.views import closed_or_refused, recordable_measures

from . import filters, published, recording, serializers

NON_FIELD_ERRORS_KEY = api_settings.NON_FIELD_ERRORS_KEY


class Throttled(exceptions.Throttled):
    """A 429 that says in the caller's language how long to wait (Retry-After says it too)."""

    def __init__(self, wait=None):
        self.wait = max(1, round(wait or 1))
        exceptions.APIException.__init__(self, detail=_(
            "Too many requests from your address: wait %(seconds)s seconds before the next "
            "one. Signed-in callers and API tokens are not limited this way.")
            % {"seconds": self.wait})


@method_decorator(conditional_page, name="dispatch")
class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A published collection: anyone reads it; lists are paginated and filterable."""

    permission_classes = [permissions.AllowAny]
    lookup_value_regex = "[^/]+"  # any id or slug reaches the view, which answers in JSON

    def throttled(self, request, wait):
        raise Throttled(wait)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise exceptions.NotFound(_("Nothing published is at this address.")) from None


class JurisdictionViewSet(PublicViewSet):
    """Jurisdictions with at least one published blueprint."""

    queryset = published.jurisdictions()
    serializer_class = serializers.JurisdictionSerializer
    filterset_class = filters.JurisdictionFilter
    lookup_field = "slug"


class PrincipleViewSet(PublicViewSet):
    """The Blueprint's five principles."""

    queryset = published.principles()
    serializer_class = serializers.PrincipleSerializer
    lookup_field = "slug"


class PracticeViewSet(PublicViewSet):
    """The Blueprint's practices, each under one principle and one stage."""

    queryset = published.practices()
    serializer_class = serializers.PracticeSerializer
    filterset_class = filters.PracticeFilter
    lookup_field = "slug"


class BlueprintViewSet(PublicViewSet):
    """Published blueprints: signed plans, in force or superseded by a later version."""

    queryset = published.blueprints()
    serializer_class = serializers.BlueprintSerializer
    filterset_class = filters.BlueprintFilter


class CommitmentViewSet(PublicViewSet):
    """The commitments of published blueprints, each with its outcome measures."""

    queryset = published.commitments()
    serializer_class = serializers.CommitmentSerializer
    filterset_class = filters.CommitmentFilter


class MeasureViewSet(PublicViewSet):
    """The outcome measures of published blueprints."""

    queryset = published.measures()
    serializer_class = serializers.MeasureSerializer
    filterset_class = filters.MeasureFilter


class MeasuredValueViewSet(PublicViewSet):
    """Every measured value recorded for a published blueprint, corrections included."""

    queryset = published.measured_values()
    serializer_class = serializers.MeasuredValueSerializer
    filterset_class = filters.MeasuredValueFilter


class ProgressReportViewSet(PublicViewSet):
    """Published progress reports; one report also carries its frozen content."""

    queryset = published.progress_reports()
    filterset_class = filters.ProgressReportFilter

    def get_queryset(self):
        return published.progress_reports(with_content=self.action == "retrieve")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ProgressReportDetailSerializer
        return serializers.ProgressReportSerializer


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([permissions.AllowAny])
def not_found(request):
    """Any other address under /api/: a 404 in JSON, like the API's own."""
    raise exceptions.NotFound(_("The API has no such address: its endpoints are listed at "
                                "/api/docs/."))


# --- writing ------------------------------------------------------------------------------


class MeasureValuesView(APIView):
    """Record a measured value of an outcome measure, or correct one."""

    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["post", "options"]

    def throttled(self, request, wait):
        raise Throttled(wait)

    def permission_denied(self, request, message=None, code=None):
        if not request.successful_authenticator:
            raise exceptions.NotAuthenticated(
                _("Send your API token: “Authorization: Bearer <token>”. Create one on your "
                  "profile."))
        super().permission_denied(request, message, code)

    @extend_schema(
        operation_id="measures_values_create",
        request=serializers.MeasuredValueInput,
        responses={
            201: serializers.MeasuredValueSerializer,
            400: OpenApiResponse(description="The value is not valid; a message per field."),
            401: OpenApiResponse(description="No API token, or one that is not valid."),
            403: OpenApiResponse(description="The person may not record progress on it."),
            404: OpenApiResponse(description="No such measure among the person's plans."),
            409: OpenApiResponse(description="The plan's record takes no new entry now."),
        },
    )
    def post(self, request, pk):
        measure = get_object_or_404(recordable_measures(request.user), pk=pk)
        plan = measure.commitment.plan
        if not request.user.has_perm("progress.record_progress", plan):
            raise exceptions.PermissionDenied(closed_or_refused(request.user, plan, "record"))
        if not isinstance(request.data, dict):
            raise exceptions.ParseError(_("Send the value as a JSON object."))
        corrects = self.corrects_given(request.data, measure)
        form = MeasuredValueForm(request.data, measure=measure, correcting=corrects)
        if not form.is_valid():
            raise exceptions.ValidationError(field_messages(form.errors))
        try:
            value = recording.record_value(measure, by=request.user, token=request.auth,
                                           corrects=corrects, **form.cleaned_data)
        except record.RecordRefused as refused:
            return Response({"detail": str(refused)}, status=status.HTTP_409_CONFLICT)
        except ValidationError as invalid:
            raise exceptions.ValidationError(invalid.message_dict) from None
        return Response(serializers.MeasuredValueSerializer(value).data,
                        status=status.HTTP_201_CREATED)

    @staticmethod
    def corrects_given(data, measure):
        """The value named in ``corrects``, which must be one of this measure's."""
        given = data.get("corrects")
        if given in (None, ""):
            return None
        if not isinstance(given, int) or isinstance(given, bool):
            raise exceptions.ValidationError({"corrects": [_("Give the id of the value to "
                                                             "correct, a whole number.")]})
        found = MeasuredValue.objects.filter(pk=given, measure=measure).first()
        if found is None:
            raise exceptions.ValidationError({"corrects": [_("This measure has no value of "
                                                             "this id.")]})
        return found


def field_messages(errors):
    """{field: [message]} of a form's errors, its non-field errors under DRF's usual key."""
    return {NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name: list(messages)
            for name, messages in errors.items()}
