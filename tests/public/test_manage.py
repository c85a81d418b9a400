"""The curator's pages of the public page: curation (curator, working group) writes, administration reads,
everybody else — mentors, mentees, parents, partners, other organizations, coordinators — gets 404."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.public.models import Case, HonorBoardEntry, NewsItem, PublicDocument, PublicPage
from tests.builders import (
    ALL_ROLES,
    PDF,
    give_publication_consent,
    jpeg,
    make_coordinator,
    make_mentor,
    make_participant,
    make_public_page,
    make_user,
)

#: A button of the management forms (the layout's own forms — logout, language — have others).
WRITE_BUTTON = re.compile(
    r'<button type="submit"[^>]*>(Сохранить|Опубликовать|Удалить|Убрать|Снять с публикации|Добавить)<'
)
WRITERS = {Role.CURATOR, Role.WORKING_GROUP}
READERS = WRITERS | {Role.DIRECTOR, Role.DEPUTY}


@pytest.fixture
def content(organization):
    make_public_page(organization)
    mentor = make_mentor(organization, make_participant(organization, name="Белова Ольга Николаевна"))
    give_publication_consent(mentor.participant)
    entry = HonorBoardEntry.objects.create(organization=organization, mentor=mentor, text="Текст")
    case = Case.objects.create(organization=organization, title="Кейс", text="Текст")
    news = NewsItem.objects.create(organization=organization, title="Новость", text="Текст")
    document = PublicDocument.objects.create(
        organization=organization, title="Положение", kind="regulation", file="x.pdf", filename="x.pdf"
    )
    return {"entry": entry, "case": case, "news": news, "document": document, "mentor": mentor}


def _get_urls(organization, content):
    slug = organization.slug
    return [
        reverse("public:manage", args=[slug]),
        reverse("public:manage_documents", args=[slug]),
        reverse("public:manage_honor", args=[slug]),
        reverse("public:honor_edit", args=[slug, content["entry"].pk]),
        reverse("public:manage_cases", args=[slug]),
        reverse("public:case_edit", args=[slug, content["case"].pk]),
        reverse("public:manage_news", args=[slug]),
        reverse("public:news_edit", args=[slug, content["news"].pk]),
    ]


def _post_urls(organization, content):
    slug = organization.slug
    return [
        (reverse("public:manage", args=[slug]), {"is_published": "on", "intro": "Новый текст"}),
        (
            reverse("public:manage_cases", args=[slug]),
            {"title": "К", "text": "Т", "published_on": "2026-01-10"},
        ),
        (reverse("public:manage_news", args=[slug]), {"title": "Н", "text": "Т"}),
        (reverse("public:honor_edit", args=[slug, content["entry"].pk]), {"text": "Новый"}),
        (reverse("public:case_delete", args=[slug, content["case"].pk]), {}),
        (reverse("public:news_delete", args=[slug, content["news"].pk]), {}),
        (reverse("public:document_unpublish", args=[slug, content["document"].pk]), {}),
        (reverse("public:honor_remove", args=[slug, content["entry"].pk]), {}),
    ]


def _counts():
    return [m.objects.count() for m in (PublicPage, Case, NewsItem, HonorBoardEntry, PublicDocument)]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_reads_and_who_writes(login, organization, content, role):
    client = login(make_user(role, organization=organization))
    for url in _get_urls(organization, content):
        response = client.get(url)
        assert response.status_code == (200 if role in READERS else 404), url
        if role in READERS:
            assert bool(WRITE_BUTTON.search(response.content.decode())) == (role in WRITERS), url
    before = _counts()
    version = PublicPage.objects.get(organization=organization).version
    for url, data in _post_urls(organization, content):
        response = client.post(url, data)
        assert response.status_code == (302 if role in WRITERS else 404), url
    if role in WRITERS:
        assert PublicPage.objects.get(organization=organization).intro == "Новый текст"
        assert _counts() != before
    else:
        assert _counts() == before
        assert PublicPage.objects.get(organization=organization).version == version


def test_strangers_coordinators_and_anonymous_visitors_get_nothing(
    client, login, organization, content, stranger
):
    region = organization.municipality.region
    for user in (stranger, make_coordinator(region)):
        c = login(user)
        for url in _get_urls(organization, content):
            assert c.get(url).status_code == 404
        for url, data in _post_urls(organization, content):
            assert c.post(url, data).status_code == 404
        c.logout()
    for url in _get_urls(organization, content):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_curator_adds_a_consented_mentor_with_a_photo(login, organization, curator, content):
    client = login(curator)
    other = make_mentor(organization, make_participant(organization, name="Ершова Дина Павловна"))
    unconsented = make_mentor(organization, make_participant(organization, name="Жукова Нина Львовна"))
    url = reverse("public:manage_honor", args=[organization.slug])
    page = client.get(url).content.decode()
    assert "Ершова Дина" not in page  # no consent yet: not offered
    give_publication_consent(other.participant)
    page = client.get(url).content.decode()
    assert "Ершова Дина" in page and "Жукова" not in page
    photo = SimpleUploadedFile("me.jpg", jpeg(), content_type="image/jpeg")
    response = client.post(url, {"mentor": other.pk, "text": "Наставник года", "photo": photo})
    assert response.status_code == 302
    entry = HonorBoardEntry.objects.get(mentor=other)
    assert entry.photo and entry.created_by == curator
    response = client.post(url, {"mentor": unconsented.pk, "text": ""})
    assert response.status_code == 200 and "Выберите корректный вариант" in response.content.decode()
    assert not HonorBoardEntry.objects.filter(mentor=unconsented).exists()


def test_a_bad_photo_or_document_is_a_russian_message_not_a_500(login, organization, curator, content):
    client = login(curator)
    url = reverse("public:honor_edit", args=[organization.slug, content["entry"].pk])
    fake = SimpleUploadedFile("me.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = client.post(url, {"text": "", "photo": fake})
    assert response.status_code == 200 and "Это не фотография" in response.content.decode()
    url = reverse("public:manage_documents", args=[organization.slug])
    exe = SimpleUploadedFile("prikaz.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(url, {"title": "Приказ", "kind": "order", "file": exe})
    assert response.status_code == 200 and "не соответствует" in response.content.decode()
    good = SimpleUploadedFile("prikaz.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"title": "Приказ", "kind": "order", "file": good}).status_code == 302


def test_a_news_item_naming_a_mentee_is_refused_with_a_message(login, organization, curator, content):
    from tests.builders import make_mentee

    make_mentee(organization, make_participant(organization, name="Козлова Ирина Павловна"))
    client = login(curator)
    response = client.post(
        reverse("public:manage_news", args=[organization.slug]),
        {"title": "Победа", "text": "Поздравляем Ирину Козлову с победой в олимпиаде!"},
    )
    assert response.status_code == 200
    assert "В тексте названы наставляемые или несовершеннолетние: Козлова Ирина" in response.content.decode()
    assert not NewsItem.objects.filter(title="Победа").exists()


def test_the_menu_links_the_settings_for_programme_staff_only(login, organization):
    url = reverse("public:manage", args=[organization.slug])
    for role in ALL_ROLES:
        client = login(make_user(role, organization=organization))
        page = client.get(reverse("organizations:detail", args=[organization.slug])).content.decode()
        assert (f'href="{url}"' in page) == (role in READERS), role
