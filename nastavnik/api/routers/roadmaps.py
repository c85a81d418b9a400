"""The roadmap: the current plan of an organization, and an activity's status with a comment.

The roadmap has the shape of the reader's JSON (`import_roadmap --format json`, `RoadmapDraft.to_dict`)
plus ids, statuses and what the live plan adds (completion date, overdue). Who may read and write is what
the pages check (roadmaps/views/common.py): programme staff read the roadmap; an activity is changed by
whoever may `roadmaps.update_activity` it (curation, administration, its responsible people).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from pydantic import Field

from nastavnik.accounts.permissions import organization_ids, require
from nastavnik.roadmaps import services
from nastavnik.roadmaps.models import (
    Activity,
    ActivityResponsible,
    ProgrammeTarget,
    Risk,
    Roadmap,
    Stage,
)
from nastavnik.roadmaps.queries import activity_queryset, current_roadmap

from ..common import organization, user_of
from ..errors import ERRORS
from ..schemas import MAX_ID, Text

router = Router(tags=["roadmap"])
Pk = Path(..., ge=1, le=MAX_ID)
Status = Literal["planned", "in_progress", "done", "cancelled"]


class DeadlineOut(Schema):
    text: str
    start: dt.date | None
    end: dt.date | None
    recurrence: str | None
    ongoing: bool


class ActivityOut(Schema):
    id: int
    number: str
    title: str
    description: str
    deadline: DeadlineOut
    responsible: list[str]
    result: str
    document: str
    status: Status
    completed_on: dt.date | None
    overdue: bool
    note: str


class StageOut(Schema):
    id: int
    number: str
    title: str
    deadline: DeadlineOut | None
    activities: list[ActivityOut]


class TargetOut(Schema):
    text: str
    percent: float
    by: dt.date | None


class RiskOut(Schema):
    risk: str
    mitigation: str


class RoadmapOut(Schema):
    id: int
    title: str
    organization: str
    academic_year: int
    targets: list[TargetOut]
    stages: list[StageOut]
    risks: list[RiskOut]
    warnings: list[str]


class RoadmapQuery(Schema):
    roadmap: int | None = Field(None, ge=1, le=MAX_ID, description="Another roadmap of the organization")


class ActivityIn(Schema):
    status: Status | None = None
    comment: Text(2000) = ""  # type: ignore[valid-type]
    completed_on: dt.date | None = None


def _deadline(obj: Stage | Activity) -> dict[str, Any]:
    return {
        "text": obj.deadline_text,
        "start": obj.deadline_start,
        "end": obj.deadline_end,
        "recurrence": obj.deadline_recurrence or None,
        "ongoing": obj.deadline_ongoing,
    }


def _activity(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "number": activity.number,
        "title": activity.title,
        "description": activity.description,
        "deadline": _deadline(activity),
        "responsible": [r.label for r in activity.responsible.all()],
        "result": activity.expected_result,
        "document": activity.proving_document,
        "status": activity.status,
        "completed_on": activity.completed_on,
        "overdue": activity.is_overdue,
        "note": activity.note,
    }


def _stage_deadline(stage: Stage) -> dict[str, Any] | None:
    empty = not (stage.deadline_text or stage.deadline_start or stage.deadline_end or stage.deadline_ongoing)
    return None if empty else _deadline(stage)


def roadmap_out(roadmap: Roadmap) -> dict[str, Any]:
    """The whole roadmap in six queries whatever its size."""
    stages = list(Stage.objects.filter(roadmap=roadmap).order_by("position", "id"))
    activities = (
        Activity.objects.with_overdue()
        .filter(roadmap=roadmap)
        .order_by("position", "id")
        .prefetch_related(
            Prefetch("responsible", queryset=ActivityResponsible.objects.order_by("position", "id"))
        )
    )
    by_stage: dict[int, list[dict[str, Any]]] = {s.pk: [] for s in stages}
    for activity in activities:
        by_stage[activity.stage_id].append(_activity(activity))
    targets = ProgrammeTarget.objects.filter(programme_id=roadmap.programme_id).order_by("position", "id")
    return {
        "id": roadmap.pk,
        "title": roadmap.title,
        "organization": roadmap.organization.short_name,
        "academic_year": roadmap.academic_year,
        "targets": [{"text": t.text, "percent": float(t.percent), "by": t.by} for t in targets],
        "stages": [
            {
                "id": s.pk,
                "number": s.number,
                "title": s.title,
                "deadline": _stage_deadline(s),
                "activities": by_stage[s.pk],
            }
            for s in stages
        ],
        "risks": [
            {"risk": r.risk, "mitigation": r.mitigation}
            for r in Risk.objects.filter(roadmap=roadmap).order_by("position", "id")
        ],
        "warnings": [str(w) for w in roadmap.warnings or []],
    }


@router.get(
    "/organizations/{slug}/roadmap",
    response={200: RoadmapOut, **ERRORS},
    summary="The current roadmap",
    description="Текущая дорожная карта организации (учебного года; иначе последняя): этапы, мероприятия "
    "со сроками, ответственными и статусами, целевые показатели и риски — в форме вывода "
    "`import_roadmap --format json` с идентификаторами. `?roadmap=id` — другая карта организации. "
    "404, если дорожной карты нет.",
)
def roadmap(request: HttpRequest, slug: str, query: Query[RoadmapQuery]) -> dict[str, Any]:
    org = organization(request, slug, "roadmaps.view_roadmap")
    found = current_roadmap(org, query.roadmap)
    if found is None or (query.roadmap is not None and found.pk != query.roadmap):
        raise Http404
    found.organization = org
    return roadmap_out(found)


def _load_activity(request: HttpRequest, pk: int) -> Activity:
    """The activity of one of the caller's organizations that they may update; 404 otherwise (also when
    they could see it but not change it: the page's rule)."""
    user = user_of(request)
    qs = activity_queryset().select_related("roadmap").filter(organization_id__in=organization_ids(user))
    activity: Activity = get_object_or_404(qs, pk=pk)
    require(user, "roadmaps.update_activity", activity)
    return activity


@router.patch(
    "/activities/{pk}",
    response={200: ActivityOut, **ERRORS},
    summary="Change an activity's status",
    description="Статус мероприятия и комментарий (добавляется к примечанию), как на странице мероприятия; "
    "«done» записывает дату выполнения (`completed_on`, по умолчанию сегодня). Кто может: куратор, "
    "рабочая группа, администрация и ответственные за мероприятие.",
)
def activity_status(request: HttpRequest, data: ActivityIn, pk: int = Pk) -> dict[str, Any]:
    user = user_of(request)
    activity = _load_activity(request, pk)
    comment = data.comment.strip()
    if data.status is None and not comment:
        raise ValidationError({"status": _("Укажите новый статус или комментарий.")})
    if data.completed_on is not None and data.status != "done":
        raise ValidationError({"completed_on": _("Дата выполнения указывается только со статусом done.")})
    try:
        with transaction.atomic():
            if data.status == "done":
                services.mark_done(activity, acting_user=user, completed_on=data.completed_on, note=comment)
            else:
                if comment:
                    services.append_note(activity, comment, acting_user=user)
                if data.status is not None:
                    services.set_status(activity, data.status, acting_user=user)
    except services.RoadmapError as exc:
        field = "completed_on" if data.completed_on is not None else "status"
        raise ValidationError({field: exc.message}) from exc
    return _activity(activity_queryset().get(pk=activity.pk))
