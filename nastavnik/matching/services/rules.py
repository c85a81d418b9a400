"""The curator's rules for the next runs: lock (always pair) or forbid (never pair) a mentor-mentee pair."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nastavnik.mentoring.models import Pairing, PairingMember
from nastavnik.participants.models import (
    MenteeProfile,
    MentorProfile,
)
from nastavnik.participants.queries import can_be_paired

from ..models import MatchingRule
from ..problem import BASE_STATUSES, REGISTER_STATUSES, who

if TYPE_CHECKING:
    from nastavnik.accounts.models import User
    from nastavnik.organizations.models import Organization


def _check_people(organization: Organization, mentee: MenteeProfile, mentor: MentorProfile) -> None:
    if mentee.organization_id != organization.pk or mentor.organization_id != organization.pk:
        raise ValidationError(_("Наставник и наставляемый должны быть из этой организации."))


@transaction.atomic
def set_rule(
    organization: Organization,
    mentee: MenteeProfile,
    mentor: MentorProfile,
    kind: str,
    *,
    acting_user: User | None,
) -> MatchingRule:
    """Lock (always pair) or forbid (never pair) one mentor-mentee pair for the next runs.

    A mentee is locked to one mentor at most: locking to another mentor moves the lock.
    """
    _check_people(organization, mentee, mentor)
    if kind not in MatchingRule.Kind.values:
        raise ValidationError(_("Неизвестное правило: «закрепить» или «запретить»."))
    if mentee.participant_id == mentor.participant_id:
        raise ValidationError(_("Участник не может быть наставником самому себе."))
    if kind == MatchingRule.Kind.LOCK:
        ok, reason = can_be_paired(mentee.participant)
        if not ok:
            raise ValidationError(_("Нельзя закрепить пару: %(reason)s") % {"reason": reason})
        if mentee.status not in BASE_STATUSES:
            raise ValidationError(
                _("Нельзя закрепить пару: наставляемый не в базе (статус «%(status)s»).")
                % {"status": mentee.get_status_display()}
            )
        if mentor.status not in REGISTER_STATUSES:
            raise ValidationError(
                _("Нельзя закрепить пару: наставник не в реестре (статус «%(status)s»).")
                % {"status": mentor.get_status_display()}
            )
        busy = PairingMember.objects.filter(
            organization=organization, pairing__mentor=mentor, pairing__status=Pairing.Status.ACTIVE
        ).count()
        locks = (
            MatchingRule.objects.filter(organization=organization, mentor=mentor, kind=MatchingRule.Kind.LOCK)
            .exclude(mentee=mentee)
            .count()
        )
        if busy + locks >= mentor.capacity:
            raise ValidationError(
                _(
                    "У наставника %(name)s нет свободных мест: может взять %(capacity)s, занято и закреплено %(used)s."
                )
                % {"name": who(mentor), "capacity": mentor.capacity, "used": busy + locks}
            )
        MatchingRule.objects.filter(
            organization=organization, mentee=mentee, kind=MatchingRule.Kind.LOCK
        ).exclude(mentor=mentor).delete()
    rule, _created = MatchingRule.objects.update_or_create(
        organization=organization,
        mentee=mentee,
        mentor=mentor,
        defaults={"kind": kind, "created_by": acting_user},
    )
    return rule


@transaction.atomic
def clear_rule(
    organization: Organization, mentee: MenteeProfile, mentor: MentorProfile, *, acting_user: User | None
) -> bool:
    """Remove the lock or forbid of a pair; False when there was none (`acting_user`: for the signature's
    uniformity; a deleted rule leaves no row to record them on)."""
    _check_people(organization, mentee, mentor)
    deleted, _detail = MatchingRule.objects.filter(
        organization=organization, mentee=mentee, mentor=mentor
    ).delete()
    return bool(deleted)
