from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Order, Pairing, PairingMember


class PairingMemberInline(admin.TabularInline):
    model = PairingMember
    extra = 0
    raw_id_fields = ["mentee"]


@admin.register(Pairing)
class PairingAdmin(SimpleHistoryAdmin):
    list_display = ["mentor", "organization", "form", "kind", "status", "approved_at", "order"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["mentor", "order"]
    inlines = [PairingMemberInline]


@admin.register(Order)
class OrderAdmin(SimpleHistoryAdmin):
    list_display = ["number", "date", "title", "organization", "created_by"]
    list_filter = ["kind"]
