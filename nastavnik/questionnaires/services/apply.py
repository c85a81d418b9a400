"""Answers flow into the bases: each question's `maps_to` names a target, and one small handler per target
writes through the participants app's services (they validate, record who acts and keep the history).

Who acts: a response is submitted on a token page, so the transfer on submit runs with `acting_user=None`
(no person: the answers are the respondent's, identified by the invitation, not by whoever holds a
session); `manage.py apply_questionnaire_responses` is a system job and passes None as well.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from nastavnik.methodology.models import MentoringForm
from nastavnik.participants import services as participant_services
from nastavnik.participants.models import (
    MenteeProfile,
    MenteeRequest,
    MentorProfile,
    Participant,
    RequestTopic,
)

from .. import answers as pure
from ..models import Answer, MapsTo, Question, QuestionKind, Response
from .common import TOPIC_SOURCES, ids, labels, texts

if TYPE_CHECKING:
    from nastavnik.accounts.models import User


@dataclass
class ApplySummary:
    requests_created: int = 0
    competences_created: int = 0
    fields_set: list[str] = field(default_factory=list)


@dataclass
class Transfer:
    """What the handlers of one response share: whose bases, who acts, the catalogue, the result so far."""

    participant: Participant
    acting_user: User | None
    topics: dict[int, RequestTopic]
    forms: dict[int, MentoringForm]
    summary: ApplySummary = field(default_factory=ApplySummary)
    mentee_profile: MenteeProfile | None = None
    mentor_profile: MentorProfile | None = None

    def mentee(self, **fields: object) -> MenteeProfile:
        """The participant's mentee profile (created when missing), with `fields` set."""
        if self.mentee_profile is None or fields:
            self.mentee_profile = participant_services.ensure_mentee_profile(
                self.participant, acting_user=self.acting_user, **fields
            )
        return self.mentee_profile

    def mentor(self, forms: list[MentoringForm] | None = None, **fields: object) -> MentorProfile:
        """The participant's mentor profile (created when missing), with `fields` (and `forms`) set."""
        if self.mentor_profile is None or fields or forms is not None:
            self.mentor_profile = participant_services.ensure_mentor_profile(
                self.participant, acting_user=self.acting_user, forms=forms, **fields
            )
        return self.mentor_profile

    def chosen_forms(self, value: object) -> list[MentoringForm]:
        return [self.forms[i] for i in ids(value) if i in self.forms]


#: A handler moves one answer into the bases; True when it set a field of the bases (for the summary).
Handler = Callable[[Transfer, Question, object], bool]


def _new_items(
    transfer: Transfer, question: Question, value: object, have: QuerySet[Any], text_field: str
) -> list[tuple[RequestTopic | None, str]]:
    """(catalogue item, text) of an answer that the profile's rows `have` lack (same catalogue item, or
    the same `text_field` case-insensitively), each once: catalogue items for a catalogue question, else
    the lines or labels of the answer."""
    if question.options_source in TOPIC_SOURCES:
        found = [transfer.topics[i] for i in ids(value) if i in transfer.topics]
        candidates: list[tuple[RequestTopic | None, str]] = [(t, t.title) for t in found]
    else:
        candidates = [(None, text[:300]) for text in texts(question, value)]
    have_topics = set(have.filter(topic__isnull=False).values_list("topic_id", flat=True))
    have_texts = {t.casefold() for t in have.values_list(text_field, flat=True) if t}
    new: dict[object, tuple[RequestTopic | None, str]] = {}
    for topic, text in candidates:
        known = topic.pk in have_topics if topic else text.casefold() in have_texts
        if not known:
            new.setdefault(topic.pk if topic else text.casefold(), (topic, text))
    return list(new.values())


# --- the handlers, one per target -------------------------------------------------------------------------------
def _subject(transfer: Transfer, question: Question, value: object) -> bool:
    chosen = texts(question, value)
    if chosen:
        participant_services.set_subject(
            transfer.participant, ", ".join(chosen)[:200], acting_user=transfer.acting_user
        )
    return bool(chosen)


def _requests(transfer: Transfer, question: Question, value: object) -> bool:
    profile = transfer.mentee()
    new = _new_items(transfer, question, value, profile.requests.all(), "text")
    for topic, text in new:
        participant_services.add_request(
            profile,
            acting_user=transfer.acting_user,
            topic=topic,
            text="" if topic else text,
            source=MenteeRequest.Source.QUESTIONNAIRE,
        )
    transfer.summary.requests_created += len(new)
    return False


def _mentee_form(transfer: Transfer, question: Question, value: object) -> bool:
    chosen = transfer.chosen_forms(value)
    if chosen:
        transfer.mentee(form=chosen[0])
    return bool(chosen)


def _gender_choice(question: Question, value: object) -> str | None:
    """The chosen option as a gender code: by the option's value ("female"/"male"/"any") or, for options a
    curator typed, by the label's first letter (Женщина/женский → female, Мужчина → male); anything else
    means "no preference" (empty). None when nothing was chosen."""
    if not isinstance(value, str) or not value:
        return None
    if value in Participant.Gender.values:
        return value
    chosen = labels(question, value)
    label = chosen[0].strip().casefold() if chosen else ""
    if label.startswith("ж"):
        return str(Participant.Gender.FEMALE)
    if label.startswith("м"):
        return str(Participant.Gender.MALE)
    return ""


def _preferred_gender(transfer: Transfer, question: Question, value: object) -> bool:
    gender = _gender_choice(question, value)
    if gender is not None:
        transfer.mentee(preferred_mentor_gender=gender)
    return gender is not None


def _competences(transfer: Transfer, question: Question, value: object) -> bool:
    profile = transfer.mentor()
    new = _new_items(transfer, question, value, profile.competences.all(), "title")
    for topic, title in new:
        participant_services.add_competence(
            profile, acting_user=transfer.acting_user, title=title, topic=topic
        )
    transfer.summary.competences_created += len(new)
    return False


def _capacity(transfer: Transfer, question: Question, value: object) -> bool:
    if question.kind == QuestionKind.SCALE and isinstance(value, int):
        number: int | None = value
    else:
        chosen = labels(question, value)
        number = pure.leading_number(chosen[0]) if chosen else None
    if number:
        transfer.mentor(capacity=max(1, min(30, number)))
    return bool(number)


def _availability(transfer: Transfer, question: Question, value: object) -> bool:
    chosen = texts(question, value)
    if chosen:
        transfer.mentor(availability=chosen)
    return bool(chosen)


def _experience(transfer: Transfer, question: Question, value: object) -> bool:
    experience = value.strip() if isinstance(value, str) else ""
    if experience:
        transfer.mentor(experience=experience)
    return bool(experience)


def _mentor_forms(transfer: Transfer, question: Question, value: object) -> bool:
    chosen = transfer.chosen_forms(value)
    if chosen:
        current = list(transfer.mentor().forms.all())
        transfer.mentor(forms=current + [f for f in chosen if f not in current])
    return bool(chosen)


HANDLERS: dict[str, Handler] = {
    MapsTo.PARTICIPANT_SUBJECT: _subject,
    MapsTo.MENTEE_REQUESTS: _requests,
    MapsTo.MENTEE_GOALS: _requests,
    MapsTo.MENTEE_FORM: _mentee_form,
    MapsTo.MENTEE_PREFERRED_GENDER: _preferred_gender,
    MapsTo.MENTOR_COMPETENCES: _competences,
    MapsTo.MENTOR_CAPACITY: _capacity,
    MapsTo.MENTOR_AVAILABILITY: _availability,
    MapsTo.MENTOR_EXPERIENCE: _experience,
    MapsTo.MENTOR_FORMS: _mentor_forms,
}


@transaction.atomic
def apply_response(response: Response, *, acting_user: User | None) -> ApplySummary:
    """Let a submitted response fill the bases, driven by each question's `maps_to`.

    Atomic: the participant's row is locked (two transfers of one person never interleave) and a failing
    handler leaves nothing half-written. Idempotent: a request or competence that the profile already has
    (same catalogue topic, or same text) is not added again; scalar fields are simply set. Profiles missing
    for the participant are created (a mentee questionnaire makes its respondent a mentee of the base).
    """
    if response.submitted_at is None:
        return ApplySummary()
    answers = sorted(
        Answer.objects.filter(response=response, question__maps_to__in=list(HANDLERS)).select_related(
            "question__section"
        ),
        key=lambda a: (
            a.question.section.position,
            a.question.section_id,
            a.question.position,
            a.question.pk,
        ),
    )
    if not answers:
        return ApplySummary()
    organization = response.organization
    transfer = Transfer(
        participant=Participant.objects.select_for_update().get(pk=response.participant_id),
        acting_user=acting_user,
        topics={t.pk: t for t in RequestTopic.available_to(organization)},
        forms={f.pk: f for f in MentoringForm.available_to(organization)},
    )
    for answer in answers:
        target = answer.question.maps_to
        if HANDLERS[target](transfer, answer.question, answer.value):
            transfer.summary.fields_set.append(target)
    Response.objects.filter(pk=response.pk).update(applied_at=timezone.now())
    return transfer.summary
