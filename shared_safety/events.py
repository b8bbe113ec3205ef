"""What happened, said by the app where it happened, acted on by apps that it does not import.

``plans`` and ``stakeholders`` announce events; the ``notifications`` app decides who is told
and tells them. They never import it (DESIGN.md's layers): an event goes to the Celery task
of the same name, ``notifications.<event>``, looked up by name once the transaction that
made the event commits. Nothing is queued for a transaction rolled back.

A task registered in the process runs in-process when tasks are eager (no REDIS_URL) and
goes through the broker otherwise. The notifications app registers its tasks when Django
starts (its AppConfig.ready), so the web process knows them: a name it did not know would
go to the broker even in eager mode, and never run.
"""

from django.db import transaction

from .celery import app

# Each event with the ids it carries, in that order.
EVENTS = {
    "consultation_opened": ("audit entry",),
    "consultation_closed": ("audit entry",),
    "signoff_requested": ("audit entry",),
    "plan_returned": ("audit entry",),
    "plan_signed_off": ("audit entry",),
    "comment_answered": ("comment",),
    "comment_replied": ("reply",),
    "comment_hidden": ("comment",),
}


def task_name(event):
    return f"notifications.{event}"


def announce(event, *ids):
    """Queue ``notifications.<event>(*ids)`` once the current transaction commits (at once
    outside one). A name missing from EVENTS is a mistake of the caller: it raises now."""
    if event not in EVENTS:
        raise ValueError(f"No event named {event!r}: add it to shared_safety.events.EVENTS.")
    if len(ids) != len(EVENTS[event]):
        raise ValueError(f"{event} carries {', '.join(EVENTS[event])}; got {ids!r}.")
    transaction.on_commit(lambda: app.signature(task_name(event), args=ids).apply_async())
