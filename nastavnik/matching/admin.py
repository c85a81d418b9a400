from django.contrib import admin

from .models import MatchingRule, MatchingRun


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
