from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Jurisdiction, Membership, Organization, User


@admin.register(User)
class PlannerUserAdmin(UserAdmin):
    search_fields = ["username", "first_name", "last_name", "email"]
    list_display = [*UserAdmin.list_display, "email_verified"]
    list_filter = [*UserAdmin.list_filter, "email_verified"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Email confirmation"), {"fields": ["email_verified", "pending_email"]}),
    ]
    readonly_fields = ["pending_email"]  # the person confirms it from the link, or cancels it

    def save_model(self, request, obj, form, change):
        # A new address typed here proves nothing about who reads it: it waits for its owner
        # to confirm it, unless the admin ticks "email confirmed" in the same edit.
        if change and "email" in form.changed_data and "email_verified" not in form.changed_data:
            obj.email_verified = False
        super().save_model(request, obj, form, change)


class MembershipInline(admin.TabularInline):
    """Appoint people (for instance the first jurisdiction admin) straight from the
    jurisdiction's page; removing someone is done by setting 'ended', never by deleting."""

    model = Membership
    fk_name = "jurisdiction"
    extra = 1
    fields = ["user", "role", "agency", "title", "organization", "ended_at"]
    autocomplete_fields = ["user"]
    can_delete = False


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "state", "slug", "data_licence"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "jurisdiction"]
    list_filter = ["sector", "jurisdiction"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "jurisdiction", "created_at", "ended_at"]
    list_filter = ["role", "jurisdiction"]
    list_select_related = ["user", "jurisdiction"]
    autocomplete_fields = ["user"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "role",
        "jurisdiction",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role", "jurisdiction"]
    readonly_fields = ["token_hash", "accepted_at", "accepted_by", "created_at"]

    def has_add_permission(self, request):
        return False  # invitations are issued in the app, which emails the link
