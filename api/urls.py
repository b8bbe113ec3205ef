from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import docs, token_views, views

app_name = "api"

router = SimpleRouter()
router.register("jurisdictions", views.JurisdictionViewSet, basename="jurisdiction")
router.register("principles", views.PrincipleViewSet, basename="principle")
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("blueprints", views.BlueprintViewSet, basename="blueprint")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("measured-values", views.MeasuredValueViewSet, basename="measured-value")
router.register("progress-reports", views.ProgressReportViewSet, basename="progress-report")

urlpatterns = [
    path("api/", include(router.urls)),
    path("api/measures/<int:pk>/values/", views.MeasureValuesView.as_view(),
         name="measure-values"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", docs.DocsView.as_view(), name="docs"),
    re_path(r"^api/", views.not_found, name="not-found"),
    path("profile/api-tokens/", token_views.TokenListView.as_view(), name="tokens"),
    path("profile/api-tokens/<int:pk>/revoke/", token_views.TokenRevokeView.as_view(),
         name="token_revoke"),
]
