"""The plan's life: every status change happens here, with its guard, the permission it
needs and an audit entry. Views call these functions and nothing else sets plan.status.

    draft -> consultation -> revision -> review -> signed_off -> superseded
    consultation/revision -> draft (back to draft); review -> revision (returned)
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from shared_safety.events import announce
from stakeholders.heard import heard_content
from stakeholders.models import Membership, Role

from . import export
from .content import plan_content
from .models import (
    AuditEntry,
    Commitment,
    OutcomeMeasure,
    Plan,
    PriorityPopulation,
    Signature,
    Snapshot,
    Status,
)
from .readiness import unfinished


class TransitionRefused(Exception):
    """The plan is not in a state where this can happen; the message says why."""


class UnfinishedNotSeen(TransitionRefused):
    """Something is unfinished and the person did not say they have seen it."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    permission: str
    explanation: str


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "open_consultation",
            gettext_lazy("Open consultation"),
            frozenset({Status.DRAFT}),
            "plans.open_consultation",
            gettext_lazy(
                "Partners of the jurisdiction can comment on the draft between "
                "the opening and closing dates."
            ),
        ),
        Transition(
            "close_consultation",
            gettext_lazy("Close consultation"),
            frozenset({Status.CONSULTATION}),
            "plans.close_consultation",
            gettext_lazy(
                "Comments stop, and the plan moves to revision so that you can "
                "work in what you heard."
            ),
        ),
        Transition(
            "back_to_draft",
            gettext_lazy("Back to draft"),
            frozenset({Status.CONSULTATION, Status.REVISION}),
            "plans.back_to_draft",
            gettext_lazy("The plan returns to draft; any open consultation closes."),
        ),
        Transition(
            "request_signoff",
            gettext_lazy("Request sign-off"),
            frozenset({Status.REVISION}),
            "plans.request_signoff",
            gettext_lazy(
                "The content freezes and every signatory is asked to sign it "
                "off or return it with a reason."
            ),
        ),
        Transition(
            "sign",
            gettext_lazy("Sign off"),
            frozenset({Status.REVIEW}),
            "plans.sign_plan",
            gettext_lazy(
                "You sign for your agency. When every signatory has signed, the "
                "plan's content is frozen for good with its digest."
            ),
        ),
        Transition(
            "return_plan",
            gettext_lazy("Return with a reason"),
            frozenset({Status.REVIEW}),
            "plans.return_plan",
            gettext_lazy(
                "The plan goes back to revision; signatures given so far in this "
                "round no longer count."
            ),
        ),
        Transition(
            "amend",
            gettext_lazy("Amend (start a new version)"),
            frozenset({Status.SIGNED_OFF}),
            "plans.amend_plan",
            gettext_lazy(
                "A new version starts as a draft with this plan's content. This "
                "signed version stays as it is until the new one is signed."
            ),
        ),
    ]
}


def available(plan, user):
    """The transitions this user may take on this plan now."""
    return [
        t
        for t in TRANSITIONS.values()
        if plan.status in t.sources
        and user.has_perm(t.permission, plan)
        and not (t.name == "sign" and has_signed(plan, user))
        and not (t.name == "amend" and amendment_of(plan))
    ]


def amendment_of(plan):
    """The version that amends this plan, if one was started (one at a time)."""
    return getattr(plan, "amendment", None)  # the reverse of Plan.previous, cached on plan


def _check(plan, name, by):
    transition = TRANSITIONS[name]
    if not by.has_perm(transition.permission, plan):
        raise PermissionDenied(
            _("Your role does not allow “%(action)s”.") % {"action": transition.label}
        )
    if plan.status not in transition.sources:
        raise TransitionRefused(
            _("“%(action)s” is not possible while the plan is %(status)s.")
            % {"action": transition.label, "status": plan.get_status_display().lower()}
        )


def _check_unfinished(plan, name, seen_unfinished):
    """Refuse the step when something unfinished makes it impossible, or when there is
    anything unfinished that the person has not confirmed seeing (plans/readiness.py)."""
    findings = unfinished(plan, name)
    if findings.blocking:
        raise TransitionRefused(findings.blocking[0].message)
    if findings and not seen_unfinished:
        raise UnfinishedNotSeen(
            ngettext(
                "%(count)s point is unfinished: confirm that you have seen it to go on.",
                "%(count)s points are unfinished: confirm that you have seen them to go on.",
                len(findings),
            )
            % {"count": len(findings)}
        )


def _locked(plan):
    """Re-read the plan under a row lock so that concurrent transitions serialize."""
    return Plan.objects.select_for_update().select_related("jurisdiction").get(pk=plan.pk)


def _move(plan, to, by, action, note=""):
    """Record the step and take it; returns its audit entry, which names the event for
    whoever is told of it (shared_safety.events: queued once the transaction commits)."""
    entry = AuditEntry.objects.create(
        jurisdiction_id=plan.jurisdiction_id,
        plan=plan,
        action=action,
        from_status=plan.status,
        to_status=to,
        actor=by,
        note=note,
    )
    plan.status = to
    plan.save(
        update_fields=[
            "status",
            "consultation_opens",
            "consultation_closes",
            "signoff_round",
            "updated_at",
        ]
    )
    return entry


@transaction.atomic
def open_consultation(plan, *, by, opens, closes):
    plan = _locked(plan)
    _check(plan, "open_consultation", by)
    if closes < opens:
        raise TransitionRefused(_("The consultation cannot close before it opens."))
    if closes < timezone.localdate():
        raise TransitionRefused(_("The closing date has passed already: choose a later one."))
    plan.consultation_opens, plan.consultation_closes = opens, closes
    entry = _move(
        plan,
        Status.CONSULTATION,
        by,
        "open_consultation",
        note=f"{opens.isoformat()} – {closes.isoformat()}",
    )
    announce("consultation_opened", entry.pk)
    return plan


@transaction.atomic
def close_consultation(plan, *, by, seen_unfinished=False):
    plan = _locked(plan)
    _check(plan, "close_consultation", by)
    _check_unfinished(plan, "close_consultation", seen_unfinished)
    today = timezone.localdate()
    if plan.consultation_closes and plan.consultation_closes > today:
        plan.consultation_closes = today
    entry = _move(plan, Status.REVISION, by, "close_consultation")
    announce("consultation_closed", entry.pk)
    return plan


@transaction.atomic
def back_to_draft(plan, *, by):
    plan = _locked(plan)
    _check(plan, "back_to_draft", by)
    _move(plan, Status.DRAFT, by, "back_to_draft")
    return plan


def designated_signatories(jurisdiction_id):
    return (
        Membership.objects.active()
        .filter(jurisdiction_id=jurisdiction_id, role=Role.SIGNATORY)
        .select_related("user")
    )


@transaction.atomic
def request_signoff(plan, *, by, seen_unfinished=False):
    plan = _locked(plan)
    _check(plan, "request_signoff", by)
    _check_unfinished(plan, "request_signoff", seen_unfinished)
    entry = _move(plan, Status.REVIEW, by, "request_signoff")
    announce("signoff_requested", entry.pk)
    return plan


def has_signed(plan, user):
    return Signature.objects.filter(plan=plan, round=plan.signoff_round, user=user).exists()


@transaction.atomic
def sign(plan, *, by):
    """Record the signatory's sign-off; the last one freezes the plan into its snapshot."""
    plan = _locked(plan)
    _check(plan, "sign", by)
    if has_signed(plan, by):
        raise TransitionRefused(_("You have signed this plan already."))
    membership = designated_signatories(plan.jurisdiction_id).filter(user=by).first()
    Signature.objects.create(
        plan=plan,
        round=plan.signoff_round,
        user=by,
        name=str(by),
        title=membership.title,
        agency=membership.agency,
    )
    AuditEntry.objects.create(
        jurisdiction_id=plan.jurisdiction_id,
        plan=plan,
        action="sign",
        from_status=plan.status,
        to_status=plan.status,
        actor=by,
    )
    signed = set(
        Signature.objects.filter(plan=plan, round=plan.signoff_round).values_list(
            "user_id", flat=True
        )
    )
    designated = {m.user_id for m in designated_signatories(plan.jurisdiction_id)}
    if designated <= signed:
        _finalize(plan, by)
    return plan


def _finalize(plan, by):
    content = plan_content(plan)
    content["heard"] = heard_content(plan)
    content["signatures"] = [
        {"name": s.name, "title": s.title, "agency": s.agency, "signed_at": s.signed_at.isoformat()}
        for s in Signature.objects.filter(plan=plan, round=plan.signoff_round)
    ]
    Snapshot.freeze(plan, content)
    entry = _move(plan, Status.SIGNED_OFF, by, "signed_off")
    export.request_blueprint(plan, by=by)  # rendered by the worker once this commits
    announce("plan_signed_off", entry.pk)
    if plan.previous_id:
        previous = _locked(plan.previous)
        if previous.status == Status.SIGNED_OFF:
            _move(
                previous,
                Status.SUPERSEDED,
                by,
                "superseded",
                note=_("Superseded by version %(version)s.") % {"version": plan.version},
            )


@transaction.atomic
def return_plan(plan, *, by, reason):
    plan = _locked(plan)
    _check(plan, "return_plan", by)
    reason = reason.strip()
    if not reason:
        raise TransitionRefused(_("Say why you return the plan, so the editors can act on it."))
    plan.signoff_round += 1  # signatures of the returned round stop counting
    entry = _move(plan, Status.REVISION, by, "return_plan", note=reason)
    announce("plan_returned", entry.pk)
    return plan


@transaction.atomic
def amend(plan, *, by):
    """Start version n+1 as a draft holding a copy of this signed plan's content."""
    plan = _locked(plan)
    _check(plan, "amend", by)
    if amendment_of(plan):
        raise TransitionRefused(_("This plan is being amended already: open the new version."))
    new = Plan.objects.create(
        jurisdiction_id=plan.jurisdiction_id,
        version=plan.version + 1,
        previous=plan,
        title=plan.title,
        first_year=plan.first_year,
        last_year=plan.last_year,
        vision=plan.vision,
        summary=plan.summary,
        enforcement_spending=plan.enforcement_spending,
        incarceration_spending=plan.incarceration_spending,
        language=plan.language,
        created_by=by,
    )
    for p in plan.priorities.filter(removed_at__isnull=True):
        PriorityPopulation.objects.create(
            plan=new,
            who=p.who,
            place=p.place,
            why=p.why,
            data_source=p.data_source,
            position=p.position,
        )
    for c in Commitment.objects.current().filter(plan=plan).prefetch_related("measures"):
        copy = Commitment.objects.create(
            plan=new,
            principle_id=c.principle_id,
            practice_id=c.practice_id,
            local_practice=c.local_practice,
            stage_id=c.stage_id,
            local_action=c.local_action,
            lead_agency=c.lead_agency,
            partners=c.partners,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            annual_budget=c.annual_budget,
            funding_source=c.funding_source,
            progress=c.progress,
            position=c.position,
            carried_from=c,
        )
        for m in c.measures.all():
            if m.removed_at is None:
                OutcomeMeasure.objects.create(
                    commitment=copy,
                    indicator=m.indicator,
                    unit=m.unit,
                    baseline=m.baseline,
                    target=m.target,
                    data_source=m.data_source,
                )
    AuditEntry.objects.create(
        jurisdiction_id=plan.jurisdiction_id,
        plan=new,
        action="amend",
        to_status=Status.DRAFT,
        actor=by,
        note=_("Amends version %(version)s.") % {"version": plan.version},
    )
    return new


def create_plan(*, jurisdiction, by, **fields):
    """A new plan (version 1) in draft."""
    if not by.has_perm("plans.add_plan", jurisdiction):
        raise PermissionDenied(_("Only editors of this jurisdiction start plans."))
    plan = Plan.objects.create(jurisdiction=jurisdiction, created_by=by, **fields)
    AuditEntry.objects.create(
        jurisdiction=jurisdiction, plan=plan, action="create", to_status=Status.DRAFT, actor=by
    )
    return plan
