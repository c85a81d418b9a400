from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import MatchingRule, MatchingRun, OrganizationThesaurusEntry, RegionThesaurusEntry


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = [
        "organization",
        "mode",
        "form",
        "pairs_count",
        "unmatched_count",
        "total_score",
        "created_at",
        "order",
    ]
    list_filter = ["mode"]
    raw_id_fields = ["order"]
    readonly_fields = ["result", "weights"]


@admin.register(MatchingRule)
class MatchingRuleAdmin(admin.ModelAdmin):
    list_display = ["organization", "mentee", "mentor", "kind", "created_by", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["mentee", "mentor"]


class _ThesaurusLineAdmin(admin.ModelAdmin):
    """Lines are checked by the model's clean() (the engine's parser); the author is the admin user."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(RegionThesaurusEntry)
class RegionThesaurusEntryAdmin(_ThesaurusLineAdmin):
    list_display = ["region", "line", "created_by", "created_at"]
    list_filter = ["region"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(OrganizationThesaurusEntry)
class OrganizationThesaurusEntryAdmin(_ThesaurusLineAdmin):
    list_display = ["organization", "line", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
