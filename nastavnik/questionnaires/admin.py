"""Admin of questionnaires: the superuser's tool to fix shipped templates on a live installation."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import Invitation, Question, Questionnaire, Response, Section
from .services.builder import QUESTION_FIELDS


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "title"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "purpose", "audience", "is_template", "created_at"]
    list_filter = ["purpose", "audience", "is_template"]
    search_fields = ["title"]
    raw_id_fields = ["organization", "source_template", "created_by"]
    inlines = [SectionInline]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["position", *QUESTION_FIELDS]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "questionnaire", "position"]
    raw_id_fields = ["questionnaire", "organization"]
    inlines = [QuestionInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Questions inherit the questionnaire and organization of their section."""
        for question in formset.save(commit=False):
            question.questionnaire_id = form.instance.questionnaire_id
            question.organization_id = form.instance.organization_id
            question.save()
        for question in formset.deleted_objects:
            question.delete()


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = [
        "participant",
        "questionnaire",
        "organization",
        "created_at",
        "expires_at",
        "submitted_at",
    ]
    list_filter = ["submitted_at"]
    raw_id_fields = ["questionnaire", "organization", "participant", "created_by"]
    exclude = ["token"]


@admin.register(Response)
class ResponseAdmin(SimpleHistoryAdmin):
    list_display = ["participant", "questionnaire", "started_at", "submitted_at", "applied_at"]
    raw_id_fields = ["invitation", "participant", "questionnaire", "organization"]
