from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, ActivityResponsible, Evidence, Programme, ProgrammeTarget, Risk, Roadmap, Stage


class ProgrammeTargetInline(admin.TabularInline):
    model = ProgrammeTarget
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "academic_year_from", "academic_year_to"]
    list_filter = ["kind"]
    search_fields = ["title", "organization__short_name"]
    inlines = [ProgrammeTargetInline]


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["position", "number", "title", "deadline_text"]


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0


@admin.register(Roadmap)
class RoadmapAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organization", "academic_year", "created_at"]
    list_filter = ["academic_year"]
    search_fields = ["title", "organization__short_name"]
    inlines = [StageInline, RiskInline]


class ResponsibleInline(admin.TabularInline):
    model = ActivityResponsible
    extra = 0
    raw_id_fields = ["user"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    raw_id_fields = ["created_by"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "organization", "deadline_text", "status"]
    list_filter = ["status"]
    search_fields = ["title", "organization__short_name"]
    raw_id_fields = ["roadmap", "stage"]
    inlines = [ResponsibleInline, EvidenceInline]
