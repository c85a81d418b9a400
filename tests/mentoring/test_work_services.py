"""Stage 6 services: the meeting sequence, feedback, plans, completion, ending early, pairings formed by hand,
and the curator's overview with its attention flags."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.mentoring import overview, services
from nastavnik.mentoring.models import Feedback, Meeting, Pairing, PlanTask
from nastavnik.participants.models import MenteeProfile, MentorAssignment
from tests.builders import make_matchable_mentee, make_matchable_mentor, make_user, minor_birth, teacher_form

NOW = timezone.now()


def _form_pairing(organization, curator, *, mentees=1, capacity=3, **mentee_fields):
    mentor = make_matchable_mentor(organization, capacity=capacity)
    people = [
        make_matchable_mentee(organization, requests=["Дисциплина на уроке"], **mentee_fields)
        for _ in range(mentees)
    ]
    pairing = services.form_pairing(organization, mentor, people, acting_user=curator, form=teacher_form())
    return pairing, mentor, people


def _held(pairing, kind, *, days_ago=1, user=None):
    return services.schedule_meeting(
        pairing, acting_user=user, kind=kind, starts_at=NOW - dt.timedelta(days=days_ago), held=True
    )


def test_suggested_kind_follows_the_methodology():
    assert services.suggest_kind([]) == Meeting.Kind.INTRO
    assert services.suggest_kind([Meeting.Kind.INTRO]) == Meeting.Kind.TRIAL
    assert services.suggest_kind([Meeting.Kind.INTRO, Meeting.Kind.TRIAL]) == Meeting.Kind.PLANNING
    assert services.suggest_kind(["intro", "trial", "planning"]) == Meeting.Kind.WORKING
    assert services.suggest_kind(["intro", "trial", "planning", "working", "working"]) == Meeting.Kind.WORKING
    # A curator's exception (the trial skipped) is allowed; the suggestion fills the gap.
    assert services.suggest_kind(["intro", "planning"]) == Meeting.Kind.TRIAL


def test_form_pairing_by_hand_follows_the_rules_of_matching(organization, curator):
    pairing, mentor, (mentee,) = _form_pairing(organization, curator)
    mentee.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE and pairing.approved_by == curator
    assert mentee.status == MenteeProfile.Status.MATCHED
    assert MentorAssignment.objects.filter(mentor_profile=mentor, mentee_profile=mentee).exists()
    # The same mentee again: no longer in the base.
    with pytest.raises(ValidationError, match="в другой паре"):
        services.form_pairing(organization, mentor, [mentee], acting_user=curator, form=teacher_form())
    # A minor without a parent's consent cannot be paired; a mentor without places neither.
    child = make_matchable_mentee(organization, consent=False, birth_date=minor_birth())
    with pytest.raises(ValidationError, match="законного представителя"):
        services.form_pairing(organization, mentor, [child], acting_user=curator, form=teacher_form())
    full = make_matchable_mentor(organization, capacity=1)
    two = [make_matchable_mentee(organization), make_matchable_mentee(organization)]
    with pytest.raises(ValidationError, match="нет мест"):
        services.form_pairing(organization, full, two, acting_user=curator, form=teacher_form())
    # Nobody is their own mentor.
    self_mentee = make_matchable_mentee(organization, participant=full.participant, consent=False)
    with pytest.raises(ValidationError, match="самому себе"):
        services.form_pairing(organization, full, [self_mentee], acting_user=curator, form=teacher_form())
    assert Pairing.objects.count() == 1


def test_meetings_are_held_only_after_they_start_and_feedback_is_one_per_person(organization, curator):
    pairing, mentor, (mentee,) = _form_pairing(organization, curator)
    future = services.schedule_meeting(
        pairing, acting_user=curator, kind="intro", starts_at=NOW + dt.timedelta(days=2), place="каб. 12"
    )
    with pytest.raises(ValidationError, match="ещё не началась"):
        services.mark_held(future, acting_user=curator)
    with pytest.raises(ValidationError, match="после проведённой"):
        services.give_feedback(future, mentee.participant, acting_user=None, usefulness=8, comfort=9)
    past = _held(pairing, "intro", user=curator)
    services.give_feedback(
        past, mentee.participant, acting_user=None, usefulness=8, comfort=9, comment="Хорошо"
    )
    with pytest.raises(services.FeedbackExists):
        services.give_feedback(past, mentee.participant, acting_user=None, usefulness=1, comfort=1)
    mentor_feedback = services.give_feedback(
        past, mentor.participant, acting_user=None, usefulness=7, comfort=7
    )
    assert mentor_feedback.is_mentor
    stranger = make_matchable_mentee(organization)
    with pytest.raises(ValidationError, match="участники этой пары"):
        services.give_feedback(past, stranger.participant, acting_user=None, usefulness=5, comfort=5)
    for bad in (0, 11, True, "7"):
        with pytest.raises(ValidationError):
            services.give_feedback(past, mentee.participant, acting_user=None, usefulness=bad, comfort=5)
    assert Feedback.objects.count() == 2


def test_cancel_and_missed(organization, curator):
    pairing, _mentor, _ = _form_pairing(organization, curator)
    future = services.schedule_meeting(
        pairing, acting_user=curator, kind="intro", starts_at=NOW + dt.timedelta(days=2)
    )
    with pytest.raises(ValidationError, match="не наступила"):
        services.cancel_meeting(future, acting_user=curator, missed=True)
    cancelled = services.cancel_meeting(future, acting_user=curator, reason="болезнь")
    assert cancelled.status == Meeting.Status.CANCELLED and cancelled.calendar_sequence == 1
    with pytest.raises(ValidationError):
        services.mark_held(cancelled, acting_user=curator)


def test_plans_start_from_requests_and_a_group_may_share_one(organization, curator):
    pairing, _mentor, (mentee,) = _form_pairing(organization, curator)
    (plan,) = services.ensure_plans(pairing, acting_user=curator)
    assert [g.title for g in plan.goals.all()] == ["Дисциплина на уроке"]
    assert services.ensure_plans(pairing, acting_user=curator) == [plan]  # idempotent
    goal = plan.goals.get()
    task = services.add_task(
        goal, acting_user=curator, title="Посетить 3 урока наставника", due=dt.date.today()
    )
    services.set_task_status(task, PlanTask.Status.DONE, acting_user=curator)
    task.refresh_from_db()
    assert task.done_at is not None

    group, _m, people = _form_pairing(organization, curator, mentees=3)
    assert len(services.ensure_plans(group, acting_user=curator)) == 3
    with pytest.raises(ValidationError, match="План уже заполнен"):
        services.set_plan_per_mentee(group, False, acting_user=curator)
    empty_group, _m, _p = _form_pairing(organization, curator, mentees=2)
    services.set_plan_per_mentee(empty_group, False, acting_user=curator)
    (shared,) = services.ensure_plans(empty_group, acting_user=curator)
    assert shared.member is None


def test_completion_needs_the_final_meeting_and_ending_early_returns_mentees_to_the_base(
    organization, curator
):
    pairing, mentor, (mentee,) = _form_pairing(organization, curator)
    _held(pairing, "intro")
    with pytest.raises(ValidationError, match="итоговой встречи"):
        services.complete_pairing(pairing, acting_user=curator, summary="Итоги")
    _held(pairing, "final")
    with pytest.raises(ValidationError):
        services.complete_pairing(pairing, acting_user=curator, summary="  ")
    done = services.complete_pairing(pairing, acting_user=curator, summary="Освоила приёмы дисциплины")
    assert done.status == Pairing.Status.COMPLETED
    mentee.refresh_from_db()
    assert mentee.status == MenteeProfile.Status.COMPLETED

    other, mentor2, (mentee2,) = _form_pairing(organization, curator)
    services.schedule_meeting(other, acting_user=curator, kind="intro", starts_at=NOW + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.end_pairing(other, acting_user=curator, reason="unknown")
    ended = services.end_pairing(other, acting_user=curator, reason=Pairing.EndReason.MOVED)
    assert ended.status == Pairing.Status.ENDED_EARLY
    mentee2.refresh_from_db()
    assert mentee2.status == MenteeProfile.Status.IN_BASE
    assert not MentorAssignment.objects.filter(mentor_profile=mentor2, mentee_profile=mentee2).exists()
    assert not Meeting.objects.filter(pairing=other, status=Meeting.Status.SCHEDULED).exists()
    # Back in the base: the next pairing by hand may take them.
    services.form_pairing(organization, mentor2, [mentee2], acting_user=curator, form=teacher_form())


def _row(organization, pairing, now=None):
    rows = overview.with_attention(overview.pairings_overview(organization, now=now), organization, now=now)
    return next(r for r in rows if r.pk == pairing.pk)


def test_overview_figures_and_attention(organization, curator):
    group, mentor, (a, b) = _form_pairing(organization, curator, mentees=2)
    intro = _held(group, "intro", days_ago=10)
    trial = _held(group, "trial", days_ago=1)
    services.schedule_meeting(group, acting_user=None, kind="planning", starts_at=NOW + dt.timedelta(days=3))
    services.give_feedback(intro, a.participant, acting_user=None, usefulness=2, comfort=4)
    services.give_feedback(intro, b.participant, acting_user=None, usefulness=4, comfort=2)
    services.give_feedback(trial, a.participant, acting_user=None, usefulness=3, comfort=3)
    services.give_feedback(trial, mentor.participant, acting_user=None, usefulness=10, comfort=10)
    (plan_a, _plan_b) = services.ensure_plans(group, acting_user=None)
    goal = plan_a.goals.first()
    services.add_task(
        goal, acting_user=None, title="Старая задача", due=dt.date.today() - dt.timedelta(days=2)
    )
    done = services.add_task(goal, acting_user=None, title="Готово")
    services.set_task_status(done, PlanTask.Status.DONE, acting_user=None)

    row = _row(organization, group)
    assert row.meetings_held == 2 and row.stage == "trial"
    assert row.next_meeting_at is not None and row.last_meeting_at == trial.starts_at
    assert row.feedback_missing == 1  # the trial still waits for b; the mentor's own feedback does not count
    assert row.feedback_overdue == 0  # held yesterday: within the grace days
    assert row.feedback_average == pytest.approx(3.0)  # mentees only
    assert (row.tasks_total, row.tasks_done, row.tasks_overdue) == (2, 1, 1)
    assert overview.progress_percent(row) == 50
    reasons = " ".join(row.attention_reasons)
    assert "просрочены задачи" in reasons and "низкая оценка" in reasons and "нет встреч" not in reasons

    later = NOW + dt.timedelta(days=30)
    reasons = " ".join(_row(organization, group, now=later).attention_reasons)
    assert "нет встреч" in reasons and "нет обратной связи" in reasons

    quiet, _m, _p = _form_pairing(organization, curator)
    assert _row(organization, quiet).attention_reasons == []
    assert "ни одной встречи" in " ".join(_row(organization, quiet, now=later).attention_reasons)


def test_overview_flags_revoked_consent_and_ignores_finished_pairings(organization, curator):
    pairing, _mentor, (mentee,) = _form_pairing(organization, curator)
    consent = mentee.participant.consents.get()
    consent.revoked_at = timezone.now()
    consent.save()
    assert "отозвано согласие" in " ".join(_row(organization, pairing).attention_reasons)
    services.end_pairing(pairing, acting_user=curator, reason=Pairing.EndReason.PARTICIPANT_WISH)
    assert _row(organization, pairing).attention_reasons == []


@pytest.mark.parametrize("count", [2, 12])
def test_overview_takes_a_fixed_number_of_queries(organization, curator, django_assert_num_queries, count):
    for _ in range(count):
        pairing, mentor, (mentee,) = _form_pairing(organization, curator)
        meeting = _held(pairing, "intro")
        services.give_feedback(meeting, mentee.participant, acting_user=None, usefulness=9, comfort=9)
        services.ensure_plans(pairing, acting_user=None)
    with django_assert_num_queries(5):  # pairings, members; members count, meetings with feedback, tasks
        rows = overview.with_attention(overview.pairings_overview(organization), organization)
    assert len(rows) == count


def test_curator_role_is_not_needed_by_the_services(organization):
    # Services trust their caller: the view checks the role. A mentor may run them for their own pairing.
    mentor_user = make_user(Role.MENTOR, organization=organization)
    pairing, _mentor, (mentee,) = _form_pairing(organization, mentor_user)
    meeting = _held(pairing, "intro", user=mentor_user)
    assert meeting.created_by == mentor_user
    assert meeting.history.first().history_user == mentor_user


def test_the_rows_of_one_pairing_equal_its_row_in_the_whole_list(organization, curator):
    first, mentor, (mentee,) = _form_pairing(organization, curator)
    second, *_rest = _form_pairing(organization, curator)
    for pairing in (first, second):
        meeting = _held(pairing, "intro", days_ago=5)
        (plan,) = services.ensure_plans(pairing, acting_user=None)
        services.add_task(plan.goals.first(), acting_user=None, title="Задача", due=dt.date.today())
    services.give_feedback(
        meeting, second.members.get().mentee.participant, acting_user=None, usefulness=3, comfort=3
    )
    whole = {r.pk: r for r in overview.overview_rows(organization)}
    for pairing in (first, second):
        (alone,) = overview.overview_rows(organization, pairing_id=pairing.pk)
        assert vars(alone) == vars(whole[pairing.pk])
    assert whole[first.pk].tasks_total == whole[second.pk].tasks_total == 1
