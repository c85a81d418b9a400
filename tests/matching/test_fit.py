"""Fit of a pair: lemmatised matching of requests, criteria reasons, weights, matrix = per-pair."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nastavnik.matching.engine import (
    CONSENT_REASON,
    FitWeights,
    InstanceError,
    MenteeFeatures,
    MentorFeatures,
    compute_fit,
    fit_matrix,
    hard_rule_violation,
)
from nastavnik.matching.engine.text import content_lemmas, gender_key, plural, tag_key

ONLY_REQUESTS = FitWeights(
    requests=1,
    subjects=0,
    levels=0,
    experience=0,
    form=0,
    role_model=0,
    availability=0,
    organization=0,
    preferences=0,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("дисциплина на уроках", "Дисциплина на уроке"),
        ("работа с родителями", "работу с родителем"),
        ("Работа с одарёнными детьми", "работа с одаренным ребенком"),
        ("проектная деятельность учеников", "проектной деятельности ученика"),
        ("помощь в подготовке к ОГЭ", "подготовка к огэ"),
    ],
)
def test_phrases_equal_after_lemmatisation(a, b):
    assert content_lemmas(a) == content_lemmas(b)
    assert content_lemmas(a)


def test_stop_words_and_prepositions_are_dropped():
    assert content_lemmas("и в на с по для") == frozenset()
    assert content_lemmas("работа с родителями") == {"работа", "родитель"}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Математика", "математике"), ("5–9 классы", "5-9 класс"), ("Учитель – учитель", "учитель - учитель")],
)
def test_tag_keys(a, b):
    assert tag_key(a) == tag_key(b)


def test_gender_and_plural():
    assert gender_key("Женский") == gender_key("ж") == "ж"
    assert gender_key("male") == "м"
    assert [plural(k, "год", "года", "лет") for k in (1, 2, 5, 11, 21, 2.5)] == [
        "год",
        "года",
        "лет",
        "лет",
        "год",
        "года",
    ]


def test_reasons_name_matched_requests_and_subject():
    mentor = {
        "competences": ["Дисциплина на уроке", "работа с родителями", "ИКТ"],
        "subjects": ["Математика"],
    }
    mentee = {"requests": ["дисциплина на уроках", "работа с родителями"], "subjects": ["математика"]}
    score, reasons = compute_fit(mentor, mentee)
    text = "; ".join(reasons)
    assert "совпадают запросы: дисциплина на уроке, работа с родителями" in text
    assert "общий предмет: математика" in text
    assert 0 <= score <= 100


@pytest.mark.parametrize(
    ("competences", "requests", "low", "high", "reason"),
    [
        (
            ["дисциплина на уроке"],
            ["дисциплина на уроках"],
            100.0,
            100.0,
            "совпадают запросы: дисциплина на уроке",
        ),
        (
            ["дисциплина"],
            ["дисциплина на уроках"],
            70.0,
            99.0,
            "совпадают запросы: дисциплина на уроках ≈ дисциплина",
        ),
        (["работа с одарёнными детьми"], ["работа с родителями"], 0.0, 0.0, "не покрыты"),
        (["ИКТ"], ["работа с родителями"], 0.0, 0.0, "запросы не покрыты компетенциями наставника"),
        (["ИКТ", "родители"], ["работа с родителями", "икт"], 85.0, 99.0, "работа с родителями ≈ родители"),
        (["ИКТ"], ["икт", "работа с родителями"], 50.0, 50.0, "не покрыты запросы: работа с родителями"),
        ([], ["работа с родителями"], 50.0, 50.0, None),  # mentor says nothing: neutral
    ],
)
def test_request_coverage(competences, requests, low, high, reason):
    score, reasons = compute_fit({"competences": competences}, {"requests": requests}, ONLY_REQUESTS)
    assert low - 1e-6 <= score <= high + 1e-6
    if reason is None:
        assert reasons == []
    else:
        assert any(reason in r for r in reasons), reasons


def test_generic_word_alone_does_not_cover_a_three_word_request():
    score, _ = compute_fit(
        {"competences": ["работа с документами"]}, {"requests": ["работа с одарёнными детьми"]}, ONLY_REQUESTS
    )
    assert score == 0.0


@pytest.mark.parametrize(
    ("mentor", "mentee", "needle"),
    [
        ({"experience_years": 12}, {"experience_years": 2}, "опыт наставника больше на 10 лет"),
        ({"experience_years": 3}, {"experience_years": 1}, "опыт наставника больше на 2 года"),
        ({"experience_years": 1}, {"experience_years": 4}, "опыт наставника не больше опыта наставляемого"),
        ({"forms": ["учитель – учитель"]}, {"form": "учитель-учитель"}, "подходит форма наставничества"),
        ({"forms": ["студент – ученик"]}, {"form": "учитель-учитель"}, "форма наставничества не совпадает"),
        (
            {"role_models": ["наставник-консультант"]},
            {"role_model": "наставник-консультант"},
            "ролевая модель",
        ),
        (
            {"availability": ["Пн вечер", "ср вечер"]},
            {"availability": ["пн  вечер"]},
            "общее время: пн вечер",
        ),
        ({"availability": ["пт"]}, {"availability": ["пн"]}, "нет общего свободного времени"),
        ({"organization": "Школа №1"}, {"organization": "школа №1"}, "одна организация: Школа №1"),
        ({"organization": "Школа №2"}, {"organization": "Школа №1"}, "разные организации"),
        ({"subjects": ["физика"]}, {"subjects": ["химия"]}, "нет общих предметов"),
        ({"levels": ["10-11 классы"]}, {"levels": ["10–11 класс"]}, "общий уровень: 10-11 классы"),
        ({"gender": "ж"}, {"preferred_gender": "женский"}, "учтены пожелания: пол наставника — женский"),
        ({"gender": "м"}, {"preferred_gender": "ж"}, "не учтены пожелания: пол наставника — ж"),
        (
            {"attributes": {"стаж в школе": "да"}},
            {"preferences": {"стаж в школе": ["да"]}},
            "учтены пожелания: стаж в школе — да",
        ),
        (
            {"preferences": {"gender": "м"}},
            {"gender": "ж"},
            "не учтены пожелания: пол наставляемого — м (пожелание наставника)",
        ),
    ],
)
def test_criterion_reasons(mentor, mentee, needle):
    _, reasons = compute_fit(mentor, mentee)
    assert any(needle in r for r in reasons), reasons


def test_partner_organisations_score_between_same_and_different():
    weights = dict.fromkeys(FitWeights().__dict__, 0) | {"organization": 1}
    same, _ = compute_fit({"organization": "A"}, {"organization": "a"}, weights)
    partner, reasons = compute_fit(
        {"organization": "A"}, {"organization": "B"}, weights, partners=[["A", "B"]]
    )
    other, _ = compute_fit({"organization": "A"}, {"organization": "C"}, weights, partners=[["A", "B"]])
    assert same == 100 and other == 0 and 0 < partner < 100
    assert reasons == ["организации-партнёры: A и B"]


def test_empty_questionnaires_give_the_neutral_middle():
    score, reasons = compute_fit({}, {})
    # Everything unknown is 0.5, preferences with nothing stated are satisfied (1.0).
    assert score == pytest.approx(50 + 0.5 * FitWeights().preferences)
    assert reasons == []


def test_weights_change_the_score_and_are_validated():
    mentor, mentee = {"subjects": ["физика"]}, {"subjects": ["физика"], "requests": ["икт"]}
    low, _ = compute_fit(mentor, mentee, {"subjects": 1})
    high, _ = compute_fit(mentor, mentee, {"subjects": 1000})
    assert high > low
    with pytest.raises(InstanceError, match="неизвестный критерий веса «subject»"):
        compute_fit(mentor, mentee, {"subject": 3})
    with pytest.raises(InstanceError, match="не может быть отрицательным"):
        FitWeights(requests=-1)
    with pytest.raises(InstanceError, match="хотя бы один вес"):
        FitWeights.from_mapping(dict.fromkeys(FitWeights().__dict__, 0))


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"competences": "икт"}, "«competences» должен быть списком строк"),
        ({"competences": ["икт", 3]}, "должен быть списком строк"),
        ({"experience_years": -1}, "неотрицательным числом лет"),
        ({"competence": ["икт"]}, "неизвестные признаки «competence»"),
        ({"preferences": {"gender": []}}, "пожелание «gender»"),
    ],
)
def test_mentor_feature_validation(data, needle):
    with pytest.raises(InstanceError, match=needle):
        MentorFeatures.from_mapping(data)


def test_mentee_feature_validation():
    with pytest.raises(InstanceError, match="«minor» должен быть true или false"):
        MenteeFeatures.from_mapping({"minor": "да"})


def test_hard_rules():
    assert hard_rule_violation({}, {"minor": True}) == CONSENT_REASON
    assert hard_rule_violation({}, {"minor": True, "consent": True}) is None
    assert "один и тот же человек" in hard_rule_violation({"person": "p1"}, {"person": "p1"})
    assert hard_rule_violation({"person": "p1"}, {"person": "p2"}) is None


# --- the matrix equals the per-pair computation ------------------------------------------------

_PHRASES = [
    "дисциплина на уроке",
    "дисциплина на уроках",
    "работа с родителями",
    "работа с одарёнными детьми",
    "ИКТ",
    "проектная деятельность",
    "подготовка к ОГЭ",
    "и в на",
]
_TAGS = ["математика", "математике", "физика", "русский язык", "5-9 классы"]
_SLOTS = ["пн вечер", "вт утро", "ср вечер"]
_ORGS = ["Школа 1", "школа 1", "Школа 2", "Лицей"]


def _maybe(strategy):
    return st.one_of(st.none(), strategy)


mentor_features = st.fixed_dictionaries(
    {},
    optional={
        "competences": st.lists(st.sampled_from(_PHRASES), max_size=3),
        "subjects": st.lists(st.sampled_from(_TAGS), max_size=2),
        "levels": st.lists(st.sampled_from(_TAGS), max_size=2),
        "experience_years": _maybe(st.integers(0, 30)),
        "forms": st.lists(st.sampled_from(["учитель-учитель", "ученик-ученик"]), max_size=2),
        "role_models": st.lists(st.sampled_from(["консультант", "предметник"]), max_size=2),
        "availability": st.lists(st.sampled_from(_SLOTS), max_size=3),
        "organization": _maybe(st.sampled_from(_ORGS)),
        "gender": _maybe(st.sampled_from(["м", "ж", "женский"])),
        "attributes": st.dictionaries(
            st.sampled_from(["город", "язык"]), st.sampled_from(["a", "b"]), max_size=2
        ),
        "preferences": st.dictionaries(
            st.sampled_from(["gender", "город"]), st.sampled_from(["a", "ж", "м"]), max_size=2
        ),
    },
)
mentee_features = st.fixed_dictionaries(
    {},
    optional={
        "requests": st.lists(st.sampled_from(_PHRASES), max_size=3),
        "subjects": st.lists(st.sampled_from(_TAGS), max_size=2),
        "levels": st.lists(st.sampled_from(_TAGS), max_size=2),
        "experience_years": _maybe(st.floats(0, 30)),
        "form": _maybe(st.sampled_from(["учитель-учитель", "ученик-ученик"])),
        "role_model": _maybe(st.sampled_from(["консультант", "предметник"])),
        "availability": st.lists(st.sampled_from(_SLOTS), max_size=3),
        "organization": _maybe(st.sampled_from(_ORGS)),
        "gender": _maybe(st.sampled_from(["м", "ж"])),
        "preferred_gender": _maybe(st.sampled_from(["м", "ж"])),
        "attributes": st.dictionaries(st.sampled_from(["город"]), st.sampled_from(["a", "b"]), max_size=1),
        "preferences": st.dictionaries(
            st.sampled_from(["город", "язык"]), st.lists(st.sampled_from(["a", "b"]), min_size=1), max_size=2
        ),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mentors=st.lists(mentor_features, min_size=1, max_size=4),
    mentees=st.lists(mentee_features, min_size=1, max_size=4),
    weights=st.fixed_dictionaries(
        {}, optional={"requests": st.integers(0, 50), "organization": st.integers(1, 9)}
    ),
)
def test_fit_matrix_equals_compute_fit(mentors, mentees, weights):
    partners = [["Школа 1", "Лицей"]]
    matrix, reasons = fit_matrix(mentors, mentees, weights, partners=partners)
    assert matrix.shape == (len(mentees), len(mentors))
    for i, mentee in enumerate(mentees):
        for r, mentor in enumerate(mentors):
            score, why = compute_fit(mentor, mentee, weights, partners=partners)
            assert matrix[i, r] == pytest.approx(score, abs=1e-9)
            assert reasons(i, r) == why
            assert 0.0 <= score <= 100.0


def test_fit_matrix_of_nobody():
    matrix, _ = fit_matrix([], [{"requests": ["икт"]}])
    assert matrix.shape == (1, 0)
    matrix, _ = fit_matrix([{}], [])
    assert matrix.shape == (0, 1)
    assert isinstance(matrix, np.ndarray)
