"""The programme's dashboard (a page and the start page's panel) and the risk register's pages.

Programme staff read (`dashboard.view_dashboard`, `roadmaps.view_risks`); curation writes the register
(`roadmaps.change_risks`). Mentors, mentees and parents get a personal panel on the start page instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nastavnik.accounts.models import Role
from nastavnik.accounts.permissions import PROGRAMME_STAFF, can, require
from nastavnik.accounts.twofactor import is_verified
from nastavnik.core.charts import bar_chart
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.mentoring.queries import my_pairings
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization
from nastavnik.roadmaps.models import Risk
from nastavnik.roadmaps.queries import current_roadmap, my_tasks
from nastavnik.roadmaps.services.base import RoadmapError
from nastavnik.roadmaps.services.risks import close_risk, create_risk, update_risk

from .figures import programme_dashboard
from .forms import AcceptForm, CloseForm, RiskForm
from .indicators import indicator_section
from .steps import next_steps, resolve
from .suggestions import Suggestion, suggested_risks

PERSONAL_ROLES = frozenset({Role.MENTOR, Role.MENTEE, Role.PARENT})


def dashboard_context(request: AuthenticatedHttpRequest, organization: Organization) -> dict[str, Any]:
    """Everything the dashboard shows, for the page and for the start page's panel alike."""
    figures = programme_dashboard(organization)
    section = indicator_section(organization, figures.academic_year)
    suggestions = suggested_risks(figures, section.indicators)
    steps = next_steps(
        figures, indicators=section.indicators, has_contingent=section.has_contingent, suggestions=suggestions
    )
    stages = figures.pairings.by_stage
    stage_chart = (
        bar_chart(stages, title=_("Активные пары по этапам встреч"), unit="", max_value=None)
        if stages
        else ""
    )
    user = request.user
    return {
        "organization": organization,
        "d": figures,
        "indicators": section,
        "suggestions": suggestions,
        "steps": resolve(steps, user, organization),
        "stage_chart": stage_chart,
        "stage_rows": [(label, n) for label, n in stages],
        "stage_headers": (_("Этап"), _("Пар")),
        "can_change_risks": can(user, "roadmaps.change_risks", organization),
        "can_view_roadmap": can(user, "roadmaps.view_roadmap", organization),
        "can_view_pairings": can(user, "mentoring.view_pairings", organization),
    }


@login_required
def dashboard(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, "dashboard.view_dashboard")
    return render(request, "dashboard/dashboard.html", dashboard_context(request, organization))


def home_panel(request: AuthenticatedHttpRequest, organization: Organization, roles: frozenset[str]) -> str:
    """The start page's part for one organization (registered in `core.views.HOME_PANELS`)."""
    user = request.user
    if roles & PROGRAMME_STAFF and can(user, "dashboard.view_dashboard", organization):
        if organization.require_staff_two_factor and not is_verified(user):
            return render_to_string("dashboard/_two_factor.html", {"organization": organization}, request)
        context = dashboard_context(request, organization)
        context["in_home"] = True
        return render_to_string("dashboard/_dashboard.html", context, request)
    if roles & PERSONAL_ROLES:
        tasks = my_tasks(organization, user)
        mine = my_pairings(organization, user)
        if mine.empty and not tasks["overdue"] and not tasks["month"]:
            return ""
        context = {
            "organization": organization,
            "mine": mine,
            "tasks_overdue": len(tasks["overdue"]),
            "tasks_month": len(tasks["month"]),
        }
        return render_to_string("dashboard/_personal.html", context, request)
    return ""


# --- the risk register -------------------------------------------------------------------------------------


def _risk_of(organization: Organization, pk: int) -> Risk:
    return get_object_or_404(Risk, organization=organization, pk=pk)


def _suggestions(organization: Organization) -> list[Suggestion]:
    """The risks the organization's figures and indicators suggest now (`suggestions.suggested_risks`)."""
    figures = programme_dashboard(organization)
    section = indicator_section(organization, figures.academic_year)
    return suggested_risks(figures, section.indicators)


def _risk_form(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    form: RiskForm,
    save: Callable[[dict[str, Any]], object],
    success: str,
    **context: Any,
) -> HttpResponse:
    """The form of a new or an existing risk: a valid post is saved with `save(cleaned_data)` and goes back
    to the register; a refusal of the service shows on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except RoadmapError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect("dashboard:risks", organization.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "dashboard/risk_form.html",
        {"organization": organization, "form": form, **context},
        status=status,
    )


@login_required
def risks(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, "roadmaps.view_risks")
    can_change = can(request.user, "roadmaps.change_risks", organization)
    rows = list(Risk.objects.filter(organization=organization).select_related("roadmap", "created_by"))
    open_rows = sorted((r for r in rows if r.is_open), key=lambda r: (-r.level, r.position, r.pk))
    closed_rows = sorted(
        (r for r in rows if not r.is_open), key=lambda r: r.closed_at or r.created_at, reverse=True
    )
    suggestions = _suggestions(organization) if can_change else []
    return render(
        request,
        "dashboard/risks.html",
        {
            "organization": organization,
            "open_rows": open_rows,
            "closed_rows": closed_rows,
            "suggestions": suggestions,
            "can_change": can_change,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_new(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, "roadmaps.change_risks")
    return _risk_form(
        request,
        organization,
        RiskForm(request.POST or None),
        lambda data: create_risk(
            organization, acting_user=request.user, roadmap=current_roadmap(organization), **data
        ),
        _("Риск добавлен в реестр."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization = get_organization(request, org, "roadmaps.view_risks")
    risk = _risk_of(organization, pk)
    can_change = can(request.user, "roadmaps.change_risks", organization)
    if request.method == "POST":
        require(request.user, "roadmaps.change_risks", organization)
    return _risk_form(
        request,
        organization,
        RiskForm(request.POST or None, instance=risk),
        lambda data: update_risk(risk, acting_user=request.user, **data),
        _("Риск сохранён."),
        risk=risk,
        can_change=can_change,
        close_form=CloseForm(),
    )


@login_required
@require_POST
def risk_close(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization = get_organization(request, org, "roadmaps.change_risks")
    risk = _risk_of(organization, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Итог слишком длинный (до 2000 знаков)."))
        return redirect("dashboard:risk_edit", organization.slug, risk.pk)
    try:
        close_risk(risk, acting_user=request.user, note=form.cleaned_data["note"])
    except RoadmapError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Риск закрыт."))
    return redirect("dashboard:risks", organization.slug)


@login_required
@require_http_methods(["GET", "POST"])
def risk_accept(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    """Accept a suggested risk: the suggestion is computed again now, so only a live signal becomes a row.

    A GET (a reloaded or bookmarked address) shows the register with its suggestions, after the same check:
    a stranger gets 404 like on every page of an organization, never 405 that would confirm the address."""
    organization = get_organization(request, org, "roadmaps.change_risks")
    if request.method != "POST":
        return risks(request, org)
    form = AcceptForm(request.POST)
    key = form.cleaned_data["key"] if form.is_valid() else ""
    suggestion = next((s for s in _suggestions(organization) if s.key == key), None)
    if suggestion is None:
        messages.error(request, _("Это предложение уже неактуально или риск уже в реестре."))
        return redirect("dashboard:risks", organization.slug)
    try:
        create_risk(
            organization,
            acting_user=request.user,
            roadmap=current_roadmap(organization),
            source=suggestion.key,
            risk=suggestion.risk,
            mitigation=suggestion.mitigation,
            probability=suggestion.probability,
            impact=suggestion.impact,
        )
    except RoadmapError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Риск принят в реестр: назначьте ответственного и дату пересмотра."))
    return redirect("dashboard:risks", organization.slug)
