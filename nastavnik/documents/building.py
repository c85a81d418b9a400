"""Build a document: the organization's template (or the shipped one), the kind's context, docxtpl. Read side.

The command line, the background task and the benchmark call `build_document`; it writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string

from nastavnik.organizations.models import Organization

from . import registry
from .context import Options
from .models import DocumentTemplate
from .registry import Kind
from .rendering import render, shipped_template


def build_context(kind: Kind, organization: Organization, options: Options) -> dict[str, Any]:
    builder = import_string(kind.builder)
    context: dict[str, Any] = builder(organization, options)
    registry.conform(kind, context)
    return context


def template_for(kind: Kind, organization: Organization) -> bytes:
    own = DocumentTemplate.objects.filter(organization=organization, kind=kind.code).first()
    if own is not None:
        with own.file.open("rb") as stream:
            return bytes(stream.read())
    return shipped_template(kind)


def build_document(organization: Organization, code: str, options: Options) -> bytes:
    """The DOCX bytes. Raises KeyError for an unknown kind, rendering.RenderError for a template that fails."""
    kind = registry.get(code)
    return render(kind, template_for(kind, organization), build_context(kind, organization, options))
