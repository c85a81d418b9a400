"""Normalizing posted answers: every input becomes a clean value, None, or an AnswerError — nothing else."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nastavnik.questionnaires import answers as pure
from nastavnik.questionnaires.answers import AnswerError, QuestionSpec

CHOICES = ("1", "2", "3")


def spec(kind, **kw):
    return QuestionSpec(kind=kind, **kw)


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("single_choice", ["2"], "2"),
        ("single_choice", [""], None),
        ("multiple_choice", ["3", "1", "3"], ["1", "3"]),
        ("multiple_choice", [], None),
        ("scale", ["7"], 7),
        ("yes_no", ["yes"], True),
        ("yes_no", ["no"], False),
        ("short_text", ["  много   пробелов  "], "много пробелов"),
        ("long_text", ["строка 1\nстрока 2"], "строка 1\nстрока 2"),
        ("long_text", ["   "], None),
        ("ranking", ["12", "", "10"], [12, 10]),
    ],
)
def test_good_input_becomes_a_clean_value(kind, raw, expected):
    assert pure.normalize(spec(kind, choices=CHOICES, people=(10, 11, 12)), raw) == expected


@pytest.mark.parametrize(
    ("kind", "raw", "code"),
    [
        ("single_choice", ["9"], "invalid_choice"),
        ("single_choice", ["1", "2"], "one_choice"),
        ("multiple_choice", ["1", "<script>"], "invalid_choice"),
        ("scale", ["11"], "out_of_scale"),
        ("scale", ["0"], "out_of_scale"),
        ("scale", ["семь"], "not_a_number"),
        ("yes_no", ["maybe"], "invalid_choice"),
        ("short_text", ["x" * 501], "too_long"),
        ("long_text", ["x" * 5001], "too_long"),
        ("ranking", ["99"], "invalid_person"),
        ("ranking", ["10", "10"], "duplicate_person"),
        ("ranking", ["abc"], "invalid_person"),
        ("single_choice", ["1" * 100], "invalid_choice"),
        ("no_such_kind", ["1"], "unknown_kind"),
    ],
)
def test_bad_input_is_an_answer_error(kind, raw, code):
    with pytest.raises(AnswerError) as problem:
        pure.normalize(spec(kind, choices=CHOICES, people=(10, 11, 12)), raw)
    assert problem.value.code == code


def test_text_loses_nul_and_control_characters_but_keeps_line_breaks():
    assert pure.normalize(spec("long_text"), ["а\x00б\x07в\nг"]) == "абв\nг"


@given(
    kind=st.sampled_from(pure.KINDS),
    raw=st.lists(st.one_of(st.text(max_size=80), st.integers().map(str), st.none()), max_size=6),
)
def test_no_input_raises_anything_but_answer_error(kind, raw):
    try:
        value = pure.normalize(spec(kind, choices=CHOICES, people=(1, 2, 3)), raw)
    except AnswerError:
        return
    if value is not None:
        assert pure.is_answered(value)


@pytest.mark.parametrize(
    ("kind", "value", "raw"),
    [
        ("yes_no", False, ["no"]),
        ("multiple_choice", ["1", "3"], ["1", "3"]),
        ("scale", 4, ["4"]),
        ("x", None, []),
    ],
)
def test_stored_values_refill_the_form(kind, value, raw):
    assert pure.as_raw(kind, value) == raw


def test_topic_audiences_follow_the_respondent():
    assert pure.topic_audiences("school", "pupil", mentor=False) == ("pupils",)
    assert pure.topic_audiences("school", "young_specialist", mentor=False) == ("teachers",)
    assert pure.topic_audiences("college", "teacher", mentor=True) == ("teachers", "students")
    assert pure.topic_audiences("other", "alumnus", mentor=False) is None


@pytest.mark.parametrize(
    ("label", "number"), [("5 и более", 5), ("2", 2), ("  3 человека", 3), ("нет", None), ("", None)]
)
def test_leading_number(label, number):
    assert pure.leading_number(label) == number


def test_split_lines_cleans_and_deduplicates():
    assert pure.split_lines("- Дисциплина\n\nдисциплина; Работа с родителями.\n- Дисциплина") == [
        "Дисциплина",
        "дисциплина",
        "Работа с родителями",
    ]


def test_average_places():
    assert pure.average_places([[1, 2], [2, 1], [2]]) == {1: 1.5, 2: 4 / 3}
