"""An organization's own templates and the documents built from them (each build is a background job)."""

from __future__ import annotations

import re
import secrets

from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from nastavnik.core.ownership import Authored, OrganizationOwned

from .registry import KINDS
from .rendering import TEMPLATE_FAILED

#: The titles are the registry's message ids: a page shows them in the reader's language (`get_kind_display`),
#: the document itself, its file name and the access log keep the Russian title (`kind_title`).
KIND_CHOICES = [(kind.code, _(kind.title)) for kind in KINDS]


#: A build that failed for a reason other than the template (the log has it).
BUILD_FAILED = gettext_noop(
    "Не удалось собрать документ: внутренняя ошибка. Попробуйте ещё раз или сообщите администратору."
)
#: `TEMPLATE_FAILED` as stored (Russian, with the template engine's words in place of `%(problem)s`).
_TEMPLATE_FAILED_RE = re.compile(
    "(?s)" + re.escape(TEMPLATE_FAILED).replace(re.escape("%(problem)s"), "(?P<problem>.*)")
)


def template_path(instance: DocumentTemplate, filename: str) -> str:
    """Unguessable: in development media files are served without a permission check."""
    return f"documents/{instance.organization_id}/templates/{secrets.token_hex(8)}.docx"


def document_path(instance: GeneratedDocument, filename: str) -> str:
    return f"documents/{instance.organization_id}/built/{secrets.token_hex(8)}.docx"


class DocumentTemplate(OrganizationOwned, Authored):
    """The organization's own DOCX for one kind, checked on upload (validation.py); absent → the shipped one."""

    kind = models.CharField(_("вид документа"), max_length=32, choices=KIND_CHOICES)
    file = models.FileField(_("шаблон"), upload_to=template_path, max_length=255)
    filename = models.CharField(_("имя файла"), max_length=255)

    class Meta:
        verbose_name = _("шаблон документа")
        verbose_name_plural = _("шаблоны документов")
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind"], name="documenttemplate_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"


class GeneratedDocument(OrganizationOwned, Authored):
    """One build of a document: queued → running → done (with the file) or failed (with a Russian message)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("собирается")
        DONE = "done", _("готов")
        FAILED = "failed", _("не удалось")

    kind = models.CharField(_("вид документа"), max_length=32, choices=KIND_CHOICES)
    academic_year = models.PositiveSmallIntegerField(_("учебный год"))
    options = models.JSONField(_("параметры"), default=dict)
    status = models.CharField(_("состояние"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("файл"), upload_to=document_path, blank=True, max_length=255)
    error = models.TextField(_("ошибка"), blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("опубликован"), null=True, blank=True)

    class Meta:
        verbose_name = _("собранный документ")
        verbose_name_plural = _("собранные документы")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="generateddocument_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def error_text(self) -> str:
        """The build failure in the reader's language. `error` is stored in Russian at build time (the worker
        builds under Russian); the known messages are recognized here and translated, any other text shown as
        stored."""
        if self.error == BUILD_FAILED:
            return gettext(BUILD_FAILED)
        if match := _TEMPLATE_FAILED_RE.fullmatch(self.error):
            return gettext(TEMPLATE_FAILED) % {"problem": match["problem"]}
        return self.error

    @property
    def kind_title(self) -> str:
        """The kind's Russian title, whatever the reader's language (the documents are Russian)."""
        from .registry import BY_CODE

        kind = BY_CODE.get(self.kind)
        return kind.title if kind else self.kind

    @property
    def download_name(self) -> str:
        """What the browser saves the file as: Russian, without characters file systems refuse."""
        from .context import year_label

        title = "".join("-" if c in '\\/:*?"<>|' else c for c in self.kind_title)
        return f"{title} {year_label(self.academic_year).replace('/', '-')}.docx"
