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

from django.db import connection
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, QuerySet, Sum, Value, When
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
    return _pairings_of_years(organization_ids, [academic_year])


def _of_year(academic_year: int, ended: str = "ended_at") -> Q:
    """A pairing of the year: started (the alias `started`) before its end, not ended before its start (`ended`
    names the pairing's `ended_at` from the queried model). The status is `_pairings_of_years`' filter."""
    start, end = year_bounds(academic_year)
    return Q(started__lt=end) & (Q(**{f"{ended}__isnull": True}) | Q(**{f"{ended}__gte": start}))


def _pairings_of_years(organization_ids: Iterable[int], years: Sequence[int]) -> QuerySet[Pairing]:
    """The pairings of any of the years (one year: `year_pairings`), with the alias `started`."""
    in_any = Q()
    for year in years:
        in_any |= _of_year(year)
    return (
        Pairing.objects.filter(
            organization_id__in=list(organization_ids),
            status__in=(Pairing.Status.ACTIVE, Pairing.Status.COMPLETED),
        )
        .alias(started=Coalesce("approved_at", "created_at"))
        .filter(in_any)
    )


# ---------------------------------------------------------------------------------------------- figures


def _in_year(years: Sequence[int], year: int, condition: Q) -> Q:
    """`condition` for the rows of `year` when several years are counted at once (one year: all rows are)."""
    return condition if len(years) == 1 else condition & _of_year(year, "pairing__ended_at")


def _people_counts(
    ids: list[int], years: Sequence[int], ranges: dict[int, tuple[int, int]]
) -> dict[tuple[int, int], dict[str, Any]]:
    """Per organization and year: learners in age and young specialists who are mentees of a pairing of the
    year (one query for all the years: a conditional count per year)."""
    by_range: dict[tuple[int, int], list[int]] = defaultdict(list)
    for org_id in ids:
        by_range[ranges.get(org_id, (DEFAULT_AGE_FROM, DEFAULT_AGE_TO))].append(org_id)
    # The most common range needs no list of organizations (a 1,000-id IN list evaluated on every row of a
    # region costs seconds); the organizations with other ranges are named, and left out of the common one.
    groups = sorted(by_range.items(), key=lambda item: -len(item[1]))
    young = Q(mentee__participant__category=Participant.Category.YOUNG_SPECIALIST) | Q(
        mentee__participant__category=Participant.Category.TEACHER,
        mentee__participant__experience_years__lte=YOUNG_SPECIALIST_MAX_EXPERIENCE,
    )
    counts: dict[str, Count] = {}
    for year in years:
        (common_from, common_to), _common = groups[0]
        others = [org_id for _range, org_ids in groups[1:] for org_id in org_ids]
        low, high = _birth_range(year, common_from, common_to)
        in_age = Q(mentee__participant__birth_date__gt=low, mentee__participant__birth_date__lte=high)
        if others:
            in_age &= ~Q(organization_id__in=others)
        for (age_from, age_to), org_ids in groups[1:]:
            low, high = _birth_range(year, age_from, age_to)
            in_age |= Q(
                organization_id__in=org_ids,
                mentee__participant__birth_date__gt=low,
                mentee__participant__birth_date__lte=high,
            )
        learner = Q(mentee__participant__category__in=LEARNER_CATEGORIES) & in_age
        counts[f"learners_{year}"] = Count(
            "mentee__participant_id", filter=_in_year(years, year, learner), distinct=True
        )
        counts[f"young_{year}"] = Count(
            "mentee__participant_id", filter=_in_year(years, year, young), distinct=True
        )
    members = (
        PairingMember.objects.filter(pairing__in=_pairings_of_years(ids, years))
        .alias(started=Coalesce("pairing__approved_at", "pairing__created_at"))
        .values("organization_id")
        .annotate(**counts)
    )
    rows: list[dict[str, Any]] = [dict(row) for row in members]
    return {
        (row["organization_id"], year): {"learners": row[f"learners_{year}"], "young": row[f"young_{year}"]}
        for row in rows
        for year in years
    }


def _pairing_counts(ids: list[int], years: Sequence[int]) -> dict[tuple[int, int], dict[str, Any]]:
    """Per organization and year: teachers mentoring, pairings active through the year and completed within it."""
    counts: dict[str, Count] = {}
    for year in years:
        start, end = year_bounds(year)
        completed = Q(status=Pairing.Status.COMPLETED, ended_at__gte=start, ended_at__lt=end)
        of_year = Q() if len(years) == 1 else _of_year(year)
        teacher = Q(mentor__participant__category__in=TEACHER_CATEGORIES)
        counts[f"teachers_{year}"] = Count("mentor__participant_id", filter=of_year & teacher, distinct=True)
        counts[f"active_{year}"] = Count("pk", filter=of_year & ~completed)
        counts[f"completed_{year}"] = Count("pk", filter=of_year & completed)
    pairings = _pairings_of_years(ids, years).values("organization_id").annotate(**counts)
    rows: list[dict[str, Any]] = [dict(row) for row in pairings]
    return {
        (row["organization_id"], year): {
            name: row[f"{name}_{year}"] for name in ("teachers", "active", "completed")
        }
        for row in rows
        for year in years
    }


def _feedback_counts(ids: list[int], years: Sequence[int]) -> dict[tuple[int, int], dict[str, Any]]:
    """Per organization and year: held meetings of the year, and those with feedback from every mentee."""
    bounds = [(year, *year_bounds(year)) for year in years]
    # Hash joins of two grouped subqueries (mentees per pairing, mentees' feedback per meeting) instead of a
    # correlated NOT EXISTS per meeting: the region has tens of thousands of held meetings. The meetings of
    # every year are read at once, each given its year by a CASE.
    meeting, member, feedback = Meeting._meta.db_table, PairingMember._meta.db_table, Feedback._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    cases = " ".join("WHEN m.starts_at >= %s AND m.starts_at < %s THEN %s" for _year in years)
    sql = f"""
        SELECT m.organization_id, CASE {cases} END AS academic_year,
               COUNT(*), COUNT(CASE WHEN COALESCE(f.n, 0) >= pm.n THEN 1 END)
        FROM {meeting} m
        JOIN (SELECT pairing_id, COUNT(*) AS n FROM {member} WHERE organization_id IN ({marks}) GROUP BY pairing_id) pm
          ON pm.pairing_id = m.pairing_id
        LEFT JOIN (
            SELECT meeting_id, COUNT(DISTINCT participant_id) AS n FROM {feedback}
            WHERE organization_id IN ({marks}) AND is_mentor = %s GROUP BY meeting_id
        ) f ON f.meeting_id = m.id
        WHERE m.organization_id IN ({marks}) AND m.status = %s AND m.starts_at >= %s AND m.starts_at < %s
        GROUP BY m.organization_id, academic_year
    """
    params: list[Any] = [value for year, start, end in bounds for value in (start, end, year)]
    first, last = min(start for _y, start, _e in bounds), max(end for _y, _s, end in bounds)
    params += [*ids, *ids, False, *ids, str(Meeting.Status.HELD), first, last]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {
        (org_id, year): {"held": held, "covered": covered}
        for org_id, year, held, covered in rows
        if year is not None
    }


def _satisfaction(ids: list[int], years: Sequence[int]) -> dict[tuple[int, int, str], dict]:
    """Per organization, year and side: mean of the satisfaction scales rescaled to 1–10, and respondents."""
    bounds = [(year, *year_bounds(year)) for year in years]
    first, last = min(start for _y, start, _e in bounds), max(end for _y, _s, end in bounds)
    of_year = Case(
        *[
            When(response__submitted_at__gte=start, response__submitted_at__lt=end, then=Value(year))
            for year, start, end in bounds
        ],
        default=None,
        output_field=IntegerField(),
    )
    value = Cast("value", FloatField())
    rescaled = 1 + 9 * (value - F("question__scale_min")) / (
        F("question__scale_max") - F("question__scale_min")
    )
    result: dict[tuple[int, int, str], dict] = {}
    for side, purposes in (("mentees", MENTEE_SATISFACTION), ("mentors", MENTOR_SATISFACTION)):
        rows = (
            Answer.objects.filter(
                organization_id__in=ids,
                response__submitted_at__gte=first,
                response__submitted_at__lt=last,
                response__questionnaire__purpose__in=purposes,
                question__kind=QuestionKind.SCALE,
                question__scale_max__gt=F("question__scale_min"),
            )
            .exclude(value=None)
            .annotate(academic_year=of_year)
            .values("organization_id", "academic_year")
            .annotate(
                total=Count("pk"),
                score_sum=Sum(rescaled, output_field=FloatField()),
                respondents=Count("response__participant_id", distinct=True),
            )
        )
        for row in rows:
            if row["academic_year"] is not None:
                result[(row["organization_id"], row["academic_year"], side)] = dict(row)
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
        if by is not None:
            roadmap[(org_id, code)].append((academic_year_of(by), float(percent)))
    regions: dict[int, int] = dict(
        Organization.objects.filter(pk__in=ids).values_list("pk", "municipality__region_id")
    )
    ladder: dict[tuple[int, str], list[tuple[int, float]]] = defaultdict(list)
    for region_id, code, year, percent in RegionalTarget.objects.filter(
        region_id__in={r for r in regions.values() if r is not None}
    ).values_list("region_id", "code", "academic_year", "percent"):
        ladder[(region_id, code)].append((year, float(percent)))
    result: dict[tuple[int, str], dict[int, float]] = {}
    for org_id in ids:
        for code in CODES:
            points = milestones(
                roadmap.get((org_id, code), ()), ladder.get((regions.get(org_id) or 0, code), ())
            )
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
    return indicators_over_years(organization_ids, [academic_year]).get(academic_year, {})


def indicators_over_years(
    organization_ids: Iterable[int], years: Sequence[int]
) -> dict[int, dict[int, list[Indicator]]]:
    """year → `indicators_by_organization` of that year, for several years in the same number of queries as one
    (each figure is one pass over the rows of all the years; targets and settings are read once)."""
    ids = sorted(set(organization_ids))
    years = sorted(set(years))
    if not ids or not years:
        return {}
    with scopes_disabled():
        ranges = {
            row[0]: (row[1], row[2])
            for row in MonitoringSettings.objects.filter(organization_id__in=ids).values_list(
                "organization_id", "learners_age_from", "learners_age_to"
            )
        }
        contingents = {
            (c.organization_id, c.academic_year): c
            for c in Contingent.objects.filter(organization_id__in=ids, academic_year__in=years)
        }
        people = _people_counts(ids, years, ranges)
        pairings = _pairing_counts(ids, years)
        feedback = _feedback_counts(ids, years)
        satisfaction = _satisfaction(ids, years)
        targets = _targets(ids)
    return {
        year: {
            org_id: _indicators_of(
                org_id,
                year,
                contingents.get((org_id, year)),
                people.get((org_id, year), {}),
                pairings.get((org_id, year), {}),
                feedback.get((org_id, year), {}),
                {side: satisfaction.get((org_id, year, side)) for side in ("mentees", "mentors")},
                targets,
            )
            for org_id in ids
        }
        for year in years
    }


def _indicators_of(
    org_id: int,
    academic_year: int,
    contingent: Contingent | None,
    p: dict[str, Any],
    q: dict[str, Any],
    f: dict[str, Any],
    satisfaction: dict[str, dict | None],
    targets: dict[tuple[int, str], dict[int, float]],
) -> list[Indicator]:
    """One organization's indicators of one year from the figures the queries gave."""
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
        row = satisfaction.get(side)
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
    return items


def organization_indicators(organization: Organization, academic_year: int) -> list[Indicator]:
    return indicators_by_organization([organization.pk], academic_year)[organization.pk]


def indicator_history(
    organization: Organization, years: Sequence[int]
) -> dict[str, list[tuple[int, float | None]]]:
    """code → [(year, value)] over the given years (one set of queries for all of them)."""
    history: dict[str, list[tuple[int, float | None]]] = {code: [] for code in CODES}
    by_year = indicators_over_years([organization.pk], years)
    for year in years:
        for item in by_year[year][organization.pk]:
            history[item.code].append((year, item.value))
    return history


def indicators_answer(organization: Organization, academic_year: int) -> dict[str, Any]:
    """The API's answer about an organization's indicators (also `manage.py indicators --format json`)."""
    return {
        "academic_year": academic_year,
        "items": [item.as_dict() for item in organization_indicators(organization, academic_year)],
    }
