"""Forms of the pairs' work: meetings, feedback, plans, completion, ending early, a pairing formed by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.core.forms import choice_field
from nastavnik.methodology.forms import offer_forms_and_role_models
from nastavnik.methodology.models import MentoringForm, RoleModel
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import MenteeProfile, MentorProfile

from .models import Meeting, Pairing, PlanTask
from .services.lifecycle import FREE_MENTEE_STATUSES, REGISTER_STATUSES

SCORES = [(i, str(i)) for i in range(1, 11)]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид встречи"), choices=Meeting.Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("Дата и время"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]
    )
    duration_minutes = forms.IntegerField(
        label=_("Длительность, минут"), min_value=5, max_value=600, initial=45
    )
    place = forms.CharField(label=_("Место"), max_length=200, required=False)
    url = forms.URLField(
        label=_("Ссылка на видеовстречу"), max_length=500, required=False, assume_scheme="https"
    )
    topic = forms.CharField(label=_("Тема"), max_length=300, required=False)
    tasks: forms.ModelMultipleChoiceField[PlanTask] = forms.ModelMultipleChoiceField(
        label=_("Задачи плана"),
        queryset=PlanTask.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    held = forms.BooleanField(label=_("Встреча уже прошла — записать как проведённую"), required=False)
    notes = forms.CharField(
        label=_("Итоги встречи"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, pairing: Pairing, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tasks = choice_field(self, "tasks")
        tasks.queryset = PlanTask.objects.filter(goal__plan__pairing=pairing).exclude(
            status=PlanTask.Status.DONE
        )
        if editing:
            del self.fields["held"], self.fields["notes"]
        if not self.is_bound and not editing:
            self.fields["starts_at"].initial = timezone.localtime().replace(minute=0, second=0, microsecond=0)


class HeldForm(forms.Form):
    notes = forms.CharField(
        label=_("Итоги встречи"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Причина"), max_length=300, required=False)
    missed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class FeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("Насколько встреча была полезной?"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    comfort = forms.TypedChoiceField(
        label=_("Насколько вам было комфортно?"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Комментарий (по желанию)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    private = forms.BooleanField(label=_("Комментарий видит только куратор"), required=False)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Цель"), max_length=300)
    description = forms.CharField(
        label=_("Ожидаемый результат"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Задача"), max_length=300)
    due = forms.DateField(label=_("Срок"), required=False, widget=DateInput())
    result = forms.CharField(label=_("Ожидаемый результат"), max_length=300, required=False)


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(choices=PlanTask.Status.choices)


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("Итоги работы пары"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Чего удалось достичь, что осталось на следующий год."),
    )


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Причина"), choices=Pairing.EndReason.choices)
    comment = forms.CharField(
        label=_("Комментарий"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )


class PlanKindForm(forms.Form):
    per_mentee = forms.TypedChoiceField(
        label=_("План развития группы"),
        choices=[(1, _("у каждого наставляемого свой план")), (0, _("один общий план группы"))],
        coerce=lambda v: bool(int(v)),
        widget=forms.RadioSelect,
    )


def _offer_people(field: forms.ModelChoiceField[Any], profiles: QuerySet[Any]) -> None:
    """The profiles as the field's choices, alphabetical, each shown by the person's full name."""
    field.queryset = profiles.select_related("participant").order_by(
        "participant__last_name", "participant__first_name"
    )
    field.label_from_instance = lambda obj: obj.participant.full_name  # type: ignore[method-assign]


class PairingForm(forms.Form):
    """A pairing formed by hand: the services check consent, places and the bases."""

    mentor: forms.ModelChoiceField[MentorProfile] = forms.ModelChoiceField(
        label=_("Наставник"), queryset=MentorProfile.objects.none()
    )
    mentees: forms.ModelMultipleChoiceField[MenteeProfile] = forms.ModelMultipleChoiceField(
        label=_("Наставляемые"), queryset=MenteeProfile.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    form = forms.ModelChoiceField(label=_("Форма наставничества"), queryset=MentoringForm.objects.none())
    role_model = forms.ModelChoiceField(
        label=_("Ролевая модель"),
        queryset=RoleModel.objects.none(),
        required=False,
        empty_label=_("— не указывать —"),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_people(
            choice_field(self, "mentor"),
            MentorProfile.objects.filter(organization=organization, status__in=REGISTER_STATUSES),
        )
        _offer_people(
            choice_field(self, "mentees"),
            MenteeProfile.objects.filter(organization=organization, status__in=FREE_MENTEE_STATUSES),
        )
        offer_forms_and_role_models(self, organization)
