"""A person's API tokens, from their profile: made (the secret shown once, on the answer to
the form, never stored or sent again), listed with their last use, revoked."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .forms import TokenForm
from .models import ApiToken


class TokenListView(LoginRequiredMixin, TemplateView):
    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", TokenForm())
        return super().get_context_data(
            tokens=list(ApiToken.objects.filter(user=self.request.user)), **kwargs)

    def post(self, request, *args, **kwargs):
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        token, secret = ApiToken.issue(request.user, form.cleaned_data["name"])
        # answered here rather than after a redirect: the secret goes nowhere but this page
        response = self.render_to_response(
            self.get_context_data(new_token=token, secret=secret))
        add_never_cache_headers(response)
        return response


class TokenRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        token.revoke()
        messages.success(request, _("The token “%(name)s” is revoked: it no longer works.")
                         % {"name": token.name})
        return HttpResponseRedirect(reverse("api:tokens"))
