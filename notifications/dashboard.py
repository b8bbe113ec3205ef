"""The dashboard: what needs the person now, then their jurisdictions and plans."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from stakeholders.models import Jurisdiction, Membership

from .needs import plans_of, what_needs


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "notifications/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        plans = list(plans_of(user))
        jurisdictions = {}  # jurisdiction -> (its memberships of this person, its plans)
        for membership in Membership.objects.held_by(user):
            jurisdictions.setdefault(membership.jurisdiction, ([], []))[0].append(membership)
        by_id = {j.pk: j for j in jurisdictions}
        for plan in plans:
            if plan.jurisdiction_id in by_id:
                jurisdictions[by_id[plan.jurisdiction_id]][1].append(plan)
        others = []
        if user.is_staff:
            others = Jurisdiction.objects.exclude(pk__in=list(by_id))
        return super().get_context_data(
            needs=what_needs(user, plans), jurisdictions=jurisdictions,
            other_jurisdictions=others, **kwargs)
