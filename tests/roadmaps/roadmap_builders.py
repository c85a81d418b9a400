"""Builders for roadmap tests: a roadmap of any size in one organization, the seed files."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from nastavnik.roadmaps.deadlines import parse_deadline
from nastavnik.roadmaps.models import Activity, ActivityResponsible, Roadmap
from nastavnik.roadmaps.queries import current_academic_year
from nastavnik.roadmaps.services import import_roadmap

#: The seed roadmaps (copies kept with the reader's tests, so the suite does not depend on /work/shared).
SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SCHOOL_5 = SEEDS / "roadmap_school_5.txt"
KINDERGARTEN_14 = SEEDS / "roadmap_kindergarten_14.txt"
CORRECTIONAL = SEEDS / "roadmap_correctional_school.txt"
ALL_SEEDS = [SCHOOL_5, KINDERGARTEN_14, CORRECTIONAL]


def draft_dict(
    activities: int = 5,
    stages: int = 2,
    academic_year: int | None = None,
    deadline: str = "октябрь",
    responsible=None,
) -> dict:
    """A draft shaped like the reader's, with `activities` spread over `stages`; by default next school
    year, so that nothing is overdue until a test says so."""
    academic_year = academic_year or current_academic_year() + 1
    per_stage = [activities // stages + (1 if i < activities % stages else 0) for i in range(stages)]
    return {
        "title": f"Дорожная карта на {academic_year}/{academic_year + 1} учебный год",
        "organization": None,
        "academic_year": academic_year,
        "targets": [],
        "stages": [
            {
                "number": str(s + 1),
                "title": f"Этап {s + 1}",
                "deadline": None,
                "activities": [
                    {
                        "number": f"{s + 1}.{i + 1}",
                        "title": f"Мероприятие {s + 1}.{i + 1}",
                        "description": None,
                        "deadline": parse_deadline(deadline, academic_year).to_dict(),
                        "responsible": list(responsible or ["Куратор"]),
                        "result": "Приказ",
                    }
                    for i in range(count)
                ],
            }
            for s, count in enumerate(per_stage)
        ],
        "risks": [{"risk": "Низкая мотивация наставников", "mitigation": "Поощрение"}],
        "warnings": [],
    }


def make_roadmap(organization, activities: int = 5, stages: int = 2, **kwargs) -> Roadmap:
    return import_roadmap(organization, draft_dict(activities, stages, **kwargs), acting_user=None)


def set_deadline(activity: Activity, start: date | None, end: date | None, text: str = "срок") -> Activity:
    activity.deadline_text, activity.deadline_start, activity.deadline_end = text, start, end
    activity.save()
    return activity


def assign(activity: Activity, user, label: str = "Ответственный") -> ActivityResponsible:
    return ActivityResponsible.objects.create(
        organization=activity.organization, activity=activity, label=label, user=user
    )


def days(n: int) -> date:
    from django.utils import timezone

    return timezone.localdate() + timedelta(days=n)
