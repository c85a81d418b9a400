"""The region's dashboard in a browser, on a computer and on a phone: axe-core finds nothing, the drill-down
to a municipality works, suppressed counts read «< 5»."""

from __future__ import annotations

from django_scopes import scopes_disabled

from nastavnik.regions import queries
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in
from tests.builders import PASSWORD, make_coordinator, make_generated_region


def test_regional_dashboard_is_accessible_and_drills_down(page, phone, live_server, transactional_db):
    queries.clear_local()
    with scopes_disabled():
        region = make_generated_region(organizations=6, participants=30)
        coordinator = make_coordinator(region)
    log_in(page, live_server, coordinator.email, PASSWORD)
    page.goto(f"{live_server.url}/region/{region.slug}/dashboard/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(region.name)
    assert_accessible(page)
    page.locator("#mun-title + .table-wrap a").first.click()
    page.wait_for_url("**/dashboard/m/**")
    assert "< 5" in page.content() or "&lt; 5" in page.content()
    assert_accessible(page)
    log_in(phone, live_server, coordinator.email, PASSWORD)
    phone.goto(f"{live_server.url}/region/{region.slug}/targets/")
    assert_accessible(phone)
