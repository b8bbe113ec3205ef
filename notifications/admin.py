from django.contrib import admin

from .models import EmailOptOut, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notices are written by the events they tell of, never by hand."""

    list_display = ["created_at", "recipient", "kind", "plan", "read_at", "emailed_at"]
    list_filter = ["kind", "jurisdiction"]
    search_fields = ["recipient__username", "recipient__email", "key"]
    list_select_related = ["recipient", "plan"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "kind"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__email"]
