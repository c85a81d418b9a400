"""A school with a year of mentoring to report on: staff, a roadmap, pairings of adults and of minors with
recognisable names, meetings and feedback. Figures the tests expect are computed from what is created here."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.mentoring.models import Pairing
from nastavnik.mentoring.services import form_pairing
from nastavnik.roadmaps.models import Activity, ActivityStatus, Programme, Roadmap, Stage
from nastavnik.roadmaps.queries import current_academic_year
from tests.builders import (
    give_consent,
    make_feedback,
    make_matchable_mentee,
    make_matchable_mentor,
    make_meeting,
    make_user,
    minor_birth,
    pupil_form,
    teacher_form,
)

#: Names of minors no aggregate document may contain (searched in the document's XML).
MINOR_NAMES = ("Школьников", "Тимофей", "Ученикова", "Василиса")


def docx_text(content: bytes) -> str:
    """Everything Word would show, tables included, and the raw XML of the parts (for the privacy search)."""
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def docx_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


def fio(name: str) -> dict[str, str]:
    last_name, first_name, *patronymic = name.split()
    return {"last_name": last_name, "first_name": first_name, "patronymic": " ".join(patronymic)}


@pytest.fixture
def year() -> int:
    return current_academic_year()


@pytest.fixture
def school(organization, curator, year):
    """The data of one academic year of `organization`."""
    curator.last_name, curator.first_name, curator.patronymic = "Кураторова", "Ольга", "Ивановна"
    curator.save()
    director = make_user(Role.DIRECTOR, organization=organization, name="Директоров Иван Петрович")
    group_member = make_user(Role.WORKING_GROUP, organization=organization, name="Психологова Анна Сергеевна")
    group_member.memberships.update(position="педагог-психолог")

    programme = Programme.objects.create(
        organization=organization, title="Программа", academic_year_from=year, academic_year_to=year + 2
    )
    roadmap = Roadmap.objects.create(
        organization=organization,
        programme=programme,
        title="Дорожная карта наставничества",
        academic_year=year,
    )
    stage = Stage.objects.create(organization=organization, roadmap=roadmap, title="Подготовка", position=1)
    statuses = [ActivityStatus.DONE, ActivityStatus.DONE, ActivityStatus.IN_PROGRESS, ActivityStatus.PLANNED]
    for n, status in enumerate(statuses):
        Activity.objects.create(
            organization=organization, roadmap=roadmap, stage=stage, title=f"Мероприятие {n}", status=status
        )

    teacher = make_matchable_mentor(
        organization, **fio("Кузнецова Елена Петровна"), subject="Математика", capacity=2
    )
    pupil_mentor = make_matchable_mentor(
        organization, **fio("Старшеклассникова Мария Олеговна"), subject="", capacity=2
    )
    revoked_mentor = make_matchable_mentor(organization, **fio("Отозванная Инна Павловна"))
    give_consent(revoked_mentor.participant, revoked=True, scan=False)
    young = make_matchable_mentee(organization, **fio("Молодой Пётр Ильич"), category="young_specialist")
    kids = [
        make_matchable_mentee(
            organization, **fio("Школьников Тимофей"), birth_date=minor_birth(13), category="pupil"
        ),
        make_matchable_mentee(
            organization, **fio("Ученикова Василиса"), birth_date=minor_birth(12), category="pupil"
        ),
    ]
    # Formed through the mentoring service (the consent and capacity rules hold), approved a month ago.
    teachers = form_pairing(organization, teacher, [young], acting_user=curator, form=teacher_form())
    pupils = form_pairing(organization, pupil_mentor, kids, acting_user=curator, form=pupil_form())
    done = form_pairing(
        organization,
        teacher,
        [make_matchable_mentee(organization, **fio("Завершённый Игорь Павлович"))],
        acting_user=curator,
        form=teacher_form(),
    )
    month_ago = timezone.now() - dt.timedelta(days=30)
    Pairing.objects.filter(organization=organization).update(approved_at=month_ago)
    Pairing.objects.filter(pk=done.pk).update(
        status=Pairing.Status.COMPLETED, ended_at=timezone.now() - dt.timedelta(days=2)
    )

    def meeting(pairing, kind, days_ago, status="held"):
        return make_meeting(pairing, timezone.now() - dt.timedelta(days=days_ago), kind=kind, status=status)

    held = [
        meeting(teachers, "intro", 20),
        meeting(teachers, "working", 10),
        meeting(pupils, "intro", 15),
        meeting(done, "final", 3),
    ]
    meeting(teachers, "working", -5, status="scheduled")
    meeting(pupils, "trial", 5, status="cancelled")
    feedback = [
        make_feedback(held[0], young.participant, 9, 7),
        make_feedback(held[1], young.participant, 7, 9),
        make_feedback(held[2], kids[0].participant, 8, 10),
        make_feedback(held[2], teacher.participant, 5, 5, is_mentor=True),
    ]
    return {
        "director": director,
        "curator": curator,
        "group_member": group_member,
        "roadmap": roadmap,
        "activities": statuses,
        "teacher": teacher,
        "pupil_mentor": pupil_mentor,
        "revoked_mentor": revoked_mentor,
        "young": young,
        "kids": kids,
        "pairings": {"teachers": teachers, "pupils": pupils, "done": done},
        "held": held,
        "feedback": feedback,
    }


@pytest.fixture
def monitoring(monkeypatch):
    """The monitoring app's read side (contract in briefs: results and indicators) answering fixed figures,
    so that the documents' tests check their own part: where the figures land and how they are written."""
    import sys
    import types

    from nastavnik.monitoring.indicators import Indicator  # the real row: the fake answers in its shape

    figures = {
        "results": {
            "academic_year": 0,
            "stage1": {
                "questionnaires": [
                    {
                        "title": "Анкета наставляемого",
                        "invited": 40,
                        "submitted": 31,
                        "response_rate": 77.5,
                        "items": [
                            {
                                "question": "Удовлетворённость работой с наставником",
                                "kind": "scale",
                                "n": 31,
                                "mean": 8.25,
                                "sd": 1.5,
                            },
                            {
                                "question": "Порекомендуете ли программу?",
                                "kind": "yes_no",
                                "n": 30,
                                "mean": 90.0,
                                "sd": None,
                            },
                        ],
                        "open_answers": [
                            {"question": "Что запомнилось?", "answers": ["Занятия с Тимофеем Школьниковым"]}
                        ],
                    }
                ],
                "expectations_vs_results": [
                    {
                        "audience": "mentee",
                        "item": "Уверенность в себе",
                        "expectation": {"n": 3, "mean": 6.0, "sd": 1.0},
                        "result": {"n": 3, "mean": 7.0, "sd": 1.0},
                        "paired": {
                            "n": 3,
                            "mean_before": 6.0,
                            "mean_after": 7.0,
                            "mean_change": 1.0,
                            "effect_size": None,
                            "ci_low": None,
                            "ci_high": None,
                            "p_value": None,
                            "conclusive": False,
                            "verdict": "мало данных для вывода (меньше 5 пар)",
                        },
                    }
                ],
            },
            "stage2": {
                "measures": [
                    {
                        "code": "motivation",
                        "title": "Мотивация к обучению",
                        "group": "наставляемые",
                        "n": 12,
                        "mean_before": 5.5,
                        "mean_after": 7.25,
                        "mean_change": 1.75,
                        "effect_size": 0.9,
                        "ci_low": 0.8,
                        "ci_high": 2.7,
                        "p_value": 0.004,
                        "conclusive": True,
                        "verdict": "заметный рост",
                    }
                ]
            },
        },
        "indicators": [
            Indicator(
                "learners_involved", "Доля обучающихся в программе", 37.5, 75, 200, 50.0, 2026, "behind", True
            ),
            Indicator("pairings_active", "Действующие пары", 2, 2, None, None, None, "no_target", False),
        ],
    }
    results = types.ModuleType("nastavnik.monitoring.results")
    results.monitoring_results = lambda organization, year: {**figures["results"], "academic_year": year}
    indicators = types.ModuleType("nastavnik.monitoring.indicators")
    indicators.organization_indicators = lambda organization, year: list(figures["indicators"])
    package = sys.modules.get("nastavnik.monitoring") or types.ModuleType("nastavnik.monitoring")
    monkeypatch.setitem(sys.modules, "nastavnik.monitoring", package)
    monkeypatch.setitem(sys.modules, "nastavnik.monitoring.results", results)
    monkeypatch.setitem(sys.modules, "nastavnik.monitoring.indicators", indicators)
    return figures
