"""The pairing's page and its work: meetings, feedback, the development plan, completion.

Every view resolves the organization of its URL (404 for strangers), then the pairing (or meeting, goal,
task) inside it, then asks `permissions.can` for the action on that object: the mentor of the pairing and
curation manage the work, its mentor and mentees give feedback, programme staff and the pair's people see it.
A denied check is 404. Forms post back to the page; htmx is not needed for any of it (a phone without
JavaScript works the same).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nastavnik.accounts.permissions import require
from nastavnik.audit.services import AccessKind, record_access
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.organizations.access import get_organization

from .. import detail, forms, services
from ..documents import DOCX_MIME
from ..models import DevelopmentPlan, Goal, Meeting, Pairing, PlanTask
from ..plan_document import plan_document


def _pairing(request: AuthenticatedHttpRequest, org: str, pk: int, action: str) -> Pairing:
    organization = get_organization(request, org)
    pairing: Pairing = get_object_or_404(detail.pairing_queryset(organization), pk=pk)
    require(request.user, action, pairing)
    return pairing


def _page_url(pairing: Pairing, anchor: str = "") -> str:
    url = reverse("mentoring:pairing", args=[pairing.organization.slug, pairing.pk])
    return f"{url}#{anchor}" if anchor else url


def _errors(form: BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _done(request: AuthenticatedHttpRequest, pairing: Pairing, text: str, anchor: str = "") -> HttpResponse:
    messages.success(request, text)
    return redirect(_page_url(pairing, anchor))


def _failed(request: AuthenticatedHttpRequest, pairing: Pairing, text: str, anchor: str) -> HttpResponse:
    """Back to the pair's page at `anchor` with an error message: the counterpart of `_done`."""
    messages.error(request, text)
    return redirect(_page_url(pairing, anchor))


@login_required
def pairing(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    item = _pairing(request, org, pk, "mentoring.view_pairing")
    page = detail.pairing_page(item, request.user)
    context = {
        "organization": item.organization,
        "page": page,
        "p": item,
        "kinds": Meeting.Kind,
        "task_statuses": PlanTask.Status.choices,
        "goal_form": forms.GoalForm(),
        "task_form": forms.TaskForm(),
        "plan_kind_form": forms.PlanKindForm(initial={"per_mentee": int(item.plan_per_mentee)}),
    }
    return render(request, "mentoring/pairing.html", context)


# --- meetings ----------------------------------------------------------------------------------------------
def _meeting_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The meeting form's answers as `services.schedule_meeting` and `services.update_meeting` both take them."""
    return {
        "kind": data["kind"],
        "starts_at": data["starts_at"],
        "duration_minutes": data["duration_minutes"],
        "place": data["place"],
        "url": data["url"],
        "topic": data["topic"],
        "tasks": list(data["tasks"]),
    }


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    item = _pairing(request, org, pk, "mentoring.manage_work")
    held_kinds = list(
        Meeting.objects.filter(pairing=item, status=Meeting.Status.HELD)
        .order_by("starts_at")
        .values_list("kind", flat=True)
    )
    form = forms.MeetingForm(
        request.POST if request.method == "POST" else None,
        pairing=item,
        initial={"kind": services.suggest_kind(held_kinds)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.schedule_meeting(
                item,
                acting_user=request.user,
                **_meeting_fields(data),
                held=data["held"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return _done(request, item, _("Встреча «%(m)s» записана.") % {"m": meeting}, "meetings")
    context = {"organization": item.organization, "p": item, "form": form, "title": _("Новая встреча")}
    return render(request, "mentoring/meeting_form.html", context, status=400 if form.errors else 200)


def get_meeting(request: AuthenticatedHttpRequest, org: str, pk: int, action: str) -> Meeting:
    """The meeting `pk` of the URL's organization with its pair's people; 404 unless the user may do `action`
    on the pairing (the meeting pages here and its .ics in `calendar`)."""
    organization = get_organization(request, org)
    meeting: Meeting = get_object_or_404(
        Meeting.objects.select_related(
            "pairing__mentor__participant", "pairing__organization"
        ).prefetch_related("pairing__members__mentee__participant"),
        organization=organization,
        pk=pk,
    )
    require(request.user, action, meeting.pairing)
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org, pk, "mentoring.manage_work")
    item = meeting.pairing
    initial = {
        "kind": meeting.kind,
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "url": meeting.url,
        "topic": meeting.topic,
        "tasks": list(meeting.tasks.all()),
    }
    form = forms.MeetingForm(
        request.POST if request.method == "POST" else None, pairing=item, editing=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_meeting(meeting, acting_user=request.user, **_meeting_fields(data))
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return _done(request, item, _("Встреча изменена."), "meetings")
    context = {"organization": item.organization, "p": item, "form": form, "title": _("Изменить встречу")}
    return render(request, "mentoring/meeting_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def meeting_held(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org, pk, "mentoring.manage_work")
    form = forms.HeldForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Итоги встречи слишком длинные."))
        services.mark_held(meeting, acting_user=request.user, notes=form.cleaned_data["notes"])
    except ValidationError as exc:
        return _failed(request, meeting.pairing, " ".join(exc.messages), "meetings")
    return _done(
        request, meeting.pairing, _("Встреча отмечена проведённой. Оставьте обратную связь."), "meetings"
    )


@login_required
@require_POST
def meeting_cancel(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org, pk, "mentoring.manage_work")
    form = forms.CancelForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Причина слишком длинная."))
        services.cancel_meeting(
            meeting,
            acting_user=request.user,
            reason=form.cleaned_data["reason"],
            missed=form.cleaned_data["missed"],
        )
    except ValidationError as exc:
        return _failed(request, meeting.pairing, " ".join(exc.messages), "meetings")
    return _done(request, meeting.pairing, _("Встреча отменена."), "meetings")


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org, pk, "mentoring.give_feedback")
    item = meeting.pairing
    me = detail.viewer_participant(item, request.user)
    if me is None:  # a curator who is not in the pair: nothing to give
        return redirect(_page_url(item, "meetings"))
    form = forms.FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.give_feedback(
                meeting,
                me,
                acting_user=request.user,
                usefulness=data["usefulness"],
                comfort=data["comfort"],
                comment=data["comment"],
                private=data["private"],
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return _done(request, item, _("Спасибо! Обратная связь сохранена."), "meetings")
    context = {"organization": item.organization, "p": item, "meeting": meeting, "form": form}
    return render(request, "mentoring/feedback_form.html", context, status=400 if form.errors else 200)


# --- the plan ----------------------------------------------------------------------------------------------
@login_required
@require_POST
def plan_start(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    item = _pairing(request, org, pk, "mentoring.manage_work")
    if item.kind == Pairing.Kind.GROUP and "per_mentee" in request.POST:
        form = forms.PlanKindForm(request.POST)
        if form.is_valid():
            try:
                services.set_plan_per_mentee(item, form.cleaned_data["per_mentee"], acting_user=request.user)
            except ValidationError as exc:
                return _failed(request, item, " ".join(exc.messages), "plan")
    services.ensure_plans(item, acting_user=request.user)
    return _done(request, item, _("План развития создан: цели начаты с запросов наставляемых."), "plan")


def _plan(request: AuthenticatedHttpRequest, org: str, pk: int) -> DevelopmentPlan:
    organization = get_organization(request, org)
    plan: DevelopmentPlan = get_object_or_404(
        DevelopmentPlan.objects.select_related(
            "pairing__mentor__participant", "pairing__organization", "member__mentee"
        ),
        organization=organization,
        pk=pk,
    )
    require(request.user, "mentoring.manage_work", plan.pairing)
    return plan


@login_required
@require_POST
def goal_add(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    plan = _plan(request, org, pk)
    form = forms.GoalForm(request.POST)
    if form.is_valid():
        try:
            services.add_goal(plan, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return _done(request, plan.pairing, _("Цель добавлена."), f"plan-{plan.pk}")
    else:
        messages.error(request, _("Назовите цель (до 300 символов)."))
    return redirect(_page_url(plan.pairing, f"plan-{plan.pk}"))


def _goal(request: AuthenticatedHttpRequest, org: str, pk: int) -> Goal:
    organization = get_organization(request, org)
    goal: Goal = get_object_or_404(
        Goal.objects.select_related("plan__pairing__mentor__participant", "plan__pairing__organization"),
        organization=organization,
        pk=pk,
    )
    require(request.user, "mentoring.manage_work", goal.plan.pairing)
    return goal


@login_required
@require_POST
def goal_edit(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    goal = _goal(request, org, pk)
    pairing = goal.plan.pairing
    if request.POST.get("delete"):
        services.delete_goal(goal, acting_user=request.user)
        return _done(request, pairing, _("Цель удалена."), f"plan-{goal.plan_id}")
    form = forms.GoalForm(request.POST)
    if form.is_valid():
        services.update_goal(goal, acting_user=request.user, **form.cleaned_data)
        return _done(request, pairing, _("Цель изменена."), f"plan-{goal.plan_id}")
    return _failed(request, pairing, _("Назовите цель (до 300 символов)."), f"plan-{goal.plan_id}")


@login_required
@require_POST
def task_add(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    goal = _goal(request, org, pk)
    form = forms.TaskForm(request.POST)
    pairing = goal.plan.pairing
    if form.is_valid():
        try:
            services.add_task(goal, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return _done(request, pairing, _("Задача добавлена."), f"goal-{goal.pk}")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(_page_url(pairing, f"goal-{goal.pk}"))


@login_required
@require_POST
def task_status(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization = get_organization(request, org)
    task: PlanTask = get_object_or_404(
        PlanTask.objects.select_related(
            "goal__plan__pairing__mentor__participant", "goal__plan__pairing__organization"
        ),
        organization=organization,
        pk=pk,
    )
    pairing = task.goal.plan.pairing
    require(request.user, "mentoring.manage_work", pairing)
    if request.POST.get("delete"):
        services.delete_task(task, acting_user=request.user)
        return _done(request, pairing, _("Задача удалена."), f"goal-{task.goal_id}")
    form = forms.TaskStatusForm(request.POST)
    if form.is_valid():
        services.set_task_status(task, form.cleaned_data["status"], acting_user=request.user)
        return _done(request, pairing, _("Статус задачи изменён."), f"goal-{task.goal_id}")
    return _failed(request, pairing, _("Неизвестный статус задачи."), f"goal-{task.goal_id}")


@login_required
def plan_download(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponseBase:
    organization = get_organization(request, org)
    plan: DevelopmentPlan = get_object_or_404(
        DevelopmentPlan.objects.select_related("pairing__organization"), organization=organization, pk=pk
    )
    require(request.user, "mentoring.view_pairing", plan.pairing)
    pairing = get_object_or_404(detail.pairing_queryset(organization), pk=plan.pairing_id)
    content, filename = plan_document(plan, pairing, request.user)
    record_access(request, organization, AccessKind.DEVELOPMENT_PLAN, pairing)
    response = HttpResponse(content, content_type=DOCX_MIME)
    response["Content-Disposition"] = _attachment(filename)
    return response


def _attachment(filename: str) -> str:
    return f"attachment; filename=\"plan.docx\"; filename*=UTF-8''{quote(filename)}"


# --- completion and ending early ---------------------------------------------------------------------------
def _close_page(
    request: AuthenticatedHttpRequest,
    item: Pairing,
    form: BaseForm,
    close: Callable[[dict[str, Any]], object],
    success: str,
    mode: str,
) -> HttpResponse:
    """Completing (`mode` "complete") or ending ("end") a pair: a valid post closes it with `close(cleaned_data)`
    and goes back to the pair's page; a refusal of the service shows on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            close(form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return _done(request, item, success)
    context = {"organization": item.organization, "p": item, "form": form, "mode": mode}
    return render(request, "mentoring/pairing_close.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def complete(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    item = _pairing(request, org, pk, "mentoring.manage_work")
    return _close_page(
        request,
        item,
        forms.CompleteForm(request.POST if request.method == "POST" else None),
        lambda data: services.complete_pairing(item, acting_user=request.user, summary=data["summary"]),
        _("Работа пары завершена. Спасибо!"),
        "complete",
    )


@login_required
@require_http_methods(["GET", "POST"])
def end(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    item = _pairing(request, org, pk, "mentoring.view_pairing")
    require(request.user, "mentoring.manage_pairings", item.organization)
    return _close_page(
        request,
        item,
        forms.EndForm(request.POST if request.method == "POST" else None),
        lambda data: services.end_pairing(item, acting_user=request.user, **data),
        _("Пара прекращена; наставляемые вернулись в базу для подбора."),
        "end",
    )
