from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .input import MAX_COMMENT_LENGTH, Comment, ListeningSession, Response
from .models import Organization

BODY_HELP = _(
    "Plain text. You may use **bold**, *italics*, lists and links; no HTML. Your name and "
    "organization appear with what you write, here and in the signed plan, which is public."
)


def submit_helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


def comment_targets(sections):
    """What a comment can be about, in the plan's order: ``{key: (label, target)}`` for the
    whole plan (``"plan"``), each principle (``"principle-<pk>"``) and, under it, each of
    its current commitments (``"commitment-<pk>"``)."""
    targets = {"plan": (_("The whole plan"), {})}
    for section in sections:
        principle = section.principle
        targets[f"principle-{principle.pk}"] = (principle.name, {"principle": principle})
        for commitment in section.commitments:
            targets[f"commitment-{commitment.pk}"] = (
                f"— {commitment.name}", {"commitment": commitment})
    return targets


class CommentForm(forms.ModelForm):
    """A new comment: on the whole plan, one principle or one commitment. ``about`` chooses
    the target beforehand (a "Comment on this" link of the plan page); a key that is not
    one of this plan's targets leaves the choice open."""

    about = forms.ChoiceField(label=_("About"))

    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"body": BODY_HELP}
        error_messages = {"body": {"required": _("Write your comment first.")}}

    def __init__(self, *args, sections, about=None, **kwargs):
        super().__init__(*args, **kwargs)
        targets = comment_targets(sections)
        self.targets = {key: target for key, (_label, target) in targets.items()}
        self.fields["about"].choices = [(key, label) for key, (label, _t) in targets.items()]
        if about in self.targets:
            self.fields["about"].initial = about
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
        self.helper = submit_helper(_("Post your reply"))


class CommentEditForm(ReplyForm):
    class Meta(ReplyForm.Meta):
        labels = {"body": _("Comment")}
        error_messages = {"body": {"required": _("Write your comment first.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Save changes"))


class ResponseForm(forms.ModelForm):
    """The official answer to a comment, with its disposition (not a reply: replies are the
    conversation between people)."""

    class Meta:
        model = Response
        fields = ["disposition", "text", "reason"]
        labels = {"text": _("Official answer")}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Publish the official answer"))


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


class CommentFilter(forms.Form):
    """The consultation page's filters, read from the address (GET): which conversations to
    show. A conversation is a comment with its replies. It shows when its comment is in the
    chosen state and about the chosen part of the plan, and when the comment or one of its
    replies comes from a partner of the chosen organization or sector and holds the words
    searched for (any case). Only what the reader may read is searched or counted."""

    AWAITING, ANSWERED, HIDDEN = "awaiting", "answered", "hidden"

    state = forms.ChoiceField(label=_("State"), required=False)
    topic = forms.ChoiceField(label=_("Part of the plan"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    organization = forms.ChoiceField(label=_("Organization"), required=False)
    q = forms.CharField(label=_("Words in the text"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))

    def __init__(self, data, *, sections, organizations, may_see_hidden, action):
        """``organizations``: {user id: organization} of the jurisdiction's partners;
        ``may_see_hidden``: whether to offer the hidden comments (to those who may read
        some: their authors and the moderators)."""
        super().__init__(data, auto_id="filter-%s")  # beside the comment form's fields
        self.organizations = organizations
        anything = [("", _("Any"))]
        states = [(self.AWAITING, _("Awaiting an official answer")),
                  (self.ANSWERED, _("Answered officially"))]
        if may_see_hidden:
            states.append((self.HIDDEN, _("Hidden by a moderator")))
        self.fields["state"].choices = anything + states
        self.fields["topic"].choices = anything + [
            (key, label) for key, (label, _t) in comment_targets(sections).items()]
        present = {o.sector for o in organizations.values()}
        self.fields["sector"].choices = anything + [
            (value, label) for value, label in Organization.Sector.choices if value in present]
        named = {o.pk: o.name for o in organizations.values()}
        self.fields["organization"].choices = anything + [
            (str(pk), name) for pk, name in sorted(named.items(), key=lambda item: item[1])]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = action
        self.helper.form_id = "comment-filters"
        self.helper.attrs = {"role": "search", "aria-labelledby": "filters-heading"}
        self.helper.layout = Layout(
            Row(*(Column(name, css_class="col-md-6 col-lg-3")
                  for name in ("state", "topic", "sector", "organization"))),
            "q",
            HTML(format_html(
                '<button type="submit" class="btn btn-primary">{}</button> '
                '<a class="btn btn-link" href="{}">{}</a>',
                _("Show the comments"), action, _("Clear the filters"))),
        )

    @property
    def chosen(self):
        """The filters in force: none until the address names valid ones."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value.strip()}

    def conversations(self, discussion, readable):
        """The conversations of ``discussion`` (the comments of a plan's consultation or of
        a report) that match, as a queryset of their top-level comments: filtered in the
        database, however many there are. ``readable`` is the read_comment rule as a filter:
        a conversation shows when its comment is readable, and matches when any readable
        comment or reply of it does."""
        comments = discussion.conversations()
        chosen = self.chosen
        if not chosen:
            return comments
        # replies looked for among the discussion's own, not across the installation
        replies = discussion.filter(readable, parent=OuterRef("pk"))

        def in_thread(condition):
            return condition | Exists(replies.filter(condition))

        comments = comments.filter(readable)
        state = chosen.get("state")
        if state == self.AWAITING:
            comments = comments.filter(hidden_at__isnull=True, response__isnull=True)
        elif state == self.ANSWERED:
            comments = comments.filter(hidden_at__isnull=True, response__isnull=False)
        elif state == self.HIDDEN:
            # a hidden comment hides its replies with it; else a reply hidden on its own
            comments = comments.filter(in_thread(Q(hidden_at__isnull=False)))
        if "topic" in chosen:
            comments = comments.filter(self.about(chosen["topic"]))
        if "sector" in chosen or "organization" in chosen:
            authors = [user_id for user_id, organization in self.organizations.items()
                       if chosen.get("sector", organization.sector) == organization.sector
                       and chosen.get("organization", str(organization.pk))
                       == str(organization.pk)]
            comments = comments.filter(in_thread(Q(author_id__in=authors)))
        if "q" in chosen:
            comments = comments.filter(in_thread(Q(body__icontains=chosen["q"].strip())))
        return comments

    @staticmethod
    def about(topic):
        """The comments about ``topic``, one of comment_targets' keys: the whole plan, a
        principle (directly or through one of its commitments) or a commitment."""
        if topic == "plan":
            return Q(commitment__isnull=True, principle__isnull=True)
        kind, _dash, pk = topic.partition("-")
        if kind == "commitment":
            return Q(commitment_id=pk)
        return Q(commitment__principle_id=pk) | Q(commitment__isnull=True, principle_id=pk)
