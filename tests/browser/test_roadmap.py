"""The demo roadmap in a browser: filter the overdue activity and mark it done, on a desktop and a phone."""

import re

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from nastavnik.roadmaps.models import Activity, Evidence
from tests.browser.conftest import log_in

ROADMAP = "/o/sosh5-edissiya/roadmap/"


def _overdue():
    with scopes_disabled():
        return Activity.objects.overdue().get()


def test_curator_filters_overdue_and_marks_it_done(page, live_server, demo):
    overdue = _overdue()
    log_in(page, live_server, "curator@demo.nastavnik.ru")
    page.get_by_role("link", name="Дорожная карта").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Дорожная карта")
    expect(page.locator("tbody.activity")).not_to_have_count(1)
    page.get_by_label("Просроченные").check()  # htmx refreshes the table in place
    expect(page.locator("tbody.activity")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/roadmap/\?.*overdue=1"))  # the filter is in the address
    row = page.locator(f"#activity-{overdue.pk}")
    expect(row).to_have_class("activity overdue")
    expect(row.locator(".chip")).to_have_text("просрочено")
    row.get_by_role("button", name="Отметить выполнение").click()
    row = page.locator(f"#activity-{overdue.pk}")
    row.get_by_label("или ссылка").fill("https://sosh5-edissiya.example/news/anketirovanie")
    row.get_by_label("Комментарий").fill("Анкеты собраны")
    row.get_by_role("button", name="Отметить выполненным").click()
    expect(page.locator(f"#activity-{overdue.pk} .chip")).to_have_text("выполнено")
    expect(page.locator(f"#activity-{overdue.pk}")).not_to_have_class("activity overdue")
    with scopes_disabled():
        overdue.refresh_from_db()
        assert overdue.status == "done" and overdue.note == "Анкеты собраны"
        assert Evidence.objects.filter(activity=overdue, url__contains="anketirovanie").exists()


def test_roadmap_and_timeline_on_a_phone(phone, live_server, demo):
    log_in(phone, live_server, "curator@demo.nastavnik.ru")
    phone.goto(f"{live_server.url}{ROADMAP}")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Дорожная карта")

    def overflow():
        return phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")

    assert overflow() <= 0
    phone.get_by_label("Вид").select_option("timeline")
    expect(phone.locator(".timeline")).to_be_visible()
    expect(phone.locator(".tl-bar.tl-overdue")).to_have_count(1)
    assert overflow() <= 0  # the wide timeline scrolls inside its own box
    phone.goto(f"{live_server.url}/o/sosh5-edissiya/tasks/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Мои задачи")
    expect(phone.locator("#tasks-overdue")).to_be_visible()
    assert overflow() <= 0
