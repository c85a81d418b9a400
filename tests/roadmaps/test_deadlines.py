"""Tests of `parse_deadline`: real roadmap phrases in a table, then properties over any text.

The table is the executable form of the decisions in the module docstring of
`nastavnik.roadmaps.deadlines`; change both together.
"""

import json
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nastavnik.roadmaps.deadlines import (
    RECURRENCES,
    Deadline,
    academic_year_of,
    deadline_json,
    parse_deadline,
)

GAP = "Перечислены несмежные периоды: срок взят от начала первого до конца последнего"

# (text, academic_year, start, end, recurrence, ongoing, warnings)
CASES = [
    ("Сентябрь 2023", 2023, "2023-09-01", "2023-09-30", None, False, ()),
    ("сентябрь-октябрь", 2023, "2023-09-01", "2023-10-31", None, False, ()),
    ("Октябрь 2023 г.", 2023, "2023-10-01", "2023-10-31", None, False, ()),
    ("в течение учебного года", 2023, "2023-09-01", "2024-05-31", None, False, ()),
    ("май", 2023, "2024-05-01", "2024-05-31", None, False, ()),
    ("Ежегодно", 2023, None, None, "yearly", False, ()),
    ("на постоянной основе", 2023, None, None, None, True, ()),
    ("Март-апрель 2024 г.", 2023, "2024-03-01", "2024-04-30", None, False, ()),
    ("апрель, май 2020 г.", 2023, "2020-04-01", "2020-05-31", None, False, ()),
    ("до 01.09.2023", 2023, None, "2023-09-01", None, False, ()),
    ("15 сентября 2023 года", 2023, "2023-09-15", "2023-09-15", None, False, ()),
    ("с 21.03.- 28.03.2022", 2021, "2022-03-21", "2022-03-28", None, False, ()),
    ("II полугодие", 2023, "2024-01-01", "2024-05-31", None, False, ()),
    ("IV квартал 2023", 2023, "2023-10-01", "2023-12-31", None, False, ()),
    ("1 раз в квартал", 2023, None, None, "quarterly", False, ()),
    ("1 раз в полугодие", 2023, None, None, "half-yearly", False, ()),
    ("в течение всего периода реализации программы", 2023, None, None, None, True, ()),
    ("в течение всего периода реализации ЦМН", 2023, None, None, None, True, ()),
    ("В течение всего периода реализации целевой модели наставничества.", 2023, None, None, None, True, ()),
    ("весь период реализации программы наставничества", 2023, None, None, None, True, ()),
    ("Ежегодно, на постоянной основе май", 2023, "2024-05-01", "2024-05-31", "yearly", True, ()),
    ("Август- сентябрь 2023 г", 2023, "2023-08-01", "2023-09-30", None, False, ()),
    ("январь 2021", 2020, "2021-01-01", "2021-01-31", None, False, ()),
    ("в мае", 2023, "2024-05-01", "2024-05-31", None, False, ()),
    ("с 1 по 15 сентября", 2023, "2023-09-01", "2023-09-15", None, False, ()),
    ("с сентября по май", 2023, "2023-09-01", "2024-05-31", None, False, ()),
    ("Сентябрь-декабрь", 2023, "2023-09-01", "2023-12-31", None, False, ()),
    (
        "декабрь, май",
        2023,
        "2023-12-01",
        "2024-05-31",
        None,
        False,
        ("Перечислены несмежные периоды: срок взят от начала первого до конца последнего",),
    ),
    ("ноябрь - январь", 2023, "2023-11-01", "2024-01-31", None, False, ()),
    ("по мере необходимости", 2023, None, None, None, False, ()),
    ("абракадабра", 2023, None, None, None, False, ("Не удалось распознать срок: «абракадабра»",)),
    ("", 2023, None, None, None, False, ("Срок не указан",)),
    ("   ", 2023, None, None, None, False, ("Срок не указан",)),
    ("сентября", 2023, "2023-09-01", "2023-09-30", None, False, ()),
    ("в течение октября", 2023, "2023-10-01", "2023-10-31", None, False, ()),
    ("1.09.23", 2023, "2023-09-01", "2023-09-01", None, False, ()),
    ("01.09.2023", None, "2023-09-01", "2023-09-01", None, False, ()),
    ("к 1 сентября", 2023, None, "2023-09-01", None, False, ()),
    ("в течение года", 2023, "2023-09-01", "2024-05-31", None, False, ()),
    ("2023-2024 учебный год", None, "2023-09-01", "2024-05-31", None, False, ()),
    ("учебный год", 2023, "2023-09-01", "2024-05-31", None, False, ()),
    ("I полугодие", 2023, "2023-09-01", "2023-12-31", None, False, ()),
    ("2 полугодие", 2023, "2024-01-01", "2024-05-31", None, False, ()),
    ("1 четверть", 2023, "2023-09-01", "2023-10-31", None, False, ()),
    ("четверть", 2023, None, None, None, False, ("Не указан номер периода: «четверть»",)),
    ("ежемесячно", 2023, None, None, "monthly", False, ()),
    ("еженедельно", 2023, None, None, "weekly", False, ()),
    ("раз в месяц", 2023, None, None, "monthly", False, ()),
    ("ежеквартально", 2023, None, None, "quarterly", False, ()),
    ("2 раза в год", 2023, None, None, "half-yearly", False, ()),
    ("постоянно", 2023, None, None, None, True, ()),
    ("в течение всего периода", 2023, None, None, None, True, ()),
    ("декабрь 2023 – январь 2024", None, "2023-12-01", "2024-01-31", None, False, ()),
    (
        "сентябрь, декабрь, май",
        2023,
        "2023-09-01",
        "2024-05-31",
        None,
        False,
        ("Перечислены несмежные периоды: срок взят от начала первого до конца последнего",),
    ),
    ("<p>Сентябрь 2023 г.</p>", None, "2023-09-01", "2023-09-30", None, False, ()),
    ("ІІ полугодие", 2023, "2024-01-01", "2024-05-31", None, False, ()),
    ("IV  КВАРТАЛ\n2023 г.", None, "2023-10-01", "2023-12-31", None, False, ()),
    ("Сентябрь (по графику)", 2023, "2023-09-01", "2023-09-30", None, False, ()),
    ("до конца учебного года", 2023, None, "2024-05-31", None, False, ()),
    ("до сентября 2024 г.", None, None, "2024-09-01", None, False, ()),
    (
        "2023-2024 гг.",
        None,
        "2023-09-01",
        "2024-05-31",
        None,
        False,
        ("Диапазон лет «2023-2024 гг.» понят как учебные годы (с 1 сентября по 31 мая)",),
    ),
    ("I полугодие 2023-2024 учебного года", None, "2023-09-01", "2023-12-31", None, False, ()),
    (
        "3 раза в год",
        2023,
        None,
        None,
        "quarterly",
        False,
        ("Периодичность «3 раза в год» приближена: «ежеквартально»",),
    ),
    (
        "ежедневно",
        2023,
        None,
        None,
        None,
        True,
        ("Ежедневная периодичность не поддерживается: отмечено как постоянная работа",),
    ),
    ("с 1 сентября", 2023, "2023-09-01", None, None, False, ()),
    ("по 31 мая", 2023, None, "2024-05-31", None, False, ()),
    ("осенью", 2023, "2023-09-01", "2023-11-30", None, False, ()),
    ("III квартал", 2023, "2023-07-01", "2023-09-30", None, False, ()),
    ("II триместр", 2023, "2023-12-01", "2024-02-29", None, False, ()),
    ("31 сентября", 2023, None, None, None, False, ("Некорректная дата: «31 сентября»",)),
    ("в 2023 году", None, "2023-01-01", "2023-12-31", None, False, ()),
    ("МАРТ", 2023, "2024-03-01", "2024-03-31", None, False, ()),
    ("Ceнтябрь", 2023, "2023-09-01", "2023-09-30", None, False, ()),
    (
        "Сентябрь 2023, далее ежемесячно",
        None,
        "2023-09-01",
        "2023-09-30",
        "monthly",
        False,
        ("Не распознана часть текста: «далее»",),
    ),
    ("2023/24 уч. г.", None, "2023-09-01", "2024-05-31", None, False, ()),
    ("с 01.09.2023 по 31.05.2024", None, "2023-09-01", "2024-05-31", None, False, ()),
    ("в конце учебного года", 2023, "2024-05-01", "2024-05-31", None, False, ()),
    ("1-15 сентября", 2023, "2023-09-01", "2023-09-15", None, False, ()),
    ("с сентября 2023 г. по май 2024 г.", None, "2023-09-01", "2024-05-31", None, False, ()),
    (
        "I полугодие 2024 г.",
        None,
        "2024-01-01",
        "2024-06-30",
        None,
        False,
        ("Полугодие с календарным годом понято как календарное: «I полугодие 2024 г.»",),
    ),
    (
        "с 15.09.2023 по 01.09.2023",
        None,
        None,
        None,
        None,
        False,
        ("Начало срока позже окончания — даты не определены: «с 15.09.2023 по 01.09.2023»",),
    ),
    (
        "ежемесячно, ежегодно",
        2023,
        None,
        None,
        "monthly",
        False,
        ("Указано несколько разных периодичностей; взята первая («ежемесячно»), «ежегодно» не учтено",),
    ),
    ("май", None, None, None, None, False, ("Не указан год, а учебный год не задан: «май»",)),
    (
        "в течение учебного года",
        None,
        None,
        None,
        None,
        False,
        ("Учебный год не задан — даты для «в течение учебного года» не определены",),
    ),
    ("Декабрь, 2023", None, "2023-12-01", "2023-12-31", None, False, ()),
    ("2 кв. 2024", None, "2024-04-01", "2024-06-30", None, False, ()),
    ("I-II полугодие", 2023, "2023-09-01", "2024-05-31", None, False, ()),
    (
        "по итогам I четверти",
        2023,
        "2023-09-01",
        "2023-10-31",
        None,
        False,
        ("Не распознана часть текста: «итогам»",),
    ),
    ("П полугодие", 2023, "2024-01-01", "2024-05-31", None, False, ()),
    ("до 25.05.", 2023, None, "2024-05-25", None, False, ()),
    ("зима", 2023, "2023-12-01", "2024-02-29", None, False, ()),
    ("сентябрь\nоктябрь", 2023, "2023-09-01", "2023-10-31", None, False, ()),
    ("по запросу", 2023, None, None, None, False, ()),
    (
        "2 раза в месяц",
        2023,
        None,
        None,
        "weekly",
        False,
        ("Периодичность «2 раза в месяц» приближена: «еженедельно»",),
    ),
    ("в летний период", 2023, "2024-06-01", "2024-08-31", None, False, ()),
    ("до 15.09", None, None, None, None, False, ("Не указан год, а учебный год не задан: «до 15.09»",)),
    ("не позднее 1 октября", 2023, None, "2023-10-01", None, False, ()),
    ("август", 2023, "2024-08-01", "2024-08-31", None, False, ()),
    ("февраль-март", 2023, "2024-02-01", "2024-03-31", None, False, ()),
    ("IV четверть", 2023, "2024-04-01", "2024-05-31", None, False, ()),
    ("в течение 1 полугодия", 2023, "2023-09-01", "2023-12-31", None, False, ()),
    ("ежегодно (май)", 2023, "2024-05-01", "2024-05-31", "yearly", False, ()),
]


@pytest.mark.parametrize(
    ("text", "academic_year", "start", "end", "recurrence", "ongoing", "warnings"), CASES
)
def test_real_phrases(text, academic_year, start, end, recurrence, ongoing, warnings):
    expected = {
        "text": text,
        "start": start,
        "end": end,
        "recurrence": recurrence,
        "ongoing": ongoing,
        "warnings": list(warnings),
    }
    assert parse_deadline(text, academic_year).to_dict() == expected


def test_table_is_large_enough():
    assert len(CASES) >= 60


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2023, 9, 1), 2023),
        (date(2023, 12, 31), 2023),
        (date(2024, 1, 1), 2023),
        (date(2024, 8, 31), 2023),
    ],
)
def test_academic_year_of(day, year):
    assert academic_year_of(day) == year


def test_academic_year_of_agrees_with_month_placement():
    """A month placed by the parser belongs to the academic year it was placed in."""
    for month in ("сентябрь", "декабрь", "январь", "май", "август"):
        deadline = parse_deadline(month, 2023)
        assert deadline.start is not None
        assert academic_year_of(deadline.start) == 2023


def test_text_is_kept_verbatim():
    raw = "  <p>Сентябрь&nbsp;2023 г.</p>\n"
    assert parse_deadline(raw, None).text == raw


def test_warning_quotes_the_cleaned_phrase():
    assert parse_deadline("<b>Когда-нибудь</b>", 2023).warnings == (
        "Не удалось распознать срок: «Когда-нибудь»",
    )


def test_deadline_json_is_one_object():
    data = json.loads(deadline_json("Сентябрь-октябрь 2023 г.", 2023))
    assert data == {
        "text": "Сентябрь-октябрь 2023 г.",
        "start": "2023-09-01",
        "end": "2023-10-31",
        "recurrence": None,
        "ongoing": False,
        "warnings": [],
    }


def test_deadline_json_keeps_cyrillic_readable():
    assert "абракадабра" in deadline_json("абракадабра", 2023)


def test_from_dict_accepts_missing_optional_keys():
    assert Deadline.from_dict({"text": "май"}) == Deadline("май", None, None, None, False, ())


# --------------------------------------------------------------------------- properties

MONTHS = [
    "январь", "января", "февраль", "марте", "апрель", "мая", "май", "июнь", "июля", "август",
    "сентябрь", "сентября", "октябре", "ноябрь", "декабрь", "Дек.", "СЕНТ",
]  # fmt: skip
KEYWORDS = [
    "I", "II", "IV", "І", "П", "полугодие", "четверть", "квартал", "триместр", "зима", "осенью", "лето",
    "учебный год", "в течение года", "в течение учебного года", "ежегодно", "ежемесячно", "раз в",
    "2 раза в год", "на постоянной основе", "постоянно", "по мере необходимости", "в течение всего периода",
    "до", "к", "с", "по", "не позднее", "от", "до конца", "конце", "г.", "года", "гг.", "(по графику)",
    "<p>", "</p>", "&nbsp;", "абракадабра", "числа", "и", "(", ")",
]  # fmt: skip
SEPARATORS = [" ", ", ", "-", " - ", " – ", "—", "\n", " и ", "; "]

# Numbers stay below 100 and separators contain no dots or slashes, so no year can appear.
yearless_token = st.one_of(
    st.sampled_from(MONTHS + KEYWORDS), st.integers(min_value=0, max_value=99).map(str)
)
yearless_phrase = st.lists(st.tuples(yearless_token, st.sampled_from(SEPARATORS)), max_size=8).map(
    lambda parts: "".join(token + separator for token, separator in parts)
)
any_phrase = st.one_of(
    st.text(max_size=60),
    yearless_phrase,
    st.lists(
        st.one_of(
            yearless_token, st.sampled_from(["2023", "2024 г.", "01.09.2023", "1.09.23", "2023-2024", "."])
        ),
        max_size=8,
    ).map(" ".join),
)
academic_years = st.one_of(st.none(), st.integers(min_value=1990, max_value=2090))

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(text=any_phrase, academic_year=academic_years)
def test_never_crashes_and_stays_consistent(text, academic_year):
    deadline = parse_deadline(text, academic_year)
    assert deadline.text == text
    if deadline.start and deadline.end:
        assert deadline.start <= deadline.end
    assert deadline.recurrence is None or deadline.recurrence in RECURRENCES
    assert all(isinstance(w, str) and w for w in deadline.warnings)


@PROPERTY_SETTINGS
@given(text=any_phrase, academic_year=academic_years)
def test_round_trip_through_json(text, academic_year):
    deadline = parse_deadline(text, academic_year)
    assert Deadline.from_dict(json.loads(json.dumps(deadline.to_dict(), ensure_ascii=False))) == deadline
    assert json.loads(deadline_json(text, academic_year)) == deadline.to_dict()


@PROPERTY_SETTINGS
@given(text=yearless_phrase, academic_year=st.integers(min_value=1990, max_value=2090))
def test_yearless_dates_stay_near_the_academic_year(text, academic_year):
    assert not re.search(r"\d{4}", text)
    deadline = parse_deadline(text, academic_year)
    for day in (deadline.start, deadline.end):
        if day is not None:
            assert academic_year - 1 <= day.year <= academic_year + 3


@PROPERTY_SETTINGS
@given(text=yearless_phrase)
def test_without_academic_year_yearless_text_gets_no_dates(text):
    deadline = parse_deadline(text, None)
    assert deadline.start is None and deadline.end is None


@PROPERTY_SETTINGS
@given(text=yearless_phrase)
def test_nothing_is_dropped_silently(text):
    """Either the phrase yields something or a warning explains why not."""
    deadline = parse_deadline(text, 2023)
    understood = deadline.start or deadline.end or deadline.recurrence or deadline.ongoing
    as_needed = re.search(r"необходимости", text)
    assert understood or deadline.warnings or as_needed
