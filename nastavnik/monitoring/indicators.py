"""The methodology's indicators of an organization for one academic year, against targets (read side).

Set-based: `indicators_by_organization` answers for any number of organizations with a fixed number of
GROUP BY queries (members, pairings, meetings, satisfaction answers, contingent, settings, targets), so the
region's 1,000 organizations cost the same number of queries as one. Definitions (docs/monitoring.md):

* the year: 1 September of ``academic_year`` to 31 August of the next (local time);
* a pairing *of the year*: status active or completed, started (approved, else created) before the year's end
  and not ended before its start;
* learners: participants of category «обучающийся» or «студент» whose age on 1 September of the year lies in
  the organization's range (MonitoringSettings, default 10–18); without a birth date a learner is not counted;
* young specialists: category «молодой специалист», or «педагог» with at most 3 years of experience;
* teachers: categories «педагог» and «молодой специалист»;
* feedback_coverage: held meetings of the year (by start) whose every mentee of the pairing left feedback;
* satisfaction: every 1–N scale answer of the submitted satisfaction questionnaires (interim and final) of the
  year, rescaled to 1–10 and averaged; numerator = respondents;
* pairings_active: pairings of the year not completed within it; pairings_completed: completed within it.

Targets and status (`target_status`): the milestones of an indicator are the roadmap's targets carrying its
code (the academic year that contains the target's date) and the region's ladder (RegionalTarget); when both
give a year, the higher figure counts. The expected figure for a year is the milestone of that year, a
straight line between the milestones around it, the last milestone after them, the first before them.
`target`/`target_year` report the next milestone (this year or later; else the last). Status: no_data
without a value, no_target without milestones, on_track when value ≥ expected, else behind.

The caller checks permissions: these functions read the given organizations unscoped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from nastavnik.core.tenancy import scopes_disabled
from nastavnik.mentoring.models import Feedback, Meeting, Pairing, PairingMember
from nastavnik.methodology import indicators as codes
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import Participant
from nastavnik.questionnaires.models import Answer, QuestionKind, Questionnaire
from nastavnik.roadmaps.models import ProgrammeTarget

from .models import DEFAULT_AGE_FROM, DEFAULT_AGE_TO, Contingent, MonitoringSettings, RegionalTarget

CODES: tuple[str, ...] = codes.CODES

ON_TRACK = "on_track"
BEHIND = "behind"
NO_TARGET = "no_target"
NO_DATA = "no_data"
STATUSES = (ON_TRACK, BEHIND, NO_TARGET, NO_DATA)

LEARNER_CATEGORIES = (Participant.Category.PUPIL, Participant.Category.STUDENT)
TEACHER_CATEGORIES = (Participant.Category.TEACHER, Participant.Category.YOUNG_SPECIALIST)
YOUNG_SPECIALIST_MAX_EXPERIENCE = 3

MENTEE_SATISFACTION = (
    Questionnaire.Purpose.SATISFACTION_MENTEE_INTERIM,
    Questionnaire.Purpose.SATISFACTION_MENTEE_FINAL,
)
MENTOR_SATISFACTION = (
    Questionnaire.Purpose.SATISFACTION_MENTOR_INTERIM,
    Questionnaire.Purpose.SATISFACTION_MENTOR_FINAL,
)


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    value: float | None
    numerator: float | None
    denominator: int | None
    target: float | None
    target_year: int | None
    status: str
    is_share: bool

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["is_share"]
        return data


# ---------------------------------------------------------------------------------------------- the year


def academic_year_of(day: dt.date) -> int:
    """The academic year (its first calendar year) a date belongs to: September starts the next one."""
    return day.year if day.month >= 9 else day.year - 1


def year_bounds(academic_year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 September of the year, 1 September of the next) as aware datetimes of the local time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime(academic_year, 9, 1, tzinfo=tz)
    end = dt.datetime(academic_year + 1, 9, 1, tzinfo=tz)
    return start, end


def _birth_range(academic_year: int, age_from: int, age_to: int) -> tuple[dt.date, dt.date]:
    """Birth dates (exclusive low, inclusive high) of people aged age_from..age_to on 1 September."""
    day = dt.date(academic_year, 9, 1)
    return _years_before(day, age_to + 1), _years_before(day, age_from)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def year_pairings(organization_ids: Iterable[int], academic_year: int) -> QuerySet[Pairing]:
    """The pairings of the year (see the module docstring), unscoped: the caller names the organizations."""
    start, end = year_bounds(academic_year)
    return (
        Pairing.objects.filter(
            organization_id__in=list(organization_ids),
            status__in=(Pairing.Status.ACTIVE, Pairing.Status.COMPLETED),
        )
        .alias(started=Coalesce("approved_at", "created_at"))
        .filter(started__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start))
    )


# ---------------------------------------------------------------------------------------------- figures


def _people_counts(ids: list[int], academic_year: int, ranges: dict[int, tuple[int, int]]) -> dict[int, dict]:
    """Per organization: learners in age and young specialists who are mentees of a pairing of the year."""
    by_range: dict[tuple[int, int], list[int]] = defaultdict(list)
    for org_id in ids:
        by_range[ranges.get(org_id, (DEFAULT_AGE_FROM, DEFAULT_AGE_TO))].append(org_id)
    in_age = Q()
    for (age_from, age_to), org_ids in by_range.items():
        low, high = _birth_range(academic_year, age_from, age_to)
        in_age |= Q(
            organization_id__in=org_ids,
            mentee__participant__birth_date__gt=low,
            mentee__participant__birth_date__lte=high,
        )
    learner = Q(mentee__participant__category__in=LEARNER_CATEGORIES) & in_age
    young = Q(mentee__participant__category=Participant.Category.YOUNG_SPECIALIST) | Q(
        mentee__participant__category=Participant.Category.TEACHER,
        mentee__participant__experience_years__lte=YOUNG_SPECIALIST_MAX_EXPERIENCE,
    )
    rows = (
        PairingMember.objects.filter(organization_id__in=ids, pairing__in=year_pairings(ids, academic_year))
        .values("organization_id")
        .annotate(
            learners=Count("mentee__participant_id", filter=learner, distinct=True),
            young=Count("mentee__participant_id", filter=young, distinct=True),
        )
    )
    return {row["organization_id"]: row for row in rows}


def _pairing_counts(ids: list[int], academic_year: int) -> dict[int, dict]:
    """Per organization: teachers mentoring, pairings active through the year and completed within it."""
    start, end = year_bounds(academic_year)
    completed_in_year = Q(status=Pairing.Status.COMPLETED, ended_at__gte=start, ended_at__lt=end)
    rows = (
        year_pairings(ids, academic_year)
        .values("organization_id")
        .annotate(
            teachers=Count(
                "mentor__participant_id",
                filter=Q(mentor__participant__category__in=TEACHER_CATEGORIES),
                distinct=True,
            ),
            active=Count("pk", filter=~completed_in_year),
            completed=Count("pk", filter=completed_in_year),
        )
    )
    return {row["organization_id"]: row for row in rows}


def _feedback_counts(ids: list[int], academic_year: int) -> dict[int, dict]:
    """Per organization: held meetings of the year, and those with feedback from every mentee."""
    start, end = year_bounds(academic_year)
    mentee_without_feedback = PairingMember.objects.filter(pairing_id=OuterRef("pairing_id")).exclude(
        Exists(
            Feedback.objects.filter(
                meeting_id=OuterRef(OuterRef("pk")), participant_id=OuterRef("mentee__participant_id")
            )
        )
    )
    rows = (
        Meeting.objects.filter(
            organization_id__in=ids, status=Meeting.Status.HELD, starts_at__gte=start, starts_at__lt=end
        )
        .values("organization_id")
        .annotate(
            held=Count("pk"),
            covered=Count("pk", filter=~Q(Exists(mentee_without_feedback))),
        )
    )
    return {row["organization_id"]: row for row in rows}


def _satisfaction(ids: list[int], academic_year: int) -> dict[tuple[int, str], dict]:
    """Per organization and side: mean of the satisfaction scales rescaled to 1–10, and respondents."""
    start, end = year_bounds(academic_year)
    value = Cast("value", FloatField())
    rescaled = 1 + 9 * (value - F("question__scale_min")) / (
        F("question__scale_max") - F("question__scale_min")
    )
    result: dict[tuple[int, str], dict] = {}
    for side, purposes in (("mentees", MENTEE_SATISFACTION), ("mentors", MENTOR_SATISFACTION)):
        rows = (
            Answer.objects.filter(
                organization_id__in=ids,
                response__submitted_at__gte=start,
                response__submitted_at__lt=end,
                response__questionnaire__purpose__in=purposes,
                question__kind=QuestionKind.SCALE,
                question__scale_max__gt=F("question__scale_min"),
            )
            .exclude(value=None)
            .values("organization_id")
            .annotate(
                total=Count("pk"),
                score_sum=Sum(rescaled, output_field=FloatField()),
                respondents=Count("response__participant_id", distinct=True),
            )
        )
        for row in rows:
            result[(row["organization_id"], side)] = row
    return result


# ---------------------------------------------------------------------------------------------- targets


def milestones(
    roadmap: Iterable[tuple[int, float]], regional: Iterable[tuple[int, float]]
) -> dict[int, float]:
    """Year → figure; when both sources name a year, the higher figure (the stricter requirement)."""
    result: dict[int, float] = {}
    for year, figure in [*roadmap, *regional]:
        result[year] = max(figure, result.get(year, figure))
    return result


def expected_figure(points: dict[int, float], academic_year: int) -> float | None:
    """The figure expected in a year from its milestones (see the module docstring)."""
    if not points:
        return None
    years = sorted(points)
    if academic_year <= years[0]:
        return points[years[0]]
    if academic_year >= years[-1]:
        return points[years[-1]]
    for low, high in zip(years, years[1:], strict=False):
        if low <= academic_year <= high:
            share = (academic_year - low) / (high - low)
            return points[low] + share * (points[high] - points[low])
    return None  # pragma: no cover - the years cover the range


def target_status(
    value: float | None, points: dict[int, float], academic_year: int
) -> tuple[float | None, int | None, str]:
    """(target, target_year, status) of a value against its milestones."""
    if not points:
        return None, None, NO_DATA if value is None else NO_TARGET
    later = [year for year in sorted(points) if year >= academic_year]
    target_year = later[0] if later else max(points)
    target = points[target_year]
    if value is None:
        return target, target_year, NO_DATA
    expected = expected_figure(points, academic_year)
    status = ON_TRACK if expected is not None and value + 1e-9 >= expected else BEHIND
    return target, target_year, status


def _targets(ids: list[int]) -> dict[tuple[int, str], dict[int, float]]:
    roadmap: dict[tuple[int, str], list[tuple[int, float]]] = defaultdict(list)
    rows = ProgrammeTarget.objects.filter(organization_id__in=ids, by__isnull=False).exclude(
        indicator_code=""
    )
    for org_id, code, by, percent in rows.values_list("organization_id", "indicator_code", "by", "percent"):
        roadmap[(org_id, code)].append((academic_year_of(by), float(percent)))
    regions = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "municipality__region_id"))
    ladder: dict[tuple[int, str], list[tuple[int, float]]] = defaultdict(list)
    for region_id, code, year, percent in RegionalTarget.objects.filter(
        region_id__in={r for r in regions.values() if r is not None}
    ).values_list("region_id", "code", "academic_year", "percent"):
        ladder[(region_id, code)].append((year, float(percent)))
    result: dict[tuple[int, str], dict[int, float]] = {}
    for org_id in ids:
        for code in CODES:
            points = milestones(roadmap.get((org_id, code), ()), ladder.get((regions.get(org_id), code), ()))
            if points:
                result[(org_id, code)] = points
    return result


# ---------------------------------------------------------------------------------------------- answers


def _share(numerator: int, denominator: int | None) -> float | None:
    if not denominator:
        return None
    return round(100 * numerator / denominator, 2)


def indicators_by_organization(
    organization_ids: Iterable[int], academic_year: int
) -> dict[int, list[Indicator]]:
    """The indicators of every given organization for the year, in CODES order; a bounded number of queries."""
    ids = sorted(set(organization_ids))
    if not ids:
        return {}
    with scopes_disabled():
        ranges = {
            row[0]: (row[1], row[2])
            for row in MonitoringSettings.objects.filter(organization_id__in=ids).values_list(
                "organization_id", "learners_age_from", "learners_age_to"
            )
        }
        contingents = {
            c.organization_id: c
            for c in Contingent.objects.filter(organization_id__in=ids, academic_year=academic_year)
        }
        people = _people_counts(ids, academic_year, ranges)
        pairings = _pairing_counts(ids, academic_year)
        feedback = _feedback_counts(ids, academic_year)
        satisfaction = _satisfaction(ids, academic_year)
        targets = _targets(ids)
    result: dict[int, list[Indicator]] = {}
    for org_id in ids:
        contingent = contingents.get(org_id)
        p = people.get(org_id, {})
        q = pairings.get(org_id, {})
        f = feedback.get(org_id, {})
        figures: dict[str, tuple[float | None, float | None, int | None]] = {}
        for code, numerator, denominator in (
            (
                codes.LEARNERS_INVOLVED,
                p.get("learners", 0),
                contingent.learners_in_age if contingent else None,
            ),
            (
                codes.YOUNG_SPECIALISTS_INVOLVED,
                p.get("young", 0),
                contingent.young_specialists_total if contingent else None,
            ),
            (
                codes.TEACHERS_MENTORING,
                q.get("teachers", 0),
                contingent.teachers_total if contingent else None,
            ),
            (codes.FEEDBACK_COVERAGE, f.get("covered", 0), f.get("held", 0) or None),
        ):
            value = _share(numerator, denominator)
            figures[code] = (value, numerator, denominator)
        for code, side in ((codes.SATISFACTION_MENTEES, "mentees"), (codes.SATISFACTION_MENTORS, "mentors")):
            row = satisfaction.get((org_id, side))
            if row and row["total"]:
                figures[code] = (round(row["score_sum"] / row["total"], 2), row["respondents"], None)
            else:
                figures[code] = (None, None, None)
        figures[codes.PAIRINGS_ACTIVE] = (q.get("active", 0), q.get("active", 0), None)
        figures[codes.PAIRINGS_COMPLETED] = (q.get("completed", 0), q.get("completed", 0), None)
        items = []
        for code in CODES:
            value, numerator, denominator = figures[code]
            target, target_year, status = target_status(
                None if value is None else float(value), targets.get((org_id, code), {}), academic_year
            )
            items.append(
                Indicator(
                    code=code,
                    title=gettext(codes.TITLES[code]),
                    value=None if value is None else float(value),
                    numerator=None if numerator is None else float(numerator),
                    denominator=denominator,
                    target=target,
                    target_year=target_year,
                    status=status,
                    is_share=code in codes.SHARE_CODES,
                )
            )
        result[org_id] = items
    return result


def organization_indicators(organization: Organization, academic_year: int) -> list[Indicator]:
    return indicators_by_organization([organization.pk], academic_year)[organization.pk]


def indicator_history(
    organization: Organization, years: Sequence[int]
) -> dict[str, list[tuple[int, float | None]]]:
    """code → [(year, value)] over the given years (one set of queries per year: a handful of years)."""
    history: dict[str, list[tuple[int, float | None]]] = {code: [] for code in CODES}
    for year in years:
        for item in organization_indicators(organization, year):
            history[item.code].append((year, item.value))
    return history
