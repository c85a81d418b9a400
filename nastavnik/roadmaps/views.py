"""Pages of the live plan: the roadmap, «Мои задачи», an activity, import, templates, export, binding.

Thin views: permissions through `get_organization`/`require`, every write through `services`. htmx
requests get partial templates (the filtered body, one activity's rows); the same URLs work without JS.
"""

from __future__ import annotations

import io
from itertools import groupby
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseFormSet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from nastavnik.accounts.models import Membership, Role
from nastavnik.accounts.permissions import can, require
from nastavnik.core.http import safe_next
from nastavnik.organizations.access import get_organization

from . import services
from .deadlines import parse_deadline
from .export import DOCX_MIME, XLSX_MIME, export_docx, export_xlsx
from .forms import (
    ActivityForm,
    BindForm,
    DoneForm,
    EvidenceForm,
    PreviewFormSet,
    ProgrammeForm,
    StatusForm,
    UploadForm,
)
from .models import Activity, ActivityStatus, DraftImport, Evidence, Roadmap, Stage
from .reader import RoadmapReadError
from .roadmap_templates import template_kind_for
from .timeline import bar_for

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
STATUS_CHIPS = {
    ActivityStatus.PLANNED: "",
    ActivityStatus.IN_PROGRESS: "chip-progress",
    ActivityStatus.DONE: "chip-done",
    ActivityStatus.CANCELLED: "chip-cancelled",
}


# --------------------------------------------------------------------------- helpers


def _row_labels() -> dict[str, str]:
    """Words every activity row repeats, translated once per request instead of once per row."""
    return {
        "number": _("№"),
        "activity": _("Мероприятие"),
        "deadline": _("Сроки"),
        "responsible": _("Ответственные"),
        "status": _("Статус"),
        "save": _("Сохранить"),
        "mark_done": _("Отметить выполнение"),
        "overdue": _("просрочено"),
    }


def _decorate(activities, user, organization) -> None:
    """Everything a row shows beyond the model, computed in Python: rendering a few hundred rows with
    a `{% url %}`, a `{% translate %}` and a status `<select>` loop in each took seconds."""
    labels = _row_labels()
    detail_prefix = reverse("roadmaps:activity", args=[organization.slug, 0])[: -len("0/")]
    options = {
        current: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if value == current else "", label)
                for value, label in ActivityStatus.choices
            ),
        )
        for current in ActivityStatus.values
    }
    for activity in activities:
        activity.may_update = can(user, "roadmaps.update_activity", activity)
        overdue = activity.is_overdue
        activity.chip_class = "chip-overdue" if overdue else STATUS_CHIPS.get(activity.status, "")
        activity.chip_label = labels["overdue"] if overdue else activity.get_status_display()
        activity.url = f"{detail_prefix}{activity.pk}/"
        activity.status_options = options[activity.status]
        start, end = activity.deadline_start, activity.deadline_end
        if end is None:
            activity.dates_hint = ""
        elif start and start != end:
            activity.dates_hint = f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"
        else:
            activity.dates_hint = f"{_('до')} {end:%d.%m.%Y}" if start is None else f"{end:%d.%m.%Y}"
        activity.people = [(r.display, bool(r.user_id)) for r in activity.responsible.all()]


def _load_activity(request, org: str, pk: int):
    """The activity if the user may see it: programme staff, or a responsible person of it."""
    organization = get_organization(request, org)
    activity = get_object_or_404(
        services.activity_queryset().select_related("roadmap"), pk=pk, organization=organization
    )
    if not (
        can(request.user, "roadmaps.view_roadmap", organization)
        or can(request.user, "roadmaps.update_activity", activity)
    ):
        raise Http404
    return organization, activity


def _load_activity_for_update(request, org: str, pk: int):
    organization, activity = _load_activity(request, org, pk)
    require(request.user, "roadmaps.update_activity", activity)
    return organization, activity


def _reload(activity: Activity) -> Activity:
    return services.activity_queryset().select_related("roadmap").get(pk=activity.pk)


def _rows_response(request, organization, activity, *, done_form=None, status=200) -> HttpResponse:
    """One activity's table rows, for htmx to swap in place."""
    activity = _reload(activity)
    _decorate([activity], request.user, organization)
    context = {
        "organization": organization,
        "a": activity,
        "done_form": done_form,
        "status_choices": ActivityStatus.choices,
        "next": request.POST.get("next") or request.GET.get("next") or "",
        "row": _row_labels(),
    }
    return render(request, "roadmaps/_activity_rows.html", context, status=status)


# --------------------------------------------------------------------------- the roadmap page


def _timeline_rows(roadmap: Roadmap, grouped) -> list[dict]:
    rows = []
    for stage, activities in grouped:
        items = []
        for activity in activities:
            items.append(
                {
                    "a": activity,
                    "bar": bar_for(activity.deadline_start, activity.deadline_end, roadmap.academic_year),
                }
            )
        rows.append({"stage": stage, "items": items})
    return rows


@login_required
def roadmap(request, org):
    organization = get_organization(request, org, "roadmaps.view_roadmap")
    filters = services.Filters.from_query(request.GET)
    current = services.current_roadmap(organization, filters.roadmap)
    can_change = can(request.user, "roadmaps.change_roadmap", organization)
    context: dict = {
        "organization": organization,
        "roadmap": current,
        "can_change": can_change,
        "filters": filters,
    }
    if current is None:
        return render(request, "roadmaps/roadmap.html", context)
    today = timezone.localdate()
    stages = list(Stage.objects.filter(roadmap=current).order_by("position", "id"))
    activities = services.roadmap_activities(current, filters, request.user, today)
    _decorate(activities, request.user, organization)
    by_stage = {stage_id: list(items) for stage_id, items in groupby(activities, key=lambda a: a.stage_id)}
    grouped = [(s, by_stage.get(s.pk, [])) for s in stages if s.pk in by_stage or not filters.any]
    context.update(
        {
            "stages": stages,
            "grouped": grouped,
            "shown": len(activities),
            "summary": services.roadmap_summary(current, today),
            "roadmaps": list(
                Roadmap.objects.filter(organization=organization)
                .order_by("-academic_year", "-created_at")
                .values("id", "academic_year", "title")
            ),
            "status_choices": ActivityStatus.choices,
            "next": request.get_full_path(),
            "today": today,
            "row": _row_labels(),
        }
    )
    if filters.view == "timeline":
        context["months"] = MONTH_LABELS
        context["timeline"] = _timeline_rows(current, grouped)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "roadmaps/_roadmap_body.html", context)
    return render(request, "roadmaps/roadmap.html", context)


@login_required
def my_tasks(request, org):
    organization = get_organization(request, org)
    groups = services.my_tasks(organization, request.user)
    for items in groups.values():
        _decorate(items, request.user, organization)
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
            "row": _row_labels(),
        },
    )


# --------------------------------------------------------------------------- one activity


def _activity_page(request, organization, activity, *, done_form, history, status=200) -> HttpResponse:
    """The activity page: the line, its proof, recent changes and the «mark done» form."""
    _decorate([activity], request.user, organization)
    return render(
        request,
        "roadmaps/activity.html",
        {
            "organization": organization,
            "a": activity,
            "evidence": list(activity.evidence.select_related("uploaded_by")),
            "history": history,
            "done_form": done_form,
            "evidence_form": EvidenceForm(),
            "status_choices": ActivityStatus.choices,
            "can_change": can(request.user, "roadmaps.change_roadmap", organization),
            "can_view_roadmap": can(request.user, "roadmaps.view_roadmap", organization),
        },
        status=status,
    )


@login_required
def activity_detail(request, org, pk):
    organization, activity = _load_activity(request, org, pk)
    history = list(activity.history.select_related("history_user").order_by("-history_date")[:10])
    return _activity_page(request, organization, activity, done_form=DoneForm(), history=history)


@login_required
@require_POST
def activity_status(request, org, pk):
    organization, activity = _load_activity_for_update(request, org, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.set_status(activity, form.cleaned_data["status"], request.user)
    if request.htmx:
        return _rows_response(request, organization, activity, status=200 if form.is_valid() else 400)
    if form.is_valid():
        messages.success(request, _("Статус мероприятия изменён."))
    else:
        messages.error(request, _("Неизвестный статус мероприятия."))
    return redirect(safe_next(request, reverse("roadmaps:activity", args=[organization.slug, activity.pk])))


@login_required
@require_http_methods(["GET", "POST"])
def activity_done(request, org, pk):
    """GET (htmx): the «mark done» form under the activity; POST: done, with optional proof."""
    organization, activity = _load_activity_for_update(request, org, pk)
    detail_url = reverse("roadmaps:activity", args=[organization.slug, activity.pk])
    if request.method == "GET":
        if request.htmx:
            form = None if request.GET.get("cancel") else DoneForm()
            return _rows_response(request, organization, activity, done_form=form)
        return redirect(detail_url + "#done")
    form = DoneForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        services.mark_done(
            activity,
            request.user,
            completed_on=data.get("completed_on"),
            note=data.get("note") or "",
            file=data.get("file"),
            url=data.get("url") or "",
        )
        if request.htmx:
            return _rows_response(request, organization, activity)
        messages.success(request, _("Мероприятие отмечено выполненным."))
        return redirect(safe_next(request, detail_url))
    if request.htmx:
        return _rows_response(request, organization, activity, done_form=form)
    return _activity_page(request, organization, activity, done_form=form, history=[], status=400)


@login_required
@require_POST
def activity_evidence(request, org, pk):
    organization, activity = _load_activity_for_update(request, org, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("file"):
            services.add_evidence(activity, request.user, file=data["file"], title=data.get("title") or "")
        if data.get("url"):
            services.add_evidence(activity, request.user, url=data["url"], title=data.get("title") or "")
        messages.success(request, _("Подтверждение добавлено."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(reverse("roadmaps:activity", args=[organization.slug, activity.pk]) + "#evidence")


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, org, pk):
    organization, activity = _load_activity(request, org, pk)
    require(request.user, "roadmaps.change_roadmap", organization)
    if request.method == "POST":
        form = ActivityForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("responsible")
            try:
                services.update_activity(
                    activity, request.user, responsible=form.responsible_labels(), **data
                )
            except services.RoadmapError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Мероприятие сохранено."))
                return redirect("roadmaps:activity", organization.slug, activity.pk)
    else:
        form = ActivityForm(
            initial={
                "number": activity.number,
                "title": activity.title,
                "description": activity.description,
                "deadline_text": activity.deadline_text,
                "responsible": "\n".join(r.label for r in activity.responsible.all()),
                "expected_result": activity.expected_result,
                "proving_document": activity.proving_document,
                "note": activity.note,
            }
        )
    return render(
        request, "roadmaps/activity_edit.html", {"organization": organization, "a": activity, "form": form}
    )


@login_required
def evidence_file(request, org, pk):
    organization = get_organization(request, org)
    evidence = get_object_or_404(
        Evidence.objects.select_related("activity"), pk=pk, organization=organization
    )
    if not (
        can(request.user, "roadmaps.view_roadmap", organization)
        or can(request.user, "roadmaps.update_activity", evidence.activity)
    ):
        raise Http404
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=evidence.filename or "file")


# --------------------------------------------------------------------------- export


@login_required
def roadmap_export(request, org, roadmap_id, fmt):
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
def roadmap_delete(request, org, roadmap_id):
    organization = get_organization(request, org, "roadmaps.change_roadmap")
    current = get_object_or_404(Roadmap, pk=roadmap_id, organization=organization)
    services.delete_roadmap(current, request.user)
    messages.success(request, _("Дорожная карта удалена."))
    return redirect("roadmaps:roadmap", organization.slug)


# --------------------------------------------------------------------------- creating: template and import


@login_required
@require_http_methods(["GET", "POST"])
def create_programme(request, org):
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
                    user=request.user,
                )
            except services.RoadmapError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Дорожная карта создана по шаблону. Проверьте сроки и ответственных.")
                )
                return redirect(
                    reverse("roadmaps:roadmap", args=[organization.slug]) + f"?roadmap={created.pk}"
                )
    else:
        form = ProgrammeForm(
            initial={
                "title": f"Программа наставничества {organization.short_name}",
                "academic_year": services.current_academic_year(),
                "kind": template_kind_for(organization.kind),
            }
        )
    return render(request, "roadmaps/create.html", {"organization": organization, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, org):
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
                pending = services.save_draft(organization, draft, request.user, filename=upload.name)
                return redirect("roadmaps:import_preview", organization.slug, pending.pk)
    else:
        form = UploadForm()
    return render(request, "roadmaps/import_upload.html", {"organization": organization, "form": form})


def _preview_rows(data: dict) -> list[dict]:
    """The draft flattened into the rows of the preview table, stages and their activities."""
    rows = []
    for s_index, stage in enumerate(data.get("stages") or []):
        rows.append(
            {
                "kind": "stage",
                "stage": s_index,
                "number": stage.get("number") or "",
                "title": stage.get("title") or "",
                "deadline": (stage.get("deadline") or {}).get("text") or "",
                "responsible": "",
                "result": "",
                "warnings": (stage.get("deadline") or {}).get("warnings") or [],
            }
        )
        for a_index, activity in enumerate(stage.get("activities") or []):
            deadline = activity.get("deadline") or {}
            rows.append(
                {
                    "kind": "activity",
                    "stage": s_index,
                    "activity": a_index,
                    "number": activity.get("number") or "",
                    "title": activity.get("title") or "",
                    "deadline": deadline.get("text") or "",
                    "start": deadline.get("start"),
                    "end": deadline.get("end"),
                    "responsible": "; ".join(activity.get("responsible") or []),
                    "result": activity.get("result") or "",
                    "warnings": deadline.get("warnings") or [],
                }
            )
    return rows


def _apply_corrections(data: dict, rows: list[dict], cleaned: list[dict]) -> dict:
    """The draft with the curator's corrections; a changed deadline text is parsed again."""
    year = data.get("academic_year")

    def deadline(original: dict | None, text: str) -> dict | None:
        text = text.strip()
        if original and (original.get("text") or "").strip() == text:
            return original
        return parse_deadline(text, year).to_dict() if text else None

    stages: list[dict] = []
    source_stages = data.get("stages") or []
    skip_stage = False
    for row, values in zip(rows, cleaned, strict=True):
        if row["kind"] == "stage":
            original = source_stages[row["stage"]]
            skip_stage = bool(values.get("exclude"))
            if skip_stage:
                continue
            stages.append(
                {
                    **original,
                    "number": values["number"].strip() or None,
                    "title": values["title"].strip(),
                    "deadline": deadline(original.get("deadline"), values["deadline"]),
                    "activities": [],
                }
            )
        elif not skip_stage and not values.get("exclude"):
            original = source_stages[row["stage"]]["activities"][row["activity"]]
            labels = [p.strip() for p in values["responsible"].replace("\n", ";").split(";") if p.strip()]
            stages[-1]["activities"].append(
                {
                    **original,
                    "number": values["number"].strip() or None,
                    "title": values["title"].strip(),
                    "deadline": deadline(original.get("deadline"), values["deadline"]),
                    "responsible": labels,
                    "result": values["result"].strip() or None,
                }
            )
    return {**data, "stages": stages}


def _editable(rows: list[dict]) -> bool:
    """Django refuses forms with more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS; big drafts are read-only."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return limit is None or len(rows) * len(PreviewFormSet.form.base_fields) + 20 < limit


def _counts_match(bound: BaseFormSet[Any], rows: int) -> bool:
    """The posted formset has exactly one initial form per preview row: counts are the client's to tamper
    with, and a form beyond INITIAL_FORMS is an "extra" form whose unchanged fields never reach cleaned_data."""
    return (
        bound.management_form.is_valid()
        and bound.total_form_count() == rows
        and bound.initial_form_count() == rows
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, org, draft_id):
    organization = get_organization(request, org, "roadmaps.change_roadmap")
    pending = get_object_or_404(DraftImport, pk=draft_id, organization=organization, created_by=request.user)
    data = pending.data
    rows = _preview_rows(data)
    editable = _editable(rows)
    initial = [{k: row[k] for k in ("number", "title", "deadline", "responsible", "result")} for row in rows]
    formset = PreviewFormSet(initial=initial) if editable else None
    errors: list[str] = []
    if request.method == "POST":
        corrected = data
        if editable:
            bound = PreviewFormSet(request.POST, initial=initial)
            if not _counts_match(bound, len(rows)):
                errors.append(_("Форма не совпадает с черновиком: обновите страницу и попробуйте ещё раз."))
            elif not bound.is_valid():
                formset = bound
                errors.append(_("Исправьте ошибки в таблице."))
            else:
                corrected = _apply_corrections(data, rows, bound.cleaned_data)
        if not errors:
            try:
                created = services.import_roadmap(
                    organization, corrected, request.user, filename=pending.filename
                )
            except services.RoadmapError as exc:
                errors.append(exc.message)
            else:
                pending.delete()
                messages.success(
                    request,
                    _("Дорожная карта импортирована: этапов %(stages)s, мероприятий %(activities)s.")
                    % {
                        "stages": len(corrected["stages"]),
                        "activities": sum(len(s["activities"]) for s in corrected["stages"]),
                    },
                )
                return redirect(
                    reverse("roadmaps:roadmap", args=[organization.slug]) + f"?roadmap={created.pk}"
                )
    forms_by_row = list(formset.forms) if formset is not None else [None] * len(rows)
    return render(
        request,
        "roadmaps/import_preview.html",
        {
            "organization": organization,
            "draft": pending,
            "data": data,
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
def import_cancel(request, org, draft_id):
    organization = get_organization(request, org, "roadmaps.change_roadmap")
    get_object_or_404(DraftImport, pk=draft_id, organization=organization, created_by=request.user).delete()
    messages.info(request, _("Импорт отменён."))
    return redirect("roadmaps:roadmap", organization.slug)


# --------------------------------------------------------------------------- responsible people


@login_required
@require_http_methods(["GET", "POST"])
def responsible(request, org):
    """Bind the labels of the roadmap («Заместитель директора по УВР») to staff members."""
    organization = get_organization(request, org, "roadmaps.change_roadmap")
    members = list(
        {
            m.user_id: m.user
            for m in Membership.objects.filter(organization=organization, user__is_active=True)
            .exclude(role__in=[Role.MENTEE, Role.PARENT])
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        }.values()
    )
    if request.method == "POST":
        form = BindForm(request.POST, members=members)
        if form.is_valid():
            user_id = form.cleaned_data["user"]
            person = next((u for u in members if u.pk == user_id), None)
            try:
                changed = services.bind_responsible(
                    organization, form.cleaned_data["label"], person, by=request.user
                )
            except services.RoadmapError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Изменено строк: %(n)s.") % {"n": changed})
        else:
            messages.error(request, _("Выберите сотрудника из списка."))
        return redirect("roadmaps:responsible", organization.slug)
    labels = services.responsible_labels(organization)
    names = {u.pk: u.get_full_name() for u in members}
    for entry in labels:
        ids = sorted(entry["user_ids"])
        entry["form"] = BindForm(
            initial={"label": entry["label"], "user": ids[0] if len(ids) == 1 else None}, members=members
        )
        entry["bound"] = [names.get(i, "—") for i in ids]
    return render(request, "roadmaps/responsible.html", {"organization": organization, "labels": labels})
