"""The curator's builder: questionnaires copied from templates or made from scratch, their sections and
questions, and the rules that keep a question transferable into the bases.

The views check `MANAGE` before calling (these functions trust their caller); a shipped template is never
changed (`require_own`), and nothing that already has submitted answers is deleted or changes its kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import Answer, MapsTo, OptionsSource, Question, QuestionKind, Questionnaire, Response, Section
from .common import CHOICE, TEXT, TOPIC_SOURCES, require_own

if TYPE_CHECKING:
    from nastavnik.accounts.models import User
    from nastavnik.organizations.models import Organization

QUESTIONNAIRE_FIELDS = ("title", "audience", "purpose", "description")
QUESTION_FIELDS = (
    "text",
    "kind",
    "required",
    "help_text",
    "options",
    "options_source",
    "scale_min",
    "scale_max",
    "maps_to",
)

# Which question kinds may feed which field of the bases, and from which option sources.
MAPPING_KINDS: dict[str, tuple[str, ...]] = {
    MapsTo.PARTICIPANT_SUBJECT: (*TEXT, QuestionKind.SINGLE_CHOICE),
    MapsTo.MENTEE_REQUESTS: (*CHOICE, *TEXT),
    MapsTo.MENTEE_GOALS: (*CHOICE, *TEXT),
    MapsTo.MENTEE_FORM: (QuestionKind.SINGLE_CHOICE,),
    MapsTo.MENTEE_PREFERRED_GENDER: (QuestionKind.SINGLE_CHOICE,),
    MapsTo.MENTOR_COMPETENCES: (*CHOICE, *TEXT),
    MapsTo.MENTOR_CAPACITY: (QuestionKind.SINGLE_CHOICE, QuestionKind.SCALE),
    MapsTo.MENTOR_AVAILABILITY: (*CHOICE, *TEXT),
    MapsTo.MENTOR_EXPERIENCE: TEXT,
    MapsTo.MENTOR_FORMS: CHOICE,
}


# --- questionnaires --------------------------------------------------------------------------------------------
@transaction.atomic
def copy_template(
    template: Questionnaire, organization: Organization, *, acting_user: User | None
) -> Questionnaire:
    """A copy of a shipped template (or of the organization's own questionnaire) that the curator edits."""
    if template.organization_id not in (None, organization.pk):
        raise ValidationError(_("Копировать можно только шаблоны системы и анкеты своей организации."))
    title = (
        template.title
        if template.organization_id is None
        else _("%(title)s (копия)") % {"title": template.title}
    )
    copy = Questionnaire.objects.create(
        organization=organization,
        title=title[:200],
        audience=template.audience,
        purpose=template.purpose,
        description=template.description,
        is_template=False,
        source_template=template,
        created_by=acting_user,
    )
    sections = list(
        Section.objects.with_scopes_disabled().filter(questionnaire=template).order_by("position", "pk")
    )
    questions = list(
        Question.objects.with_scopes_disabled().filter(questionnaire=template).order_by("position", "pk")
    )
    new_sections = Section.objects.bulk_create(
        [
            Section(questionnaire=copy, organization=organization, position=position, title=s.title)
            for position, s in enumerate(sections)
        ]
    )
    section_map = {old.pk: new for old, new in zip(sections, new_sections, strict=True)}
    Question.objects.bulk_create(
        [
            Question(
                section=section_map[q.section_id],
                questionnaire=copy,
                organization=organization,
                position=q.position,
                **{name: getattr(q, name) for name in QUESTION_FIELDS},
            )
            for q in questions
        ]
    )
    return copy


@transaction.atomic
def create_questionnaire(
    organization: Organization, *, acting_user: User | None, **fields: object
) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        organization=organization,
        created_by=acting_user,
        **{k: v for k, v in fields.items() if k in QUESTIONNAIRE_FIELDS},
    )
    Section.objects.create(questionnaire=questionnaire, organization=organization, title=_("Вопросы"))
    return questionnaire


@transaction.atomic
def update_questionnaire(
    questionnaire: Questionnaire, *, acting_user: User | None, **fields: object
) -> Questionnaire:
    require_own(questionnaire)
    for name in QUESTIONNAIRE_FIELDS:
        if name in fields:
            setattr(questionnaire, name, fields[name])
    questionnaire.save()
    return questionnaire


def _has_submitted_answers(**filters: object) -> bool:
    return Answer.objects.filter(response__submitted_at__isnull=False, **filters).exists()


@transaction.atomic
def delete_questionnaire(questionnaire: Questionnaire, *, acting_user: User | None) -> None:
    require_own(questionnaire)
    if Response.objects.filter(questionnaire=questionnaire, submitted_at__isnull=False).exists():
        raise ValidationError(_("На анкету уже есть ответы: удалить её нельзя, иначе ответы пропадут."))
    questionnaire.delete()


# --- sections and questions: their order ----------------------------------------------------------------------
class _Positioned(Protocol):
    pk: int
    position: int

    def save(self, *, update_fields: Sequence[str]) -> None: ...


def _move(items: Sequence[_Positioned], item: _Positioned, direction: str) -> None:
    """Swap `item` with its neighbour above or below and renumber; at either end nothing moves."""
    ordered = list(items)
    index = next(i for i, x in enumerate(ordered) if x.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, row in enumerate(ordered):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def _next_position(last: int | None) -> int:
    return 0 if last is None else last + 1


# --- sections -------------------------------------------------------------------------------------------------
@transaction.atomic
def add_section(questionnaire: Questionnaire, *, acting_user: User | None, title: str = "") -> Section:
    require_own(questionnaire)
    return Section.objects.create(
        questionnaire=questionnaire,
        organization=questionnaire.organization,
        position=_next_position(questionnaire.sections.aggregate(m=Max("position"))["m"]),
        title=title.strip()[:300] or _("Новый раздел"),
    )


@transaction.atomic
def rename_section(section: Section, *, acting_user: User | None, title: str) -> Section:
    require_own(section.questionnaire)
    title = title.strip()
    if not title:
        raise ValidationError(_("Укажите заголовок раздела."))
    section.title = title[:300]
    section.save(update_fields=["title"])
    return section


@transaction.atomic
def delete_section(section: Section, *, acting_user: User | None) -> None:
    require_own(section.questionnaire)
    if _has_submitted_answers(question__section=section):
        raise ValidationError(_("На вопросы раздела уже есть ответы: удалить раздел нельзя."))
    section.delete()


@transaction.atomic
def move_section(section: Section, *, acting_user: User | None, direction: str) -> None:
    require_own(section.questionnaire)
    _move(list(section.questionnaire.sections.order_by("position", "pk")), section, direction)


# --- questions ------------------------------------------------------------------------------------------------
def question_problems(
    kind: str,
    options: Sequence[object],
    options_source: str,
    scale_min: int,
    scale_max: int,
    maps_to: str,
) -> list[str]:
    """Why this combination of settings cannot work (empty when it can). Russian, shown in the editor."""
    problems = []
    if kind not in QuestionKind.values:
        return [_("Неизвестный тип вопроса.")]
    if options_source and kind not in CHOICE:
        problems.append(_("Варианты из каталога бывают только у вопросов с выбором ответа."))
    if kind in CHOICE and not options_source and len(options) < 2:
        problems.append(_("Укажите хотя бы два варианта ответа, по одному в строке."))
    if kind == QuestionKind.SCALE and not (0 <= scale_min < scale_max <= 10):
        problems.append(_("Шкала должна быть от 0 или 1 до числа не больше 10."))
    if maps_to:
        if maps_to not in MapsTo.values:
            problems.append(_("Неизвестное поле базы."))
        elif kind not in MAPPING_KINDS[maps_to]:
            problems.append(_("Ответ на вопрос такого типа нельзя перенести в это поле базы."))
        elif maps_to in (MapsTo.MENTEE_FORM, MapsTo.MENTOR_FORMS) and options_source != OptionsSource.FORMS:
            problems.append(_("Для формы наставничества выберите варианты «формы наставничества»."))
        elif maps_to == MapsTo.MENTOR_CAPACITY and options_source:
            problems.append(_("Для числа наставляемых укажите свои варианты (1, 2, 3…) или шкалу."))
    if options_source == OptionsSource.FORMS and maps_to not in ("", MapsTo.MENTEE_FORM, MapsTo.MENTOR_FORMS):
        problems.append(_("Формы наставничества можно перенести только в поле «форма наставничества»."))
    if options_source in TOPIC_SOURCES and maps_to not in (
        "",
        MapsTo.MENTEE_REQUESTS,
        MapsTo.MENTEE_GOALS,
        MapsTo.MENTOR_COMPETENCES,
    ):
        problems.append(_("Пункты каталога запросов можно перенести только в запросы или компетенции."))
    return problems


def options_from_lines(text: str, existing: Sequence[object] | None = None) -> list[dict[str, str]]:
    """Options typed one per line; a line equal to an existing label keeps that option's value, so
    answers already given still point to the right option after the curator edits the list."""
    known = [o for o in (existing or []) if isinstance(o, dict)]
    by_label = {str(o.get("label", "")): str(o.get("value", "")) for o in known}
    used: set[str] = set()
    numbers = [int(o["value"]) for o in known if str(o.get("value", "")).isdigit()]
    next_number = max(numbers, default=0) + 1
    options: list[dict[str, str]] = []
    for line in text.splitlines():
        label = " ".join(line.split())[:300]
        if not label or label in (o["label"] for o in options):
            continue
        value = by_label.get(label)
        if value is None or value in used:
            value = str(next_number)
            next_number += 1
        used.add(value)
        options.append({"value": value, "label": label})
        if len(options) >= 100:
            break
    return options


def _validate_question(question: Question) -> None:
    if question.kind not in CHOICE:
        question.options, question.options_source = [], ""
    problems = question_problems(
        question.kind,
        question.options,
        question.options_source,
        question.scale_min,
        question.scale_max,
        question.maps_to,
    )
    if not question.text.strip():
        problems.insert(0, _("Напишите текст вопроса."))
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def add_question(section: Section, *, acting_user: User | None, **fields: object) -> Question:
    questionnaire = section.questionnaire
    require_own(questionnaire)
    question = Question(
        section=section,
        questionnaire=questionnaire,
        organization=questionnaire.organization,
        position=_next_position(section.questions.aggregate(m=Max("position"))["m"]),
        **{k: v for k, v in fields.items() if k in QUESTION_FIELDS},
    )
    _validate_question(question)
    question.save()
    return question


@transaction.atomic
def update_question(question: Question, *, acting_user: User | None, **fields: object) -> Question:
    require_own(question.questionnaire)
    old_kind, old_source = question.kind, question.options_source
    for name, value in fields.items():
        if name in QUESTION_FIELDS:
            setattr(question, name, value)
    _validate_question(question)
    if (question.kind, question.options_source) != (old_kind, old_source) and _has_submitted_answers(
        question=question
    ):
        raise ValidationError(_("На вопрос уже ответили: тип вопроса и источник вариантов менять нельзя."))
    question.save()
    return question


@transaction.atomic
def delete_question(question: Question, *, acting_user: User | None) -> None:
    require_own(question.questionnaire)
    if _has_submitted_answers(question=question):
        raise ValidationError(_("На вопрос уже ответили: удалить его нельзя."))
    question.delete()


@transaction.atomic
def move_question(question: Question, *, acting_user: User | None, direction: str) -> None:
    require_own(question.questionnaire)
    _move(list(question.section.questions.order_by("position", "pk")), question, direction)
