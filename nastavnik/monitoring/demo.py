"""Demo of monitoring: the demo school's contingent (this year and the last), a roadmap target with its
indicator code and the region's ladder, growth measures of its pupils and teachers, the curator's SWOT —
so that the indicators, the monitoring of the year and the growth pages are not empty.

Runs after the roadmaps and mentoring demos (`DEMO_EXTENSIONS`). Idempotent: once the school has a
contingent for the current year, nothing is created again.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from nastavnik.accounts.models import User
from nastavnik.core.demo import SCHOOL
from nastavnik.core.tenancy import scopes_disabled
from nastavnik.methodology import indicators as codes
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import Participant
from nastavnik.roadmaps.models import Programme, ProgrammeTarget
from nastavnik.roadmaps.queries import current_academic_year

from . import services
from .models import Contingent, Measure, RegionalTarget

CURATOR = "curator@demo.nastavnik.ru"


def load_demo_monitoring() -> None:
    with scopes_disabled(), transaction.atomic():
        school = Organization.objects.select_related("municipality").filter(slug=SCHOOL).first()
        year = current_academic_year()
        if school is None or Contingent.objects.filter(organization=school, academic_year=year).exists():
            return
        curator = User.objects.filter(email=CURATOR).first()
        for y, learners, in_age, teachers, young in ((year - 1, 412, 268, 38, 4), (year, 425, 281, 39, 5)):
            services.save_contingent(
                school,
                y,
                {
                    "learners_total": learners,
                    "learners_in_age": in_age,
                    "teachers_total": teachers,
                    "young_specialists_total": young,
                },
                acting_user=curator,
            )
        programme = Programme.objects.filter(organization=school).order_by("-academic_year_from").first()
        if programme is not None:
            text = "не менее 70 % обучающихся в возрасте от 10 до 18 лет вовлечены в программы наставничества"
            ProgrammeTarget.objects.get_or_create(
                organization=school,
                programme=programme,
                text=text,
                defaults={
                    "percent": 70,
                    "by": dt.date(year + 2, 5, 31),
                    "indicator_code": codes.guess_code(text),
                    "position": 99,
                },
            )
        region_id = school.municipality.region_id
        for y, percent in ((year - 1, 10), (year, 30), (year + 1, 50), (year + 2, 70)):
            RegionalTarget.objects.get_or_create(
                region_id=region_id,
                code=codes.LEARNERS_INVOLVED,
                academic_year=y,
                defaults={"percent": percent},
            )
        _growth(school, year, curator)
        services.save_swot(
            school,
            year,
            {
                "strengths": "Опытные наставники из числа педагогов; встречи пар проходят по плану.",
                "weaknesses": "Не все наставляемые оставляют обратную связь после встреч.",
                "opportunities": "Партнёрство с колледжем: студенты-наставники для 7–9 классов.",
                "threats": "Нагрузка педагогов-наставников; переход учеников в другие школы.",
            },
            acting_user=curator,
        )


def _growth(school: Organization, year: int, curator: User | None) -> None:
    grade = Measure.objects.get(organization=None, code="average-grade")
    attendance = Measure.objects.get(organization=None, code="attendance")
    satisfaction = Measure.objects.get(organization=None, code="profession-satisfaction")
    pupils = list(
        Participant.objects.filter(organization=school, category=Participant.Category.PUPIL).order_by("pk")[
            :14
        ]
    )
    for n, pupil in enumerate(pupils):
        before = 3.2 + (n % 5) * 0.2
        services.set_measure_value(
            pupil, grade, year, round(before, 1), round(before + 0.1 + (n % 3) * 0.15, 1), acting_user=curator
        )
        services.set_measure_value(pupil, attendance, year, 88 + n % 6, 89 + (n * 7) % 8, acting_user=curator)
    teachers = list(
        Participant.objects.filter(
            organization=school,
            category__in=(Participant.Category.TEACHER, Participant.Category.YOUNG_SPECIALIST),
        ).order_by("pk")[:8]
    )
    for n, teacher in enumerate(teachers):
        services.set_measure_value(
            teacher, satisfaction, year, 6 + n % 3, 7 + n % 3 + (n % 2), acting_user=curator
        )
