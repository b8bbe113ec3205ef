from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from stakeholders.input_forms import submit_helper

from .models import OPTIONAL_EMAILS, EmailOptOut, Notification

Kind = Notification.Kind

# What a person ticks to get each kind by email, in their words.
EMAIL_LABELS = {
    Kind.CONSULTATION_OPENED: _("A consultation opens in my jurisdiction"),
    Kind.CONSULTATION_CLOSING: _("A consultation in my jurisdiction closes in three days"),
    Kind.CONSULTATION_CLOSED: _("A consultation in my jurisdiction has closed"),
    Kind.COMMENT_ANSWERED: _("My comment gets an official answer"),
    Kind.COMMENT_REPLIED: _("Someone replies to my comment"),
    Kind.SIGNOFF_REQUESTED: _("A plan awaits my sign-off (signatories)"),
    Kind.PLAN_RETURNED: _("A signatory returns a plan for revision (editors)"),
    Kind.PLAN_SIGNED_OFF: _("A plan of my jurisdiction, or one I commented on, is signed off"),
    Kind.UNANSWERED_DIGEST: _(
        "Once a week: comments that have waited over a week for a response (editors)"
    ),
    Kind.INVITATIONS_EXPIRED: _("Invitations to my jurisdiction expire unaccepted (admins)"),
    Kind.UPDATES_DUE: _(
        "A week before progress updates are due, if some are missing (editors)"
    ),
}


class EmailChoicesForm(forms.Form):
    """A box per kind of notice that can be emailed; ticked, it is. The moderation notice has
    no box: it is always emailed."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        off = set(user.email_opt_outs.values_list("kind", flat=True))
        for kind in OPTIONAL_EMAILS:
            self.fields[kind] = forms.BooleanField(
                label=EMAIL_LABELS[kind], required=False, initial=kind not in off
            )
        self.helper = submit_helper(_("Save email choices"))

    @transaction.atomic
    def save(self):
        off = [kind for kind in OPTIONAL_EMAILS if not self.cleaned_data[kind]]
        self.user.email_opt_outs.exclude(kind__in=off).delete()
        for kind in off:
            EmailOptOut.objects.get_or_create(user=self.user, kind=kind)
