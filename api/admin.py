from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Site admins see whose tokens exist and when they were used, and can revoke one; the
    secret itself is nowhere to be seen, and no token is made or deleted here."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    fields = list_display
    readonly_fields = list_display
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            token.revoke()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
