from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout, Submit
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.utils import translation
from django.utils.html import escape
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from .backends import refused_demo_password
from .models import (
    DataLicence,
    Invitation,
    Jurisdiction,
    Membership,
    Organization,
    Role,
    current_language,
)


def submit_helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class ExplainsRefusedDemoPassword:
    """A sign-in form that says why the right password was refused: outside DEBUG the
    sign-in backend (stakeholders.backends) refuses the published demo password."""

    demo_password_message = _(
        "This account still has the published demo password, which is refused on a "
        "live site. Ask a site admin to reset it."
    )

    def get_invalid_login_error(self):
        if refused_demo_password(self.request):
            return forms.ValidationError(self.demo_password_message, code="demo_password")
        return super().get_invalid_login_error()


class SignInForm(ExplainsRefusedDemoPassword, AuthenticationForm):
    """Django's sign-in form."""


class AdminSignInForm(ExplainsRefusedDemoPassword, AdminAuthenticationForm):
    """Django admin's sign-in form."""


class RoleDetailsMixin:
    """Checks shared by invitations and memberships: a signatory names an agency and a title;
    a partner belongs to an organization of the same jurisdiction."""

    def setup_role_fields(self, jurisdiction):
        self.jurisdiction = jurisdiction
        self.fields["organization"].queryset = Organization.objects.filter(
            jurisdiction=jurisdiction
        )
        self.fields["organization"].help_text = _("For a partner: the organization they speak for.")
        self.fields["agency"].help_text = _("For a signatory: the agency they sign for.")
        self.fields["title"].help_text = _(
            "For a signatory: their title, e.g. Chief Probation Officer."
        )

    def clean_role_details(self, cleaned, organization_added=False):
        role = cleaned.get("role")
        if role == Role.SIGNATORY:
            if not cleaned.get("agency"):
                self.add_error("agency", _("A signatory signs for an agency: name it."))
            if not cleaned.get("title"):
                self.add_error("title", _("Give the signatory's title."))
        if role == Role.PARTNER and not cleaned.get("organization") and not organization_added:
            self.add_error("organization", _("A partner belongs to an organization: choose it."))
        if role != Role.PARTNER:
            cleaned["organization"] = None
        if role != Role.SIGNATORY:
            cleaned["agency"] = cleaned["title"] = ""
        return cleaned


class JurisdictionForm(forms.ModelForm):
    first_admin_email = forms.EmailField(
        label=_("Email of the first jurisdiction admin"),
        help_text=_("They get an invitation to set their password."),
    )

    class Meta:
        model = Jurisdiction
        fields = ["name", "kind", "state", "slug", "data_licence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Create jurisdiction and send the invitation"))
        self.fields["data_licence"].required = False
        slug = self.fields["slug"]
        slug.required = False
        slug.help_text = _("Filled in from the name; change it if you like. Lower-case "
                           "letters, digits and hyphens, used in the page addresses.")
        # static/js/slug.js fills it as the name is typed
        slug.widget.attrs["data-slug-from"] = "id_name"

    def clean_state(self):
        return self.cleaned_data["state"].strip().upper()

    def clean_data_licence(self):
        """Left unchosen, the data is published under the default licence, CC BY 4.0."""
        return self.cleaned_data.get("data_licence") or DataLicence.CC_BY_4

    def clean_slug(self):
        """Left empty, the web address name is made from the name."""
        if self.cleaned_data.get("slug"):
            return self.cleaned_data["slug"]
        length = Jurisdiction._meta.get_field("slug").max_length
        return slugify(self.cleaned_data.get("name", ""))[:length].strip("-")


def role_fields_layout(*before, organization_extra=(), after=()):
    """The role, then the fields only one role needs, each group marked with its role:
    app.css shows a group only while its role is chosen (where the browser supports :has;
    elsewhere every field shows, with its help text)."""
    return Layout(
        *before,
        "role",
        Div("agency", "title", css_class="role-fields role-signatory"),
        Div("organization", *organization_extra, css_class="role-fields role-partner"),
        *after,
    )


class InvitationForm(RoleDetailsMixin, forms.ModelForm):
    """Invite a person with a role. A partner's organization may be added here when it is
    missing from the list, without leaving the form."""

    new_organization = forms.CharField(
        label=_("Name of the organization"), max_length=200, required=False,
        help_text=_("It is added to the jurisdiction's organizations with the invitation."))
    new_organization_sector = forms.ChoiceField(
        label=_("Its sector"), choices=[("", "---------"), *Organization.Sector.choices],
        required=False)

    class Meta:
        model = Invitation
        fields = ["email", "role", "agency", "title", "organization", "language"]

    def __init__(self, *args, jurisdiction, **kwargs):
        super().__init__(*args, **kwargs)
        # left out (an older form, a script), it is the inviting admin's language
        self.fields["language"].initial = current_language()
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["language"].required = False
        self.setup_role_fields(jurisdiction)
        self.helper = submit_helper(_("Send invitation"))
        opened = " open" if self.data.get("new_organization") else ""
        summary = escape(_("Not in the list? Add the organization here"))
        self.helper.layout = role_fields_layout(
            "email",
            organization_extra=(
                HTML(f'<details class="add-organization"{opened}><summary>{summary}</summary>'),
                "new_organization", "new_organization_sector", HTML("</details>")),
            after=("language",))

    def clean_new_organization(self):
        name = self.cleaned_data["new_organization"].strip()
        if name and Organization.objects.filter(
                jurisdiction=self.jurisdiction, name__iexact=name).exists():
            raise forms.ValidationError(
                _("This jurisdiction already has an organization of that name: choose it "
                  "in the list."))
        return name

    def clean(self):
        cleaned = super().clean()
        adding = cleaned.get("role") == Role.PARTNER and bool(cleaned.get("new_organization"))
        if adding:
            if cleaned.get("organization"):
                self.add_error("new_organization", _(
                    "Choose an organization in the list or add one, not both."))
            if not cleaned.get("new_organization_sector"):
                self.add_error("new_organization_sector", _("Choose the organization's sector."))
        else:
            cleaned["new_organization"] = ""
        cleaned = self.clean_role_details(cleaned, organization_added=adding)
        cleaned["language"] = cleaned.get("language") or current_language()
        email, role = cleaned.get("email"), cleaned.get("role")
        if email and role:
            if (
                Membership.objects.active()
                .filter(jurisdiction=self.jurisdiction, role=role, user__email__iexact=email)
                .exists()
            ):
                self.add_error("email", _("This person already holds that role here."))
            elif (
                Invitation.objects.pending()
                .filter(jurisdiction=self.jurisdiction, role=role, email__iexact=email)
                .exists()
            ):
                self.add_error(
                    "email", _("An invitation for this role is already waiting; resend it instead.")
                )
        return cleaned


class MembershipForm(RoleDetailsMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "agency", "title", "organization"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_role_fields(self.instance.jurisdiction)
        self.helper = submit_helper(_("Save role"))
        self.helper.layout = role_fields_layout()

    def clean(self):
        cleaned = self.clean_role_details(super().clean())
        role = cleaned.get("role")
        if role and role != self.initial.get("role"):
            if (
                Membership.objects.active()
                .filter(jurisdiction=self.instance.jurisdiction, user=self.instance.user, role=role)
                .exclude(pk=self.instance.pk)
                .exists()
            ):
                self.add_error("role", _("This person already holds that role here."))
            elif not self.instance.can_leave_role():
                self.add_error(
                    "role", _("This is the jurisdiction's only admin: appoint another one first.")
                )
        return cleaned


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "sector"]

    def __init__(self, *args, jurisdiction, **kwargs):
        super().__init__(*args, **kwargs)
        self.jurisdiction = jurisdiction
        self.helper = submit_helper(_("Save organization"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Organization.objects.filter(jurisdiction=self.jurisdiction, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("This jurisdiction already has an organization of that name.")
            )
        return name


class AcceptInvitationForm(BaseUserCreationForm):
    """A new person sets their name, user name and password from an invitation."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "username"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True
        self.helper = submit_helper(_("Set my password and join"))


class ProfileForm(forms.ModelForm):
    """Name and language are saved as they are; the email is not a field of the model here:
    a new one waits for its confirmation (accounts.ProfileView)."""

    email = forms.EmailField(
        label=capfirst(get_user_model()._meta.get_field("email").verbose_name),
        max_length=get_user_model()._meta.get_field("pending_email").max_length,
        help_text=_("A new address takes effect when you follow the link we send to it."),
    )

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "language"]

    field_order = ["first_name", "last_name", "email", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.email
        self.helper = submit_helper(_("Save profile"))


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, sending a link only to a confirmed address, in its person's language."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.email_verified)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(context["user"].language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
