"""Progress pages. Members of the jurisdiction read a signed plan's record and (editors, while
the plan is in effect) add to it; jurisdiction admins choose its reporting schedule; anyone
reads the record of a published blueprint on the portal.

Views parse the request, ask the rules, call progress.record or progress.csv_import, render.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from plans import fragments
from plans.content import balance, principle_sections
from plans.models import Commitment, OutcomeMeasure, Status
from plans.publishing import newer_version, published
from plans.views import CachedPageMixin, PlanMixin, visible_plans

from . import csv_import, record, reports
from .charts import line_chart
from .evaluation import RULE, on_path
from .forms import ImportForm, MeasuredValueForm, ProgressUpdateForm, ScheduleForm
from .models import MeasuredValue, ProgressUpdate, ReportingPeriod, plan_end, plan_start

SIGNED = [Status.SIGNED_OFF, Status.SUPERSEDED]


def signed_plans(user):
    return visible_plans(user).filter(status__in=SIGNED)


def recordable_measures(user):
    """The current outcome measures of the signed plans this person reads, with their plan
    and jurisdiction: any other measure is a 404 to them (the record's pages and the API)."""
    return (OutcomeMeasure.objects
            .filter(removed_at__isnull=True, commitment__removed_at__isnull=True,
                    commitment__plan__in=signed_plans(user))
            .select_related("commitment__plan__jurisdiction", "commitment__practice"))


def closed_or_refused(user, plan, action):
    """Why this person cannot ``action`` on the plan's record, for the 403 page."""
    if plan.status == Status.SUPERSEDED:
        return _("This version is superseded: its record is closed and stays as it was.")
    return {
        "schedule": _("Only the admins of %(jurisdiction)s choose how its plans report."),
        "record": _("Only editors of %(jurisdiction)s record progress on its plans."),
    }[action] % {"jurisdiction": plan.jurisdiction}


class RecordMixin(PlanMixin):
    """A signed plan of the person's jurisdictions (else 404), and the permission on it."""

    permission_required = "progress.view_record"
    action = None  # "schedule" or "record": the 403 page says why

    def load(self):
        self.plan = get_object_or_404(signed_plans(self.request.user), pk=self.kwargs["pk"])

    def denied_message(self):
        if self.action:
            return closed_or_refused(self.request.user, self.plan, self.action)
        return super().denied_message()


def spending_balance(plan_record):
    """The investment balance of the plan with the money its record says was spent."""
    plan = plan_record.plan
    return balance(
        [(p.principle.short_name, p.planned) for p in plan_record.principles],
        plan.enforcement_spending, plan.incarceration_spending,
        # nothing planned under a principle: nothing spent on it either, rather than "not
        # reported"
        spent={p.principle.short_name: p.spent if p.commitments else Decimal(0)
               for p in plan_record.principles})


class RecordView(RecordMixin, TemplateView):
    """The members' page of the record: the schedule and its periods with what is missing,
    and each measure with its latest value, where editors add to it."""

    template_name = "progress/record.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            record=record.read_record(self.plan), reports=reports.by_period(self.plan),
            can_record=user.has_perm("progress.record_progress", self.plan),
            can_schedule=user.has_perm("progress.set_schedule", self.plan),
            rule=RULE, **kwargs)


class ScheduleView(RecordMixin, TemplateView):
    template_name = "progress/schedule.html"
    permission_required = "progress.set_schedule"
    action = "schedule"

    def get_context_data(self, **kwargs):
        schedule = getattr(self.plan, "reporting_schedule", None)
        kwargs.setdefault("form", ScheduleForm(instance=schedule))
        return super().get_context_data(schedule=schedule, **kwargs)

    def post(self, request, *args, **kwargs):
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            record.set_schedule(self.plan, by=request.user, **form.cleaned_data)
        except record.RecordRefused as refused:
            form.add_error("cadence", str(refused))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, _("The reporting schedule is saved."))
        return HttpResponseRedirect(reverse("progress:record", args=[self.plan.pk]))


class PeriodMixin(RecordMixin):
    def load(self):
        self.period = get_object_or_404(
            ReportingPeriod.objects.active().select_related("plan__jurisdiction"),
            pk=self.kwargs["pk"], plan__in=signed_plans(self.request.user))
        self.plan = self.period.plan


class PeriodView(PeriodMixin, TemplateView):
    """One period: each commitment's update for it, with the corrections in the record."""

    template_name = "progress/period.html"

    def get_context_data(self, **kwargs):
        sections = principle_sections(self.plan, measures=False)
        entries = {}  # commitment id -> its updates for the period, the current one first
        for update in (ProgressUpdate.objects.filter(period=self.period)
                       .select_related("author", "correction").order_by("-created_at", "-pk")):
            entries.setdefault(update.commitment_id, []).append(update)
        rows = [(section, [(c, entries.get(c.pk, [])) for c in section.commitments])
                for section in sections]
        return super().get_context_data(
            period=self.period, rows=rows, today=timezone.localdate(),
            can_record=self.request.user.has_perm("progress.record_progress", self.plan),
            **reports.period_context(self.request.user, self.period), **kwargs)


class UpdateFormView(PeriodMixin, TemplateView):
    """Record a commitment's update for a period, or correct the one recorded."""

    template_name = "progress/update_form.html"
    permission_required = "progress.record_progress"
    action = "record"

    def load(self):
        super().load()
        self.commitment = get_object_or_404(
            Commitment.objects.current().select_related("practice"),
            pk=self.kwargs["commitment_pk"], plan=self.plan)
        self.current = (ProgressUpdate.objects.current()
                        .filter(commitment=self.commitment, period=self.period)
                        .select_related("author").first())

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            initial = {}
            if self.current is not None:
                initial = {name: getattr(self.current, name) for name in
                           ("status", "stopped_reason", "account", "spent_to_date")}
            kwargs["form"] = ProgressUpdateForm(correcting=self.current, initial=initial)
        return super().get_context_data(
            period=self.period, commitment=self.commitment, current=self.current,
            started=self.period.has_started(timezone.localdate()), **kwargs)

    def post(self, request, *args, **kwargs):
        corrects = self.corrects_given()
        form = ProgressUpdateForm(request.POST, correcting=corrects)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            record.record_update(self.commitment, self.period, by=request.user,
                                 corrects=corrects, **form.cleaned_data)
        except record.UpdateConflict as conflict:
            self.current = conflict.current
            form = ProgressUpdateForm(request.POST, correcting=self.current)
            return self.render_to_response(
                self.get_context_data(form=form, refused=str(conflict)), status=409)
        except record.RecordRefused as refused:
            return self.render_to_response(
                self.get_context_data(form=form, refused=str(refused)), status=409)
        except ValidationError as invalid:
            form.add_error(None, invalid)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The update on “%(name)s” is recorded.")
                         % {"name": self.commitment.name})
        return HttpResponseRedirect(
            reverse("progress:period", args=[self.period.pk]) + f"#commitment-{self.commitment.pk}")

    def corrects_given(self):
        """The update this form was opened to correct (a hidden field), if any."""
        pk = self.request.POST.get("corrects", "")
        if not (pk.isascii() and pk.isdigit() and len(pk) < 19):  # an id, as the form sent
            return None
        return ProgressUpdate.objects.filter(
            pk=pk, commitment=self.commitment, period=self.period).first()


class MeasureMixin(RecordMixin):
    permission_required = "progress.record_progress"
    action = "record"

    def measure_pk(self):
        return self.kwargs["pk"]

    def load(self):
        self.measure = get_object_or_404(recordable_measures(self.request.user),
                                         pk=self.measure_pk())
        self.plan = self.measure.commitment.plan


class ValueFormView(MeasureMixin, TemplateView):
    """Record a measured value of a measure (or, with ``corrects``, correct one)."""

    template_name = "progress/value_form.html"
    corrects = None

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            initial = {"data_source": self.measure.data_source}
            if self.corrects is not None:
                initial = {name: getattr(self.corrects, name) for name in
                           ("value", "for_date", "data_source", "note")}
            kwargs["form"] = MeasuredValueForm(measure=self.measure, correcting=self.corrects,
                                               initial=initial)
        return super().get_context_data(
            measure=self.measure, commitment=self.measure.commitment, corrects=self.corrects,
            **kwargs)

    def post(self, request, *args, **kwargs):
        form = MeasuredValueForm(request.POST, measure=self.measure, correcting=self.corrects)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            record.record_value(self.measure, by=request.user, corrects=self.corrects,
                                **form.cleaned_data)
        except record.RecordRefused as refused:
            return self.render_to_response(
                self.get_context_data(form=form, refused=str(refused)), status=409)
        except ValidationError as invalid:
            form.add_error(None, invalid)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The value of “%(name)s” is recorded.")
                         % {"name": self.measure.indicator})
        return HttpResponseRedirect(
            reverse("progress:record", args=[self.plan.pk]) + f"#measure-{self.measure.pk}")


class ValueCorrectView(ValueFormView):
    """Correct a measured value: the form opens with it; a value corrected already points
    to the one that corrects it."""

    def load(self):
        # found among all values, then its measure among those of the person's plans (404)
        self.corrects = get_object_or_404(
            MeasuredValue.objects.select_related("correction"), pk=self.kwargs["pk"])
        super().load()

    def measure_pk(self):
        return self.corrects.measure_id

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            already=getattr(self.corrects, "correction", None), **kwargs)


class ImportView(RecordMixin, TemplateView):
    """Upload a CSV of measured values: all saved, or none with a message per problem."""

    template_name = "progress/import.html"
    permission_required = "progress.record_progress"
    action = "record"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ImportForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        if upload.size > csv_import.MAX_BYTES:
            problems = [_("The file is over %(size)s KB: split it into smaller files.")
                        % {"size": csv_import.MAX_BYTES // 1024}]
            return self.render_to_response(self.get_context_data(form=form, problems=problems))
        try:
            count = csv_import.import_values(self.plan, upload.read(), by=request.user)
        except csv_import.ImportRefused as refused:
            return self.render_to_response(self.get_context_data(
                form=form, problems=[str(p) for p in refused.problems]))
        except record.RecordRefused as refused:
            return self.render_to_response(
                self.get_context_data(form=form, problems=[str(refused)]), status=409)
        messages.success(request, ngettext("%(count)s value is recorded.",
                                           "%(count)s values are recorded.", count)
                         % {"count": count})
        return HttpResponseRedirect(reverse("progress:record", args=[self.plan.pk]))


class ImportTemplateView(RecordMixin, TemplateView):
    """The CSV to fill in, one row per outcome measure of the plan."""

    permission_required = "progress.record_progress"
    action = "record"

    def get(self, request, *args, **kwargs):
        response = HttpResponse(csv_import.template_csv(self.plan),
                                content_type="text/csv; charset=utf-8")
        name = f"{slugify(self.plan.title)}-v{self.plan.version}-measured-values.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# --- on the public portal -------------------------------------------------------------------


class PublicPageMixin(CachedPageMixin):
    """A page of a published blueprint's record, kept whole per viewer like the blueprint:
    every entry moves its plan's key (progress.record.touch)."""

    def load(self):
        self.plan = get_object_or_404(fragments.stamp_only(published()), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        def respond():
            self.plan = get_object_or_404(published(), pk=self.kwargs["pk"])
            return TemplateView.get(self, request, *args, **kwargs)

        self.load()
        return fragments.page(request, self.page_key(), respond, self.page_params)


class PublicProgressView(PublicPageMixin, TemplateView):
    """How a published plan is going: by principle and for the whole plan, commitments by
    status, money spent against planned, measures on track; each commitment and measure."""

    template_name = "progress/public.html"

    def get_context_data(self, **kwargs):
        plan_record = record.read_record(self.plan)
        return super().get_context_data(
            plan=self.plan, record=plan_record, balance=spending_balance(plan_record),
            rule=RULE, newer=newer_version(self.plan), reports=reports.published(self.plan),
            **kwargs)


class PublicMeasureView(PublicPageMixin, TemplateView):
    """One measure: its values over time against the baseline and the target, as a chart
    and as a table, whether it is on track, and every entry of its record."""

    template_name = "progress/public_measure.html"

    def get_context_data(self, **kwargs):
        measure = get_object_or_404(
            OutcomeMeasure.objects.filter(removed_at__isnull=True,
                                          commitment__removed_at__isnull=True)
            .select_related("commitment__practice", "commitment__principle"),
            pk=self.kwargs["measure_pk"], commitment__plan=self.plan)
        entries = list(MeasuredValue.objects.filter(measure=measure)
                       .select_related("correction").order_by("for_date", "created_at", "pk"))
        current = [v for v in entries if not hasattr(v, "correction")]
        measure_record = record.measure_record(measure, current, self.plan)
        start, end = plan_start(self.plan), plan_end(self.plan)
        known = measure.baseline is not None and measure.target is not None
        rows = [{"value": v, "expected": on_path(measure.baseline, measure.target, start, end,
                                                 v.for_date) if known else None}
                for v in current]
        return super().get_context_data(
            plan=self.plan, measure=measure, commitment=measure.commitment, rows=rows,
            record=measure_record, corrected=[v for v in entries if hasattr(v, "correction")],
            chart=line_chart(start=start, end=end, baseline=measure.baseline,
                             target=measure.target,
                             values=[(v.for_date, v.value) for v in current]),
            start=start, end=end, rule=RULE, **kwargs)

