"""The monitoring of one academic year (read side): stage 1 — quality of the programme (response rates,
items with mean/sd/n, expectations against results, open answers, feedback of meetings, the SWOT) — and
stage 2 — growth of participants (each outcome measure's paired change with its statistics).

The answer is the API's `/monitoring/{academic_year}` body as is (schemas in api/schemas.py). A fixed
number of queries whatever the size of the organization. No person's name appears: the figures are
aggregates, open answers are anonymous texts, pairings are named by number and form.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext

from nastavnik.mentoring.models import Feedback
from nastavnik.organizations.models import Organization
from nastavnik.questionnaires.models import Answer, Invitation, Question, QuestionKind, Questionnaire

from .indicators import year_bounds
from .models import Measure, MeasureValue, Swot
from .stats import paired_change

OPEN_ANSWERS_LIMIT = 200
PAIRS_OF_PURPOSES = (
    ("mentee", Questionnaire.Purpose.EXPECTATIONS_MENTEE, Questionnaire.Purpose.RESULTS_MENTEE),
    ("mentor", Questionnaire.Purpose.EXPECTATIONS_MENTOR, Questionnaire.Purpose.RESULTS_MENTOR),
)


def _round(value: float | None, digits: int = 2) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits)


def describe(values: list[float]) -> dict[str, Any]:
    """n, mean and the sample standard deviation (None for fewer than 2 values)."""
    n = len(values)
    if not n:
        return {"n": 0, "mean": None, "sd": None}
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else None
    return {"n": n, "mean": _round(mean), "sd": _round(sd)}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _questionnaires(organization: Organization, academic_year: int) -> tuple[list[dict], dict]:
    start, end = year_bounds(academic_year)
    invited = {
        row["questionnaire_id"]: row
        for row in Invitation.objects.filter(
            organization=organization, created_at__gte=start, created_at__lt=end
        )
        .values("questionnaire_id")
        .annotate(invited=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False)))
    }
    answers = list(
        Answer.objects.filter(
            organization=organization, response__submitted_at__gte=start, response__submitted_at__lt=end
        ).values_list("question_id", "response__participant_id", "value")
    )
    answered_questions = {q for q, _, _ in answers}
    questionnaire_ids = set(invited) | set(
        Question.objects.filter(pk__in=answered_questions).values_list("questionnaire_id", flat=True)
    )
    questionnaires = list(
        Questionnaire.objects.filter(organization=organization, pk__in=questionnaire_ids).order_by(
            "title", "pk"
        )
    )
    questions = list(
        Question.objects.filter(questionnaire__in=questionnaires).order_by(
            "questionnaire_id", "section__position", "position", "pk"
        )
    )
    by_question: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    for question_id, participant_id, value in answers:
        by_question[question_id].append((participant_id, value))
    questions_of: dict[int, list[Question]] = defaultdict(list)
    for question in questions:
        questions_of[question.questionnaire_id].append(question)
    result = []
    for questionnaire in questionnaires:
        counts = invited.get(questionnaire.pk, {"invited": 0, "submitted": 0})
        respondents = {p for question in questions_of[questionnaire.pk] for p, _ in by_question[question.pk]}
        items, open_answers = [], []
        for question in questions_of[questionnaire.pk]:
            given = by_question[question.pk]
            if question.kind == QuestionKind.SCALE:
                numbers = [n for _, v in given if (n := _number(v)) is not None]
                items.append(
                    {
                        "question": question.text,
                        "kind": "scale",
                        "scale_min": question.scale_min,
                        "scale_max": question.scale_max,
                        **describe(numbers),
                    }
                )
            elif question.kind == QuestionKind.YES_NO:
                flags = [bool(v) for _, v in given if isinstance(v, bool)]
                yes = sum(flags)
                items.append(
                    {
                        "question": question.text,
                        "kind": "yes_no",
                        "scale_min": None,
                        "scale_max": None,
                        "n": len(flags),
                        "mean": _round(100 * yes / len(flags)) if flags else None,
                        "sd": None,
                    }
                )
            elif question.is_text:
                texts = sorted({str(v).strip() for _, v in given if isinstance(v, str) and v.strip()})
                if texts:
                    open_answers.append({"question": question.text, "answers": texts[:OPEN_ANSWERS_LIMIT]})
        submitted = counts["submitted"] or len(respondents)
        invited_count = max(counts["invited"], submitted)
        result.append(
            {
                "id": questionnaire.pk,
                "title": questionnaire.title,
                "purpose": questionnaire.purpose,
                "audience": questionnaire.audience,
                "invited": invited_count,
                "submitted": submitted,
                "response_rate": _round(100 * submitted / invited_count) if invited_count else None,
                "items": items,
                "open_answers": open_answers,
            }
        )
    return result, {"by_question": by_question, "questions": questions, "questionnaires": questionnaires}


def _expectations_vs_results(data: dict) -> list[dict]:
    """Items asked at the start (expectations) and at the end (results) of the same side, paired by text."""
    purpose_of = {q.pk: q.purpose for q in data["questionnaires"]}
    rows = []
    for audience, expect_purpose, result_purpose in PAIRS_OF_PURPOSES:
        before: dict[str, dict[int, float]] = defaultdict(dict)
        after: dict[str, dict[int, float]] = defaultdict(dict)
        for question in data["questions"]:
            if question.kind != QuestionKind.SCALE:
                continue
            purpose = purpose_of.get(question.questionnaire_id)
            target = before if purpose == expect_purpose else after if purpose == result_purpose else None
            if target is None:
                continue
            for participant_id, value in data["by_question"][question.pk]:
                number = _number(value)
                if number is not None:
                    target[question.text][participant_id] = number
        for text in sorted(set(before) & set(after)):
            people = sorted(set(before[text]) & set(after[text]))
            rows.append(
                {
                    "audience": audience,
                    "item": text,
                    "expectation": describe(list(before[text].values())),
                    "result": describe(list(after[text].values())),
                    "paired": paired_change(
                        [before[text][p] for p in people], [after[text][p] for p in people]
                    ),
                }
            )
    return rows


def _feedback(organization: Organization, academic_year: int) -> tuple[list[dict], list[dict]]:
    start, end = year_bounds(academic_year)
    feedback = Feedback.objects.filter(
        organization=organization, meeting__starts_at__gte=start, meeting__starts_at__lt=end
    )
    aggregates = {
        "meetings": Count("meeting_id", distinct=True),
        "feedback": Count("pk"),
        "usefulness": Avg("usefulness"),
        "comfort": Avg("comfort"),
        "from_mentees": Count("pk", filter=Q(is_mentor=False)),
    }
    by_form = [
        {
            "form": row["meeting__pairing__form__title"],
            **{k: _round(row[k]) if k in ("usefulness", "comfort") else row[k] for k in aggregates},
        }
        for row in feedback.values("meeting__pairing__form__title")
        .annotate(**aggregates)
        .order_by("meeting__pairing__form__title")
    ]
    by_pairing = [
        {
            "pairing_id": row["meeting__pairing_id"],
            "form": row["meeting__pairing__form__title"],
            **{k: _round(row[k]) if k in ("usefulness", "comfort") else row[k] for k in aggregates},
        }
        for row in feedback.values("meeting__pairing_id", "meeting__pairing__form__title")
        .annotate(**aggregates)
        .order_by("meeting__pairing_id")
    ]
    return by_form, by_pairing


def _swot(organization: Organization, academic_year: int) -> dict[str, str] | None:
    swot = Swot.objects.filter(organization=organization, academic_year=academic_year).first()
    if swot is None:
        return None
    return {
        "strengths": swot.strengths,
        "weaknesses": swot.weaknesses,
        "opportunities": swot.opportunities,
        "threats": swot.threats,
    }


def measure_changes(organization: Organization, academic_year: int) -> list[dict[str, Any]]:
    """Stage 2: every measure with values in the year and its paired change (catalogue order)."""
    values: dict[int, tuple[list[float | None], list[float | None]]] = defaultdict(lambda: ([], []))
    for measure_id, before, after in MeasureValue.objects.filter(
        organization=organization, academic_year=academic_year
    ).values_list("measure_id", "before", "after"):
        values[measure_id][0].append(before)
        values[measure_id][1].append(after)
    measures = Measure.available_to(organization).filter(pk__in=values)
    return [
        {
            "code": measure.code,
            "title": measure.title,
            "group": str(measure.get_audience_display()),
            "unit": measure.unit,
            "higher_is_better": measure.higher_is_better,
            **paired_change(*values[measure.pk]),
        }
        for measure in measures
    ]


def monitoring_results(organization: Organization, academic_year: int) -> dict[str, Any]:
    questionnaires, data = _questionnaires(organization, academic_year)
    by_form, by_pairing = _feedback(organization, academic_year)
    return {
        "academic_year": academic_year,
        "stage1": {
            "questionnaires": questionnaires,
            "expectations_vs_results": _expectations_vs_results(data),
            "feedback_by_form": by_form,
            "feedback_by_pairing": by_pairing,
            "swot": _swot(organization, academic_year),
        },
        "stage2": {"measures": measure_changes(organization, academic_year)},
        "note": gettext(
            "Вывод по показателю делается при 5 и более парах значений «до» и «после»; "
            "изменение считается заметным при p < 0,05 (критерий Уилкоксона)."
        ),
    }
