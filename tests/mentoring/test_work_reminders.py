"""Reminders of the pairs' work: who gets which, nobody twice, e-mail only for those who want it, and a query
count that does not grow with the number of pairings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.core.models import Notification
from nastavnik.mentoring import services
from nastavnik.mentoring.models import WorkReminder
from nastavnik.mentoring.reminders import run_work_reminders
from tests.builders import link_user, make_matchable_mentee, make_matchable_mentor, make_user, teacher_form

NOW = timezone.now()


def _pair(organization, curator, *, approved_days_ago=1):
    mentor = make_matchable_mentor(organization)
    mentee = make_matchable_mentee(organization)
    mentor_user = make_user(Role.MENTOR, organization=organization)
    mentee_user = make_user(Role.MENTEE, organization=organization)
    link_user(mentor, mentor_user)
    link_user(mentee, mentee_user)
    pairing = services.form_pairing(organization, mentor, [mentee], acting_user=curator, form=teacher_form())
    pairing.approved_at = NOW - dt.timedelta(days=approved_days_ago)
    pairing.save(update_fields=["approved_at"])
    return pairing, mentor_user, mentee_user, mentee


def _texts(user):
    return [n.text for n in Notification.objects.filter(user=user)]


def test_each_kind_reaches_the_right_people_once(organization, curator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    pairing, mentor_user, mentee_user, mentee = _pair(organization, curator)
    services.schedule_meeting(
        pairing, acting_user=None, kind="trial", starts_at=NOW + dt.timedelta(hours=20), place="каб. 5"
    )
    held = services.schedule_meeting(
        pairing, acting_user=None, kind="intro", starts_at=NOW - dt.timedelta(days=1), held=True
    )
    services.give_feedback(held, mentee.participant, acting_user=None, usefulness=9, comfort=9)
    (plan,) = services.ensure_plans(pairing, acting_user=None)
    goal = services.add_goal(plan, acting_user=None, title="Цель")
    services.add_task(
        goal, acting_user=None, title="Открытый урок", due=timezone.localdate(NOW) + dt.timedelta(days=1)
    )

    sent = run_work_reminders(NOW)
    mentor_texts, mentee_texts = _texts(mentor_user), _texts(mentee_user)
    assert any("пробная рабочая встреча" in t for t in mentee_texts)
    assert any("Оцените встречу" in t for t in mentor_texts)  # the mentor has not given feedback yet
    assert not any("Оцените встречу" in t for t in mentee_texts)  # the mentee has
    assert any("Открытый урок" in t for t in mentor_texts)
    assert sent == len(mentor_texts) + len(mentee_texts) == 4
    assert len(mail.outbox) == 2

    assert run_work_reminders(NOW) == 0  # nobody twice
    assert Notification.objects.count() == 4 and len(mail.outbox) == 2


def test_idle_pairs_go_to_the_mentor_then_to_the_curator(organization, curator):
    pairing, mentor_user, _mentee_user, _ = _pair(organization, curator, approved_days_ago=22)
    run_work_reminders(NOW)
    assert any("без встреч уже 22" in t for t in _texts(mentor_user))
    assert not _texts(curator)
    run_work_reminders(NOW + dt.timedelta(days=7))
    assert any("без встреч 29" in t for t in _texts(curator))
    assert len([t for t in _texts(mentor_user) if "без встреч" in t]) == 1  # the same idle spell: once


def test_email_can_be_turned_off(organization, curator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    pairing, mentor_user, mentee_user, _ = _pair(organization, curator)
    mentor_user.email_reminders = False
    mentor_user.save()
    services.schedule_meeting(pairing, acting_user=None, kind="intro", starts_at=NOW + dt.timedelta(hours=3))
    assert run_work_reminders(NOW) == 2
    assert [m.to for m in mail.outbox] == [[mentee_user.email]]


@pytest.mark.parametrize("count", [2, 10])
def test_queries_do_not_grow_with_pairings(organization, curator, django_assert_max_num_queries, count):
    for _ in range(count):
        pairing, *_rest = _pair(organization, curator, approved_days_ago=40)
        services.schedule_meeting(
            pairing, acting_user=None, kind="intro", starts_at=NOW + dt.timedelta(hours=5)
        )
        services.schedule_meeting(
            pairing, acting_user=None, kind="intro", starts_at=NOW - dt.timedelta(days=2), held=True
        )
    with django_assert_max_num_queries(18):  # 17 at 2 and at 10 pairings
        sent = run_work_reminders(NOW)
    assert sent == WorkReminder.objects.count() > count
