from django.urls import path

from . import report_views, views

app_name = "progress"

urlpatterns = [
    path("blueprints/<int:pk>/progress/", views.PublicProgressView.as_view(), name="public"),
    path("blueprints/<int:pk>/progress/measures/<int:measure_pk>/",
         views.PublicMeasureView.as_view(), name="public_measure"),
    path("plans/<int:pk>/progress/", views.RecordView.as_view(), name="record"),
    path("plans/<int:pk>/progress/schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("plans/<int:pk>/progress/import/", views.ImportView.as_view(), name="import"),
    path("plans/<int:pk>/progress/import/template.csv", views.ImportTemplateView.as_view(),
         name="import_template"),
    path("progress/periods/<int:pk>/", views.PeriodView.as_view(), name="period"),
    path("progress/periods/<int:pk>/commitments/<int:commitment_pk>/",
         views.UpdateFormView.as_view(), name="update"),
    path("progress/measures/<int:pk>/values/new/", views.ValueFormView.as_view(),
         name="value_create"),
    path("progress/values/<int:pk>/correct/", views.ValueCorrectView.as_view(),
         name="value_correct"),
]

# Progress reports (progress/report_views.py)
urlpatterns += [
    path("blueprints/<int:pk>/progress/reports/<int:report_pk>/",
         report_views.PublicReportView.as_view(), name="report"),
    path("blueprints/<int:pk>/progress/reports/<int:report_pk>/pdf/",
         report_views.ReportPdfView.as_view(), name="report_pdf"),
    path("progress/periods/<int:pk>/publish/", report_views.PublishView.as_view(),
         name="publish"),
    path("progress/reports/<int:pk>/comments/", report_views.ReportCommentsView.as_view(),
         name="report_comments"),
]
