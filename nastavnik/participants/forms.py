"""Forms of the bases: a participant, profiles, requests, competences, consents, filters and the import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.models import Organization

from . import tabular
from .filters import LIST_FILTERS
from .models import (
    Consent,
    MenteeProfile,
    MenteeRequest,
    MentorProfile,
    Participant,
    Partner,
    Priority,
    RequestTopic,
)

MAX_SCAN_BYTES = 10 * 1024 * 1024
MAX_IMPORT_BYTES = 50 * 1024 * 1024
SCAN_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png"}
SCAN_SIGNATURES = (b"%PDF", b"\xff\xd8\xff", b"\x89PNG")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _no_future(value: dt.date | None) -> dt.date | None:
    if value and value > timezone.localdate():
        raise ValidationError(_("Дата ещё не наступила."))
    return value


def _choices(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def _check_upload(
    upload: UploadedFile | None,
    extensions: set[str],
    signatures: tuple[bytes, ...],
    max_bytes: int,
    what: str | Promise,
) -> UploadedFile | None:
    if upload is None:
        return upload
    ext = Path(upload.name or "").suffix.lower()
    if ext not in extensions:
        raise ValidationError(
            _("%(what)s: допустимы файлы %(ext)s.") % {"what": what, "ext": ", ".join(sorted(extensions))}
        )
    if (upload.size or 0) > max_bytes:
        raise ValidationError(
            _("%(what)s: файл больше %(mb)s МБ.") % {"what": what, "mb": max_bytes // (1024 * 1024)}
        )
    head = upload.read(8)
    upload.seek(0)
    if signatures and not any(head.startswith(s) for s in signatures):
        raise ValidationError(_("%(what)s: содержимое файла не соответствует его типу.") % {"what": what})
    return upload


class ParticipantForm(forms.ModelForm):
    as_mentee = forms.BooleanField(label=_("Включить в базу наставляемых"), required=False)
    as_mentor = forms.BooleanField(label=_("Включить в базу наставников"), required=False)

    class Meta:
        model = Participant
        fields = [*Participant.NAME_FIELDS, *Participant.DETAIL_FIELDS]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["as_mentee"]
            del self.fields["as_mentor"]

    def clean_birth_date(self) -> dt.date | None:
        value = _no_future(self.cleaned_data.get("birth_date"))
        if value and value.year < timezone.localdate().year - 100:
            raise ValidationError(_("Дата рождения раньше, чем 100 лет назад."))
        return value

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        if phone:
            digits = sum(ch.isdigit() for ch in phone)
            if not tabular._PHONE_RE.match(phone) or not 5 <= digits <= 15:
                raise ValidationError(_("Это не похоже на номер телефона."))
        return phone

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("last_name", "first_name", "patronymic"):
            value = " ".join((data.get(name) or "").split())
            if value and not tabular._NAME_RE.match(value):
                self.add_error(name, _("Допустимы только буквы, дефис и пробел."))
            data[name] = value
        if not self.instance.pk and not (data.get("as_mentee") or data.get("as_mentor")):
            raise ValidationError(
                _("Отметьте, в какую базу включить участника: наставляемых или наставников.")
            )
        return data


class MenteeProfileForm(forms.ModelForm):
    class Meta:
        model = MenteeProfile
        fields = ["form", "status", "priority", "preferred_mentor_gender", "notes"]

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choices(self, "form").queryset = MentoringForm.available_to(organization)


class AvailabilityField(forms.CharField):
    """Free time as lines of text ("пн 15:00–17:00") stored as a JSON list of strings."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # a list, not a str
        text = super().to_python(value) or ""
        items = [" ".join(line.split()) for line in text.replace(";", "\n").splitlines() if line.strip()]
        if len(items) > 30:
            raise ValidationError(_("Не больше 30 интервалов."))
        if any(len(item) > 100 for item in items):
            raise ValidationError(_("Интервал не длиннее 100 символов."))
        return items


class MentorProfileForm(forms.ModelForm):
    # Partners are scoped to an organization: the queryset is set per form, never at import time.
    partner: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Партнёр"), queryset=Partner.objects.none(), required=False
    )
    availability = AvailabilityField(
        label=_("Когда свободен"),
        required=False,
        help_text=_("По одному интервалу в строке: «пн 15:00–17:00»."),
    )

    class Meta:
        model = MentorProfile
        fields = ["origin", "partner", "capacity", "availability", "experience", "forms"]
        widgets = {"forms": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choices(self, "forms").queryset = MentoringForm.available_to(organization)
        _model_choices(self, "partner").queryset = Partner.objects.filter(organization=organization)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("origin") == MentorProfile.Origin.PARTNER and not data.get("partner"):
            self.add_error("partner", _("Укажите партнёра, от которого пришёл наставник."))
        return data


class RequestForm(forms.ModelForm):
    class Meta:
        model = MenteeRequest
        fields = ["topic", "text", "source", "priority"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choices(self, "topic").queryset = RequestTopic.available_to(organization)
        cast(forms.CharField, self.fields["text"]).max_length = 2000

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("topic") and not (data.get("text") or "").strip():
            raise ValidationError(_("Выберите типовой запрос или опишите запрос словами."))
        return data


class CompetenceForm(forms.Form):
    title = forms.CharField(label=_("Компетенция"), max_length=300, required=False)
    topic = forms.ModelChoiceField(
        label=_("С каким типовым запросом поможет"), queryset=RequestTopic.objects.none(), required=False
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choices(self, "topic").queryset = RequestTopic.available_to(organization)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("title") or "").strip() and not data.get("topic"):
            raise ValidationError(_("Назовите компетенцию или выберите типовой запрос."))
        return data


class ConsentScanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид согласия"), choices=Consent.Kind.choices)
    given_by = forms.ChoiceField(label=_("Кто дал согласие"), choices=Consent.GivenBy.choices)
    representative_name = forms.CharField(
        label=_("ФИО законного представителя"), max_length=300, required=False
    )
    given_at = forms.DateField(label=_("Дата подписания"), widget=DateInput())
    scan = forms.FileField(label=_("Скан подписанного согласия (PDF, JPG, PNG)"))

    def clean_given_at(self) -> dt.date | None:
        return _no_future(self.cleaned_data.get("given_at"))

    def clean_scan(self) -> UploadedFile | None:
        return _check_upload(
            self.cleaned_data.get("scan"), SCAN_EXTENSIONS, SCAN_SIGNATURES, MAX_SCAN_BYTES, _("Скан")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("given_by") == Consent.GivenBy.PARENT
            and not (data.get("representative_name") or "").strip()
        ):
            self.add_error("representative_name", _("Укажите ФИО законного представителя."))
        return data


class ConsentLinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид согласия"), choices=Consent.Kind.choices)
    representative_name = forms.CharField(
        label=_("ФИО законного представителя (если известно)"), max_length=300, required=False
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина отзыва"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ParentConsentForm(forms.Form):
    representative_name = forms.CharField(label=_("Ваши фамилия, имя, отчество"), max_length=300)
    agree = forms.BooleanField(
        label=_("Я согласен(на) с обработкой персональных данных ребёнка"), required=True
    )


class MentorStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Новый статус"))
    note = forms.CharField(
        label=_("Основание"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "status").choices = [(s, MentorProfile.Status(s).label) for s in allowed]


class InterviewForm(forms.Form):
    date = forms.DateField(label=_("Дата собеседования"), widget=DateInput())
    notes = forms.CharField(
        label=_("Итоги"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_date(self) -> dt.date | None:
        return _no_future(self.cleaned_data.get("date"))


class TrainingForm(forms.Form):
    course = forms.CharField(label=_("Курс или программа"), max_length=300)
    hours = forms.IntegerField(label=_("Часов"), min_value=1, max_value=2000, required=False)
    date = forms.DateField(label=_("Дата окончания"), widget=DateInput())
    certificate = forms.FileField(label=_("Удостоверение или сертификат (PDF, JPG, PNG)"), required=False)

    def clean_date(self) -> dt.date | None:
        return _no_future(self.cleaned_data.get("date"))

    def clean_certificate(self) -> UploadedFile | None:
        return _check_upload(
            self.cleaned_data.get("certificate"), SCAN_EXTENSIONS, SCAN_SIGNATURES, MAX_SCAN_BYTES, _("Файл")
        )


class PartnerForm(forms.ModelForm):
    site = forms.URLField(label=_("Сайт"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Partner
        fields = ["name", "kind", "contact_person", "phone", "email", "site", "agreement"]
        widgets = {"agreement": forms.Textarea(attrs={"rows": 2})}


YES_NO = [("", _("все")), ("yes", _("да")), ("no", _("нет"))]


class BaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск по ФИО"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Категория"), required=False)
    form = forms.ModelChoiceField(label=_("Форма"), queryset=MentoringForm.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Статус"), required=False)
    group = forms.CharField(label=_("Класс/группа"), required=False, max_length=50)
    consent = forms.ChoiceField(label=_("Согласие на обработку ПД"), choices=YES_NO, required=False)

    status_choices: Sequence[tuple[str, str | Promise]] = ()

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "category").choices = [("", _("все")), *Participant.Category.choices]
        _choices(self, "status").choices = [("", _("все")), *self.status_choices]
        form = _model_choices(self, "form")
        form.queryset = MentoringForm.available_to(organization)
        form.empty_label = _("все")
        for name, extra in LIST_FILTERS.items():  # contributed by other apps, see filters.py
            self.fields[name] = forms.ChoiceField(label=str(extra.label), choices=YES_NO, required=False)

    def filters(self) -> dict[str, Any]:
        """Cleaned filters; invalid values (a hand-edited URL) are ignored rather than answered with 500."""
        if not self.is_valid():
            return {
                k: v for k, v in self.cleaned_data.items() if k not in self.errors and v not in ("", None)
            }
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


class MenteeFilterForm(BaseFilterForm):
    status_choices = MenteeProfile.Status.choices


class MentorFilterForm(BaseFilterForm):
    status_choices = MentorProfile.Status.choices


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Файл .xlsx или .csv"))
    default_role = forms.ChoiceField(
        label=_("Если в файле нет столбца «Роль», считать всех"),
        choices=[("mentee", _("наставляемыми")), ("mentor", _("наставниками"))],
        initial="mentee",
    )

    def clean_file(self) -> UploadedFile | None:
        return _check_upload(
            self.cleaned_data.get("file"), {".xlsx", ".csv"}, (), MAX_IMPORT_BYTES, _("Файл")
        )


class ImportMappingForm(forms.Form):
    """One select per column of the file: which field of the base it fills."""

    def __init__(
        self, *args: Any, headers: list[str], initial_mapping: dict[int, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— не загружать —"))] + [(key, label) for key, label in tabular.FIELDS.items()]
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or _("столбец %(n)s") % {"n": index + 1},
                choices=choices,
                required=False,
                initial=initial_mapping.get(index, ""),
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        seen: dict[str, str] = {}
        for index in range(len(self.headers)):
            key = data.get(f"col_{index}")
            if not key:
                continue
            if key in seen:
                self.add_error(
                    f"col_{index}",
                    _("Поле «%(field)s» уже выбрано для столбца «%(other)s».")
                    % {"field": tabular.FIELDS[key], "other": seen[key]},
                )
            seen[key] = self.headers[index] or str(index + 1)
        problems = tabular.mapping_problems(
            {i: k for i, k in enumerate(data.get(f"col_{i}") for i in range(len(self.headers))) if k}
        )
        for problem in problems:
            self.add_error(None, problem.translated(gettext))
        return data

    def mapping(self) -> dict[int, str]:
        return {
            index: self.cleaned_data[f"col_{index}"]
            for index in range(len(self.headers))
            if self.cleaned_data.get(f"col_{index}")
        }


PRIORITY_CHOICES = Priority.choices
