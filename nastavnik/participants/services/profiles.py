"""The mentee's and the mentor's profiles, requests and competences."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nastavnik.methodology.models import MentoringForm

from ..models import (
    MenteeProfile,
    MenteeRequest,
    MentorCompetence,
    MentorProfile,
    Participant,
    RequestTopic,
)
from .common import save_checked

if TYPE_CHECKING:
    from nastavnik.accounts.models import User

P = TypeVar("P", MenteeProfile, MentorProfile)


def _profile_of(model: type[P], participant: Participant, fields: dict[str, Any]) -> P:
    """The participant's profile of that kind (a new one when missing) with `fields` set, not yet saved."""
    profile = model.objects.filter(participant=participant).first() or model(
        participant=participant, organization_id=participant.organization_id
    )
    for name, value in fields.items():
        setattr(profile, name, value)
    return profile


@transaction.atomic
def ensure_mentee_profile(
    participant: Participant, *, acting_user: User | None, **fields: Any
) -> MenteeProfile:
    profile = _profile_of(MenteeProfile, participant, fields)
    _check_form(profile.form, participant.organization_id)
    save_checked(profile, acting_user)
    return profile


@transaction.atomic
def ensure_mentor_profile(
    participant: Participant,
    *,
    acting_user: User | None,
    forms: Iterable[MentoringForm] | None = None,
    **fields: Any,
) -> MentorProfile:
    profile = _profile_of(MentorProfile, participant, fields)
    if profile.partner is not None and profile.partner.organization_id != participant.organization_id:
        raise ValidationError(_("Партнёр из другой организации."))
    save_checked(profile, acting_user)
    if forms is not None:
        for form in forms:
            _check_form(form, participant.organization_id)
        profile.forms.set(forms)
    return profile


def _check_form(form: MentoringForm | None, organization_id: int) -> None:
    if form is not None and form.organization_id not in (None, organization_id):
        raise ValidationError(_("Эта форма наставничества принадлежит другой организации."))


def _check_topic(topic: RequestTopic | None, organization_id: int) -> None:
    if topic is not None and topic.organization_id not in (None, organization_id):
        raise ValidationError(_("Этот типовой запрос принадлежит другой организации."))


@transaction.atomic
def add_request(
    mentee: MenteeProfile,
    *,
    acting_user: User | None,
    topic: RequestTopic | None = None,
    text: str = "",
    source: str = MenteeRequest.Source.OTHER,
    priority: int = 1,
) -> MenteeRequest:
    text = (text or "").strip()
    if topic is None and not text:
        raise ValidationError(_("Выберите типовой запрос или опишите запрос словами."))
    _check_topic(topic, mentee.organization_id)
    request = MenteeRequest(
        mentee=mentee,
        organization_id=mentee.organization_id,
        topic=topic,
        text=text,
        source=source,
        priority=priority,
    )
    save_checked(request, acting_user)
    return request


@transaction.atomic
def add_competence(
    mentor: MentorProfile, *, acting_user: User | None, title: str = "", topic: RequestTopic | None = None
) -> MentorCompetence:
    title = (title or "").strip() or (topic.title if topic else "")
    if not title:
        raise ValidationError(
            _("Назовите компетенцию или выберите типовой запрос, с которым наставник поможет.")
        )
    _check_topic(topic, mentor.organization_id)
    competence = MentorCompetence(
        mentor=mentor, organization_id=mentor.organization_id, title=title, topic=topic
    )
    save_checked(competence, acting_user)
    return competence
