"""The region: GET /regions/{slug}/indicators — aggregates of every organization of the caller's territory."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from nastavnik.accounts.permissions import can
from nastavnik.organizations.models import Region
from nastavnik.regions import queries
from nastavnik.roadmaps.queries import current_academic_year

from ..common import SLUG, user_of
from ..errors import ERRORS
from .monitoring import IndicatorOut

router = Router(tags=["region"])


class RegionIndicator(IndicatorOut):
    """An organization's indicator summed over the territory, with small counts hidden."""

    suppressed: bool = Field(
        description="a count under 5 (or the one hidden with it so that it cannot be recovered from the "
        "totals): value and numerator are null"
    )


class RoadmapProgress(Schema):
    activities: int
    done: int
    overdue: int
    percent: int | None


class RegionMunicipality(Schema):
    slug: str
    name: str
    organizations_count: int
    indicators: list[RegionIndicator]


class RegionOrganization(Schema):
    slug: str
    name: str
    municipality: str
    indicators: list[RegionIndicator]
    roadmap: RoadmapProgress


class RegionIndicators(Schema):
    region: str
    municipality: str | None = Field(description="set when the caller coordinates one municipality only")
    academic_year: int
    totals: list[RegionIndicator]
    municipalities: list[RegionMunicipality]
    organizations: list[RegionOrganization]


class YearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="academic year, 2025 = 2025/26")


@router.get(
    "/regions/{slug}/indicators",
    response={200: RegionIndicators, **ERRORS},
    summary="Indicators of every organization of a region",
    description="Coordinators of the region only (others: 404). A municipal coordinator gets their "
    "municipality. No person's name; counts under 5 are suppressed with complementary suppression.",
)
def region_indicators(request: HttpRequest, slug: str, query: Query[YearQuery]) -> HttpResponse:
    user = user_of(request)
    if not SLUG.fullmatch(slug):
        raise Http404
    region = Region.objects.filter(slug=slug).first()
    if region is None or not can(user, "regions.view_dashboard", region):
        raise Http404
    coordination = queries.coordination_of(user, region)
    if coordination is None:
        raise Http404
    year = query.year or current_academic_year()
    # Serialized by the region's read side (and kept with its cached table), not validated again against
    # the schema by ninja: 1,000 organizations × 8 indicators cost ~200 ms of pydantic per request for a dict
    # built in this very shape (the contract tests check the answer against the OpenAPI schema).
    content = queries.api_json(region, year, coordination.municipality)
    return HttpResponse(content, content_type="application/json")
