"""Every change to questionnaires, invitations and responses goes through these functions.

Views, the demo and management commands call them alike. Functions that take a `user` check the
permission themselves (a None user means "trusted caller": a command, the demo, a test). Respondents have
no user: the public views call the responding functions with the invitation the token resolved to.
"""

from __future__ import annotations

import datetime
import hmac
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from simple_history.utils import bulk_create_with_history

from nastavnik.accounts.permissions import require
from nastavnik.methodology.models import MentoringForm
from nastavnik.participants import queries as participant_queries
from nastavnik.participants import services as participant_services
from nastavnik.participants.models import (
    MenteeProfile,
    MenteeRequest,
    MentorProfile,
    Participant,
    RequestTopic,
)

from . import answers as pure
from .models import (
    INVITATION_DAYS,
    Answer,
    Invitation,
    MapsTo,
    OptionsSource,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Section,
)

logger = logging.getLogger(__name__)

MANAGE = "questionnaires.manage_questionnaires"
VIEW_RESULTS = "questionnaires.view_results"
MAX_EXPIRY_DAYS = 180
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _check(user, action: str, organization) -> None:
    if user is not None:
        require(user, action, organization)


def _own(questionnaire: Questionnaire) -> None:
    if questionnaire.organization_id is None:
        raise ValidationError(_("Шаблоны системы не редактируются: скопируйте шаблон в организацию."))


# --- the builder --------------------------------------------------------------------------------------------
@transaction.atomic
def copy_template(template: Questionnaire, organization, user=None) -> Questionnaire:
    """A copy of a shipped template (or of the organization's own questionnaire) that the curator edits."""
    _check(user, MANAGE, organization)
    if template.organization_id not in (None, organization.pk):
        raise Http404
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
        created_by=user,
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
                text=q.text,
                kind=q.kind,
                required=q.required,
                help_text=q.help_text,
                options=q.options,
                options_source=q.options_source,
                scale_min=q.scale_min,
                scale_max=q.scale_max,
                maps_to=q.maps_to,
            )
            for q in questions
        ]
    )
    return copy


@transaction.atomic
def create_questionnaire(organization, user=None, **fields) -> Questionnaire:
    _check(user, MANAGE, organization)
    allowed = {"title", "audience", "purpose", "description"}
    questionnaire = Questionnaire.objects.create(
        organization=organization, created_by=user, **{k: v for k, v in fields.items() if k in allowed}
    )
    Section.objects.create(questionnaire=questionnaire, organization=organization, title=_("Вопросы"))
    return questionnaire


@transaction.atomic
def update_questionnaire(questionnaire: Questionnaire, user=None, **fields) -> Questionnaire:
    _own(questionnaire)
    _check(user, MANAGE, questionnaire.organization)
    for name in ("title", "audience", "purpose", "description"):
        if name in fields:
            setattr(questionnaire, name, fields[name])
    questionnaire.save()
    return questionnaire


def _has_submitted_answers(**filters) -> bool:
    return Answer.objects.filter(response__submitted_at__isnull=False, **filters).exists()


@transaction.atomic
def delete_questionnaire(questionnaire: Questionnaire, user=None) -> None:
    _own(questionnaire)
    _check(user, MANAGE, questionnaire.organization)
    if Response.objects.filter(questionnaire=questionnaire, submitted_at__isnull=False).exists():
        raise ValidationError(_("На анкету уже есть ответы: удалить её нельзя, иначе ответы пропадут."))
    questionnaire.delete()


def _renumber(items) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def _move(items: list, item, direction: str) -> None:
    index = next(i for i, x in enumerate(items) if x.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    _renumber(items)


@transaction.atomic
def add_section(questionnaire: Questionnaire, user=None, title: str = "") -> Section:
    _own(questionnaire)
    _check(user, MANAGE, questionnaire.organization)
    last = questionnaire.sections.aggregate(m=Max("position"))["m"]
    return Section.objects.create(
        questionnaire=questionnaire,
        organization=questionnaire.organization,
        position=0 if last is None else last + 1,
        title=title.strip()[:300] or _("Новый раздел"),
    )


@transaction.atomic
def rename_section(section: Section, user=None, title: str = "") -> Section:
    _own(section.questionnaire)
    _check(user, MANAGE, section.questionnaire.organization)
    title = title.strip()
    if not title:
        raise ValidationError(_("Укажите заголовок раздела."))
    section.title = title[:300]
    section.save(update_fields=["title"])
    return section


@transaction.atomic
def delete_section(section: Section, user=None) -> None:
    _own(section.questionnaire)
    _check(user, MANAGE, section.questionnaire.organization)
    if _has_submitted_answers(question__section=section):
        raise ValidationError(_("На вопросы раздела уже есть ответы: удалить раздел нельзя."))
    section.delete()


@transaction.atomic
def move_section(section: Section, user=None, direction: str = "up") -> None:
    _own(section.questionnaire)
    _check(user, MANAGE, section.questionnaire.organization)
    _move(list(section.questionnaire.sections.order_by("position", "pk")), section, direction)


# Which question kinds may feed which field of the bases, and from which option sources.
CHOICE = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
TEXT = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
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
TOPIC_SOURCES = (OptionsSource.DIFFICULTIES, OptionsSource.GOALS, OptionsSource.TOPICS)


def question_problems(
    kind: str, options: list, options_source: str, scale_min: int, scale_max: int, maps_to: str
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


def options_from_lines(text: str, existing: list | None = None) -> list[dict]:
    """Options typed one per line; a line equal to an existing label keeps that option's value, so
    answers already given still point to the right option after the curator edits the list."""
    existing = [o for o in (existing or []) if isinstance(o, dict)]
    by_label = {str(o.get("label", "")): str(o.get("value", "")) for o in existing}
    used = set()
    numbers = [int(o["value"]) for o in existing if str(o.get("value", "")).isdigit()]
    next_number = max(numbers, default=0) + 1
    options = []
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


def _validate_question(question: Question) -> None:
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
def add_question(section: Section, user=None, **fields) -> Question:
    questionnaire = section.questionnaire
    _own(questionnaire)
    _check(user, MANAGE, questionnaire.organization)
    last = section.questions.aggregate(m=Max("position"))["m"]
    question = Question(
        section=section,
        questionnaire=questionnaire,
        organization=questionnaire.organization,
        position=0 if last is None else last + 1,
        **{k: v for k, v in fields.items() if k in QUESTION_FIELDS},
    )
    if question.kind not in CHOICE:
        question.options, question.options_source = [], ""
    _validate_question(question)
    question.save()
    return question


@transaction.atomic
def update_question(question: Question, user=None, **fields) -> Question:
    _own(question.questionnaire)
    _check(user, MANAGE, question.questionnaire.organization)
    old_kind, old_source = question.kind, question.options_source
    for name, value in fields.items():
        if name in QUESTION_FIELDS:
            setattr(question, name, value)
    if question.kind not in CHOICE:
        question.options, question.options_source = [], ""
    _validate_question(question)
    if (question.kind, question.options_source) != (old_kind, old_source) and _has_submitted_answers(
        question=question
    ):
        raise ValidationError(_("На вопрос уже ответили: тип вопроса и источник вариантов менять нельзя."))
    question.save()
    return question


@transaction.atomic
def delete_question(question: Question, user=None) -> None:
    _own(question.questionnaire)
    _check(user, MANAGE, question.questionnaire.organization)
    if _has_submitted_answers(question=question):
        raise ValidationError(_("На вопрос уже ответили: удалить его нельзя."))
    question.delete()


@transaction.atomic
def move_question(question: Question, user=None, direction: str = "up") -> None:
    _own(question.questionnaire)
    _check(user, MANAGE, question.questionnaire.organization)
    _move(list(question.section.questions.order_by("position", "pk")), question, direction)


# --- invitations --------------------------------------------------------------------------------------------
def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("questionnaires:respond", args=[invitation.token])


def _is_mentee_side(participant: Participant, questionnaire: Questionnaire) -> bool:
    if questionnaire.audience == Questionnaire.Audience.MENTEE:
        return True
    if questionnaire.audience == Questionnaire.Audience.MENTOR:
        return False
    return hasattr(participant, "mentee_profile") and not hasattr(participant, "mentor_profile")


def people_to_rank_for(questionnaire: Questionnaire, participants: list[Participant]) -> dict[int, list[int]]:
    """Whom each invitee ranks after the group meeting: the other side.

    When the invited people include both mentees and mentors (the curator sends the questionnaire to the
    participants of one group meeting), each ranks the invited people of the other side; otherwise all
    mentors (or mentees) of the organization that are still in the base.
    """
    organization = questionnaire.organization
    mentees = [p.pk for p in participants if hasattr(p, "mentee_profile")]
    mentors = [p.pk for p in participants if hasattr(p, "mentor_profile")]
    if not (mentees and mentors):
        if not mentors:
            mentors = list(
                participant_queries.annotate_consent(
                    MentorProfile.objects.filter(organization=organization), "participant__"
                )
                .filter(annotated_revoked_at__isnull=True)
                .exclude(status=MentorProfile.Status.EXCLUDED)
                .order_by("participant__last_name", "participant__first_name")
                .values_list("participant_id", flat=True)
            )
        if not mentees:
            mentees = list(
                participant_queries.annotate_consent(
                    MenteeProfile.objects.filter(organization=organization), "participant__"
                )
                .filter(annotated_revoked_at__isnull=True)
                .exclude(status__in=[MenteeProfile.Status.COMPLETED, MenteeProfile.Status.LEFT])
                .order_by("participant__last_name", "participant__first_name")
                .values_list("participant_id", flat=True)
            )
    return {
        p.pk: [x for x in (mentors if _is_mentee_side(p, questionnaire) else mentees) if x != p.pk]
        for p in participants
    }


@dataclass
class SendResult:
    created: list[Invitation] = field(default_factory=list)
    skipped_invited: int = 0
    skipped_revoked: int = 0
    #: Links handed to the background worker to be e-mailed (see tasks.email_invitation_links).
    emails_queued: int = 0

    @property
    def without_email(self) -> list[Invitation]:
        return [i for i in self.created if not i.participant.email]


def _expiry(days: int) -> datetime.datetime:
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise ValidationError(_("Срок действия ссылки — от 1 до %(max)s дней.") % {"max": MAX_EXPIRY_DAYS})
    return timezone.now() + datetime.timedelta(days=days)


def send_to_base(
    questionnaire: Questionnaire,
    participants,
    user=None,
    expires_in_days: int = INVITATION_DAYS,
    *,
    send_email: bool = True,
) -> SendResult:
    """Invite many participants at once (bulk) and e-mail the links to those who have an e-mail.

    People who already hold a live invitation to this questionnaire and people whose consent to
    personal-data processing was revoked are skipped; the rest get one invitation each. The e-mails go
    out from the background worker (a school's whole base over SMTP would outlast a web request); the
    task is enqueued in the same transaction as the invitations, so neither exists without the other.
    """
    _own(questionnaire)
    organization = questionnaire.organization
    _check(user, MANAGE, organization)
    expires_at = _expiry(expires_in_days)
    if not Question.objects.filter(questionnaire=questionnaire).exists():
        raise ValidationError(_("В анкете нет ни одного вопроса."))
    result = SendResult()
    with transaction.atomic():
        people = list(
            participants.filter(organization=organization)
            .select_related("mentee_profile", "mentor_profile")
            .prefetch_related("consents")
            .order_by("last_name", "first_name", "pk")
        )
        invited = set(
            Invitation.objects.filter(
                questionnaire=questionnaire, revoked_at__isnull=True, participant__in=[p.pk for p in people]
            ).values_list("participant_id", flat=True)
        )
        chosen = []
        for person in people:
            if person.pk in invited:
                result.skipped_invited += 1
            elif person.is_hidden_by_revocation:
                result.skipped_revoked += 1
            else:
                chosen.append(person)
        ranking = Question.objects.filter(questionnaire=questionnaire, kind=QuestionKind.RANKING).exists()
        ranks = people_to_rank_for(questionnaire, chosen) if ranking else {}
        objs = [
            Invitation(
                questionnaire=questionnaire,
                organization=organization,
                participant=person,
                created_by=user,
                expires_at=expires_at,
                people_to_rank=ranks.get(person.pk, []),
            )
            for person in chosen
        ]
        result.created = bulk_create_with_history(objs, Invitation, batch_size=500, default_user=user)
        for invitation, person in zip(result.created, chosen, strict=True):
            invitation.participant = person
        to_email = [i.pk for i in result.created if i.participant.email]
        if send_email and to_email:
            from .tasks import email_invitation_links

            email_invitation_links.enqueue(to_email)
            result.emails_queued = len(to_email)
    return result


def _invitation_message(
    invitation: Invitation, site: str, subject_template, body_template
) -> mail.EmailMessage:
    context = {
        "invitation": invitation,
        "participant": invitation.participant,
        "questionnaire": invitation.questionnaire,
        "organization": invitation.organization,
        "url": site + reverse("questionnaires:respond", args=[invitation.token]),
    }
    subject = " ".join(subject_template.render(context).split())
    return mail.EmailMessage(subject, body_template.render(context), to=[invitation.participant.email])


def email_invitations(invitations: list[Invitation]) -> tuple[int, int]:
    """Send the links over one connection; returns (sent, failed). A failure never loses invitations."""
    if not invitations:
        return 0, 0
    site = settings.SITE_URL.rstrip("/")
    subject_template = get_template("questionnaires/email/invitation_subject.txt")
    body_template = get_template("questionnaires/email/invitation.txt")
    messages = [_invitation_message(i, site, subject_template, body_template) for i in invitations]
    try:
        with mail.get_connection() as connection:
            sent = connection.send_messages(messages) or 0
    except Exception:  # SMTP errors of any kind: the links stay available to copy
        return 0, len(invitations)
    if sent:
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(emailed_at=timezone.now())
    return sent, len(invitations) - sent


@transaction.atomic
def revoke_invitation(invitation: Invitation, user=None) -> Invitation:
    _check(user, MANAGE, invitation.organization)
    if invitation.submitted_at is not None:
        raise ValidationError(_("Анкета уже заполнена: ссылку отозвать нельзя."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def resend_invitation(
    invitation: Invitation, user=None, expires_in_days: int = INVITATION_DAYS
) -> Invitation:
    """Send the same link again; an expired link is extended first."""
    _check(user, MANAGE, invitation.organization)
    if invitation.submitted_at is not None:
        raise ValidationError(_("Анкета уже заполнена."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("Ссылка отозвана: отправьте анкету заново."))
    if invitation.is_expired:
        invitation.expires_at = _expiry(expires_in_days)
        invitation.save(update_fields=["expires_at"])
    if not invitation.participant.email:
        raise ValidationError(_("У участника нет e-mail: скопируйте ссылку и передайте её лично."))
    sent, _failed = email_invitations([invitation])
    if not sent:
        raise ValidationError(_("Письмо не удалось отправить. Попробуйте позже или передайте ссылку лично."))
    return invitation


# --- respondents ----------------------------------------------------------------------------------------------
def find_invitation(token: str) -> Invitation | None:
    """The invitation of a token, or None. Runs before any scope exists, so it reads unscoped; the
    token is the only key, compared in constant time after the indexed lookup."""
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        return None
    invitation = (
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


def _topics_for(organization) -> list[RequestTopic]:
    return list(
        RequestTopic.available_to(organization).order_by("kind", "audience", "position", "title", "pk")
    )


def choices_for(
    question: Question,
    *,
    participant: Participant | None,
    topics: list[RequestTopic],
    forms: list[MentoringForm],
    organization=None,
) -> list[tuple[str, str]]:
    """The options a respondent sees: the question's own list or the organization's catalogue."""
    source = question.options_source
    if not question.is_choice:
        return []
    if not source:
        return question.own_choices()
    if source == OptionsSource.FORMS:
        return [(str(f.pk), f.title) for f in forms]
    kinds = {
        OptionsSource.DIFFICULTIES: {RequestTopic.Kind.DIFFICULTY},
        OptionsSource.GOALS: {RequestTopic.Kind.GOAL},
        OptionsSource.TOPICS: {RequestTopic.Kind.DIFFICULTY, RequestTopic.Kind.GOAL},
    }.get(source, set())
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
    questionnaire: Questionnaire, invitation: Invitation | None = None, *, organization=None
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
    forms = list(MentoringForm.available_to(organization)) if OptionsSource.FORMS in sources else []
    people: list[Participant] = []
    if invitation and invitation.people_to_rank and any(q.kind == QuestionKind.RANKING for q in questions):
        ids = [i for i in invitation.people_to_rank if isinstance(i, int)]
        # Whoever revoked their consent since the link was sent is no longer shown to the respondent.
        visible = participant_queries.annotate_consent(
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


ERROR_MESSAGES = {
    "too_long": N_("Слишком длинный ответ: не более %(limit)s символов."),
    "invalid_choice": N_("Выберите вариант из списка."),
    "one_choice": N_("Выберите один вариант."),
    "not_a_number": N_("Выберите оценку на шкале."),
    "out_of_scale": N_("Выберите оценку на шкале."),
    "invalid_person": N_("Выберите участника из списка."),
    "duplicate_person": N_("Каждого участника можно поставить только на одно место."),
    "unknown_kind": N_("Этот вопрос нельзя заполнить."),
    "required": N_("Это обязательный вопрос."),
}


def error_message(code: str, limit: int | None = None) -> str:
    return _(ERROR_MESSAGES.get(code, ERROR_MESSAGES["invalid_choice"])) % {"limit": limit}


class InvitationClosed(Exception):
    """The link cannot take answers any more; `status` is the invitation's status."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


def mark_opened(invitation: Invitation) -> None:
    if invitation.opened_at is None and invitation.is_usable:
        invitation.opened_at = timezone.now()
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=invitation.opened_at
        )


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
    data: Mapping,
    *,
    only: Iterable[int] | None = None,
    submit: bool = False,
) -> SaveResult:
    """Keep what the respondent posted: every valid answer is saved, invalid ones are reported.

    `data` is the posted QueryDict (anything with `getlist`). With `only`, just those questions are
    taken (autosave of one answer); otherwise the whole form, where a missing field means "no answer".
    With `submit`, required questions are checked and, when everything is in order, the response is
    closed and its answers flow into the bases (apply_response). Submitting twice is impossible: the
    invitation row is locked and a submitted one raises InvitationClosed.
    """
    invitation = _locked_usable(invitation)
    form = build_form(invitation.questionnaire, invitation)
    response, _created = Response.objects.get_or_create(
        invitation=invitation,
        defaults={
            "participant": invitation.participant,
            "questionnaire": invitation.questionnaire,
            "organization_id": invitation.organization_id,
        },
    )
    if invitation.opened_at is None:
        invitation.opened_at = timezone.now()
        invitation.save(update_fields=["opened_at"])
    existing = {a.question_id: a for a in Answer.objects.filter(response=response)}
    wanted = set(only) if only is not None else None
    errors: dict[int, str] = {}
    getlist = getattr(data, "getlist", None)
    for section in form:
        for fq in section.questions:
            q = fq.question
            if wanted is not None and q.pk not in wanted:
                continue
            raw = getlist(q.field_name) if getlist else data.get(q.field_name, [])
            if isinstance(raw, str):
                raw = [raw]
            try:
                value = pure.normalize(fq.spec(), list(raw)[:200])
            except pure.AnswerError as problem:
                errors[q.pk] = fq.error = error_message(problem.code, problem.limit)
                if q.is_text:  # keep what was typed, so that the respondent can shorten it
                    fq.value = "\n".join(v for v in raw if isinstance(v, str))[: pure.LONG_TEXT_MAX * 2]
                continue
            fq.value = value
            answer = existing.get(q.pk)
            if value is None:
                if answer is not None:
                    answer.delete()
                    del existing[q.pk]
            elif answer is None:
                existing[q.pk] = Answer.objects.create(
                    response=response, question=q, organization_id=invitation.organization_id, value=value
                )
            elif answer.value != value:
                answer.value = value
                answer.save(update_fields=["value", "updated_at"])
    response.save(update_fields=["updated_at"])
    if not submit:
        return SaveResult(form=form, errors=errors)
    for section in form:
        for fq in section.questions:
            if fq.question.required and fq.question.pk not in errors and not pure.is_answered(fq.value):
                errors[fq.question.pk] = fq.error = error_message("required")
    if errors:
        return SaveResult(form=form, errors=errors)
    now = timezone.now()
    response.submitted_at = now
    response.save(update_fields=["submitted_at", "updated_at"])
    invitation.submitted_at = now
    invitation.save(update_fields=["submitted_at"])
    try:
        with transaction.atomic():
            apply_response(response)
    except ValidationError:
        # The answers are kept; the curator sees the response as not transferred (applied_at is empty).
        logger.warning("Response %s could not be applied to the bases", response.pk, exc_info=True)
    return SaveResult(form=form, errors={}, submitted=True)


# --- answers flow into the bases ------------------------------------------------------------------------------
@dataclass
class ApplySummary:
    requests_created: int = 0
    competences_created: int = 0
    fields_set: list[str] = field(default_factory=list)


def _labels(question: Question, value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    own = dict(question.own_choices())
    return [own[str(v)] for v in values if str(v) in own]


def _ids(value) -> list[int]:
    values = value if isinstance(value, list) else [value]
    result = []
    for v in values:
        try:
            result.append(int(v))
        except (TypeError, ValueError):
            continue
    return result


def _texts(question: Question, value) -> list[str]:
    """The answer as a list of texts: option labels, or free-text lines."""
    if question.is_text:
        return pure.split_lines(str(value)) if isinstance(value, str) else []
    if question.is_choice and not question.options_source:
        return _labels(question, value)
    return []


@transaction.atomic
def _gender_choice(question: Question, value) -> str | None:
    """The chosen option as a gender code: by the option's value ("female"/"male"/"any") or, for options a
    curator typed, by the label's first letter (Женщина/женский → female, Мужчина → male); anything else
    means "no preference" (empty). None when nothing was chosen."""
    if not isinstance(value, str) or not value:
        return None
    if value in Participant.Gender.values:
        return value
    labels = _labels(question, value)
    label = labels[0].strip().casefold() if labels else ""
    if label.startswith("ж"):
        return Participant.Gender.FEMALE
    if label.startswith("м"):
        return Participant.Gender.MALE
    return ""


def apply_response(response: Response) -> ApplySummary:
    """Let a submitted response fill the bases, driven by each question's `maps_to`.

    Writes go through the participants app's services (they validate and keep the audit trail).
    Idempotent: a request or competence that the profile already has (same catalogue topic, or same
    text) is not added again; scalar fields are simply set. Profiles missing for the participant are
    created (a mentee questionnaire makes its respondent a mentee of the base).
    """
    summary = ApplySummary()
    if response.submitted_at is None:
        return summary
    organization = response.organization
    participant = Participant.objects.select_for_update().get(pk=response.participant_id)
    answers = sorted(
        Answer.objects.filter(response=response).select_related("question__section"),
        key=lambda a: (
            a.question.section.position,
            a.question.section_id,
            a.question.position,
            a.question.pk,
        ),
    )
    mapped = [a for a in answers if a.question.maps_to]
    if not mapped:
        return summary
    topics = {t.pk: t for t in RequestTopic.available_to(organization)}
    forms = {f.pk: f for f in MentoringForm.available_to(organization)}
    profiles: dict[str, object] = {}

    def mentee_profile() -> MenteeProfile:
        if "mentee" not in profiles:
            profiles["mentee"] = participant_services.ensure_mentee_profile(participant, acting_user=None)
        return profiles["mentee"]

    def mentor_profile(**fields) -> MentorProfile:
        if "mentor" not in profiles or fields:
            profiles["mentor"] = participant_services.ensure_mentor_profile(
                participant, acting_user=None, **fields
            )
        return profiles["mentor"]

    for answer in mapped:
        q, value, target = answer.question, answer.value, answer.question.maps_to
        if target == MapsTo.PARTICIPANT_SUBJECT:
            texts = _texts(q, value)
            if texts:
                participant.subject = ", ".join(texts)[:200]
                participant.save(update_fields=["subject", "updated_at"])
                summary.fields_set.append(target)
        elif target in (MapsTo.MENTEE_REQUESTS, MapsTo.MENTEE_GOALS):
            profile = mentee_profile()
            have_topics = set(profile.requests.filter(topic__isnull=False).values_list("topic_id", flat=True))
            have_texts = {t.casefold() for t in profile.requests.values_list("text", flat=True) if t}
            if q.options_source in TOPIC_SOURCES:
                new = [(topics[i], "") for i in _ids(value) if i in topics and i not in have_topics]
            else:
                new = [(None, text) for text in _texts(q, value) if text.casefold() not in have_texts]
            seen = set()
            for topic, text in new:
                key = topic.pk if topic else text.casefold()
                if key in seen:
                    continue
                seen.add(key)
                participant_services.add_request(
                    profile,
                    acting_user=None,
                    topic=topic,
                    text=text,
                    source=MenteeRequest.Source.QUESTIONNAIRE,
                )
                summary.requests_created += 1
        elif target == MapsTo.MENTEE_FORM:
            chosen = [forms[i] for i in _ids(value) if i in forms]
            if chosen:
                profiles["mentee"] = participant_services.ensure_mentee_profile(
                    participant, acting_user=None, form=chosen[0]
                )
                summary.fields_set.append(target)
        elif target == MapsTo.MENTEE_PREFERRED_GENDER:
            gender = _gender_choice(q, value)
            if gender is not None:
                profiles["mentee"] = participant_services.ensure_mentee_profile(
                    participant, acting_user=None, preferred_mentor_gender=gender
                )
                summary.fields_set.append(target)
        elif target == MapsTo.MENTOR_COMPETENCES:
            profile = mentor_profile()
            have_topics = set(
                profile.competences.filter(topic__isnull=False).values_list("topic_id", flat=True)
            )
            have_titles = {t.casefold() for t in profile.competences.values_list("title", flat=True)}
            if q.options_source in TOPIC_SOURCES:
                items = [
                    (topics[i].title, topics[i]) for i in _ids(value) if i in topics and i not in have_topics
                ]
            else:
                items = [
                    (text[:300], None)
                    for text in _texts(q, value)
                    if text[:300].casefold() not in have_titles
                ]
            for title, topic in items:
                if topic is None and title.casefold() in have_titles:
                    continue
                participant_services.add_competence(profile, acting_user=None, title=title, topic=topic)
                have_titles.add(title.casefold())
                summary.competences_created += 1
        elif target == MapsTo.MENTOR_CAPACITY:
            if q.kind == QuestionKind.SCALE and isinstance(value, int):
                number = value
            else:
                labels = _labels(q, value)
                number = pure.leading_number(labels[0]) if labels else None
            if number:
                mentor_profile(capacity=max(1, min(30, number)))
                summary.fields_set.append(target)
        elif target == MapsTo.MENTOR_AVAILABILITY:
            texts = _texts(q, value)
            if texts:
                mentor_profile(availability=texts)
                summary.fields_set.append(target)
        elif target == MapsTo.MENTOR_EXPERIENCE:
            if isinstance(value, str) and value.strip():
                mentor_profile(experience=value.strip())
                summary.fields_set.append(target)
        elif target == MapsTo.MENTOR_FORMS:
            chosen = [forms[i] for i in _ids(value) if i in forms]
            if chosen:
                profile = mentor_profile()
                current = list(profile.forms.all())
                mentor_profile(forms=current + [f for f in chosen if f not in current])
                summary.fields_set.append(target)
    Response.objects.filter(pk=response.pk).update(applied_at=timezone.now())
    return summary


def rankings_for(organization, questionnaire: Questionnaire) -> dict[int, list[int]]:
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
    result = {}
    for participant_id, value, allowed in rows:
        allowed_set = set(allowed or [])
        result[participant_id] = [i for i in _ids(value) if i in allowed_set]
    return result
