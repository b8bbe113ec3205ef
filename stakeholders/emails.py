"""Emails: rendered as plain text in the reader's language, sent through Django's email
backend."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def render_email(name, context, language, folder="stakeholders/email"):
    """(subject, body) of the email ``<folder>/<name>_subject.txt`` and ``_body.txt`` in
    ``language``. Plain text: the "text" template engine escapes nothing, so a title such as
    ``Plans & "budgets"`` reads as written; the subject is one line."""
    with translation.override(language):
        subject = render_to_string(f"{folder}/{name}_subject.txt", context, using="text")
        body = render_to_string(f"{folder}/{name}_body.txt", context, using="text")
    return " ".join(subject.split()), body


def send_invitation(invitation, request):
    """Email the one-time link of a freshly issued or renewed invitation, in the language
    the person was invited in."""
    context = {
        "invitation": invitation,
        "link": request.build_absolute_uri(reverse("stakeholders:accept", args=[invitation.token])),
        "inviter": request.user,
    }
    subject, body = render_email("invitation", context, invitation.language)
    send_mail(subject, body, None, [invitation.email])


def send_email_confirmation(person, address, link):
    """Email ``address`` the link that makes it the person's confirmed email."""
    subject, body = render_email(
        "email_confirmation", {"person": person, "address": address, "link": link},
        person.language)
    send_mail(subject, body, None, [address])


def send_email_changed_notice(person, old_address):
    """Tell the address a person used until now that their account has another one."""
    subject, body = render_email("email_changed", {"person": person}, person.language)
    send_mail(subject, body, None, [old_address])
