"""Results: counts and averages per question, answers per person, XLSX that Excel opens."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nastavnik.questionnaires import results, services
from tests.builders import invite, make_participant, post_data, questions, simple_questionnaire


def _url(name, organization, *args):
    return reverse(f"questionnaires:{name}", args=[organization.slug, *args])


@pytest.fixture
def answered(organization):
    """Three respondents submitted, one only saved a draft."""
    questionnaire = simple_questionnaire(
        organization,
        ("scale", {"text": "Насколько комфортным было общение с наставником?"}),
        (
            "multiple_choice",
            {
                "text": "Что понравилось?",
                "options": [
                    {"value": "1", "label": "Встречи"},
                    {"value": "2", "label": "Проекты"},
                    {"value": "3", "label": "Экскурсии"},
                ],
            },
        ),
        ("yes_no", {"text": "Хотели бы продолжить?"}),
        ("long_text", {"text": "Что изменить?"}),
    )
    scale, choice, yes_no, text = questions(questionnaire)
    rows = [
        (8, ["1", "2"], "yes", "Больше встреч"),
        (10, ["1"], "yes", '=HYPERLINK("http://evil")'),
        (6, ["3"], "no", "Ничего\x0b не менять"),
    ]
    people = []
    for n, (s, c, y, t) in enumerate(rows):
        person = make_participant(organization, mentee=True, last_name=f"Респондент{n}")
        people.append(person)
        services.save_answers(
            invite(questionnaire, person),
            post_data({scale: s, choice: c, yes_no: y, text: t}),
            acting_user=None,
            submit=True,
        )
    draft = make_participant(organization, mentee=True, last_name="Черновиков")
    services.save_answers(invite(questionnaire, draft), post_data({scale: 1}), acting_user=None)
    return questionnaire, people


def test_summaries_count_submitted_answers_only(answered):
    questionnaire, _people = answered
    collected = results.collect(questionnaire)
    scale, choice, yes_no, text = collected.summaries
    assert scale.answered == 3 and scale.average == 8
    assert dict((label, count) for label, count, _p in scale.counts)["10"] == 1
    assert [(label, count) for label, count, _p in choice.counts] == [
        ("Встречи", 2),
        ("Проекты", 1),
        ("Экскурсии", 1),
    ]
    assert [(label, count, pct) for label, count, pct in yes_no.counts] == [("да", 2, 67), ("нет", 1, 33)]
    assert len(text.texts) == 3
    assert collected.invited == 4
    assert len(collected.people) == 3


def test_results_page(login, curator, organization, answered):
    questionnaire, people = answered
    page = login(curator).get(_url("results", organization, questionnaire.pk)).content.decode()
    assert "Заполнили 3 из 4 приглашённых." in page
    assert "8,0" in page or "8.0" in page
    assert people[0].full_name in page
    assert "Черновиков" not in page
    assert "Больше встреч" in page


def test_results_xlsx_reopens_with_openpyxl(login, curator, organization, answered):
    questionnaire, people = answered
    response = login(curator).get(_url("results_xlsx", organization, questionnaire.pk))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Ответы", "Сводка"]
    rows = list(book["Ответы"].iter_rows(values_only=True))
    assert rows[0][:4] == ("ФИО", "Категория", "Класс или группа", "Отправлено")
    assert rows[0][4] == "1. Насколько комфортным было общение с наставником?"
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {p.full_name for p in people}
    first = by_name[people[0].full_name]
    assert first[4:8] == ("8", "Встречи; Проекты", "да", "Больше встреч")
    second = by_name[people[1].full_name]
    assert second[7] == '=HYPERLINK("http://evil")'  # text, not a formula
    assert book["Ответы"].cell(row=rows.index(second) + 1, column=8).data_type == "s"
    assert by_name[people[2].full_name][7] == "Ничего не менять"
    summary = [row for row in book["Сводка"].iter_rows(values_only=True)]
    assert ("1. Насколько комфортным было общение с наставником?", "ответили", 3, None, 8) in summary


def test_results_of_an_empty_questionnaire(login, curator, organization):
    questionnaire = simple_questionnaire(organization, ("scale", {}))
    client = login(curator)
    assert (
        "Пока никто не отправил анкету."
        in client.get(_url("results", organization, questionnaire.pk)).content.decode()
    )
    book = load_workbook(io.BytesIO(client.get(_url("results_xlsx", organization, questionnaire.pk)).content))
    assert book["Ответы"].max_row == 1


def test_results_page_query_count_does_not_grow(login, curator, organization, constant_queries):
    questionnaire = simple_questionnaire(
        organization,
        ("scale", {}),
        ("short_text", {}),
        ("multiple_choice", {"options_source": "difficulties"}),
    )
    scale, text, topics = questions(questionnaire)
    client = login(curator)
    page, xlsx = constant_queries(), constant_queries()
    for count in (2, 25):
        while len(results.collect(questionnaire).responses) < count:
            person = make_participant(organization, mentee=True)
            invitation = invite(questionnaire, person)
            choice = services.build_form(questionnaire, invitation)[0].questions[2].choices[0][0]
            services.save_answers(
                invitation, post_data({scale: 5, text: "ок", topics: [choice]}), acting_user=None, submit=True
            )
        page(lambda: client.get(_url("results", organization, questionnaire.pk)))
        xlsx(lambda: client.get(_url("results_xlsx", organization, questionnaire.pk)))


def test_index_query_count_does_not_grow(login, curator, organization, constant_queries):
    client = login(curator)
    meter = constant_queries()
    for count in (1, 12):
        while len(client.get(_url("index", organization)).context["questionnaires"]) < count:
            simple_questionnaire(organization, ("scale", {}))
        meter(lambda: client.get(_url("index", organization)))


def test_answers_per_person_come_in_pages(login, curator, organization, answered, monkeypatch):
    from nastavnik.questionnaires.views import results as views

    monkeypatch.setattr(views, "PEOPLE_PER_PAGE", 2)
    questionnaire, people = answered
    client = login(curator)
    url = _url("results", organization, questionnaire.pk)
    # (names also appear beside text answers in the summaries: look at the per-person part only)
    first = client.get(url).content.decode().split('id="people"')[1]
    second = client.get(url, {"page": 2}).content.decode()
    assert "Заполнили 3 из 4" in second  # the summaries cover everybody on every page
    second = second.split('id="people"')[1]
    assert people[0].full_name in first and people[2].full_name not in first
    assert people[2].full_name in second and people[0].full_name not in second
