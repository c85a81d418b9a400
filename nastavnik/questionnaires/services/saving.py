"""Saving what a respondent posts: autosave of one answer, the whole form, and the submission that closes
the response and hands it to `apply.apply_response`."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nastavnik.core.history import set_history_user

from .. import answers as pure
from ..models import Answer, Invitation, Response
from . import apply
from .respondent import FormQuestion, FormSection, build_form

if TYPE_CHECKING:
    from nastavnik.accounts.models import User

logger = logging.getLogger(__name__)


ERROR_MESSAGES = {
    "too_long": gettext_noop("Слишком длинный ответ: не более %(limit)s символов."),
    "invalid_choice": gettext_noop("Выберите вариант из списка."),
    "one_choice": gettext_noop("Выберите один вариант."),
    "not_a_number": gettext_noop("Выберите оценку на шкале."),
    "out_of_scale": gettext_noop("Выберите оценку на шкале."),
    "invalid_person": gettext_noop("Выберите участника из списка."),
    "duplicate_person": gettext_noop("Каждого участника можно поставить только на одно место."),
    "unknown_kind": gettext_noop("Этот вопрос нельзя заполнить."),
    "required": gettext_noop("Это обязательный вопрос."),
}


def error_message(code: str, limit: int | None = None) -> str:
    return _(ERROR_MESSAGES.get(code, ERROR_MESSAGES["invalid_choice"])) % {"limit": limit}


class InvitationClosed(Exception):
    """The link cannot take answers any more; `status` is the invitation's status."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


def _locked_usable(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update()
        .select_related("questionnaire", "participant")
        .get(pk=invitation.pk)
    )
    if not locked.is_usable:
        raise InvitationClosed(locked.status)
    return locked


@dataclass
class SaveResult:
    form: list[FormSection]
    errors: dict[int, str]
    submitted: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@transaction.atomic
def save_answers(
    invitation: Invitation,
    data: MultiValueDict[str, str],
    *,
    acting_user: User | None,
    only: Iterable[int] | None = None,
    submit: bool = False,
) -> SaveResult:
    """Keep what the respondent posted: every valid answer is saved, invalid ones are reported.

    `data` is the posted QueryDict (anything with `getlist`). With `only`, just those questions are
    taken (autosave of one answer); otherwise the whole form, where a missing field means "no answer".
    With `submit`, required questions are checked and, when everything is in order, the response is
    closed and its answers flow into the bases (apply_response). Submitting twice is impossible: the
    invitation row is locked and a submitted one raises InvitationClosed.

    The respondent's pages pass `acting_user=None`: the token, not a session, identifies who answers.
    """
    invitation = _locked_usable(invitation)
    form = build_form(invitation.questionnaire, invitation)
    response = Response.objects.filter(invitation=invitation).first()
    if response is None:
        response = Response(
            invitation=invitation,
            participant=invitation.participant,
            questionnaire=invitation.questionnaire,
            organization_id=invitation.organization_id,
        )
    if invitation.opened_at is None:
        invitation.opened_at = timezone.now()
        _save(invitation, acting_user, ["opened_at"])
    _save(response, acting_user, ["updated_at"] if response.pk else None)
    wanted = set(only) if only is not None else None
    errors = _keep_answers(
        response,
        [fq for section in form for fq in section.questions if wanted is None or fq.question.pk in wanted],
        data,
        acting_user=acting_user,
    )
    if not submit:
        return SaveResult(form=form, errors=errors)
    for section in form:
        for fq in section.questions:
            if fq.question.required and fq.question.pk not in errors and not pure.is_answered(fq.value):
                errors[fq.question.pk] = fq.error = error_message("required")
    if errors:
        return SaveResult(form=form, errors=errors)
    response.submitted_at = invitation.submitted_at = timezone.now()
    _save(response, acting_user, ["submitted_at", "updated_at"])
    _save(invitation, acting_user, ["submitted_at"])
    try:
        with transaction.atomic():
            apply.apply_response(response, acting_user=acting_user)
    except ValidationError:
        # The answers are kept; the curator sees the response as not transferred (applied_at is empty).
        logger.warning("Response %s could not be applied to the bases", response.pk, exc_info=True)
    return SaveResult(form=form, errors={}, submitted=True)


def _save(row: Invitation | Response | Answer, acting_user: User | None, fields: list[str] | None) -> None:
    set_history_user(row, acting_user)
    row.save(update_fields=fields)


def _keep_answers(
    response: Response,
    questions: list[FormQuestion],
    data: MultiValueDict[str, str],
    *,
    acting_user: User | None,
) -> dict[int, str]:
    """Normalize and store the posted answers to `questions`; returns {question id: error} for the rest."""
    existing = {a.question_id: a for a in Answer.objects.filter(response=response)}
    errors: dict[int, str] = {}
    for fq in questions:
        q = fq.question
        raw = data.getlist(q.field_name)[:200]
        try:
            value = pure.normalize(fq.spec(), raw)
        except pure.AnswerError as problem:
            errors[q.pk] = fq.error = error_message(problem.code, problem.limit)
            if q.is_text:  # keep what was typed, so that the respondent can shorten it
                fq.value = "\n".join(v for v in raw if isinstance(v, str))[: pure.LONG_TEXT_MAX * 2]
            continue
        fq.value = value
        answer = existing.get(q.pk)
        if value is None:
            if answer is not None:
                set_history_user(answer, acting_user)
                answer.delete()
        elif answer is None:
            answer = Answer(
                response=response, question=q, organization_id=response.organization_id, value=value
            )
            _save(answer, acting_user, None)
        elif answer.value != value:
            answer.value = value
            _save(answer, acting_user, ["value", "updated_at"])
    return errors
