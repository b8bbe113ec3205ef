"""The emails of a consultation. Each function loads by id, decides who wants the email,
and sends it through Django's email backend; the Celery tasks in tasks.py only call them."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from .emails import render_email
from .models import Comment, Membership, NotificationPreference, Role


def absolute(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _send(template, context, recipients, *, perm, obj):
    """One email per recipient (nobody sees the others' addresses), each in the language
    the person chose; returns how many were sent.

    Checked now, when the worker sends, not when the email was queued: only a person who
    is still active and whose roles still let them read ``obj`` (``perm``) gets it, so that
    a removed member or a hidden comment's text never leaves by email."""
    messages = []
    for user in sorted(recipients, key=lambda u: u.pk):
        if not user.email or not user.has_perm(perm, obj):
            continue
        subject, body = render_email(template, context, user.language)
        messages.append((subject, body, None, [user.email]))
    return send_mass_mail(messages) if messages else 0


def consultation_opened(plan_id):
    from plans.models import Plan

    plan = Plan.objects.select_related("jurisdiction").get(pk=plan_id)
    partners = (
        Membership.objects.active()
        .filter(jurisdiction_id=plan.jurisdiction_id, role=Role.PARTNER)
        .select_related("user")
    )
    recipients = {
        m.user
        for m in partners
        if NotificationPreference.wants(m.user, "consultation_opened")
    }
    return _send(
        "consultation_opened",
        {
            "plan": plan,
            "link": absolute(reverse("stakeholders:consultation", args=[plan.pk])),
        },
        recipients,
        perm="plans.view_plan",
        obj=plan,
    )


def comment_answered(comment_id):
    comment = Comment.objects.select_related("author", "plan", "response").get(pk=comment_id)
    if comment.response.responded_by_id == comment.author_id or not NotificationPreference.wants(
        comment.author, "response_to_my_comment"
    ):
        return 0
    return _send(
        "comment_answered",
        {
            "comment": comment,
            "response": comment.response,
            "link": absolute(
                reverse("stakeholders:consultation", args=[comment.plan_id])
                + f"#comment-{comment.pk}"
            ),
        },
        {comment.author},
        perm="stakeholders.read_comment",
        obj=comment,
    )


def comment_replied(reply_id):
    reply = Comment.objects.select_related("author", "parent__author", "plan").get(pk=reply_id)
    parent_author = reply.parent.author
    if parent_author.pk == reply.author_id or not NotificationPreference.wants(
        parent_author, "reply_to_my_comment"
    ):
        return 0
    return _send(
        "comment_replied",
        {
            "reply": reply,
            "comment": reply.parent,
            "link": absolute(
                reverse("stakeholders:consultation", args=[reply.plan_id]) + f"#comment-{reply.pk}"
            ),
        },
        {parent_author},
        perm="stakeholders.read_comment",
        obj=reply,
    )


def comment_hidden(comment_id):
    """The author is always told that and why a moderator hid their comment."""
    comment = Comment.objects.select_related("author", "plan").get(pk=comment_id)
    return _send(
        "comment_hidden",
        {
            "comment": comment,
            "link": absolute(reverse("stakeholders:consultation", args=[comment.plan_id])),
        },
        {comment.author},
        perm="stakeholders.read_comment",
        obj=comment,
    )
