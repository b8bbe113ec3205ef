"""Account pages around Django's own: asking for a password reset link, with limits."""

from django.contrib.auth import views as auth_views
from django_ratelimit.core import is_ratelimited

# Per hour: one office behind one address rarely needs more than five links, and one
# mailbox more than three; beyond that someone is flooding a mailbox or probing accounts.
RESET_LINKS_PER_ADDRESS = "5/h"
RESET_LINKS_PER_EMAIL = "3/h"


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

    def form_valid(self, form):
        if reset_links_exceeded(self.request, form.cleaned_data["email"]):
            context = self.get_context_data(form=form, limited=True)
            return self.render_to_response(context, status=429)
        return super().form_valid(form)
