from django.contrib import admin

from .models import MentoringForm, RoleModel


class RoleModelInline(admin.TabularInline):
    model = RoleModel
    extra = 0


@admin.register(MentoringForm)
class MentoringFormAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "audience", "organization", "is_active"]
    list_filter = ["audience", "is_active"]
    inlines = [RoleModelInline]
