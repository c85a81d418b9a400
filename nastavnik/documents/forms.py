"""The build form of each kind (its inputs come from the registry's `options`) and the template upload form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.models import PairingMember
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import MenteeProfile, MentorProfile
from nastavnik.participants.queries import annotate_consent
from nastavnik.roadmaps.queries import current_academic_year

from .context import DEFAULT_REWARD, Options, year_label
from .registry import Kind

TEXT_LIMIT = 10_000
YEARS_BACK = 5


def year_choices(today: dt.date | None = None) -> list[tuple[int, str]]:
    current = current_academic_year(today)
    return [(y, year_label(y)) for y in range(current, current - YEARS_BACK, -1)]


def mentor_choices(organization: Organization) -> list[tuple[int, str]]:
    """Mentors of the base whose consent was not revoked (one query)."""
    qs = annotate_consent(
        MentorProfile.objects.filter(organization=organization).select_related("participant"),
        prefix="participant__",
    ).filter(annotated_revoked_at__isnull=True)
    rows = qs.order_by("participant__last_name", "participant__first_name", "pk")
    return [(m.pk, m.participant.full_name) for m in rows]


def mentee_choices(organization: Organization) -> list[tuple[int, str]]:
    """Mentees who have been in a pairing, whose consent was not revoked (one query)."""
    qs = annotate_consent(
        MenteeProfile.objects.filter(organization=organization)
        .filter(Exists(PairingMember.objects.filter(mentee=OuterRef("pk"))))
        .select_related("participant"),
        prefix="participant__",
    ).filter(annotated_revoked_at__isnull=True)
    return [
        (m.pk, m.participant.full_name)
        for m in qs.order_by("participant__last_name", "participant__first_name", "pk")
    ]


class BuildForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int, choices=())
    number = forms.CharField(label=_("Номер приказа"), max_length=50, required=False)
    date = forms.DateField(
        label=_("Дата документа"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reward = forms.CharField(label=_("Вид поощрения"), max_length=300, required=False, initial=DEFAULT_REWARD)
    mentors = forms.TypedMultipleChoiceField(
        label=_("Наставники"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    mentees = forms.TypedMultipleChoiceField(
        label=_("Наставляемые"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    cases = forms.CharField(
        label=_("Кейсы лучших практик"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )
    plans = forms.CharField(
        label=_("Планы на следующий учебный год"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )
    recommendations = forms.CharField(
        label=_("Рекомендации"), max_length=TEXT_LIMIT, required=False, widget=forms.Textarea({"rows": 4})
    )

    def __init__(self, kind: Kind, organization: Organization, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        wanted = set(kind.options) | ({"mentors", "mentees"} if "people" in kind.options else set())
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = year_choices()
        year_field.initial = current_academic_year()
        if "mentors" in self.fields:
            self.fields["mentors"].choices = mentor_choices(organization)  # type: ignore[attr-defined]
        if "mentees" in self.fields:
            self.fields["mentees"].choices = mentee_choices(organization)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.kind.code == "rewards_order" and not data.get("mentors"):
            raise forms.ValidationError(_("Отметьте наставников, которых поощряет приказ."))
        if self.kind.code == "certificates" and not (data.get("mentors") or data.get("mentees")):
            raise forms.ValidationError(
                _("Отметьте хотя бы одного человека, кому нужно письмо или сертификат.")
            )
        return data

    def options(self) -> Options:
        data = self.cleaned_data
        return Options(
            year=data["year"],
            date=data.get("date"),
            number=(data.get("number") or "").strip(),
            reward=(data.get("reward") or "").strip() or DEFAULT_REWARD,
            mentors=tuple(data.get("mentors") or ()),
            mentees=tuple(data.get("mentees") or ()),
            cases=data.get("cases") or "",
            plans=data.get("plans") or "",
            recommendations=data.get("recommendations") or "",
        )


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label=_("Файл шаблона (.docx)"))
