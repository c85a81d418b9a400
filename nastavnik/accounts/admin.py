from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Coordination, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


class CoordinationInline(admin.TabularInline):
    model = Coordination
    extra = 0


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "last_name", "first_name", "patronymic", "is_active", "is_staff"]
    search_fields = ["email", "last_name", "first_name"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    inlines = [MembershipInline, CoordinationInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("ФИО", {"fields": ["last_name", "first_name", "patronymic"]}),
        ("Права", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Даты", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "last_name", "first_name", "password1", "password2"]},
        ),
    ]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role", "organization"]
    search_fields = ["user__email", "user__last_name"]
