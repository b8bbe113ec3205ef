from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from principles.models import Practice, Principle
from stakeholders.models import Jurisdiction


class PracticeChoice(forms.ModelChoiceField):
    def label_from_instance(self, practice):
        return f"{practice.principle.number}. {practice.title}"


class SearchForm(forms.Form):
    """The portal's search, read from the address (GET): words, and filters by principle,
    practice of the Blueprint and kind of jurisdiction."""

    q = forms.CharField(label=_("Search the published blueprints"), required=False,
                        max_length=200, widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("Words from a commitment, a practice, an agency or a "
                                    "vision, e.g. violence interruption."))
    principle = forms.ModelChoiceField(Principle.objects.all(), label=_("Principle"),
                                       required=False, empty_label=_("Any principle"))
    practice = PracticeChoice(
        Practice.objects.select_related("principle").order_by("principle__number", "title"),
        label=_("Practice of the Blueprint"), required=False, empty_label=_("Any practice"))
    kind = forms.ChoiceField(label=_("Kind of jurisdiction"), required=False,
                             choices=[("", _("Counties and cities")), *Jurisdiction.Kind.choices])

    def __init__(self, data):
        super().__init__(data)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse_lazy("opendata:search")
        self.helper.attrs = {"role": "search", "aria-label": _("Search the blueprints")}
        self.helper.layout = Layout(
            "q",
            Row(*(Column(name, css_class="col-md-4") for name in ("principle", "practice",
                                                                  "kind"))),
            StrictButton(_("Search"), type="submit", css_class="btn-primary"),
        )

    @property
    def is_asked(self):
        """Whether anything was asked: words or a filter."""
        return self.is_valid() and any(self.cleaned_data.values())
