"""Participants, partners and parents (guardians)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nastavnik.core.history import set_history_user
from nastavnik.organizations.models import Organization

from ..models import (
    Guardianship,
    Participant,
    Partner,
)
from .common import save_checked

if TYPE_CHECKING:
    from nastavnik.accounts.models import User


@transaction.atomic
def save_participant(participant: Participant, *, acting_user: User | None) -> Participant:
    """Create or change a participant (a curator's form or a script)."""
    save_checked(participant, acting_user, exclude=["user"])
    return participant


@transaction.atomic
def set_subject(participant: Participant, subject: str, *, acting_user: User | None) -> Participant:
    """What a teacher teaches (or a pupil's subject of interest), e.g. from a questionnaire's answer."""
    subject = " ".join((subject or "").split())
    limit = Participant._meta.get_field("subject").max_length or 200
    if len(subject) > limit:
        raise ValidationError(_("Слишком длинный предмет: не больше %(limit)s знаков.") % {"limit": limit})
    participant.subject = subject
    set_history_user(participant, acting_user)
    participant.save(update_fields=["subject", "updated_at"])
    return participant


@transaction.atomic
def add_partner(organization: Organization, *, acting_user: User | None, **fields: Any) -> Partner:
    partner = Partner(organization=organization, **fields)
    save_checked(partner, acting_user)
    return partner


@transaction.atomic
def add_guardian(
    participant: Participant, user: User, *, acting_user: User | None, relation: str = ""
) -> Guardianship:
    link, _created = Guardianship.objects.get_or_create(
        participant=participant,
        user=user,
        defaults={"organization_id": participant.organization_id, "relation": relation},
    )
    return link
