"""Downloads for the people who work in a plan, open-data files of what is published, the
data dictionary and the portal's search.

A download is offered and served with the rules of the page that shows the same data: the
plan's page (commitments, measures), its consultation (comments), its implementation record
(progress updates, measured values), the jurisdiction's audit log. An open-data file is read
from the signed snapshot or the frozen report only, like the public pages, and kept in the
page cache under the same stamp as the blueprint's page.
"""

from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import conditional_page
from django.views.generic import TemplateView

from plans import fragments
from plans.content import plan_content
from plans.publishing import published
from plans.views import PlanMixin
from progress.models import ProgressReport
from progress.views import RecordMixin
from shared_safety.paging import page_of
from stakeholders.models import LICENCE_ADDRESSES, DataLicence
from stakeholders.views import JurisdictionMixin

from . import formats, rows, search, tables
from .forms import SearchForm

WRITERS = {
    "csv": (formats.readable_csv, formats.CSV_TYPE),
    "xlsx": (formats.readable_xlsx, formats.XLSX_TYPE),
}


def download(table, table_rows, name, fmt):
    """The file a person asked for, as an attachment named ``name``.``fmt``."""
    write, content_type = WRITERS[fmt]
    response = HttpResponse(write(table, table_rows), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def plan_file_name(plan, what):
    return f"{slugify(plan.title)}-v{plan.version}-{what}"


class TableDownload(View):
    """One of the plan's ``files`` ({name: (table, rows of the plan)}), for everyone whom
    the mixin's page lets read it."""

    files = {}

    def get(self, request, *args, **kwargs):
        table, rows_of = self.files[kwargs["table"]]
        return download(table, rows_of(self.plan), plan_file_name(self.plan, kwargs["table"]),
                        kwargs["fmt"])


class PlanDownloadView(PlanMixin, TableDownload):
    """The plan's commitments, measures or comments, for everyone who may read the plan."""

    files = {
        "commitments": (tables.COMMITMENTS, lambda plan: rows.commitment_rows(plan_content(plan))),
        "measures": (tables.MEASURES, lambda plan: rows.measure_rows(plan_content(plan))),
        "comments": (tables.COMMENTS, rows.comment_rows),
    }


class RecordDownloadView(RecordMixin, TableDownload):
    """The implementation record of a signed plan, for everyone who may read the record."""

    files = {
        "progress-updates": (tables.UPDATES, rows.update_rows),
        "measured-values": (tables.VALUES, rows.value_rows),
    }


class AuditLogDownloadView(JurisdictionMixin, View):
    permission_required = "plans.view_audit_log"
    permission_denied_message = _("Only the jurisdiction's admins read its audit log.")

    def get(self, request, *args, **kwargs):
        return download(tables.AUDIT_LOG, rows.audit_rows(self.jurisdiction),
                        f"{self.jurisdiction.slug}-audit-log", kwargs["fmt"])


# --- open data ---------------------------------------------------------------------------------


def open_response(body, content_type, name=None):
    response = HttpResponse(body, content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    if name:
        response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def cached(request, stamped_plan, build):
    """``build()`` once per address while the plan's page stamp stands: publishing a newer
    version, or changing the jurisdiction's name or licence, moves the stamp."""
    key = fragments.cache_key("open-data",
                              (request.path, *fragments.page_stamp(stamped_plan)))
    pages = caches["pages"]  # shared by every web process when it is Redis
    body = pages.get(key)
    if body is None:
        body = build()
        pages.set(key, body)
    return body


def blueprint_files(plan):
    """{file name: (bytes, content type)} builders of a published blueprint's open data."""
    content = plan.snapshot.content
    commitments, measures = rows.commitment_rows(content), rows.measure_rows(content)
    return {
        "data.json": lambda: formats.open_json({
            "blueprint": formats.open_record(tables.BLUEPRINT, rows.blueprint_row(plan, content)),
            "commitments": [formats.open_record(tables.COMMITMENTS, r) for r in commitments],
            "measures": [formats.open_record(tables.MEASURES, r) for r in measures],
        }),
        "data.csv": lambda: formats.open_csv(tables.COMMITMENTS, commitments),
        "measures.csv": lambda: formats.open_csv(tables.MEASURES, measures),
    }


def report_files(report, plan):
    content = report.content
    updates, values = rows.report_update_rows(content), rows.report_value_rows(content)
    return {
        "data.json": lambda: formats.open_json({
            "report": formats.open_record(tables.REPORT, rows.report_row(report, plan, content)),
            "updates": [formats.open_record(tables.UPDATES, r) for r in updates],
            "values": [formats.open_record(tables.VALUES, r) for r in values],
        }),
        "data.csv": lambda: formats.open_csv(tables.UPDATES, updates),
        "values.csv": lambda: formats.open_csv(tables.VALUES, values),
    }


def content_type_of(name):
    return formats.JSON_TYPE if name.endswith(".json") else formats.CSV_TYPE


@method_decorator(conditional_page, name="dispatch")
class OpenDataView(View):
    """A file of a published blueprint (``files_of`` names its builders), read from what was
    signed or frozen only, and kept under the blueprint's page stamp; 404 for anything else.
    Each answer carries an ETag (the hash of the file), so that a harvester asking again with
    ``If-None-Match`` gets a 304 until the file changes."""

    def get(self, request, *args, **kwargs):
        name = kwargs["name"]
        stamped = get_object_or_404(fragments.stamp_only(published()), pk=kwargs["pk"])

        def build():
            plan = get_object_or_404(published(), pk=kwargs["pk"])
            return self.files_of(plan, kwargs)[name]()

        return open_response(cached(request, stamped, build), content_type_of(name),
                             self.download_name(kwargs))


class BlueprintDataView(OpenDataView):
    """A published blueprint as open data, from its signed snapshot."""

    def files_of(self, plan, kwargs):
        return blueprint_files(plan)

    def download_name(self, kwargs):
        return f"blueprint-{kwargs['pk']}-{kwargs['name']}"


class ReportDataView(OpenDataView):
    """A published progress report as open data, from its frozen content."""

    def files_of(self, plan, kwargs):
        report = get_object_or_404(ProgressReport.objects.all(), pk=kwargs["report_pk"],
                                   plan=plan)
        return report_files(report, plan)

    def download_name(self, kwargs):
        return f"blueprint-{kwargs['pk']}-report-{kwargs['report_pk']}-{kwargs['name']}"


class DictionaryView(TemplateView):
    """What each field of the open-data files means, from the tables' own definitions."""

    template_name = "opendata/dictionary.html"

    def get_context_data(self, **kwargs):
        licences = [(label, LICENCE_ADDRESSES[DataLicence(code)])
                    for code, label in DataLicence.choices]
        return super().get_context_data(tables=tables.OPEN_DATA, licences=licences, **kwargs)


# --- search -------------------------------------------------------------------------------------

RESULTS_PER_PAGE = 10


class SearchView(TemplateView):
    """The published blueprints matching the words and filters, best first, ten a page."""

    template_name = "opendata/search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        context = {"form": form, "asked": False}
        if form.is_bound and form.is_asked:
            data = form.cleaned_data
            results = search.search(data["q"].strip(), data["principle"], data["practice"],
                                    data["kind"])
            page = page_of(self.request, results, RESULTS_PER_PAGE)
            search.load(page.object_list)
            context.update(asked=True, page=page)
        return super().get_context_data(**context, **kwargs)
