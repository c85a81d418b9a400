"""The curator edits a questionnaire: settings, sections, questions (also inline through htmx)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nastavnik.questionnaires import services
from nastavnik.questionnaires.models import Question, Questionnaire, Section
from tests.builders import copy, invite, post_data, questions, simple_questionnaire


def _url(name, organization, *args):
    return reverse(f"questionnaires:{name}", args=[organization.slug, *args])


def test_create_questionnaire_page(login, curator, organization):
    client = login(curator)
    assert client.get(_url("create", organization)).status_code == 200
    response = client.post(
        _url("create", organization),
        {"title": "Анкета классного руководителя", "audience": "mentor", "purpose": "custom"},
    )
    questionnaire = Questionnaire.objects.get(organization=organization)
    assert response.status_code == 302
    assert response["Location"] == _url("editor", organization, questionnaire.pk)
    assert Section.objects.filter(questionnaire=questionnaire).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "", "audience": "mentee", "purpose": "custom"},
        {"title": "x", "audience": "всем", "purpose": "?"},
    ],
)
def test_create_with_bad_input_shows_the_form(login, curator, organization, data):
    response = login(curator).post(_url("create", organization), data)
    assert response.status_code == 200
    assert not Questionnaire.objects.filter(organization=organization).exists()


def test_copy_from_the_index_page_and_edit_settings(login, curator, organization):
    client = login(curator)
    template = Questionnaire.shipped.get(code="mentee")
    response = client.post(_url("copy", organization, template.pk))
    questionnaire = Questionnaire.objects.get(organization=organization)
    assert response["Location"] == _url("editor", organization, questionnaire.pk)
    page = client.get(_url("editor", organization, questionnaire.pk))
    assert "С какими затруднениями вы сталкиваетесь?" in page.content.decode()
    client.post(
        _url("editor", organization, questionnaire.pk),
        {
            "title": "Анкета наставляемого 2025",
            "audience": "mentee",
            "purpose": "mentee",
            "description": "Привет",
        },
    )
    questionnaire.refresh_from_db()
    assert questionnaire.title == "Анкета наставляемого 2025"


def test_template_preview_page(login, curator, organization):
    template = Questionnaire.shipped.get(code="mentor-candidate")
    page = login(curator).get(_url("template", organization, template.pk)).content.decode()
    assert "Скольких наставляемых вы готовы взять?" in page
    assert "Применение ИКТ" in page  # the catalogue of the organization is shown


def test_add_edit_move_delete_questions(login, curator, organization):
    client = login(curator)
    questionnaire = simple_questionnaire(organization)
    section = Section.objects.get(questionnaire=questionnaire)
    response = client.post(
        _url("question_add", organization, section.pk),
        {
            "text": "Какой у вас любимый предмет?",
            "kind": "single_choice",
            "options_text": "Математика\nФизика\n\nФизика\nХимия",
            "scale": "1-10",
        },
    )
    assert response.status_code == 302
    first = Question.objects.get(questionnaire=questionnaire)
    assert first.own_choices() == [("1", "Математика"), ("2", "Физика"), ("3", "Химия")]
    client.post(
        _url("question_add", organization, section.pk),
        {"text": "Оцените урок", "kind": "scale", "scale": "1-5", "required": "on"},
    )
    second = Question.objects.get(questionnaire=questionnaire, kind="scale")
    assert (second.scale_min, second.scale_max, second.required) == (1, 5, True)
    client.post(_url("question_move", organization, second.pk), {"direction": "up"})
    assert [q.pk for q in questions(questionnaire)] == [second.pk, first.pk]
    # Editing keeps the values of options whose label did not change.
    client.post(
        _url("question_edit", organization, first.pk),
        {"text": "Любимый предмет", "kind": "single_choice", "options_text": "Химия\nМатематика\nБиология"},
    )
    first.refresh_from_db()
    assert first.own_choices() == [("3", "Химия"), ("1", "Математика"), ("4", "Биология")]
    client.post(_url("question_delete", organization, first.pk))
    assert list(Question.objects.filter(questionnaire=questionnaire)) == [second]


def test_inline_edit_through_htmx_returns_fragments(login, curator, organization):
    client = login(curator)
    questionnaire = copy("mentee", organization)
    question = questions(questionnaire)[0]
    url = _url("question_edit", organization, question.pk)
    form = client.get(url, headers={"HX-Request": "true"})
    assert form.status_code == 200
    assert "<html" not in form.content.decode()
    assert f'id="question-{question.pk}"' in form.content.decode()
    saved = client.post(
        url,
        {
            "text": "Какие трудности у вас есть?",
            "kind": "multiple_choice",
            "options_source": "difficulties",
            "maps_to": "mentee.requests",
            "required": "on",
        },
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    assert "Какие трудности у вас есть?" in saved.content.decode()
    assert "<html" not in saved.content.decode()
    bad = client.post(url, {"text": "", "kind": "multiple_choice"}, headers={"HX-Request": "true"})
    assert "errorlist" in bad.content.decode()
    cancel = client.get(url + "?cancel=1", headers={"HX-Request": "true"})
    assert "Какие трудности у вас есть?" in cancel.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Выбор", "kind": "single_choice", "options_text": "один"}, "хотя бы два варианта"),
        ({"text": "Шкала", "kind": "scale", "scale": "5-1"}, "Выберите корректный вариант"),
        ({"text": "Предмет", "kind": "yes_no", "maps_to": "participant.subject"}, "нельзя перенести"),
        (
            {
                "text": "Сколько",
                "kind": "single_choice",
                "options_source": "topics",
                "maps_to": "mentor.capacity",
            },
            "шкалу",
        ),
        (
            {
                "text": "Формы",
                "kind": "multiple_choice",
                "options_source": "difficulties",
                "maps_to": "mentor.forms",
            },
            "формы наставничества",
        ),
        ({"text": "x" * 1001, "kind": "short_text"}, "не более 1000"),
        ({"text": "Тип", "kind": "poll"}, "Выберите корректный вариант"),
        (
            {"text": "Куда", "kind": "short_text", "maps_to": "participant.password"},
            "Выберите корректный вариант",
        ),
    ],
)
def test_bad_question_settings_are_explained(login, curator, organization, data, message):
    questionnaire = simple_questionnaire(organization)
    section = Section.objects.get(questionnaire=questionnaire)
    response = login(curator).post(_url("question_add", organization, section.pk), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.filter(questionnaire=questionnaire).exists()


def test_sections_add_rename_move_delete(login, curator, organization):
    client = login(curator)
    questionnaire = simple_questionnaire(organization)
    first = Section.objects.get(questionnaire=questionnaire)
    client.post(_url("section_add", organization, questionnaire.pk), {"title": "Ожидания"})
    second = Section.objects.get(questionnaire=questionnaire, title="Ожидания")
    client.post(_url("section_move", organization, second.pk), {"direction": "up"})
    assert list(Section.objects.filter(questionnaire=questionnaire).order_by("position")) == [second, first]
    client.post(_url("section_edit", organization, second.pk), {"title": "Ваши ожидания"})
    second.refresh_from_db()
    assert second.title == "Ваши ожидания"
    client.post(_url("section_edit", organization, second.pk), {"title": ""})
    second.refresh_from_db()
    assert second.title == "Ваши ожидания"
    client.post(_url("section_move", organization, second.pk), {"direction": "sideways"})
    client.post(_url("section_delete", organization, first.pk))
    assert list(Section.objects.filter(questionnaire=questionnaire)) == [second]


def test_answered_questions_cannot_be_deleted_or_retyped(organization, mentee):
    questionnaire = simple_questionnaire(organization, ("short_text", {"text": "Имя кота"}))
    question = questions(questionnaire)[0]
    invitation = invite(questionnaire, mentee)
    services.save_answers(invitation, post_data({question: "Барсик"}), acting_user=None, submit=True)
    with pytest.raises(ValidationError):
        services.delete_question(question, acting_user=None)
    with pytest.raises(ValidationError):
        services.update_question(question, acting_user=None, kind="long_text")
    with pytest.raises(ValidationError):
        services.delete_section(question.section, acting_user=None)
    with pytest.raises(ValidationError):
        services.delete_questionnaire(questionnaire, acting_user=None)
    services.update_question(question, acting_user=None, text="Как зовут кота?")  # wording may still be fixed


def test_delete_questionnaire_without_answers(login, curator, organization):
    questionnaire = copy("mentee", organization)
    response = login(curator).post(_url("delete", organization, questionnaire.pk))
    assert response["Location"] == reverse("questionnaires:index", args=[organization.slug])
    assert not Questionnaire.objects.filter(organization=organization).exists()


def test_delete_with_answers_is_refused_with_a_message(login, curator, organization, mentee):
    questionnaire = simple_questionnaire(organization, ("short_text", {}))
    services.save_answers(
        invite(questionnaire, mentee),
        post_data({questions(questionnaire)[0]: "да"}),
        acting_user=None,
        submit=True,
    )
    response = login(curator).post(_url("delete", organization, questionnaire.pk), follow=True)
    assert "удалить её нельзя" in response.content.decode()
    assert Questionnaire.objects.filter(pk=questionnaire.pk).exists()


def test_editor_query_count_does_not_grow_with_questions(login, curator, organization, constant_queries):
    client = login(curator)
    small = simple_questionnaire(organization, ("short_text", {}))
    big = copy("satisfaction-mentor-final", organization)
    meter = constant_queries()
    for questionnaire in (small, big):
        meter(lambda q=questionnaire: client.get(_url("editor", organization, q.pk)))


def test_copy_of_an_own_questionnaire(login, curator, organization):
    original = copy("mentee", organization)
    section = Section.objects.filter(questionnaire=original).first()
    services.add_question(section, acting_user=None, text="Свой вопрос", kind="yes_no")
    response = login(curator).post(_url("copy", organization, original.pk))
    duplicate = Questionnaire.objects.exclude(pk=original.pk).get(organization=organization)
    assert response["Location"] == _url("editor", organization, duplicate.pk)
    assert duplicate.title == "Анкета наставляемого (копия)"
    assert Question.objects.filter(questionnaire=duplicate, text="Свой вопрос").exists()
    assert (
        Question.objects.filter(questionnaire=duplicate).count()
        == Question.objects.filter(questionnaire=original).count()
    )
