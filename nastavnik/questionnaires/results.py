"""Results of a questionnaire: per-question summaries, answers per person, XLSX exports.

Everything is computed from a fixed number of queries (questions, submitted responses with their
participants, answers, catalogue labels, ranked people), so the page costs the same for 5 or 2,000
respondents.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from nastavnik.core.xlsx import write_row
from nastavnik.methodology.models import MentoringForm
from nastavnik.participants.models import Participant, RequestTopic, hidden_label
from nastavnik.participants.queries import annotate_consent

from . import answers as pure
from .models import Answer, Invitation, OptionsSource, Question, QuestionKind, Questionnaire, Response
from .services import TOPIC_SOURCES, invitation_url


@dataclass
class Labels:
    """How stored values read: option labels, catalogue titles, names of ranked people."""

    topics: dict[int, str] = field(default_factory=dict)
    forms: dict[int, str] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)
    _own: dict[int, dict[str, str]] = field(default_factory=dict)
    _words: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Translated once per report, not once per answer (thousands of cells).
        self._words = {"deleted": _("(удалённый вариант)"), "yes": _("да"), "no": _("нет")}

    def choice(self, question: Question, value: object) -> str:
        source = question.options_source
        deleted = self._words["deleted"]
        if source in TOPIC_SOURCES:
            return self.topics.get(_int(value), deleted)
        if source == OptionsSource.FORMS:
            return self.forms.get(_int(value), deleted)
        own = self._own.get(question.pk)
        if own is None:
            own = self._own[question.pk] = dict(question.own_choices())
        return own.get(str(value), deleted)

    def display(self, question: Question, value: object) -> str:
        if value is None:
            return ""
        kind = question.kind
        if kind == QuestionKind.YES_NO:
            return self._words["yes"] if value else self._words["no"]
        if kind == QuestionKind.RANKING:
            values = value if isinstance(value, list) else []
            return "; ".join(f"{n}. {self.people.get(_int(v), '—')}" for n, v in enumerate(values, start=1))
        if question.is_choice:
            values = value if isinstance(value, list) else [value]
            return "; ".join(self.choice(question, v) for v in values)
        return str(value)


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]  # anything stored; what int() refuses is -1
    except (TypeError, ValueError):
        return -1


@dataclass
class QuestionSummary:
    question: Question
    answered: int = 0
    counts: list[tuple[str, int, int]] = field(default_factory=list)  # label, count, percent
    average: float | None = None
    texts: list[tuple[str, str]] = field(default_factory=list)  # respondent, text
    places: list[tuple[str, float, int]] = field(default_factory=list)  # person, mean place, times ranked


@dataclass
class PersonAnswers:
    response: Response
    answers: list[tuple[Question, str]]


@dataclass
class Results:
    questionnaire: Questionnaire
    questions: list[Question]
    responses: list[Response]
    summaries: list[QuestionSummary]
    people: list[PersonAnswers]
    labels: Labels
    invited: int = 0


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def collect(
    questionnaire: Questionnaire, *, with_revoked: bool = True, people: slice | None = None
) -> Results:
    """Summaries over submitted responses (drafts are not results yet).

    `with_revoked=False` leaves out people whose consent to personal-data processing was revoked:
    only the curator still sees them (the rule of participants.view_participant). `people` limits the
    answers per person to a page of respondents (the summaries always cover everybody).
    """
    questions = list(
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("section")
        .order_by("section__position", "section_id", "position", "pk")
    )
    rows: QuerySet[Response] = Response.objects.filter(
        questionnaire=questionnaire, submitted_at__isnull=False
    )
    if not with_revoked:
        rows = annotate_consent(rows, "participant__").filter(annotated_revoked_at__isnull=True)
    responses = list(
        rows.select_related("participant").order_by("participant__last_name", "participant__first_name", "pk")
    )
    invited = Invitation.objects.filter(questionnaire=questionnaire, revoked_at__isnull=True).count()
    by_response: dict[int, dict[int, object]] = {}
    for response_id, question_id, value in Answer.objects.filter(
        response__questionnaire=questionnaire, response__submitted_at__isnull=False
    ).values_list("response_id", "question_id", "value"):
        by_response.setdefault(response_id, {})[question_id] = value
    labels = _labels(questionnaire, questions, by_response, with_revoked=with_revoked)
    names = {r.pk: r.participant.full_name for r in responses}
    summaries = []
    for q in questions:
        values = [
            (names.get(rid, ""), a[q.pk]) for rid, a in by_response.items() if q.pk in a and rid in names
        ]
        summaries.append(_summarize(q, values, labels))
    persons = [
        PersonAnswers(
            response=r,
            answers=[(q, labels.display(q, by_response.get(r.pk, {}).get(q.pk))) for q in questions],
        )
        for r in (responses[people] if people is not None else responses)
    ]
    return Results(questionnaire, questions, responses, summaries, persons, labels, invited)


def _labels(
    questionnaire: Questionnaire,
    questions: list[Question],
    by_response: dict[int, dict[int, object]],
    *,
    with_revoked: bool = True,
) -> Labels:
    labels = Labels()
    sources = {q.options_source for q in questions if q.is_choice}
    organization = questionnaire.organization_id
    shared_or_own = Q(organization__isnull=True) | Q(organization=organization)
    if sources & set(TOPIC_SOURCES):
        labels.topics = dict(RequestTopic.objects.filter(shared_or_own).values_list("pk", "title"))
    if OptionsSource.FORMS in sources:
        labels.forms = dict(MentoringForm.objects.filter(shared_or_own).values_list("pk", "title"))
    ranking = {q.pk for q in questions if q.kind == QuestionKind.RANKING}
    if ranking:
        ids = {
            _int(v)
            for answers in by_response.values()
            for qid, value in answers.items()
            if qid in ranking and isinstance(value, list)
            for v in value
        }
        ranked = annotate_consent(
            Participant.objects.filter(organization=questionnaire.organization_id, pk__in=ids)
        )
        hidden = hidden_label()
        labels.people = {
            p.pk: hidden if p.annotated_revoked_at is not None and not with_revoked else p.full_name
            for p in ranked
        }
    return labels


def _summarize(question: Question, values: list[tuple[str, object]], labels: Labels) -> QuestionSummary:
    summary = QuestionSummary(question=question, answered=len(values))
    n = len(values)
    kind = question.kind
    if kind == QuestionKind.SCALE:
        numbers = [v for _name, v in values if isinstance(v, int) and not isinstance(v, bool)]
        summary.average = pure.mean(numbers)
        counter = Counter(numbers)
        summary.counts = [
            (str(i), counter[i], _percent(counter[i], n))
            for i in pure.scale_range(question.scale_min, question.scale_max)
        ]
    elif kind == QuestionKind.YES_NO:
        yes = sum(1 for _name, v in values if v is True)
        summary.counts = [(_("да"), yes, _percent(yes, n)), (_("нет"), n - yes, _percent(n - yes, n))]
    elif question.is_choice:
        chosen: Counter[str] = Counter()
        for _name, v in values:
            for item in v if isinstance(v, list) else [v]:
                chosen[labels.choice(question, item)] += 1
        summary.counts = [(label, c, _percent(c, n)) for label, c in chosen.most_common()]
    elif kind == QuestionKind.RANKING:
        rankings = [[_int(x) for x in v] for _name, v in values if isinstance(v, list)]
        times = Counter(p for r in rankings for p in r)
        summary.places = sorted(
            (
                (labels.people.get(p, "—"), place, times[p])
                for p, place in pure.average_places(rankings).items()
            ),
            key=lambda row: (row[1], row[0]),
        )
    else:
        summary.texts = [(name, str(v)) for name, v in values]
    return summary


# --- XLSX ------------------------------------------------------------------------------------------------------
def _write(ws: Any, row: int, values: list[Any]) -> None:
    """Respondents' text as text, never a formula (core.xlsx)."""
    write_row(ws, row, values)


def _header(ws: Worksheet, titles: list[str], widths: list[int]) -> None:
    _write(ws, 1, titles)
    for column, width in enumerate(widths, start=1):
        ws.cell(row=1, column=column).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"


def _workbook(title: str) -> tuple[Workbook, Worksheet]:
    """A new workbook and its first sheet, named."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook starts with one worksheet
    ws.title = title
    return wb, ws


def _local(dt: datetime.datetime | None) -> str:
    return timezone.localtime(dt).strftime("%d.%m.%Y %H:%M") if dt else ""


def results_xlsx(questionnaire: Questionnaire, *, with_revoked: bool = True) -> bytes:
    """Two sheets: the answers of every respondent (a row each) and the summary per question."""
    results = collect(questionnaire, with_revoked=with_revoked)
    wb, ws = _workbook(_("Ответы"))
    titles = [_("ФИО"), _("Категория"), _("Класс или группа"), _("Отправлено")]
    titles += [f"{n}. {q.text}" for n, q in enumerate(results.questions, start=1)]
    _header(ws, titles, [32, 18, 12, 17] + [30] * len(results.questions))
    for row, person in enumerate(results.people, start=2):
        p = person.response.participant
        _write(
            ws,
            row,
            [p.full_name, p.get_category_display(), p.group, _local(person.response.submitted_at)]
            + [text for _q, text in person.answers],
        )
    summary = wb.create_sheet(_("Сводка"))
    _header(
        summary,
        [_("Вопрос"), _("Ответ"), _("Число ответов"), _("Доля, %"), _("Среднее")],
        [60, 40, 14, 10, 10],
    )
    row = 2
    for n, s in enumerate(results.summaries, start=1):
        average = round(s.average, 2) if s.average is not None else None
        _write(summary, row, [f"{n}. {s.question.text}", _("ответили"), s.answered, None, average])
        row += 1
        for label, count, percent in s.counts:
            _write(summary, row, ["", label, count, percent])
            row += 1
        for name, place, times in s.places:
            _write(summary, row, ["", name, times, None, round(place, 2)])
            row += 1
        for _name, text in s.texts:
            _write(summary, row, ["", text])
            row += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def links_xlsx(questionnaire: Questionnaire, *, with_revoked: bool = True) -> bytes:
    """The personal links, for people without e-mail: the curator prints or forwards them."""
    invitations: QuerySet[Invitation] = Invitation.objects.filter(
        questionnaire=questionnaire, revoked_at__isnull=True
    )
    if not with_revoked:
        invitations = annotate_consent(invitations, "participant__").filter(annotated_revoked_at__isnull=True)
    invitations = invitations.select_related("participant").order_by(
        "participant__last_name", "participant__first_name", "pk"
    )
    wb, ws = _workbook(_("Ссылки"))
    _header(
        ws,
        [
            _("ФИО"),
            _("Категория"),
            _("Класс или группа"),
            _("E-mail"),
            _("Ссылка"),
            _("Действует до"),
            _("Статус"),
        ],
        [32, 18, 12, 26, 70, 14, 14],
    )
    for row, invitation in enumerate(invitations, start=2):
        p = invitation.participant
        _write(
            ws,
            row,
            [
                p.full_name,
                p.get_category_display(),
                p.group,
                p.email,
                invitation_url(invitation),
                timezone.localtime(invitation.expires_at).strftime("%d.%m.%Y"),
                invitation.get_status_display(),
            ],
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
