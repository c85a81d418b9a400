"""Demo of stage 6: the school's programme in the middle of its year, so a newcomer sees the pairs' work at once.

Runs after the participants demo (people) and matching's demo (mentor@ with mentee@ approved by an order):
- mentor@ and mentee@ past their introduction, trial and planning meetings, feedback given, a plan with
  goals and tasks, the next working meeting in three days;
- a group of two pupils (one of them parent@'s son) after its introduction, one pupil's feedback missing;
- a pair that needs attention: no meeting for five weeks, a low score, an overdue task;
- a completed pairing with all five meetings and the mentor's summary;
- a pair formed yesterday, nothing held yet.
Idempotent: once the school has a meeting, nothing is created again.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from nastavnik.accounts.models import User
from nastavnik.core.demo import SCHOOL
from nastavnik.core.tenancy import scopes_disabled
from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import MenteeProfile, MentorProfile, Participant

from . import services
from .models import Meeting, Pairing, PlanTask

Kind = Meeting.Kind


def _mentor(school: Organization, last_name: str) -> MentorProfile | None:
    return MentorProfile.objects.filter(organization=school, participant__last_name=last_name).first()


def _mentee(school: Organization, last_name: str, first_name: str) -> MenteeProfile | None:
    return MenteeProfile.objects.filter(
        organization=school, participant__last_name=last_name, participant__first_name=first_name
    ).first()


def _held(
    pairing: Pairing,
    kind: str,
    days_ago: int,
    feedback: dict[Participant, tuple[int, int, str]],
    *,
    topic: str = "",
    place: str = "каб. 21",
) -> Meeting:
    now = timezone.now()
    starts_at = (now - dt.timedelta(days=days_ago)).replace(hour=15, minute=0, second=0, microsecond=0)
    meeting = services.schedule_meeting(
        pairing, acting_user=None, kind=kind, starts_at=starts_at, place=place, topic=topic, held=True
    )
    for person, (usefulness, comfort, comment) in feedback.items():
        services.give_feedback(
            meeting, person, acting_user=person.user, usefulness=usefulness, comfort=comfort, comment=comment
        )
    return meeting


def _backdate(pairing: Pairing, days_ago: int) -> None:
    Pairing.objects.filter(pk=pairing.pk).update(approved_at=timezone.now() - dt.timedelta(days=days_ago))
    pairing.refresh_from_db()


def _form(
    school: Organization,
    curator: User | None,
    mentor: MentorProfile | None,
    mentees: list[MenteeProfile | None],
    code: str,
) -> Pairing | None:
    people = [m for m in mentees if m is not None]
    form = MentoringForm.available_to(school).filter(code=code).first()
    if mentor is None or not people or form is None:
        return None
    return services.form_pairing(school, mentor, people, acting_user=curator, form=form)


def load_demo_work() -> None:
    with scopes_disabled(), transaction.atomic():
        school = Organization.objects.filter(slug=SCHOOL).first()
        if school is None or Meeting.objects.filter(organization=school).exists():
            return
        curator = User.objects.filter(email="curator@demo.nastavnik.ru").first()
        today = timezone.localdate()

        main = (
            Pairing.objects.filter(
                organization=school, mentor__participant__user__email="mentor@demo.nastavnik.ru"
            )
            .select_related("mentor__participant")
            .first()
        )
        if main is not None:
            _backdate(main, 45)
            mentor = main.mentor.participant
            mentee = main.members.select_related("mentee__participant").first()
            young = mentee.mentee.participant if mentee else None
            if young is not None:
                _held(
                    main,
                    Kind.INTRO,
                    40,
                    {young: (9, 9, "Спокойно и по делу"), mentor: (9, 8, "")},
                    topic="Знакомство",
                )
                _held(main, Kind.TRIAL, 30, {young: (8, 9, "Разобрали мой урок в 6 «Б»"), mentor: (8, 8, "")})
                _held(main, Kind.PLANNING, 20, {young: (9, 10, "")}, topic="Составили план развития")
            services.schedule_meeting(
                main,
                acting_user=None,
                kind=Kind.WORKING,
                starts_at=(timezone.now() + dt.timedelta(days=3)).replace(
                    hour=15, minute=0, second=0, microsecond=0
                ),
                place="каб. 21",
                topic="Дисциплина на уроке: приёмы",
            )
            for plan in services.ensure_plans(main, acting_user=curator):
                goal = plan.goals.first() or services.add_goal(
                    plan, acting_user=curator, title="Освоить приёмы управления классом"
                )
                done = services.add_task(
                    goal,
                    acting_user=curator,
                    title="Посетить 3 урока наставника",
                    due=today - dt.timedelta(days=10),
                )
                services.set_task_status(done, PlanTask.Status.DONE, acting_user=curator)
                doing = services.add_task(
                    goal,
                    acting_user=curator,
                    title="Провести открытый урок",
                    due=today + dt.timedelta(days=10),
                )
                services.set_task_status(doing, PlanTask.Status.IN_PROGRESS, acting_user=curator)
                services.add_task(
                    goal,
                    acting_user=curator,
                    title="Самоанализ урока по схеме",
                    due=today + dt.timedelta(days=25),
                )

        group = _form(
            school,
            curator,
            _mentor(school, "Лысенко"),
            [_mentee(school, "Смирнов", "Артём"), _mentee(school, "Алиев", "Тимур")],
            "pupil-pupil",
        )
        if group is not None:
            _backdate(group, 20)
            first = group.members.select_related("mentee__participant").order_by("pk").first()
            if first is not None:
                _held(
                    group,
                    Kind.INTRO,
                    12,
                    {first.mentee.participant: (10, 9, "Было интересно")},
                    place="библиотека",
                )
            services.schedule_meeting(
                group,
                acting_user=None,
                kind=Kind.TRIAL,
                starts_at=(timezone.now() + dt.timedelta(days=2)).replace(
                    hour=14, minute=0, second=0, microsecond=0
                ),
                place="библиотека",
            )

        attention = _form(
            school,
            curator,
            _mentor(school, "Соловьёва"),
            [_mentee(school, "Белоусова", "Кристина")],
            "teacher-teacher",
        )
        if attention is not None:
            _backdate(attention, 50)
            person = attention.members.select_related("mentee__participant").get().mentee.participant
            _held(attention, Kind.INTRO, 35, {person: (3, 4, "Не получилось договориться о времени")})
            (plan,) = services.ensure_plans(attention, acting_user=curator)
            goal = plan.goals.first() or services.add_goal(
                plan, acting_user=curator, title="Подготовка к аттестации"
            )
            services.add_task(
                goal, acting_user=curator, title="Собрать портфолио", due=today - dt.timedelta(days=7)
            )

        completed = _form(
            school,
            curator,
            _mentor(school, "Кравченко"),
            [_mentee(school, "Васильев", "Егор")],
            "student-pupil",
        )
        if completed is not None:
            _backdate(completed, 160)
            person = completed.members.select_related("mentee__participant").get().mentee.participant
            for kind, days, score in (
                (Kind.INTRO, 150, 8),
                (Kind.TRIAL, 140, 8),
                (Kind.PLANNING, 130, 9),
                (Kind.WORKING, 90, 9),
                (Kind.FINAL, 15, 10),
            ):
                _held(completed, kind, days, {person: (score, score, "")}, place="кабинет информатики")
            services.complete_pairing(
                completed,
                acting_user=curator,
                summary="Егор подготовил проект по робототехнике и выступил на школьной конференции.",
            )

        fresh = _form(
            school,
            curator,
            _mentor(school, "Волков"),
            [_mentee(school, "Захаров", "Максим")],
            "employer-pupil",
        )
        if fresh is not None:
            _backdate(fresh, 1)
