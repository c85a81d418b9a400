"""Monitoring and indicators: the contingent of a year, the indicators against targets, the monitoring of
a year (stage 1 and stage 2 with their statistics).

Who: programme staff read (curation writes the contingent); the coordinators of the organization's region
(of its municipality, for a municipal coordinator) read the indicators only — aggregates, no names.
Anyone else: 404.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import Field

from nastavnik.accounts.permissions import can, require
from nastavnik.monitoring import results, services
from nastavnik.monitoring.indicators import organization_indicators
from nastavnik.monitoring.models import Contingent
from nastavnik.organizations.models import Organization
from nastavnik.roadmaps.queries import current_academic_year

from ..common import SLUG, organization, user_of
from ..errors import ERRORS

router = Router(tags=["monitoring"])
Year = Path(
    ..., ge=2000, le=2100, description="The first calendar year of the academic year: 2025 = 2025/26."
)
MAX_COUNT = 1_000_000


class ContingentIO(Schema):
    learners_total: int = Field(ge=0, le=MAX_COUNT)
    learners_in_age: int = Field(ge=0, le=MAX_COUNT)
    teachers_total: int = Field(ge=0, le=MAX_COUNT)
    young_specialists_total: int = Field(ge=0, le=MAX_COUNT)


class IndicatorOut(Schema):
    code: str
    title: str
    value: float | None = Field(
        description="percent for shares, mean 1–10 for satisfaction, count for pairings"
    )
    numerator: float | None
    denominator: int | None
    target: float | None
    target_year: int | None
    status: Literal["on_track", "behind", "no_target", "no_data"]


class IndicatorsOut(Schema):
    academic_year: int
    items: list[IndicatorOut]


class YearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="academic year; default: the current one")


class ItemOut(Schema):
    question: str
    kind: Literal["scale", "yes_no"]
    scale_min: int | None
    scale_max: int | None
    n: int
    mean: float | None = Field(description="mean of the scale; for yes/no the percentage of «да»")
    sd: float | None


class OpenAnswersOut(Schema):
    question: str
    answers: list[str]


class QuestionnaireResultOut(Schema):
    id: int
    title: str
    purpose: str
    audience: str
    invited: int
    submitted: int
    response_rate: float | None
    items: list[ItemOut]
    open_answers: list[OpenAnswersOut]


class Described(Schema):
    n: int
    mean: float | None
    sd: float | None


class PairedChange(Schema):
    n: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    effect_size: float | None = Field(description="Cohen's d of the differences")
    ci_low: float | None = Field(description="95 % CI of d (noncentral t)")
    ci_high: float | None
    p_value: float | None = Field(description="two-sided Wilcoxon signed-rank")
    conclusive: bool
    verdict: str


class ExpectationOut(Schema):
    audience: Literal["mentee", "mentor"]
    item: str
    expectation: Described
    result: Described
    paired: PairedChange


class FeedbackFormOut(Schema):
    form: str
    meetings: int
    feedback: int
    from_mentees: int
    usefulness: float | None
    comfort: float | None


class FeedbackPairingOut(FeedbackFormOut):
    pairing_id: int


class SwotOut(Schema):
    strengths: str
    weaknesses: str
    opportunities: str
    threats: str


class Stage1Out(Schema):
    questionnaires: list[QuestionnaireResultOut]
    expectations_vs_results: list[ExpectationOut]
    feedback_by_form: list[FeedbackFormOut]
    feedback_by_pairing: list[FeedbackPairingOut]
    swot: SwotOut | None


class MeasureChangeOut(PairedChange):
    code: str
    title: str
    group: str
    unit: str
    higher_is_better: bool


class Stage2Out(Schema):
    measures: list[MeasureChangeOut]


class MonitoringOut(Schema):
    academic_year: int
    stage1: Stage1Out
    stage2: Stage2Out
    note: str


def _contingent_out(row: Contingent | None) -> dict[str, int]:
    if row is None:
        raise Http404
    return {name: getattr(row, name) for name in services.CONTINGENT_FIELDS}


@router.get(
    "/organizations/{slug}/contingent/{academic_year}",
    response={200: ContingentIO, **ERRORS},
    summary="The organization's contingent of an academic year (404 when not entered)",
)
def contingent(request: HttpRequest, slug: str, academic_year: int = Year) -> dict[str, int]:
    org = organization(request, slug, "monitoring.view_monitoring")
    return _contingent_out(Contingent.objects.filter(organization=org, academic_year=academic_year).first())


@router.put(
    "/organizations/{slug}/contingent/{academic_year}",
    response={200: ContingentIO, **ERRORS},
    summary="Enter or replace the contingent of an academic year",
)
def contingent_put(
    request: HttpRequest, slug: str, data: ContingentIO, academic_year: int = Year
) -> dict[str, int]:
    org = organization(request, slug, "monitoring.change_monitoring")
    row = services.save_contingent(org, academic_year, data.dict(), acting_user=user_of(request))
    return _contingent_out(row)


def indicators_answer(org: Organization, academic_year: int) -> dict[str, Any]:
    """The answer of the indicators endpoint (also printed by `manage.py indicators --format json`)."""
    return {
        "academic_year": academic_year,
        "items": [item.as_dict() for item in organization_indicators(org, academic_year)],
    }


@router.get(
    "/organizations/{slug}/indicators",
    response={200: IndicatorsOut, **ERRORS},
    summary="Indicators of an organization against targets (programme staff, coordinators of its region)",
)
def indicators(request: HttpRequest, slug: str, query: Query[YearQuery]) -> dict[str, Any]:
    user = user_of(request)
    if not SLUG.fullmatch(slug):
        raise Http404
    org = Organization.objects.select_related("municipality").filter(slug=slug).first()
    if org is None:
        raise Http404
    if not can(user, "monitoring.view_monitoring", org):
        require(user, "monitoring.view_indicators", org)
    else:
        org = organization(request, slug, "monitoring.view_monitoring")  # the members' checks (two factors)
    return indicators_answer(org, query.year or current_academic_year())


@router.get(
    "/organizations/{slug}/monitoring/{academic_year}",
    response={200: MonitoringOut, **ERRORS},
    summary="Monitoring of a year: stage 1 (quality, satisfaction) and stage 2 (growth) with statistics",
)
def monitoring(request: HttpRequest, slug: str, academic_year: int = Year) -> dict[str, Any]:
    org = organization(request, slug, "monitoring.view_monitoring")
    return results.monitoring_results(org, academic_year)
