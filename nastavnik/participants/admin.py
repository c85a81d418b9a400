"""The Django admin of the bases: the superuser's tool, including the catalogue of typical requests."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Consent,
    ConsentRequest,
    Guardianship,
    ImportBatch,
    MenteeProfile,
    MenteeRequest,
    MentorAssignment,
    MentorCompetence,
    MentorProfile,
    MentorStatusChange,
    Participant,
    Partner,
    RequestTopic,
)


@admin.register(RequestTopic)
class RequestTopicAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "audience", "form", "organization"]
    list_filter = ["audience", "kind"]
    search_fields = ["title"]


class GuardianshipInline(admin.TabularInline):
    model = Guardianship
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "category", "group", "birth_date", "organization"]
    list_filter = ["category", "organization"]
    search_fields = ["search_name", "email"]
    raw_id_fields = ["user", "import_batch"]
    inlines = [GuardianshipInline]


@admin.register(MenteeProfile)
class MenteeProfileAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "form", "organization"]
    list_filter = ["status"]
    raw_id_fields = ["participant"]


@admin.register(MentorProfile)
class MentorProfileAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "origin", "capacity", "organization"]
    list_filter = ["status", "origin"]
    raw_id_fields = ["participant"]


@admin.register(Consent)
class ConsentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "given_by", "given_at", "revoked_at"]
    list_filter = ["kind", "given_by", "method"]
    raw_id_fields = ["participant", "request"]


for model in [
    Partner,
    MenteeRequest,
    MentorCompetence,
    MentorStatusChange,
    MentorAssignment,
    ConsentRequest,
    ImportBatch,
]:
    admin.site.register(model)
