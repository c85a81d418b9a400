"""How the access log names a downloaded order."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .models import Order, Pairing


def pairing_labels(ids: list[int], user: Any) -> dict[int, str]:
    return {
        pk: _("пара № %(pk)s") % {"pk": pk}
        for pk in Pairing.objects.filter(pk__in=ids).values_list("pk", flat=True)
    }


def order_labels(ids: list[int], user: Any) -> dict[int, str]:
    return {
        pk: _("приказ № %(number)s от %(date)s") % {"number": number, "date": f"{date:%d.%m.%Y}"}
        for pk, number, date in Order.objects.filter(pk__in=ids).values_list("pk", "number", "date")
    }
