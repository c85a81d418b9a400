"""The documents pages for every role: curation builds and manages templates, programme staff see and download,
everyone else (and any other organization) gets 404. A build runs as a task and the page polls it."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.audit.models import AccessRecord
from nastavnik.documents import registry, services
from nastavnik.documents.context import Options
from nastavnik.documents.models import DocumentTemplate, GeneratedDocument
from nastavnik.public.models import PublicDocument
from tests.builders import ALL_ROLES, make_user
from tests.documents.conftest import docx_text
from tests.documents.test_templates import word_file

CURATION = {Role.CURATOR, Role.WORKING_GROUP}
STAFF = CURATION | {Role.DIRECTOR, Role.DEPUTY}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _url(name, organization, *args):
    return reverse(f"documents:{name}", args=[organization.slug, *args])


@pytest.fixture
def built(organization, curator, school, year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.request_document(
            organization, "curator_order", Options(year=year), acting_user=curator
        )
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE, document.error
    return document


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_sees_what(role, login, organization, built):
    client = login(make_user(role, organization=organization))
    expect_staff = 200 if role in STAFF else 404
    expect_curation = 200 if role in CURATION else 404
    assert client.get(_url("index", organization)).status_code == expect_staff
    assert client.get(_url("document", organization, built.pk)).status_code == expect_staff
    assert client.get(_url("download", organization, built.pk)).status_code == expect_staff
    assert client.get(_url("build", organization, "annual_report")).status_code == expect_curation
    assert client.get(_url("template", organization, "regulation")).status_code == expect_curation
    assert client.get(_url("template_download", organization, "regulation")).status_code == expect_curation
    assert client.post(
        _url("build", organization, "regulation"), {"year": built.academic_year}
    ).status_code in ({302} if role in CURATION else {404})
    assert client.post(_url("template_revert", organization, "regulation")).status_code in (
        {302} if role in CURATION else {404}
    )


def test_stranger_and_anonymous_get_nothing(client, login, organization, stranger, built):
    urls = [
        _url("index", organization),
        _url("document", organization, built.pk),
        _url("download", organization, built.pk),
        _url("build", organization, "annual_report"),
        _url("template", organization, "regulation"),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    login(stranger)
    for url in urls:
        assert client.get(url).status_code == 404
    # the stranger's own organization does not reach this organization's document either
    other = stranger.memberships.get().organization
    assert client.get(_url("download", other, built.pk)).status_code == 404
    assert client.post(_url("publish", other, built.pk)).status_code == 404


def test_build_from_the_page_then_download(
    login, organization, curator, school, year, django_capture_on_commit_callbacks
):
    client = login(curator)
    page = client.get(_url("build", organization, "rewards_order"))
    assert "Кузнецова Елена Петровна" in page.content.decode()
    assert "Отозванная" not in page.content.decode()  # revoked consent: not offered
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("build", organization, "rewards_order"),
            {"year": year, "number": "15", "reward": "Наградить грамотой", "mentors": [school["teacher"].pk]},
        )
    document = GeneratedDocument.objects.get(organization=organization)
    assert response.status_code == 302 and response["Location"] == _url("document", organization, document.pk)
    assert document.created_by == curator and document.options["number"] == "15"
    page = client.get(response["Location"]).content.decode()
    assert "Документ готов" in page and "Опубликовать на публичной странице" not in page  # names people
    download = client.get(_url("download", organization, document.pk))
    assert download.status_code == 200
    assert "Приказ о поощрении наставников" in unquote(download["Content-Disposition"])
    text = docx_text(b"".join(download.streaming_content))
    assert "1. Наградить грамотой наставникам" in text and "Кузнецова Елена Петровна" in text
    assert AccessRecord.objects.filter(organization=organization, kind="document", user=curator).count() == 1


def test_a_document_asked_for_in_english_is_the_russian_document(
    login, organization, curator, school, year, settings, django_capture_on_commit_callbacks
):
    """The page names the kind in English; the file, its name and the access log stay Russian."""
    client = login(curator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = {"year": year, "number": "15", "reward": "Наградить грамотой", "mentors": [school["teacher"].pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("build", organization, "rewards_order"), form)
    document = GeneratedDocument.objects.get(organization=organization)
    page = client.get(response["Location"]).content.decode()
    assert "Order on rewarding mentors" in page and "Приказ о поощрении" not in page
    download = client.get(_url("download", organization, document.pk))
    assert "Приказ о поощрении наставников" in unquote(download["Content-Disposition"])
    english = docx_text(b"".join(download.streaming_content))
    with django_capture_on_commit_callbacks(execute=True):
        again = services.request_document(
            organization, "rewards_order", Options.from_json(document.options), acting_user=curator
        )
    again.refresh_from_db()
    with again.file.open("rb") as stream:
        assert english == docx_text(stream.read())
    record = AccessRecord.objects.get(organization=organization, kind="document", user=curator)
    assert record.detail == "Приказ о поощрении наставников"


def test_bad_build_input_is_refused_in_russian(login, organization, curator, school):
    client = login(curator)
    response = client.post(_url("build", organization, "rewards_order"), {"year": "1999", "mentors": ["x"]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Выберите корректный вариант" in body
    response = client.post(
        _url("build", organization, "certificates"), {"year": response.context["form"].fields["year"].initial}
    )
    assert "Отметьте хотя бы одного человека" in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_progress_is_polled_until_done(login, organization, curator, year):
    document = GeneratedDocument.objects.create(
        organization=organization, kind="regulation", academic_year=year, options=Options(year=year).as_json()
    )
    client = login(curator)
    page = client.get(_url("document", organization, document.pk)).content.decode()
    assert 'hx-trigger="every 1s"' in page and "ждёт своей очереди" in page
    assert client.get(_url("document_status", organization, document.pk)).status_code == 404  # not htmx
    services.run_build(document)
    fragment = client.get(_url("document_status", organization, document.pk), HTTP_HX_REQUEST="true")
    assert "Документ готов" in fragment.content.decode() and "hx-trigger" not in fragment.content.decode()


def test_a_failing_template_fails_the_build_with_a_russian_message(organization, curator, year):
    DocumentTemplate.objects.create(
        organization=organization, kind="regulation", filename="x.docx", file="missing/x.docx"
    )
    document = GeneratedDocument.objects.create(
        organization=organization, kind="regulation", academic_year=year, options=Options(year=year).as_json()
    )
    services.run_build(document)
    assert (
        document.status == GeneratedDocument.Status.FAILED and "Не удалось собрать документ" in document.error
    )


def test_publish_puts_the_report_on_the_public_page(login, organization, curator, built):
    client = login(curator)
    assert (
        "Опубликовать на публичной странице"
        in client.get(_url("document", organization, built.pk)).content.decode()
    )
    response = client.post(_url("publish", organization, built.pk))
    assert response.status_code == 302
    published = PublicDocument.objects.get(organization=organization)
    assert published.kind == "order" and published.filename.endswith(".docx")
    built.refresh_from_db()
    assert built.published_at is not None


def test_documents_that_name_people_are_not_published(
    organization, curator, school, year, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.request_document(
            organization,
            "certificates",
            Options(year=year, mentees=(school["kids"][0].pk,)),
            acting_user=curator,
        )
    document.refresh_from_db()
    with pytest.raises(Exception, match="не публикуется"):
        services.publish(document, acting_user=curator)
    assert not PublicDocument.objects.exists()


def test_template_page_lists_every_placeholder_and_uploads(login, organization, curator):
    client = login(curator)
    kind = registry.get("annual_report")
    page = client.get(_url("template", organization, kind.code)).content.decode()
    for f in kind.fields:
        assert f"<code>{f.name}</code>" in page
    bad = io.BytesIO(word_file("{{ unknown_thing }}"))
    bad.name = "шаблон.docx"
    response = client.post(_url("template", organization, "regulation"), {"file": bad})
    assert response.status_code == 200 and "«unknown_thing»" in response.content.decode()
    good = io.BytesIO(word_file("{{ organization.full_name }}", "ПОЛОЖЕНИЕ"))
    good.name = "положение.docx"
    response = client.post(_url("template", organization, "regulation"), {"file": good})
    assert response.status_code == 302
    assert DocumentTemplate.objects.get(organization=organization).filename == "положение.docx"
    download = client.get(_url("template_download", organization, "regulation"))
    assert "ПОЛОЖЕНИЕ" in docx_text(b"".join(download.streaming_content))


def test_index_has_a_bounded_number_of_queries(login, organization, curator, year, constant_queries):
    client = login(curator)
    meter = constant_queries()
    meter(lambda: client.get(_url("index", organization)))
    for _ in range(12):
        GeneratedDocument.objects.create(
            organization=organization,
            kind="regulation",
            academic_year=year,
            created_by=make_user(organization=organization),
        )
    response = meter(lambda: client.get(_url("index", organization)))
    assert response.content.decode().count("Положение о наставничестве") >= 12
