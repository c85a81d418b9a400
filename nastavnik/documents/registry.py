"""The one list of document kinds and of the placeholders each template may use.

Three things read it, so that they cannot drift apart: the upload page prints the placeholders from it, the
upload check refuses a template that names anything else (`validation.py`), and every context a builder
returns is checked against it before rendering (`conform`) — a builder that forgets a placeholder or adds one
the registry does not describe fails loudly (and in the tests), not in the curator's Word file.

Pure Python: no Django import, the builders are named by dotted path and resolved by `building.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

TEXT, NUMBER, LIST, OBJECT, IMAGE, BREAK = "text", "number", "list", "object", "image", "break"
#: How placeholders are written in Word (shown on the upload page above the list of fields).
SYNTAX_HELP = (
    "Поле вставляется в текст в двойных фигурных скобках: {{ organization.short_name }}.",
    "Список выводится циклом. Абзацы: {%p for r in список %} … {%p endfor %} — каждый тег в отдельном "
    "абзаце. Строки таблицы: {%tr for r in список %} … {%tr endfor %} — каждый тег в отдельной строке "
    "таблицы. Поле строки списка пишется через точку: {{ r.title }}.",
    "Шаблон с неизвестным полем или с ошибкой в записи не загрузится: сообщение назовёт, что исправить.",
)


@dataclass(frozen=True)
class Field:
    """A placeholder: `{{ name }}`, `{{ name.field }}` for an object, `{% for row in name %}` for a list."""

    name: str
    help: str  # Russian: shown on the upload page
    kind: str = TEXT
    fields: tuple[Field, ...] = ()

    def child(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def gettext_noop(message: str) -> str:
    """Marks a message id for `makemessages` (it looks for this name) without importing Django."""
    return message


@dataclass(frozen=True)
class Kind:
    code: str
    title: str  # Russian, as the documents page lists it (a message id: pages translate it)
    description: str
    builder: str  # dotted path of the context builder (documents.context)
    fields: tuple[Field, ...]
    #: Whether the document may name a participant. The annual report and the monitoring note go to the
    #: director and the region: aggregates only, never a child's name.
    names_people: bool = False
    #: Options of the build form (documents.forms): which inputs the kind asks for.
    options: tuple[str, ...] = ("year",)
    filename: str = field(default="")

    @property
    def template_name(self) -> str:
        return self.filename or f"{self.code}.docx"

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


ORGANIZATION = Field(
    "organization",
    "Организация",
    OBJECT,
    (
        Field("full_name", "полное наименование"),
        Field("short_name", "краткое наименование"),
        Field("address", "адрес"),
        Field("site", "сайт"),
        Field("kind", "тип организации (школа, колледж…)"),
        Field("municipality", "муниципалитет"),
        Field("region", "регион"),
    ),
)
COMMON = (
    ORGANIZATION,
    Field("director", "Директор: «И.О. Фамилия» (пусто, если в системе нет директора)"),
    Field("curator", "Куратор программы: «И.О. Фамилия»"),
    Field("date", "Дата документа, ДД.ММ.ГГГГ"),
    Field("year", "Учебный год, например 2025/2026"),
)
NUMBER_FIELD = Field("number", "Номер приказа")
PAGE_BREAK = Field("page_break", "Разрыв страницы: {{ page_break }} внутри цикла", BREAK)

INDICATOR = Field(
    "indicators",
    "Показатели: {% for i in indicators %}",
    LIST,
    (
        Field("title", "название показателя"),
        Field("value", "значение (текстом, с единицей)"),
        Field("target", "целевое значение на год (текстом, пусто — не задано)"),
        Field("status", "выполнение: «достигнут», «отстаёт», «цель не задана», «нет данных»"),
    ),
)
INDICATORS_CHART = Field("indicators_chart", "Диаграмма показателей против целей (рисунок)", IMAGE)
RESPONSE_RATES = Field(
    "response_rates",
    "Охват анкетированием: {% for r in response_rates %}",
    LIST,
    (
        Field("title", "анкета или группа"),
        Field("invited", "приглашено"),
        Field("answered", "ответили"),
        Field("percent", "доля ответивших, %"),
    ),
)
SATISFACTION = Field(
    "satisfaction",
    "Этап 1 — удовлетворённость и качество: {% for s in satisfaction %}",
    LIST,
    (
        Field("title", "вопрос или показатель"),
        Field("mean", "среднее"),
        Field("sd", "стандартное отклонение"),
        Field("n", "число ответов"),
    ),
)
GROWTH = Field(
    "growth",
    "Этап 2 — динамика (до и после): {% for g in growth %}",
    LIST,
    (
        Field("title", "показатель роста"),
        Field("group", "группа (наставники, наставляемые)"),
        Field("n", "число пар измерений"),
        Field("before", "среднее до"),
        Field("after", "среднее после"),
        Field("change", "изменение"),
        Field("effect_size", "размер эффекта"),
        Field("p_value", "p-значение"),
        Field("verdict", "вывод: «заметный рост», «изменение в пределах случайного»…"),
    ),
)
CONCLUSIONS = Field("conclusions", "Выводы, собранные из результатов: {% for c in conclusions %}", LIST)

KINDS: tuple[Kind, ...] = (
    Kind(
        "annual_report",
        gettext_noop("Отчёт о реализации программы наставничества за учебный год"),
        gettext_noop(
            "Для директора и муниципалитета: дорожная карта, базы, пары по формам и этапам, встречи и обратная "
            "связь, мониторинг этапов 1 и 2, показатели против целей с диаграммой, кейсы, планы. Без имён "
            "участников — только числа."
        ),
        "nastavnik.documents.context.annual_report",
        (
            *COMMON,
            Field(
                "roadmap",
                "Дорожная карта",
                OBJECT,
                (
                    Field("title", "название"),
                    Field("total", "мероприятий всего"),
                    Field("done", "выполнено"),
                    Field("in_progress", "выполняется"),
                    Field("overdue", "просрочено"),
                    Field("percent", "доля выполненных, %"),
                ),
            ),
            Field(
                "stages",
                "Этапы дорожной карты: {% for s in stages %}",
                LIST,
                (Field("title", "этап"), Field("total", "мероприятий"), Field("done", "выполнено")),
            ),
            Field(
                "bases",
                "Базы наставляемых и наставников",
                OBJECT,
                (
                    Field("mentees", "наставляемых в базе"),
                    Field("mentees_minors", "из них несовершеннолетних"),
                    Field("mentees_matched", "наставляемых в паре"),
                    Field("mentors", "наставников в базе"),
                    Field("mentors_register", "в реестре наставников"),
                    Field("mentors_trained", "прошли обучение"),
                ),
            ),
            Field(
                "pairings_by_form",
                "Пары и группы по формам: {% for f in pairings_by_form %}",
                LIST,
                (
                    Field("form", "форма наставничества"),
                    Field("active", "действуют"),
                    Field("completed", "завершены"),
                    Field("ended_early", "прекращены досрочно"),
                    Field("total", "всего"),
                ),
            ),
            Field(
                "pairings_by_stage",
                "Действующие пары по этапу работы (последняя проведённая встреча): {% for s in pairings_by_stage %}",
                LIST,
                (Field("stage", "этап"), Field("count", "пар")),
            ),
            Field("pairings_total", "Пар и групп за учебный год", NUMBER),
            Field(
                "meetings",
                "Встречи и обратная связь",
                OBJECT,
                (
                    Field("held", "проведено встреч"),
                    Field("scheduled", "запланировано"),
                    Field("cancelled", "отменено или не состоялось"),
                    Field("feedback", "отзывов наставляемых"),
                    Field("usefulness", "средняя польза, 1–10"),
                    Field("comfort", "средний комфорт, 1–10"),
                ),
            ),
            RESPONSE_RATES,
            SATISFACTION,
            GROWTH,
            INDICATOR,
            INDICATORS_CHART,
            Field("cases", "Кейсы лучших практик (текст с формы)"),
            Field("plans", "Планы на следующий учебный год (текст с формы)"),
        ),
        options=("year", "cases", "plans"),
    ),
    Kind(
        "monitoring_note",
        gettext_noop("Аналитическая справка по итогам мониторинга"),
        gettext_noop(
            "Результаты мониторинга этапа 1 (качество программы) и этапа 2 (рост участников) со статистикой, "
            "показатели против целей и выводы. Без имён участников."
        ),
        "nastavnik.documents.context.monitoring_note",
        (
            *COMMON,
            RESPONSE_RATES,
            SATISFACTION,
            GROWTH,
            INDICATOR,
            INDICATORS_CHART,
            CONCLUSIONS,
            Field("recommendations", "Рекомендации (текст с формы)"),
        ),
        options=("year", "recommendations"),
    ),
    Kind(
        "rewards_order",
        gettext_noop("Приказ о поощрении наставников"),
        gettext_noop("Приказ с перечнем наставников, которых выбрал куратор, и видом поощрения."),
        "nastavnik.documents.context.rewards_order",
        (
            *COMMON,
            NUMBER_FIELD,
            Field("reward", "Вид поощрения, например «объявить благодарность»"),
            Field(
                "mentors",
                "Наставники: {% for m in mentors %}",
                LIST,
                (
                    Field("number", "№ по порядку"),
                    Field("name", "Фамилия Имя Отчество"),
                    Field("position", "должность, предмет или категория"),
                    Field("pairings", "пар и групп за год"),
                    Field("mentees", "наставляемых за год"),
                    Field("meetings", "проведено встреч"),
                ),
            ),
        ),
        names_people=True,
        options=("year", "number", "date", "reward", "mentors"),
    ),
    Kind(
        "certificates",
        gettext_noop("Благодарственные письма и сертификаты участия"),
        gettext_noop(
            "По странице на человека в одном файле: благодарственные письма наставникам, сертификаты участия "
            "наставляемым."
        ),
        "nastavnik.documents.context.certificates",
        (
            *COMMON,
            PAGE_BREAK,
            Field(
                "people",
                "Получатели: {% for p in people %}…{% if not loop.last %}{{ page_break }}{% endif %}{% endfor %}",
                LIST,
                (
                    Field("name", "Фамилия Имя Отчество"),
                    Field("name_dative", "кому: в дательном падеже, где удалось склонить"),
                    Field("role", "«наставник» или «наставляемый»"),
                    Field("heading", "«БЛАГОДАРСТВЕННОЕ ПИСЬМО» или «СЕРТИФИКАТ»"),
                    Field("text", "текст письма или сертификата"),
                    Field("form", "форма наставничества"),
                ),
            ),
        ),
        names_people=True,
        options=("year", "date", "people"),
    ),
    Kind(
        "regulation",
        gettext_noop("Положение о наставничестве"),
        gettext_noop(
            "Положение о программе наставничества организации с блоком «УТВЕРЖДАЮ»: отправная точка для правки."
        ),
        "nastavnik.documents.context.regulation",
        (
            *COMMON,
            NUMBER_FIELD,
            Field("forms", "Формы наставничества организации: {% for f in forms %}", LIST),
            Field(
                "working_group",
                "Рабочая группа: {% for w in working_group %}",
                LIST,
                (
                    Field("name", "Фамилия Имя Отчество"),
                    Field("position", "должность"),
                ),
            ),
        ),
        options=("year", "number", "date"),
    ),
    Kind(
        "curator_order",
        gettext_noop("Приказ о назначении куратора и рабочей группы"),
        gettext_noop(
            "Приказ о назначении куратора программы наставничества и состава рабочей группы из учётных записей "
            "организации."
        ),
        "nastavnik.documents.context.curator_order",
        (
            *COMMON,
            NUMBER_FIELD,
            Field("curator_full", "Куратор: Фамилия Имя Отчество"),
            Field("curator_position", "должность куратора"),
            Field(
                "working_group",
                "Рабочая группа: {% for w in working_group %}",
                LIST,
                (Field("name", "Фамилия Имя Отчество"), Field("position", "должность")),
            ),
        ),
        options=("year", "number", "date"),
    ),
)
BY_CODE: dict[str, Kind] = {kind.code: kind for kind in KINDS}
CODES = tuple(BY_CODE)


def get(code: str) -> Kind:
    """The kind with this code; KeyError names the codes there are."""
    try:
        return BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown document kind {code!r}; known: {', '.join(CODES)}") from None


class DriftError(AssertionError):
    """A builder's context does not match the registry (a programming error, never the user's)."""


def conform(kind: Kind, context: Mapping[str, Any]) -> None:
    """Raise DriftError unless `context` has exactly the registry's placeholders (lists and objects checked one
    level down: every object and every row of a list has exactly its fields)."""
    _check(kind.code, kind.fields, context)


def _keys(value: Any) -> set[str]:
    if isinstance(value, Mapping):
        return set(value)
    return {name for name in vars(value) if not name.startswith("_")}


def _check(where: str, fields: tuple[Field, ...], values: Any) -> None:
    expected = {f.name for f in fields}
    present = _keys(values)
    if expected != present:
        raise DriftError(
            f"{where}: missing {sorted(expected - present)}, not in the registry {sorted(present - expected)}"
        )
    for f in fields:
        if not f.fields:
            continue
        value = values[f.name] if isinstance(values, Mapping) else getattr(values, f.name)
        if f.kind == OBJECT:
            _check(f"{where}.{f.name}", f.fields, value)
        elif f.kind == LIST:
            for row in value:
                _check(f"{where}.{f.name}[]", f.fields, row)
