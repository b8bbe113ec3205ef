from django.urls import path, re_path

from . import publishing, views

app_name = "plans"

urlpatterns = [
    path("jurisdictions/<slug:slug>/plans/", views.PlanListView.as_view(), name="list"),
    path("jurisdictions/<slug:slug>/plans/new/", views.PlanCreateView.as_view(), name="create"),
    path("jurisdictions/<slug:slug>/audit/", views.AuditLogView.as_view(), name="audit_log"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="edit"),
    path("plans/<int:pk>/history/", views.HistoryView.as_view(), name="history"),
    path("plans/<int:pk>/compare/", views.CompareView.as_view(), name="compare"),
    path("plans/<int:pk>/do/<slug:name>/", views.TransitionView.as_view(), name="transition"),
    path("plans/<int:pk>/priorities/", views.PrioritiesView.as_view(), name="priorities"),
    path(
        "plans/<int:pk>/priorities/new/", views.PriorityCreateView.as_view(), name="priority_create"
    ),
    path("priorities/<int:pk>/edit/", views.PriorityUpdateView.as_view(), name="priority_edit"),
    path("priorities/<int:pk>/remove/", views.PriorityRemoveView.as_view(), name="priority_remove"),
    path(
        "plans/<int:pk>/principles/<slug:principle>/",
        views.PrincipleSectionView.as_view(),
        name="principle_section",
    ),
    path(
        "plans/<int:pk>/principles/<slug:principle>/commitments/new/",
        views.CommitmentCreateView.as_view(),
        name="commitment_create",
    ),
    path(
        "commitments/<int:pk>/edit/", views.CommitmentUpdateView.as_view(), name="commitment_edit"
    ),
    path(
        "commitments/<int:pk>/remove/",
        views.CommitmentRemoveView.as_view(),
        name="commitment_remove",
    ),
    re_path(
        r"^commitments/(?P<pk>\d+)/move/(?P<direction>up|down)/$",
        views.CommitmentMoveView.as_view(),
        name="commitment_move",
    ),
    path(
        "commitments/<int:pk>/measures/new/",
        views.MeasureCreateView.as_view(),
        name="measure_create",
    ),
    path("measures/<int:pk>/edit/", views.MeasureUpdateView.as_view(), name="measure_edit"),
    path("measures/<int:pk>/remove/", views.MeasureRemoveView.as_view(), name="measure_remove"),
    path("plans/<int:pk>/export/", publishing.RequestExportView.as_view(), name="request_export"),
    path("exports/<int:pk>/", publishing.ExportJobView.as_view(), name="export"),
    path("exports/<int:pk>/status/", publishing.ExportStatusView.as_view(), name="export_status"),
    path("exports/<int:pk>/retry/", publishing.ExportRetryView.as_view(), name="export_retry"),
    path("exports/<int:pk>/download/", publishing.ExportDownloadView.as_view(),
         name="export_download"),
    path("blueprints/", publishing.PortalView.as_view(), name="portal"),
    path("blueprints/practices/", publishing.PracticesAdoptedView.as_view(),
         name="practices_adopted"),
    path("blueprints/<int:pk>/", publishing.BlueprintView.as_view(), name="blueprint"),
    path("blueprints/<int:pk>/pdf/", publishing.BlueprintPdfView.as_view(), name="blueprint_pdf"),
    path("verify/", publishing.VerifyView.as_view(), name="verify"),
    # Under the catalogue's address, and asked for before principles' own <slug>/ addresses
    # (shared_safety/urls.py includes these first): it reads the published plans too.
    path("principles/grid/", publishing.GridView.as_view(), name="grid"),
]
