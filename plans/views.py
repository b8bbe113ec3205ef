"""Plan pages. Views parse the request, ask the rules, call the model or workflow, render.

Content edits work inline with htmx (a form partial swapped into the plan page, the
updated section swapped back) and, without JavaScript, as ordinary pages and redirects.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView
from django_htmx.http import reswap, retarget

from principles.models import Principle
from shared_safety.paging import PagedListMixin, page_of
from shared_safety.refusals import Refused
from stakeholders.input import Comment
from stakeholders.views import JurisdictionMixin

from . import fragments, readiness, stages, workflow
from .carried import carried_records, flagged, record_links
from .content import Coverage, investment_balance, plan_content, principle_sections
from .diff import compare, diff_groups, summarize
from .forms import (
    CommitmentForm,
    MeasureForm,
    OpenConsultationForm,
    PlanForm,
    PriorityForm,
    ReturnForm,
    SeenUnfinishedForm,
)
from .history import plan_history
from .models import (
    AuditEntry,
    Commitment,
    EditConflict,
    OutcomeMeasure,
    Plan,
    PriorityPopulation,
    Signature,
    Snapshot,
    Status,
)


def visible_plans(user):
    return Plan.objects.visible_to(user).select_related("jurisdiction")


def edit_denial(user, plan):
    """Why this user cannot change this plan's content and what to do about it, for the 403
    page: a frozen plan is no question of roles."""
    if not user.has_perm("plans.change_plan", plan) and plan.is_editable:
        return PermissionDenied(_("Only editors of %(jurisdiction)s change its plans.") % {
            "jurisdiction": plan.jurisdiction})
    back = {"link": plan.get_absolute_url(), "link_label": _("Back to the plan")}
    if plan.is_signed:
        return Refused(
            _("This plan is signed off: its content is frozen for good, as its signatories "
              "signed it."),
            advice=_("To change it, amend it from the plan's page: that starts version "
                     "%(version)s as a draft with this content, and this version stays in "
                     "force until the new one is signed.") % {"version": plan.version + 1},
            **back)
    return Refused(
        _("This plan is in review for sign-off: its content is frozen so that every "
          "signatory signs the same text."),
        advice=_("To change it, a signatory returns it to revision with a reason; its "
                 "editors can then edit it again and request sign-off anew."),
        **back)


class PlanMixin(LoginRequiredMixin):
    """Find the plan among those the user may see (else 404) and check the permission
    (else 403 saying why). Subclasses with a child object override ``load``."""

    permission_required = "plans.view_plan"

    def load(self):
        self.plan = get_object_or_404(visible_plans(self.request.user), pk=self.kwargs["pk"])

    def denied(self):
        """The refusal to raise, saying why (and, where a role is not the reason, what
        to do)."""
        if self.permission_required == "plans.change_plan":
            return edit_denial(self.request.user, self.plan)
        return PermissionDenied(self.denied_message())

    def denied_message(self):
        return _("Your role in %(jurisdiction)s does not allow this.") % {
            "jurisdiction": self.plan.jurisdiction
        }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.load()
        if not request.user.has_perm(self.permission_required, self.plan):
            raise self.denied()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plan=self.plan, jurisdiction=self.plan.jurisdiction, **kwargs
        )


class CachedPageMixin:
    """A plan's main page, kept whole per viewer (``fragments.page``): a light first query
    names it, and the plan is read in full only when the page has to be rendered."""

    page_params = ()  # the query parameters the page reads

    def load(self):
        self.plan = get_object_or_404(
            fragments.stamp_only(visible_plans(self.request.user)), pk=self.kwargs["pk"])

    def page_cached(self):
        return True

    def page_key(self):
        """What names the kept page besides the address and the viewer."""
        return fragments.page_stamp(self.plan)

    def get(self, request, *args, **kwargs):
        def respond():
            super(CachedPageMixin, self).load()
            return super(CachedPageMixin, self).get(request, *args, **kwargs)

        if not self.page_cached():
            return respond()
        return fragments.page(request, self.page_key(), respond, self.page_params)


class PlanListView(JurisdictionMixin, TemplateView):
    template_name = "plans/plan_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_obj=page_of(self.request, Plan.objects.filter(jurisdiction=self.jurisdiction)
                             .order_by("-first_year", "-version", "-pk")),
            can_add=self.request.user.has_perm("plans.add_plan", self.jurisdiction),
            **kwargs,
        )


class PlanCreateView(JurisdictionMixin, TemplateView):
    template_name = "plans/plan_form.html"
    permission_required = "plans.add_plan"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", PlanForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = PlanForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = {k: v for k, v in form.cleaned_data.items() if k != "lock_version"}
        plan = workflow.create_plan(jurisdiction=self.jurisdiction, by=request.user, **data)
        messages.success(
            request, _("The plan is created as a draft. Add its commitments under each principle.")
        )
        return HttpResponseRedirect(plan.get_absolute_url())


def may_comment(user, plan):
    return user.has_perm("stakeholders.comment_on_plan", plan)


def consultation_context(plan, can_comment):
    """What the plan page shows of the consultation beside each principle and commitment:
    how many comments each has (in sight, one query) and, for those who may comment, where
    to comment on it."""
    return {
        "comment_counts": (Comment.objects.filter(plan=plan).consultation().in_sight()
                           .counts_by_target()),
        "can_comment": can_comment,
        "consultation_url": reverse("stakeholders:consultation", args=[plan.pk]),
    }


def signoff_state(plan):
    """Designated signatories with whether each has signed in the current round."""
    signed = {s.user_id: s for s in Signature.objects.filter(plan=plan, round=plan.signoff_round)}
    return [
        (m, signed.get(m.user_id)) for m in workflow.designated_signatories(plan.jurisdiction_id)
    ]


class PlanDetailView(CachedPageMixin, PlanMixin, TemplateView):
    template_name = "plans/plan_detail.html"

    def page_cached(self):
        return self.plan.status != Status.REVIEW  # the signatures come in one by one

    def page_key(self):
        # "Comment on this" links come and go with the consultation's dates, not only
        # with changes: the day it opens or closes names another page.
        return (*super().page_key(), may_comment(self.request.user, self.plan))

    def body_context(self, can_edit, can_comment):
        plan = self.plan
        sections = principle_sections(plan)
        carried = carried_records(plan, sections)
        stage_number, stage_total = stages.position(plan)
        return {
            "plan": plan,
            "sections": sections,
            "stage_number": stage_number,
            "stage_total": stage_total,
            "coverage": Coverage(sections),
            "balance": investment_balance(plan, sections),
            "priorities": plan.priorities.filter(removed_at__isnull=True),
            "can_edit": can_edit,
            # what the signed version's record says of the commitments carried over from it
            "carried": carried,
            "carried_flagged": flagged(sections, carried),
            **consultation_context(plan, can_comment),
        }

    def get_context_data(self, **kwargs):
        plan, user = self.plan, self.request.user
        can_edit = user.has_perm("plans.change_plan", plan)
        can_comment = may_comment(user, plan)
        # The plan's content, rendered once per change of the plan or of the comments on it
        # (both move its updated_at: plans/signals.py)
        body = fragments.render(
            self.request, "plans/_plan_body.html",
            (fragments.plan_stamp(plan), can_edit, can_comment),
            lambda: self.body_context(can_edit, can_comment))
        last_return = None
        if plan.status == Status.REVISION:
            last_return = (
                AuditEntry.objects.filter(plan=plan, action="return_plan")
                .select_related("actor")
                .first()
            )
        snapshot = None
        if plan.is_signed:  # its digest only: the content is shown from the rows above
            snapshot = Snapshot.objects.filter(plan=plan).only("digest", "plan_id").first()
        amendment = workflow.amendment_of(plan) if plan.is_signed else None
        signoff = signoff_state(plan) if plan.status == Status.REVIEW else []
        return super().get_context_data(
            body=body,
            stepper=stages.stepper(plan, signoff=signoff, amendment=amendment),
            signoff=signoff,
            signatures=Signature.objects.filter(plan=plan, round=plan.signoff_round)
            if plan.is_signed
            else [],
            snapshot=snapshot,
            transitions=workflow.available(plan, user),
            amendment=amendment,
            can_edit=can_edit,
            can_export=user.has_perm("plans.export_plan", plan),
            export_job=plan.exports.first(),
            last_return=last_return,
            record_links=record_links(plan) if plan.is_signed else [],
            **kwargs,
        )


# --- content forms -------------------------------------------------------------------------


def form_container_id(request):
    """A page-unique id for an inline form, derived from the address it posts to."""
    return "form" + slugify(request.path.replace("/", "-"))


class ContentFormView(PlanMixin, View):
    """Create or edit one piece of a plan's content, inline (htmx) or as a page.

    Subclasses set ``form_class`` and ``heading``, and say which section of the plan page the
    object lives in (``section_id``/``render_section``) so that htmx gets it back updated.
    """

    permission_required = "plans.change_plan"
    form_class = None
    heading = ""

    def get_instance(self):
        return getattr(self, "object", None)

    def form_kwargs(self):
        return {}

    def action_url(self):
        return self.request.path

    def form_context(self, form, conflict=None):
        return {
            "form": form,
            "conflict": conflict,
            "plan": self.plan,
            "jurisdiction": self.plan.jurisdiction,
            "heading": self.heading,
            "action": self.action_url(),
            "target": self.section_id(),
            "container": form_container_id(self.request),
            "cancel_url": f"{self.plan.get_absolute_url()}#{self.section_id()}",
            "section_url": self.section_url(),
            "inline": bool(self.request.htmx),
        }

    def render_form(self, form, conflict=None, status=200):
        context = self.form_context(form, conflict)
        if self.request.htmx:
            response = render(self.request, "plans/_form.html", context, status=status)
            if self.request.method == "POST":
                response = reswap(retarget(response, f"#{context['container']}"), "outerHTML")
            return response
        return render(self.request, "plans/form_page.html", context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(self.form_class(instance=self.get_instance(), **self.form_kwargs()))

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.form_class(request.POST, instance=instance, **self.form_kwargs())
        if not form.is_valid():
            return self.render_form(form)
        obj = form.save(commit=False)
        try:
            if instance is not None and instance.pk:
                obj.save_unless_changed(form.cleaned_data.get("lock_version") or 0)
            else:
                self.prepare_new(obj)
                obj.save()
        except EditConflict as conflict:
            # Keep the editor's text; carry the newer version so that saving again is a
            # deliberate choice to keep theirs over the other person's.
            form.data = form.data.copy()
            form.data["lock_version"] = conflict.current.lock_version
            return self.render_form(
                form, conflict=self.describe_conflict(conflict.current, form), status=409
            )
        return self.saved(_("Saved."))

    def prepare_new(self, obj):
        """Attach a new object to its parent before its first save."""

    def describe_conflict(self, current, form):
        last = current.history.select_related("history_user").first()
        values = []
        for name, field in form.fields.items():
            if name == "lock_version":
                continue
            display = getattr(current, f"get_{name}_display", None)
            value = display() if display else getattr(current, name)
            values.append((field.label, "" if value is None else value))
        return {
            "current": current,
            "values": values,
            "by": last.history_user if last else None,
            "at": last.history_date if last else None,
        }

    def saved(self, message):
        if self.request.htmx:
            return self.render_section(message)
        messages.success(self.request, message)
        return HttpResponseRedirect(f"{self.plan.get_absolute_url()}#{self.section_id()}")

    def section_id(self):
        raise NotImplementedError

    def section_url(self):
        raise NotImplementedError

    def render_section(self, message=""):
        raise NotImplementedError


class PrincipleSectionMixin:
    """Objects that live under one principle of the plan page."""

    def section_id(self):
        return f"principle-{self.principle.slug}"

    def section_url(self):
        return reverse("plans:principle_section", args=[self.plan.pk, self.principle.slug])

    def render_section(self, message=""):
        # after a change: the section, with the coverage and the chart it may have changed
        return render_principle_section(self.request, self.plan, self.principle, message,
                                        template="plans/_section_saved.html")


def render_principle_section(
    request, plan, principle, message="", template="plans/_principle_section.html"
):
    sections = principle_sections(plan)
    section = next(s for s in sections if s.principle.pk == principle.pk)
    return render(
        request,
        template,
        {
            "plan": plan,
            "jurisdiction": plan.jurisdiction,
            "section": section,
            "message": message,
            "can_edit": request.user.has_perm("plans.change_plan", plan),
            # what a change of this section changes elsewhere on the page, swapped in
            # out of band (templates/plans/_section_saved.html)
            "coverage": Coverage(sections),
            "balance": investment_balance(plan, sections),
            "carried": carried_records(plan, sections),
            **consultation_context(plan, may_comment(request.user, plan)),
        },
    )


class PrincipleSectionView(PlanMixin, View):
    """One principle of the plan: the htmx partial, or a page of its own without JavaScript."""

    def get(self, request, *args, **kwargs):
        principle = get_object_or_404(Principle, slug=kwargs["principle"])
        template = "plans/_principle_section.html" if request.htmx else "plans/principle_page.html"
        return render_principle_section(request, self.plan, principle, template=template)


class CommitmentCreateView(PrincipleSectionMixin, ContentFormView):
    form_class = CommitmentForm

    def load(self):
        super().load()
        self.principle = get_object_or_404(Principle, slug=self.kwargs["principle"])
        self.heading = _("New commitment under “%(principle)s”") % {"principle": self.principle}

    def form_kwargs(self):
        return {"principle": self.principle}

    def prepare_new(self, obj):
        obj.plan = self.plan
        last = (
            Commitment.objects.current()
            .filter(plan=self.plan, principle=self.principle)
            .aggregate(Max("position"))["position__max"]
        )
        obj.position = (last or 0) + 1


class CommitmentMixin(PrincipleSectionMixin):
    def load(self):
        self.object = get_object_or_404(
            Commitment.objects.current().select_related("plan__jurisdiction", "principle"),
            pk=self.kwargs["pk"],
            plan__in=visible_plans(self.request.user),
        )
        self.plan, self.principle = self.object.plan, self.object.principle


class CommitmentUpdateView(CommitmentMixin, ContentFormView):
    form_class = CommitmentForm

    def load(self):
        super().load()
        self.heading = _("Edit “%(name)s”") % {"name": self.object.name}

    def form_kwargs(self):
        return {"principle": self.principle}


class RemoveView(ContentFormView):
    """GET asks to confirm; POST marks the object removed. Nothing is deleted: the row and
    its history stay, and the history page shows who removed it."""

    def get(self, request, *args, **kwargs):
        context = {
            "plan": self.plan,
            "jurisdiction": self.plan.jurisdiction,
            "object": self.object,
            "action": request.path,
            "target": self.section_id(),
            "container": form_container_id(request),
            "section_url": self.section_url(),
            "inline": bool(request.htmx),
            "cancel_url": f"{self.plan.get_absolute_url()}#{self.section_id()}",
        }
        template = (
            "plans/_confirm_remove.html" if request.htmx else "plans/confirm_remove_page.html"
        )
        return render(request, template, context)

    def post(self, request, *args, **kwargs):
        self.object.removed_at = timezone.now()
        self.object.save()
        return self.saved(_("“%(name)s” is removed.") % {"name": self.object})


class CommitmentRemoveView(CommitmentMixin, RemoveView):
    pass


class CommitmentMoveView(CommitmentMixin, ContentFormView):
    """POST only: move a commitment one place up or down within its principle."""

    http_method_names = ["post"]

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        siblings = list(
            Commitment.objects.current()
            .select_for_update()
            .filter(plan=self.plan, principle=self.principle)
            .order_by("position", "pk")
        )
        index = next(i for i, c in enumerate(siblings) if c.pk == self.object.pk)
        other = index - 1 if kwargs["direction"] == "up" else index + 1
        if 0 <= other < len(siblings):
            siblings[index], siblings[other] = siblings[other], siblings[index]
            for position, commitment in enumerate(siblings, start=1):
                if commitment.position != position:
                    commitment.position = position
                    commitment.save(update_fields=["position"])
        return self.saved(_("“%(name)s” is moved.") % {"name": self.object.name})


class MeasureCreateView(CommitmentMixin, ContentFormView):
    form_class = MeasureForm

    def load(self):
        super().load()
        self.commitment = self.object
        self.object = None
        self.heading = _("New outcome measure for “%(name)s”") % {"name": self.commitment.name}

    def prepare_new(self, obj):
        obj.commitment = self.commitment


class MeasureMixin(PrincipleSectionMixin):
    def load(self):
        self.object = get_object_or_404(
            OutcomeMeasure.objects.filter(
                removed_at__isnull=True, commitment__removed_at__isnull=True
            ).select_related("commitment__plan__jurisdiction", "commitment__principle"),
            pk=self.kwargs["pk"],
            commitment__plan__in=visible_plans(self.request.user),
        )
        self.plan, self.principle = self.object.commitment.plan, self.object.commitment.principle


class MeasureUpdateView(MeasureMixin, ContentFormView):
    form_class = MeasureForm

    def load(self):
        super().load()
        self.heading = _("Edit outcome measure “%(name)s”") % {"name": self.object.indicator}


class MeasureRemoveView(MeasureMixin, RemoveView):
    pass


class PrioritySectionMixin:
    def section_id(self):
        return "priorities"

    def section_url(self):
        return reverse("plans:priorities", args=[self.plan.pk])

    def render_section(self, message=""):
        return render_priorities(self.request, self.plan, message)


def render_priorities(request, plan, message="", template="plans/_priorities.html"):
    return render(
        request,
        template,
        {
            "plan": plan,
            "jurisdiction": plan.jurisdiction,
            "message": message,
            "priorities": plan.priorities.filter(removed_at__isnull=True),
            "can_edit": request.user.has_perm("plans.change_plan", plan),
        },
    )


class PrioritiesView(PlanMixin, View):
    def get(self, request, *args, **kwargs):
        template = "plans/_priorities.html" if request.htmx else "plans/priorities_page.html"
        return render_priorities(request, self.plan, template=template)


class PriorityCreateView(PrioritySectionMixin, ContentFormView):
    form_class = PriorityForm
    heading = ""

    def load(self):
        super().load()
        self.heading = _("New priority population or place")

    def prepare_new(self, obj):
        obj.plan = self.plan
        last = self.plan.priorities.aggregate(Max("position"))["position__max"]
        obj.position = (last or 0) + 1


class PriorityMixin(PrioritySectionMixin):
    def load(self):
        self.object = get_object_or_404(
            PriorityPopulation.objects.filter(removed_at__isnull=True).select_related(
                "plan__jurisdiction"
            ),
            pk=self.kwargs["pk"],
            plan__in=visible_plans(self.request.user),
        )
        self.plan = self.object.plan


class PriorityUpdateView(PriorityMixin, ContentFormView):
    form_class = PriorityForm

    def load(self):
        super().load()
        self.heading = _("Edit “%(name)s”") % {"name": self.object}


class PriorityRemoveView(PriorityMixin, RemoveView):
    pass


class PlanUpdateView(ContentFormView):
    """The plan's own fields: title, period, vision, summary, today's spending."""

    form_class = PlanForm

    def load(self):
        super().load()
        self.object = self.plan
        self.heading = _("Edit the plan's details")

    def section_id(self):
        return "plan-details"

    def section_url(self):
        return self.plan.get_absolute_url()

    def saved(self, message):
        # The details form is always a page of its own (no inline editing).
        messages.success(self.request, message)
        return HttpResponseRedirect(self.plan.get_absolute_url())


# --- workflow ------------------------------------------------------------------------------

TRANSITION_FORMS = {
    "open_consultation": OpenConsultationForm,
    "return_plan": ReturnForm,
    "close_consultation": SeenUnfinishedForm,
    "request_signoff": SeenUnfinishedForm,
}


class TransitionView(PlanMixin, TemplateView):
    """Confirm (GET) and carry out (POST) one step of the plan's life. Before closing a
    consultation or requesting sign-off, the page lists what is unfinished (the workflow's
    check): the editor confirms having seen it, unless something blocks the step."""

    template_name = "plans/transition.html"

    def load(self):
        super().load()
        self.transition = workflow.TRANSITIONS.get(self.kwargs["name"])
        if self.transition is None:
            raise Http404
        self.permission_required = self.transition.permission

    def transition_form(self, data=None):
        form_class = TRANSITION_FORMS.get(self.transition.name)
        return form_class(data) if form_class else None

    def get_context_data(self, **kwargs):
        findings = workflow.unfinished(self.plan, self.transition.name)
        form = kwargs.pop("form", None) or self.transition_form()
        if isinstance(form, SeenUnfinishedForm) and (not findings or findings.blocking):
            form = None  # nothing to confirm, or nothing that confirming would allow
        return super().get_context_data(
            transition=self.transition,
            checked=self.transition.name in readiness.CHECKED_STEPS,
            findings=findings,
            form=form,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.transition_form(request.POST)
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        args = form.cleaned_data if form else {}
        try:
            result = getattr(workflow, self.transition.name)(self.plan, by=request.user, **args)
        except workflow.UnfinishedNotSeen:
            form.add_error("seen_unfinished", form.not_seen)
            return self.render_to_response(self.get_context_data(form=form))
        except workflow.TransitionRefused as refused:
            return self.render_to_response(
                self.get_context_data(form=form, refused=str(refused)), status=409
            )
        messages.success(request, self.done_message(result))
        return HttpResponseRedirect(result.get_absolute_url())

    def done_message(self, plan):
        """What the step did, in a plain sentence."""
        name = self.transition.name
        if name == "amend":
            return _("Version %(version)s is started as a draft.") % {"version": plan.version}
        if name == "sign" and plan.status == Status.SIGNED_OFF:
            return _("Every signatory has signed: the plan is signed off.")
        if name == "sign":
            return _("Your signature is recorded.")
        if name == "open_consultation":
            return _("The consultation is open: partners can comment until %(date)s.") % {
                "date": date_format(plan.consultation_closes)}
        if name == "close_consultation":
            return _("The consultation is closed and the plan is in revision: work in what "
                     "you heard.")
        if name == "back_to_draft":
            return _("The plan is back in draft.")
        if name == "request_signoff":
            return _("Sign-off is requested: the content is frozen and each signatory is "
                     "asked to sign.")
        if name == "return_plan":
            return _("The plan is back in revision; its editors see your reason.")
        return _("Done.")


# --- history and comparison ----------------------------------------------------------------


class HistoryView(PlanMixin, TemplateView):
    template_name = "plans/history.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(changes=plan_history(self.plan), **kwargs)


@dataclass
class Version:
    """One choice of the compare page: a plan as it stands, or a signed snapshot."""

    group: str  # the plan's title: the choices are grouped under it
    option: str  # its name within the group, short enough for a phone's list
    load: object  # () -> its content
    stamp: str  # what names its rendered comparison in the cache
    digest: str = ""  # a snapshot's

    @property
    def label(self):
        """Its full name, above the comparison."""
        label = f"{self.group}, {self.option}"
        if self.digest:
            label += " " + _("(SHA-256 %(digest)s…)") % {"digest": self.digest[:12]}
        return label


class CompareView(CachedPageMixin, PlanMixin, TemplateView):
    """Any two versions of the jurisdiction's plans, live or as signed snapshots. Its
    choices change with the jurisdiction, whose ``changed_at`` names the cached page."""

    template_name = "plans/compare.html"
    page_params = ("left", "right")

    def versions(self):
        """{choice value: Version} for every plan version and snapshot of the
        jurisdiction."""
        plans = (
            Plan.objects.filter(jurisdiction=self.plan.jurisdiction)
            .select_related("jurisdiction", "snapshot")
            .defer("snapshot__content")  # read only for the versions compared, on a cache miss
        )
        choices = {}
        self.snapshot_of = {}
        for plan in plans:
            snapshot = getattr(plan, "snapshot", None) if plan.is_signed else None
            if snapshot is not None:
                self.snapshot_of[plan.pk] = snapshot.pk
                choices[f"snapshot-{snapshot.pk}"] = Version(
                    plan.title,
                    _("version %(version)s, signed on %(date)s") % {
                        "version": plan.version,
                        "date": date_format(timezone.localtime(snapshot.created_at))},
                    lambda snapshot=snapshot: snapshot.content,
                    snapshot.digest,
                    snapshot.digest,
                )
            choices[f"plan-{plan.pk}"] = Version(
                plan.title,
                _("version %(version)s as it stands (%(status)s)") % {
                    "version": plan.version, "status": plan.get_status_display().lower()},
                lambda plan=plan: plan_content(plan),
                fragments.plan_stamp(plan),
            )
        return choices

    def default_pair(self, choices):
        plan = self.plan
        right = f"plan-{plan.pk}"
        if plan.previous_id and f"plan-{plan.previous_id}" in choices:
            snapshot = self.snapshot_of.get(plan.previous_id)
            left = f"snapshot-{snapshot}" if snapshot else f"plan-{plan.previous_id}"
        else:
            left = right
        return left, right

    def get_context_data(self, **kwargs):
        choices = self.versions()
        default_left, default_right = self.default_pair(choices)
        left = self.request.GET.get("left", default_left)
        right = self.request.GET.get("right", default_right)
        if left not in choices or right not in choices:
            body = ""
            error = _("Choose two versions from the lists.")
        else:
            error = None
            older, newer = choices[left], choices[right]
            # each side is named by its plan's updated_at or its snapshot's digest
            body = fragments.render(
                self.request, "plans/_diff_table.html", (left, older.stamp, right, newer.stamp),
                lambda: comparison(older, newer),
            )
        groups = {}
        for value, version in choices.items():
            groups.setdefault(version.group, []).append((value, version.option))
        return super().get_context_data(
            groups=list(groups.items()),
            sides=[("left", _("Older"), left), ("right", _("Newer"), right)],
            left=left,
            right=right,
            body=body,
            error=error,
            **kwargs,
        )


def comparison(older, newer):
    """What the compare page shows of two versions: a summary, then every difference."""
    old_content, new_content = older.load(), newer.load()
    # the principles' names in the reader's language: the contents hold the plan's
    catalogue = {p.number: p for p in Principle.objects.all()}
    rows = compare(old_content, new_content, catalogue)
    return {
        "rows": rows,
        "groups": diff_groups(rows),
        "summary": summarize(old_content, new_content, catalogue),
        "left_label": older.label,
        "right_label": newer.label,
    }


class AuditLogView(JurisdictionMixin, PagedListMixin, ListView):
    """Every recorded action in the jurisdiction, newest first, for its admins."""

    template_name = "plans/audit_log.html"
    permission_required = "plans.view_audit_log"
    permission_denied_message = gettext_lazy("Only the jurisdiction's admins read its audit log.")
    paginate_by = 50

    def get_queryset(self):
        return AuditEntry.objects.filter(jurisdiction=self.jurisdiction).select_related(
            "actor", "plan")
