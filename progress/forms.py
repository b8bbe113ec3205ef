from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.forms import DateInput

from .csv_import import MAX_BYTES
from .models import MeasuredValue, ProgressStatus, ProgressUpdate, ReportingSchedule
from .record import value_problems


def helper():
    """Fields only: the templates write the form tag, the token and the buttons."""
    form_helper = FormHelper()
    form_helper.form_tag = False
    form_helper.disable_csrf = True
    return form_helper


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ReportingSchedule
        fields = ["cadence", "due_days"]
        widgets = {"cadence": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class CorrectionMixin:
    """A form that may correct an earlier entry: then it asks what was wrong."""

    def __init__(self, *args, correcting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.correcting = correcting
        if correcting is None:
            del self.fields["correction_reason"]
        else:
            self.fields["correction_reason"].required = True
            self.fields["correction_reason"].error_messages["required"] = _(
                "Say what was wrong with the entry you correct.")
        self.helper = helper()


class ProgressUpdateForm(CorrectionMixin, forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["status", "stopped_reason", "account", "spent_to_date", "correction_reason"]
        widgets = {
            "status": forms.RadioSelect,
            "stopped_reason": forms.Textarea(attrs={"rows": 2}),
            "account": forms.Textarea(attrs={"rows": 4}),
            "correction_reason": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "status": {"required": _("Choose where the commitment stands.")},
            "account": {"required": _("Say in a few sentences what happened in the period.")},
        }

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("status") == ProgressStatus.STOPPED
                and not cleaned.get("stopped_reason", "").strip()):
            self.add_error("stopped_reason", _("Say why the commitment stopped."))
        return cleaned


class MeasuredValueForm(CorrectionMixin, forms.ModelForm):
    class Meta:
        model = MeasuredValue
        fields = ["value", "for_date", "data_source", "note", "correction_reason"]
        widgets = {
            "for_date": DateInput,
            "note": forms.Textarea(attrs={"rows": 2}),
            "correction_reason": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "value": {"required": _("Give the measured value."),
                      "invalid": _("Give a number, e.g. 42 or 17.5.")},
            "for_date": {"required": _("Give the date the value is for."),
                         "invalid": _("Give a date, e.g. 2026-06-30.")},
        }

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        if measure.unit:
            self.fields["value"].label = _("Value (%(unit)s)") % {"unit": measure.unit}
        self.fields["data_source"].help_text = _(
            "Where the figure comes from; left empty, the measure's own source.")
        # decimal places and digits are checked with the record's own words
        self.fields["value"].validators = []
        self.fields["value"].max_digits = self.fields["value"].decimal_places = None

    def clean(self):
        cleaned = super().clean()
        plan = self.measure.commitment.plan
        for name, message in value_problems(
                self.measure, plan, cleaned.get("value"), cleaned.get("for_date"),
                timezone.localdate()).items():
            if name in cleaned:
                self.add_error(name, message)
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of measured values"),
        error_messages={"required": _("Choose the CSV file to import."),
                        "empty": _("The file is empty.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Start from the template: one row per measure and date. UTF-8, separated by commas "
            "or semicolons, up to %(size)s KB.") % {"size": MAX_BYTES // 1024}
        self.helper = helper()


class PublishReportForm(forms.Form):
    """Publishing a period's report with commitments that have no update for it: the editor
    says they have seen it (progress.reports.publish refuses without it)."""

    seen_missing = forms.BooleanField(
        label=_("I have seen which commitments have no update, and publish the report with "
                "them marked as such"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
