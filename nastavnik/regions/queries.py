"""The read side of the region: every organization of a territory side by side, aggregates only.

`region_table(region, year)` computes the whole region once (the indicators of every organization from
`monitoring.indicators_by_organization`, totals per municipality and for the region, roadmap progress,
pairings by form) and applies the suppression of `suppression.py` over the whole region, so that a municipal
coordinator's view and the regional one hide the same cells (two views suppressed differently could be
subtracted from each other). `territory_report` cuts a municipality out of it. No function here returns a
person's name: only organizations, municipalities and counts.

The table is cached per region and year for `REGION_CACHE_SECONDS` (default 300) in Django's cache: the
region's figures move slowly and a dashboard of 1,000 organizations is read much more often than it changes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from nastavnik.accounts.models import Coordination
from nastavnik.methodology import indicators as codes_module
from nastavnik.methodology.models import MentoringForm
from nastavnik.monitoring.indicators import (
    CODES,
    Indicator,
    indicators_by_organization,
    target_status,
    year_pairings,
)
from nastavnik.monitoring.models import RegionalTarget
from nastavnik.organizations.models import Municipality, Organization, Region

from .suppression import Relation, hierarchy_relations, suppress

SUPPRESSED = "< 5"
#: Indicators whose value is itself a count (the others count their numerator).
COUNT_CODES = codes_module.COUNT_CODES
SATISFACTION_CODES = codes_module.SATISFACTION_CODES
HISTORY_YEARS = 5
CACHE_VERSION = 1


def cache_seconds() -> int:
    return int(getattr(settings, "REGION_CACHE_SECONDS", 300))


def coordination_of(user: Any, region: Region) -> Coordination | None:
    """The user's coordination of this region: the region-wide one first, else a municipal one."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = [c for c in user.coordinations.all() if c.region_id == region.pk]
    found.sort(key=lambda c: c.municipality_id is not None)
    return found[0] if found else None


@dataclass(frozen=True)
class Unit:
    key: Any  # organization id, ("m", municipality id) or "region"
    name: str
    slug: str
    municipality: str = ""
    municipality_slug: str = ""


def _indicator_dict(code: str, title: str, **fields: Any) -> dict[str, Any]:
    base = {
        "code": code,
        "title": title,
        "value": None,
        "numerator": None,
        "denominator": None,
        "target": None,
        "target_year": None,
        "status": "no_data",
        "suppressed": False,
    }
    base.update(fields)
    return base


def _count_of(code: str, item: dict[str, Any]) -> int | None:
    value = item["value"] if code in COUNT_CODES else item["numerator"]
    return None if value is None else int(round(value))


def _aggregate(
    code: str, title: str, parts: list[dict[str, Any]], points: dict[int, float], academic_year: int
) -> dict:
    """The total of some organizations' indicator: true sums (suppression happens after)."""
    if code in COUNT_CODES:
        values = [p["value"] for p in parts if p["value"] is not None]
        value: float | None = float(sum(values)) if values else None
        numerator: float | None = value
        denominator = None
    elif code in SATISFACTION_CODES:
        rated = [p for p in parts if p["value"] is not None and p["numerator"]]
        numerator = float(sum(p["numerator"] for p in rated)) if rated else None
        value = (
            round(sum(p["value"] * p["numerator"] for p in rated) / numerator, 2)
            if rated and numerator
            else None
        )
        denominator = None
    else:
        known = [p for p in parts if p["numerator"] is not None and p["denominator"]]
        numerator = float(sum(p["numerator"] for p in known)) if known else None
        denominator = int(sum(p["denominator"] for p in known)) if known else None
        value = (
            round(100 * numerator / denominator, 1)
            if known and denominator and numerator is not None
            else None
        )
    target, target_year, status = target_status(value, points, academic_year)
    return _indicator_dict(
        code,
        title,
        value=value,
        numerator=numerator,
        denominator=denominator,
        target=target,
        target_year=target_year,
        status=status,
    )


def regional_targets(region: Region) -> dict[str, dict[int, float]]:
    """The region's ladder: code → {academic year: figure}; the totals are judged against it the way
    monitoring judges an organization (`monitoring.indicators.target_status`)."""
    found: dict[str, dict[int, float]] = {}
    for code, year, percent in RegionalTarget.objects.filter(region=region).values_list(
        "code", "academic_year", "percent"
    ):
        found.setdefault(code, {})[year] = float(percent)
    return found


def _roadmap_progress(org_ids: list[int], academic_year: int, today: date) -> dict[int, dict[str, int]]:
    from nastavnik.roadmaps.models import Activity, ActivityStatus

    rows = (
        Activity.objects.filter(organization_id__in=org_ids, roadmap__academic_year=academic_year)
        .exclude(status=ActivityStatus.CANCELLED)
        .values("organization_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=ActivityStatus.DONE)),
            overdue=Count("id", filter=Activity.objects.none().overdue_q(today)),
        )
    )
    return {
        r["organization_id"]: {"total": r["total"], "done": r["done"], "overdue": r["overdue"]} for r in rows
    }


def _pairings_by_form(org_ids: list[int], academic_year: int) -> list[Any]:
    """Pairings of the year (approved before its end, not ended before its start) per municipality and form."""
    rows = (
        year_pairings(org_ids, academic_year)
        .values("organization__municipality_id", "form_id")
        .annotate(total=Count("id"))
        .order_by()
    )
    return list(rows)


def region_table(region: Region, academic_year: int, *, use_cache: bool = True) -> dict[str, Any]:
    """The whole region's table for a year, suppressed; cached."""
    key = f"regions:table:{CACHE_VERSION}:{region.pk}:{_generation(region)}:{academic_year}"
    if use_cache:
        cached = _local_get(key)
        if cached is None:
            cached = cache.get(key)
            if cached is not None:
                _local_set(key, cached)
        if cached is not None:
            return cached
    table = _compute(region, academic_year)
    cache.set(key, table, cache_seconds())
    _local_set(key, table)
    return table


#: The last tables this process read, so that a warm page does not fetch and unpickle megabytes from the
#: shared cache on every request (1,000 organizations): same keys, same lifetime. Read-only for callers.
_LOCAL: dict[str, tuple[float, Any]] = {}
LOCAL_ENTRIES = 12


def clear_local() -> None:
    """Forget this process's copies (tests, after clearing the shared cache)."""
    _LOCAL.clear()


def _local_get(key: str) -> Any:
    found = _LOCAL.get(key)
    if found is None or found[0] < time.monotonic():
        return None
    return found[1]


def _local_set(key: str, table: Any) -> None:
    if len(_LOCAL) >= LOCAL_ENTRIES:
        for stale in sorted(_LOCAL, key=lambda k: _LOCAL[k][0])[: len(_LOCAL) - LOCAL_ENTRIES + 1]:
            _LOCAL.pop(stale, None)
    _LOCAL[key] = (time.monotonic() + cache_seconds(), table)


def _generation(region: Region) -> int:
    """A per-region counter in every cache key of the region: `forget` moves it, and all keys go stale."""
    return int(cache.get(f"regions:generation:{region.pk}", 0))


def forget(region: Region) -> None:
    """Drop the cached tables and histories of a region (after its targets changed)."""
    key = f"regions:generation:{region.pk}"
    cache.set(key, _generation(region) + 1, None)


def _compute(region: Region, academic_year: int) -> dict[str, Any]:
    municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
    organizations = list(
        Organization.objects.filter(municipality__region=region)
        .order_by("municipality__name", "short_name", "pk")
        .values("pk", "slug", "short_name", "municipality_id")
    )
    org_ids = [o["pk"] for o in organizations]
    municipality_by_id = {m.pk: m for m in municipalities}
    with scopes_disabled():
        indicators: dict[int, list[Indicator]] = (
            indicators_by_organization(org_ids, academic_year) if org_ids else {}
        )
        progress = _roadmap_progress(org_ids, academic_year, timezone.localdate()) if org_ids else {}
        by_form = _pairings_by_form(org_ids, academic_year) if org_ids else []
        targets = regional_targets(region)
    titles: dict[str, str] = {}
    org_items: dict[int, dict[str, dict[str, Any]]] = {}
    for org_id, items in indicators.items():
        row = {}
        for ind in items:
            titles.setdefault(ind.code, ind.title)
            row[ind.code] = _indicator_dict(
                ind.code,
                ind.title,
                value=ind.value,
                numerator=ind.numerator,
                denominator=ind.denominator,
                target=ind.target,
                target_year=ind.target_year,
                status=ind.status,
            )
        org_items[org_id] = row
    codes = [c for c in CODES if c in titles] or list(CODES)
    empty = {code: _indicator_dict(code, titles.get(code, code)) for code in codes}
    members: dict[int, list[int]] = {m.pk: [] for m in municipalities}
    for org in organizations:
        members[org["municipality_id"]].append(org["pk"])

    # True totals per municipality and for the region.
    unit_items: dict[Any, dict[str, dict[str, Any]]] = {
        o["pk"]: {c: org_items.get(o["pk"], {}).get(c) or dict(empty[c]) for c in codes}
        for o in organizations
    }

    def totals(ids: list[int]) -> dict[str, dict[str, Any]]:
        """Every indicator summed over these organizations and judged against the regional target."""
        return {
            c: _aggregate(
                c, titles.get(c, c), [unit_items[i][c] for i in ids], targets.get(c, {}), academic_year
            )
            for c in codes
        }

    for mid, ids in members.items():
        unit_items[("m", mid)] = totals(ids)
    unit_items["region"] = totals(org_ids)

    # Suppression over every count of the region at once.
    cells: dict[Any, Any] = {}
    relations: list[Relation] = []
    tree: dict[Any, list[Any]] = {
        "region": [("m", m.pk) for m in municipalities],
        **{("m", mid): ids for mid, ids in members.items()},
    }
    for code in codes:
        for unit, by_code in unit_items.items():
            item = by_code[code]
            # a share's total counts only organizations with a denominator: keep the relation exact
            cells[(code, unit)] = _count_of(code, item)
        if code in COUNT_CODES or code in SATISFACTION_CODES:
            relations += hierarchy_relations(code, tree)
        else:
            relations += [
                Relation(
                    (code, parent),
                    tuple((code, k) for k in kids if unit_items[k][code]["denominator"]),
                )
                for parent, kids in tree.items()
            ]
    forms = {f.pk: f for f in MentoringForm.objects.filter(pk__in={r["form_id"] for r in by_form})}
    form_ids = sorted(forms, key=lambda pk: (forms[pk].position, forms[pk].title))
    form_counts: dict[tuple[Any, int], int] = {}
    for r in by_form:
        form_counts[(("m", r["organization__municipality_id"]), r["form_id"])] = r["total"]
    for mid in members:
        for fid in form_ids:
            cells[("form", ("m", mid), fid)] = form_counts.get((("m", mid), fid), 0)
        cells[("form", ("m", mid), "all")] = sum(cells[("form", ("m", mid), f)] for f in form_ids)
        relations.append(
            Relation(("form", ("m", mid), "all"), tuple(("form", ("m", mid), f) for f in form_ids))
        )
    form_columns: list[Any] = [*form_ids, "all"]
    for column in form_columns:
        cells[("form", "region", column)] = sum(cells[("form", ("m", mid), column)] for mid in members)
        relations.append(
            Relation(("form", "region", column), tuple(("form", ("m", mid), column) for mid in members))
        )
    relations.append(Relation(("form", "region", "all"), tuple(("form", "region", f) for f in form_ids)))
    # The pairings by form of a territory add up to its active and completed pairings (the same pairings of
    # the year): one system, or the form table would give away a hidden count of the indicators.
    if "pairings_active" in codes and "pairings_completed" in codes:
        for unit in [*[("m", mid) for mid in members], "region"]:
            relations.append(
                Relation(("form", unit, "all"), (("pairings_active", unit), ("pairings_completed", unit)))
            )
    hidden = suppress(cells, relations)
    for code in codes:
        for unit, by_code in unit_items.items():
            if (code, unit) in hidden:
                by_code[code].update(value=None, numerator=None, suppressed=True)

    def unit_row(unit: Any) -> list[dict[str, Any]]:
        return [unit_items[unit][c] for c in codes]

    columns: list[Any] = [*form_ids, "all"]

    def form_row(unit: Any) -> list[dict[str, Any]]:
        return [
            {
                "form": forms[f].title if f != "all" else _("Всего"),
                "count": None if ("form", unit, f) in hidden else cells[("form", unit, f)],
                "suppressed": ("form", unit, f) in hidden,
            }
            for f in columns
        ]

    return {
        "region": region.slug,
        "region_name": region.name,
        "academic_year": academic_year,
        "codes": codes,
        "titles": [titles.get(c, c) for c in codes],
        "forms": [forms[f].title for f in form_ids],
        "totals": unit_row("region"),
        "totals_by_form": form_row("region"),
        "municipalities": [
            {
                "slug": m.slug,
                "name": m.name,
                "organizations_count": len(members[m.pk]),
                "indicators": unit_row(("m", m.pk)),
                "by_form": form_row(("m", m.pk)),
                "roadmap": _sum_progress(progress, members[m.pk]),
            }
            for m in municipalities
        ],
        "organizations": [
            {
                "slug": o["slug"],
                "name": o["short_name"],
                "municipality": municipality_by_id[o["municipality_id"]].slug,
                "municipality_name": municipality_by_id[o["municipality_id"]].name,
                "indicators": unit_row(o["pk"]),
                "roadmap": _sum_progress(progress, [o["pk"]]),
            }
            for o in organizations
        ],
        "roadmap": _sum_progress(progress, org_ids),
    }


def _sum_progress(progress: dict[int, dict[str, int]], ids: Iterable[int]) -> dict[str, Any]:
    total = done = overdue = 0
    for pk in ids:
        p = progress.get(pk)
        if p:
            total += p["total"]
            done += p["done"]
            overdue += p["overdue"]
    return {
        "activities": total,
        "done": done,
        "overdue": overdue,
        "percent": round(100 * done / total) if total else None,
    }


def territory_report(
    region: Region, academic_year: int, municipality: Municipality | None = None
) -> dict[str, Any]:
    """The region's table as one coordinator sees it: the whole region, or one municipality of it (its totals
    are the municipality's row)."""
    table = region_table(region, academic_year)
    if municipality is None:
        return table
    row = next(m for m in table["municipalities"] if m["slug"] == municipality.slug)
    return {
        **table,
        "municipality": municipality.slug,
        "municipality_name": municipality.name,
        "totals": row["indicators"],
        "totals_by_form": row["by_form"],
        "roadmap": row["roadmap"],
        "municipalities": [row],
        "organizations": [o for o in table["organizations"] if o["municipality"] == municipality.slug],
    }


def lagging(report: dict[str, Any], code: str = "learners_involved", limit: int = 20) -> list[dict[str, Any]]:
    """Organizations behind the target on `code`, the furthest behind first (suppressed values sort as
    unknown, after the known ones)."""
    if code not in report["codes"]:
        return []
    index = report["codes"].index(code)
    rows = []
    for org in report["organizations"]:
        item = org["indicators"][index]
        if item["status"] == "behind":
            gap = (item["target"] or 0) - (item["value"] or 0) if item["value"] is not None else None
            rows.append({**org, "item": item, "gap": gap})
    rows.sort(key=lambda r: (r["gap"] is None, -(r["gap"] or 0), r["name"]))
    return rows[:limit]


def history(
    region: Region, academic_year: int, municipality: Municipality | None = None, org_slug: str = ""
) -> dict:
    """Each indicator over the last years, from the suppressed tables of those years: {code: [(label, value)]}."""
    from nastavnik.roadmaps.models import academic_year_label

    key = (
        f"regions:history:{CACHE_VERSION}:{region.pk}:{_generation(region)}:{academic_year}:"
        f"{municipality.pk if municipality else ''}:{org_slug}"
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    years = list(range(academic_year - HISTORY_YEARS + 1, academic_year + 1))
    series: dict[str, list[tuple[str, float | None]]] = {}
    for year in years:
        report = territory_report(region, year, municipality)
        if org_slug:
            found = [o for o in report["organizations"] if o["slug"] == org_slug]
            items = found[0]["indicators"] if found else []
        else:
            items = report["totals"]
        for item in items:
            series.setdefault(item["code"], []).append((academic_year_label(year), item["value"]))
    cache.set(key, series, cache_seconds())
    return series


def ladder(region: Region, years: Iterable[int]) -> dict[tuple[str, int], str]:
    """The region's targets for the ladder page: {(code, year): "40.00"}."""
    return {
        (t.code, t.academic_year): f"{t.percent}"
        for t in RegionalTarget.objects.filter(region=region, academic_year__in=list(years))
    }


def indicator_titles() -> dict[str, str]:
    """Titles of the share indicators for the ladder page (the same words as monitoring's)."""
    return {
        "learners_involved": _("Доля обучающихся, вовлечённых в наставничество"),
        "young_specialists_involved": _("Доля молодых специалистов, вовлечённых в наставничество"),
        "teachers_mentoring": _("Доля педагогов-наставников"),
        "feedback_coverage": _("Встречи с обратной связью от всех наставляемых"),
    }


INDICATOR_KEYS = (
    "code",
    "title",
    "value",
    "numerator",
    "denominator",
    "target",
    "target_year",
    "status",
    "suppressed",
)


def api_json(region: Region, academic_year: int, municipality: Municipality | None = None) -> bytes:
    """`api_payload` serialized, kept with the table in this process (2 MB for 1,000 organizations: dumping
    it on every request would cost more than everything else of a warm answer)."""
    key = (
        f"regions:json:{CACHE_VERSION}:{region.pk}:{_generation(region)}:{academic_year}:"
        f"{municipality.pk if municipality else ''}"
    )
    found = _local_get(key)
    if found is None:
        report = territory_report(region, academic_year, municipality)
        found = json.dumps(api_payload(report), ensure_ascii=False).encode()
        _local_set(key, found)
    return bytes(found)


def api_payload(report: dict[str, Any]) -> dict[str, Any]:
    """What `GET /api/v1/regions/{slug}/indicators` and `manage.py region_report --format json` answer."""

    def items(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: row[k] for k in INDICATOR_KEYS} for row in rows]

    return {
        "region": report["region"],
        "municipality": report.get("municipality"),
        "academic_year": report["academic_year"],
        "totals": items(report["totals"]),
        "municipalities": [
            {
                "slug": m["slug"],
                "name": m["name"],
                "organizations_count": m["organizations_count"],
                "indicators": items(m["indicators"]),
            }
            for m in report["municipalities"]
        ],
        "organizations": [
            {
                "slug": o["slug"],
                "name": o["name"],
                "municipality": o["municipality"],
                "indicators": items(o["indicators"]),
                "roadmap": o["roadmap"],
            }
            for o in report["organizations"]
        ],
    }
