"""Rankings after the group meeting, as matching reads them."""

from __future__ import annotations

from nastavnik.organizations.models import Organization

from ..models import Answer, Question, QuestionKind, Questionnaire
from .common import ids


def rankings_for(organization: Organization, questionnaire: Questionnaire) -> dict[int, list[int]]:
    """{respondent participant id: [ranked participant ids, best first]} from submitted responses.

    Matching reads these preferences; only the first ranking question of the questionnaire counts.
    """
    first = (
        Question.objects.filter(
            organization=organization, questionnaire=questionnaire, kind=QuestionKind.RANKING
        )
        .order_by("section__position", "position", "pk")
        .first()
    )
    if first is None:
        return {}
    rows = Answer.objects.filter(
        organization=organization, question=first, response__submitted_at__isnull=False
    ).values_list("response__participant_id", "value", "response__invitation__people_to_rank")
    result: dict[int, list[int]] = {}
    for participant_id, value, allowed in rows:
        allowed_set = set(allowed or [])
        result[participant_id] = [i for i in ids(value) if i in allowed_set]
    return result
