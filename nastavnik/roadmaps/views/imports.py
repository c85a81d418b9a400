"""Creating a roadmap: from the template of the organization's kind, or by uploading a file and confirming
its preview. The preview page only binds the formset and renders: the corrections are validated and
applied by `services.import_draft`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization

from .. import queries, services
from ..forms import PreviewFormSet, PreviewRowForm, ProgrammeForm, UploadForm
from ..models import DraftImport, Roadmap
from ..reader import RoadmapReadError
from ..roadmap_templates import template_kind_for


def _to_roadmap(organization: Organization, roadmap: Roadmap) -> HttpResponse:
    return redirect(reverse("roadmaps:roadmap", args=[organization.slug]) + f"?roadmap={roadmap.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def create_programme(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, "roadmaps.change_roadmap")
    if request.method == "POST":
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            try:
                created = services.create_programme_from_template(
                    organization,
                    academic_year=form.cleaned_data["academic_year"],
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    acting_user=request.user,
                )
            except services.RoadmapError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Дорожная карта создана по шаблону. Проверьте сроки и ответственных.")
                )
                return _to_roadmap(organization, created)
    else:
        form = ProgrammeForm(
            initial={
                "title": f"Программа наставничества {organization.short_name}",
                "academic_year": queries.current_academic_year(),
                "kind": template_kind_for(organization.kind),
            }
        )
    return render(request, "roadmaps/create.html", {"organization": organization, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, "roadmaps.change_roadmap")
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                draft = services.read_draft(upload.read(), upload.name, form.cleaned_data["academic_year"])
            except RoadmapReadError as exc:
                form.add_error("file", exc.message)
            else:
                pending = services.save_draft(
                    organization, draft, acting_user=request.user, filename=upload.name
                )
                return redirect("roadmaps:import_preview", organization.slug, pending.pk)
    else:
        form = UploadForm()
    return render(request, "roadmaps/import_upload.html", {"organization": organization, "form": form})


def _editable(rows: list[dict[str, Any]]) -> bool:
    """Django refuses forms with more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS; big drafts are read-only."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return limit is None or len(rows) * len(PreviewRowForm.base_fields) + 20 < limit


def _counts_match(formset: BaseFormSet[PreviewRowForm], rows: int) -> bool:
    """The posted management form describes exactly the preview's rows: a tampered INITIAL_FORMS or
    TOTAL_FORMS would make forms without a row, or extra forms that skip validation."""
    return (
        formset.management_form.is_valid()
        and formset.total_form_count() == rows
        and formset.initial_form_count() == rows
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: AuthenticatedHttpRequest, org: str, draft_id: int) -> HttpResponse:
    organization = get_organization(request, org, "roadmaps.change_roadmap")
    user = request.user
    pending = get_object_or_404(DraftImport, pk=draft_id, organization=organization, created_by=user)
    rows = services.preview_rows(pending.data)
    editable = _editable(rows)
    initial = [{name: row[name] for name in services.PREVIEW_FIELDS} for row in rows]
    formset = PreviewFormSet(initial=initial) if editable else None
    errors: list[str] = []
    if request.method == "POST":
        corrections = None
        if editable:
            bound = PreviewFormSet(request.POST, initial=initial)
            if not _counts_match(bound, len(rows)):
                errors.append(_("Форма не совпадает с черновиком: обновите страницу и попробуйте ещё раз."))
            elif not bound.is_valid():
                formset = bound
                errors.append(_("Исправьте ошибки в таблице."))
            else:
                corrections = bound.cleaned_data
        if not errors:
            try:
                created = services.import_draft(pending, corrections, acting_user=user)
            except services.RoadmapError as exc:
                errors.append(exc.message)
            else:
                messages.success(
                    request,
                    _("Дорожная карта импортирована: этапов %(stages)s, мероприятий %(activities)s.")
                    % {"stages": created.stages.count(), "activities": created.activities.count()},
                )
                return _to_roadmap(organization, created)
    forms_by_row = list(formset.forms) if formset is not None else [None] * len(rows)
    return render(
        request,
        "roadmaps/import_preview.html",
        {
            "organization": organization,
            "draft": pending,
            "data": pending.data,
            "rows": list(zip(rows, forms_by_row, strict=True)),
            "formset": formset,
            "editable": editable,
            "errors": errors,
            "activity_count": sum(1 for r in rows if r["kind"] == "activity"),
            "stage_count": sum(1 for r in rows if r["kind"] == "stage"),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def import_cancel(request: AuthenticatedHttpRequest, org: str, draft_id: int) -> HttpResponse:
    organization = get_organization(request, org, "roadmaps.change_roadmap")
    get_object_or_404(DraftImport, pk=draft_id, organization=organization, created_by=request.user).delete()
    messages.info(request, _("Импорт отменён."))
    return redirect("roadmaps:roadmap", organization.slug)
