"""The demo school's curator opens the start page (the programme's dashboard), the full dashboard with its charts,
accepts a suggested risk; axe finds no WCAG 2 A/AA violation at phone width and on a desktop."""

from __future__ import annotations

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in


def test_dashboard_on_a_phone_and_a_desktop(phone, page, live_server, demo):
    from nastavnik.roadmaps.models import Risk

    log_in(phone, live_server, "curator@demo.nastavnik.ru")
    expect(phone.get_by_role("heading", name="Что сделать дальше")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="Панель программы целиком").tap()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Панель программы")
    charts = phone.locator("svg.chart")
    assert charts.count() >= 1
    # The chart fits the phone's width (viewBox scaling), and its numbers are a table a screen reader reads.
    box = charts.first.bounding_box()
    assert box is not None and box["width"] <= 390
    phone.get_by_text("Таблица значений").first.tap()
    expect(phone.locator("details.chart-numbers table").first).to_be_visible()
    assert_accessible(phone)

    log_in(page, live_server, "curator@demo.nastavnik.ru")
    page.goto(f"{live_server.url}/o/sosh5-edissiya/risks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Реестр рисков")
    assert_accessible(page)
    accept = page.get_by_role("button", name="Принять в реестр")
    assert accept.count() >= 1  # the demo's pairs give the data's suggestions
    with scopes_disabled():
        before = Risk.objects.count()
    accept.first.click()
    expect(page.get_by_text("Риск принят в реестр")).to_be_visible()
    with scopes_disabled():
        assert Risk.objects.count() == before + 1
    page.goto(f"{live_server.url}/o/sosh5-edissiya/dashboard/")
    assert_accessible(page)
