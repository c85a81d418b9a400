"""The mentee's and the mentor's profiles, requests and competences."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nastavnik.core.history import set_history_user
from nastavnik.methodology.models import MentoringForm

from ..models import (
    MenteeProfile,
    MenteeRequest,
    MentorCompetence,
    MentorProfile,
    Participant,
    RequestTopic,
)
from .common import full_clean

if TYPE_CHECKING:
    from nastavnik.accounts.models import User


@transaction.atomic
def ensure_mentee_profile(
    participant: Participant, *, acting_user: User | None, **fields: Any
) -> MenteeProfile:
    profile = MenteeProfile.objects.filter(participant=participant).first()
    if profile is None:
        profile = MenteeProfile(participant=participant, organization_id=participant.organization_id)
    for name, value in fields.items():
        setattr(profile, name, value)
    _check_form(profile.form, participant.organization_id)
    full_clean(profile)
    set_history_user(profile, acting_user)
    profile.save()
    return profile


@transaction.atomic
def ensure_mentor_profile(
    participant: Participant,
    *,
    acting_user: User | None,
    forms: Iterable[MentoringForm] | None = None,
    **fields: Any,
) -> MentorProfile:
    profile = MentorProfile.objects.filter(participant=participant).first()
    if profile is None:
        profile = MentorProfile(participant=participant, organization_id=participant.organization_id)
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.partner is not None and profile.partner.organization_id != participant.organization_id:
        raise ValidationError(_("Партнёр из другой организации."))
    full_clean(profile)
    set_history_user(profile, acting_user)
    profile.save()
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
    full_clean(request)
    set_history_user(request, acting_user)
    request.save()
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
    full_clean(competence)
    set_history_user(competence, acting_user)
    competence.save()
    return competence
