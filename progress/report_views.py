"""Progress report pages: an editor publishes a period's report (a confirmed step); anyone
reads a published report on the portal and downloads its PDF; the jurisdiction's people
comment on it with the consultation's own page, rules and answers.

Views parse the request, ask the rules, call progress.reports, render.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from plans import fragments
from plans.models import ExportJob
from plans.publishing import pdf_response, published
from stakeholders.consultation import ConsultationView

from . import frozen, reports
from .forms import PublishReportForm
from .models import ProgressReport
from .views import PeriodMixin, PublicPageMixin, RecordMixin, signed_plans


class PublishView(PeriodMixin, TemplateView):
    """GET: what publishing the period's report means, and what it will say is missing;
    POST: publish it (progress.reports.publish), once confirmed."""

    template_name = "progress/publish.html"
    permission_required = "progress.publish_report"

    def denied_message(self):
        if self.plan.status != "signed_off":
            return _("This version is superseded: its record is closed and stays as it was.")
        return _("Only editors of %(jurisdiction)s publish its progress reports.") % {
            "jurisdiction": self.plan.jurisdiction}

    def get_context_data(self, **kwargs):
        report = ProgressReport.objects.filter(period=self.period).first()
        kwargs.setdefault("form", PublishReportForm())
        return super().get_context_data(
            period=self.period, report=report,
            why_not=reports.publishable(self.period) if report is None else "",
            missing=reports.missing_updates(self.period), **kwargs)

    def post(self, request, *args, **kwargs):
        form = PublishReportForm(request.POST)
        form.is_valid()  # one optional box: always valid
        try:
            report = reports.publish(self.period, by=request.user,
                                     seen_missing=form.cleaned_data["seen_missing"])
        except reports.RecordRefused as refused:
            return self.render_to_response(
                self.get_context_data(form=form, refused=str(refused)), status=409)
        messages.success(request, _("The report for %(period)s is published; its PDF is being "
                                    "made.") % {"period": report.label})
        return HttpResponseRedirect(report.get_absolute_url())


class PublicReportView(PublicPageMixin, TemplateView):
    """A published report on the portal, drawn from its frozen content only, with its PDF.
    Kept whole per viewer like the blueprint; its body is rendered once per report and
    language (it never changes)."""

    template_name = "progress/report.html"

    def get_context_data(self, **kwargs):
        report = get_object_or_404(
            ProgressReport.objects.select_related("period").defer("content"),
            pk=self.kwargs["report_pk"], plan=self.plan)
        others = list(ProgressReport.objects.filter(plan=self.plan).select_related("period")
                      .defer("content").in_period_order())
        body = fragments.render(self.request, "progress/report/_body.html",
                                (report.digest,), lambda: self.body_context(report))
        user = self.request.user
        return super().get_context_data(
            plan=self.plan, report=report, body=body, job=reports.pdf_job(report),
            others=[r for r in others if r.pk != report.pk],
            later=[r for r in others if r.period.starts_on > report.period.starts_on],
            may_read_comments=user.has_perm("progress.view_record", self.plan),
            **kwargs)

    def body_context(self, report):
        content = ProgressReport.objects.values_list("content", flat=True).get(pk=report.pk)
        return frozen.report_context(frozen.read_report(content), report.digest)


class ReportPdfView(View):
    """The report's PDF, for anyone, once made."""

    def get(self, request, *args, **kwargs):
        plan = get_object_or_404(published(), pk=kwargs["pk"])
        report = get_object_or_404(ProgressReport.objects.only("digest"),
                                   pk=kwargs["report_pk"], plan=plan)
        job = ExportJob.objects.filter(key=reports.job_key(report.digest)).first()
        if job is None:
            raise Http404(_("This PDF is not ready."))
        return pdf_response(job)


class ReportCommentsView(RecordMixin, ConsultationView):
    """The comments on a published report: the consultation's page with the report as what
    they are on. Its people read them; partners, editors and admins comment while the report
    takes comments; editors answer officially and admins moderate, as in a consultation."""

    template_name = "progress/report_comments.html"

    def load(self):
        self.report = get_object_or_404(
            ProgressReport.objects.select_related("plan__jurisdiction", "period"),
            pk=self.kwargs["pk"], plan__in=signed_plans(self.request.user))
        self.plan = self.report.plan
        self.report.plan = self.plan

    def state(self):
        return self.report.comments_state()

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)
