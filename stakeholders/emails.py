"""Emails about people and jurisdictions, sent through Django's email backend."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def send_invitation(invitation, request):
    """Email the one-time link of a freshly issued or renewed invitation, in the language
    the person was invited in."""
    context = {
        "invitation": invitation,
        "link": request.build_absolute_uri(reverse("stakeholders:accept", args=[invitation.token])),
        "inviter": request.user,
    }
    with translation.override(invitation.language):
        subject = render_to_string("stakeholders/email/invitation_subject.txt", context).strip()
        body = render_to_string("stakeholders/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])


def send_email_confirmation(person, address, link):
    """Email ``address`` the link that makes it the person's confirmed email."""
    context = {"person": person, "address": address, "link": link}
    with translation.override(person.language):
        subject = render_to_string(
            "stakeholders/email/email_confirmation_subject.txt", context).strip()
        body = render_to_string("stakeholders/email/email_confirmation_body.txt", context)
    send_mail(subject, body, None, [address])


def send_email_changed_notice(person, old_address):
    """Tell the address a person used until now that their account has another one."""
    context = {"person": person}
    with translation.override(person.language):
        subject = render_to_string("stakeholders/email/email_changed_subject.txt", context).strip()
        body = render_to_string("stakeholders/email/email_changed_body.txt", context)
    send_mail(subject, body, None, [old_address])
