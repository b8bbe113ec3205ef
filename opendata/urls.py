from django.urls import path, re_path

from . import views

app_name = "opendata"

FORMAT = r"(?P<fmt>csv|xlsx)"

urlpatterns = [
    re_path(rf"^plans/(?P<pk>\d+)/download/(?P<table>commitments|measures|comments)\.{FORMAT}$",
            views.PlanDownloadView.as_view(), name="plan_download"),
    re_path(rf"^plans/(?P<pk>\d+)/progress/download/"
            rf"(?P<table>progress-updates|measured-values)\.{FORMAT}$",
            views.RecordDownloadView.as_view(), name="record_download"),
    re_path(rf"^jurisdictions/(?P<slug>[-\w]+)/audit/download\.{FORMAT}$",
            views.AuditLogDownloadView.as_view(), name="audit_download"),
    re_path(r"^blueprints/(?P<pk>\d+)/(?P<name>data\.json|data\.csv|measures\.csv)$",
            views.BlueprintDataView.as_view(), name="blueprint_data"),
    re_path(r"^blueprints/(?P<pk>\d+)/progress/reports/(?P<report_pk>\d+)/"
            r"(?P<name>data\.json|data\.csv|values\.csv)$",
            views.ReportDataView.as_view(), name="report_data"),
    path("open-data/", views.DictionaryView.as_view(), name="dictionary"),
    path("blueprints/search/", views.SearchView.as_view(), name="search"),
]
