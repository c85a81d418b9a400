"""Similarity of a request in a person's own words to a competence (issue 15)."""

import sys
from pathlib import Path

import numpy as np
import pytest

from nastavnik.matching.engine import CRITERIA, InstanceError, compute_fit, fit_matrix, run_instance
from nastavnik.matching.engine.embeddings import model
from nastavnik.matching.engine.similarity import (
    COVERED,
    FAMILY_CREDIT,
    LENGTH_CAP,
    Similarity,
    similarity,
)
from nastavnik.matching.engine.thesaurus import Thesaurus

BENCH_DATA = Path(__file__).resolve().parents[2] / "bench" / "data"
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_similarity import load_items  # noqa: E402

ONLY_REQUESTS = {name: float(name == "requests") for name in CRITERIA}


def score(request: str, competence: str) -> float:
    return float(similarity().scores([request], [competence])[0, 0])


def test_demo_case_of_the_issue_is_covered():
    """«Кузнецова Е. И.» with «Дисциплина на уроке» covers «Хочу научиться держать дисциплину на уроке»."""
    fit, reasons = compute_fit(
        {"competences": ["Дисциплина на уроке", "Подготовка к аттестации", "Подготовка обучающихся к ГИА"]},
        {"requests": ["Хочу научиться держать дисциплину на уроке"]},
        ONLY_REQUESTS,
    )
    assert fit >= 100 * COVERED
    assert "совпадают запросы: хочу научиться держать дисциплину на уроке ≈ дисциплина на уроке" in reasons[0]


@pytest.mark.parametrize(
    ("request_text", "helping", "sharing_a_word"),
    [
        ("как мотивировать учеников", "Работа с мотивацией обучающихся", "Работа с родителями"),
        ("подготовка к ОГЭ", "Подготовка обучающихся к ГИА", "Подготовка к аттестации"),
        ("не умею пользоваться интерактивной доской", "Применение ИКТ", "Работа с детьми с ОВЗ"),
        ("чувствую, что выгораю", "Профилактика профессионального выгорания", "Организация времени"),
        ("олимпиадный кружок", "Подготовка к олимпиаде", "Организация кружка"),
        ("плохо понимаю алгебру", "Математика для школьников", "Плохо понимаю химию"),
    ],
)
def test_derivation_thesaurus_and_fillers_beat_a_shared_word(request_text, helping, sharing_a_word):
    good, bad = score(request_text, helping), score(request_text, sharing_a_word)
    assert good >= COVERED
    assert good > bad


@pytest.mark.parametrize(
    ("request_text", "competence"),
    [
        ("работа с родителями", "Работа на станках с ЧПУ"),
        ("подготовка к олимпиаде", "Подготовка к аттестации"),
        ("организация внеурочной деятельности", "Проектная деятельность"),
        ("выбор профессии", "Выбор темы проекта"),
        ("планирование урока", "Дисциплина на уроке"),
    ],
)
def test_generic_words_alone_do_not_cover(request_text, competence):
    assert score(request_text, competence) < COVERED


def test_a_domain_after_po_weighs_less_than_what_is_asked():
    """ "планирование по литературе" asks for planning in the field of literature: the planning competence fits better
    than the subject; the same subject alone ("по литературе") is the whole request; "по-английски" opens no group."""
    terms = {
        t.key: t.qualifier
        for t in similarity().terms("как составить КТП на год по высшей математике и физике")
    }
    assert terms == {"составить": False, "ктп": False, "высокий": True, "математика": True, "физика": True}
    assert not any(t.qualifier for t in similarity().terms("по литературе"))
    assert not any(t.qualifier for t in similarity().terms("стыдно говорить по-английски"))
    request = "как составить КТП на год по литературе"
    assert score(request, "Составление рабочей программы") > score(request, "Русский язык и литература")


def test_a_grade_in_digits_is_the_grade_in_words():
    """ "в 11 классе" meets the thesaurus's "одиннадцатый класс > ЕГЭ" as "в одиннадцатом классе" does."""
    request = "хочу подготовиться к экзаменам в 11 классе"
    assert "одиннадцатый класс" in {t.key for t in similarity().terms(request)}
    assert score(request, "Подготовка к ОГЭ/ЕГЭ") > score(request, "Подготовка к демонстрационному экзамену")


def test_a_word_close_to_a_topics_vocabulary_meets_the_topic():
    """ "визжать" is in no thesaurus line and far from "дисциплина" by its vector, but close to words the thesaurus
    files under "дисциплина" ("шуметь", "орать"): it meets the topic through them, with less than a link's credit."""
    s = similarity()
    assert "шуметь" in s.thesaurus.links("дисциплина")
    assert not s.thesaurus.links("визжать")
    through = float(s.term_matrix(["визжать"], ["дисциплина"])[0, 0])
    assert 0.0 < through < float(s.term_matrix(["шуметь"], ["дисциплина"])[0, 0])
    assert float(s.term_matrix(["визжать"], ["химия"])[0, 0]) == 0.0


def test_a_negated_term_of_the_thesaurus_needs_its_negation():
    """ "не хочу учиться" is the thesaurus term "не хотеть учиться" (low motivation), though "хотеть" and "учиться"
    alone are fillers; "нет сил" is a term, and "не" elsewhere is dropped as before; "кем стать" keeps its "кем"."""
    s = similarity()
    assert [t.key for t in s.terms("я не хочу учиться")] == ["не хотеть учиться"]
    assert [t.key for t in s.terms("хочу учиться")] == []
    assert [t.key for t in s.terms("нет сил")] == ["нет сила"]
    assert [t.key for t in s.terms("дети не слушаются и шумят")] == ["ребенок", "не слушаться", "шуметь"]
    assert [t.key for t in s.terms("не электронный журнал")] == ["электронный журнал"]
    assert [t.key for t in s.terms("не знаю, кем стать")] == ["кем стать"]
    request = "не хочу учиться"
    assert score(request, "Низкая мотивация к учёбе") >= COVERED
    assert score("нет сил", "Профилактика профессионального выгорания") >= COVERED
    assert score("не знаю, кем стать", "Профориентация") >= COVERED
    assert score("сила тока", "Профилактика профессионального выгорания") < COVERED


def test_everyday_words_reach_their_topic():
    """The thesaurus's everyday vocabulary of a topic (symptoms, slang) reaches the methodology's competence."""
    cases = {
        "ученики орут и срывают урок": "Дисциплина на уроке",
        "к вечеру я как выжатый лимон, не высыпаюсь": "Профилактика профессионального выгорания",
        "девочка плохо слышит": "Работа с детьми с ОВЗ",
        "ребёнок с СДВГ": "Работа с детьми с ОВЗ",
        "у подростка драки и прогулы": "Работа с трудными подростками",
        "стесняюсь, нет друзей": "Трудности в общении со сверстниками",
    }
    names = [
        "Дисциплина на уроке",
        "Профилактика профессионального выгорания",
        "Работа с детьми с ОВЗ",
        "Работа с трудными подростками",
        "Трудности в общении со сверстниками",
        "Трудности в учёбе по предмету",
        "Организация внеурочной деятельности",
        "Низкая мотивация к учёбе",
    ]
    scores = similarity().scores(list(cases), names)
    for row, helping in zip(scores, cases.values(), strict=True):
        assert names[int(row.argmax())] == helping
        assert row.max() >= COVERED


def test_a_neighbour_lends_its_vector_only_when_close():
    """Through a thesaurus neighbour, vectors count only from NEIGHBOUR_FLOOR: «устроиться» is loosely close to
    «переехать» (> адаптация, cosine ≈ 0.44) and must not meet «адаптация»; «визжать», in no thesaurus line, still meets
    «дисциплина» through the vector of one of its neighbours."""
    sim = similarity()
    assert sim.term_matrix(["устроиться"], ["адаптация"])[0, 0] == 0.0
    assert sim.thesaurus.links("визжать") == {}
    assert sim.term_matrix(["визжать"], ["дисциплина"])[0, 0] > 0.0


def test_cached_term_data_give_the_same_scores_as_a_fresh_scorer():
    """Term vectors, neighbours and phrase weights are cached per scorer: a warm scorer scores like a new one."""
    requests = ["ученики кричат на уроке", "хочу устроиться на работу после колледжа", "стесняюсь выступать"]
    competences = [
        "Дисциплина на уроке",
        "Трудоустройство",
        "Развитие лидерских качеств",
        "Адаптация в коллективе",
    ]
    warm = similarity()
    warm.scores(requests[::-1], competences[::-1])  # fill the caches in another order
    fresh = Similarity(Thesaurus.build())
    assert np.allclose(
        warm.scores(requests, competences), fresh.scores(requests, competences), rtol=0, atol=1e-12
    )


def test_only_fillers_is_no_request():
    assert similarity().terms("хочу научиться, помогите") == ()
    fit, reasons = compute_fit({"competences": ["ИКТ"]}, {"requests": ["помогите"]}, ONLY_REQUESTS)
    assert fit == 50.0 and reasons == []  # no topic stated: neutral, as with no requests


def test_explanation_names_the_thesaurus_link_as_written():
    _, reasons = compute_fit(
        {"competences": ["подготовка к ГИА"]}, {"requests": ["подготовка к ОГЭ"]}, ONLY_REQUESTS
    )
    assert reasons == ["совпадают запросы: подготовка к ОГЭ ≈ подготовка к ГИА (ОГЭ → ГИА)"]


def test_extra_thesaurus_lines_of_an_organization():
    request, competence = "кванториум", "Робототехника"
    plain = compute_fit({"competences": [competence]}, {"requests": [request]}, ONLY_REQUESTS)[0]
    extended = compute_fit(
        {"competences": [competence]},
        {"requests": [request]},
        ONLY_REQUESTS,
        thesaurus=["кванториум > робототехника"],
    )[0]
    assert plain == 0.0 and extended >= 100 * COVERED
    matrix, _ = fit_matrix(
        [{"competences": [competence]}],
        [{"requests": [request]}],
        ONLY_REQUESTS,
        thesaurus=["кванториум > робототехника"],
    )
    assert matrix[0, 0] == pytest.approx(extended)


@pytest.mark.parametrize(
    ("line", "needle"),
    [("учитель", "не связывает"), ("раздел: слово", "неизвестный раздел"), ("> б", "пустой")],
)
def test_malformed_thesaurus_line_is_a_russian_error(line, needle):
    with pytest.raises(InstanceError, match=needle):
        Thesaurus.build([line])


def test_navec_is_memory_mapped_and_loaded_once():
    assert model() is model()
    assert isinstance(model().indexes, np.memmap)
    vectors, known = model().vectors(["математика", "несуществующееслово"])
    assert known.tolist() == [True, False]
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)
    assert not vectors[1].any()


FIRST_ITEMS = 178


def _ranked_and_covered(items) -> tuple[list[bool], float]:
    competences = sorted({c for it in items for c in (it.helping, *it.others)})
    col = {c: j for j, c in enumerate(competences)}
    scores = similarity().scores([it.request for it in items], competences)
    first = [
        all(scores[i, col[it.helping]] > scores[i, col[c]] for c in it.others) for i, it in enumerate(items)
    ]
    covered = [scores[i, col[it.helping]] >= COVERED for i, it in enumerate(items)]
    return first, sum(covered) / len(items)


def test_sample_of_the_evaluation_set_ranks_the_helping_competence_first():
    """Every fourth item of the tuning part of the first 178 items, on which these thresholds were set (the other
    parts are reported by bench/bench_similarity.py). 28/30 first, 25/30 covered since the sixth pass (was 23/30)."""
    items = [it for it in load_items() if not it.held_out and it.index < FIRST_ITEMS][::4]
    assert len(items) >= 30
    first, covered = _ranked_and_covered(items)
    assert sum(first) / len(items) >= 0.85, [
        it.request for it, ok in zip(items, first, strict=True) if not ok
    ]
    assert covered >= 0.8


def test_sample_of_long_free_answers_is_covered():
    """Every fourth item of similarity_fresh2.tsv (long answers in a person's own words; tuning material since the
    sixth pass): 20/22 first and 16/22 covered (the fifth pass covered 8/22: context words buried the topic)."""
    items = load_items(BENCH_DATA / "similarity_fresh2.tsv")[::4]
    assert len(items) >= 20
    first, covered = _ranked_and_covered(items)
    assert sum(first) / len(items) >= 0.85, [
        it.request for it, ok in zip(items, first, strict=True) if not ok
    ]
    assert covered >= 0.65


def test_a_long_story_does_not_bury_its_topic():
    """Coverage is the matched weight over at most LENGTH_CAP of weight: the topic of a long answer counts as in a
    short one, and a short phrase's weights still sum to 1."""
    story = (
        "в понедельник после шестого урока сижу в кабинете одна, тетради стопкой, завуч ждёт отчёт, а у меня в голове"
        " только одно: как провести родительское собрание в своём пятом классе"
    )
    parents, papers = score(story, "Работа с родителями"), score(story, "Оценивание и ведение документации")
    assert parents >= COVERED > papers
    s = similarity()
    assert sum(s.weight(t.key) for t in s.terms(story)) > LENGTH_CAP
    short = "работа с родителями"
    assert s._normalised_weights(short, s.terms(short)).sum() == pytest.approx(1.0)


def test_a_modifier_stands_for_its_term_with_less_credit():
    s = similarity()
    through_modifier = float(s.term_matrix(["финансы"], ["финансовый грамотность"])[0, 0])
    through_noun = float(s.term_matrix(["грамотность"], ["финансовый грамотность"])[0, 0])
    assert 0.0 < through_modifier < through_noun
    assert score("разобраться с финансами", "Финансовая грамотность") >= COVERED


def test_a_word_outside_the_thesaurus_takes_the_links_of_its_family():
    """«мошеннический» is in no thesaurus line; «мошенник > финансовая грамотность» is, and they are one family."""
    s = similarity()
    assert not s.thesaurus.links("мошеннический")
    credit, _ = s._links("мошеннический")["финансовый грамотность"]
    assert credit == pytest.approx(FAMILY_CREDIT * s.thesaurus.links("мошенник")["финансовый грамотность"][0])
    assert score("мошеннические звонки", "Финансовая грамотность") > score(
        "мошеннические звонки", "Стартап и предпринимательство"
    )


@pytest.mark.parametrize(
    ("word", "topic"),
    [
        ("организовать", "Химия"),  # not built on «органика»
        ("специальный", "Профориентация"),  # «специальность» is built on it, not the other way round
        ("информация", "Программирование на Python"),  # «информатика» only begins the same way
        ("освоить", "Адаптация в коллективе"),  # the same stem as «освоиться», another word
        ("семь", "Работа с родителями"),  # the same stem as «семья»
        ("производитель", "Преподавание алгебры и геометрии"),  # «производная» only begins the same way
    ],
)
def test_an_everyday_word_borrows_no_links_from_a_term_it_only_resembles(word, topic):
    """Issue 15, eighth pass: a word outside the thesaurus borrows the links of a thesaurus word only when it is a form
    of it or derived from it (and not much more frequent); a shared beginning or stem is not enough."""
    s = similarity()
    assert not s.thesaurus.links(word)
    assert s._links(word) == {}
    assert s.lenders(word) == []
    assert score(word, topic) < COVERED


def test_true_family_links_stay():
    s = similarity()
    for a, b in (("мотивировать", "мотивация"), ("олимпиада", "олимпиадный"), ("выгорать", "выгорание")):
        assert s.link(a, b)[0] >= FAMILY_CREDIT
        assert s.link(b, a)[0] >= FAMILY_CREDIT
    # words outside the thesaurus still borrow from the word they are derived from or are a form of
    for word, lender in (
        ("мотивированный", "мотивировать"),
        ("хулиганский", "хулиган"),
        ("математический", "математика"),
        ("школьников", "школьник"),  # first read as a surname
        ("буллинга", "буллинг"),  # unknown to the dictionary
    ):
        assert not s.thesaurus.links(word)
        assert lender in s.lenders(word)
    assert score("мотивированный класс", "Работа с мотивацией обучающихся") >= COVERED
    assert score("хулиганское поведение", "Работа с трудными подростками") >= COVERED


def test_instance_features_carry_extra_thesaurus_lines():
    def instance(thesaurus):
        features = {
            "mentors": {"r1": {"competences": ["Робототехника"]}, "r2": {"competences": ["Химия"]}},
            "mentees": {"m1": {"requests": ["кванториум"]}},
        }
        if thesaurus is not None:
            features["thesaurus"] = thesaurus
        return {"mentors": [{"id": "r1"}, {"id": "r2"}], "mentees": [{"id": "m1"}], "features": features}

    plain = run_instance(instance(None), "optimal")["pairs"][0]["score"]
    assert plain == 35.0  # the request is unrelated to both: only the neutral criteria count
    paired = run_instance(instance(["кванториум > робототехника"]), "optimal")["pairs"]
    assert paired[0]["mentor"] == "r1" and paired[0]["score"] >= plain + 35 * COVERED
    with pytest.raises(InstanceError, match="«thesaurus» должен быть списком строк"):
        run_instance(instance("кванториум > робототехника"), "optimal")
    with pytest.raises(InstanceError, match="дополнение тезауруса, строка 1"):
        run_instance(instance(["кванториум"]), "optimal")
