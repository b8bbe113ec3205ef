"""Email notifications, sent by the Celery worker, never inside a request. Each task is
thin: it takes an id and calls the tested function in notifications.py."""

from celery import shared_task

from . import notifications


@shared_task(name="stakeholders.notify_consultation_opened")
def notify_consultation_opened(plan_id):
    """Tell the jurisdiction's partners that a plan is open for comments."""
    return notifications.consultation_opened(plan_id)


@shared_task(name="stakeholders.notify_comment_answered")
def notify_comment_answered(comment_id):
    """Tell an author that their comment has an official response."""
    return notifications.comment_answered(comment_id)


@shared_task(name="stakeholders.notify_comment_replied")
def notify_comment_replied(reply_id):
    """Tell an author that someone replied to their comment."""
    return notifications.comment_replied(reply_id)


@shared_task(name="stakeholders.notify_comment_hidden")
def notify_comment_hidden(comment_id):
    """Tell an author that a moderator hid their comment, and why."""
    return notifications.comment_hidden(comment_id)
