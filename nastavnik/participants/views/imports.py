"""The import of a school's list: upload, column mapping with a preview and errors, confirmation.

The uploaded file waits under VAR_DIR/imports (a day at most: it holds personal data) between the steps;
the session remembers which uploads are this user's.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nastavnik.organizations.access import get_organization

from .. import forms, import_jobs, import_views, services, tabular
from ..models import Participant
from .common import Request

_SESSION_KEY = "participants_imports"


def _import_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _forget_old_uploads(days: int = 1) -> None:
    """Uploads that were never confirmed hold personal data: keep them a day at most."""
    limit = time.time() - days * 86400
    for path in _import_dir().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: Request, org: str) -> HttpResponse:
    organization = get_organization(request, org, "participants.change_base")
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _forget_old_uploads()
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            import_jobs.read_table_for_page(data, upload.name)  # a large file: its head only
        except tabular.TableError as exc:
            form.add_error("file", exc.translated(_))
        else:
            token = secrets.token_urlsafe(16)
            suffix = Path(upload.name).suffix.lower()
            (_import_dir() / f"{token}{suffix}").write_bytes(data)
            stored = request.session.get(_SESSION_KEY, {})
            stored[token] = {
                "organization": organization.pk,
                "filename": Path(upload.name).name[:200],
                "suffix": suffix,
                "default_role": form.cleaned_data["default_role"],
            }
            request.session[_SESSION_KEY] = stored
            return redirect("participants:import_mapping", organization.slug, token)
    return render(request, "participants/import_upload.html", {"organization": organization, "form": form})


def _preview_row(row: tabular.ParsedRow) -> list[object]:
    roles = [
        label for flag, label in ((row.is_mentor, _("наставник")), (row.is_mentee, _("наставляемый"))) if flag
    ]
    return [
        row.row,
        row.full_name,
        row.birth_date.strftime("%d.%m.%Y") if row.birth_date else "",
        Participant.Category(row.category).label if row.category else "",
        row.group,
        row.subject,
        ", ".join(str(r) for r in roles),
        "; ".join(row.requests + row.competences),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: Request, org: str, token: str) -> HttpResponse:
    organization = get_organization(request, org, "participants.change_base")
    info: dict[str, Any] | None = request.session.get(_SESSION_KEY, {}).get(token)
    if not info or info.get("organization") != organization.pk:
        raise Http404
    path = _import_dir() / f"{token}{info['suffix']}"
    if not path.exists():
        raise Http404
    data = path.read_bytes()
    try:
        table = import_jobs.read_table_for_page(data, info["filename"])
    except tabular.TableError:
        raise Http404 from None
    guessed = tabular.guess_mapping(table.headers)
    form = forms.ImportMappingForm(request.POST or None, headers=table.headers, initial_mapping=guessed)
    mapping: dict[int, str] | None = guessed
    if request.method == "POST":
        mapping = form.mapping() if form.is_valid() else None
    result = None
    if mapping is not None:
        confirm = request.method == "POST" and request.POST.get("action") == "import"
        if import_jobs.runs_in_background(data):
            return import_views.job_page(request, organization, token, info, form, mapping, confirm)
        result = services.import_participants(
            organization,
            data,
            info["filename"],
            mapping=mapping,
            dry_run=not confirm,
            acting_user=request.user,
            default_role=info.get("default_role", "mentee"),
        )
        if confirm and result.ok:
            path.unlink(missing_ok=True)
            stored = request.session.get(_SESSION_KEY, {})
            stored.pop(token, None)
            request.session[_SESSION_KEY] = stored
            messages.success(
                request,
                _("Загружено участников: %(created)s; пропущено повторов: %(dups)s.")
                % {"created": result.created, "dups": len(result.duplicates)},
            )
            return redirect("participants:mentees", organization.slug)
    return render(
        request,
        "participants/import_mapping.html",
        {
            "organization": organization,
            "form": form,
            "result": result,
            "filename": info["filename"],
            "preview": [_preview_row(row) for row in result.preview] if result else [],
            "errors_shown": [e.translated(_) for e in result.errors[:500]] if result else [],
            "action_url": reverse("participants:import_mapping", args=[organization.slug, token]),
        },
    )
