"""The `parse_deadline` management command prints exactly one JSON object, as the reader's docs promise."""

import json
from io import StringIO

from django.core.management import call_command


def run(*args: str) -> dict:
    out = StringIO()
    call_command("parse_deadline", *args, stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def test_prints_one_json_object():
    assert run("Ежегодно, на постоянной основе май", "--academic-year", "2023") == {
        "text": "Ежегодно, на постоянной основе май",
        "start": "2024-05-01",
        "end": "2024-05-31",
        "recurrence": "yearly",
        "ongoing": True,
        "warnings": [],
    }


def test_without_academic_year_months_stay_undated():
    data = run("май")
    assert data["start"] is None and data["end"] is None
    assert data["warnings"] == ["Не указан год, а учебный год не задан: «май»"]


def test_output_keeps_cyrillic():
    out = StringIO()
    call_command("parse_deadline", "абракадабра", stdout=out)
    assert "«абракадабра»" in out.getvalue()
