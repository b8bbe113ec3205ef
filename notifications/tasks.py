"""The tasks that shared_safety.events queues by name, one per event, and the scheduled
reminders. Each is thin: it takes ids, calls the tested function of the same name in
events.py or reminders.py, and returns how many notices it created."""

from smtplib import SMTPException

from celery import shared_task

from . import events, reminders

# A mail server that fails now (or a worker lost mid-send) leaves notices unsent: the task
# tries again later and sends those, never the ones that left.
RETRIES = {"autoretry_for": (SMTPException, OSError), "retry_backoff": 30,
           "retry_backoff_max": 3600, "max_retries": 8}


@shared_task(name="notifications.consultation_opened", **RETRIES)
def consultation_opened(entry_id):
    """Invite the jurisdiction's people to comment on a plan opened for consultation."""
    return len(events.consultation_opened(entry_id))


@shared_task(name="notifications.consultation_closed", **RETRIES)
def consultation_closed(entry_id):
    """Tell the jurisdiction's people that an editor closed a consultation."""
    return len(events.consultation_closed(entry_id))


@shared_task(name="notifications.signoff_requested", **RETRIES)
def signoff_requested(entry_id):
    """Ask every designated signatory to sign off a plan or return it."""
    return len(events.signoff_requested(entry_id))


@shared_task(name="notifications.plan_returned", **RETRIES)
def plan_returned(entry_id):
    """Tell the editors that a signatory returned the plan, and why."""
    return len(events.plan_returned(entry_id))


@shared_task(name="notifications.plan_signed_off", **RETRIES)
def plan_signed_off(entry_id):
    """Tell the jurisdiction's people and the plan's commenters that it is published."""
    return len(events.plan_signed_off(entry_id))


@shared_task(name="notifications.comment_answered", **RETRIES)
def comment_answered(comment_id):
    """Tell an author that their comment has an official answer."""
    return len(events.comment_answered(comment_id))


@shared_task(name="notifications.comment_replied", **RETRIES)
def comment_replied(reply_id):
    """Tell an author that someone replied to their comment."""
    return len(events.comment_replied(reply_id))


@shared_task(name="notifications.comment_hidden", **RETRIES)
def comment_hidden(comment_id):
    """Tell an author that a moderator hid their comment, and why."""
    return len(events.comment_hidden(comment_id))


@shared_task(name="notifications.send_reminders")
def send_reminders():
    """Send the reminders due now (run hourly by Celery beat); never one twice."""
    return {str(kind): count for kind, count in reminders.send_reminders().items()}


# Emails queued before the notifications app existed still name the old tasks: a worker of
# this version handles them the new way, so an upgrade drops none (a moderation notice among
# them). They can go once no installation has such messages queued.


@shared_task(name="stakeholders.notify_consultation_opened", **RETRIES)
def legacy_consultation_opened(plan_id):
    from plans.models import AuditEntry

    entry = (AuditEntry.objects.filter(plan_id=plan_id, action="open_consultation")
             .order_by("-at", "-pk").first())
    return len(events.consultation_opened(entry.pk)) if entry else 0


@shared_task(name="stakeholders.notify_comment_answered", **RETRIES)
def legacy_comment_answered(comment_id):
    return len(events.comment_answered(comment_id))


@shared_task(name="stakeholders.notify_comment_replied", **RETRIES)
def legacy_comment_replied(reply_id):
    return len(events.comment_replied(reply_id))


@shared_task(name="stakeholders.notify_comment_hidden", **RETRIES)
def legacy_comment_hidden(comment_id):
    return len(events.comment_hidden(comment_id))
