"""Who hears of each event that plans and stakeholders announce (shared_safety.events), and
what the notice holds. Each function takes the ids its event carries, is called by the task
of the same name (tasks.py), and returns the notices it created.

The person whose action it was is not told of it, except a signatory asked to sign.
"""

from plans import workflow
from plans.models import AuditEntry
from stakeholders.models import Comment, Membership, Role, User

from .delivery import notify
from .models import Notification

Kind = Notification.Kind


def holders_of(jurisdiction_id, *roles):
    """The people holding one of ``roles`` (any role if none given) in the jurisdiction now."""
    memberships = Membership.objects.active().filter(jurisdiction_id=jurisdiction_id)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return {m.user for m in memberships.select_related("user")}


def audit_entry(entry_id):
    return AuditEntry.objects.select_related("plan__jurisdiction", "actor").get(pk=entry_id)


# --- the plan's life ---------------------------------------------------------------------------


def consultation_opened(entry_id):
    """Everyone holding a role in the jurisdiction, partners first among them, is invited to
    comment."""
    entry = audit_entry(entry_id)
    plan = entry.plan
    return notify(
        Kind.CONSULTATION_OPENED,
        holders_of(plan.jurisdiction_id) - {entry.actor},
        event=f"entry{entry.pk}",
        perm="plans.view_plan",
        obj=plan,
        plan=plan,
        actor=entry.actor,
        event_date=plan.consultation_closes,
    )


def consultation_closed(entry_id):
    """An editor closed the consultation: everyone holding a role hears it."""
    entry = audit_entry(entry_id)
    return tell_consultation_closed(entry.plan, actor=entry.actor)


def tell_consultation_closed(plan, actor=None):
    """Closed by an editor or by its date passing (reminders.py): one notice per person for
    a consultation's closing date, whichever comes first."""
    return notify(
        Kind.CONSULTATION_CLOSED,
        holders_of(plan.jurisdiction_id) - {actor},
        event=f"plan{plan.pk}:{plan.consultation_closes}",
        perm="plans.view_plan",
        obj=plan,
        plan=plan,
        actor=actor,
        event_date=plan.consultation_closes,
    )


def signoff_requested(entry_id):
    """Every designated signatory who may sign it now is asked to sign or return the plan
    (the requesting editor too if they sign for an agency); nobody once the review is over."""
    entry = audit_entry(entry_id)
    plan = entry.plan
    may_sign = {
        person for person in holders_of(plan.jurisdiction_id, Role.SIGNATORY)
        if any(t.name == "sign" for t in workflow.available(plan, person))
    }
    return notify(
        Kind.SIGNOFF_REQUESTED,
        may_sign,
        event=f"entry{entry.pk}",
        perm="plans.sign_plan",
        obj=plan,
        plan=plan,
        actor=entry.actor,
    )


def plan_returned(entry_id):
    """The jurisdiction's editors learn who returned the plan and why."""
    entry = audit_entry(entry_id)
    plan = entry.plan
    return notify(
        Kind.PLAN_RETURNED,
        holders_of(plan.jurisdiction_id, Role.EDITOR) - {entry.actor},
        event=f"entry{entry.pk}",
        perm="plans.view_plan",
        obj=plan,
        plan=plan,
        actor=entry.actor,
        note=entry.note,
    )


def plan_signed_off(entry_id):
    """Everyone holding a role in the jurisdiction, and everyone who commented on the plan:
    the published blueprint answers what they said. It is public, so a commenter who has
    left the jurisdiction since may still read it. Not the signatory who signed last."""
    entry = audit_entry(entry_id)
    plan = entry.plan
    members = holders_of(plan.jurisdiction_id) - {entry.actor}
    commenters = set(User.objects.filter(comments__plan=plan).distinct()) - members - {
        entry.actor}
    notice = {"event": f"plan{plan.pk}", "obj": plan, "plan": plan, "actor": entry.actor}
    return notify(
        Kind.PLAN_SIGNED_OFF, members, perm="plans.view_plan", **notice
    ) + notify(Kind.PLAN_SIGNED_OFF, commenters, perm=None, **notice)


# --- stakeholder input ---------------------------------------------------------------------


def comment_answered(comment_id):
    """The author learns that an editor answered their comment (not when they answered it
    themselves)."""
    comment = Comment.objects.select_related(
        "author", "plan__jurisdiction", "response__responded_by").get(pk=comment_id)
    response = comment.response
    if response.responded_by_id == comment.author_id:
        return []
    return notify(
        Kind.COMMENT_ANSWERED,
        {comment.author},
        event=f"comment{comment.pk}",
        perm="stakeholders.read_comment",
        obj=comment,
        plan=comment.plan,
        comment=comment,
        actor=response.responded_by,
        email_context={"comment": comment, "response": response},
    )


def comment_replied(reply_id):
    """The author of the comment replied to learns of the reply (not of their own)."""
    reply = Comment.objects.select_related(
        "author", "parent__author", "plan__jurisdiction").get(pk=reply_id)
    author = reply.parent.author
    if author.pk == reply.author_id:
        return []
    return notify(
        Kind.COMMENT_REPLIED,
        {author},
        event=f"reply{reply.pk}",
        perm="stakeholders.read_comment",
        obj=reply,
        plan=reply.plan,
        comment=reply,
        actor=reply.author,
        email_context={"reply": reply, "comment": reply.parent},
    )


def comment_hidden(comment_id):
    """The author is always told that and why a moderator hid their comment."""
    comment = Comment.objects.select_related("author", "hidden_by", "plan__jurisdiction").get(
        pk=comment_id)
    return notify(
        Kind.COMMENT_HIDDEN,
        {comment.author},
        event=f"comment{comment.pk}",
        perm="stakeholders.read_comment",
        obj=comment,
        plan=comment.plan,
        comment=comment,
        actor=comment.hidden_by,
        note=comment.hidden_reason,
        email_context={"comment": comment},
    )
