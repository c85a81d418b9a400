"""The mentor's path: assignments to mentees, status decisions, interviews, training."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.core.history import set_history_user

from ..models import (
    MENTOR_TRANSITIONS,
    Interview,
    MenteeProfile,
    MentorAssignment,
    MentorProfile,
    MentorStatusChange,
    TrainingRecord,
)
from ..queries import allowed_statuses
from .common import full_clean

if TYPE_CHECKING:
    from nastavnik.accounts.models import User


Status = MentorProfile.Status


def _check_pair(mentor: MentorProfile, mentee: MenteeProfile) -> None:
    """A mentor may be linked only to a mentee of the same organization who is another person."""
    if mentor.organization_id != mentee.organization_id:
        raise ValidationError(_("Наставник и наставляемый из разных организаций."))
    if mentor.participant_id == mentee.participant_id:
        raise ValidationError(_("Участник не может быть наставником самому себе."))


@transaction.atomic
def assign_mentor(
    mentor: MentorProfile, mentee: MenteeProfile, *, acting_user: User | None
) -> MentorAssignment:
    """Link a mentor to a mentee (matching calls this when pairings are approved)."""
    _check_pair(mentor, mentee)
    assignment, _created = MentorAssignment.objects.get_or_create(
        mentor_profile=mentor, mentee_profile=mentee, defaults={"organization_id": mentor.organization_id}
    )
    return assignment


def assign_mentors(
    pairs: list[tuple[MentorProfile, MenteeProfile]], *, acting_user: User | None
) -> list[MentorAssignment]:
    """`assign_mentor` for a whole approval at once: the same checks, one query for the links that already
    exist and one bulk insert for the rest (an approval of a school is thousands of pairs)."""
    for mentor, mentee in pairs:
        _check_pair(mentor, mentee)
    if not pairs:
        return []
    existing = {
        (a.mentor_profile_id, a.mentee_profile_id): a
        for a in MentorAssignment.objects.filter(mentee_profile__in={mentee.pk for _m, mentee in pairs})
    }
    missing: dict[tuple[int, int], MentorAssignment] = {}
    for mentor, mentee in pairs:
        key = (mentor.pk, mentee.pk)
        if key not in existing and key not in missing:
            missing[key] = MentorAssignment(
                mentor_profile=mentor, mentee_profile=mentee, organization_id=mentor.organization_id
            )
    MentorAssignment.objects.bulk_create(list(missing.values()))
    return [existing.get((m.pk, e.pk)) or missing[(m.pk, e.pk)] for m, e in pairs]


@transaction.atomic
def change_mentor_status(
    mentor: MentorProfile, status: str, *, acting_user: User | None, note: str = ""
) -> MentorStatusChange:
    """Move a mentor along the path potential → interviewed → selected → trained → active (→ resting/excluded)."""
    if status not in Status.values:
        raise ValidationError(_("Неизвестный статус наставника."))
    given, mentor = mentor, MentorProfile.objects.select_for_update().get(pk=mentor.pk)
    if status == mentor.status:
        raise ValidationError(_("Наставник уже в статусе «%(status)s».") % {"status": Status(status).label})
    if status not in MENTOR_TRANSITIONS[mentor.status]:
        allowed = ", ".join(f"«{Status(s).label}»" for s in allowed_statuses(mentor))
        raise ValidationError(
            _("Из статуса «%(old)s» нельзя перейти в «%(new)s»; можно: %(allowed)s.")
            % {"old": Status(mentor.status).label, "new": Status(status).label, "allowed": allowed}
        )
    if status == Status.EXCLUDED and not (note or "").strip():
        raise ValidationError(_("Укажите основание исключения из реестра наставников."))
    change = MentorStatusChange.objects.create(
        mentor=mentor,
        organization_id=mentor.organization_id,
        from_status=mentor.status,
        to_status=status,
        changed_by=acting_user,
        note=(note or "").strip(),
    )
    mentor.status = given.status = status
    set_history_user(mentor, acting_user)
    mentor.save(update_fields=["status"])
    return change


@transaction.atomic
def record_interview(
    mentor: MentorProfile,
    *,
    acting_user: User | None,
    date: dt.date,
    notes: str = "",
    interviewer: User | None = None,
) -> Interview:
    """An interview with a candidate mentor; the interviewer is whoever acts unless named."""
    if date > timezone.localdate():
        raise ValidationError(_("Дата собеседования ещё не наступила."))
    return Interview.objects.create(
        mentor=mentor,
        organization_id=mentor.organization_id,
        date=date,
        interviewer=interviewer or acting_user,
        notes=(notes or "").strip(),
    )


@transaction.atomic
def record_training(
    mentor: MentorProfile,
    *,
    acting_user: User | None,
    course: str,
    date: dt.date,
    hours: int | None = None,
    certificate: File[bytes] | None = None,
) -> TrainingRecord:
    record = TrainingRecord(
        mentor=mentor,
        organization_id=mentor.organization_id,
        course=(course or "").strip(),
        hours=hours,
        date=date,
    )
    if certificate:
        record.certificate = certificate
    full_clean(record)
    if record.date > timezone.localdate():
        raise ValidationError(_("Дата окончания обучения ещё не наступила."))
    record.save()
    return record
