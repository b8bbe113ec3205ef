"""What each role may do, in one place. Views, templates and querysets ask these rules.

A rule's object is a Jurisdiction or anything that belongs to one (has ``jurisdiction_id``).
"""

import rules
from django.db.models import Q

from .input import IN_SIGHT
from .models import Jurisdiction, Role


def jurisdiction_id_of(obj):
    if isinstance(obj, Jurisdiction):
        return obj.pk
    if hasattr(obj, "jurisdiction_id"):
        return obj.jurisdiction_id
    return obj.plan.jurisdiction_id  # input on a plan: comments, listening sessions


@rules.predicate
def is_site_admin(user):
    return user.is_authenticated and user.is_active and user.is_staff


def holds_role(*roles):
    """A predicate: the user holds one of ``roles`` in the object's jurisdiction."""
    wanted = set(roles)

    @rules.predicate(name=f"holds_role({', '.join(roles)})")
    def predicate(user, obj):
        if obj is None or not user.is_authenticated:
            return False
        return bool(user.roles_in(jurisdiction_id_of(obj)) & wanted)

    return predicate


is_member = holds_role(*Role.values)
is_jurisdiction_admin = holds_role(Role.JURISDICTION_ADMIN)
is_editor = holds_role(Role.EDITOR)
is_signatory = holds_role(Role.SIGNATORY)
is_partner = holds_role(Role.PARTNER)

rules.add_perm("stakeholders.create_jurisdiction", is_site_admin)
rules.add_perm("stakeholders.view_jurisdiction", is_site_admin | is_member)
rules.add_perm("stakeholders.manage_members", is_site_admin | is_jurisdiction_admin)
rules.add_perm(
    "stakeholders.manage_organizations", is_site_admin | is_jurisdiction_admin | is_editor
)


# Stakeholder input. The object is the plan, or the comment / session on it; or a published
# progress report of the plan, or a comment on one.


def report_of(obj):
    """The progress report that input is given on (the object, or the report a comment is on),
    or None for a plan's consultation. stakeholders never imports the progress app: a report
    says itself whether it takes comments and official answers."""
    if getattr(obj, "report_id", None):
        return obj.report
    if hasattr(obj, "takes_comments"):
        return obj
    return None


@rules.predicate
def consultation_is_open(user, obj):
    """The plan's consultation is open; for a progress report, it takes comments."""
    report = report_of(obj)
    if report is not None:
        return report.takes_comments()
    plan = getattr(obj, "plan", obj)
    return plan is not None and plan.consultation_is_open()


@rules.predicate
def plan_not_signed(user, obj):
    plan = getattr(obj, "plan", obj)
    return plan is not None and not plan.is_signed


@rules.predicate
def answers_are_open(user, obj):
    """Official answers are given until the plan is signed off; on a progress report, while
    the report says so."""
    report = report_of(obj)
    if report is not None:
        return report.takes_answers()
    plan = getattr(obj, "plan", obj)
    return plan is not None and not plan.is_signed


@rules.predicate
def within_edit_window(user, comment):
    return comment is not None and comment.is_editable_by(user)


@rules.predicate
def thread_is_visible(user, comment):
    """The thread it belongs to is in sight (no moderator hid it)."""
    return (comment.parent or comment).is_in_sight


@rules.predicate
def comment_is_in_sight(user, comment):
    return comment is not None and comment.is_in_sight


@rules.predicate
def wrote_comment(user, comment):
    return comment is not None and comment.author_id == user.pk


may_comment = (is_partner | is_editor | is_jurisdiction_admin) & consultation_is_open
# What the consultation page shows of one comment, and what an email may carry of it: the
# jurisdiction's people read comments in sight; a hidden one (or a reply hidden with it)
# only its author and the moderators.
rules.add_perm(
    "stakeholders.read_comment",
    (is_site_admin | is_member) & (comment_is_in_sight | wrote_comment | is_jurisdiction_admin),
)


def readable_comments(user, plan):
    """The read_comment rule as a filter on the comments of ``plan`` (its consultation or
    its reports), so that a page counts and filters thousands of them in the database: all
    of them for its moderators, those in sight and their own for its other people, none
    for anyone else."""
    if not (is_site_admin(user) or is_member(user, plan)):
        return Q(pk__in=[])
    if is_jurisdiction_admin(user, plan):
        return Q()
    return IN_SIGHT | Q(author_id=user.pk)


rules.add_perm("stakeholders.comment_on_plan", may_comment)
rules.add_perm("stakeholders.reply_to_comment", may_comment & thread_is_visible)
rules.add_perm("stakeholders.edit_comment", within_edit_window & consultation_is_open)
rules.add_perm("stakeholders.respond_to_comment", is_editor & answers_are_open)
# ...and the comment at hand: an editor answers only what they may read.
rules.add_perm(
    "stakeholders.answer_comment",
    is_editor & answers_are_open & (comment_is_in_sight | wrote_comment | is_jurisdiction_admin),
)
rules.add_perm("stakeholders.moderate_comment", is_jurisdiction_admin)
rules.add_perm("stakeholders.record_listening_session", is_editor & plan_not_signed)
