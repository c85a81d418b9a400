"""The pages of a background import (import_jobs.py): start or reuse a job, poll its progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization

from . import tabular
from .import_jobs import ImportJob
from .services.imports import duplicate_message
from .tasks import run_import_job

SESSION_KEY = "participants_imports"  # the uploads of views.import_upload


def job_page(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    token: str,
    info: dict[str, Any],
    form: Any,
    mapping: dict[int, str],
    confirm: bool,
) -> HttpResponse:
    """The mapping page of a large file: its check or import runs as a job the page polls.

    The same file, mapping and action reuse the job already started (a reload does not queue another),
    unless that one failed.
    """
    stored = {str(k): v for k, v in sorted(mapping.items())}
    job = (
        ImportJob.objects.filter(
            organization=organization, created_by=request.user, token=token, mapping=stored, confirm=confirm
        )
        .exclude(status=ImportJob.Status.FAILED)
        .order_by("-pk")
        .first()
    )
    if job is None:
        job = ImportJob.objects.create(
            organization=organization,
            created_by=request.user,
            token=token,
            filename=info["filename"],
            suffix=info["suffix"],
            default_role=info.get("default_role", "mentee"),
            mapping=stored,
            confirm=confirm,
        )
        run_import_job.enqueue(job.pk)
        job.refresh_from_db()  # a backend that runs tasks at once has finished it already
    if _imported(request, organization, job):
        return redirect("participants:mentees", organization.slug)
    return render(
        request,
        "participants/import_job.html",
        {
            "organization": organization,
            "form": form,
            "filename": info["filename"],
            **_job_context(organization, job),
        },
    )


def _job_context(organization: Organization, job: ImportJob) -> dict[str, Any]:
    end = job.finished_at or timezone.now()
    return {
        "job": job,
        "result": _shown_result(job.result),
        "elapsed": int((end - (job.started_at or job.created_at)).total_seconds()),
        "status_url": reverse("participants:import_job", args=[organization.slug, job.pk]),
        "action_url": reverse("participants:import_mapping", args=[organization.slug, job.token]),
    }


def _shown_result(result: dict[str, Any] | None) -> dict[str, Any] | None:
    """A job's stored result (built by the worker in Russian) with its errors and duplicates' reasons in the
    reader's language; an error stored without its message id (before they were kept) is shown as stored."""
    if not result:
        return result
    return {
        **result,
        "errors": [tabular.translated_error(e, _) for e in result.get("errors", [])],
        "duplicates": [
            {**d, "message": duplicate_message(d.get("first_row"))} if "first_row" in d else d
            for d in result.get("duplicates", [])
        ],
    }


@login_required
@require_GET
def job_status(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    """The progress block (htmx polls it every second); a finished import sends the curator to the base."""
    organization = get_organization(request, org, "participants.change_base")
    job = get_object_or_404(ImportJob, pk=pk, organization=organization, created_by=request.user)
    if not request.headers.get("HX-Request"):
        raise Http404  # a fragment, not a page
    context = {"organization": organization, **_job_context(organization, job)}
    response = render(request, "participants/_import_job_status.html", context)
    if _imported(request, organization, job):
        response["HX-Redirect"] = reverse("participants:mentees", args=[organization.slug])
    return response


def _imported(request: HttpRequest, organization: Organization, job: ImportJob) -> bool:
    """A finished import ends as a small one does: the upload forgotten, a message, the base."""
    if not (job.status == ImportJob.Status.DONE and job.confirm and job.result and job.result["ok"]):
        return False
    stored = request.session.get(SESSION_KEY, {})
    if stored.pop(job.token, None) is not None:
        request.session[SESSION_KEY] = stored
        messages.success(
            request,
            _("Загружено участников: %(created)s; пропущено повторов: %(dups)s.")
            % {"created": job.result["created"], "dups": job.result["duplicates_total"]},
        )
    return True
