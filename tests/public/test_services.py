"""The writes of the public page: documents, honor board entries (only with consent), cases and news (no
mentee's name), photos (real images, no EXIF); each one makes the cached page stale."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from nastavnik.accounts.models import Role
from nastavnik.participants.services import revoke_consent
from nastavnik.public import queries, services
from nastavnik.public.models import Case, HonorBoardEntry, NewsItem, PublicDocument, PublicPage
from tests.builders import (
    PDF,
    give_publication_consent,
    jpeg,
    make_mentee,
    make_mentor,
    make_participant,
    make_public_page,
    make_pupil,
    make_user,
)

DOCX = b"PK\x03\x04" + b"\x00" * 64


@pytest.fixture
def page(organization):
    return make_public_page(organization)


def _version(organization) -> int:
    return PublicPage.objects.get(organization=organization).version


def test_publish_document_stores_the_file_and_makes_the_page_stale(organization, curator, page):
    before = _version(organization)
    document = services.publish_document(
        organization,
        title="  Положение о наставничестве ",
        kind="regulation",
        filename="../../Положение.PDF",
        content=PDF,
        acting_user=curator,
    )
    assert (document.title, document.kind, document.filename, document.size) == (
        "Положение о наставничестве",
        "regulation",
        "Положение.pdf",
        len(PDF),
    )
    assert document.created_by == curator
    assert document.file.read() == PDF
    assert _version(organization) == before + 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Укажите название"),
        ({"kind": "secret"}, "Неизвестный вид"),
        ({"filename": "virus.exe"}, "Опубликовать можно"),
        ({"content": b""}, "Файл пустой"),
        ({"filename": "a.docx", "content": PDF}, "не соответствует"),
        ({"content": b"%PDF" + b"0" * (20 * 1024 * 1024)}, "больше 20 МБ"),
    ],
)
def test_publish_document_refuses_bad_input_in_russian(organization, curator, fields, message):
    arguments = {"title": "Приказ", "kind": "order", "filename": "prikaz.pdf", "content": PDF, **fields}
    with pytest.raises(ValidationError, match=message):
        services.publish_document(organization, acting_user=curator, **arguments)
    assert not PublicDocument.objects.exists()


def test_unpublish_deletes_the_document(organization, curator, page, django_capture_on_commit_callbacks):
    document = services.publish_document(
        organization, title="Приказ", kind="order", filename="p.docx", content=DOCX, acting_user=curator
    )
    storage, name = document.file.storage, document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_document(document, acting_user=curator)
    assert not PublicDocument.objects.exists()
    assert not storage.exists(name)


def test_honor_entry_needs_an_adult_mentor_with_a_publication_consent(organization, curator, page):
    without = make_mentor(organization)
    with pytest.raises(ValidationError, match="согласия на публикацию"):
        services.add_honor_entry(without, text="", photo=None, acting_user=curator)
    minor = make_mentor(organization, make_pupil(organization, age=16))
    give_publication_consent(minor.participant)
    with pytest.raises(ValidationError, match="несовершеннолетний"):
        services.add_honor_entry(minor, text="", photo=None, acting_user=curator)
    revoked = make_mentor(organization)
    give_publication_consent(revoked.participant, revoked=True)
    with pytest.raises(ValidationError):
        services.add_honor_entry(revoked, text="", photo=None, acting_user=curator)
    assert not HonorBoardEntry.objects.exists()

    mentor = make_mentor(organization)
    give_publication_consent(mentor.participant)
    entry = services.add_honor_entry(mentor, text="Лучший наставник", photo=jpeg(), acting_user=curator)
    assert entry.created_by == curator and entry.history.first().history_user == curator
    assert [c.name for c in queries.honor_board(organization)] == [mentor.participant.full_name]
    with pytest.raises(ValidationError, match="уже на доске"):
        services.add_honor_entry(mentor, text="", photo=None, acting_user=curator)


def test_the_photo_is_re_encoded_without_exif_and_bounded(organization, curator, page):
    mentor = make_mentor(organization)
    give_publication_consent(mentor.participant)
    entry = services.add_honor_entry(mentor, text="", photo=jpeg(2000, 1500), acting_user=curator)
    image = Image.open(io.BytesIO(entry.photo.read()))
    assert image.format == "JPEG" and max(image.size) == 800
    assert dict(image.getexif()) == {}


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "не фотография"),
        (b"GIF89a" + b"\x00" * 40, "не фотография"),
        (jpeg()[:200], "не фотография"),
        (b"\xff" * (5 * 1024 * 1024 + 1), "больше 5 МБ"),
    ],
)
def test_a_photo_that_is_not_a_real_image_is_refused(organization, curator, page, photo, message):
    mentor = make_mentor(organization)
    give_publication_consent(mentor.participant)
    with pytest.raises(ValidationError, match=message):
        services.add_honor_entry(mentor, text="", photo=photo, acting_user=curator)
    assert not HonorBoardEntry.objects.exists()


def test_a_gif_image_is_refused_as_an_unsupported_format(organization, curator, page):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    mentor = make_mentor(organization)
    give_publication_consent(mentor.participant)
    with pytest.raises(ValidationError, match="JPEG, PNG или WebP"):
        services.add_honor_entry(mentor, text="", photo=out.getvalue(), acting_user=curator)


def test_update_and_remove_an_entry(organization, curator, page, django_capture_on_commit_callbacks):
    mentor = make_mentor(organization)
    give_publication_consent(mentor.participant)
    entry = services.add_honor_entry(mentor, text="", photo=jpeg(), acting_user=curator)
    old = entry.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.update_honor_entry(
            entry, text="Новый текст", photo=None, remove_photo=True, acting_user=curator
        )
    entry.refresh_from_db()
    assert (entry.text, entry.photo.name) == ("Новый текст", "")
    assert not entry.photo.storage.exists(old)
    before = _version(organization)
    services.remove_honor_entry(entry, acting_user=curator)
    assert not HonorBoardEntry.objects.exists()
    assert _version(organization) > before


@pytest.mark.parametrize("save", ["case", "news", "honor", "intro"])
def test_a_public_text_naming_a_mentee_or_a_minor_is_refused(organization, curator, page, save):
    make_mentee(organization, make_participant(organization, name="Козлова Ирина Павловна"))
    make_pupil(organization, last_name="Зайцев", first_name="Кирилл")  # a minor, not in the base
    mentor = make_mentor(organization)
    give_publication_consent(mentor.participant)
    for text in ("Благодарим Ирину Козлову за проект", "Кирилл Зайцев победил"):
        with pytest.raises(ValidationError, match="наставляемые или несовершеннолетние") as error:
            if save == "case":
                services.save_case(organization, title="Кейс", text=text, acting_user=curator)
            elif save == "news":
                services.save_news(organization, title=text, text="Текст", acting_user=curator)
            elif save == "honor":
                services.add_honor_entry(mentor, text=text, photo=None, acting_user=curator)
            else:
                services.update_page(organization, is_published=True, intro=text, acting_user=curator)
        assert "Козлова Ирина" in str(error.value) or "Зайцев Кирилл" in str(error.value)
    assert (
        not Case.objects.exists() and not NewsItem.objects.exists() and not HonorBoardEntry.objects.exists()
    )


def test_a_text_about_an_adult_mentor_is_accepted(organization, curator, page):
    make_participant(organization, name="Орлова Вера Ивановна", mentor=True)
    case = services.save_case(
        organization,
        title="Кейс",
        text="Наставник Вера Ивановна Орлова провела 12 встреч",
        acting_user=curator,
    )
    item = services.save_news(
        organization, title="Новость", text="Ученица 7Б рассказала о проекте", acting_user=curator
    )
    assert case.pk and item.pk


def test_revoking_the_publication_consent_takes_the_mentor_off_the_board_and_bumps_the_version(
    organization, curator, page
):
    mentor = make_mentor(organization)
    consent = give_publication_consent(mentor.participant)
    services.add_honor_entry(mentor, text="", photo=None, acting_user=curator)
    assert len(queries.honor_board(organization)) == 1
    before = _version(organization)
    revoke_consent(consent, acting_user=curator, reason="Попросила убрать")
    assert _version(organization) > before
    assert queries.honor_board(organization) == []
    assert HonorBoardEntry.objects.count() == 1  # the entry stays; it shows again only with a new consent


def test_a_programme_staff_member_is_not_needed_by_the_services(organization):
    # Services trust their caller: the views check the role.
    someone = make_user(Role.MENTOR, organization=organization)
    item = services.save_news(organization, title="Новость", text="Текст", acting_user=someone)
    assert item.created_by == someone
