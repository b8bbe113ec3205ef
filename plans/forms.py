from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Commitment, OutcomeMeasure, Plan, PriorityPopulation


class DateInput(forms.DateInput):
    input_type = "date"


class VersionedForm(forms.ModelForm):
    """Carries the version the editor started from, so a later save can detect that someone
    else saved in between (see Versioned.save_unless_changed)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PlanForm(VersionedForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "language",
            "first_year",
            "last_year",
            "vision",
            "summary",
            "enforcement_spending",
            "incarceration_spending",
        ]
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            year = timezone.localdate().year
            self.fields["first_year"].initial = year + 1
            self.fields["last_year"].initial = year + 3


class PriorityForm(VersionedForm):
    class Meta:
        model = PriorityPopulation
        fields = ["who", "place", "why", "data_source"]
        widgets = {"why": forms.Textarea(attrs={"rows": 3})}


PRACTICE_FIELDS = ("practice", "local_practice")


class CommitmentForm(VersionedForm):
    class Meta:
        model = Commitment
        fields = [
            "practice",
            "local_practice",
            "stage",
            "local_action",
            "lead_agency",
            "partners",
            "starts_on",
            "ends_on",
            "annual_budget",
            "funding_source",
            "progress",
        ]
        widgets = {
            "local_action": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput,
            "ends_on": DateInput,
        }

    def __init__(self, *args, principle, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.principle = principle
        self.fields["practice"].queryset = principle.practices.select_related("stage")
        self.fields["practice"].empty_label = _("— a local practice (name it below) —")
        self.fields["stage"].empty_label = _("— not named —")
        self.fields["annual_budget"].help_text = _("US dollars per year; leave empty if unknown.")

    def _post_clean(self):
        # A practice refused for its own reason (too long, not of this principle) reaches the
        # model empty, and the model's "choose one" would contradict the precise message.
        refused = {
            name: list(self.errors[name].data) for name in PRACTICE_FIELDS if name in self.errors
        }
        super()._post_clean()
        if refused:
            for name in PRACTICE_FIELDS:
                if name in refused:
                    self._errors[name].data[:] = refused[name]
                else:
                    self._errors.pop(name, None)


class MeasureForm(VersionedForm):
    class Meta:
        model = OutcomeMeasure
        fields = ["indicator", "unit", "baseline", "target", "data_source"]


class OpenConsultationForm(forms.Form):
    opens = forms.DateField(label=_("Consultation opens"), widget=DateInput)
    closes = forms.DateField(label=_("Consultation closes"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["opens"].initial = today
        self.fields["closes"].initial = today + timezone.timedelta(days=30)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes < opens:
            self.add_error("closes", _("The consultation cannot close before it opens."))
        if closes and closes < timezone.localdate():
            self.add_error("closes", _("The closing date has passed already: choose a later one."))
        return cleaned


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you return the plan?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say why you return the plan, so the editors can act on it.")
        },
    )


class SeenUnfinishedForm(forms.Form):
    """Before closing a consultation or requesting sign-off with something unfinished, the
    editor says they have seen it (plans.workflow refuses the step without it)."""

    seen_unfinished = forms.BooleanField(
        label=_("I have seen what is unfinished and want to go on"), required=False
    )
    not_seen = _(
        "Tick “I have seen what is unfinished and want to go on” to go on, or finish what "
        "is listed first."
    )
