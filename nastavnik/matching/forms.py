"""Forms of the matching pages: run settings with weight sliders, a rule for a pair, the approval."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.core.forms import choice_field
from nastavnik.methodology.forms import offer_forms_and_role_models
from nastavnik.methodology.models import MentoringForm, RoleModel
from nastavnik.organizations.models import Organization

from .engine import CRITERIA, FitWeights
from .models import MatchingRule, Mode

MAX_ID = 2**62
CRITERION_LABELS = {
    "requests": _("Запросы наставляемого и компетенции наставника"),
    "subjects": _("Предметы"),
    "levels": _("Уровень обучения"),
    "experience": _("Опыт наставника"),
    "form": _("Форма наставничества"),
    "role_model": _("Ролевая модель"),
    "availability": _("Свободное время"),
    "organization": _("Организация или партнёр"),
    "preferences": _("Пожелания участников"),
}
DEFAULT_WEIGHTS = FitWeights()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RunForm(forms.Form):
    """How to run: the mode, an optional form of mentoring, and the weight of every criterion (0–100)."""

    mode = forms.ChoiceField(label=_("Режим подбора"), choices=Mode.choices, initial=Mode.OPTIMAL)
    form = forms.ModelChoiceField(
        label=_("Форма наставничества"),
        queryset=MentoringForm.objects.none(),
        required=False,
        empty_label=_("Все формы"),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "form").queryset = MentoringForm.available_to(organization)
        for name in CRITERIA:
            self.fields[f"w_{name}"] = forms.IntegerField(
                label=CRITERION_LABELS[name],
                min_value=0,
                max_value=100,
                required=False,
                initial=int(getattr(DEFAULT_WEIGHTS, name)),
                widget=forms.NumberInput(attrs={"type": "range", "min": 0, "max": 100, "step": 5}),
            )

    @property
    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"w_{name}"] for name in CRITERIA]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self["mode"], self["form"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weights = {}
        for name in CRITERIA:
            value = data.get(f"w_{name}")
            weights[name] = float(getattr(DEFAULT_WEIGHTS, name) if value is None else value)
        if not any(weights.values()):
            raise ValidationError(_("Хотя бы один критерий должен иметь вес больше нуля."))
        data["weights"] = weights
        return data


class CompareForm(RunForm):
    """Both modes run with the same settings: no mode to choose."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["mode"]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self["form"]]


class RuleForm(forms.Form):
    mentee = forms.IntegerField(min_value=1, max_value=MAX_ID)
    mentor = forms.IntegerField(min_value=1, max_value=MAX_ID)
    kind = forms.ChoiceField(choices=[*MatchingRule.Kind.choices, ("clear", _("снять"))])


class ApproveForm(forms.Form):
    number = forms.CharField(label=_("Номер приказа"), max_length=50, help_text=_("Например, 112-од."))
    date = forms.DateField(label=_("Дата приказа"), widget=DateInput())
    form = forms.ModelChoiceField(label=_("Форма наставничества"), queryset=MentoringForm.objects.none())
    role_model = forms.ModelChoiceField(
        label=_("Ролевая модель"),
        queryset=RoleModel.objects.none(),
        required=False,
        empty_label=_("— не указывать —"),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_forms_and_role_models(self, organization)
        self.fields["date"].initial = timezone.localdate

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        form, role = data.get("form"), data.get("role_model")
        if form and role and role.form_id != form.pk:
            self.add_error(
                "role_model",
                _("Ролевая модель «%(role)s» не относится к форме «%(form)s».")
                % {"role": role.title, "form": form.title},
            )
        return data


class ThesaurusLineForm(forms.Form):
    """One line for the organization's matching thesaurus; checked by the service with the engine's parser."""

    line = forms.CharField(
        label=_("Новая строка"),
        max_length=300,
        help_text=_("Например: «ОГЭ > ГИА» (частный случай), «алгебра = математика» (синонимы)."),
    )
