"""Recording notices and emailing them.

Who may hear of something is checked here, when the worker handles the event, not when the
event was announced: only a person whose account is active and whose roles still let them
read what the notice is about gets it, so that a removed member or a hidden comment's text
never leaves by email. Each person hears of an event once: the notice's unique key is the
event and the person, and only the handler that created the notice emails it.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from stakeholders.emails import render_email

from .models import EmailOptOut, Notification


def absolute(path):
    """A path of this site as the address an email links to."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def may_read(person, perm, obj):
    """``perm`` on ``obj`` per the rules; ``perm=None`` for what is public (an active account
    is enough)."""
    if perm is None:
        return person.is_active
    return person.has_perm(perm, obj)


def notify(kind, people, *, event, perm, obj, email_context=None, **fields):
    """Record a notice of ``kind`` for each of ``people`` who may read ``obj`` now (``perm``),
    once per person and ``event`` (a string naming the event within its kind), and email it
    to those who did not turn that kind of email off. Returns the notices created now.

    ``fields`` are the notice's (plan, comment, actor, note, count, event_date, and the
    jurisdiction, which defaults to the plan's)."""
    if "jurisdiction" not in fields:
        fields["jurisdiction"] = fields["plan"].jurisdiction
    recipients = sorted(
        {person for person in people if may_read(person, perm, obj)}, key=lambda p: p.pk
    )
    created = []
    for person in recipients:
        notice, new = Notification.objects.get_or_create(
            key=f"{kind}:{event}:user{person.pk}",
            defaults={"recipient": person, "kind": kind, **fields},
        )
        if new:
            created.append(notice)
    opted_out = EmailOptOut.objects.opted_out([n.recipient for n in created], kind)
    email([n for n in created if n.recipient.email and n.recipient_id not in opted_out],
          email_context or {})
    return created


def email(notices, context):
    """Send each notice to its recipient in their language, over one connection; each is
    marked emailed once it has left."""
    if not notices:
        return
    with get_connection() as connection:
        for notice in notices:
            person = notice.recipient
            subject, body = render_email(
                notice.kind,
                {
                    **context,
                    "notice": notice,
                    "person": person,
                    "plan": notice.plan,
                    "jurisdiction": notice.jurisdiction,
                    "actor": notice.actor,
                    "link": absolute(notice.link),
                },
                person.language,
                folder="notifications/email",
            )
            EmailMessage(subject, body, None, [person.email], connection=connection).send()
            notice.emailed_at = timezone.now()
            notice.save(update_fields=["emailed_at"])
