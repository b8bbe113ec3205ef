from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import Practice, Principle, Stage


class PrincipleListView(ListView):
    """The five principles with their practices per stage."""

    template_name = "principles/principle_list.html"
    context_object_name = "principles"

    def get_queryset(self):
        return Principle.objects.with_practices()


class PrincipleDetailView(DetailView):
    template_name = "principles/principle_detail.html"
    context_object_name = "principle"

    def get_queryset(self):
        return Principle.objects.with_practices()

    def get_context_data(self, **kwargs):
        practices_by_stage = {}
        for practice in self.object.practices.all():
            practices_by_stage.setdefault(practice.stage_id, []).append(practice)
        stages = [(stage, practices_by_stage.get(stage.pk, [])) for stage in Stage.objects.all()]
        return super().get_context_data(stages=stages, **kwargs)


class PracticeDetailView(DetailView):
    template_name = "principles/practice_detail.html"
    context_object_name = "practice"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Practice.objects.select_related("principle", "stage"),
            principle__slug=self.kwargs["principle"],
            slug=self.kwargs["slug"],
        )
