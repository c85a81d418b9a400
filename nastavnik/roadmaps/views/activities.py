"""One activity: its page, status, «mark done» with proof, more proof, editing the line, a proof file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nastavnik.accounts.permissions import can, require
from nastavnik.core.http import AuthenticatedHttpRequest, safe_next
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization

from .. import services
from ..forms import ActivityForm, DoneForm, EvidenceForm, StatusForm
from ..models import Activity, ActivityStatus, Evidence
from .common import (
    decorate,
    is_htmx,
    load_activity,
    load_activity_for_update,
    may_see,
    rows_response,
)


def _activity_page(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    activity: Activity,
    *,
    done_form: DoneForm,
    history: list[Any],
    status: int = 200,
) -> HttpResponse:
    """The activity page: the line, its proof, recent changes and the «mark done» form."""
    user = request.user
    decorate([activity], user, organization)
    return render(
        request,
        "roadmaps/activity.html",
        {
            "organization": organization,
            "a": activity,
            "evidence": list(activity.evidence.select_related("created_by")),
            "history": history,
            "done_form": done_form,
            "evidence_form": EvidenceForm(),
            "status_choices": ActivityStatus.choices,
            "can_change": can(user, "roadmaps.change_roadmap", organization),
            "can_view_roadmap": can(user, "roadmaps.view_roadmap", organization),
        },
        status=status,
    )


def _detail_url(organization: Organization, activity: Activity) -> str:
    return reverse("roadmaps:activity", args=[organization.slug, activity.pk])


@login_required
def activity_detail(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization, activity = load_activity(request, org, pk)
    history = list(activity.history.select_related("history_user").order_by("-history_date")[:10])
    return _activity_page(request, organization, activity, done_form=DoneForm(), history=history)


@login_required
@require_POST
def activity_status(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization, activity = load_activity_for_update(request, org, pk)
    form = StatusForm(request.POST)
    valid = form.is_valid()
    if valid:
        services.set_status(activity, form.cleaned_data["status"], acting_user=request.user)
    if is_htmx(request):
        return rows_response(request, organization, activity, status=200 if valid else 400)
    if valid:
        messages.success(request, _("Статус мероприятия изменён."))
    else:
        messages.error(request, _("Неизвестный статус мероприятия."))
    return redirect(safe_next(request, _detail_url(organization, activity)))


@login_required
@require_http_methods(["GET", "POST"])
def activity_done(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    """GET (htmx): the «mark done» form under the activity; POST: done, with optional proof."""
    organization, activity = load_activity_for_update(request, org, pk)
    detail_url = _detail_url(organization, activity)
    if request.method == "GET":
        if is_htmx(request):
            form = None if request.GET.get("cancel") else DoneForm()
            return rows_response(request, organization, activity, done_form=form)
        return redirect(detail_url + "#done")
    form = DoneForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        services.mark_done(
            activity,
            acting_user=request.user,
            completed_on=data.get("completed_on"),
            note=data.get("note") or "",
            file=data.get("file"),
            url=data.get("url") or "",
        )
        if is_htmx(request):
            return rows_response(request, organization, activity)
        messages.success(request, _("Мероприятие отмечено выполненным."))
        return redirect(safe_next(request, detail_url))
    if is_htmx(request):
        return rows_response(request, organization, activity, done_form=form)
    return _activity_page(request, organization, activity, done_form=form, history=[], status=400)


@login_required
@require_POST
def activity_evidence(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization, activity = load_activity_for_update(request, org, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        title = data.get("title") or ""
        if data.get("file"):
            services.add_evidence(activity, acting_user=request.user, file=data["file"], title=title)
        if data.get("url"):
            services.add_evidence(activity, acting_user=request.user, url=data["url"], title=title)
        messages.success(request, _("Подтверждение добавлено."))
    else:
        for error in form.errors.as_data().values():
            for message in (m for e in error for m in e.messages):
                messages.error(request, message)
    return redirect(_detail_url(organization, activity) + "#evidence")


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization, activity = load_activity(request, org, pk)
    require(request.user, "roadmaps.change_roadmap", organization)
    if request.method == "POST":
        form = ActivityForm(request.POST)
        if form.is_valid():
            texts = {name: form.cleaned_data[name] for name in services.ACTIVITY_TEXTS}
            try:
                services.update_activity(
                    activity,
                    acting_user=request.user,
                    responsible=form.responsible_labels(),
                    deadline_text=form.cleaned_data["deadline_text"],
                    **texts,
                )
            except services.RoadmapError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Мероприятие сохранено."))
                return redirect("roadmaps:activity", organization.slug, activity.pk)
    else:
        form = ActivityForm(
            initial={
                **{name: getattr(activity, name) for name in services.ACTIVITY_TEXTS},
                "deadline_text": activity.deadline_text,
                "responsible": "\n".join(r.label for r in activity.responsible.all()),
            }
        )
    return render(
        request, "roadmaps/activity_edit.html", {"organization": organization, "a": activity, "form": form}
    )


@login_required
def evidence_file(request: AuthenticatedHttpRequest, org: str, pk: int) -> FileResponse:
    organization = get_organization(request, org)
    evidence: Evidence = get_object_or_404(
        Evidence.objects.select_related("activity"), pk=pk, organization=organization
    )
    if not may_see(request.user, organization, evidence.activity) or not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=evidence.filename or "file")
