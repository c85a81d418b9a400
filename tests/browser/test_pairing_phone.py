"""On a phone: the mentor opens their pair, rates the last meeting in two taps, and plans the next meeting."""

from __future__ import annotations

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.browser.conftest import log_in


def test_mentor_rates_a_meeting_in_two_taps_and_plans_the_next(phone, live_server, demo):
    from nastavnik.mentoring.models import Feedback, Meeting

    log_in(phone, live_server, "mentor@demo.nastavnik.ru")
    phone.goto(f"{live_server.url}/o/sosh5-edissiya/my-pairing/")
    phone.get_by_role("button", name="Открыть: встречи, план, обратная связь").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Наставническая пара")
    expect(phone.get_by_role("heading", name="Ждёт вас")).to_be_visible()

    phone.get_by_role("button", name="Оценить встречу").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Как прошла встреча?")
    phone.get_by_role("group", name="Насколько встреча была полезной?").get_by_text("9", exact=True).tap()
    phone.get_by_role("group", name="Насколько вам было комфортно?").get_by_text("10", exact=True).tap()
    phone.get_by_role("button", name="Отправить").tap()
    expect(phone.get_by_text("Спасибо! Обратная связь сохранена.")).to_be_visible()
    with scopes_disabled():
        mine = Feedback.objects.filter(participant__user__email="mentor@demo.nastavnik.ru", is_mentor=True)
        assert mine.filter(usefulness=9, comfort=10).count() == 1

    phone.get_by_role("button", name="Запланировать встречу").tap()
    expect(phone.get_by_label("Вид встречи")).to_have_value(
        "working"
    )  # the next one in the methodology's order
    phone.get_by_label("Тема").fill("Открытый урок: разбор")
    phone.get_by_role("button", name="Сохранить").tap()
    expect(phone.get_by_text("Открытый урок: разбор")).to_be_visible()
    with scopes_disabled():
        assert Meeting.objects.filter(topic="Открытый урок: разбор", status=Meeting.Status.SCHEDULED).exists()
