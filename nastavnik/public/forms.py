"""Forms of the curator's pages of the public page; the services validate again and have the last word."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.participants.models import MentorProfile

from .models import DocumentKind
from .photos import MAX_BYTES

PHOTO_HELP = _("JPEG, PNG или WebP до 5 МБ. Сведения о съёмке (EXIF, геопозиция) удаляются при загрузке.")


class PageSettingsForm(forms.Form):
    is_published = forms.BooleanField(
        label=_("Страница опубликована"),
        required=False,
        help_text=_("Пока страница не опубликована, по её адресу открывается «Страница не найдена»."),
    )
    intro = forms.CharField(
        label=_("О программе наставничества"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=300)
    kind = forms.ChoiceField(label=_("Вид"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("Файл"), help_text=_("PDF, Word, Excel, OpenDocument или RTF до 20 МБ."))


class _PhotoMixin(forms.Form):
    photo = forms.FileField(label=_("Фотография"), required=False, help_text=PHOTO_HELP)

    def clean_photo(self) -> bytes | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Фотография больше 5 МБ: уменьшите её."))
        return bytes(upload.read())


class HonorEntryForm(_PhotoMixin):
    mentor = forms.TypedChoiceField(label=_("Наставник"), coerce=int)
    text = forms.CharField(
        label=_("Несколько слов о наставнике"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = ["mentor", "text", "photo"]

    def __init__(self, *args: Any, mentors: list[MentorProfile], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mentors = {m.pk: m for m in mentors}
        field = self.fields["mentor"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—")] + [(m.pk, m.participant.full_name) for m in mentors]
        self.fields["mentor"].help_text = _(
            "В списке — совершеннолетние наставники с действующим согласием на публикацию ФИО и фото."
        )

    def clean_mentor(self) -> MentorProfile:
        mentor = self.mentors.get(self.cleaned_data["mentor"])
        if mentor is None:
            raise forms.ValidationError(_("Выберите наставника из списка."))
        return mentor


class HonorEditForm(_PhotoMixin):
    text = forms.CharField(
        label=_("Несколько слов о наставнике"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    remove_photo = forms.BooleanField(label=_("Убрать фотографию"), required=False)
    field_order = ["text", "photo", "remove_photo"]


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Заголовок"), max_length=300)
    text = forms.CharField(label=_("Текст"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    published_on = forms.DateField(
        label=_("Дата"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Заголовок"), max_length=300)
    text = forms.CharField(label=_("Текст"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
