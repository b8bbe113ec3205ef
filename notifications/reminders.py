"""Reminders that no action announces: a consultation closing in three days or closed by its
date, the weekly digest of comments waiting for an answer, expired invitations, and progress
updates due within a week while some are missing.

``send_reminders`` may run as often as anyone likes (Celery beat runs it hourly; without
Redis, ``python manage.py send_reminders`` does, e.g. from cron), even twice at the same
moment: each notice's key names the person and the event, so nobody hears of one twice.
"""

from datetime import datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from plans.models import Commitment, Plan, Status
from progress.models import ProgressUpdate, ReportingPeriod
from stakeholders.models import Comment, Invitation, Jurisdiction, Role

from .delivery import notify
from .events import holders_of, tell_consultation_closed
from .models import Notification

Kind = Notification.Kind

CLOSING_SOON = timedelta(days=3)
UPDATES_DUE_SOON = timedelta(days=7)
UNANSWERED_FOR = timedelta(days=7)
# What ended longer ago than this is not news any more: a first run on an old database
# (or after the job stood still) does not bring up every old consultation and invitation.
LOOKBACK = timedelta(days=7)


def send_reminders(now=None):
    """Send whatever reminder is due now; returns how many notices of each kind it created."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return {
        Kind.CONSULTATION_CLOSING: len(consultations_closing(today)),
        Kind.CONSULTATION_CLOSED: len(consultations_ended(today)),
        Kind.UNANSWERED_DIGEST: len(unanswered_digests(now)),
        Kind.INVITATIONS_EXPIRED: len(expired_invitations(now)),
        Kind.UPDATES_DUE: len(updates_due(today)),
    }


def open_consultations():
    return Plan.objects.filter(status=Status.CONSULTATION).select_related("jurisdiction")


def consultations_closing(today):
    """Open consultations that close within three days: everyone holding a role in the
    jurisdiction, once per consultation closing date."""
    created = []
    for plan in open_consultations().filter(
        consultation_opens__lte=today,
        consultation_closes__gte=today,
        consultation_closes__lte=today + CLOSING_SOON,
    ):
        created += notify(
            Kind.CONSULTATION_CLOSING,
            holders_of(plan.jurisdiction_id),
            event=f"plan{plan.pk}:{plan.consultation_closes}",
            perm="plans.view_plan",
            obj=plan,
            plan=plan,
            event_date=plan.consultation_closes,
        )
    return created


def consultations_ended(today):
    """Consultations whose closing date passed (in the last week) while no editor closed
    them: comments have stopped all the same."""
    created = []
    for plan in open_consultations().filter(
        consultation_closes__lt=today, consultation_closes__gte=today - LOOKBACK
    ):
        created += tell_consultation_closed(plan)
    return created


def unanswered_digests(now):
    """Each editor of a plan not signed yet, once per calendar week (Monday to Sunday, in the
    site's time zone), hears how many of its comments have waited over a week for an
    official answer (Comment.objects.awaiting_response() says which wait)."""
    waiting = dict(
        Comment.objects.awaiting_response()
        .filter(created_at__lte=now - UNANSWERED_FOR)
        .exclude(plan__status__in=[Status.SIGNED_OFF, Status.SUPERSEDED])
        .order_by()
        .values_list("plan_id")
        .annotate(count=Count("pk"))
    )
    year, week, _day = timezone.localdate(now).isocalendar()
    created = []
    for plan in Plan.objects.filter(pk__in=waiting).select_related("jurisdiction"):
        created += notify(
            Kind.UNANSWERED_DIGEST,
            holders_of(plan.jurisdiction_id, Role.EDITOR),
            event=f"plan{plan.pk}:{year}-W{week:02d}",
            perm="stakeholders.respond_to_comment",
            obj=plan,
            plan=plan,
            count=waiting[plan.pk],
        )
    return created


def start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def expired_invitations(now):
    """The jurisdiction's admins hear, once per day on which any expired, of invitations
    that expired unaccepted and were not sent again since. A day is told once it is over,
    so that all of its expired invitations come in one notice."""
    today = timezone.localdate(now)
    expired = (
        Invitation.objects.unanswered()
        .filter(expires_at__lt=start_of(today), expires_at__gte=start_of(today - LOOKBACK))
        .order_by("expires_at", "email")
    )
    by_day = {}
    for invitation in expired:
        day = timezone.localdate(invitation.expires_at)
        by_day.setdefault((invitation.jurisdiction_id, day), []).append(invitation.email)
    jurisdictions = Jurisdiction.objects.in_bulk({j for j, _day in by_day})
    created = []
    for (jurisdiction_id, day), emails in sorted(by_day.items()):
        jurisdiction = jurisdictions[jurisdiction_id]
        created += notify(
            Kind.INVITATIONS_EXPIRED,
            holders_of(jurisdiction_id, Role.JURISDICTION_ADMIN),
            event=f"jurisdiction{jurisdiction_id}:{day}",
            perm="stakeholders.manage_members",
            obj=jurisdiction,
            jurisdiction=jurisdiction,
            count=len(emails),
            note=", ".join(sorted(set(emails))),
            event_date=day,
        )
    return created


def updates_due(today):
    """The editors of a plan in effect hear, once per reporting period, that its updates are
    due within a week while some commitments have none: from seven days before the due date
    to the date itself (after it, the dashboard says they were due)."""
    periods = list(
        ReportingPeriod.objects.active()
        .filter(plan__status=Status.SIGNED_OFF, due_on__gte=today,
                due_on__lte=today + UPDATES_DUE_SOON, starts_on__lte=today)
        .select_related("plan__jurisdiction"))
    if not periods:
        return []
    commitments = dict(
        Commitment.objects.current().filter(plan__in={p.plan_id for p in periods})
        .order_by().values("plan_id").annotate(count=Count("pk"))
        .values_list("plan_id", "count"))
    updated = dict(
        ProgressUpdate.objects.current()
        .filter(period__in=periods, commitment__removed_at__isnull=True)
        .order_by().values("period_id").annotate(count=Count("commitment", distinct=True))
        .values_list("period_id", "count"))
    created = []
    for period in periods:
        missing = commitments.get(period.plan_id, 0) - updated.get(period.pk, 0)
        if missing <= 0:
            continue
        created += notify(
            Kind.UPDATES_DUE,
            holders_of(period.plan.jurisdiction_id, Role.EDITOR),
            event=f"period{period.pk}",
            perm="progress.record_progress",
            obj=period.plan,
            plan=period.plan,
            period=period,
            count=missing,
            event_date=period.due_on,
        )
    return created
