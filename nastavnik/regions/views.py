"""Pages of the region: the dashboard of a territory, drill-down to a municipality and an organization, the
XLSX of the table and the regional ladder of targets. Coordinators only; everyone else gets 404."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from nastavnik.accounts.http import AuthenticatedHttpRequest
from nastavnik.accounts.models import Coordination
from nastavnik.accounts.permissions import can, require
from nastavnik.core import charts
from nastavnik.organizations.models import Municipality, Organization, Region
from nastavnik.roadmaps.models import academic_year_label
from nastavnik.roadmaps.queries import current_academic_year

from . import export, queries, services

STATUS_LABELS = {
    "on_track": gettext_noop("цель достигнута"),
    "behind": gettext_noop("отстаёт от цели"),
    "no_target": gettext_noop("цель не задана"),
    "no_data": gettext_noop("нет данных"),
}
#: The indicators a region sets a ladder for (shares, in per cent).
LADDER_CODES = ("learners_involved", "young_specialists_involved", "teachers_mentoring", "feedback_coverage")
LADDER_YEARS = 5


def _territory(request: AuthenticatedHttpRequest, slug: str) -> tuple[Region, Coordination]:
    region = get_object_or_404(Region, slug=slug)
    require(request.user, "regions.view_dashboard", region)
    coordination = queries.coordination_of(request.user, region)
    if coordination is None:  # permissions said yes, so this cannot happen; stay closed anyway
        raise Http404
    return region, coordination


def _year(request: AuthenticatedHttpRequest) -> int:
    this_year = current_academic_year()
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if 2000 <= year <= this_year + 1 else this_year


def _show(item: dict[str, Any]) -> str:
    """What a cell says: «< 5» for a suppressed count, «—» for no data, else the value."""
    if item["suppressed"]:
        return queries.SUPPRESSED
    if item["value"] is None:
        return "—"
    unit = "" if item["code"] in queries.COUNT_CODES or item["code"] in queries.SATISFACTION_CODES else "%"
    return charts.format_value(item["value"], unit)


def _decorate(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **item,
            "shown": _show(item),
            "status_label": _(STATUS_LABELS.get(item["status"], "")),
            "target_shown": charts.format_value(item["target"], "%") if item["target"] is not None else "—",
        }
        for item in items
    ]


def _history_charts(series: dict[str, list[tuple[str, float | None]]], titles: dict[str, str]) -> list[dict]:
    """One line chart per indicator over the years, each with the table of its numbers."""
    result = []
    for code, points in series.items():
        unit = "" if code in queries.COUNT_CODES or code in queries.SATISFACTION_CODES else "%"
        title = titles.get(code, code)
        result.append(
            {
                "svg": charts.line_chart([(title, points)], title=title, unit=unit),
                "caption": _("%(title)s по учебным годам") % {"title": title},
                "rows": [
                    (label, charts.format_value(v, unit) if v is not None else "—") for label, v in points
                ],
            }
        )
    return result


def _honor_board_url(region: Region) -> str | None:
    """The regional honor board is the public app's page; linked when that app is installed."""
    try:
        return reverse("public:region", args=[region.slug])
    except NoReverseMatch:
        return None


def _page(
    request: AuthenticatedHttpRequest,
    region: Region,
    coordination: Coordination,
    municipality: Municipality | None,
) -> HttpResponse:
    year = _year(request)
    report = queries.territory_report(region, year, municipality)
    titles = dict(zip(report["codes"], report["titles"], strict=True))
    learners = report["codes"].index("learners_involved") if "learners_involved" in report["codes"] else 0
    if municipality is None:
        bars = [(m["name"], m["indicators"][learners]["value"]) for m in report["municipalities"]]
    else:
        bars = [(o["name"], o["indicators"][learners]["value"]) for o in report["organizations"]]
    target = report["totals"][learners]["target"] if report["totals"] else None
    bar_title = titles.get("learners_involved", "")
    context = {
        "region": region,
        "coordination": coordination,
        "municipality": municipality,
        "year": year,
        "year_label": academic_year_label(year),
        "years": [
            (y, academic_year_label(y))
            for y in range(current_academic_year() - 5, current_academic_year() + 1)
        ],
        "report": report,
        "totals": _decorate(report["totals"]),
        "titles": report["titles"],
        "municipalities": [{**m, "cells": _decorate(m["indicators"])} for m in report["municipalities"]]
        if municipality is None
        else [],
        "organizations": [{**o, "cells": _decorate(o["indicators"])} for o in report["organizations"]]
        if municipality is not None
        else [],
        "forms": report["forms"],
        "by_form": (
            [(m["name"], m["by_form"]) for m in report["municipalities"]] if municipality is None else []
        ),
        "totals_by_form": report["totals_by_form"],
        "lagging": [{**row, "shown": _show(row["item"])} for row in queries.lagging(report)],
        "bar": {
            "svg": charts.bar_chart(bars, title=bar_title, target=target, max_value=100),
            "caption": bar_title,
            "rows": [
                (
                    label,
                    queries.SUPPRESSED
                    if value is None and _suppressed(report, label, learners)
                    else (charts.format_value(value, "%") if value is not None else "—"),
                )
                for label, value in bars
            ],
        },
        "history_url": _history_url(region, year, municipality=municipality),
        "can_set_targets": can(request.user, "regions.set_targets", region),
        "honor_board_url": _honor_board_url(region),
    }
    return render(request, "regions/dashboard.html", context)


def _suppressed(report: dict[str, Any], label: str, index: int) -> bool:
    for row in [*report["municipalities"], *report["organizations"]]:
        if row["name"] == label:
            return bool(row["indicators"][index]["suppressed"])
    return False


@login_required
def dashboard(request: AuthenticatedHttpRequest, region: str) -> HttpResponse:
    region_obj, coordination = _territory(request, region)
    return _page(request, region_obj, coordination, coordination.municipality)


@login_required
def municipality(request: AuthenticatedHttpRequest, region: str, municipality: str) -> HttpResponse:
    region_obj, coordination = _territory(request, region)
    municipality_obj = get_object_or_404(Municipality, region=region_obj, slug=municipality)
    if coordination.municipality_id not in (None, municipality_obj.pk):
        raise Http404
    return _page(request, region_obj, coordination, municipality_obj)


@login_required
def organization(request: AuthenticatedHttpRequest, region: str, org: str) -> HttpResponse:
    region_obj, coordination = _territory(request, region)
    organization_obj = get_object_or_404(
        Organization.objects.select_related("municipality"), municipality__region=region_obj, slug=org
    )
    if coordination.municipality_id not in (None, organization_obj.municipality_id):
        raise Http404
    year = _year(request)
    report = queries.territory_report(region_obj, year, organization_obj.municipality)
    row = next(o for o in report["organizations"] if o["slug"] == organization_obj.slug)
    titles = dict(zip(report["codes"], report["titles"], strict=True))
    return render(
        request,
        "regions/organization.html",
        {
            "region": region_obj,
            "coordination": coordination,
            "organization": organization_obj,
            "year": year,
            "year_label": academic_year_label(year),
            "cells": _decorate(row["indicators"]),
            "roadmap": row["roadmap"],
            "history": _history_charts(
                queries.history(region_obj, year, organization_obj.municipality, organization_obj.slug),
                titles,
            ),
        },
    )


def _history_url(
    region: Region,
    year: int,
    *,
    municipality: Municipality | None = None,
    organization: Organization | None = None,
) -> str:
    url = reverse("regions:history", args=[region.slug]) + f"?year={year}"
    if organization is not None:
        return url + f"&o={organization.slug}"
    if municipality is not None:
        return url + f"&m={municipality.slug}"
    return url


@login_required
def history(request: AuthenticatedHttpRequest, region: str) -> HttpResponse:
    """The charts over the years: loaded by htmx after the page (five years cost five regional tables when
    the cache is cold), or as a page of its own without JavaScript."""
    region_obj, coordination = _territory(request, region)
    year = _year(request)
    municipality_obj = coordination.municipality
    organization_obj = None
    if request.GET.get("o"):
        organization_obj = get_object_or_404(
            Organization.objects.select_related("municipality"),
            municipality__region=region_obj,
            slug=request.GET["o"][:64],
        )
        municipality_obj = organization_obj.municipality
    elif request.GET.get("m"):
        municipality_obj = get_object_or_404(Municipality, region=region_obj, slug=request.GET["m"][:64])
    if coordination.municipality_id not in (None, municipality_obj.pk if municipality_obj else None):
        raise Http404
    report = queries.territory_report(region_obj, year, municipality_obj)
    titles = dict(zip(report["codes"], report["titles"], strict=True))
    series = queries.history(
        region_obj, year, municipality_obj, organization_obj.slug if organization_obj else ""
    )
    context = {
        "region": region_obj,
        "history": _history_charts(series, titles),
        "subject": organization_obj or municipality_obj or region_obj,
        "year_label": academic_year_label(year),
    }
    template = "regions/_history.html" if request.htmx else "regions/history.html"
    return render(request, template, context)


@login_required
def export_xlsx(request: AuthenticatedHttpRequest, region: str) -> HttpResponse:
    region_obj, coordination = _territory(request, region)
    year = _year(request)
    report = queries.territory_report(region_obj, year, coordination.municipality)
    content = export.report_xlsx(report)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = export.filename(report)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: AuthenticatedHttpRequest, region: str) -> HttpResponse:
    """The regional ladder: per share indicator and academic year the target percent (regional coordinator)."""
    region_obj = get_object_or_404(Region, slug=region)
    require(request.user, "regions.set_targets", region_obj)
    first = current_academic_year()
    years = list(range(first, first + LADDER_YEARS))
    errors: list[str] = []
    if request.method == "POST":
        wanted: dict[tuple[str, int], Decimal | None] = {}
        for code in LADDER_CODES:
            for year in years:
                raw = request.POST.get(f"t-{code}-{year}", "").strip().replace(",", ".").replace("%", "")
                if not raw:
                    wanted[(code, year)] = None
                    continue
                try:
                    value = Decimal(raw)
                except InvalidOperation:
                    errors.append(_("«%(raw)s» — не число (%(year)s).") % {"raw": raw[:20], "year": year})
                    continue
                if not value.is_finite() or not (0 <= value <= 100):
                    errors.append(_("Цель должна быть от 0 до 100 %% (%(year)s).") % {"year": year})
                    continue
                wanted[(code, year)] = value.quantize(Decimal("0.01"))
        if not errors:
            try:
                changed = services.set_regional_targets(region_obj, wanted, acting_user=request.user)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(request, _("Целевые значения сохранены (изменено: %(n)s).") % {"n": changed})
                return redirect("regions:targets", region_obj.slug)
    ladder = queries.ladder(region_obj, years)
    titles = queries.indicator_titles()
    rows = [
        {
            "code": code,
            "title": titles.get(code, code),
            "cells": [
                {
                    "name": f"t-{code}-{year}",
                    "year_label": academic_year_label(year),
                    "value": request.POST.get(f"t-{code}-{year}", "")
                    if errors
                    else ladder.get((code, year), ""),
                }
                for year in years
            ],
        }
        for code in LADDER_CODES
    ]
    return render(
        request,
        "regions/targets.html",
        {
            "region": region_obj,
            "years": [academic_year_label(y) for y in years],
            "rows": rows,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
