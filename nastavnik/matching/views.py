"""Pages of matching (stage 5): the bases summary and run form, a run's proposal, rules, compare, approve.

Thin views: each starts with `get_organization` (404 for strangers and roles without the action); the
curator runs and overrides (`matching.run_matching`), the administration may view runs and approve
(`matching.approve_pairings`). Writing is left to `services`.
"""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nastavnik.accounts.models import Coordination
from nastavnik.accounts.permissions import can, require
from nastavnik.core.http import AuthenticatedHttpRequest, safe_next
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization, Region
from nastavnik.participants.models import MenteeProfile, MentorProfile

from . import forms, queries, services
from .engine.thesaurus import shipped_thesaurus_lines
from .models import MatchingRule, MatchingRun, Mode, OrganizationThesaurusEntry, RegionThesaurusEntry
from .problem import bases_summary

VIEW = "matching.approve_pairings"  # curator and administration see runs
RUN = "matching.run_matching"  # only the curator runs and sets rules
RECENT_RUNS = 10


def _add_errors(form: django_forms.BaseForm, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _get_run(organization: Organization, pk: int) -> MatchingRun:
    return get_object_or_404(
        MatchingRun.objects.select_related("form", "created_by", "approved_by", "order", "organization"),
        organization=organization,
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def index(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, VIEW)
    can_run = can(request.user, RUN, organization)
    form = forms.RunForm(organization=organization)
    if request.method == "POST":
        require(request.user, RUN, organization)
        form = forms.RunForm(request.POST, organization=organization)
        if form.is_valid():
            try:
                run = services.run_matching(
                    organization,
                    form.cleaned_data["mode"],
                    acting_user=request.user,
                    form=form.cleaned_data["form"],
                    weights=form.cleaned_data["weights"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return redirect("matching:run", organization.slug, run.pk)
    runs = list(
        MatchingRun.objects.filter(organization=organization).select_related("form", "created_by", "order")[
            :RECENT_RUNS
        ]
    )
    rules = []
    if can_run:
        rules = list(
            MatchingRule.objects.filter(organization=organization)
            .select_related("mentee__participant", "mentor__participant")
            .order_by("kind", "created_at", "pk")
        )
    questionnaire, rankings = services.preference_rankings(organization)
    context = {
        "organization": organization,
        "form": form,
        "can_run": can_run,
        "summary": bases_summary(organization),
        "runs": runs,
        "rules": rules,
        "questionnaire": questionnaire,
        "rankings_count": len(rankings),
    }
    return render(request, "matching/index.html", context, status=400 if form.errors else 200)


@login_required
def run_detail(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization = get_organization(request, org, VIEW)
    run = _get_run(organization, pk)
    view = queries.run_view(run, request.user, request.GET.get("page"), request.GET.get("upage"))
    context = {
        "organization": organization,
        "run": run,
        "view": view,
        "can_run": can(request.user, RUN, organization),
        "can_approve": not run.is_approved,
    }
    return render(request, "matching/run.html", context)


@login_required
@require_POST
def rule(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    """Lock, forbid or clear one pair; htmx gets the re-rendered row, a plain POST a redirect."""
    organization = get_organization(request, org, RUN)
    run = _get_run(organization, pk)
    fallback = reverse("matching:run", args=[organization.slug, run.pk])
    form = forms.RuleForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            # 200, not 400: htmx swaps only successful answers, and the curator must see the message.
            return render(request, "matching/_message.html", {"text": _("Неверный запрос.")})
        messages.error(request, _("Неверный запрос."))
        return redirect(safe_next(request, fallback))
    mentee: MenteeProfile = get_object_or_404(
        MenteeProfile.objects.select_related("participant"),
        organization=organization,
        pk=form.cleaned_data["mentee"],
    )
    mentor: MentorProfile = get_object_or_404(
        MentorProfile.objects.select_related("participant"),
        organization=organization,
        pk=form.cleaned_data["mentor"],
    )
    kind = form.cleaned_data["kind"]
    error = ""
    try:
        if kind == "clear":
            services.clear_rule(organization, mentee, mentor, acting_user=request.user)
        else:
            services.set_rule(organization, mentee, mentor, kind, acting_user=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        row = queries.pair_row(run, request.user, mentee, mentor)
        if row is None:
            text = error or _("Правило сохранено; пересчитайте подбор, чтобы его учесть.")
            return render(request, "matching/_message.html", {"text": text})
        row.error = error
        return render(
            request,
            "matching/_pair_row.html",
            {"row": row, "organization": organization, "run": run, "can_run": True},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Правило сохранено; пересчитайте подбор, чтобы его учесть."))
    return redirect(safe_next(request, fallback))


@login_required
@require_POST
def rule_delete(request: AuthenticatedHttpRequest, org: str, rule_id: int) -> HttpResponse:
    organization = get_organization(request, org, RUN)
    found: MatchingRule = get_object_or_404(
        MatchingRule.objects.select_related("mentee", "mentor"), organization=organization, pk=rule_id
    )
    services.clear_rule(organization, found.mentee, found.mentor, acting_user=request.user)
    messages.success(request, _("Правило снято."))
    return redirect(safe_next(request, reverse("matching:index", args=[organization.slug])))


@login_required
@require_POST
def rerun(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization = get_organization(request, org, RUN)
    run = _get_run(organization, pk)
    try:
        new = services.rerun(run, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("matching:run", organization.slug, run.pk)
    messages.success(request, _("Подбор пересчитан с учётом правил куратора."))
    return redirect("matching:run", organization.slug, new.pk)


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _compare_run(organization: Organization, mode: str, pk: int | None) -> MatchingRun | None:
    qs = MatchingRun.objects.filter(organization=organization, mode=mode).select_related(
        "form", "organization"
    )
    if pk is not None:
        return qs.filter(pk=pk).first()
    return qs.order_by("-created_at", "-pk").first()


@login_required
@require_http_methods(["GET", "POST"])
def compare(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, VIEW)
    can_run = can(request.user, RUN, organization)
    form = forms.CompareForm(organization=organization)
    if request.method == "POST":
        require(request.user, RUN, organization)
        form = forms.CompareForm(request.POST, organization=organization)
        if form.is_valid():
            try:
                runs = [
                    services.run_matching(
                        organization,
                        mode,
                        acting_user=request.user,
                        form=form.cleaned_data["form"],
                        weights=form.cleaned_data["weights"],
                    )
                    for mode in (Mode.OPTIMAL, Mode.STABLE)
                ]
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                url = reverse("matching:compare", args=[organization.slug])
                return redirect(f"{url}?optimal={runs[0].pk}&stable={runs[1].pk}")
    optimal = _compare_run(organization, Mode.OPTIMAL, _int_param(request, "optimal"))
    stable = _compare_run(organization, Mode.STABLE, _int_param(request, "stable"))
    context = {
        "organization": organization,
        "form": form,
        "can_run": can_run,
        "optimal": optimal,
        "stable": stable,
        "differences": queries.differences(optimal, stable, request.user) if optimal and stable else [],
        "same_settings": bool(optimal and stable and queries.same_settings(optimal, stable)),
    }
    return render(request, "matching/compare.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def approve(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization = get_organization(request, org, VIEW)
    run = _get_run(organization, pk)
    if run.is_approved:
        messages.info(request, _("Этот подбор уже утверждён."))
        return redirect("mentoring:pairings", organization.slug)
    if request.method == "POST":
        form = forms.ApproveForm(request.POST, organization=organization)
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = services.approve_run(
                    run,
                    data["number"],
                    data["date"],
                    data["form"],
                    data["role_model"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Пары утверждены. Приказ № %(number)s подготовлен — скачайте его и передайте на подпись."
                    )
                    % {"number": order.number},
                )
                return redirect("mentoring:pairings", organization.slug)
    else:
        form = forms.ApproveForm(organization=organization, initial={"form": queries.most_common_form(run)})
    context = {
        "organization": organization,
        "run": run,
        "form": form,
        "mentors": len({p["mentor"] for p in queries.result_of(run).get("pairs") or []}),
    }
    return render(request, "matching/approve.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def thesaurus(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    """«Словарь подбора»: the shipped lines read-only, the region's read-only, the organization's own with add/delete."""
    organization = get_organization(request, org, RUN)
    form = forms.ThesaurusLineForm()
    if request.method == "POST":
        form = forms.ThesaurusLineForm(request.POST)
        if form.is_valid():
            try:
                services.add_organization_entry(
                    organization, form.cleaned_data["line"], acting_user=request.user
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Строка добавлена в словарь подбора."))
                return redirect("matching:thesaurus", organization.slug)
    context = {
        "organization": organization,
        "form": form,
        "entries": [
            (entry, reverse("matching:thesaurus_delete", args=[organization.slug, entry.pk]))
            for entry in OrganizationThesaurusEntry.objects.filter(organization=organization).select_related(
                "created_by"
            )
        ],
        "regional": list(
            RegionThesaurusEntry.objects.filter(region__municipalities__organizations=organization)
        ),
        "shipped": shipped_thesaurus_lines(),
    }
    return render(request, "matching/thesaurus.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def thesaurus_delete(request: AuthenticatedHttpRequest, org: str, entry_id: int) -> HttpResponse:
    organization = get_organization(request, org, RUN)
    entry: OrganizationThesaurusEntry = get_object_or_404(
        OrganizationThesaurusEntry.objects.all(), organization=organization, pk=entry_id
    )
    services.delete_organization_entry(organization, entry, acting_user=request.user)
    messages.success(request, _("Строка удалена из словаря подбора."))
    return redirect("matching:thesaurus", organization.slug)


def _coordinated_region(request: AuthenticatedHttpRequest, slug: str) -> Region:
    """The region whose whole-region coordinator is the user (a municipal coordinator may not edit it), else 404."""
    found: Region = get_object_or_404(Region, slug=slug)
    if not Coordination.objects.filter(user=request.user, region=found, municipality__isnull=True).exists():
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def region_thesaurus(request: AuthenticatedHttpRequest, region: str) -> HttpResponse:
    """The region's lines of the matching thesaurus, for its coordinator: they apply to all its organizations."""
    region_obj = _coordinated_region(request, region)
    form = forms.ThesaurusLineForm()
    if request.method == "POST":
        form = forms.ThesaurusLineForm(request.POST)
        if form.is_valid():
            try:
                services.add_region_entry(region_obj, form.cleaned_data["line"], acting_user=request.user)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Строка добавлена в словарь подбора региона."))
                return redirect("matching:region_thesaurus", region_obj.slug)
    entries = [
        (entry, reverse("matching:region_thesaurus_delete", args=[region_obj.slug, entry.pk]))
        for entry in RegionThesaurusEntry.objects.filter(region=region_obj).select_related("created_by")
    ]
    context = {"region": region_obj, "form": form, "entries": entries}
    return render(request, "matching/region_thesaurus.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def region_thesaurus_delete(request: AuthenticatedHttpRequest, region: str, entry_id: int) -> HttpResponse:
    region_obj = _coordinated_region(request, region)
    entry: RegionThesaurusEntry = get_object_or_404(RegionThesaurusEntry, region=region_obj, pk=entry_id)
    services.delete_region_entry(region_obj, entry, acting_user=request.user)
    messages.success(request, _("Строка удалена из словаря подбора региона."))
    return redirect("matching:region_thesaurus", region_obj.slug)
