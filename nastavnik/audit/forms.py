"""Filters of the access log page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import AccessKind, AccessRecord


class AccessLogFilterForm(forms.Form):
    user = forms.CharField(label=_("Пользователь (e-mail)"), max_length=254, required=False)
    kind = forms.ChoiceField(
        label=_("Что открыто"), choices=[("", _("всё"))] + list(AccessKind.choices), required=False
    )
    date_from = forms.DateField(
        label=_("С даты"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("По дату"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("Дата «с» позже даты «по»."))
        return data

    def apply(self, queryset: QuerySet[AccessRecord]) -> QuerySet[AccessRecord]:
        """The queryset narrowed by the valid filters; an invalid form filters nothing."""
        if not self.is_bound or not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("user"):
            queryset = queryset.filter(user_email__icontains=data["user"].strip())
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("date_from"):
            queryset = queryset.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(at__date__lte=data["date_to"])
        return queryset
