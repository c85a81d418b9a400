"""Monitoring pages of programme staff: indicators against targets, the contingent, the monitoring of a
year (stage 1 and stage 2 with their statistics, the SWOT), growth measures typed per person or imported.
Reading needs `monitoring.view_monitoring` (programme staff), writing `monitoring.change_monitoring`
(curation); anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.accounts.permissions import can, is_curator
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization
from nastavnik.roadmaps.models import academic_year_label
from nastavnik.roadmaps.queries import current_academic_year

from . import results, services
from .forms import ContingentForm, ImportForm, MeasureChoiceForm, SwotForm, settings_initial
from .indicators import organization_indicators
from .models import Measure, MonitoringSettings, Swot

VIEW = "monitoring.view_monitoring"
CHANGE = "monitoring.change_monitoring"
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_UPLOAD = 10 * 1024 * 1024


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return current_academic_year()
    return year if MIN_YEAR <= year <= MAX_YEAR else current_academic_year()


def _checked_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return year


def _context(
    request: AuthenticatedHttpRequest, organization: Organization, year: int, **extra: Any
) -> dict[str, Any]:
    current = current_academic_year()
    return {
        "organization": organization,
        "year": year,
        "year_label": academic_year_label(year),
        "years": [(y, academic_year_label(y)) for y in range(current - 3, current + 2)],
        "can_change": can(request.user, CHANGE, organization),
        **extra,
    }


@login_required
def indicators(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, VIEW)
    year = _year(request.GET.get("year"))
    items = organization_indicators(organization, year)
    return render(request, "monitoring/indicators.html", _context(request, organization, year, items=items))


@login_required
def contingent(request: AuthenticatedHttpRequest, org: str, year: int) -> HttpResponse:
    organization = get_organization(request, org, VIEW)
    year = _checked_year(year)
    if request.method == "POST":
        if not can(request.user, CHANGE, organization):
            raise Http404
        form = ContingentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_contingent(organization, year, data, acting_user=request.user)
                services.save_settings(
                    organization, data["learners_age_from"], data["learners_age_to"], acting_user=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Контингент сохранён."))
                return redirect("monitoring:contingent", organization.slug, year)
    else:
        initial = services.contingent_initial(organization, year)
        initial.update(settings_initial(MonitoringSettings.objects.filter(organization=organization).first()))
        form = ContingentForm(initial=initial)
    return render(request, "monitoring/contingent.html", _context(request, organization, year, form=form))


@login_required
def year_page(request: AuthenticatedHttpRequest, org: str, year: int) -> HttpResponse:
    organization = get_organization(request, org, VIEW)
    year = _checked_year(year)
    data = results.monitoring_results(organization, year)
    return render(request, "monitoring/year.html", _context(request, organization, year, data=data))


@login_required
def swot(request: AuthenticatedHttpRequest, org: str, year: int) -> HttpResponse:
    organization = get_organization(request, org, CHANGE)
    year = _checked_year(year)
    instance = Swot.objects.filter(organization=organization, academic_year=year).first()
    if request.method == "POST":
        form = SwotForm(request.POST, instance=instance)
        if form.is_valid():
            services.save_swot(organization, year, form.cleaned_data, acting_user=request.user)
            messages.success(request, _("SWOT-анализ сохранён."))
            return redirect("monitoring:year", organization.slug, year)
    else:
        form = SwotForm(instance=instance)
    return render(request, "monitoring/swot.html", _context(request, organization, year, form=form))


def _number(raw: str) -> float:
    text = raw.strip().replace(",", ".").replace(" ", "")
    return float(text)


@login_required
def measures(request: AuthenticatedHttpRequest, org: str, year: int) -> HttpResponse:
    organization = get_organization(request, org, CHANGE)
    year = _checked_year(year)
    source = request.POST if request.method == "POST" else request.GET
    choice = MeasureChoiceForm(source or None, organization=organization)
    measure: Measure | None = None
    if choice.is_bound and choice.is_valid():
        measure = choice.cleaned_data["measure"]
    elif request.method == "POST":
        raise Http404  # a measure that is not in the catalogue: nothing to save values of
    if measure is None:
        measure = Measure.available_to(organization).first()
        choice = MeasureChoiceForm(initial={"measure": measure}, organization=organization)
    people = services.measured_people(organization, year)
    grid = services.measure_values_grid(organization, year)
    sees_hidden = bool(is_curator(request.user, organization))
    errors: dict[int, str] = {}
    typed: dict[int, tuple[str, str]] = {}
    if request.method == "POST" and measure is not None:
        parsed: dict[int, tuple[float | None, float | None]] = {}
        for person in people:
            raw_before = request.POST.get(f"before-{person.pk}", "")[:50]
            raw_after = request.POST.get(f"after-{person.pk}", "")[:50]
            typed[person.pk] = (raw_before, raw_after)
            try:
                before = _number(raw_before) if raw_before.strip() else None
                after = _number(raw_after) if raw_after.strip() else None
            except ValueError:
                errors[person.pk] = _("Введите число.")
                continue
            problem = services.check_value(measure, before) or services.check_value(measure, after)
            if problem:
                errors[person.pk] = problem
                continue
            parsed[person.pk] = (before, after)
        if not errors:
            by_pk = {p.pk: p for p in people}
            for pk, (before, after) in parsed.items():
                existing = grid.get((pk, measure.pk))
                if before is None and after is None and existing is None:
                    continue
                services.set_measure_value(by_pk[pk], measure, year, before, after, acting_user=request.user)
            messages.success(request, _("Значения сохранены."))
            return redirect(f"{request.path}?measure={measure.pk}")
    rows = []
    for person in people:
        value = grid.get((person.pk, measure.pk)) if measure else None
        shown = typed.get(
            person.pk,
            (
                "" if value is None or value.before is None else f"{value.before:g}",
                "" if value is None or value.after is None else f"{value.after:g}",
            ),
        )
        rows.append(
            {
                "person": person,
                "name": services.display_name(person, sees_hidden),
                "before": shown[0],
                "after": shown[1],
                "error": errors.get(person.pk),
            }
        )
    context = _context(
        request, organization, year, choice=choice, measure=measure, rows=rows, import_form=ImportForm()
    )
    return render(request, "monitoring/measures.html", context, status=400 if errors else 200)


@login_required
def measures_template(request: AuthenticatedHttpRequest, org: str, year: int) -> HttpResponse:
    organization = get_organization(request, org, CHANGE)
    year = _checked_year(year)
    content = services.template_workbook(
        organization, year, sees_hidden=bool(is_curator(request.user, organization))
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="growth-{organization.slug}-{year}.xlsx"'
    return response


@login_required
@require_POST
def measures_import(request: AuthenticatedHttpRequest, org: str, year: int) -> HttpResponse:
    organization = get_organization(request, org, CHANGE)
    year = _checked_year(year)
    form = ImportForm(request.POST, request.FILES)
    import_errors: list[Any] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("Файл больше 10 МБ."))
        else:
            try:
                result = services.import_measure_values(
                    organization, year, upload.read(), upload.name, acting_user=request.user
                )
            except services.ImportFailed as exc:
                import_errors = [e.translated(_) for e in exc.errors]  # a broken file: tabular's ids
            else:
                messages.success(
                    request,
                    _("Импортировано значений: %(n)s (строк: %(rows)s).")
                    % {"n": result.values, "rows": result.rows},
                )
                return redirect("monitoring:measures", organization.slug, year)
    measure = Measure.available_to(organization).first()
    context = _context(
        request,
        organization,
        year,
        choice=MeasureChoiceForm(initial={"measure": measure}, organization=organization),
        measure=measure,
        rows=[],
        import_form=form,
        import_errors=import_errors,
    )
    return render(request, "monitoring/measures.html", context, status=400)


@login_required
def targets(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    """The roadmap's targets and the indicator each measures (guessed on import; curation corrects it)."""
    from nastavnik.methodology.indicators import CODES, TITLES
    from nastavnik.roadmaps.models import ProgrammeTarget

    organization = get_organization(request, org, CHANGE)
    rows = list(ProgrammeTarget.objects.filter(organization=organization).select_related("programme"))
    error = ""
    if request.method == "POST":
        wanted = {t.pk: request.POST.get(f"code-{t.pk}", t.indicator_code) for t in rows}
        if any(code and code not in CODES for code in wanted.values()):
            error = _("Выберите показатель из списка.")
        else:
            services.set_target_codes(organization, wanted, acting_user=request.user)
            messages.success(request, _("Показатели целей сохранены."))
            return redirect("monitoring:targets", organization.slug)
    year = current_academic_year()
    choices = [("", _("— не показатель мониторинга —")), *((c, _(TITLES[c])) for c in CODES)]  # noqa: INT001
    context = _context(request, organization, year, rows=rows, choices=choices, error=error)
    return render(request, "monitoring/targets.html", context, status=400 if error else 200)
