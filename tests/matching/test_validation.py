"""Malformed instances fail with InstanceError and a Russian message that says what is wrong."""

import copy

import numpy as np
import pytest

from nastavnik.matching.engine import InstanceError, Problem, run_instance

BASE = {
    "mentors": [{"id": "r1", "capacity": 1}, {"id": "r2", "capacity": 2}],
    "mentees": [{"id": "m1"}, {"id": "m2"}],
    "scores": [[1, 2], [3, 4]],
}


def _with(**changes):
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


CASES = [
    ([], "экземпляр должен быть JSON-объектом"),
    (_with(mentors=None), "отсутствует обязательный ключ «mentors»"),
    (_with(mentees=None), "отсутствует обязательный ключ «mentees»"),
    (_with(mentors={"r1": 1}), "«mentors» должен быть списком объектов"),
    (_with(mentors=["r1"]), "«mentors»: запись наставника №1 должна быть объектом"),
    (_with(mentees=[{"name": "x"}, {"id": "m2"}]), "«mentees»: у наставляемого №1 нет ключа «id»"),
    (_with(mentors=[{"id": 5}, {"id": "r2"}]), "id наставника №1 должен быть непустой строкой"),
    (_with(mentors=[{"id": "r1"}, {"id": "r1"}]), "повторяющийся id наставника «r1»"),
    (_with(mentees=[{"id": "m1"}, {"id": "m1"}]), "повторяющийся id наставляемого «m1»"),
    (_with(mentors=[{"id": "r1", "capacity": -1}, {"id": "r2"}]), "не может быть отрицательной: -1"),
    (_with(mentors=[{"id": "r1", "capacity": 1.5}, {"id": "r2"}]), "должна быть целым числом"),
    (_with(mentors=[{"id": "r1", "capacity": "2"}, {"id": "r2"}]), "должна быть целым числом"),
    (_with(mentors=[{"id": "r1", "competences": []}, {"id": "r2"}]), "признаки задаются в «features»"),
    (_with(scores=[[1, 2]]), "«scores» должен содержать 2 строк(и)"),
    (_with(scores=[[1, 2], [3]]), "строка «scores»[1] должна содержать 2 чисел"),
    (_with(scores=[[1, 2], [3, "x"]]), "«scores»[1][1] должен быть числом, получено 'x'"),
    (_with(scores=[[1, 2], [3, None]]), "«scores»[1][1] должен быть числом, получено None"),
    (_with(scores=[[1, float("nan")], [3, 4]]), "«scores»[0][1] не является конечным числом: nan"),
    (_with(scores=[[1, 2], [float("inf"), 4]]), "«scores»[1][0] не является конечным числом: inf"),
    (_with(scores="1 2"), "«scores» должен быть матрицей чисел"),
    (_with(scores=None), "нужна матрица «scores», признаки «features» или рейтинги"),
    (_with(features={"mentors": {}, "mentees": {}}), "либо «scores», либо «features»"),
    (_with(foo=1), "неизвестные ключи «foo»"),
    (_with(mentee_rankings={"m9": ["r1"]}), "рейтинг неизвестного наставляемого «m9»"),
    (_with(mentee_rankings={"m1": ["r1", "r9"]}), "в рейтинге наставляемого «m1» неизвестный наставник «r9»"),
    (_with(mentor_rankings={"r1": ["m1", "m1"]}), "в рейтинге наставника «r1» «m1» указан дважды"),
    (_with(mentor_rankings={"r1": "m1"}), "рейтинг наставника «r1» должен быть списком id"),
    (_with(mentor_rankings=[["r1", "m1"]]), "«mentor_rankings» должен быть объектом"),
    (_with(locked=[["m1"]]), "«locked»[0] должен быть парой [id наставляемого, id наставника]"),
    (_with(locked=[["m1", "r9"]]), "«locked»[0]: неизвестный наставник «r9»"),
    (_with(forbidden=[["m9", "r1"]]), "«forbidden»[0]: неизвестный наставляемый «m9»"),
    (_with(locked=[["m1", "r1"]], forbidden=[["m1", "r1"]]), "одновременно закреплена и запрещена"),
    (_with(locked=[["m1", "r1"], ["m2", "r1"]]), "у наставника «r1» закреплено пар: 2, а мест только 1"),
    (_with(locked=[["m1", "r1"], ["m1", "r2"]]), "закреплён за двумя наставниками"),
    (_with(locked=[["m1", "r1"], ["m1", "r1"]]), "закреплена дважды"),
    (
        _with(mentees=[{"id": "m1", "minor": True}, {"id": "m2"}], locked=[["m1", "r1"]]),
        "нельзя закрепить: нет согласия на обработку персональных данных",
    ),
    (
        _with(
            mentees=[{"id": "m1", "person": "p"}, {"id": "m2"}],
            mentors=[{"id": "r1", "person": "p"}, {"id": "r2"}],
            locked=[["m1", "r1"]],
        ),
        "нельзя закрепить: наставник и наставляемый — один и тот же человек",
    ),
    (
        _with(mentees=[{"id": "m1", "minor": "нет"}, {"id": "m2"}]),
        "«minor» наставляемого «m1» должен быть true или false",
    ),
    (_with(rank_weight=-1), "«rank_weight» должен быть неотрицательным числом"),
    (_with(scores=None, features=[]), "«features» должен быть объектом"),
    (
        _with(scores=None, features={"mentors": {"r1": {}}, "mentees": {}}),
        "нет признаков для наставника «r2»",
    ),
    (
        _with(scores=None, features={"mentors": {"r1": {}, "r2": {}, "r3": {}}, "mentees": {}}),
        "«features.mentors»: неизвестный наставник «r3»",
    ),
    (
        _with(
            scores=None,
            features={"mentors": {"r1": {}, "r2": {}}, "mentees": {"m1": {}, "m2": {"request": []}}},
        ),
        "наставляемый «m2»: неизвестные признаки «request»",
    ),
    (
        _with(
            scores=None,
            features={"mentors": {"r1": {}, "r2": {}}, "mentees": {"m1": {}, "m2": {}}, "weights": {"x": 1}},
        ),
        "неизвестный критерий веса «x»",
    ),
    (
        _with(
            scores=None,
            features={"mentors": {"r1": {}, "r2": {}}, "mentees": {"m1": {}, "m2": {}}, "partners": ["A"]},
        ),
        "«partners» должен быть списком пар",
    ),
]


@pytest.mark.parametrize(("data", "message"), CASES)
def test_malformed_instance_messages(data, message):
    with pytest.raises(InstanceError) as excinfo:
        run_instance(data, "optimal")
    assert message in str(excinfo.value)


def test_unknown_mode():
    with pytest.raises(InstanceError, match="неизвестный режим «greedy»: ожидается optimal или stable"):
        run_instance(BASE, "greedy")


def test_instance_error_is_a_value_error():
    assert issubclass(InstanceError, ValueError)


def test_problem_build_accepts_numpy_and_checks_shape():
    problem = Problem.build(["r"], ["a", "b"], [2], np.array([[1.0], [2.0]]))
    assert problem.scores.shape == (2, 1)
    with pytest.raises(InstanceError, match="размер 2 × 1"):
        Problem.build(["r"], ["a", "b"], [2], np.ones((1, 2)))
    with pytest.raises(InstanceError, match="исключён неизвестный наставляемый «z»"):
        Problem.build(["r"], ["a"], [1], [[1]], excluded={"z": "нет"})


def test_valid_variants_are_accepted():
    # capacity defaults to 1, rankings alone are enough, features replace scores.
    data = {
        "mentors": [{"id": "r1"}],
        "mentees": [{"id": "m1"}],
        "mentee_rankings": {"m1": ["r1"]},
        "mentor_rankings": {"r1": ["m1"]},
    }
    assert run_instance(data, "stable")["pairs"] == [{"mentee": "m1", "mentor": "r1", "score": 0.0}]
    data = {
        "mentors": [{"id": "r1"}],
        "mentees": [{"id": "m1"}],
        "features": {
            "mentors": {"r1": {"subjects": ["физика"]}},
            "mentees": {"m1": {"subjects": ["физика"]}},
        },
    }
    assert run_instance(data, "optimal")["pairs"][0]["score"] > 50
