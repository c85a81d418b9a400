"""The documents page and a build form pass axe-core; a curator builds the regulation and downloads it."""

from __future__ import annotations

from django_scopes import scopes_disabled

from nastavnik.accounts.models import Role
from nastavnik.documents.models import GeneratedDocument
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in
from tests.builders import PASSWORD, make_organization, make_user


def test_documents_pages_are_accessible_and_build(page, live_server, transactional_db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with scopes_disabled():
        organization = make_organization()
        curator = make_user(Role.CURATOR, organization=organization, email="docs@example.org")
    log_in(page, live_server, curator.email, PASSWORD)
    page.goto(f"{live_server.url}/o/{organization.slug}/documents/")
    assert page.get_by_role("heading", name="Документы", exact=True).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Собрать: Положение о наставничестве").click()
    assert_accessible(page)
    page.get_by_label("Номер приказа").fill("12")
    page.get_by_role("button", name="Собрать документ").click()
    page.get_by_text("Документ готов.").wait_for()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Скачать (Word)").click()
    assert download.value.suggested_filename.endswith(".docx")
    with scopes_disabled():
        assert GeneratedDocument.objects.get(organization=organization).status == "done"
