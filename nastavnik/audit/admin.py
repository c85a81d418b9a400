from django.contrib import admin

from .models import AccessRecord


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, nobody edits it by hand."""

    list_display = ["at", "organization", "user_email", "kind", "subject_type", "subject_id", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["user_email"]
    date_hierarchy = "at"

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
