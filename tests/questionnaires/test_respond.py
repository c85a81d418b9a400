"""The respondent's page q/<token>/: no account, partial saves, validation, one submission, friendly errors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nastavnik.questionnaires import services
from nastavnik.questionnaires.models import Answer, Invitation, Question, Response
from tests.builders import copy, invite, make_participant, questions, simple_questionnaire


def _url(invitation, name="respond"):
    return reverse(f"questionnaires:{name}", args=[invitation.token])


@pytest.fixture
def form(organization, mentee):
    """A small questionnaire: required single choice, optional long text, required scale."""
    questionnaire = simple_questionnaire(
        organization,
        (
            "single_choice",
            {
                "text": "Формат встреч",
                "required": True,
                "options": [{"value": "1", "label": "Лично"}, {"value": "2", "label": "Онлайн"}],
            },
        ),
        ("long_text", {"text": "Ваши ожидания"}),
        ("scale", {"text": "Насколько комфортным было общение с наставником?", "required": True}),
    )
    return questionnaire, invite(questionnaire, mentee), questions(questionnaire)


def test_the_link_opens_without_an_account(client, form):
    questionnaire, invitation, qs = form
    response = client.get(_url(invitation))
    assert response.status_code == 200
    page = response.content.decode()
    assert questionnaire.title in page
    assert "Насколько комфортным было общение с наставником?" in page
    assert "Сохранить и продолжить позже" in page
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    invitation.refresh_from_db()
    assert invitation.opened_at is not None
    assert invitation.status == Invitation.Status.IN_PROGRESS


def test_partial_save_then_resume(client, form):
    _questionnaire, invitation, (choice, text, scale) = form
    response = client.post(
        _url(invitation), {choice.field_name: "2", text.field_name: "Хочу научиться", "action": "save"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(invitation)
    saved = dict(Answer.objects.filter(response__invitation=invitation).values_list("question_id", "value"))
    assert saved == {choice.pk: "2", text.pk: "Хочу научиться"}
    assert Response.objects.get(invitation=invitation).submitted_at is None
    # Coming back later (a fresh browser): the answers are there.
    client.cookies.clear()
    page = client.get(_url(invitation)).content.decode()
    assert 'value="2" checked' in page
    assert "Хочу научиться" in page
    # Finish and submit.
    response = client.post(
        _url(invitation),
        {
            choice.field_name: "2",
            text.field_name: "Хочу научиться",
            scale.field_name: "9",
            "action": "submit",
        },
    )
    assert response["Location"] == _url(invitation, "thanks")
    invitation.refresh_from_db()
    assert invitation.submitted_at is not None
    assert invitation.status == Invitation.Status.SUBMITTED
    assert client.get(_url(invitation, "thanks")).status_code == 200


def test_required_questions_are_checked_on_submit_in_russian(client, form):
    _questionnaire, invitation, (choice, text, scale) = form
    response = client.post(_url(invitation), {text.field_name: "Кое-что", "action": "submit"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Это обязательный вопрос.") == 2
    assert "2 вопроса требуют внимания" in page
    invitation.refresh_from_db()
    assert invitation.submitted_at is None
    # What was valid is kept.
    assert Answer.objects.get(question=text).value == "Кое-что"


def test_saving_does_not_require_required_questions(client, form):
    _questionnaire, invitation, (_choice, text, _scale) = form
    response = client.post(_url(invitation), {text.field_name: "Черновик", "action": "save"})
    assert response.status_code == 302


def test_submitting_twice_is_impossible(client, form):
    _questionnaire, invitation, (choice, _text, scale) = form
    data = {choice.field_name: "1", scale.field_name: "10", "action": "submit"}
    assert client.post(_url(invitation), data).status_code == 302
    again = client.post(_url(invitation), {**data, scale.field_name: "1"})
    assert again.status_code == 410
    assert "Анкета уже отправлена" in again.content.decode()
    assert Answer.objects.get(question=scale).value == 10
    assert client.get(_url(invitation))["Location"] == _url(invitation, "thanks")
    autosave = client.post(
        reverse("questionnaires:autosave", args=[invitation.token, scale.pk]), {scale.field_name: "1"}
    )
    assert "Анкета уже отправлена" in autosave.content.decode()
    assert Answer.objects.get(question=scale).value == 10


def test_submit_of_a_stale_invitation_object_is_refused(form):
    """Two tabs: the second submit sees the locked, already submitted row."""
    _questionnaire, invitation, (choice, _text, scale) = form
    stale = Invitation.objects.get(pk=invitation.pk)
    data = {choice.field_name: ["1"], scale.field_name: ["5"]}
    from django.utils.datastructures import MultiValueDict

    services.save_answers(invitation, MultiValueDict(data), acting_user=None, submit=True)
    with pytest.raises(services.InvitationClosed):
        services.save_answers(stale, MultiValueDict(data), acting_user=None, submit=True)


def test_autosave_keeps_one_answer(client, form):
    _questionnaire, invitation, (choice, text, scale) = form
    url = reverse("questionnaires:autosave", args=[invitation.token, scale.pk])
    response = client.post(
        url, {scale.field_name: "7", choice.field_name: "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Сохранено" in response.content.decode()
    assert dict(Answer.objects.values_list("question_id", "value")) == {scale.pk: 7}
    bad = client.post(url, {scale.field_name: "70"})
    assert "Выберите оценку на шкале." in bad.content.decode()
    assert Answer.objects.get(question=scale).value == 7
    client.post(url, {})  # cleared
    assert not Answer.objects.filter(question=scale).exists()


def test_autosave_of_a_foreign_question_is_404(client, form, organization, other_organization):
    _questionnaire, invitation, _qs = form
    other = copy("mentee", other_organization)
    foreign = questions(other)[0]
    response = client.post(reverse("questionnaires:autosave", args=[invitation.token, foreign.pk]), {})
    assert response.status_code == 404
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        "nope",
        "x" * 43,
        "A" * 200,
        "токен-по-русски-и-ещё-немного-символов",
        "%00%00",
        "a b c d e f g h i j k l",
    ],
)
def test_unknown_token_is_a_friendly_404(client, db, token):
    response = client.get(f"/q/{token}/")
    assert response.status_code == 404
    assert "Ссылка не найдена" in response.content.decode()


def test_expired_link_is_410(client, form):
    _questionnaire, invitation, (choice, _text, _scale) = form
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(_url(invitation))
    assert response.status_code == 410
    assert "Срок действия ссылки истёк" in response.content.decode()
    assert client.post(_url(invitation), {choice.field_name: "1", "action": "save"}).status_code == 410
    assert not Answer.objects.exists()


def test_revoked_link_is_410(client, form):
    _questionnaire, invitation, (choice, _text, _scale) = form
    services.revoke_invitation(invitation, acting_user=None)
    response = client.get(_url(invitation))
    assert response.status_code == 410
    assert "Ссылка больше не действует" in response.content.decode()
    assert client.post(_url(invitation), {choice.field_name: "1", "action": "save"}).status_code == 410
    assert not Answer.objects.exists()


def test_a_token_opens_exactly_its_own_invitation(client, form, organization):
    questionnaire, invitation, (choice, _text, scale) = form
    other = invite(questionnaire, make_participant(organization, mentee=True))
    client.post(_url(invitation), {choice.field_name: "1", scale.field_name: "3", "action": "save"})
    assert not Answer.objects.filter(response__invitation=other).exists()
    page = client.get(_url(other)).content.decode()
    assert 'value="3" checked' not in page


@pytest.mark.parametrize(
    "data",
    [
        {"CHOICE": "999"},
        {"CHOICE": ["1", "2"]},
        {"SCALE": "десять"},
        {"SCALE": "-5"},
        {"SCALE": "1e9"},
        {"TEXT": "я" * 100_000},
        {"q999999": "ответ на чужой вопрос", "qabc": "x", "q": "y"},
        {"CHOICE": "1" * 10_000},
        {"action": "взломать"},
    ],
)
def test_bad_input_never_500(client, form, data):
    _questionnaire, invitation, (choice, text, scale) = form
    names = {"CHOICE": choice.field_name, "TEXT": text.field_name, "SCALE": scale.field_name}
    posted = {names.get(k, k): v for k, v in data.items()}
    posted.setdefault("action", "submit")
    response = client.post(_url(invitation), posted)
    assert response.status_code in (200, 302)
    invitation.refresh_from_db()
    assert invitation.submitted_at is None
    for answer in Answer.objects.all():
        assert answer.question_id in {choice.pk, text.pk, scale.pk}
        assert len(str(answer.value)) <= 5000


def test_other_methods_and_huge_ids_are_refused(client, form):
    _questionnaire, invitation, (choice, _text, _scale) = form
    assert client.put(_url(invitation), {choice.field_name: "1"}).status_code == 405
    assert client.delete(_url(invitation)).status_code == 405
    assert client.post(_url(invitation, "thanks")).status_code == 405
    assert (
        client.get(reverse("questionnaires:autosave", args=[invitation.token, choice.pk])).status_code == 405
    )
    huge = reverse("questionnaires:autosave", args=[invitation.token, 2**63 + 5])
    assert client.post(huge, {choice.field_name: "1"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.opened_at is None and not Answer.objects.exists()


def test_too_long_text_keeps_what_was_typed_and_explains(client, form):
    _questionnaire, invitation, (_choice, text, _scale) = form
    response = client.post(_url(invitation), {text.field_name: "ж" * 6000, "action": "save"})
    page = response.content.decode()
    assert "не более 5000 символов" in page
    assert "ж" * 6000 in page


def test_windows_line_breaks_are_counted_once(client, form):
    _questionnaire, invitation, (_choice, text, _scale) = form
    client.post(_url(invitation), {text.field_name: "а\r\nб", "action": "save"})
    assert Answer.objects.get(question=text).value == "а\nб"


def test_the_public_page_works_for_a_logged_in_stranger(login, stranger, form):
    """A curator of another school who is also a parent opens the link: the token alone decides."""
    _questionnaire, invitation, (choice, _text, scale) = form
    client = login(stranger)
    assert client.get(_url(invitation)).status_code == 200
    client.post(_url(invitation), {choice.field_name: "1", scale.field_name: "4", "action": "submit"})
    invitation.refresh_from_db()
    assert invitation.submitted_at is not None
    # Nobody acts on a token page: the history does not name whoever's session the link was opened in.
    recorded = [
        *invitation.history.values_list("history_user", flat=True),
        *Response.history.filter(invitation_id=invitation.pk).values_list("history_user", flat=True),
        *Answer.history.filter(response__invitation=invitation).values_list("history_user", flat=True),
    ]
    assert len(recorded) >= 4
    assert set(recorded) == {None}


def test_public_page_query_count_is_bounded(client, organization, constant_queries):
    """Small and big questionnaires, few and many people to rank: the same number of queries."""
    meter = constant_queries()
    small = simple_questionnaire(
        organization,
        ("short_text", {}),
        ("ranking", {}),
        ("multiple_choice", {"options_source": "topics"}),
        ("single_choice", {"options_source": "forms"}),
    )
    big = copy("mentor-candidate", organization)
    ranking = Question.objects.filter(questionnaire=small, kind="ranking")
    for questionnaire, people in ((small, 2), (big, 0), (small, 30)):
        others = [make_participant(organization, mentor=True).pk for _ in range(people)]
        invitation = invite(questionnaire, make_participant(organization, mentee=True), people_to_rank=others)
        if people:
            assert ranking.exists()
        meter(lambda i=invitation: client.get(_url(i)))
