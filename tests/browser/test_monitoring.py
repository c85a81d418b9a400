"""The demo school's monitoring in a browser: indicators, the year's monitoring with verdicts, growth entry —
accessible (axe) on a desktop, and the year's page without horizontal overflow on a phone."""

from playwright.sync_api import expect

from nastavnik.roadmaps.queries import current_academic_year
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in

SCHOOL = "sosh5-edissiya"


def test_curator_reads_monitoring_and_types_a_value(page, live_server, demo):
    year = current_academic_year()
    log_in(page, live_server, "curator@demo.nastavnik.ru")
    page.get_by_role("link", name="Мониторинг").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Показатели мониторинга")
    expect(page.get_by_role("row", name="Доля обучающихся")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Мониторинг года").click()
    expect(page.get_by_role("heading", level=2, name="Этап 2. Рост участников")).to_be_visible()
    expect(page.get_by_text("Опытные наставники из числа педагогов")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/o/{SCHOOL}/monitoring/{year}/growth/")
    first = page.locator("input[name^='before-']").first
    first.fill("4,5")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Значения сохранены.")).to_be_visible()
    assert_accessible(page)


def test_year_page_on_a_phone(phone, live_server, demo):
    log_in(phone, live_server, "director@demo.nastavnik.ru")
    phone.goto(f"{live_server.url}/o/{SCHOOL}/monitoring/{current_academic_year()}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Мониторинг программы")
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
