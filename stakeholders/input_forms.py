from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .input import MAX_COMMENT_LENGTH, Comment, ListeningSession, Response
from .models import Organization

BODY_HELP = _("Plain text. You may use **bold**, *italics*, lists and links; no HTML.")


def submit_helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class CommentForm(forms.ModelForm):
    """A new comment: on the whole plan, one principle or one commitment."""

    about = forms.ChoiceField(label=_("About"))

    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"body": BODY_HELP}
        error_messages = {"body": {"required": _("Write your comment first.")}}

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("plan", _("The whole plan"))]
        self.targets = {"plan": {}}
        for section in sections:
            key = f"principle-{section.principle.pk}"
            choices.append((key, section.principle.name))
            self.targets[key] = {"principle": section.principle}
            for commitment in section.commitments:
                key = f"commitment-{commitment.pk}"
                choices.append((key, f"— {commitment.name}"))
                self.targets[key] = {"commitment": commitment}
        self.fields["about"].choices = choices
        self.order_fields(["about", "body"])
        self.fields["body"].max_length = MAX_COMMENT_LENGTH
        self.helper = submit_helper(_("Post comment"))

    def save(self, commit=True):
        for name, value in self.targets[self.cleaned_data["about"]].items():
            setattr(self.instance, name, value)
        return super().save(commit)


class ReplyForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Your reply")}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"body": BODY_HELP}
        error_messages = {"body": {"required": _("Write your reply first.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Post reply"))


class CommentEditForm(ReplyForm):
    class Meta(ReplyForm.Meta):
        labels = {"body": _("Comment")}
        error_messages = {"body": {"required": _("Write your comment first.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Save changes"))


class ResponseForm(forms.ModelForm):
    class Meta:
        model = Response
        fields = ["disposition", "text", "reason"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Publish response"))


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this comment hidden?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author is told, with this reason."),
        error_messages={"required": _("Give the reason: the author is told why.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Hide comment"))


class ListeningSessionForm(forms.ModelForm):
    class Meta:
        model = ListeningSession
        fields = ["held_on", "place", "format", "host", "attendees", "summary", "principles"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "principles": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, jurisdiction, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Organization.objects.filter(jurisdiction=jurisdiction)
        # One message for zero and below: the model's "at least one attendee", not also
        # the generic "greater than or equal to 0" of a positive integer field.
        attendees = self.fields["attendees"]
        attendees.validators = [
            v for v in attendees.validators if getattr(v, "limit_value", None) != 0
        ]
        attendees.widget.attrs["min"] = 1
        self.helper = submit_helper(_("Save listening session"))
