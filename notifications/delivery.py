"""Recording notices and emailing them.

Who may hear of something is checked here, when the worker handles the event, not when the
event was announced: only a person whose account is active and whose roles still let them
read what the notice is about gets it, so that a removed member or a hidden comment's text
never leaves by email. Each person hears of an event once: the notice's unique key is the
event and the person, and each notice is claimed before its email is sent. A send that fails
gives the claim back, so that the task's next try (or the same event handled again) sends
what is still unsent, and nothing is sent twice.
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
    created, unsent = [], []
    for person in recipients:
        notice, new = Notification.objects.get_or_create(
            key=f"{kind}:{event}:user{person.pk}",
            defaults={"recipient": person, "kind": kind, **fields},
        )
        if new:
            created.append(notice)
        if notice.emailed_at is None:
            unsent.append(notice)
    opted_out = EmailOptOut.objects.opted_out([n.recipient for n in unsent], kind)
    email([n for n in unsent if n.recipient.email and n.recipient_id not in opted_out],
          email_context or {})
    return created


def email(notices, context):
    """Send each notice to its recipient in their language, over one connection; each is
    marked emailed once it has left."""
    if not notices:
        return
    with get_connection() as connection:
        for notice in notices:
            claimed = timezone.now()
            if not Notification.objects.filter(pk=notice.pk, emailed_at=None).update(
                    emailed_at=claimed):
                continue  # another handler of the same event sent it
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
            try:
                EmailMessage(subject, body, None, [person.email], connection=connection).send()
            except Exception:
                Notification.objects.filter(pk=notice.pk, emailed_at=claimed).update(
                    emailed_at=None)  # unsent: the next try sends it
                raise
            notice.emailed_at = claimed
