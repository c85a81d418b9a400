"""The respondent's form: the token that opens it, and its sections and questions with their options, the
people to rank and the answers saved so far. Respondents have no account; the token is the only key."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass

from django.utils import timezone

from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import Participant, RequestTopic
from nastavnik.participants.queries import annotate_consent

from .. import answers as pure
from ..models import Answer, Invitation, OptionsSource, Question, QuestionKind, Questionnaire, Section
from .common import TOPIC_SOURCES

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
#: Which kinds of catalogue items a catalogue question offers.
CATALOGUE_KINDS: dict[str, set[str]] = {
    OptionsSource.DIFFICULTIES: {RequestTopic.Kind.DIFFICULTY},
    OptionsSource.GOALS: {RequestTopic.Kind.GOAL},
    OptionsSource.TOPICS: {RequestTopic.Kind.DIFFICULTY, RequestTopic.Kind.GOAL},
}


def find_invitation(token: str) -> Invitation | None:
    """The invitation of a token, or None. Runs before any scope exists, so it reads unscoped; the
    token is the only key, compared in constant time after the indexed lookup."""
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        return None
    invitation: Invitation | None = (
        Invitation.objects.with_scopes_disabled()
        .select_related("questionnaire", "organization", "participant")
        .filter(token=token)
        .first()
    )
    if invitation is None or not hmac.compare_digest(invitation.token.encode(), token.encode()):
        return None
    return invitation


@dataclass
class FormQuestion:
    question: Question
    choices: list[tuple[str, str]]
    people: list[Participant]
    value: object = None
    error: str = ""
    number: int = 0

    @property
    def raw(self) -> list[str]:
        return pure.as_raw(self.question.kind, self.value)

    @property
    def places(self) -> list[tuple[int, str]]:
        """Ranking: (place number, chosen participant id as string) for each place."""
        raw = self.raw
        return [(n, raw[n - 1] if n <= len(raw) else "") for n in range(1, len(self.people) + 1)]

    @property
    def scale(self) -> list[int]:
        return pure.scale_range(self.question.scale_min, self.question.scale_max)

    def spec(self) -> pure.QuestionSpec:
        return pure.QuestionSpec(
            kind=self.question.kind,
            choices=[v for v, _label in self.choices],
            scale_min=self.question.scale_min,
            scale_max=self.question.scale_max,
            people=[p.pk for p in self.people],
        )


@dataclass
class FormSection:
    section: Section
    questions: list[FormQuestion]


def _topics_for(organization: Organization) -> list[RequestTopic]:
    return list(
        RequestTopic.available_to(organization).order_by("kind", "audience", "position", "title", "pk")
    )


def choices_for(
    question: Question,
    *,
    participant: Participant | None,
    topics: list[RequestTopic],
    forms: list[MentoringForm],
    organization: Organization | None = None,
) -> list[tuple[str, str]]:
    """The options a respondent sees: the question's own list or the organization's catalogue."""
    source = question.options_source
    if not question.is_choice:
        return []
    if not source:
        return question.own_choices()
    if source == OptionsSource.FORMS:
        return [(str(f.pk), f.title) for f in forms]
    kinds = CATALOGUE_KINDS.get(source, set())
    organization = organization or question.questionnaire.organization
    mentor = question.maps_to.startswith("mentor.") or question.questionnaire.audience == "mentor"
    audiences = pure.topic_audiences(
        organization.kind if organization else "", participant.category if participant else "", mentor=mentor
    )
    return [
        (str(t.pk), t.title)
        for t in topics
        if t.kind in kinds and (audiences is None or not t.audience or t.audience in audiences)
    ]


def build_form(
    questionnaire: Questionnaire,
    invitation: Invitation | None = None,
    *,
    organization: Organization | None = None,
) -> list[FormSection]:
    """Sections and questions with their options, people to rank and the answers saved so far.

    A bounded number of queries whatever the size: sections, questions, topics, forms, people, answers.
    `organization` shows a shipped template with that organization's catalogue (the curator's preview).
    """
    participant = invitation.participant if invitation else None
    shipped = questionnaire.organization_id is None
    section_rows = Section.shipped if shipped else Section.objects
    question_rows = Question.shipped if shipped else Question.objects
    sections = list(section_rows.filter(questionnaire=questionnaire).order_by("position", "pk"))
    questions = list(
        question_rows.filter(questionnaire=questionnaire).select_related("questionnaire__organization")
    )
    sources = {q.options_source for q in questions if q.is_choice}
    organization = organization or questionnaire.organization
    topics = _topics_for(organization) if sources & set(TOPIC_SOURCES) and organization else []
    forms = (
        list(MentoringForm.available_to(organization))
        if OptionsSource.FORMS in sources and organization
        else []
    )
    people: list[Participant] = []
    if invitation and invitation.people_to_rank and any(q.kind == QuestionKind.RANKING for q in questions):
        ids = [i for i in invitation.people_to_rank if isinstance(i, int)]
        # Whoever revoked their consent since the link was sent is no longer shown to the respondent.
        visible = annotate_consent(
            Participant.objects.filter(organization=invitation.organization_id, pk__in=ids)
        ).filter(annotated_revoked_at__isnull=True)
        found = {p.pk: p for p in visible}
        people = [found[i] for i in ids if i in found]
    values: dict[int, object] = {}
    if invitation is not None:
        values = dict(
            Answer.objects.filter(response__invitation=invitation).values_list("question_id", "value")
        )
    by_section: dict[int, list[FormQuestion]] = {}
    for q in sorted(questions, key=lambda q: (q.position, q.pk)):
        fq = FormQuestion(
            question=q,
            choices=choices_for(
                q, participant=participant, topics=topics, forms=forms, organization=organization
            ),
            people=people if q.kind == QuestionKind.RANKING else [],
            value=values.get(q.pk),
        )
        by_section.setdefault(q.section_id, []).append(fq)
    form = [FormSection(section=s, questions=by_section.get(s.pk, [])) for s in sections]
    number = 0
    for form_section in form:
        for fq in form_section.questions:
            number += 1
            fq.number = number
    return form


def mark_opened(invitation: Invitation) -> None:
    """The respondent opened the form: `opened_at`, the link's own bookkeeping (one UPDATE, no history
    row, nobody acting: a token page), like `mail.email_invitations` sets `emailed_at`."""
    if invitation.opened_at is None and invitation.is_usable:
        invitation.opened_at = timezone.now()
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=invitation.opened_at
        )
