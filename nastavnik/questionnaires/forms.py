"""Forms of the curator's pages: questionnaire settings, questions, sending to a base."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.participants.models import Participant

from .models import INVITATION_DAYS, MapsTo, OptionsSource, Question, QuestionKind, Questionnaire
from .services import MAX_EXPIRY_DAYS, options_from_lines, question_problems


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "audience", "purpose", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


SCALES = [("1-10", _("от 1 до 10")), ("1-5", _("от 1 до 5")), ("0-10", _("от 0 до 10"))]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Вопрос"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Тип"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("Обязательный"), required=False)
    help_text = forms.CharField(label=_("Подсказка"), max_length=500, required=False)
    options_source = forms.ChoiceField(
        label=_("Варианты ответа"), choices=OptionsSource.choices, required=False
    )
    options_text = forms.CharField(
        label=_("Свои варианты"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("По одному в строке. Нужны для вопросов с выбором, если варианты не из каталога."),
    )
    scale = forms.ChoiceField(label=_("Шкала"), choices=SCALES, required=False, initial="1-10")
    maps_to = forms.ChoiceField(
        label=_("Куда переносится ответ"),
        choices=MapsTo.choices,
        required=False,
        help_text=_("При отправке анкеты ответ попадает в базу наставников или наставляемых."),
    )

    def __init__(self, *args: Any, question: Question | None = None, **kwargs: Any) -> None:
        self.question = question
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "text": question.text,
                "kind": question.kind,
                "required": question.required,
                "help_text": question.help_text,
                "options_source": question.options_source,
                "options_text": "\n".join(label for _v, label in question.own_choices()),
                "scale": f"{question.scale_min}-{question.scale_max}",
                "maps_to": question.maps_to,
            }
        super().__init__(*args, **kwargs)
        if question is not None:
            prefix = f"question-{question.pk}" if question.pk else "new"
            for name, f in self.fields.items():
                f.widget.attrs.setdefault("id", f"{prefix}-{name}")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        kind = data["kind"]
        existing = self.question.options if self.question is not None else []
        options = (
            options_from_lines(data.get("options_text", ""), existing)
            if kind
            in (
                QuestionKind.SINGLE_CHOICE,
                QuestionKind.MULTIPLE_CHOICE,
            )
            else []
        )
        scale = data.get("scale") or "1-10"
        scale_min, scale_max = (int(x) for x in scale.split("-"))
        source = data.get("options_source") or ""
        if kind not in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
            source = ""
        for problem in question_problems(
            kind, options, source, scale_min, scale_max, data.get("maps_to") or ""
        ):
            self.add_error(None, problem)
        data["fields"] = {
            "text": data["text"].strip(),
            "kind": kind,
            "required": data["required"],
            "help_text": data.get("help_text", "").strip(),
            "options": options,
            "options_source": source,
            "scale_min": scale_min,
            "scale_max": scale_max,
            "maps_to": data.get("maps_to") or "",
        }
        return data


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Заголовок раздела"), max_length=300)


BASES = [
    ("mentees", _("Наставляемые")),
    ("mentors", _("Наставники")),
    ("all", _("Наставники и наставляемые")),
]


class BaseFilterForm(forms.Form):
    """Step one of sending: which base, narrowed by category and class."""

    base = forms.ChoiceField(label=_("База"), choices=BASES, initial="mentees")
    category = forms.ChoiceField(
        label=_("Категория"), choices=[("", _("все"))] + list(Participant.Category.choices), required=False
    )
    group = forms.CharField(label=_("Класс или группа"), max_length=50, required=False)


class SendForm(forms.Form):
    """Step two: the people chosen from the list and how long the links live."""

    participant = forms.TypedMultipleChoiceField(label=_("Участники"), coerce=int, choices=[])
    expires_in_days = forms.IntegerField(
        label=_("Ссылка действует, дней"), min_value=1, max_value=MAX_EXPIRY_DAYS, initial=INVITATION_DAYS
    )
    send_email = forms.BooleanField(label=_("Отправить ссылки по e-mail"), required=False, initial=True)

    def __init__(self, *args: Any, choices: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        participant = self.fields["participant"]
        assert isinstance(participant, forms.TypedMultipleChoiceField)
        participant.choices = list(choices)
        self.fields["participant"].error_messages["required"] = _("Отметьте хотя бы одного участника.")
        self.fields["participant"].error_messages["invalid_choice"] = _(
            "В списке есть участник, которого нельзя пригласить. Обновите страницу."
        )
