"""A curator logs in on the demo data and lands on the curator's start page, in Russian."""

from playwright.sync_api import expect

from tests.browser.conftest import log_in


def test_curator_logs_in_and_sees_the_start_page(page, live_server, demo):
    log_in(page, live_server, "curator@demo.nastavnik.ru")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Здравствуйте, Патимат!")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    # the start page of programme staff is the programme's dashboard, computed from the demo's data
    expect(page.get_by_role("heading", name="Что сделать дальше")).to_be_visible()
    expect(page.get_by_role("link", name="Панель программы целиком")).to_be_visible()
    expect(page.get_by_role("link", name="Сотрудники и роли")).to_be_visible()


def test_wrong_password_shows_a_russian_error(page, live_server, demo):
    log_in(page, live_server, "curator@demo.nastavnik.ru", password="не тот пароль")
    expect(page.get_by_role("alert")).to_contain_text("Неверная электронная почта или пароль")


def test_curator_on_a_phone(phone, live_server, demo):
    log_in(phone, live_server, "curator@demo.nastavnik.ru")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Здравствуйте")
    # Nothing overflows horizontally on a phone.
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    phone.get_by_role("link", name="Сотрудники и роли").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Сотрудники и роли")
    expect(phone.get_by_text("Гаджиева Патимат Магомедовна")).to_be_visible()


def test_switching_to_english_and_back(page, live_server, demo):
    log_in(page, live_server, "curator@demo.nastavnik.ru")
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    page.get_by_role("button", name="RU").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
