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

from nastavnik.accounts.models import User
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
    roadmaps = Roadmap.objects.filter(organization=organization).select_related("programme")
    if roadmap_id is not None:
        chosen = roadmaps.filter(pk=roadmap_id).first()
        if chosen is not None:
            return chosen
    year = current_academic_year()
    return (
        roadmaps.filter(academic_year__lte=year).order_by("-academic_year", "-created_at", "-id").first()
        or roadmaps.order_by("academic_year", "-created_at", "-id").first()
    )


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
    qs = (
        activity_queryset(today, as_list=True)
        .filter(roadmap=roadmap)
        .order_by("stage__position", "position", "id")
    )
    return list(filter_activities(qs, filters, user, today))


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
