"""Forms of the roadmaps pages; they validate shape and size, services validate meaning."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.accounts.models import User

from .models import ActivityStatus
from .queries import current_academic_year
from .roadmap_templates import template_kinds
from .services import (
    ROADMAP_UPLOAD_EXTENSIONS,
    ROADMAP_UPLOAD_MAX_SIZE,
    RoadmapError,
    validate_evidence_file,
    validate_evidence_url,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def _textarea(
    label: StrOrPromise,
    max_length: int,
    *,
    rows: int = 2,
    required: bool = False,
    help_text: StrOrPromise = "",
) -> forms.CharField:
    """A multi-line text field of the roadmap's forms."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def academic_year_choices(around: int | None = None) -> list[tuple[int, str]]:
    year = around or current_academic_year()
    return [(y, f"{y}/{(y + 1) % 100:02d}") for y in range(year - 1, year + 3)]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Файл дорожной карты"),
        help_text=_(
            "DOCX, XLSX, PDF (сохранённый из Word, не скан) или текстовый файл (TXT), не больше 10 МБ."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx,.pdf,.txt"}),
    )
    academic_year = forms.TypedChoiceField(
        label=_("Учебный год"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Оставьте «из документа», если год указан в файле."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "academic_year").choices = [("", _("из документа")), *academic_year_choices()]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix not in ROADMAP_UPLOAD_EXTENSIONS:
            raise forms.ValidationError(
                _("Загрузите дорожную карту в формате DOCX, XLSX, PDF или TXT (сейчас: «%(name)s»)."),
                params={"name": upload.name},
            )
        if (upload.size or 0) > ROADMAP_UPLOAD_MAX_SIZE:
            raise forms.ValidationError(_("Файл слишком большой: не больше 10 МБ."))
        if upload.size == 0:
            raise forms.ValidationError(_("Файл пуст."))
        return upload


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Название программы"), max_length=500)
    academic_year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int)
    kind = forms.ChoiceField(label=_("Шаблон дорожной карты"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "academic_year").choices = academic_year_choices()
        _choice_field(self, "kind").choices = template_kinds()


class PreviewRowForm(forms.Form):
    """One row of the import preview: a stage or an activity, as the curator corrects it."""

    number = forms.CharField(label=_("№"), max_length=32, required=False)
    title = _textarea(_("Название"), 5000, required=True)
    deadline = forms.CharField(label=_("Сроки"), max_length=500, required=False)
    responsible = _textarea(_("Ответственные"), 3000, help_text=_("Через точку с запятой."))
    result = _textarea(_("Результат"), 5000)
    exclude = forms.BooleanField(label=_("Не импортировать"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)


PreviewFormSet = forms.formset_factory(PreviewRowForm, extra=0, max_num=2000, absolute_max=2000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Статус"), choices=ActivityStatus.choices)


class EvidenceFieldsMixin(forms.Form):
    file = forms.FileField(label=_("Файл-подтверждение"), required=False)
    url = forms.CharField(label=_("или ссылка"), max_length=1000, required=False)

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload:
            try:
                validate_evidence_file(upload)
            except RoadmapError as exc:
                raise forms.ValidationError(exc.message) from exc
        return upload

    def clean_url(self) -> str:
        url: str = (self.cleaned_data.get("url") or "").strip()
        if url:
            try:
                url = validate_evidence_url(url)
            except RoadmapError as exc:
                raise forms.ValidationError(exc.message) from exc
        return url


class DoneForm(EvidenceFieldsMixin):
    completed_on = forms.DateField(
        label=_("Дата выполнения"),
        required=False,
        help_text=_("Пусто — сегодня."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = _textarea(_("Комментарий"), 2000)
    field_order = ["completed_on", "file", "url", "note"]

    def clean_completed_on(self) -> date | None:
        day: date | None = self.cleaned_data.get("completed_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Дата выполнения не может быть в будущем."))
        return day


class EvidenceForm(EvidenceFieldsMixin):
    title = forms.CharField(label=_("Описание"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Прикрепите файл или укажите ссылку."))
        return data


class ActivityForm(forms.Form):
    number = forms.CharField(label=_("№"), max_length=32, required=False)
    title = _textarea(_("Мероприятие"), 5000, rows=3, required=True)
    description = _textarea(_("Содержание"), 10000, rows=3)
    deadline_text = forms.CharField(
        label=_("Сроки"),
        max_length=500,
        required=False,
        help_text=_("Например: «октябрь–ноябрь», «до 15 сентября», «в течение учебного года»."),
    )
    responsible = _textarea(
        _("Ответственные"),
        5000,
        rows=3,
        help_text=_("По одному на строку: должность или ФИО («Иванова И.И.» привяжется к сотруднику)."),
    )
    expected_result = _textarea(_("Ожидаемый результат"), 5000)
    proving_document = forms.CharField(label=_("Подтверждающий документ"), max_length=500, required=False)
    note = _textarea(_("Примечание"), 5000)

    def responsible_labels(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get("responsible", "").splitlines() if line.strip()
        ]


class BindForm(forms.Form):
    label = forms.CharField(max_length=500, widget=forms.HiddenInput)
    user = forms.TypedChoiceField(label=_("Сотрудник"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, members: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "user").choices = [
            ("", _("— не привязан —")),
            *((u.pk, u.get_full_name()) for u in members),
        ]
