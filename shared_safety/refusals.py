"""A refusal that says what to do next: the 403 page shows its reason, its advice and,
where there is one, the page where the advice is followed.

Views raise ``Refused`` where a role is not the reason (a plan frozen for sign-off, say);
a plain ``PermissionDenied`` keeps the page's general advice about roles.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render


class Refused(PermissionDenied):
    def __init__(self, reason, *, advice="", link="", link_label=""):
        super().__init__(reason)
        self.advice, self.link, self.link_label = advice, link, link_label


def permission_denied(request, exception=None):
    """Django's 403 view, passing the advice of a ``Refused`` to the page."""
    context = {"exception": str(exception) if exception else ""}
    if isinstance(exception, Refused):
        context.update(advice=exception.advice, link=exception.link,
                       link_label=exception.link_label)
    return render(request, "403.html", context, status=403)
