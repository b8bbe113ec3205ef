"""Whatever changes in a plan or in what was heard on it moves the plan's ``updated_at``, the
key of its cached page fragments (plans/fragments.py)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from stakeholders.input import Comment, ListeningSession, Response

from .fragments import touch_plan
from .models import Commitment, OutcomeMeasure, Plan, PriorityPopulation


def plan_of(instance):
    """The plan of a changed row, as a queryset (no query until it is updated)."""
    if isinstance(instance, OutcomeMeasure):
        return Plan.objects.filter(commitments=instance.commitment_id)
    if isinstance(instance, Response):
        return Plan.objects.filter(comments=instance.comment_id)
    return Plan.objects.filter(pk=instance.plan_id)


def changed(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures loading rows say nothing about a change
        touch_plan(plan_of(instance))


def principles_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        touch_plan(plan_of(instance))


def connect():
    for model in (Commitment, OutcomeMeasure, PriorityPopulation, Comment, Response,
                  ListeningSession):
        post_save.connect(changed, sender=model, dispatch_uid=f"touch-plan-{model.__name__}")
        post_delete.connect(changed, sender=model,
                            dispatch_uid=f"touch-plan-deleted-{model.__name__}")
    m2m_changed.connect(principles_changed, sender=ListeningSession.principles.through,
                        dispatch_uid="touch-plan-session-principles")
