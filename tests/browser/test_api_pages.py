"""The API's pages in a browser: Swagger UI renders under its strict CSP (no CDN, no inline script), and
«Ключи API» passes axe-core and shows a new key once."""

from __future__ import annotations

from django_scopes import scopes_disabled

from nastavnik.api.models import ApiToken
from nastavnik.api.tokens import digest
from tests.browser.accessibility import violations
from tests.browser.conftest import log_in
from tests.builders import PASSWORD, make_user


def test_docs_render_under_strict_csp(page, live_server):
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Наставник API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock").count() >= 16
    assert blocked == []


def test_api_keys_page_is_accessible_and_shows_a_key_once(page, live_server, transactional_db):
    with scopes_disabled():
        user = make_user(email="keys@example.org")
    log_in(page, live_server, user.email, PASSWORD)
    page.goto(f"{live_server.url}/accounts/api-keys/")
    assert violations(page) == []
    page.get_by_label("Название ключа").fill("Сайт школы")
    page.get_by_role("button", name="Создать ключ").click()
    token = page.get_by_label("Ключ", exact=True).input_value()
    assert violations(page) == []
    with scopes_disabled():
        assert ApiToken.objects.get(user=user).digest == digest(token)
    page.goto(f"{live_server.url}/accounts/api-keys/")
    assert token not in page.content()
