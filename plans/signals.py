"""Whatever changes in a plan or in what was heard on it moves the plan's ``updated_at``, the
key of its cached page fragments (plans/fragments.py), and its jurisdiction's ``changed_at``,
the key of the whole pages of its plans; so does a new version or a new export, a signatory
designated, changed or ended, and the renaming of what the pages name: a person, an
organization, the catalogue."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from principles.models import Practice, Principle, Stage
from stakeholders.input import Comment, ListeningSession, Response
from stakeholders.models import Jurisdiction, Membership, Organization, Role, User

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


def membership_saving(sender, instance, raw=False, **kwargs):
    """Note the role this save changes from: a signatory made a partner is a signatory
    fewer."""
    instance._role_before = None
    if not raw and instance.pk is not None:
        instance._role_before = (sender.objects.filter(pk=instance.pk)
                                 .values_list("role", flat=True).first())


def signatory_changed(sender, instance, raw=False, **kwargs):
    # Whether a jurisdiction has signatories decides what its plans' pages say comes next
    # (the stage stepper); a signatory designated, changed into another role or ended is rare.
    roles = {instance.role, getattr(instance, "_role_before", None)}
    if not raw and Role.SIGNATORY in roles:
        touch_jurisdictions(Jurisdiction.objects.filter(pk=instance.jurisdiction_id))


NAME_FIELDS = ("username", "first_name", "last_name")


def person_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """Note whether this save renames the person (not a sign-in, a password, a language)."""
    instance._renamed = False
    if raw or instance.pk is None or (
            update_fields is not None and not set(NAME_FIELDS) & set(update_fields)):
        return
    before = sender.objects.filter(pk=instance.pk).values_list(*NAME_FIELDS).first()
    instance._renamed = before != tuple(getattr(instance, field) for field in NAME_FIELDS)


def person_saved(sender, instance, raw=False, **kwargs):
    # A person's name shows on what they wrote or did, on any plan; a rename is rare.
    if not raw and getattr(instance, "_renamed", False):
        touch_plan(Plan.objects.all())


def organization_saving(sender, instance, raw=False, **kwargs):
    """Note the jurisdiction it belonged to: moved, its name leaves that one's pages."""
    instance._jurisdictions = {instance.jurisdiction_id}
    if not raw and instance.pk is not None:
        instance._jurisdictions |= set(
            sender.objects.filter(pk=instance.pk).values_list("jurisdiction_id", flat=True))


def organization_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_plan(Plan.objects.filter(jurisdiction__in=instance._jurisdictions))


def catalogue_saved(sender, instance, raw=False, **kwargs):
    # The catalogue's names show on every plan; it changes only in the admin or on a load.
    if not raw:
        touch_plan(Plan.objects.all())


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
    pre_save.connect(membership_saving, sender=Membership, dispatch_uid="note-role-Membership")
    post_save.connect(signatory_changed, sender=Membership,
                      dispatch_uid="touch-jurisdiction-signatory")
    post_delete.connect(signatory_changed, sender=Membership,
                        dispatch_uid="touch-jurisdiction-signatory-deleted")
    pre_save.connect(person_saving, sender=User, dispatch_uid="note-renamed-User")
    post_save.connect(person_saved, sender=User, dispatch_uid="touch-plans-renamed-User")
    pre_save.connect(organization_saving, sender=Organization,
                     dispatch_uid="note-jurisdiction-Organization")
    post_save.connect(organization_saved, sender=Organization,
                      dispatch_uid="touch-plans-Organization")
    for model in (Principle, Practice, Stage):
        post_save.connect(catalogue_saved, sender=model,
                          dispatch_uid=f"touch-plans-{model.__name__}")
    m2m_changed.connect(principles_changed, sender=ListeningSession.principles.through,
                        dispatch_uid="touch-plan-session-principles")
