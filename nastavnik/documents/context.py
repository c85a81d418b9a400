"""Context builders, one per kind of document: the read side (no writes, never imports services).

Each takes the organization and the build `Options` and returns a dict of exactly the registry's placeholders
(`registry.conform` checks it before rendering). Figures are computed with grouped queries — a bounded number
whatever the size of the organization (the annual report of 2,000 pairings is a benchmark:
bench/bench_documents.py) — and formatted as Russian text here, so templates only place them.

Privacy: the annual report and the monitoring note go to the director and the region, so their builders read
counts only, never a participant's name (a test searches the document for the names of minors). The rewards
order and the certificates name the people the curator chose; a person whose consent was revoked is never
offered (documents.forms) nor printed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from nastavnik.accounts.models import Membership, Role
from nastavnik.mentoring.models import Feedback, Meeting, Pairing, PairingMember
from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import MenteeProfile, MentorProfile, Participant
from nastavnik.participants.queries import annotate_consent, minor_q
from nastavnik.roadmaps.models import OPEN_STATUSES, Activity, ActivityStatus, Roadmap, Stage

from .names import dative_name
from .rendering import format_number

DEFAULT_REWARD = "Объявить благодарность"
NO_MEETING = "встреч ещё не было"
STATUS_LABELS = {
    "on_track": "достигнут",
    "behind": "отстаёт",
    "no_target": "цель не задана",
    "no_data": "нет данных",
}


@dataclass(frozen=True)
class Options:
    """What the build form (or the command line) chose; stored as JSON on a GeneratedDocument."""

    year: int
    date: dt.date | None = None
    number: str = ""
    reward: str = DEFAULT_REWARD
    mentors: tuple[int, ...] = ()
    mentees: tuple[int, ...] = ()
    cases: str = ""
    plans: str = ""
    recommendations: str = ""

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        data["mentors"], data["mentees"] = list(self.mentors), list(self.mentees)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Options:
        values = dict(data)
        values["date"] = dt.date.fromisoformat(values["date"]) if values.get("date") else None
        values["mentors"] = tuple(int(x) for x in values.get("mentors") or ())
        values["mentees"] = tuple(int(x) for x in values.get("mentees") or ())
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})

    @property
    def document_date(self) -> dt.date:
        return self.date or timezone.localdate()


# --- shared pieces -------------------------------------------------------------------------------------------


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The academic year `year` (2025 = 2025/26) as [1 September, next 1 September) in the current time zone."""
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 9, 1, tzinfo=tz), dt.datetime(year + 1, 9, 1, tzinfo=tz)


def year_label(year: int) -> str:
    return f"{year}/{year + 1}"


def initials_first(user: Any) -> str:
    """ "Е.П. Кузнецова": the form of a signature line."""
    initials = "".join(f"{part[0]}." for part in (user.first_name, user.patronymic) if part)
    return f"{initials} {user.last_name}".strip()


@dataclass
class Staff:
    director: Any = None
    curator: Any = None
    curator_position: str = ""
    working_group: list[dict[str, str]] = field(default_factory=list)


def staff(organization: Organization) -> Staff:
    """The director, the curator and the working group from the organization's accounts (one query)."""
    found = Staff()
    memberships = (
        Membership.objects.filter(
            organization=organization, role__in=[Role.DIRECTOR, Role.CURATOR, Role.WORKING_GROUP]
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for membership in memberships:
        if not membership.user.is_active:
            continue
        if membership.role == Role.DIRECTOR and found.director is None:
            found.director = membership.user
        elif membership.role == Role.CURATOR and found.curator is None:
            found.curator, found.curator_position = membership.user, membership.position
        elif membership.role == Role.WORKING_GROUP:
            found.working_group.append(
                {"name": membership.user.get_full_name(), "position": membership.position or "—"}
            )
    return found


def common(organization: Organization, options: Options, people: Staff) -> dict[str, Any]:
    municipality = organization.municipality
    return {
        "organization": {
            "full_name": organization.full_name,
            "short_name": organization.short_name,
            "address": organization.address,
            "site": organization.site,
            "kind": organization.get_kind_display(),
            "municipality": municipality.name,
            "region": municipality.region.name,
        },
        "director": initials_first(people.director) if people.director else "",
        "curator": initials_first(people.curator) if people.curator else "",
        "date": f"{options.document_date:%d.%m.%Y}",
        "year": year_label(options.year),
    }


def pairings_of_year(organization: Organization, year: int) -> QuerySet[Pairing]:
    """Pairings that worked during the academic year: approved (or formed) before its end, not ended before its
    start, not cancelled."""
    start, end = year_bounds(year)
    return (
        Pairing.objects.filter(organization=organization)
        .exclude(status=Pairing.Status.CANCELLED)
        .annotate(began=Coalesce("approved_at", "created_at"))
        .filter(began__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start))
    )


# --- monitoring and indicators (the monitoring app; pictures from core.charts) -------------------------------


def _number(value: Any, digits: int = 2) -> str:
    return format_number(value, digits) if isinstance(value, int | float) or value is None else str(value)


AUDIENCES = {"mentee": "наставляемые", "mentor": "наставники"}


def _growth_row(title: str, group: str, change: Mapping[str, Any]) -> dict[str, str]:
    return {
        "title": title,
        "group": group,
        "n": _number(change.get("n"), 0),
        "before": _number(change.get("mean_before")),
        "after": _number(change.get("mean_after")),
        "change": _number(change.get("mean_change")),
        "effect_size": _number(change.get("effect_size")),
        "p_value": _number(change.get("p_value"), 3),
        "verdict": str(change.get("verdict") or ""),
    }


def monitoring_rows(organization: Organization, year: int) -> dict[str, list[Any]]:
    """Stage 1 and stage 2 of `monitoring.results.monitoring_results`, as the rows the templates place.

    Open answers are left out on purpose: they are free texts people typed and may name a child."""
    from nastavnik.monitoring.results import monitoring_results

    results = monitoring_results(organization, year)
    stage1 = results.get("stage1") or {}
    questionnaires = stage1.get("questionnaires") or ()
    response_rates = [
        {
            "title": str(q.get("title", "")),
            "invited": _number(q.get("invited"), 0),
            "answered": _number(q.get("submitted"), 0),
            "percent": _number(q.get("response_rate"), 1),
        }
        for q in questionnaires
    ]
    satisfaction = []
    for q in questionnaires:
        for item in q.get("items") or ():
            yes_no = item.get("kind") == "yes_no"
            mean = item.get("mean")
            satisfaction.append(
                {
                    "title": f"{item.get('question', '')} ({q.get('title', '')})",
                    "mean": f"{_number(mean, 1)} % «да»" if yes_no and mean is not None else _number(mean),
                    "sd": _number(item.get("sd")),
                    "n": _number(item.get("n"), 0),
                }
            )
    growth = [
        _growth_row(
            str(row.get("item", "")),
            f"{AUDIENCES.get(row.get('audience', ''), '')}: ожидания → результаты",
            row.get("paired") or {},
        )
        for row in stage1.get("expectations_vs_results") or ()
    ]
    growth += [
        _growth_row(str(row.get("title", "")), str(row.get("group", "")), row)
        for row in (results.get("stage2") or {}).get("measures") or ()
    ]
    return {"response_rates": response_rates, "satisfaction": satisfaction, "growth": growth}


def _indicator_value(indicator: Any) -> str:
    if indicator.value is None:
        return "—"
    if indicator.is_share:
        return f"{format_number(indicator.value, 1)} %"
    if indicator.code.startswith("pairings_"):
        return str(int(indicator.value))
    return format_number(indicator.value, 2)


def indicator_rows(organization: Organization, year: int) -> tuple[list[dict[str, str]], bytes | None]:
    """The indicators against their targets and a bar chart of the shares with their targets (PNG)."""
    from nastavnik.monitoring.indicators import organization_indicators

    indicators = organization_indicators(organization, year)
    rows = [
        {
            "title": i.title,
            "value": _indicator_value(i),
            "target": f"{format_number(i.target, 1)} %" if i.target is not None else "",
            "status": STATUS_LABELS.get(i.status, i.status),
        }
        for i in indicators
    ]
    bars: list[tuple[str, float | None]] = []
    for i in indicators:
        if i.is_share:
            bars.append((i.title, i.value))
            if i.target is not None:
                bars.append((f"{i.title} — цель", i.target))
    return rows, _chart_png(bars, year) if bars else None


def _chart_png(bars: Sequence[tuple[str, float | None]], year: int) -> bytes:
    from nastavnik.core.charts import bar_chart, svg_to_png

    svg = bar_chart(bars, title=f"Показатели {year_label(year)} против целей", unit="%", max_value=100)
    return svg_to_png(svg, width=1200)


def conclusions(monitoring: Mapping[str, list[Any]], indicators: Iterable[Mapping[str, str]]) -> list[str]:
    """Sentences the note draws from the figures (the curator edits the Word file as they see fit)."""
    lines = [f"{g['title']} ({g['group']}): {g['verdict']}." for g in monitoring["growth"] if g["verdict"]]
    behind = [i["title"] for i in indicators if i["status"] == STATUS_LABELS["behind"]]
    reached = [i["title"] for i in indicators if i["status"] == STATUS_LABELS["on_track"]]
    if reached:
        lines.append("Целевые значения достигнуты: " + "; ".join(reached) + ".")
    if behind:
        lines.append("Отстают от целевых значений: " + "; ".join(behind) + ".")
    if not lines:
        lines.append("Данных мониторинга за учебный год недостаточно для выводов.")
    return lines


# --- the annual report ---------------------------------------------------------------------------------------


def _roadmap(organization: Organization, year: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    roadmap = (
        Roadmap.objects.filter(organization=organization, academic_year=year)
        .order_by("-created_at", "-pk")
        .first()
    )
    empty = {"title": "дорожная карта на учебный год не загружена", "total": 0, "done": 0}
    if roadmap is None:
        return {**empty, "in_progress": 0, "overdue": 0, "percent": "0"}, []
    today = timezone.localdate()
    summary = Activity.objects.filter(roadmap=roadmap).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=ActivityStatus.DONE)),
        in_progress=Count("id", filter=Q(status=ActivityStatus.IN_PROGRESS)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, deadline_end__lt=today)),
    )
    percent = format_number(100 * summary["done"] / summary["total"], 0) if summary["total"] else "0"
    stages = [
        {"title": str(stage), "total": stage.n_total, "done": stage.n_done}
        for stage in Stage.objects.filter(roadmap=roadmap)
        .annotate(
            n_total=Count("activities"),
            n_done=Count("activities", filter=Q(activities__status=ActivityStatus.DONE)),
        )
        .order_by("position", "pk")
    ]
    return {"title": roadmap.title, **summary, "percent": percent}, stages


def _bases(organization: Organization) -> dict[str, int]:
    mentees = MenteeProfile.objects.filter(organization=organization).aggregate(
        mentees=Count("pk"),
        mentees_minors=Count("pk", filter=minor_q("participant__")),
        mentees_matched=Count("pk", filter=Q(status=MenteeProfile.Status.MATCHED)),
    )
    mentors = MentorProfile.objects.filter(organization=organization).aggregate(
        mentors=Count("pk"),
        mentors_register=Count("pk", filter=Q(status__in=MentorProfile.REGISTER_STATUSES)),
        mentors_trained=Count("pk", filter=Q(trainings__isnull=False), distinct=True),
    )
    return {**mentees, **mentors}


def _pairings(organization: Organization, year: int) -> dict[str, Any]:
    pairings = pairings_of_year(organization, year)
    by_form: dict[str, Counter[str]] = defaultdict(Counter)
    for title, status, n in (
        pairings.order_by()
        .values_list("form__title", "status")
        .annotate(n=Count("pk"))
        .order_by("form__title")
    ):
        by_form[title][status] += n
    forms = [
        {
            "form": title,
            "active": counts[Pairing.Status.ACTIVE],
            "completed": counts[Pairing.Status.COMPLETED],
            "ended_early": counts[Pairing.Status.ENDED_EARLY],
            "total": sum(counts.values()),
        }
        for title, counts in sorted(by_form.items())
    ]
    start, end = year_bounds(year)
    in_year = Q(starts_at__gte=start, starts_at__lt=end)
    # The stage of each active pairing: the kind of its last held meeting (one pass over the held meetings).
    last: dict[int, tuple[dt.datetime, str]] = {}
    active = pairings.filter(status=Pairing.Status.ACTIVE)
    for pairing_id, starts_at, kind in (
        Meeting.objects.filter(
            organization=organization, status=Meeting.Status.HELD, pairing__status=Pairing.Status.ACTIVE
        )
        .filter(
            Q(pairing__approved_at__lt=end)
            | Q(pairing__approved_at__isnull=True, pairing__created_at__lt=end)
        )
        .order_by()
        .values_list("pairing_id", "starts_at", "kind")
    ):
        if pairing_id not in last or starts_at >= last[pairing_id][0]:
            last[pairing_id] = (starts_at, kind)
    stage_counts = Counter(kind for _when, kind in last.values())
    n_active = active.count()
    labels = dict(Meeting.Kind.choices)
    stages = [
        {"stage": str(labels[k]), "count": stage_counts[k]} for k in Meeting.Kind.values if stage_counts[k]
    ]
    if n_active - len(last):
        stages.append({"stage": NO_MEETING, "count": n_active - len(last)})
    meetings = Meeting.objects.filter(in_year, organization=organization).aggregate(
        held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
        scheduled=Count("pk", filter=Q(status=Meeting.Status.SCHEDULED)),
        cancelled=Count("pk", filter=Q(status__in=[Meeting.Status.CANCELLED, Meeting.Status.MISSED])),
    )
    # Mentees' feedback of the year's meetings: two one-table queries merged here. A join of feedback with
    # meetings filtered by date made PostgreSQL, before its statistics caught up with a bulk load, loop for 10 s.
    year_meetings = set(
        Meeting.objects.filter(in_year, organization=organization).values_list("pk", flat=True)
    )
    n = usefulness_sum = comfort_sum = 0
    for meeting_id, count, usefulness, comfort in (
        Feedback.objects.filter(organization=organization, is_mentor=False)
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"), u=Sum("usefulness"), c=Sum("comfort"))
        .values_list("meeting_id", "n", "u", "c")
    ):
        if meeting_id in year_meetings:
            n, usefulness_sum, comfort_sum = n + count, usefulness_sum + usefulness, comfort_sum + comfort
    feedback = {
        "n": n,
        "usefulness": usefulness_sum / n if n else None,
        "comfort": comfort_sum / n if n else None,
    }
    return {
        "pairings_by_form": forms,
        "pairings_by_stage": stages,
        "pairings_total": sum(row["total"] for row in forms),
        "meetings": {
            **meetings,
            "feedback": feedback["n"],
            "usefulness": format_number(feedback["usefulness"], 1),
            "comfort": format_number(feedback["comfort"], 1),
        },
    }


def annual_report(organization: Organization, options: Options) -> dict[str, Any]:
    people = staff(organization)
    roadmap, stages = _roadmap(organization, options.year)
    monitoring = monitoring_rows(organization, options.year)
    indicators, chart = indicator_rows(organization, options.year)
    return {
        **common(organization, options, people),
        "roadmap": roadmap,
        "stages": stages,
        "bases": _bases(organization),
        **_pairings(organization, options.year),
        **monitoring,
        "indicators": indicators,
        "indicators_chart": chart,
        "cases": options.cases.strip() or "—",
        "plans": options.plans.strip() or "—",
    }


def monitoring_note(organization: Organization, options: Options) -> dict[str, Any]:
    people = staff(organization)
    monitoring = monitoring_rows(organization, options.year)
    indicators, chart = indicator_rows(organization, options.year)
    return {
        **common(organization, options, people),
        **monitoring,
        "indicators": indicators,
        "indicators_chart": chart,
        "conclusions": conclusions(monitoring, indicators),
        "recommendations": options.recommendations.strip() or "—",
    }


# --- documents that name people ------------------------------------------------------------------------------


def _position(participant: Participant) -> str:
    return participant.subject or str(participant.get_category_display())


def chosen_mentors(organization: Organization, ids: Iterable[int]) -> list[MentorProfile]:
    """The chosen mentors of this organization with a valid consent (others are silently dropped: the form
    offers only those)."""
    return _chosen(MentorProfile, organization, ids)


def chosen_mentees(organization: Organization, ids: Iterable[int]) -> list[MenteeProfile]:
    return _chosen(MenteeProfile, organization, ids)


_Profile = TypeVar("_Profile", MentorProfile, MenteeProfile)


def _chosen(model: type[_Profile], organization: Organization, ids: Iterable[int]) -> list[_Profile]:
    qs = annotate_consent(
        model.objects.filter(organization=organization, pk__in=list(ids)).select_related("participant"),
        prefix="participant__",
    ).filter(annotated_revoked_at__isnull=True)
    return sorted(qs, key=lambda m: (m.participant.last_name, m.participant.first_name, m.pk))


def rewards_order(organization: Organization, options: Options) -> dict[str, Any]:
    people = staff(organization)
    mentors = chosen_mentors(organization, options.mentors)
    ids = [m.pk for m in mentors]
    pairings = pairings_of_year(organization, options.year).filter(mentor_id__in=ids)
    n_pairings = Counter(pairings.values_list("mentor_id", flat=True))
    n_mentees = Counter(
        PairingMember.objects.filter(pairing__in=pairings.values("pk")).values_list(
            "pairing__mentor_id", flat=True
        )
    )
    start, end = year_bounds(options.year)
    n_meetings = Counter(
        Meeting.objects.filter(
            pairing__in=pairings.values("pk"),
            status=Meeting.Status.HELD,
            starts_at__gte=start,
            starts_at__lt=end,
        ).values_list("pairing__mentor_id", flat=True)
    )
    return {
        **common(organization, options, people),
        "number": options.number,
        "reward": options.reward.strip() or DEFAULT_REWARD,
        "mentors": [
            {
                "number": str(n),
                "name": m.participant.full_name,
                "position": _position(m.participant),
                "pairings": n_pairings[m.pk],
                "mentees": n_mentees[m.pk],
                "meetings": n_meetings[m.pk],
            }
            for n, m in enumerate(mentors, start=1)
        ],
    }


def certificates(organization: Organization, options: Options) -> dict[str, Any]:
    people = staff(organization)
    ctx = common(organization, options, people)
    where = f"{organization.short_name} в {year_label(options.year)} учебном году"
    forms = dict(
        pairings_of_year(organization, options.year).order_by("pk").values_list("mentor_id", "form__title")
    )
    member_forms = dict(
        PairingMember.objects.filter(pairing__in=pairings_of_year(organization, options.year).values("pk"))
        .order_by("pk")
        .values_list("mentee_id", "pairing__form__title")
    )
    rows: list[dict[str, str]] = []
    for mentor in chosen_mentors(organization, options.mentors):
        p = mentor.participant
        rows.append(
            {
                "name": p.full_name,
                "name_dative": dative_name(p.last_name, p.first_name, p.patronymic, p.gender),
                "role": "наставник",
                "heading": "БЛАГОДАРСТВЕННОЕ ПИСЬМО",
                "text": f"за активное участие в программе наставничества {where}, профессионализм, "
                "терпение и личный вклад в развитие наставляемых",
                "form": forms.get(mentor.pk, ""),
            }
        )
    for mentee in chosen_mentees(organization, options.mentees):
        p = mentee.participant
        rows.append(
            {
                "name": p.full_name,
                "name_dative": p.full_name,
                "role": "наставляемый",
                "heading": "СЕРТИФИКАТ УЧАСТНИКА",
                "text": f"подтверждает участие в программе наставничества {where} в качестве наставляемого",
                "form": member_forms.get(mentee.pk, ""),
            }
        )
    return {**ctx, "page_break": "", "people": rows}


# --- starting points: the regulation and the curator's order -------------------------------------------------


def organization_forms(organization: Organization) -> list[str]:
    """The forms of mentoring the organization uses (in pairings or in the base), else all it may use."""
    used = MentoringForm.objects.filter(
        Exists(Pairing.objects.filter(organization=organization, form=OuterRef("pk")))
        | Exists(MenteeProfile.objects.filter(organization=organization, form=OuterRef("pk")))
    )
    forms = (
        used
        if used.exists()
        else MentoringForm.objects.filter(
            Q(organization__isnull=True) | Q(organization=organization), is_active=True
        )
    )
    return list(forms.order_by("position", "title").values_list("title", flat=True))


def regulation(organization: Organization, options: Options) -> dict[str, Any]:
    people = staff(organization)
    return {
        **common(organization, options, people),
        "number": options.number or "____",
        "forms": organization_forms(organization),
        "working_group": people.working_group,
    }


def curator_order(organization: Organization, options: Options) -> dict[str, Any]:
    people = staff(organization)
    return {
        **common(organization, options, people),
        "number": options.number or "____",
        "curator_full": people.curator.get_full_name() if people.curator else "________________",
        "curator_position": people.curator_position or "заместитель директора",
        "working_group": people.working_group,
    }
