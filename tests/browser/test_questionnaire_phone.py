"""A mentee opens the personal link on a phone, answers, saves, comes back later and submits."""

from django_scopes import scopes_disabled

from nastavnik.participants.models import MenteeRequest, Participant
from nastavnik.questionnaires.models import Answer, Invitation
from tests.builders import copy, invite, make_organization, make_participant


def test_mentee_fills_the_questionnaire_on_a_phone(phone, live_server, transactional_db):
    with scopes_disabled():
        organization = make_organization()
        mentee = make_participant(
            organization, mentee=True, category=Participant.Category.YOUNG_SPECIALIST, first_name="Руслан"
        )
        questionnaire = copy("mentee", organization)
        invitation = invite(questionnaire, mentee)
    url = f"{live_server.url}/q/{invitation.token}/"

    phone.goto(url)
    assert phone.get_by_role("heading", name="Анкета наставляемого").is_visible()
    # The form fits the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # Submitting too early explains what is missing, in Russian.
    phone.get_by_role("button", name="Отправить анкету").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("Это обязательный вопрос.").first.is_visible()

    # Answer: the checkbox is saved on its own (htmx autosave).
    phone.get_by_label("Дисциплина на уроке").check()
    phone.get_by_text("Сохранено в").first.wait_for()
    with scopes_disabled():
        assert Answer.objects.filter(response__invitation=invitation).count() == 1
    phone.get_by_role("textbox", name="Опишите своими словами, в чём вам нужна помощь").fill(
        "Не успеваю проверять тетради"
    )
    phone.get_by_role("button", name="Сохранить и продолжить позже").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("Ответы сохранены.").is_visible()

    # Later, the same link: the answers are there.
    phone.context.clear_cookies()
    phone.goto(url)
    assert phone.get_by_label("Дисциплина на уроке").is_checked()
    assert (
        phone.get_by_role("textbox", name="Опишите своими словами, в чём вам нужна помощь").input_value()
        == "Не успеваю проверять тетради"
    )
    phone.get_by_label("Работа с родителями").check()
    phone.get_by_role("button", name="Отправить анкету").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("heading", name="Спасибо! Анкета отправлена.").is_visible()

    with scopes_disabled():
        invitation = Invitation.objects.get(pk=invitation.pk)
        assert invitation.submitted_at is not None
        requests = MenteeRequest.objects.filter(mentee__participant=mentee)
        assert {r.label for r in requests} == {
            "Дисциплина на уроке",
            "Работа с родителями",
            "Не успеваю проверять тетради",
        }
    # The link cannot be used twice.
    phone.goto(url)
    assert phone.get_by_role("heading", name="Спасибо! Анкета отправлена.").is_visible()
