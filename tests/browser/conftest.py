"""Playwright driving Debian's Chromium (never a downloaded browser) against pytest-django's live server."""

import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


#: Data migrations that ship reference data (forms of mentoring, request topics, questionnaire templates).
REFERENCE_DATA_MIGRATIONS = [
    "nastavnik.participants.migrations.0002_default_request_topics",
    "nastavnik.questionnaires.migrations.0002_shipped_templates",
]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Live-server tests flush the database after each test, which also wipes the reference data that the
    migrations above ship; run their (idempotent) loaders again so every browser test starts from a database
    as freshly migrated, whatever ran before it. (Serialized rollback did not survive the live server's
    shared in-memory SQLite connection.)"""
    import importlib

    from django.apps import apps
    from django.db.migrations import RunPython
    from django_scopes import scopes_disabled

    from nastavnik.methodology.defaults import install as install_forms

    with scopes_disabled():
        install_forms()  # the forms' data migration names models that have moved to methodology since
        for name in REFERENCE_DATA_MIGRATIONS:
            for operation in importlib.import_module(name).Migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, None)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is required for browser tests: {CHROMIUM} not found (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A 15-year-old's phone: small viewport, touch, mobile user agent."""
    context = browser.new_context(
        locale="ru-RU",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    from django_scopes import scopes_disabled

    from nastavnik.core.demo import load_demo

    with scopes_disabled():
        load_demo()


def log_in(page, live_server, email, password="nastavnik-demo"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
