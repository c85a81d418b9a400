"""What the services of questionnaires share: the permission names the views check, the guard against
editing shipped templates, and reading an answer's value as option labels, ids or lines of text."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import answers as pure
from ..models import OptionsSource, Question, QuestionKind, Questionnaire

#: Build, send and revoke questionnaires (checked by the views: `get_organization(request, org, MANAGE)`).
MANAGE = "questionnaires.manage_questionnaires"
#: Read the results of the organization's questionnaires.
VIEW_RESULTS = "questionnaires.view_results"

CHOICE: tuple[str, ...] = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
TEXT: tuple[str, ...] = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
#: Option sources that list the catalogue of requests (difficulties and goals).
TOPIC_SOURCES: tuple[str, ...] = (OptionsSource.DIFFICULTIES, OptionsSource.GOALS, OptionsSource.TOPICS)


class ShippedTemplateError(ValidationError):
    """A shipped template (no organization) was about to be changed: curators edit their copy."""


def require_own(questionnaire: Questionnaire) -> None:
    """Refuse changes to a shipped template; the organization's own questionnaires may change."""
    if questionnaire.organization_id is None:
        raise ShippedTemplateError(_("Шаблоны системы не редактируются: скопируйте шаблон в организацию."))


def as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def labels(question: Question, value: object) -> list[str]:
    """The labels of the question's own options chosen in `value` (unknown values are dropped)."""
    own = dict(question.own_choices())
    return [own[str(v)] for v in as_list(value) if str(v) in own]


def ids(value: object) -> list[int]:
    """The integers in `value` (catalogue item or participant ids); anything else is dropped."""
    result = []
    for v in as_list(value):
        if not isinstance(v, int | str | float):
            continue
        try:
            result.append(int(v))
        except (ValueError, OverflowError):
            continue
    return result


def texts(question: Question, value: object) -> list[str]:
    """The answer as a list of texts: option labels, or free-text lines."""
    if question.is_text:
        return pure.split_lines(value) if isinstance(value, str) else []
    if question.is_choice and not question.options_source:
        return labels(question, value)
    return []
