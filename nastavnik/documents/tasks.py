"""Background builds of documents (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from nastavnik.core.tenancy import organization_scope, scopes_disabled


@task()
def build_generated_document(document_id: int) -> str:
    """Build one queued GeneratedDocument inside its organization's scope."""
    from .models import GeneratedDocument
    from .services import run_build

    with scopes_disabled():
        document = GeneratedDocument.objects.select_related("organization__municipality__region").get(
            pk=document_id
        )
    with organization_scope(document.organization):
        return str(run_build(document).status)
