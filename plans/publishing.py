"""Publishing: PDF export jobs a user can watch, the public portal of signed blueprints,
and the public verify page."""

import hashlib
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from principles.models import Practice, Principle, Stage
from shared_safety.paging import page_of
from stakeholders.heard import appendix
from stakeholders.input import Disposition, ListeningSession

from . import documents, export, fragments
from .carried import record_links
from .content import Coverage, content_balance, content_sections, in_reader_language
from .models import Commitment, ExportJob, Plan, Snapshot, Status
from .views import PlanMixin, visible_plans

POLL_STOP = 286  # htmx stops polling when a response has this status


class ExportJobMixin(LoginRequiredMixin):
    """Find the job among the plans the user may see (else 404)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.job = get_object_or_404(
            ExportJob.objects.select_related("plan__jurisdiction", "snapshot"),
            pk=kwargs["pk"], plan__in=visible_plans(request.user))
        return super().dispatch(request, *args, **kwargs)


class ExportJobView(ExportJobMixin, TemplateView):
    """The job's page: its state, live progress (htmx polling) and the download."""

    template_name = "plans/export.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.job, plan=self.job.plan, **kwargs)


class ExportStatusView(ExportJobMixin, View):
    """The status partial that the job page polls; 286 tells htmx to stop once finished."""

    def get(self, request, *args, **kwargs):
        response = render(request, "plans/_export_status.html", {"job": self.job})
        if self.job.is_finished:
            response.status_code = POLL_STOP
        return response


class ExportRetryView(ExportJobMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("plans.export_plan", self.job.plan):
            raise PermissionDenied(_("Only editors of this jurisdiction run exports."))
        export.retry(self.job, by=request.user)
        messages.info(request, _("The export is queued again."))
        return HttpResponseRedirect(self.job.get_absolute_url())


class ExportDownloadView(ExportJobMixin, View):
    def get(self, request, *args, **kwargs):
        return pdf_response(self.job)


def pdf_response(job):
    """The job's PDF as an attachment, once its stored bytes are checked against the digest
    taken when it was rendered (plans.export.stored_pdf)."""
    if job.state != ExportJob.State.DONE:
        raise Http404(_("This PDF is not ready."))
    try:
        data = export.stored_pdf(job)
    except FileNotFoundError:
        raise Http404(_("This PDF is not ready.")) from None
    except export.AlteredFile:
        raise Http404(_("This PDF no longer matches the one that was made, so it is not "
                        "served. The site's error log records it for its administrators."
                        )) from None
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=job.filename,
                        content_type="application/pdf")


class RequestExportView(PlanMixin, View):
    """POST: export the plan — its signed blueprint, or a DRAFT preview of the draft."""

    permission_required = "plans.export_plan"
    http_method_names = ["post"]

    def denied_message(self):
        return _("Only editors of this jurisdiction run exports.")

    def post(self, request, *args, **kwargs):
        if self.plan.is_signed:
            job = export.request_blueprint(self.plan, by=request.user)
        else:
            job = export.request_preview(self.plan, by=request.user)
        return HttpResponseRedirect(job.get_absolute_url())


# --- the public portal ---------------------------------------------------------------------


def published():
    """Signed blueprints, newest first; superseded ones stay readable as earlier versions."""
    return (Plan.objects.filter(status__in=[Status.SIGNED_OFF, Status.SUPERSEDED])
            .select_related("jurisdiction", "snapshot"))


IN_FORCE_COMMITMENTS = Q(commitments__removed_at__isnull=True)


def blueprints_in_force():
    """Signed-off blueprints in force with their jurisdiction, the date they were signed
    (their snapshot's, without its content), how many commitments they hold and what they
    plan to spend a year: one query for any number. The sums are worked out for the rows
    read (a page of them, say), not for every blueprint of the installation."""
    commitments = Commitment.objects.current().filter(plan=OuterRef("pk")).order_by()
    return (published().filter(status=Status.SIGNED_OFF)
            .defer("snapshot__content")
            .annotate(
                commitment_count=Coalesce(Subquery(
                    commitments.values("plan").annotate(n=Count("pk")).values("n")), 0),
                planned=Subquery(commitments.values("plan")
                                 .annotate(total=Sum("annual_budget")).values("total"))))


@dataclass
class PublicFigures:
    jurisdictions: int
    commitments: int
    planned: Decimal


def public_figures():
    """What the blueprints in force add up to: the jurisdictions that have one, their
    commitments, and the money they plan each year (one query). Only what is published."""
    totals = Plan.objects.filter(status=Status.SIGNED_OFF).aggregate(
        jurisdiction_count=Count("jurisdiction", distinct=True),
        commitment_count=Count("commitments", filter=IN_FORCE_COMMITMENTS),
        planned=Sum("commitments__annual_budget", filter=IN_FORCE_COMMITMENTS))
    return PublicFigures(totals["jurisdiction_count"], totals["commitment_count"],
                         totals["planned"] or Decimal(0))


class PortalView(TemplateView):
    template_name = "plans/portal.html"

    def get_context_data(self, **kwargs):
        page = page_of(self.request, blueprints_in_force().order_by(
            "jurisdiction__name", "-version", "pk"))
        links = documents.portal_links(list(page))  # beside them: progress reports
        for plan in page:
            plan.document_links = links.get(plan.pk, [])
        return super().get_context_data(page_obj=page, **kwargs)


class BlueprintView(TemplateView):
    """A published blueprint, drawn from its signed snapshot only."""

    template_name = "plans/blueprint.html"

    def get(self, request, *args, **kwargs):
        stamped = get_object_or_404(fragments.stamp_only(published()), pk=kwargs["pk"])
        return fragments.page(request, fragments.page_stamp(stamped),
                              lambda: super(BlueprintView, self).get(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        plan = get_object_or_404(published().defer("snapshot__content"), pk=kwargs["pk"])
        job = plan.exports.filter(kind=ExportJob.Kind.BLUEPRINT).first()
        # the signed content never changes: rendered once per snapshot and language
        body = fragments.render(self.request, "plans/_blueprint_body.html",
                                (plan.snapshot.digest,), lambda: self.body_context(plan))
        return super().get_context_data(
            plan=plan, body=body, job=job, newer=newer_version(plan),
            record_links=record_links(plan, public=True), **kwargs)

    def body_context(self, plan):
        """What the PDF shows, in the reader's language wherever the words are the
        catalogue's or the planner's own (rendered once per snapshot and language)."""
        content = Snapshot.objects.get(pk=plan.snapshot.pk).content
        sections = in_reader_language(content_sections(content))
        return {"content": content, "sections": sections, "coverage": Coverage(sections),
                "balance": content_balance(content, sections), "digest": plan.snapshot.digest,
                "heard": appendix(content.get("heard", {}), [s.principle for s in sections]),
                "dispositions": dict(Disposition.choices),
                "session_formats": session_formats(content["plan"].get("language", "en")),
                "public": True}


def session_formats(language):
    """{a listening session's format as the snapshot wrote it, in the plan's language: the
    format in the reader's}."""
    with translation.override(language):
        written = {value: str(label) for value, label in ListeningSession.Format.choices}
    return {written[value]: label for value, label in ListeningSession.Format.choices}


def newer_version(plan):
    """The signed-off plan in force that amends ``plan``, however many versions later; in
    two queries whatever the length of the chain."""
    if plan.status != Status.SUPERSEDED:
        return None
    previous = dict(Plan.objects.filter(jurisdiction_id=plan.jurisdiction_id)
                    .values_list("pk", "previous_id"))
    for candidate in (Plan.objects.filter(jurisdiction_id=plan.jurisdiction_id,
                                          status=Status.SIGNED_OFF, version__gt=plan.version)
                      .order_by("-version")):
        link = candidate.previous_id
        while link is not None and link != plan.pk:
            link = previous.get(link)
        if link == plan.pk:
            return candidate
    return None


class BlueprintPdfView(View):
    def get(self, request, *args, **kwargs):
        plan = get_object_or_404(published(), pk=kwargs["pk"])
        job = get_object_or_404(plan.exports, kind=ExportJob.Kind.BLUEPRINT,
                                state=ExportJob.State.DONE)
        return pdf_response(job)


class PracticesAdoptedView(TemplateView):
    """Which practices of the Blueprint the published blueprints commit to most."""

    template_name = "plans/practices_adopted.html"

    def get_context_data(self, **kwargs):
        in_force = Q(commitments__plan__status=Status.SIGNED_OFF,
                     commitments__removed_at__isnull=True)
        practices = (Practice.objects.select_related("principle", "stage")
                     .annotate(adopted=Count("commitments__plan__jurisdiction", filter=in_force,
                                             distinct=True))
                     .order_by("-adopted", "principle__number", "title"))
        total = (Plan.objects.filter(status=Status.SIGNED_OFF).values("jurisdiction_id")
                 .distinct().count())
        return super().get_context_data(page_obj=page_of(self.request, practices), total=total,
                                        **kwargs)


class GridView(TemplateView):
    """Principles by stage: the practice the Blueprint gives for each pair and, where the
    catalogue has none, the local practices that blueprints in force adopted for that pair,
    each with its jurisdiction. Nothing is invented: an empty cell says so."""

    template_name = "plans/grid.html"

    def get_context_data(self, **kwargs):
        stages = list(Stage.objects.all())
        adopted = local_practices_in_force()
        rows = []
        for principle in Principle.objects.with_practices():
            cells = {stage.pk: [] for stage in stages}
            for practice in principle.practices.all():
                cells[practice.stage_id].append(practice)
            rows.append((principle, [
                GridCell(stage, cells[stage.pk], adopted.get((principle.pk, stage.pk), []))
                for stage in stages]))
        return super().get_context_data(stages=stages, rows=rows, **kwargs)


@dataclass
class GridCell:
    stage: Stage
    practices: list  # the catalogue's
    local: list  # [LocalPractice] adopted by blueprints in force


@dataclass
class LocalPractice:
    name: str
    jurisdictions: list  # [(name, blueprint url)], one per jurisdiction


def local_practices_in_force():
    """{(principle id, stage id): [LocalPractice]}: the local practices that signed-off
    blueprints in force commit to, each named once per cell with the jurisdictions that
    adopted it (one query)."""
    commitments = (Commitment.objects.current()
                   .filter(plan__status=Status.SIGNED_OFF, practice__isnull=True,
                           stage__isnull=False)
                   .values_list("principle_id", "stage_id", "local_practice", "plan_id",
                                "plan__jurisdiction__name")
                   .order_by("plan__jurisdiction__name", "local_practice"))
    cells = {}
    for principle_id, stage_id, name, plan_id, jurisdiction in commitments:
        by_name = cells.setdefault((principle_id, stage_id), {})
        key = name.strip().casefold()
        practice = by_name.setdefault(key, LocalPractice(name.strip(), []))
        where = (jurisdiction, reverse("plans:blueprint", args=[plan_id]))
        if where not in practice.jurisdictions:
            practice.jurisdictions.append(where)
    return {cell: sorted(by_name.values(), key=lambda p: p.name.casefold())
            for cell, by_name in cells.items()}


# --- verification --------------------------------------------------------------------------

DIGEST = re.compile(r"^[0-9a-fA-F]{64}$")
MAX_UPLOAD = 20 * 1024 * 1024


class VerifyForm(forms.Form):
    pdf = forms.FileField(label=gettext_lazy("A blueprint PDF"), required=False,
                          help_text=gettext_lazy("PDF, up to 20 MB."))
    digest = forms.CharField(label=gettext_lazy("Or its SHA-256 digest"), required=False,
                             max_length=100,
                             help_text=gettext_lazy("The 64 characters printed on its "
                                                    "sign-off page."))

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is over 20 MB: no blueprint is that big."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF."))
        return upload

    def clean_digest(self):
        digest = self.cleaned_data.get("digest", "").strip().lower()
        if digest and not DIGEST.match(digest):
            raise forms.ValidationError(
                _("A digest is 64 characters, digits and the letters a to f."))
        return digest

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("pdf") and not cleaned.get("digest"):
            raise forms.ValidationError(_("Upload a PDF or enter a digest."))
        return cleaned


class VerifyView(FormView):
    """Anyone checks whether a PDF or a digest is a blueprint signed on this site."""

    template_name = "plans/verify.html"
    form_class = VerifyForm

    def form_valid(self, form):
        upload, digest = form.cleaned_data.get("pdf"), form.cleaned_data.get("digest")
        result = {"checked": "file" if upload else "digest"}
        sha256 = None
        if upload:
            sha = hashlib.sha256()
            for chunk in upload.chunks():
                sha.update(chunk)
            sha256 = sha.hexdigest()
            job = (ExportJob.objects.filter(kind=ExportJob.Kind.BLUEPRINT, sha256=sha256)
                   .select_related("snapshot__plan__jurisdiction").first())
            snapshot = job.snapshot if job else None
        else:
            snapshot = Snapshot.objects.select_related("plan__jurisdiction").filter(
                digest=digest).first()
        result["snapshot"] = snapshot
        if snapshot is not None:
            result["signatures"] = snapshot.content.get("signatures", [])
        else:  # a document published beside a blueprint: a progress report
            result["document"] = documents.verify(sha256=sha256, digest=digest or None)
        return self.render_to_response(self.get_context_data(form=form, result=result))


