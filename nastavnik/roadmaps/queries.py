"""The read side of the roadmaps app: which roadmap a page shows, its activities filtered, the counts of
its header, a person's tasks and the responsible labels. It never writes and never imports the services."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from nastavnik.accounts.models import User, short_name
from nastavnik.organizations.models import Organization

from .deadlines import academic_year_of
from .models import (
    OPEN_STATUSES,
    Activity,
    ActivityQuerySet,
    ActivityResponsible,
    ActivityStatus,
    Evidence,
    Roadmap,
    month_bounds,
    responsible_display,
)


def current_academic_year(today: date | None = None) -> int:
    return academic_year_of(today or timezone.localdate())


@dataclass
class Filters:
    """What the roadmap page shows: GET parameters, validated (anything unknown is ignored)."""

    mine: bool = False
    overdue: bool = False
    month: bool = False
    stage: int | None = None
    status: str = ""
    view: str = "table"
    roadmap: int | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        def flag(name: str) -> bool:
            return query.get(name, "") in {"1", "on", "true", "yes"}

        def number(name: str) -> int | None:
            value = query.get(name, "")
            return int(value) if value.isdigit() and len(value) < 12 else None

        status = query.get("status", "")
        return cls(
            mine=flag("mine"),
            overdue=flag("overdue"),
            month=flag("month"),
            stage=number("stage"),
            status=status if status in ActivityStatus.values else "",
            view="timeline" if query.get("view") == "timeline" else "table",
            roadmap=number("roadmap"),
        )

    @property
    def any(self) -> bool:
        return self.mine or self.overdue or self.month or self.stage is not None or bool(self.status)


def current_roadmap(organization: Organization, roadmap_id: int | None = None) -> Roadmap | None:
    """The roadmap asked for, else the one of the current school year, else the latest."""
    return roadmap_choice(organization, roadmap_id)[0]


def roadmap_choice(
    organization: Organization, roadmap_id: int | None = None
) -> tuple[Roadmap | None, list[Roadmap]]:
    """`current_roadmap` and every roadmap of the organization (newest year first, for the page's selector),
    from one query: an organization has a roadmap a year."""
    roadmaps = list(
        Roadmap.objects.filter(organization=organization)
        .select_related("programme")
        .order_by("-academic_year", "-created_at", "-id")
    )
    if not roadmaps:
        return None, roadmaps
    chosen = next((r for r in roadmaps if r.pk == roadmap_id), None) if roadmap_id is not None else None
    if chosen is None:
        year = current_academic_year()
        chosen = next((r for r in roadmaps if r.academic_year <= year), None)
    if chosen is None:  # only future years: the earliest of them (its newest roadmap)
        earliest = roadmaps[-1].academic_year
        chosen = next(r for r in roadmaps if r.academic_year == earliest)
    return chosen, roadmaps


def _evidence_count() -> Coalesce:
    """Proofs of the activity, as a subquery: a join with GROUP BY over every selected column cost more."""
    counted = (
        Evidence.objects.filter(activity=OuterRef("pk")).order_by().values("activity").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


def activity_queryset(today: date | None = None, *, as_list: bool = False) -> ActivityQuerySet:
    """Activities with what every list shows: stage, responsible with users, proof count, overdue flag.

    With `as_list` the responsible people are a plain list, `responsible_list` (what the pages of many activities
    read: a prefetch into the related manager builds a queryset per activity, the most costly part of the page)."""
    return (
        Activity.objects.with_overdue(today)
        .select_related("stage", "organization")
        .prefetch_related(
            Prefetch(
                "responsible",
                queryset=ActivityResponsible.objects.select_related("user").order_by("position", "id"),
                to_attr="responsible_list" if as_list else None,
            )
        )
        .annotate(evidence_count=_evidence_count())
    )


def filter_activities(
    qs: ActivityQuerySet, filters: Filters, user: User, today: date | None = None
) -> ActivityQuerySet:
    today = today or timezone.localdate()
    if filters.mine:
        qs = qs.of_user(user)
    if filters.overdue:
        qs = qs.overdue(today)
    if filters.month:
        qs = qs.in_month(today)
    if filters.stage is not None:
        qs = qs.filter(stage_id=filters.stage)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


def roadmap_activities(
    roadmap: Roadmap, filters: Filters, user: User, today: date | None = None
) -> list[Activity]:
    """The roadmap's activities the filters select, with what a row shows: `overdue_flag`, `evidence_count`,
    `people` [(name, bound to a user)] and `responsible_user_ids` (what `Activity.is_related_user` reads).

    The responsible people are read as plain values in one more query: a prefetch (even into a list) built
    model objects and querysets per activity, a sixth of the page."""
    qs = (
        Activity.objects.with_overdue(today)
        .filter(roadmap=roadmap)
        .annotate(evidence_count=_evidence_count())
        .order_by("stage__position", "position", "id")
    )
    activities = list(filter_activities(qs, filters, user, today))
    people: dict[int, list[tuple[str, bool]]] = {}
    users: dict[int, set[int]] = {}
    rows = (
        ActivityResponsible.objects.filter(activity__roadmap=roadmap)
        .order_by("activity_id", "position", "id")
        .values_list(
            "activity_id", "label", "user_id", "user__last_name", "user__first_name", "user__patronymic"
        )
    )
    for activity_id, label, user_id, last_name, first_name, patronymic in rows:
        name = responsible_display(label, short_name(last_name, first_name, patronymic) if user_id else "")
        people.setdefault(activity_id, []).append((name, bool(user_id)))
        if user_id:
            users.setdefault(activity_id, set()).add(user_id)
    for activity in activities:
        activity.people = people.get(activity.pk, [])  # type: ignore[attr-defined]
        activity.responsible_user_ids = users.get(activity.pk, set())  # type: ignore[attr-defined]
    return activities


def summary_of(activities: list[Activity], today: date) -> dict[str, int]:
    """`roadmap_summary` counted from all the roadmap's activities already loaded (no filter)."""
    return {
        "total": len(activities),
        "done": sum(1 for a in activities if a.status == ActivityStatus.DONE),
        "overdue": sum(
            1
            for a in activities
            if a.status in OPEN_STATUSES and a.deadline_end is not None and a.deadline_end < today
        ),
    }


def roadmap_summary(roadmap: Roadmap, today: date | None = None) -> dict[str, int]:
    """Counts for the header: total, done, overdue — one query."""
    today = today or timezone.localdate()
    return Activity.objects.filter(roadmap=roadmap).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=ActivityStatus.DONE)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, deadline_end__lt=today)),
    )


def my_tasks(organization: Organization, user: User, today: date | None = None) -> dict[str, list[Activity]]:
    """The user's activities in all roadmaps of the organization: overdue, this month, later, done."""
    today = today or timezone.localdate()
    first, last = month_bounds(today)
    groups: dict[str, list[Activity]] = {"overdue": [], "month": [], "later": [], "done": []}
    qs = (
        activity_queryset(today, as_list=True)
        .filter(organization=organization)
        .of_user(user)
        .select_related("roadmap")
        .order_by(F("deadline_end").asc(nulls_last=True), "roadmap_id", "position", "id")
    )
    for activity in qs:
        if not activity.is_open:
            groups["done"].append(activity)
        elif activity.is_overdue:
            groups["overdue"].append(activity)
        elif (
            activity.deadline_end
            and activity.deadline_end >= first
            and (activity.deadline_start or activity.deadline_end) <= last
        ):
            groups["month"].append(activity)
        else:
            groups["later"].append(activity)
    return groups


def responsible_labels(organization: Organization) -> list[dict[str, Any]]:
    """Distinct labels of the organization with how many activities name them and who they are bound to."""
    rows = (
        ActivityResponsible.objects.filter(organization=organization)
        .values("label", "user_id")
        .annotate(total=Count("id"))
        .order_by("label", "user_id")
    )
    labels: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = labels.setdefault(row["label"], {"label": row["label"], "total": 0, "user_ids": set()})
        entry["total"] += row["total"]
        if row["user_id"]:
            entry["user_ids"].add(row["user_id"])
    return list(labels.values())
