"""What needs a person now: the items their dashboard leads with.

Each item is derived, at the time of asking, from the person's roles and the state of their
jurisdictions' plans, through the same rules the pages use (`Plan.consultation_is_open`,
`CommentQuerySet.awaiting_response`, `workflow.available`...). Nothing is stored, so an item
goes away by itself once the thing is done. A fixed number of queries, whatever the number
of jurisdictions, plans or comments.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.models import AuditEntry, Commitment, ExportJob, Plan, Signature, Status
from progress.models import ProgressUpdate, ReportingPeriod
from stakeholders.input import Comment
from stakeholders.models import Invitation, Jurisdiction, Membership, Role

from .models import Notification

CLOSING_SOON = timedelta(days=7)
RECENTLY_HIDDEN = timedelta(days=14)
REPORT_DUE_SOON = timedelta(days=14)


@dataclass
class Need:
    """One thing for this person to do or to know, in one sentence, with where to act."""

    sentence: str
    when: datetime  # what the item dates from (or, for a deadline, the deadline)
    link: str
    action: str  # the link's words: what the person does there
    role: str  # which of their roles it comes from
    opens: str = ""  # for a notification: where a POST marks it read on the way to ``link``


def moment(value):
    """A date or a datetime as an aware datetime, so that items sort together."""
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def what_needs(user, plans=None):
    """The items that need ``user`` now, the oldest first within each role: signatures,
    then an editor's work, a partner's, an admin's. ``plans`` may be the person's plans
    already read (with their jurisdictions)."""
    roles = user.roles_by_jurisdiction()
    held = defaultdict(set)  # role -> jurisdiction ids
    for jurisdiction_id, its_roles in roles.items():
        for role in its_roles:
            held[role].add(jurisdiction_id)
    if plans is None:
        plans = list(plans_of(user))
    needs = []
    if held[Role.SIGNATORY]:
        needs += signatory_needs(user, [p for p in plans
                                        if p.jurisdiction_id in held[Role.SIGNATORY]])
    if held[Role.EDITOR]:
        needs += editor_needs(user, [p for p in plans if p.jurisdiction_id in held[Role.EDITOR]])
    if held[Role.PARTNER]:
        needs += partner_needs(user, [p for p in plans
                                      if p.jurisdiction_id in held[Role.PARTNER]])
    if held[Role.JURISDICTION_ADMIN]:
        needs += admin_needs(held[Role.JURISDICTION_ADMIN])
    return needs


def plans_of(user):
    """The plans of the jurisdictions where the person holds a role, newest version first."""
    return (Plan.objects.filter(jurisdiction_id__in=list(user.roles_by_jurisdiction()))
            .select_related("jurisdiction")
            .order_by("jurisdiction__name", "-version"))


def latest_entries(plans, **filters):
    """{plan id: its latest audit entry among ``filters``}, in one query."""
    latest = {}
    entries = (AuditEntry.objects.filter(plan__in=[p.pk for p in plans], **filters)
               .select_related("actor").order_by("at", "pk"))
    for entry in entries:
        latest[entry.plan_id] = entry
    return latest


def returned_plans(plans):
    """[(plan, the return's audit entry)] of the plans that are in revision because a
    signatory returned them (not because their consultation closed)."""
    in_revision = [p for p in plans if p.status == Status.REVISION]
    if not in_revision:
        return []
    came_in = latest_entries(in_revision, to_status=Status.REVISION)
    return [(p, came_in[p.pk]) for p in in_revision
            if p.pk in came_in and came_in[p.pk].action == "return_plan"]


def signatory_needs(user, plans):
    needs = []
    in_review = [p for p in plans if p.status == Status.REVIEW]
    if in_review:
        signed = set(Signature.objects.filter(user=user, plan__in=[p.pk for p in in_review])
                     .values_list("plan_id", "round"))
        asked = latest_entries(in_review, action="request_signoff")
        for plan in in_review:
            if (plan.pk, plan.signoff_round) in signed:
                continue
            entry = asked.get(plan.pk)
            needs.append(Need(
                _("%(who)s asks you to sign off “%(plan)s” (%(jurisdiction)s).") % {
                    "who": entry.actor if entry else _("An editor"), "plan": plan.title,
                    "jurisdiction": plan.jurisdiction.name},
                moment(entry.at if entry else plan.updated_at),
                reverse("plans:transition", args=[plan.pk, "sign"]), _("Read and sign"),
                Role.SIGNATORY))
    for plan, entry in returned_plans(plans):
        needs.append(Need(
            _("“%(plan)s” was returned by %(who)s and waits for the editors' changes before "
              "it comes back to you.") % {"plan": plan.title, "who": entry.actor},
            moment(entry.at), plan.get_absolute_url(), _("See the plan"), Role.SIGNATORY))
    return sorted(needs, key=lambda need: need.when)


def editor_needs(user, plans):
    needs = []
    today = timezone.localdate()
    open_plans = [p for p in plans if p.status not in (Status.SIGNED_OFF, Status.SUPERSEDED)]
    by_plan = {p.pk: p for p in open_plans}
    waiting = (Comment.objects.filter(plan__in=list(by_plan)).awaiting_response()
               .values("plan_id").annotate(count=Count("pk"), oldest=Min("created_at"))
               .order_by("oldest"))
    for row in waiting:
        plan = by_plan[row["plan_id"]]
        needs.append(Need(
            ngettext(
                "%(count)s comment on “%(plan)s” awaits an official answer, since %(date)s.",
                "%(count)s comments on “%(plan)s” await an official answer, the oldest "
                "since %(date)s.", row["count"]) % {
                "count": row["count"], "plan": plan.title,
                "date": date_format(timezone.localdate(row["oldest"]))},
            row["oldest"],
            reverse("stakeholders:consultation", args=[plan.pk]) + "?state=awaiting",
            _("Answer the comments"), Role.EDITOR))
    for plan in open_plans:
        closes = plan.consultation_closes
        soon = closes and today <= closes <= today + CLOSING_SOON
        if plan.status == Status.CONSULTATION and soon:
            needs.append(Need(
                _("The consultation on “%(plan)s” closes on %(date)s.") % {
                    "plan": plan.title, "date": date_format(closes)},
                moment(closes), plan.get_absolute_url(), _("See the plan"), Role.EDITOR))
    for plan, entry in returned_plans(open_plans):
        needs.append(Need(
            _("%(who)s returned “%(plan)s”: “%(reason)s”") % {
                "who": entry.actor, "plan": plan.title, "reason": entry.note},
            moment(entry.at), plan.get_absolute_url(), _("Revise the plan"), Role.EDITOR))
    # a failed job stays news until it is retried or a later export of the plan replaces it
    later = ExportJob.objects.filter(plan=OuterRef("plan"), kind=OuterRef("kind"),
                                     created_at__gt=OuterRef("created_at"))
    failed = (ExportJob.objects.filter(plan__in=[p.pk for p in plans],
                                       state=ExportJob.State.FAILED)
              .filter(Q(kind__in=[ExportJob.Kind.BLUEPRINT, ExportJob.Kind.PROGRESS_REPORT])
                      | Q(kind=ExportJob.Kind.PREVIEW, requested_by=user))
              # a draft preview is replaced by a later one; a signed document's job is retried
              .filter(~Q(kind=ExportJob.Kind.PREVIEW) | ~Exists(later)))
    plans_by_pk = {p.pk: p for p in plans}
    for job in failed.order_by("created_at"):
        plan = plans_by_pk[job.plan_id]
        needs.append(Need(
            _("The PDF of “%(plan)s” could not be made.") % {"plan": plan.title},
            moment(job.finished_at or job.created_at), job.get_absolute_url(),
            _("See why and try again"), Role.EDITOR))
    needs += reporting_needs(plans, today)
    needs += report_comment_needs(plans)
    return sorted(needs, key=lambda need: need.when)


def report_comment_needs(plans):
    """Comments on the published progress reports of plans in effect that await an official
    answer, per report (one query): answered as a consultation's are."""
    in_effect = {p.pk: p for p in plans if p.status == Status.SIGNED_OFF}
    if not in_effect:
        return []
    waiting = (Comment.objects.filter(plan__in=list(in_effect), report__isnull=False)
               .awaiting_response()
               .values("plan_id", "report_id", "report__period__cadence",
                       "report__period__starts_on")
               .annotate(count=Count("pk"), oldest=Min("created_at")).order_by("oldest"))
    needs = []
    for row in waiting:
        period = ReportingPeriod(cadence=row["report__period__cadence"],
                                 starts_on=row["report__period__starts_on"])
        needs.append(Need(
            ngettext(
                "%(count)s comment on the progress report for %(period)s of “%(plan)s” awaits "
                "an official answer, since %(date)s.",
                "%(count)s comments on the progress report for %(period)s of “%(plan)s” await "
                "an official answer, the oldest since %(date)s.", row["count"]) % {
                "count": row["count"], "period": period.label,
                "plan": in_effect[row["plan_id"]].title,
                "date": date_format(timezone.localdate(row["oldest"]))},
            row["oldest"],
            reverse("progress:report_comments", args=[row["report_id"]]) + "?state=awaiting",
            _("Answer the comments"), Role.EDITOR))
    return needs


def reporting_needs(plans, today):
    """For each plan in effect: its latest reporting period due within the next 14 days or
    due already, when some commitment has no update for it (three queries at most)."""
    in_effect = {p.pk: p for p in plans if p.status == Status.SIGNED_OFF}
    if not in_effect:
        return []
    due = {}  # plan id -> its latest period due by then
    for period in (ReportingPeriod.objects.active()
                   .filter(plan__in=list(in_effect), due_on__lte=today + REPORT_DUE_SOON)
                   .order_by("starts_on")):
        due[period.plan_id] = period
    if not due:
        return []
    commitments = dict(Commitment.objects.current().filter(plan__in=list(due))
                       .values("plan_id").annotate(count=Count("pk"))
                       .values_list("plan_id", "count"))
    updated = dict(ProgressUpdate.objects.current()
                   .filter(period__in=list(due.values()), commitment__removed_at__isnull=True)
                   .values("period_id").annotate(count=Count("commitment", distinct=True))
                   .values_list("period_id", "count"))
    needs = []
    for plan_id, period in due.items():
        total = commitments.get(plan_id, 0)
        missing = total - updated.get(period.pk, 0)
        if missing <= 0:
            continue
        values = {"plan": in_effect[plan_id].title, "period": period.label,
                  "date": date_format(period.due_on), "missing": missing, "total": total}
        if period.due_on >= today:
            sentence = ngettext(
                "Updates on “%(plan)s” for %(period)s are due on %(date)s: %(missing)s of "
                "%(total)s commitment has none yet.",
                "Updates on “%(plan)s” for %(period)s are due on %(date)s: %(missing)s of "
                "%(total)s commitments have none yet.", total) % values
        else:
            sentence = ngettext(
                "Updates on “%(plan)s” for %(period)s were due on %(date)s: %(missing)s of "
                "%(total)s commitment has none.",
                "Updates on “%(plan)s” for %(period)s were due on %(date)s: %(missing)s of "
                "%(total)s commitments have none.", total) % values
        needs.append(Need(sentence, moment(period.due_on),
                          reverse("progress:period", args=[period.pk]),
                          _("Record the updates"), Role.EDITOR))
    return needs


def partner_needs(user, plans):
    needs = []
    for plan in plans:
        if plan.consultation_is_open():
            needs.append(Need(
                _("“%(plan)s” of %(jurisdiction)s is open for your comments until %(date)s.")
                % {"plan": plan.title, "jurisdiction": plan.jurisdiction.name,
                   "date": date_format(plan.consultation_closes)},
                moment(plan.consultation_closes),
                reverse("stakeholders:consultation", args=[plan.pk]) + "#new-comment",
                _("Comment now"), Role.PARTNER))
    news = (Notification.objects.filter(recipient=user).unread()
            .filter(kind__in=[Notification.Kind.COMMENT_ANSWERED,
                              Notification.Kind.COMMENT_REPLIED])
            .select_related("plan", "jurisdiction", "actor", "comment")
            .order_by("created_at"))
    for notification in news:
        needs.append(Need(notification.sentence, notification.created_at, notification.link,
                          _("Read it"), Role.PARTNER,
                          opens=reverse("notifications:open", args=[notification.pk])))
    return sorted(needs, key=lambda need: need.when)


def admin_needs(jurisdiction_ids):
    needs = []
    now = timezone.now()
    names, slugs = {}, {}
    for pk, name, slug in Jurisdiction.objects.filter(pk__in=jurisdiction_ids).values_list(
            "pk", "name", "slug"):
        names[pk], slugs[pk] = name, slug
    invitations = (Invitation.objects.unanswered().filter(jurisdiction_id__in=jurisdiction_ids)
                   .values("jurisdiction_id")
                   .annotate(pending=Count("pk", filter=Q(expires_at__gt=now)),
                             expired=Count("pk", filter=Q(expires_at__lte=now)),
                             since=Min("created_at"))
                   .order_by("since"))
    for counts in invitations:
        jurisdiction_id = counts["jurisdiction_id"]
        members = reverse("stakeholders:members", args=[slugs[jurisdiction_id]])
        if counts["expired"]:
            needs.append(Need(
                ngettext("%(count)s invitation to %(jurisdiction)s expired unanswered.",
                         "%(count)s invitations to %(jurisdiction)s expired unanswered.",
                         counts["expired"]) % {"count": counts["expired"],
                                               "jurisdiction": names[jurisdiction_id]},
                counts["since"], members, _("Resend or withdraw"),
                Role.JURISDICTION_ADMIN))
        if counts["pending"]:
            needs.append(Need(
                ngettext("%(count)s invitation to %(jurisdiction)s waits for an answer.",
                         "%(count)s invitations to %(jurisdiction)s wait for an answer.",
                         counts["pending"]) % {"count": counts["pending"],
                                               "jurisdiction": names[jurisdiction_id]},
                counts["since"], members, _("See the members"), Role.JURISDICTION_ADMIN))
    with_signatory = set(Membership.objects.active()
                         .filter(jurisdiction_id__in=jurisdiction_ids, role=Role.SIGNATORY)
                         .values_list("jurisdiction_id", flat=True))
    for jurisdiction_id in sorted(set(jurisdiction_ids) - with_signatory, key=names.get):
        needs.append(Need(
            _("%(jurisdiction)s has no signatory: no plan can be signed off until the agency "
              "heads who sign are invited.") % {"jurisdiction": names[jurisdiction_id]},
            now, reverse("stakeholders:invite", args=[slugs[jurisdiction_id]]),
            _("Invite a signatory"), Role.JURISDICTION_ADMIN))
    hidden = (Comment.objects.filter(plan__jurisdiction_id__in=jurisdiction_ids,
                                     hidden_at__gte=now - RECENTLY_HIDDEN)
              .values("plan_id", "plan__title").annotate(count=Count("pk"),
                                                         last=Max("hidden_at"))
              .order_by("last"))
    for row in hidden:
        needs.append(Need(
            ngettext("%(count)s comment on “%(plan)s” was hidden in the last 14 days.",
                     "%(count)s comments on “%(plan)s” were hidden in the last 14 days.",
                     row["count"]) % {"count": row["count"], "plan": row["plan__title"]},
            row["last"],
            reverse("stakeholders:consultation", args=[row["plan_id"]]) + "?state=hidden",
            _("Review the moderation"), Role.JURISDICTION_ADMIN))
    return needs
