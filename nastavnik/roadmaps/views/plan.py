"""The roadmap page (table or timeline, with filters), «Мои задачи», export, removal and binding people."""

from __future__ import annotations

import io
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.accounts.permissions import can
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.organizations.access import get_organization

from .. import queries, services
from ..export import DOCX_MIME, XLSX_MIME, export_docx, export_xlsx
from ..forms import BindForm
from ..models import Activity, ActivityStatus, Roadmap, Stage
from ..timeline import bar_for
from .common import decorate, htmx_part, row_labels

MONTH_LABELS = [
    gettext_lazy("сен"),
    gettext_lazy("окт"),
    gettext_lazy("ноя"),
    gettext_lazy("дек"),
    gettext_lazy("янв"),
    gettext_lazy("фев"),
    gettext_lazy("мар"),
    gettext_lazy("апр"),
    gettext_lazy("май"),
    gettext_lazy("июн"),
    gettext_lazy("июл"),
    gettext_lazy("авг"),
]


def _timeline_rows(roadmap: Roadmap, grouped: list[tuple[Stage, list[Activity]]]) -> list[dict[str, Any]]:
    return [
        {
            "stage": stage,
            "items": [
                {"a": a, "bar": bar_for(a.deadline_start, a.deadline_end, roadmap.academic_year)}
                for a in activities
            ],
        }
        for stage, activities in grouped
    ]


@login_required
def roadmap(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, "roadmaps.view_roadmap")
    user = request.user
    filters = queries.Filters.from_query(request.GET)
    current, roadmaps = queries.roadmap_choice(organization, filters.roadmap)
    context: dict[str, Any] = {
        "organization": organization,
        "roadmap": current,
        "can_change": can(user, "roadmaps.change_roadmap", organization),
        "filters": filters,
    }
    if current is None:
        return render(request, "roadmaps/roadmap.html", context)
    today = timezone.localdate()
    stages = list(Stage.objects.filter(roadmap=current).order_by("position", "id"))
    activities = queries.roadmap_activities(current, filters, user, today)
    decorate(activities, user, organization)
    by_stage = {stage_id: list(items) for stage_id, items in groupby(activities, key=lambda a: a.stage_id)}
    grouped = [(s, by_stage.get(s.pk, [])) for s in stages if s.pk in by_stage or not filters.any]
    context.update(
        {
            "stages": stages,
            "grouped": grouped,
            "shown": len(activities),
            "summary": queries.roadmap_summary(current, today)
            if filters.any
            else queries.summary_of(activities, today),
            "roadmaps": roadmaps,
            "status_choices": ActivityStatus.choices,
            "next": request.get_full_path(),
            "today": today,
            "row": row_labels(),
        }
    )
    if filters.view == "timeline":
        context["months"] = MONTH_LABELS
        context["timeline"] = _timeline_rows(current, grouped)
    if htmx_part(request):
        return render(request, "roadmaps/_roadmap_body.html", context)
    return render(request, "roadmaps/roadmap.html", context)


@login_required
def my_tasks(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org)
    user = request.user
    groups = queries.my_tasks(organization, user)
    for items in groups.values():
        decorate(items, user, organization)
    sections = [
        ("overdue", _("Просрочено"), groups["overdue"]),
        ("month", _("В этом месяце"), groups["month"]),
        ("later", _("Позже"), groups["later"]),
        ("done", _("Выполнено и отменено"), groups["done"]),
    ]
    return render(
        request,
        "roadmaps/my_tasks.html",
        {
            "organization": organization,
            "sections": sections,
            "total": sum(len(items) for items in groups.values()),
            "status_choices": ActivityStatus.choices,
            "next": request.get_full_path(),
            "row": row_labels(),
        },
    )


@login_required
def roadmap_export(request: AuthenticatedHttpRequest, org: str, roadmap_id: int, fmt: str) -> FileResponse:
    organization = get_organization(request, org, "roadmaps.view_roadmap")
    current = get_object_or_404(Roadmap, pk=roadmap_id, organization=organization)
    if fmt == "docx":
        data, mime = export_docx(current), DOCX_MIME
    elif fmt == "xlsx":
        data, mime = export_xlsx(current), XLSX_MIME
    else:
        raise Http404
    filename = f"Дорожная карта {current.academic_year}-{current.academic_year + 1}.{fmt}"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=mime)


@login_required
@require_POST
def roadmap_delete(request: AuthenticatedHttpRequest, org: str, roadmap_id: int) -> HttpResponse:
    organization = get_organization(request, org, "roadmaps.change_roadmap")
    current = get_object_or_404(Roadmap, pk=roadmap_id, organization=organization)
    services.delete_roadmap(current, acting_user=request.user)
    messages.success(request, _("Дорожная карта удалена."))
    return redirect("roadmaps:roadmap", organization.slug)


def _staff(organization_id: int) -> list[User]:
    """Active members who may be responsible for an activity (not mentees or parents), by name."""
    memberships = (
        Membership.objects.filter(organization_id=organization_id, user__is_active=True)
        .exclude(role__in=[Role.MENTEE, Role.PARENT])
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    return list({m.user_id: m.user for m in memberships}.values())


@login_required
@require_http_methods(["GET", "POST"])
def responsible(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    """Bind the labels of the roadmap («Заместитель директора по УВР») to staff members."""
    organization = get_organization(request, org, "roadmaps.change_roadmap")
    members = _staff(organization.pk)
    if request.method == "POST":
        form = BindForm(request.POST, members=members)
        if form.is_valid():
            person = next((u for u in members if u.pk == form.cleaned_data["user"]), None)
            try:
                changed = services.bind_responsible(
                    organization, form.cleaned_data["label"], person, acting_user=request.user
                )
            except services.RoadmapError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Изменено строк: %(n)s.") % {"n": changed})
        else:
            messages.error(request, _("Выберите сотрудника из списка."))
        return redirect("roadmaps:responsible", organization.slug)
    labels = queries.responsible_labels(organization)
    names = {u.pk: u.get_full_name() for u in members}
    for entry in labels:
        ids = sorted(entry["user_ids"])
        entry["form"] = BindForm(
            initial={"label": entry["label"], "user": ids[0] if len(ids) == 1 else None}, members=members
        )
        entry["bound"] = [names.get(i, "—") for i in ids]
    return render(request, "roadmaps/responsible.html", {"organization": organization, "labels": labels})
