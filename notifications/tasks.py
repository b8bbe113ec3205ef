"""The tasks that shared_safety.events queues by name, one per event, and the scheduled
reminders. Each is thin: it takes ids, calls the tested function of the same name in
events.py or reminders.py, and returns how many notices it created."""

from celery import shared_task

from . import events, reminders


@shared_task(name="notifications.consultation_opened")
def consultation_opened(entry_id):
    """Invite the jurisdiction's people to comment on a plan opened for consultation."""
    return len(events.consultation_opened(entry_id))


@shared_task(name="notifications.consultation_closed")
def consultation_closed(entry_id):
    """Tell the jurisdiction's people that an editor closed a consultation."""
    return len(events.consultation_closed(entry_id))


@shared_task(name="notifications.signoff_requested")
def signoff_requested(entry_id):
    """Ask every designated signatory to sign off a plan or return it."""
    return len(events.signoff_requested(entry_id))


@shared_task(name="notifications.plan_returned")
def plan_returned(entry_id):
    """Tell the editors that a signatory returned the plan, and why."""
    return len(events.plan_returned(entry_id))


@shared_task(name="notifications.plan_signed_off")
def plan_signed_off(entry_id):
    """Tell the jurisdiction's people and the plan's commenters that it is published."""
    return len(events.plan_signed_off(entry_id))


@shared_task(name="notifications.comment_answered")
def comment_answered(comment_id):
    """Tell an author that their comment has an official answer."""
    return len(events.comment_answered(comment_id))


@shared_task(name="notifications.comment_replied")
def comment_replied(reply_id):
    """Tell an author that someone replied to their comment."""
    return len(events.comment_replied(reply_id))


@shared_task(name="notifications.comment_hidden")
def comment_hidden(comment_id):
    """Tell an author that a moderator hid their comment, and why."""
    return len(events.comment_hidden(comment_id))


@shared_task(name="notifications.send_reminders")
def send_reminders():
    """Send the reminders due now (run hourly by Celery beat); never one twice."""
    return {str(kind): count for kind, count in reminders.send_reminders().items()}
