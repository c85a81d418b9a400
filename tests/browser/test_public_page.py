"""A parent opens the school's public page on a phone: the programme, the honor board with a photo, a case and
the news; it fits the screen, passes axe (WCAG 2 A/AA) on every section, and the curator's management page
passes axe too."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in


def test_public_page_on_a_phone(phone, live_server, demo):
    phone.goto(f"{live_server.url}/p/sosh5-edissiya/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Программа наставничества")
    expect(phone.get_by_role("heading", name="Кузнецова Елена", exact=False)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    photo = phone.get_by_role("img", name="Фотография: Кузнецова Елена", exact=False)
    expect(photo).to_be_visible()
    assert phone.evaluate("(img) => img.naturalWidth", photo.element_handle()) > 0
    assert_accessible(phone)

    for link, heading in (
        ("Доска почёта", "Доска почёта"),
        ("Кейсы", "Кейсы лучших практик"),
        ("Новости", "Новости"),
    ):
        phone.get_by_role("navigation", name="Разделы страницы").get_by_role("link", name=link).tap()
        expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(phone)

    phone.get_by_role("link", name="Стартовал новый цикл программы наставничества").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Стартовал новый цикл программы наставничества"
    )
    assert_accessible(phone)


def test_the_curator_manages_the_honor_board(page, live_server, demo):
    log_in(page, live_server, "curator@demo.nastavnik.ru")
    page.goto(f"{live_server.url}/o/sosh5-edissiya/public/honor/")
    expect(page.get_by_role("cell", name="Кузнецова Елена", exact=False)).to_be_visible()
    expect(page.get_by_text("показан")).to_be_visible()
    assert_accessible(page)
