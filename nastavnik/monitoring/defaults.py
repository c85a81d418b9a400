"""The shipped catalogue of stage-2 outcome measures (what schools report on growth), loaded by a data
migration into `Measure` rows without an organization. Editable reference data, not a hard-coded list:
an organization adds its own measures beside these.
"""

from __future__ import annotations

from typing import Any

MEASURES: list[dict[str, Any]] = [
    # learners
    {
        "code": "average-grade",
        "title": "Средний балл успеваемости",
        "audience": "learners",
        "kind": "number",
        "unit": "балл",
        "min_value": 1,
        "max_value": 5,
    },
    {
        "code": "attendance",
        "title": "Посещаемость занятий",
        "audience": "learners",
        "kind": "number",
        "unit": "%",
        "min_value": 0,
        "max_value": 100,
    },
    {
        "code": "olympiads",
        "title": "Участие в олимпиадах и конкурсах",
        "audience": "learners",
        "kind": "number",
        "unit": "раз за год",
        "min_value": 0,
        "max_value": 100,
    },
    {
        "code": "places",
        "title": "Призовые места в олимпиадах и конкурсах",
        "audience": "learners",
        "kind": "number",
        "unit": "мест",
        "min_value": 0,
        "max_value": 100,
    },
    {
        "code": "profession-choice",
        "title": "Сделан выбор профессии",
        "audience": "learners",
        "kind": "yes_no",
        "unit": "",
        "min_value": 0,
        "max_value": 1,
    },
    # teachers
    {
        "code": "profession-satisfaction",
        "title": "Удовлетворённость профессией",
        "audience": "teachers",
        "kind": "number",
        "unit": "балл 1–10",
        "min_value": 1,
        "max_value": 10,
    },
    {
        "code": "wish-to-stay",
        "title": "Желание продолжать работу в организации",
        "audience": "teachers",
        "kind": "number",
        "unit": "балл 1–10",
        "min_value": 1,
        "max_value": 10,
    },
    {
        "code": "qualification",
        "title": "Квалификационная категория",
        "audience": "teachers",
        "kind": "number",
        "unit": "0 — нет, 1 — первая, 2 — высшая",
        "min_value": 0,
        "max_value": 2,
    },
    {
        "code": "teacher-contests",
        "title": "Участие в профессиональных конкурсах",
        "audience": "teachers",
        "kind": "number",
        "unit": "раз за год",
        "min_value": 0,
        "max_value": 100,
    },
]
