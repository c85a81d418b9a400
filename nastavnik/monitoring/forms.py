from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Measure, MonitoringSettings, Swot

MAX_COUNT = 1_000_000


class ContingentForm(forms.Form):
    learners_total = forms.IntegerField(label=_("Обучающихся всего"), min_value=0, max_value=MAX_COUNT)
    learners_in_age = forms.IntegerField(
        label=_("Из них в возрастном диапазоне"), min_value=0, max_value=MAX_COUNT
    )
    teachers_total = forms.IntegerField(label=_("Педагогов всего"), min_value=0, max_value=MAX_COUNT)
    young_specialists_total = forms.IntegerField(
        label=_("Из них молодых специалистов (стаж до 3 лет)"), min_value=0, max_value=MAX_COUNT
    )
    learners_age_from = forms.IntegerField(label=_("Возраст обучающихся: от"), min_value=3, max_value=30)
    learners_age_to = forms.IntegerField(label=_("Возраст обучающихся: до"), min_value=3, max_value=30)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("learners_age_from"), data.get("learners_age_to")
        if low is not None and high is not None and low > high:
            self.add_error("learners_age_to", _("Верхняя граница возраста меньше нижней."))
        if (data.get("learners_in_age") or 0) > (data.get("learners_total") or 0):
            self.add_error(
                "learners_in_age", _("Обучающихся в возрастном диапазоне не может быть больше, чем всего.")
            )
        if (data.get("young_specialists_total") or 0) > (data.get("teachers_total") or 0):
            self.add_error(
                "young_specialists_total", _("Молодых специалистов не может быть больше, чем педагогов.")
            )
        return data


class SwotForm(forms.ModelForm):
    class Meta:
        model = Swot
        fields = ["strengths", "weaknesses", "opportunities", "threats"]
        widgets = {name: forms.Textarea(attrs={"rows": 4, "maxlength": 5000}) for name in fields}

    def _post_clean(self) -> None:
        pass


class MeasureChoiceForm(forms.Form):
    measure = forms.ModelChoiceField(queryset=Measure.objects.none(), label=_("Показатель"), empty_label=None)

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["measure"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Measure.available_to(organization)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Файл .xlsx или .csv"))


def settings_initial(row: MonitoringSettings | None) -> dict[str, int]:
    return {
        "learners_age_from": row.learners_age_from if row else 10,
        "learners_age_to": row.learners_age_to if row else 18,
    }
