"""Every write of the public page. Each one increments the page's version, so that the cached page is rebuilt.

Services never check permissions (the views do: curation writes); they validate and raise `ValidationError`
with a Russian message. `publish_document` is also called by the documents app («Опубликовать на публичной
странице»).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.core.history import set_history_user
from nastavnik.core.tenancy import organization_scope
from nastavnik.participants.models import MentorProfile

from . import queries
from .models import Case, DocumentKind, HonorBoardEntry, NewsItem, PublicDocument, PublicPage
from .names import named_people
from .photos import PhotoError, clean_photo

if TYPE_CHECKING:
    from nastavnik.accounts.models import User
    from nastavnik.organizations.models import Organization

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
#: What a public document may be, by extension, and how its first bytes must look.
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".rtf": (b"{\\rtf",),
}
UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\\/:*?"<>|]+')


def touch(organization_id: int) -> None:
    """Increment the page's version: the cached pages of this organization are stale from now on."""
    # One UPDATE; without a row there is no published page and so nothing cached.
    with organization_scope(organization_id):
        PublicPage.objects.filter(organization_id=organization_id).update(version=F("version") + 1)


def _page(organization: Organization) -> PublicPage:
    with organization_scope(organization):
        page, _created = PublicPage.objects.get_or_create(organization=organization)
    return page


@transaction.atomic
def update_page(
    organization: Organization, *, is_published: bool, intro: str, acting_user: User | None
) -> PublicPage:
    intro = (intro or "").strip()
    if len(intro) > 5000:
        raise ValidationError(_("Слишком длинный текст о программе (не больше 5000 знаков)."))
    _check_text(organization, intro)
    page = _page(organization)
    page.is_published = bool(is_published)
    page.intro = intro
    page.version = F("version") + 1
    page.save(update_fields=["is_published", "intro", "version", "updated_at"])
    page.refresh_from_db(fields=["version"])
    return page


# --- documents ---------------------------------------------------------------------------------------------
def _clean_filename(filename: str) -> str:
    name = UNSAFE_FILENAME.sub("_", os.path.basename((filename or "").replace("\\", "/"))).strip(" .")
    stem, ext = os.path.splitext(name)
    return f"{stem[:150] or 'document'}{ext.lower()[:10]}"


@transaction.atomic
def publish_document(
    organization: Organization,
    *,
    title: str,
    kind: str,
    filename: str,
    content: bytes,
    acting_user: User | None,
) -> PublicDocument:
    """Put a document on the public page (PDF, Word, Excel, OpenDocument or RTF, up to 20 MB)."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Укажите название документа."))
    if len(title) > 300:
        raise ValidationError(_("Слишком длинное название (не больше 300 знаков)."))
    if kind not in DocumentKind.values:
        raise ValidationError(_("Неизвестный вид документа."))
    filename = _clean_filename(filename)
    ext = os.path.splitext(filename)[1]
    if ext not in DOCUMENT_TYPES:
        raise ValidationError(_("Опубликовать можно PDF, документ Word, Excel, OpenDocument или RTF."))
    if not content:
        raise ValidationError(_("Файл пустой."))
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("Файл больше 20 МБ."))
    if not content.startswith(DOCUMENT_TYPES[ext]):
        raise ValidationError(_("Содержимое файла не соответствует его расширению %(ext)s.") % {"ext": ext})
    document = PublicDocument(
        organization=organization,
        title=title,
        kind=kind,
        filename=filename,
        size=len(content),
        created_by=acting_user,
    )
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    touch(organization.pk)
    return document


@transaction.atomic
def unpublish_document(document: PublicDocument, *, acting_user: User | None) -> None:
    """Take a document off the public page (the file is deleted; the documents app keeps its own copy)."""
    organization_id = document.organization_id
    storage, name = document.file.storage, document.file.name
    document.delete()
    touch(organization_id)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- the honor board ---------------------------------------------------------------------------------------
def _photo_file(photo: bytes) -> ContentFile[bytes]:
    try:
        return ContentFile(clean_photo(photo), name="photo.jpg")
    except PhotoError as exc:
        raise ValidationError(exc.translated(_)) from exc  # an id marked in photos.py


def _check_mentor(organization: Organization, mentor: MentorProfile) -> None:
    if mentor.organization_id != organization.pk:
        raise ValidationError(_("Наставник не из этой организации."))
    if mentor.pk not in {m.pk for m in queries.consented_mentors(organization)}:
        raise ValidationError(
            _(
                "У наставника нет действующего согласия на публикацию ФИО и фото (или он несовершеннолетний): "
                "сначала внесите согласие в его карточку."
            )
        )


@transaction.atomic
def add_honor_entry(
    mentor: MentorProfile, *, text: str, photo: bytes | None, acting_user: User | None
) -> HonorBoardEntry:
    organization = mentor.organization
    _check_mentor(organization, mentor)
    text = (text or "").strip()
    if len(text) > 1000:
        raise ValidationError(_("Слишком длинный текст (не больше 1000 знаков)."))
    _check_text(organization, text)
    with organization_scope(organization):
        if HonorBoardEntry.objects.filter(mentor=mentor).exists():
            raise ValidationError(_("Этот наставник уже на доске почёта."))
        entry = HonorBoardEntry(
            organization=organization,
            mentor=mentor,
            text=text,
            created_by=acting_user,
            position=HonorBoardEntry.objects.filter(organization=organization).count(),
        )
    if photo:
        entry.photo.save("photo.jpg", _photo_file(photo), save=False)
    set_history_user(entry, acting_user)
    entry.save()
    touch(organization.pk)
    return entry


@transaction.atomic
def update_honor_entry(
    entry: HonorBoardEntry,
    *,
    text: str,
    photo: bytes | None,
    remove_photo: bool = False,
    acting_user: User | None,
) -> HonorBoardEntry:
    text = (text or "").strip()
    if len(text) > 1000:
        raise ValidationError(_("Слишком длинный текст (не больше 1000 знаков)."))
    _check_text(entry.organization, text)
    old = entry.photo.name if (photo or remove_photo) else ""
    entry.text = text
    if photo:
        entry.photo.save("photo.jpg", _photo_file(photo), save=False)
    elif remove_photo:
        entry.photo = ""
    set_history_user(entry, acting_user)
    entry.save()
    touch(entry.organization_id)
    if old:
        storage = entry.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    return entry


@transaction.atomic
def remove_honor_entry(entry: HonorBoardEntry, *, acting_user: User | None) -> None:
    organization_id = entry.organization_id
    storage, name = entry.photo.storage, entry.photo.name
    set_history_user(entry, acting_user)
    entry.delete()
    touch(organization_id)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- cases and news ----------------------------------------------------------------------------------------
def _check_text(organization: Organization, *texts: str) -> None:
    """Refuse a public text that names a mentee or a minor of the organization (docs/public.md)."""
    text = "\n".join(t for t in texts if t)
    if not text.strip():
        return
    named = named_people(text, queries.protected_people(organization))
    if named:
        names = ", ".join(sorted({p.full_name for p in named}))
        raise ValidationError(
            _(
                "В тексте названы наставляемые или несовершеннолетние: %(names)s. На публичной странице "
                "их имён быть не должно — уберите имя (можно написать «ученица 7 класса»)."
            )
            % {"names": names}
        )


def _clean_title_text(title: str, text: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    text = (text or "").strip()
    if not title:
        raise ValidationError(_("Укажите заголовок."))
    if len(title) > 300:
        raise ValidationError(_("Слишком длинный заголовок (не больше 300 знаков)."))
    if not text:
        raise ValidationError(_("Напишите текст."))
    if len(text) > 20000:
        raise ValidationError(_("Слишком длинный текст (не больше 20 000 знаков)."))
    return title, text


@transaction.atomic
def save_case(
    organization: Organization,
    *,
    title: str,
    text: str,
    published_on: dt.date | None = None,
    item: Case | None = None,
    acting_user: User | None,
) -> Case:
    title, text = _clean_title_text(title, text)
    _check_text(organization, title, text)
    case = item or Case(organization=organization, created_by=acting_user)
    case.title, case.text = title, text
    case.published_on = published_on or case.published_on or timezone.localdate()
    case.save()
    touch(organization.pk)
    return case


@transaction.atomic
def delete_case(case: Case, *, acting_user: User | None) -> None:
    organization_id = case.organization_id
    case.delete()
    touch(organization_id)


@transaction.atomic
def save_news(
    organization: Organization,
    *,
    title: str,
    text: str,
    item: NewsItem | None = None,
    acting_user: User | None,
) -> NewsItem:
    title, text = _clean_title_text(title, text)
    _check_text(organization, title, text)
    item = item or NewsItem(organization=organization, created_by=acting_user)
    item.title, item.text = title, text
    item.save()
    touch(organization.pk)
    return item


@transaction.atomic
def delete_news(item: NewsItem, *, acting_user: User | None) -> None:
    organization_id = item.organization_id
    item.delete()
    touch(organization_id)
