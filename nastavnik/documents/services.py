"""The write side of documents: an organization's own templates, build jobs, publication on the public page.

Every function takes the keyword-only `acting_user` and records it; permissions are checked by the callers
(views, the command). Errors are `ValidationError`s with a message in the active language (the template
check's own messages are Russian).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from nastavnik.accounts.models import User
from nastavnik.core.uploads import ArchiveError
from nastavnik.organizations.models import Organization

from . import registry
from .building import build_document
from .context import Options
from .models import BUILD_FAILED, DocumentTemplate, GeneratedDocument
from .rendering import RenderError
from .validation import TemplateCheckError, check_template

logger = logging.getLogger(__name__)

#: A template is a letterhead and some tables: a few hundred kilobytes; pictures of a logo make it a megabyte.
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
#: What the public page calls each kind (public.models.DocumentKind). Only documents without participants'
#: names: the rewards order and the certificates name mentors and mentees, who may be minors or may not have
#: agreed to publication, so they are never offered for the public page.
PUBLIC_KIND = {
    "regulation": "regulation",
    "curator_order": "order",
    "annual_report": "report",
    "monitoring_note": "report",
}


def upload_template(
    organization: Organization, code: str, *, filename: str, content: bytes, acting_user: User | None
) -> DocumentTemplate:
    """Check the DOCX and make it the organization's template of this kind (replacing an earlier one).

    Nothing is stored when the check fails (ValidationError with the check's Russian message)."""
    kind = registry.get(code)
    try:
        check_template(
            kind,
            content,
            filename,
            max_bytes=MAX_TEMPLATE_BYTES,
            max_unzipped=settings.UPLOAD_MAX_UNZIPPED_MB * 1024 * 1024,
        )
    except TemplateCheckError as exc:
        # a zip bomb's refusal (core/uploads.py) is translated; the check's own messages stay Russian
        cause = exc.__cause__
        raise ValidationError(
            cause.translated(gettext) if isinstance(cause, ArchiveError) else exc.message
        ) from exc
    with transaction.atomic():
        old = (
            DocumentTemplate.objects.select_for_update().filter(organization=organization, kind=code).first()
        )
        if old is not None:
            old.file.delete(save=False)
            old.delete()
        template = DocumentTemplate(
            organization=organization, kind=code, filename=filename[-255:], created_by=acting_user
        )
        template.file.save("template.docx", ContentFile(content), save=False)
        template.save()
    return template


def revert_template(organization: Organization, code: str, *, acting_user: User | None) -> bool:
    """Back to the shipped template; False when the organization had none of its own."""
    registry.get(code)
    template = DocumentTemplate.objects.filter(organization=organization, kind=code).first()
    if template is None:
        return False
    logger.info("template %s of organization %s reverted by %s", code, organization.pk, acting_user)
    template.file.delete(save=False)
    template.delete()
    return True


def request_document(
    organization: Organization, code: str, options: Options, *, acting_user: User | None
) -> GeneratedDocument:
    """Queue a build (documents.tasks.build_generated_document); the page polls the returned row."""
    from .tasks import build_generated_document

    registry.get(code)
    document = GeneratedDocument.objects.create(
        organization=organization,
        kind=code,
        academic_year=options.year,
        options=options.as_json(),
        created_by=acting_user,
    )
    transaction.on_commit(lambda: build_generated_document.enqueue(document.pk))
    return document


def run_build(document: GeneratedDocument) -> GeneratedDocument:
    """Build the queued document now (the task calls this). A failure is recorded, never raised."""
    if document.status != GeneratedDocument.Status.QUEUED:
        return document  # run twice by a restarted worker: the first run answers
    document.status, document.started_at = GeneratedDocument.Status.RUNNING, timezone.now()
    document.save(update_fields=["status", "started_at"])
    try:
        with translation.override("ru"):  # a document is Russian whatever the language of who asked for it
            content = build_document(
                document.organization, document.kind, Options.from_json(document.options)
            )
        document.file.save("document.docx", ContentFile(content), save=False)
        document.status = GeneratedDocument.Status.DONE
    except RenderError as exc:
        document.status, document.error = GeneratedDocument.Status.FAILED, exc.message
    except Exception:
        logger.exception("document %s failed", document.pk)
        document.status = GeneratedDocument.Status.FAILED
        document.error = BUILD_FAILED  # stored in Russian; the page translates it (error_text)
    document.finished_at = timezone.now()
    document.save(update_fields=["status", "file", "error", "finished_at"])
    return document


#: What the page of a build shows when its worker died under it (documents are built in Russian).
INTERRUPTED_MESSAGE = "Сборка документа прервана: фоновый обработчик остановился. Соберите документ ещё раз."


def fail_interrupted_build(document_id: int) -> str:
    """The worker building this document is gone (operations.recovery, `manage.py recover_tasks`): the build
    failed with a Russian message, and its page stops polling. Called inside the caller's transaction."""
    from nastavnik.core.tenancy import scopes_disabled

    with scopes_disabled():
        document = GeneratedDocument.objects.select_for_update().filter(pk=document_id).first()
    if document is None:
        return f"document {document_id}: no longer exists"
    if document.finished:
        return f"document {document_id}: already {document.status}"
    document.status, document.error = GeneratedDocument.Status.FAILED, INTERRUPTED_MESSAGE
    document.finished_at = timezone.now()
    document.save(update_fields=["status", "error", "finished_at"])
    return f"document {document_id}: marked failed"


def publish(document: GeneratedDocument, *, acting_user: User | None) -> None:
    """Put a built document on the organization's public page (public.services.publish_document).

    Documents that name participants never go public; neither does a document that is not built."""
    from nastavnik.public.services import publish_document

    if document.status != GeneratedDocument.Status.DONE or not document.file:
        raise ValidationError(gettext("Документ ещё не собран."))
    if document.kind not in PUBLIC_KIND:
        raise ValidationError(gettext("Этот документ содержит имена участников и не публикуется."))
    with document.file.open("rb") as stream:
        content = stream.read()
    with transaction.atomic():
        publish_document(
            document.organization,
            title=document.download_name.removesuffix(".docx"),
            kind=PUBLIC_KIND[document.kind],
            filename=document.download_name,
            content=content,
            acting_user=acting_user,
        )
        document.published_at = timezone.now()
        document.save(update_fields=["published_at"])
