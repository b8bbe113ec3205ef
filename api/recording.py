"""Recording a measured value through the API: the progress app's own rule
(progress.record.record_value, which checks what the value form checks) and an entry in the
plan's audit log naming the token, in one transaction."""

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plans.models import AuditEntry
from progress import record

AUDIT_ACTION = "record_value"


@transaction.atomic
def record_value(measure, *, by, token, **fields):
    """Record the value (see progress.record.record_value) and audit it; ``token`` is the
    API token used, or None for a signed-in browser."""
    value = record.record_value(measure, by=by, **fields)
    plan = measure.commitment.plan
    AuditEntry.objects.create(
        jurisdiction_id=plan.jurisdiction_id, plan=plan, action=AUDIT_ACTION, actor=by,
        note=audit_note(value, token))
    return value


def audit_note(value, token):
    said = {"value": value.value, "indicator": value.measure.indicator,
            "date": date_format(value.for_date)}
    if value.corrects_id:
        said["corrects"] = value.corrects_id
        text = _("Value %(value)s of “%(indicator)s” for %(date)s, correcting value "
                 "%(corrects)s") % said
    else:
        text = _("Value %(value)s of “%(indicator)s” for %(date)s") % said
    if token is None:
        return _("%(text)s, recorded through the API in a signed-in browser.") % {"text": text}
    return _("%(text)s, recorded through the API with the token “%(name)s” (%(prefix)s…).") % {
        "text": text, "name": token.name, "prefix": token.prefix}
