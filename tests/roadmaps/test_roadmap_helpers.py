"""Pure helpers of the roadmap pages: recognizing names in labels, placing bars on the timeline."""

from datetime import date

import pytest

from nastavnik.roadmaps.people import match_person, name_keys, normalize_name_text
from nastavnik.roadmaps.timeline import bar_for

PEOPLE = [
    (1, name_keys("Мурадханова", "Тамара", "Николаевна")),
    (2, name_keys("Миранова", "Галина", "Сергеевна")),
    (3, name_keys("Чеснокова", "Галина", "Яковлевна")),
    (4, name_keys("Ёлкина", "Анна", "")),
]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Директор МКОУ «СОШ №5» Мурадханова Т.Н.", 1),
        ("Т.Н.Мурадханова", 1),
        ("Т. Н. Мурадханова", 1),
        ("Мурадханова Тамара Николаевна", 1),
        ("Заместитель директора по УВР Миранова Г.С.", 2),
        ("Миранова Г. С.", 2),
        ("Чеснокова Г.Я., заведующий", 3),
        ("Елкина А.", 4),
        ("руководители МО", None),
        ("Мурадханова Т.Н., Миранова Г.С.", None),  # two people: ambiguous, left to the curator
        ("Мурадханов Т.Н.", None),  # another person
        ("", None),
    ],
)
def test_a_label_names_one_member(label, expected):
    assert match_person(label, PEOPLE) == expected


def test_normalization_keeps_initials_together():
    assert normalize_name_text("  Иванова  И. И. ") == "иванова и.и."


ACADEMIC_YEAR = 2026


@pytest.mark.parametrize(
    ("start", "end", "lines", "clipped", "whole"),
    [
        (date(2026, 9, 1), date(2026, 9, 30), (2, 3), False, False),  # September
        (date(2026, 10, 1), date(2026, 11, 30), (3, 5), False, False),  # October–November
        (date(2026, 9, 1), date(2027, 5, 31), (2, 11), False, False),  # the school year
        (date(2027, 8, 1), date(2027, 8, 31), (13, 14), False, False),  # August
        (None, date(2026, 12, 25), (5, 6), False, False),  # «до 25 декабря»
        (date(2026, 8, 1), date(2026, 9, 30), (2, 3), True, False),  # starts before September
        (None, None, (2, 14), False, True),  # no dates: drawn across the year
    ],
)
def test_bars(start, end, lines, clipped, whole):
    bar = bar_for(start, end, ACADEMIC_YEAR)
    assert bar is not None
    assert (bar.start_line, bar.end_line, bar.clipped, bar.whole_year) == (*lines, clipped, whole)


def test_a_deadline_of_another_year_has_no_bar():
    assert bar_for(date(2022, 3, 21), date(2022, 3, 28), ACADEMIC_YEAR) is None
    assert bar_for(date(2027, 9, 1), date(2027, 9, 30), ACADEMIC_YEAR) is None
