"""A person's own account: the profile, whose new email takes effect only once its owner
follows a link sent to it, and password-reset requests, with limits."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import UpdateView
from django_ratelimit.core import is_ratelimited

from .emails import send_email_changed_notice, send_email_confirmation
from .forms import PasswordResetForm, ProfileForm
from .middleware import use_unless_chosen
from .models import EmailTaken, Membership

# Per hour: one office behind one address rarely needs more than five links, and one
# mailbox more than three; beyond that someone is flooding a mailbox or probing accounts.
RESET_LINKS_PER_ADDRESS = "5/h"
RESET_LINKS_PER_EMAIL = "3/h"
# A person may send confirmation links to addresses they type: a few an hour, never a flood.
CONFIRMATION_LINKS_PER_ACCOUNT = "5/h"
EMAIL_CONFIRMATION_LIFETIME = timedelta(days=3)  # the email says "three days"
EMAIL_CONFIRMATION_SALT = "stakeholders.email-confirmation"


def reset_links_exceeded(request, email):
    """Count a request for a reset link; True past the limit of the client's address or of
    the email, whether or not an account has it."""
    return is_ratelimited(
        request, group="password-reset-address", key="ip", rate=RESET_LINKS_PER_ADDRESS,
        increment=True,
    ) or is_ratelimited(
        request, group="password-reset-email", key=lambda group, request: email.strip().lower(),
        rate=RESET_LINKS_PER_EMAIL, increment=True,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's page, answering a request over the limits with the form again and a 429.
    Known and unknown emails get the same answers, limited or not."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        if reset_links_exceeded(self.request, form.cleaned_data["email"]):
            context = self.get_context_data(form=form, limited=True)
            return self.render_to_response(context, status=429)
        return super().form_valid(form)


def confirmation_token(user, address):
    return signing.dumps({"user": user.pk, "email": address}, salt=EMAIL_CONFIRMATION_SALT)


def read_confirmation_token(token):
    """(person, address) of a confirmation link. Raises signing.SignatureExpired past its
    lifetime, signing.BadSignature for a made-up link or an account no longer active."""
    data = signing.loads(token, salt=EMAIL_CONFIRMATION_SALT, max_age=EMAIL_CONFIRMATION_LIFETIME)
    person = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
    if person is None:
        raise signing.BadSignature("no such account")
    return person, data["email"]


def send_confirmation_link(request, person, address):
    """Email ``address`` the link that confirms it for ``person``; False (and a message
    saying so) when this account has asked for too many this hour."""
    if is_ratelimited(
        request, group="email-confirmation", key=lambda group, request: str(person.pk),
        rate=CONFIRMATION_LINKS_PER_ACCOUNT, increment=True,
    ):
        messages.warning(
            request,
            _(
                "Too many confirmation links were sent for your account in a short time. "
                "Send the link again later: within an hour at most."
            ),
        )
        return False
    token = confirmation_token(person, address)
    link = request.build_absolute_uri(reverse("stakeholders:email_confirm", args=[token]))
    send_email_confirmation(person, address, link)
    return True


class ProfileView(LoginRequiredMixin, UpdateView):
    """Name and language take effect at once; a new email waits for its confirmation."""

    template_name = "stakeholders/profile.html"
    form_class = ProfileForm

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            memberships=Membership.objects.held_by(self.request.user), **kwargs)

    def form_valid(self, form):
        person = form.save()
        messages.success(self.request, _("Your profile is saved."))
        address = form.cleaned_data["email"]
        if address.lower() not in {person.email.lower(), person.pending_email.lower()}:
            person.request_email_change(address)
            if send_confirmation_link(self.request, person, address):
                messages.info(
                    self.request,
                    _(
                        "We sent a link to %(address)s. Your email changes to it when you "
                        "follow the link; until then it stays %(current)s."
                    )
                    % {"address": address, "current": person.email},
                )
        return redirect("stakeholders:profile")


class EmailChangeActionView(LoginRequiredMixin, View):
    """POST only: send the confirmation link again (for the new address waiting, or the
    current one not confirmed yet), or cancel the change."""

    http_method_names = ["post"]

    def post(self, request, action):
        person = request.user
        if action == "cancel":
            if person.pending_email:
                messages.success(
                    request,
                    _("The change to %(address)s is cancelled: your email stays %(current)s.")
                    % {"address": person.pending_email, "current": person.email},
                )
                person.cancel_email_change()
        else:
            address = person.pending_email or (person.email if not person.email_verified else "")
            if address and send_confirmation_link(request, person, address):
                messages.success(
                    request, _("A new link is on its way to %(address)s.") % {"address": address}
                )
        return redirect("stakeholders:profile")


class EmailConfirmView(View):
    """The link sent to an address. GET asks (a mail scanner opening links confirms
    nothing); POST makes it the person's confirmed email and tells the old address."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.person, self.address = read_confirmation_token(kwargs["token"])
        except signing.SignatureExpired:
            return self.page("expired", status=410)
        except signing.BadSignature:
            return self.page("unknown", status=404)
        if not request.user.is_authenticated:
            use_unless_chosen(request, self.person.language)
        if self.person.email_verified and self.person.email.lower() == self.address.lower():
            return self.page("done")
        if not self.person.awaits_confirmation_of(self.address):
            return self.page("withdrawn", status=410)
        return super().dispatch(request, *args, **kwargs)

    def page(self, state, status=200):
        context = {"state": state, "person": getattr(self, "person", None),
                   "address": getattr(self, "address", "")}
        return render(self.request, "stakeholders/email_confirm.html", context, status=status)

    def get(self, request, token):
        return self.page("ask")

    def post(self, request, token):
        old_address, old_confirmed = self.person.email, self.person.email_verified
        try:
            self.person.confirm_email(self.address)
        except EmailTaken:
            return self.page("taken", status=409)
        if old_confirmed and old_address and old_address.lower() != self.address.lower():
            send_email_changed_notice(self.person, old_address)
        return redirect(request.path)
