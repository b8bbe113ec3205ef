"""A person's notices and their email choices. Each person sees only their own; reading one
is a POST (GET never changes anything)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, ListView
from django_htmx.http import trigger_client_event

from shared_safety.paging import PagedListMixin

from .forms import EmailChoicesForm
from .models import Notification

# The header's unread count reloads on this event (templates/_nav_items.html).
CHANGED = "notifications-changed"


def notices_of(user):
    return Notification.objects.visible_to(user).select_related(
        "plan", "actor", "jurisdiction", "comment", "period")


class NotificationListView(LoginRequiredMixin, PagedListMixin, ListView):
    """Newest first, a page at a time, the unread ones marked."""

    template_name = "notifications/notification_list.html"
    context_object_name = "notices"

    def get_queryset(self):
        return notices_of(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unread_count=Notification.objects.visible_to(self.request.user).unread().count(),
            **kwargs,
        )


def back_to_list(request, notice=None):
    """The list, at the page the form was on."""
    url = reverse("notifications:list")
    page = request.POST.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={page}"
    if notice is not None:
        url += f"#notification-{notice.pk}"
    return HttpResponseRedirect(url)


class NoticeMixin(LoginRequiredMixin):
    http_method_names = ["post"]

    def notice(self):
        return get_object_or_404(notices_of(self.request.user), pk=self.kwargs["pk"])


class MarkReadView(NoticeMixin, View):
    """Mark one notice read; with htmx, answer the notice as it now reads."""

    def post(self, request, *args, **kwargs):
        notice = self.notice()
        Notification.objects.filter(pk=notice.pk).mark_read()
        if not request.htmx:
            return back_to_list(request, notice)
        notice.refresh_from_db(fields=["read_at"])
        response = render(request, "notifications/_notification.html", {"notice": notice})
        return trigger_client_event(response, CHANGED)


class OpenView(NoticeMixin, View):
    """Open a notice from the list: it is read, and the person lands where it leads."""

    def post(self, request, *args, **kwargs):
        notice = self.notice()
        Notification.objects.filter(pk=notice.pk).mark_read()
        return HttpResponseRedirect(notice.link)


class MarkAllReadView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if Notification.objects.visible_to(request.user).mark_read():
            messages.success(request, _("Every notification is marked as read."))
        return back_to_list(request)


@method_decorator(never_cache, name="dispatch")
class UnreadBadgeView(View):
    """The unread count in the header, loaded by htmx after the page: pages kept whole in
    the cache (plans.fragments.page) carry no count of their own, and a page costs no query
    for it. Signed out, or signed out since the page was shown, there is nothing to show."""

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return HttpResponse(status=204)
        count = Notification.objects.visible_to(request.user).unread().count()
        return render(request, "notifications/_unread_badge.html", {"count": count})


class EmailChoicesView(LoginRequiredMixin, FormView):
    """Which kinds of notice also come by email. Showing the form saves nothing."""

    template_name = "notifications/email_choices.html"
    form_class = EmailChoicesForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your email choices are saved."))
        return HttpResponseRedirect(reverse("notifications:preferences"))
