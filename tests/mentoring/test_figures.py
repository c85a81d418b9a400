"""The dashboard's counts of active pairings (`mentoring.figures`, in SQL) equal what the curator's list
(`mentoring.overview.overview_rows`, in Python) flags: the two definitions cannot drift apart."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from nastavnik.mentoring.figures import AttentionCounts, attention_counts
from nastavnik.mentoring.models import DevelopmentPlan, Goal, Meeting, Pairing, PlanTask
from nastavnik.mentoring.overview import LOW_AVERAGE, OverviewRow, overview_rows
from tests.builders import (
    give_consent,
    make_feedback,
    make_meeting,
    make_mentee,
    make_mentor,
    make_organization,
    make_pairing,
)

NOW = timezone.now()
K = Meeting.Kind


def _ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def _pair(organization, mentees: int = 1, **fields) -> Pairing:
    mentor = make_mentor(organization)
    give_consent(mentor.participant)
    people = [make_mentee(organization) for _ in range(mentees)]
    for person in people:
        give_consent(person.participant)
    return make_pairing(organization, mentor, *people, **fields)


def _mentees(pairing: Pairing) -> list:
    return [m.mentee.participant for m in pairing.members.select_related("mentee__participant")]


def _held(pairing: Pairing, kind: str, days_ago: float, *, marks: tuple[int, int] | None = (8, 9)) -> Meeting:
    """A held meeting; every mentee leaves feedback with these marks (None: nobody does)."""
    meeting = make_meeting(pairing, _ago(days_ago), kind=kind)
    if marks is not None:
        for person in _mentees(pairing):
            make_feedback(meeting, person, *marks)
    return meeting


def _task(pairing: Pairing, due: dt.date | None, status: str = PlanTask.Status.PLANNED) -> PlanTask:
    org = pairing.organization
    plan, _created = DevelopmentPlan.objects.get_or_create(organization=org, pairing=pairing, member=None)
    goal = Goal.objects.create(organization=org, plan=plan, title="Цель")
    return PlanTask.objects.create(organization=org, goal=goal, title="Задача", due=due, status=status)


def _programme(organization) -> None:
    """Active pairings of every kind of trouble and every stage, plus finished ones that must not count."""
    # Fine: met two days ago, good marks. The last meeting by time (not by id) gives the stage.
    fine = _pair(organization)
    _held(fine, K.TRIAL, 2)
    _held(fine, K.INTRO, 9)
    for kind, days in ((K.PLANNING, 3), (K.WORKING, 4), (K.FINAL, 1)):
        _held(_pair(organization), kind, days)
    # Idle: the last meeting long ago; a scheduled one next week does not help.
    idle = _pair(organization)
    _held(idle, K.INTRO, 60)
    _held(idle, K.TRIAL, 40)
    make_meeting(idle, NOW + dt.timedelta(days=7), kind=K.PLANNING, status=Meeting.Status.SCHEDULED)
    # Never met: approved long ago (idle) or lately (not yet); no approval date: counted from the creation.
    _pair(organization, approved_at=_ago(30))
    _pair(organization, approved_at=_ago(2))
    old = _pair(organization, approved_at=None)
    Pairing.objects.filter(pk=old.pk).update(created_at=_ago(50))
    # Feedback: a group where one of two mentees is silent after a meeting five days ago (overdue), the
    # mentor's own feedback does not stand for a mentee's; a meeting yesterday without feedback (not yet).
    group = _pair(organization, mentees=2)
    silent = _held(group, K.INTRO, 5, marks=None)
    make_feedback(silent, _mentees(group)[0], 9, 9)
    make_feedback(silent, group.mentor.participant, 9, 9, is_mentor=True)
    _held(_pair(organization), K.INTRO, 1, marks=None)
    # Marks: low (3), exactly the threshold (not low), low only on average over two meetings.
    _held(_pair(organization), K.INTRO, 2, marks=(3, 3))
    _held(_pair(organization), K.INTRO, 2, marks=(5, 5))
    mixed = _pair(organization)
    _held(mixed, K.INTRO, 6, marks=(2, 3))
    _held(mixed, K.TRIAL, 2, marks=(6, 6))
    # Plan: an open task past due (flagged); due today, done late, or without a date (not flagged).
    late = _pair(organization)
    _held(late, K.PLANNING, 1)
    _task(late, timezone.localdate(NOW) - dt.timedelta(days=1), PlanTask.Status.IN_PROGRESS)
    ok = _pair(organization)
    _held(ok, K.PLANNING, 1)
    _task(ok, timezone.localdate(NOW))
    _task(ok, timezone.localdate(NOW) - dt.timedelta(days=10), PlanTask.Status.DONE)
    _task(ok, None)
    # Consent: a mentee's and a mentor's latest consent revoked; revoked then given again (not flagged).
    for who in ("mentee", "mentor"):
        pairing = _pair(organization)
        _held(pairing, K.INTRO, 1)
        person = _mentees(pairing)[0] if who == "mentee" else pairing.mentor.participant
        person.consents.update(revoked_at=NOW)
    again = _pair(organization)
    _held(again, K.INTRO, 1)
    person = _mentees(again)[0]
    person.consents.update(revoked_at=_ago(3), given_at=_ago(4))
    give_consent(person, given_at=_ago(1))
    # Several troubles at once: counted once in "attention", once in each reason.
    many = _pair(organization, mentees=2)
    _held(many, K.WORKING, 45, marks=(2, 2))
    _task(many, timezone.localdate(NOW) - dt.timedelta(days=3))
    _mentees(many)[1].consents.update(revoked_at=NOW)
    # Finished pairings with every trouble: not active, not counted.
    for status in (Pairing.Status.COMPLETED, Pairing.Status.CANCELLED):
        done = _pair(organization, status=status, approved_at=_ago(90))
        _held(done, K.FINAL, 80, marks=(1, 1))
        _task(done, timezone.localdate(NOW) - dt.timedelta(days=30))


def _from_rows(rows: list[OverviewRow], idle_days: int, now: dt.datetime) -> AttentionCounts:
    """The counts as the curator's list flags them (`overview.attention`'s rules on its rows)."""
    active = [r for r in rows if r.status == Pairing.Status.ACTIVE]

    def idle(row: OverviewRow) -> bool:
        since = row.last_meeting_at or row.approved_at or row.created_at
        return since is not None and since < now - dt.timedelta(days=idle_days)

    return AttentionCounts(
        active=len(active),
        by_stage=Counter(r.stage or "" for r in active),
        attention=sum(bool(r.attention_reasons) for r in active),
        idle=sum(idle(r) for r in active),
        feedback_overdue=sum(bool(r.feedback_overdue) for r in active),
        tasks_overdue=sum(bool(r.tasks_overdue) for r in active),
        low_feedback=sum(r.feedback_average is not None and r.feedback_average < LOW_AVERAGE for r in active),
        revoked=sum(r.revoked for r in active),
    )


def _moments() -> list[dt.datetime]:
    """Now, a month later (more is idle and overdue), and half past midnight local time of a day ahead, when
    the local date is not the UTC date (the plan's "overdue" compares local dates)."""
    tomorrow = timezone.localdate(NOW) + dt.timedelta(days=1)
    midnight = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(0, 30)))
    return [NOW, NOW + dt.timedelta(days=30), midnight]


@pytest.mark.django_db
def test_counts_in_sql_equal_the_flags_of_the_curators_list(django_assert_num_queries):
    organization, other = make_organization(), make_organization()
    _programme(organization)
    _programme(other)  # the same troubles elsewhere: must not leak into the first one's counts
    _pair(other, approved_at=_ago(100))
    for org in (organization, other):
        for now in _moments():
            with django_assert_num_queries(1):
                counts = attention_counts(org, now=now)
            rows = overview_rows(org, status=Pairing.Status.ACTIVE, now=now)
            assert counts == _from_rows(rows, org.pairing_idle_days, now), now
    # The fixture really exercises every rule (an all-zero comparison would prove nothing).
    counts = attention_counts(organization, now=NOW)
    assert counts.active == 19
    assert counts.by_stage == Counter(
        {"": 3, K.INTRO: 7, K.TRIAL: 3, K.PLANNING: 3, K.WORKING: 2, K.FINAL: 1}
    )
    assert (counts.idle, counts.feedback_overdue, counts.tasks_overdue) == (4, 1, 2)
    assert (counts.low_feedback, counts.revoked, counts.attention) == (3, 3, 10)
    assert attention_counts(other, now=NOW).idle == 5
    later = attention_counts(organization, now=NOW + dt.timedelta(days=30))
    assert later.idle == later.active and later.feedback_overdue == 2


@pytest.mark.django_db
def test_idle_days_of_the_organization_count(organization):
    pairing = _pair(organization)
    _held(pairing, K.INTRO, 10)
    assert attention_counts(organization, now=NOW).idle == 0
    organization.pairing_idle_days = 7
    assert attention_counts(organization, now=NOW).idle == 1
