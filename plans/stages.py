"""The stage stepper of a plan's page: the stages of its life in order, the date it reached
each one in its latest pass (from its audit entries), and one sentence on what comes next.

A plan sent back (returned, or back to draft) shows its latest pass: the stages after the
one it went back to are not reached again until it reaches them again.
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stakeholders.input import Comment

from .models import AuditEntry, Status
from .readiness import unfinished

STAGES = [Status.DRAFT, Status.CONSULTATION, Status.REVISION, Status.REVIEW, Status.SIGNED_OFF]
LABELS = {
    Status.DRAFT: Status.DRAFT.label,
    Status.CONSULTATION: gettext_lazy("Consultation"),
    Status.REVISION: gettext_lazy("Revision"),
    Status.REVIEW: gettext_lazy("Review for sign-off"),
    Status.SIGNED_OFF: Status.SIGNED_OFF.label,
}


@dataclass
class Stage:
    status: str
    label: str
    state: str  # "done", "current" or "ahead"
    when: str  # how far the plan is with it, in words: reached on…, now, not reached yet

    @property
    def is_current(self):
        return self.state == "current"


def when(state, day, action, superseded_on=None):
    """A stage's state and date in words, so that nothing is said by colour alone."""
    if state == "ahead":
        return _("not reached yet")
    if day is None:
        return _("now") if state == "current" else _("reached")
    on = date_format(day)
    if superseded_on:
        return _("reached on %(date)s; superseded on %(superseded)s") % {
            "date": on, "superseded": date_format(superseded_on)}
    if action == "return_plan":
        text = _("returned on %(date)s")
    elif action == "back_to_draft":
        text = _("back to draft on %(date)s")
    elif state == "current":
        text = _("since %(date)s")
    else:
        text = _("reached on %(date)s")
    text = text % {"date": on}
    return _("now, %(since)s") % {"since": text} if state == "current" else text


def position(plan):
    """(number, of how many) of the stage the plan is at: a superseded plan stays at its
    last stage, signed off."""
    current = Status.SIGNED_OFF if plan.status == Status.SUPERSEDED else plan.status
    return STAGES.index(current) + 1, len(STAGES)


@dataclass
class Stepper:
    stages: list
    next_step: str


def reached(plan):
    """{stage: (local date, action)} of the plan's latest pass through its stages (one
    query). Entering a stage un-reaches the stages after it."""
    latest = {}
    superseded_on = None
    entries = (
        AuditEntry.objects.filter(plan=plan)
        .exclude(to_status="")
        .order_by("at", "pk")
        .values_list("action", "from_status", "to_status", "at")
    )
    for action, from_status, to_status, at in entries:
        if from_status == to_status:  # a signature: the plan stays in review
            continue
        if to_status == Status.SUPERSEDED:
            superseded_on = localtime(at).date()
            continue
        if to_status not in STAGES:
            continue
        index = STAGES.index(to_status)
        for later in STAGES[index:]:
            latest.pop(later, None)
        latest[to_status] = (localtime(at).date(), action)
    return latest, superseded_on


def stepper(plan, *, signoff=(), amendment=None):
    """The stepper for the plan's page; ``signoff`` is the page's list of (signatory,
    signature or None) while in review, ``amendment`` the version amending a signed plan."""
    latest, superseded_on = reached(plan)
    current = Status.SIGNED_OFF if plan.status == Status.SUPERSEDED else plan.status
    position = STAGES.index(current)
    stages = []
    for index, status in enumerate(STAGES):
        day, action = latest.get(status, (None, ""))
        state = "done" if index < position else "current" if index == position else "ahead"
        stages.append(Stage(status, LABELS[status], state, when(
            state, day, action, superseded_on if state == "current" else None)))
    signed_on = latest.get(Status.SIGNED_OFF, (None, ""))[0]
    return Stepper(stages, next_step(plan, signoff, amendment, signed_on, superseded_on))


def next_step(plan, signoff, amendment, signed_on, superseded_on):
    """One sentence on what the next step needs for this plan now."""
    if plan.status == Status.DRAFT:
        return _("Next: open the consultation, with the dates between which partners may "
                 "comment.")
    if plan.status == Status.CONSULTATION:
        waiting = Comment.objects.filter(plan=plan).awaiting_response().count()
        closes = date_format(plan.consultation_closes)
        if not waiting:
            return _("Next: close the consultation — it runs until %(date)s; every comment "
                     "has an answer.") % {"date": closes}
        return ngettext(
            "Next: close the consultation — it runs until %(date)s; %(count)s comment awaits "
            "an answer.",
            "Next: close the consultation — it runs until %(date)s; %(count)s comments await "
            "an answer.",
            waiting,
        ) % {"date": closes, "count": waiting}
    if plan.status == Status.REVISION:
        findings = unfinished(plan, "request_signoff")
        if findings.blocking:
            return _("Next: request sign-off — not possible yet: %(reason)s") % {
                "reason": findings.blocking[0].message}
        if not findings:
            return _("Next: request sign-off — nothing is left unfinished.")
        return ngettext(
            "Next: request sign-off — %(count)s point is unfinished; the request lists it.",
            "Next: request sign-off — %(count)s points are unfinished; the request lists them.",
            len(findings),
        ) % {"count": len(findings)}
    if plan.status == Status.REVIEW:
        signed = sum(1 for _membership, signature in signoff if signature)
        return _("Next: every signatory signs — %(signed)s of %(total)s signed.") % {
            "signed": signed, "total": len(signoff)}
    if plan.status == Status.SUPERSEDED:
        return _("Superseded on %(date)s by version %(version)s: this version is no longer "
                 "in effect.") % {"date": date_format(superseded_on) if superseded_on else "",
                                  "version": amendment.version if amendment else ""}
    return _("Signed off on %(date)s: the plan is in effect.") % {
        "date": date_format(signed_on) if signed_on else ""}
