from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, FormView, TemplateView, UpdateView

from shared_safety.paging import page_of

from .backends import PASSWORD_BACKEND
from .emails import send_invitation
from .forms import (
    AcceptInvitationForm,
    InvitationForm,
    JurisdictionForm,
    MembershipForm,
    OrganizationForm,
)
from .middleware import use_unless_chosen
from .models import (
    Invitation,
    InvitationUnusable,
    Jurisdiction,
    Membership,
    Organization,
    Role,
    User,
    current_language,
)


class JurisdictionMixin(LoginRequiredMixin):
    """Load the jurisdiction of the URL among those the user may see (else 404), then check
    ``permission_required`` on it (else 403 with ``permission_denied_message``)."""

    permission_required = "stakeholders.view_jurisdiction"
    permission_denied_message = gettext_lazy("Your role in this jurisdiction does not allow this.")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.jurisdiction = get_object_or_404(
            Jurisdiction.objects.visible_to(request.user), slug=kwargs["slug"]
        )
        if not request.user.has_perm(self.permission_required, self.jurisdiction):
            raise PermissionDenied(self.permission_denied_message)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(jurisdiction=self.jurisdiction, **kwargs)


class JurisdictionCreateView(LoginRequiredMixin, CreateView):
    template_name = "stakeholders/jurisdiction_form.html"
    form_class = JurisdictionForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "stakeholders.create_jurisdiction"
        ):
            raise PermissionDenied(_("Only a site admin creates jurisdictions."))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            jurisdiction = form.save()
            invitation = Invitation.issue(
                jurisdiction=jurisdiction,
                email=form.cleaned_data["first_admin_email"],
                role=Role.JURISDICTION_ADMIN,
                invited_by=self.request.user,
            )
        send_invitation(invitation, self.request)
        messages.success(
            self.request,
            _("%(name)s is created and %(email)s is invited as its admin.")
            % {"name": jurisdiction.name, "email": invitation.email},
        )
        return HttpResponseRedirect(jurisdiction.get_absolute_url())


class JurisdictionDetailView(JurisdictionMixin, TemplateView):
    template_name = "stakeholders/jurisdiction_detail.html"

    def get_context_data(self, **kwargs):
        signatories = (
            Membership.objects.active()
            .filter(jurisdiction=self.jurisdiction, role=Role.SIGNATORY)
            .select_related("user")
        )
        return super().get_context_data(
            my_roles=Membership.objects.held_by(self.request.user).filter(
                jurisdiction=self.jurisdiction),
            signatories=signatories,
            **kwargs,
        )


class MemberListView(JurisdictionMixin, TemplateView):
    template_name = "stakeholders/member_list.html"
    permission_required = "stakeholders.manage_members"
    permission_denied_message = gettext_lazy("Only the jurisdiction's admins manage its members.")

    def get_context_data(self, **kwargs):
        memberships = Membership.objects.filter(jurisdiction=self.jurisdiction).select_related(
            "user", "organization", "ended_by")
        page = page_of(self.request, User.objects.filter(
            memberships__in=memberships.active()).distinct().order_by(
            Lower("last_name"), Lower("first_name"), "username", "pk"))
        roles = {}  # one row per person of the page, their roles in it
        for m in memberships.active().filter(user__in=list(page)).order_by("role"):
            roles.setdefault(m.user_id, []).append(m)
        past = page_of(self.request, memberships.exclude(ended_at=None).order_by(
            "-ended_at", "pk"), param="former")
        return super().get_context_data(
            page_obj=page,
            people=[(person, roles[person.pk]) for person in page],
            past=past,
            invitations=Invitation.objects.unanswered()
            .filter(jurisdiction=self.jurisdiction)
            .select_related("organization"),
            **kwargs,
        )


class InviteView(JurisdictionMixin, FormView):
    template_name = "stakeholders/invite.html"
    form_class = InvitationForm
    permission_required = "stakeholders.manage_members"
    permission_denied_message = MemberListView.permission_denied_message

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "jurisdiction": self.jurisdiction}

    def form_valid(self, form):
        data = form.cleaned_data
        organization = data["organization"]
        with transaction.atomic():
            if data["new_organization"]:
                if not self.request.user.has_perm(
                        "stakeholders.manage_organizations", self.jurisdiction):
                    raise PermissionDenied(_("Only admins and editors add organizations."))
                organization = Organization.objects.create(
                    jurisdiction=self.jurisdiction, name=data["new_organization"],
                    sector=data["new_organization_sector"])
            invitation = Invitation.issue(
                jurisdiction=self.jurisdiction,
                email=data["email"],
                role=data["role"],
                agency=data["agency"],
                title=data["title"],
                organization=organization,
                language=data["language"],
                invited_by=self.request.user,
            )
        send_invitation(invitation, self.request)
        if data["new_organization"]:
            message = _("%(organization)s is added to the organizations, and the invitation "
                        "is sent to %(email)s.") % {"organization": organization.name,
                                                    "email": invitation.email}
        else:
            message = _("Invitation sent to %(email)s.") % {"email": invitation.email}
        messages.success(self.request, message)
        return redirect("stakeholders:members", slug=self.jurisdiction.slug)


class MembershipObjectMixin(JurisdictionMixin):
    permission_required = "stakeholders.manage_members"
    permission_denied_message = MemberListView.permission_denied_message

    def get_membership(self):
        return get_object_or_404(
            Membership.objects.active().select_related("user", "jurisdiction"),
            jurisdiction=self.jurisdiction,
            pk=self.kwargs["pk"],
        )


class MembershipUpdateView(MembershipObjectMixin, UpdateView):
    template_name = "stakeholders/membership_form.html"
    form_class = MembershipForm

    def get_object(self, queryset=None):
        return self.get_membership()

    def form_valid(self, form):
        form.save()
        messages.success(
            self.request, _("The role of %(person)s is saved.") % {"person": form.instance.user}
        )
        return redirect("stakeholders:members", slug=self.jurisdiction.slug)


class MembershipRemoveView(MembershipObjectMixin, TemplateView):
    """GET asks for confirmation; POST ends the membership (the row and its history stay)."""

    template_name = "stakeholders/membership_remove.html"

    def get_context_data(self, **kwargs):
        membership = self.get_membership()
        return super().get_context_data(
            membership=membership, can_leave=membership.can_leave_role(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        membership = self.get_membership()
        if not membership.can_leave_role():
            messages.error(
                request, _("This is the jurisdiction's only admin: appoint another one first.")
            )
        else:
            membership.end(by=request.user)
            messages.success(
                request,
                _(
                    "%(person)s no longer holds the role %(role)s. What they "
                    "wrote stays, attributed to them."
                )
                % {"person": membership.user, "role": membership.get_role_display()},
            )
        return redirect("stakeholders:members", slug=self.jurisdiction.slug)


class InvitationActionView(JurisdictionMixin, View):
    """POST only: resend (a fresh link) or revoke a pending invitation."""

    permission_required = "stakeholders.manage_members"
    permission_denied_message = MemberListView.permission_denied_message
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        invitation = get_object_or_404(  # pending or expired: both can be resent or withdrawn
            Invitation.objects.unanswered(), jurisdiction=self.jurisdiction, pk=kwargs["pk"]
        )
        if kwargs["action"] == "resend":
            send_invitation(invitation.renew(), request)
            messages.success(
                request, _("A new link was sent to %(email)s.") % {"email": invitation.email}
            )
        else:
            invitation.revoke()
            messages.success(
                request,
                _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email},
            )
        return redirect("stakeholders:members", slug=self.jurisdiction.slug)


class OrganizationListView(JurisdictionMixin, FormView):
    """The jurisdiction's organizations, with a form to add one."""

    template_name = "stakeholders/organization_list.html"
    form_class = OrganizationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "jurisdiction": self.jurisdiction}

    def get_context_data(self, **kwargs):
        organizations = Organization.objects.filter(
            jurisdiction=self.jurisdiction
        ).order_by("name", "pk").prefetch_related(
            Prefetch("members", queryset=Membership.objects.active().select_related("user"))
        )
        can_manage = self.request.user.has_perm(
            "stakeholders.manage_organizations", self.jurisdiction
        )
        return super().get_context_data(
            page_obj=page_of(self.request, organizations), can_manage=can_manage, **kwargs
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("stakeholders.manage_organizations", self.jurisdiction):
            raise PermissionDenied(_("Only admins and editors add organizations."))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        form.instance.jurisdiction = self.jurisdiction
        form.save()
        messages.success(self.request, _("%(name)s is added.") % {"name": form.instance.name})
        return redirect("stakeholders:organizations", slug=self.jurisdiction.slug)


class OrganizationUpdateView(JurisdictionMixin, UpdateView):
    template_name = "stakeholders/organization_form.html"
    form_class = OrganizationForm
    permission_required = "stakeholders.manage_organizations"
    permission_denied_message = gettext_lazy("Only admins and editors change organizations.")

    def get_object(self, queryset=None):
        return get_object_or_404(Organization, jurisdiction=self.jurisdiction, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "jurisdiction": self.jurisdiction}

    def get_success_url(self):
        messages.success(self.request, _("%(name)s is saved.") % {"name": self.object.name})
        return reverse("stakeholders:organizations", args=[self.jurisdiction.slug])


class AcceptInvitationView(View):
    """The one-time link: a new person sets a password; a known person signs in and accepts."""

    def dispatch(self, request, *args, **kwargs):
        self.invitation = Invitation.for_token(kwargs["token"])
        if self.invitation and not request.user.is_authenticated:
            # a signed-in person reads in their own language (UserLanguageMiddleware)
            use_unless_chosen(request, self.invitation.language)
        if self.invitation is None or not self.invitation.is_usable:
            return self.render_unusable()
        return super().dispatch(request, *args, **kwargs)

    def render_unusable(self):
        return render(
            self.request,
            "stakeholders/invitation_unusable.html",
            {"invitation": self.invitation},
            status=410 if self.invitation else 404,
        )

    def existing_user(self):
        """Whose account the invitation joins: the one that confirmed its address, else the
        signed-in person's whose email it is unconfirmed (the link, sent there, confirms
        it). An address merely typed into another profile claims nothing."""
        owner = User.objects.with_confirmed_email(self.invitation.email).first()
        if owner is not None:
            return owner
        user = self.request.user
        if user.is_authenticated and user.email.lower() == self.invitation.email.lower():
            return user
        return None

    def render_page(self, form=None):
        return render(
            self.request,
            "stakeholders/invitation_accept.html",
            {
                "invitation": self.invitation,
                "form": form,
                "existing": self.existing_user(),
            },
        )

    def get(self, request, *args, **kwargs):
        existing = self.existing_user()
        form = (
            None
            if existing
            else AcceptInvitationForm(initial={"username": self.invitation.email.split("@")[0]})
        )
        return self.render_page(form)

    def post(self, request, *args, **kwargs):
        existing = self.existing_user()
        # Read again after the account lookup: an acceptance that committed since dispatch
        # (its account is then "existing") is seen here, and this request answers as one
        # that came second, not with the sign-in page meant for someone else's account.
        self.invitation.refresh_from_db()
        if not self.invitation.is_usable:
            return self.render_unusable()
        if existing:
            if request.user != existing:
                return self.render_page()
            user = existing
        else:
            form = AcceptInvitationForm(request.POST)
            if not form.is_valid():
                return self.render_page(form)
            user = form.save(commit=False)
            user.email = self.invitation.email
            user.language = current_language()  # the invitation's, unless they chose another
        try:
            self.invitation.accept(user)  # saves a new account, if it is the one that wins
        except InvitationUnusable:
            self.invitation.refresh_from_db()
            return self.render_unusable()
        if not existing:
            login(request, user, backend=PASSWORD_BACKEND)
        messages.success(
            request,
            _("Welcome. You are now %(role)s of %(jurisdiction)s.")
            % {
                "role": self.invitation.get_role_display(),
                "jurisdiction": self.invitation.jurisdiction,
            },
        )
        return redirect("dashboard")
