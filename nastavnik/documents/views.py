"""Pages of documents: the list of kinds and of built documents, the build form, the build's progress (htmx
polling), the download, publication, and an organization's own template per kind.

Curation (curator, working group) builds and manages templates; programme staff (administration too) see the
list and download. Anyone else gets 404, as everywhere.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nastavnik.accounts.permissions import can
from nastavnik.audit.models import AccessKind
from nastavnik.audit.services import record_access
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization

from . import registry, services
from .forms import BuildForm, TemplateUploadForm
from .models import DocumentTemplate, GeneratedDocument
from .registry import Kind
from .rendering import DOCX_MIME, shipped_template

VIEW, BUILD, TEMPLATES = "documents.view_documents", "documents.build_documents", "documents.manage_templates"
RECENT = 30


def _kind(code: str) -> Kind:
    try:
        return registry.get(code)
    except KeyError:
        raise Http404 from None


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, VIEW)
    own = set(DocumentTemplate.objects.filter(organization=organization).values_list("kind", flat=True))
    built = list(
        GeneratedDocument.objects.filter(organization=organization).select_related("created_by")[:RECENT]
    )
    return render(
        request,
        "documents/index.html",
        {
            "organization": organization,
            "kinds": [{"kind": kind, "own": kind.code in own} for kind in registry.KINDS],
            "built": built,
            "can_build": can(request.user, BUILD, organization),
            "can_templates": can(request.user, TEMPLATES, organization),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def build(request: AuthenticatedHttpRequest, org: str, kind: str) -> HttpResponse:
    organization = get_organization(request, org, BUILD)
    document_kind = _kind(kind)
    form = BuildForm(document_kind, organization, request.POST or None)
    if request.method == "POST" and form.is_valid():
        document = services.request_document(organization, kind, form.options(), acting_user=request.user)
        return redirect("documents:document", organization.slug, document.pk)
    return render(
        request,
        "documents/build.html",
        {"organization": organization, "kind": document_kind, "form": form},
    )


def _document(request: AuthenticatedHttpRequest, organization: Organization, pk: int) -> GeneratedDocument:
    document: GeneratedDocument = get_object_or_404(
        GeneratedDocument.objects.select_related("organization"), organization=organization, pk=pk
    )
    return document


def _status_context(
    organization: Organization, document: GeneratedDocument, user: object
) -> dict[str, object]:
    end = document.finished_at or timezone.now()
    return {
        "organization": organization,
        "document": document,
        "elapsed": max(0, int((end - (document.started_at or document.created_at)).total_seconds())),
        "status_url": reverse("documents:document_status", args=[organization.slug, document.pk]),
        "can_publish": document.kind in services.PUBLIC_KIND and can(user, BUILD, organization),
    }


@login_required
@require_GET
def document(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization = get_organization(request, org, VIEW)
    built = _document(request, organization, pk)
    return render(request, "documents/document.html", _status_context(organization, built, request.user))


@login_required
@require_GET
def document_status(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    """The progress block (htmx polls it every second until the build ends)."""
    organization = get_organization(request, org, VIEW)
    built = _document(request, organization, pk)
    if not request.headers.get("HX-Request"):
        raise Http404  # a fragment, not a page
    return render(request, "documents/_status.html", _status_context(organization, built, request.user))


@login_required
@require_GET
def download(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponseBase:
    organization = get_organization(request, org, VIEW)
    built = _document(request, organization, pk)
    if built.status != GeneratedDocument.Status.DONE or not built.file:
        raise Http404
    try:
        handle = built.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    if registry.get(built.kind).names_people:
        record_access(request, organization, AccessKind.DOCUMENT, None, detail=built.kind_title)
    return FileResponse(handle, as_attachment=True, filename=built.download_name, content_type=DOCX_MIME)


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization = get_organization(request, org, BUILD)
    built = _document(request, organization, pk)
    try:
        services.publish(built, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Документ опубликован на публичной странице организации."))
    return redirect("documents:document", organization.slug, built.pk)


@login_required
@require_http_methods(["GET", "POST"])
def template(request: AuthenticatedHttpRequest, org: str, kind: str) -> HttpResponse:
    """The organization's own template of a kind: upload (checked), the placeholders it may use, revert."""
    organization = get_organization(request, org, TEMPLATES)
    document_kind = _kind(kind)
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.upload_template(
                organization,
                kind,
                filename=upload.name or "template.docx",
                content=upload.read(services.MAX_TEMPLATE_BYTES + 1),
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("Шаблон загружен: документы этого вида теперь собираются по нему."))
            return redirect("documents:template", organization.slug, kind)
    own = DocumentTemplate.objects.filter(organization=organization, kind=kind).first()
    return render(
        request,
        "documents/template.html",
        {
            "organization": organization,
            "kind": document_kind,
            "form": form,
            "own": own,
            "syntax_help": registry.SYNTAX_HELP,
        },
    )


@login_required
@require_POST
def template_revert(request: AuthenticatedHttpRequest, org: str, kind: str) -> HttpResponse:
    organization = get_organization(request, org, TEMPLATES)
    _kind(kind)
    if services.revert_template(organization, kind, acting_user=request.user):
        messages.success(request, _("Возвращён стандартный шаблон."))
    return redirect("documents:template", organization.slug, kind)


@login_required
@require_GET
def template_download(request: AuthenticatedHttpRequest, org: str, kind: str) -> HttpResponseBase:
    """The template in use (the organization's or the shipped one): a starting point for its own."""
    organization = get_organization(request, org, TEMPLATES)
    document_kind = _kind(kind)
    own = DocumentTemplate.objects.filter(organization=organization, kind=kind).first()
    name = f"Шаблон — {document_kind.title}.docx"
    if own is not None:
        try:
            return FileResponse(
                own.file.open("rb"), as_attachment=True, filename=name, content_type=DOCX_MIME
            )
        except (FileNotFoundError, OSError):
            raise Http404 from None
    shipped = io.BytesIO(shipped_template(document_kind))
    return FileResponse(shipped, as_attachment=True, filename=name, content_type=DOCX_MIME)
