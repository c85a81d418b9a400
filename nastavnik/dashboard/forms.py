from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.roadmaps.models import Risk


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["risk", "mitigation", "probability", "impact", "owner", "status", "review_date"]
        widgets = {
            "risk": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
            "review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"owner": _("Кто следит за риском: должность или ФИО.")}


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Итог"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(forms.Form):
    key = forms.CharField(max_length=64)
