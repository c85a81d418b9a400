"""The curator works with the mentee base in a browser; a parent confirms consent on a phone."""

import re

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from nastavnik.participants import services
from nastavnik.participants.models import Participant
from tests.browser.conftest import log_in


def test_curator_filters_the_mentee_base_and_opens_a_person(page, live_server, demo):
    log_in(page, live_server, "curator@demo.nastavnik.ru")
    page.get_by_role("link", name="Наставляемые").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("База наставляемых")
    table = page.locator("#base-table")
    expect(table).to_contain_text("Ахмедов Руслан Ибрагимович")
    expect(table).to_contain_text("Найдено наставляемых: 30")  # the curator also sees the revoked one

    page.get_by_label("Категория").select_option(label="обучающийся")
    expect(table).not_to_contain_text("Ахмедов Руслан")  # htmx replaced the table
    expect(page).to_have_url(re.compile(r"category=pupil"))
    page.get_by_label("Поиск по ФИО").fill("смирн")
    expect(table).to_contain_text("Найдено наставляемых: 2")
    page.get_by_label("Согласие на обработку ПД").select_option(label="нет")
    expect(table).to_contain_text("Смирнова Дарья Дмитриевна")
    expect(table).not_to_contain_text("Смирнов Артём")

    table.get_by_role("link", name="Смирнова Дарья Дмитриевна").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Смирнова Дарья Дмитриевна")
    expect(page.get_by_text("Несовершеннолетнего нельзя включить в пару")).to_be_visible()
    expect(page.get_by_role("button", name="Ссылка для родителя")).to_be_visible()


def test_parent_confirms_consent_by_link_on_a_phone(phone, live_server, demo):
    with scopes_disabled():
        daughter = Participant.objects.get(last_name="Смирнова", first_name="Дарья")
        link = services.create_consent_request(daughter, acting_user=None)
    phone.goto(f"{live_server.url}{link.get_absolute_url()}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Согласие на обработку персональных данных")
    expect(phone.get_by_text("Смирнова Д.Д.")).to_be_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    phone.get_by_role("button", name="Подтвердить согласие").click()
    expect(phone.locator(".errorlist").first).to_be_visible()  # nothing filled in: errors, not a crash
    phone.get_by_label("Ваши фамилия, имя, отчество").fill("Смирнова Анна Сергеевна")
    phone.get_by_label("Я согласен(на) с обработкой персональных данных ребёнка").check()
    phone.get_by_role("button", name="Подтвердить согласие").click()
    expect(phone.get_by_role("status")).to_contain_text("Спасибо! Согласие получено")
    with scopes_disabled():
        assert Participant.objects.get(pk=daughter.pk).has_valid_consent
