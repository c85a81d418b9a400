from django.contrib import admin
from django.http import HttpRequest

from .models import AccessRecord


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin[AccessRecord]):
    """Read-only: the log is evidence, nobody edits it by hand."""

    list_display = ["at", "organization", "user_email", "kind", "subject_type", "subject_id", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["user_email"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AccessRecord | None = None) -> bool:
        return False
