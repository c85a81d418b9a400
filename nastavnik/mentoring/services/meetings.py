"""The meeting sequence of a pairing and the feedback after each held meeting.

The methodology's order is знакомство → пробная → планирование → рабочие (as many as needed) → итоговая.
`suggest_kind` proposes the next kind in that order; nothing forbids another kind (a curator's exception,
a pair that skipped the trial meeting). A meeting can be scheduled ahead or logged after the fact; only a
meeting that has started can be marked held, and only a held meeting takes feedback — one per person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.core.history import set_history_user

from ..models import Feedback, Meeting, Pairing, PlanTask

if TYPE_CHECKING:
    from nastavnik.accounts.models import User
    from nastavnik.participants.models import Participant

Kind = Meeting.Kind
Status = Meeting.Status

#: The methodology's sequence; a working meeting may repeat, the final one closes the work.
SEQUENCE: tuple[str, ...] = (Kind.INTRO, Kind.TRIAL, Kind.PLANNING, Kind.WORKING, Kind.FINAL)
MAX_DURATION = 600
#: How far back a meeting may be logged after the fact, and how far ahead scheduled.
PAST_LIMIT = dt.timedelta(days=400)
FUTURE_LIMIT = dt.timedelta(days=400)


class FeedbackExists(ValidationError):
    """A second feedback of the same person on the same meeting (the API answers 409)."""


def suggest_kind(held_kinds: Iterable[str]) -> str:
    """The next kind of meeting in the methodology's order, given the kinds already held."""
    held = set(held_kinds)
    if Kind.FINAL in held:
        return Kind.FINAL
    for kind in (Kind.INTRO, Kind.TRIAL, Kind.PLANNING):
        if kind not in held:
            return kind
    return Kind.WORKING


def _clean_meeting(meeting: Meeting) -> None:
    if meeting.kind not in Kind.values:
        raise ValidationError({"kind": _("Неизвестный вид встречи.")})
    if meeting.starts_at is None:
        raise ValidationError({"starts_at": _("Укажите дату и время встречи.")})
    if timezone.is_naive(meeting.starts_at):
        meeting.starts_at = timezone.make_aware(meeting.starts_at)
    now = timezone.now()
    if meeting.starts_at < now - PAST_LIMIT or meeting.starts_at > now + FUTURE_LIMIT:
        raise ValidationError(
            {"starts_at": _("Дата встречи должна быть в пределах года от сегодняшнего дня.")}
        )
    meeting.place = (meeting.place or "").strip()
    meeting.url = (meeting.url or "").strip()
    meeting.topic = (meeting.topic or "").strip()
    meeting.full_clean(exclude=["organization", "pairing", "created_by", "tasks"], validate_unique=False)


@transaction.atomic
def schedule_meeting(
    pairing: Pairing,
    *,
    acting_user: User | None,
    kind: str,
    starts_at: dt.datetime,
    duration_minutes: int = 45,
    place: str = "",
    url: str = "",
    topic: str = "",
    tasks: Sequence[PlanTask] = (),
    held: bool = False,
    notes: str = "",
) -> Meeting:
    """Plan a meeting, or log one after the fact (`held=True`, for a meeting that has already started)."""
    if pairing.status != Pairing.Status.ACTIVE:
        raise ValidationError(_("Пара уже не действует: встречи больше не планируются."))
    meeting = Meeting(
        organization_id=pairing.organization_id,
        pairing=pairing,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        url=url,
        topic=topic,
        created_by=acting_user,
    )
    _clean_meeting(meeting)
    if held:
        _check_can_hold(meeting)
        meeting.status = Status.HELD
        meeting.held_at = timezone.now()
        meeting.notes = (notes or "").strip()
    set_history_user(meeting, acting_user)
    meeting.save()
    _set_tasks(meeting, tasks)
    return meeting


def _set_tasks(meeting: Meeting, tasks: Sequence[PlanTask]) -> None:
    foreign = [t for t in tasks if t.goal.plan.pairing_id != meeting.pairing_id]
    if foreign:
        raise ValidationError({"tasks": _("Задачи должны быть из плана этой пары.")})
    meeting.tasks.set(tasks)


@transaction.atomic
def update_meeting(
    meeting: Meeting,
    *,
    acting_user: User | None,
    kind: str,
    starts_at: dt.datetime,
    duration_minutes: int,
    place: str = "",
    url: str = "",
    topic: str = "",
    tasks: Sequence[PlanTask] = (),
) -> Meeting:
    """Change a scheduled meeting (a held or cancelled one keeps its record)."""
    if meeting.status != Status.SCHEDULED:
        raise ValidationError(_("Изменить можно только запланированную встречу."))
    meeting.kind, meeting.starts_at, meeting.duration_minutes = kind, starts_at, duration_minutes
    meeting.place, meeting.url, meeting.topic = place, url, topic
    _clean_meeting(meeting)
    meeting.calendar_sequence += 1
    set_history_user(meeting, acting_user)
    meeting.save()
    _set_tasks(meeting, tasks)
    return meeting


def _check_can_hold(meeting: Meeting) -> None:
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Встреча ещё не началась: отметить её проведённой можно после начала."))


@transaction.atomic
def mark_held(meeting: Meeting, *, acting_user: User | None, notes: str = "") -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Status.HELD:
        raise ValidationError(_("Встреча уже отмечена проведённой."))
    if meeting.status != Status.SCHEDULED:
        raise ValidationError(_("Отменённую или несостоявшуюся встречу нельзя отметить проведённой."))
    _check_can_hold(meeting)
    meeting.status = Status.HELD
    meeting.held_at = timezone.now()
    meeting.notes = (notes or "").strip()[:5000]
    set_history_user(meeting, acting_user)
    meeting.save(update_fields=["status", "held_at", "notes"])
    return meeting


@transaction.atomic
def cancel_meeting(
    meeting: Meeting, *, acting_user: User | None, reason: str = "", missed: bool = False
) -> Meeting:
    """Cancel a planned meeting, or record that it did not take place (`missed`)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Status.SCHEDULED:
        raise ValidationError(_("Отменить можно только запланированную встречу."))
    if missed and meeting.starts_at > timezone.now():
        raise ValidationError(
            _("Встреча ещё не наступила: её можно отменить, но не отметить несостоявшейся.")
        )
    meeting.status = Status.MISSED if missed else Status.CANCELLED
    meeting.cancel_reason = (reason or "").strip()[:300]
    meeting.calendar_sequence += 1
    set_history_user(meeting, acting_user)
    meeting.save(update_fields=["status", "cancel_reason", "calendar_sequence"])
    return meeting


@transaction.atomic
def give_feedback(
    meeting: Meeting,
    participant: Participant,
    *,
    acting_user: User | None,
    usefulness: int,
    comfort: int,
    comment: str = "",
    private: bool = False,
) -> Feedback:
    """One feedback per person and held meeting; a second one is refused with `FeedbackExists`."""
    if meeting.status != Status.HELD:
        raise ValidationError(_("Обратную связь оставляют после проведённой встречи."))
    pairing = meeting.pairing
    is_mentor = participant.pk == pairing.mentor.participant_id
    if not is_mentor and not any(m.mentee.participant_id == participant.pk for m in pairing.members.all()):
        raise ValidationError(_("Обратную связь оставляют участники этой пары."))
    for name, value in (("usefulness", usefulness), ("comfort", comfort)):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10:
            raise ValidationError({name: _("Оценка — число от 1 до 10.")})
    if Feedback.objects.filter(meeting=meeting, participant=participant).exists():
        raise FeedbackExists(_("Вы уже оставили обратную связь об этой встрече."))
    feedback = Feedback(
        organization_id=meeting.organization_id,
        meeting=meeting,
        participant=participant,
        is_mentor=is_mentor,
        usefulness=usefulness,
        comfort=comfort,
        comment=(comment or "").strip()[:2000],
        private=bool(private),
        created_by=acting_user,
    )
    set_history_user(feedback, acting_user)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:  # two taps at once: the first one counts
        raise FeedbackExists(_("Вы уже оставили обратную связь об этой встрече.")) from None
    return feedback
