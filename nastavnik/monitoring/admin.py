from django.contrib import admin

from .models import Contingent, Measure, MeasureValue, MonitoringSettings, RegionalTarget, Swot


@admin.register(RegionalTarget)
class RegionalTargetAdmin(admin.ModelAdmin):
    list_display = ["region", "code", "academic_year", "percent"]
    list_filter = ["region", "code"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "audience", "kind", "unit", "organization"]
    list_filter = ["audience", "kind"]


@admin.register(Contingent)
class ContingentAdmin(admin.ModelAdmin):
    list_display = ["organization", "academic_year", "learners_total", "learners_in_age", "teachers_total"]
    raw_id_fields = ["organization", "created_by"]


admin.site.register(MonitoringSettings)
admin.site.register(MeasureValue, raw_id_fields=["organization", "participant", "created_by"])
admin.site.register(Swot, raw_id_fields=["organization", "created_by"])
