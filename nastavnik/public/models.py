"""The public page of an organization (/p/<slug>/): its settings, documents, honor board, cases and news.

Everything here is shown to anybody on the internet. A mentor's name and photo appear on the honor board only
while the participant's publication consent (`participants.Consent`, kind «публикация ФИО и фото») is in force
and the mentor is an adult: the entry itself carries no consent, it is checked every time the page is built
(`queries.honor_board`). `PublicPage.version` is the cache key's counter: every write through `services` (and
every consent or person change, `signals.py`) increments it, so a cached page never outlives a change.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.core.ownership import Authored, OrganizationOwned


def document_path(instance: PublicDocument, filename: str) -> str:
    return f"public/{instance.organization_id}/documents/{secrets.token_hex(8)}-{filename}"


def photo_path(instance: HonorBoardEntry, filename: str) -> str:
    # A random name: the photo is served only through the page's view, which checks the consent first.
    return f"public/{instance.organization_id}/honor/{secrets.token_hex(12)}.jpg"


class PublicPage(OrganizationOwned):
    """The settings of one organization's public page (one row per organization, created on first use)."""

    is_published = models.BooleanField(
        _("страница опубликована"),
        default=False,
        help_text=_("Пока страница не опубликована, по её адресу открывается «Страница не найдена»."),
    )
    intro = models.TextField(_("о программе наставничества"), blank=True, max_length=5000)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("публичная страница")
        verbose_name_plural = _("публичные страницы")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="publicpage_unique_organization")
        ]

    def __str__(self) -> str:
        return str(self.organization)


class DocumentKind(models.TextChoices):
    REGULATION = "regulation", _("положение о наставничестве")
    ROADMAP = "roadmap", _("дорожная карта")
    ORDER = "order", _("приказ")
    REPORT = "report", _("отчёт")
    OTHER = "other", _("другое")


class PublicDocument(OrganizationOwned, Authored):
    """A document the curator put on the public page (uploaded there or published from the documents app)."""

    Kind = DocumentKind

    title = models.CharField(_("название"), max_length=300)
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("файл"), upload_to=document_path, max_length=400)
    filename = models.CharField(_("имя файла"), max_length=200)
    size = models.PositiveIntegerField(_("размер, байт"), default=0)

    class Meta:
        verbose_name = _("документ публичной страницы")
        verbose_name_plural = _("документы публичной страницы")
        ordering = ["kind", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class HonorBoardEntry(OrganizationOwned, Authored):
    """A mentor on the honor board (доска почёта), with a few words and a photo."""

    mentor = models.ForeignKey(
        "participants.MentorProfile", models.CASCADE, related_name="+", verbose_name=_("наставник")
    )
    text = models.TextField(_("несколько слов о наставнике"), max_length=1000, blank=True)
    photo = models.FileField(_("фотография"), upload_to=photo_path, blank=True, max_length=200)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("запись доски почёта")
        verbose_name_plural = _("доска почёта")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["mentor"], name="honorboardentry_unique_mentor")]

    def __str__(self) -> str:
        return str(self.mentor)


class Case(OrganizationOwned, Authored):
    """A case of best practice (кейс) told by the curator."""

    title = models.CharField(_("заголовок"), max_length=300)
    text = models.TextField(_("текст"), max_length=20000)
    published_on = models.DateField(_("дата"), default=timezone.localdate)

    class Meta:
        verbose_name = _("кейс")
        verbose_name_plural = _("кейсы")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class NewsItem(OrganizationOwned, Authored):
    """A news item of the programme; also in the page's Atom feed."""

    title = models.CharField(_("заголовок"), max_length=300)
    text = models.TextField(_("текст"), max_length=20000)
    published_at = models.DateTimeField(_("опубликована"), default=timezone.now)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("новость")
        verbose_name_plural = _("новости")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title
