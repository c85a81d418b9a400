"""The curator matches the demo school: runs, forbids a pair, reruns, approves, and downloads the order."""

import datetime as dt

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.browser.conftest import log_in


def test_curator_runs_forbids_reruns_and_approves(page, live_server, demo):
    from nastavnik.participants import demo as participants_demo

    with scopes_disabled():
        participants_demo.load()  # idempotent; the demo bases whether or not the extension is registered

    log_in(page, live_server, "curator@demo.nastavnik.ru")
    page.get_by_role("link", name="Подбор пар").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Подбор наставнических пар и групп")
    expect(page.get_by_text("Базы перед подбором")).to_be_visible()
    page.get_by_role("button", name="Подобрать пары").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Предложение подбора")
    row = page.locator("tr[id^='pair-']").first
    pair_id = row.get_attribute("id")
    row.get_by_role("button", name="Запретить").click()
    forbidden = page.locator(f"#{pair_id}")
    expect(forbidden).to_contain_text("запрещена")
    expect(forbidden.get_by_role("button", name="Снять запрет")).to_be_visible()

    page.get_by_role("button", name="Пересчитать").click()
    expect(page.get_by_text("Подбор пересчитан с учётом правил куратора.")).to_be_visible()
    expect(page.locator(f"#{pair_id}")).to_have_count(0)

    page.get_by_role("button", name="Утвердить пары").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Утверждение наставнических пар и групп")
    page.get_by_label("Номер приказа").fill("120-од")
    page.get_by_label("Дата приказа").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="Утвердить и подготовить приказ").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Наставнические пары и группы")
    expect(page.get_by_text("Пары утверждены")).to_be_visible()
    link = page.get_by_role("link", name=f"Приказ № 120-од от {dt.date.today():%d.%m.%Y}")
    expect(link).to_be_visible()
    with page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename.startswith("Приказ № 120-од")
    assert download_info.value.suggested_filename.endswith(".docx")
