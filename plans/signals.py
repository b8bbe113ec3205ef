"""Whatever changes in a plan or in what was heard on it moves the plan's ``updated_at``, the
key of its cached page fragments (plans/fragments.py), and its jurisdiction's ``changed_at``,
the key of the whole pages of its plans; so does a new version or a new export."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from stakeholders.input import Comment, ListeningSession, Response
from stakeholders.models import Jurisdiction

from .fragments import touch_jurisdictions, touch_plan
from .models import Commitment, ExportJob, OutcomeMeasure, Plan, PriorityPopulation


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


def plan_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_jurisdictions(Jurisdiction.objects.filter(pk=instance.jurisdiction_id))


def export_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_jurisdictions(Jurisdiction.objects.filter(plans=instance.plan_id))


def principles_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        touch_plan(plan_of(instance))


def connect():
    for model in (Commitment, OutcomeMeasure, PriorityPopulation, Comment, Response,
                  ListeningSession):
        post_save.connect(changed, sender=model, dispatch_uid=f"touch-plan-{model.__name__}")
        post_delete.connect(changed, sender=model,
                            dispatch_uid=f"touch-plan-deleted-{model.__name__}")
    post_save.connect(plan_saved, sender=Plan, dispatch_uid="touch-jurisdiction-Plan")
    post_save.connect(export_saved, sender=ExportJob, dispatch_uid="touch-jurisdiction-ExportJob")
    m2m_changed.connect(principles_changed, sender=ListeningSession.principles.through,
                        dispatch_uid="touch-plan-session-principles")
