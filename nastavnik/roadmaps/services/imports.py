"""Writing a roadmap: from a read file or a template into the organization's programme, and removing it.

Everything is written in one transaction, so that a failing import leaves nothing behind. Responsible
labels are bound to users on the way (see `responsible.Binder`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from nastavnik.accounts.models import User
from nastavnik.core.history import set_history_user
from nastavnik.methodology.indicators import guess_code as guess_indicator_code
from nastavnik.organizations.models import Organization

from ..deadlines import Deadline, parse_deadline
from ..models import Activity, ActivityResponsible, Evidence, Programme, ProgrammeTarget, Risk, Roadmap, Stage
from ..reader import RoadmapDraft
from ..roadmap_templates import build_template, role_bindings, template_kinds
from .base import MAX_YEAR, MIN_YEAR, RoadmapError, clean_text, iso_date
from .responsible import Binder


def find_or_create_programme(
    organization: Organization,
    academic_year: int,
    *,
    acting_user: User | None,
    title: str = "",
    kind: str = "",
    goals: str = "",
) -> Programme:
    """The organization's programme covering `academic_year`, or a new one-year programme."""
    programme = (
        Programme.objects.filter(
            organization=organization,
            academic_year_from__lte=academic_year,
            academic_year_to__gte=academic_year,
        )
        .order_by("-academic_year_from", "-id")
        .first()
    )
    if programme is not None:
        return programme
    return Programme.objects.create(
        organization=organization,
        title=(title or f"Программа наставничества {organization.short_name}")[:500],
        kind=kind,
        period_start=date(academic_year, 9, 1),
        period_end=date(academic_year + 1, 8, 31),
        academic_year_from=academic_year,
        academic_year_to=academic_year,
        goals=goals,
        created_by=acting_user,
    )


def _deadline(value: object) -> Deadline | None:
    if isinstance(value, Deadline):
        return value
    if isinstance(value, dict):
        try:
            return Deadline.from_dict(value)
        except (TypeError, ValueError):
            return parse_deadline(str(value.get("text") or ""), None)
    return None


def import_roadmap(
    organization: Organization,
    draft: RoadmapDraft | dict[str, Any],
    *,
    acting_user: User | None,
    filename: str = "",
    bind_roles: dict[str, str] | None = None,
    programme_title: str = "",
    programme_kind: str = "",
) -> Roadmap:
    """Write a read (or template) roadmap into the organization in one transaction.

    The roadmap joins the programme that covers its school year, or a new programme is created.
    Responsible labels are bound to users when a label was bound before in this organization, names
    exactly one member («Иванова И.И.», «Иванова Ирина Ивановна»), or (for templates) names a role
    that exactly one member holds.
    """
    data = draft.to_dict(include_extra=True) if isinstance(draft, RoadmapDraft) else draft
    academic_year = data.get("academic_year")
    if not isinstance(academic_year, int) or not MIN_YEAR <= academic_year <= MAX_YEAR:
        raise RoadmapError(
            _("Не указан учебный год дорожной карты: укажите его (например, 2026 для 2026/27).")
        )
    stages_data = [s for s in data.get("stages") or [] if isinstance(s, dict)]
    if not any(s.get("activities") for s in stages_data):
        raise RoadmapError(_("В дорожной карте нет ни одного мероприятия: импортировать нечего."))
    approval = data.get("approval") or {}
    with transaction.atomic():
        programme = find_or_create_programme(
            organization,
            academic_year,
            acting_user=acting_user,
            title=programme_title,
            kind=programme_kind,
            goals="\n".join(clean_text(g) for g in data.get("goals") or []),
        )
        _add_targets(programme, data.get("targets") or [])
        roadmap = Roadmap(
            organization=organization,
            programme=programme,
            title=clean_text(data.get("title"))
            or f"Дорожная карта на {academic_year}/{academic_year + 1} учебный год",
            academic_year=academic_year,
            approved_by=clean_text(approval.get("approved_by"), 500),
            order_number=clean_text(approval.get("order_number"), 64),
            order_date=iso_date(approval.get("order_date")),
            source_filename=clean_text(filename, 255),
            warnings=[clean_text(w) for w in data.get("warnings") or []],
            created_by=acting_user,
        )
        set_history_user(roadmap, acting_user)
        roadmap.save()
        stages = _create_stages(roadmap, stages_data)
        _create_activities(roadmap, stages, stages_data, bind_roles or {}, acting_user)
        Risk.objects.bulk_create(
            [
                Risk(
                    organization=organization,
                    roadmap=roadmap,
                    position=i,
                    risk=clean_text(r.get("risk")),
                    mitigation=clean_text(r.get("mitigation")),
                )
                for i, r in enumerate(
                    r for r in data.get("risks") or [] if isinstance(r, dict) and r.get("risk")
                )
            ]
        )
    return roadmap


def _create_stages(roadmap: Roadmap, stages_data: list[dict[str, Any]]) -> list[Stage]:
    stages = []
    for position, s in enumerate(stages_data):
        stage = Stage(
            organization_id=roadmap.organization_id,
            roadmap=roadmap,
            position=position,
            number=clean_text(s.get("number"), 32),
            title=clean_text(s.get("title")) or "Этап",
            task=clean_text(s.get("description")),
            expected_result=clean_text(s.get("result")),
        )
        stage.set_deadline(_deadline(s.get("deadline")))
        stages.append(stage)
    return Stage.objects.bulk_create(stages)


def _create_activities(
    roadmap: Roadmap,
    stages: list[Stage],
    stages_data: list[dict[str, Any]],
    bind_roles: dict[str, str],
    acting_user: User | None,
) -> None:
    """The activities of every stage with their responsible rows, bound to users where the label says who."""
    activities: list[Activity] = []
    labels_of: list[list[str]] = []
    for stage, s in zip(stages, stages_data, strict=True):
        for index, a in enumerate(s.get("activities") or [], start=1):
            activity = Activity(
                organization_id=roadmap.organization_id,
                roadmap=roadmap,
                stage=stage,
                position=len(activities),
                number=clean_text(a.get("number"), 32) or _missing_number(stage.number, index),
                title=clean_text(a.get("title")) or "Мероприятие",
                description=clean_text(a.get("description")),
                expected_result=clean_text(a.get("result")),
                proving_document=clean_text(a.get("document"), 500),
            )
            activity.set_deadline(_deadline(a.get("deadline")))
            activities.append(activity)
            labels = (clean_text(label, 500) for label in a.get("responsible") or [])
            labels_of.append(list(dict.fromkeys(label for label in labels if label)))
    activities = bulk_create_with_history(activities, Activity, batch_size=500, default_user=acting_user)
    binder = Binder(roadmap.organization, {label for labels in labels_of for label in labels}, bind_roles)
    rows = [
        ActivityResponsible(
            organization_id=roadmap.organization_id,
            activity=activity,
            position=i,
            label=label,
            user_id=binder.user_id(label),
        )
        for activity, labels in zip(activities, labels_of, strict=True)
        for i, label in enumerate(labels)
    ]
    bulk_create_with_history(rows, ActivityResponsible, batch_size=500, default_user=acting_user)


def _missing_number(stage_number: str, index: int) -> str:
    """A line without a number gets «<stage>.<n>», so that it can be referred to and exported."""
    stage_number = stage_number.strip().rstrip(".")
    return f"{stage_number}.{index}" if stage_number else str(index)


def _add_targets(programme: Programme, targets: list[dict[str, Any]]) -> None:
    existing = set(programme.targets.values_list("text", flat=True))
    rows = []
    for target in targets:
        text = clean_text(target.get("text"))
        try:
            percent = Decimal(str(target.get("percent")))
        except (InvalidOperation, ValueError):
            continue
        if not text or text in existing or not Decimal(0) <= percent <= Decimal(100):
            continue
        existing.add(text)
        rows.append(
            ProgrammeTarget(
                organization_id=programme.organization_id,
                programme=programme,
                position=len(existing),
                text=text,
                percent=percent,
                by=iso_date(target.get("by")),
                indicator_code=guess_indicator_code(text),
            )
        )
    ProgrammeTarget.objects.bulk_create(rows)


def _delete_files(files: list[FieldFile]) -> None:
    for file in files:
        if file.name:
            file.storage.delete(file.name)


def create_programme_from_template(
    organization: Organization, *, academic_year: int, kind: str, acting_user: User | None, title: str = ""
) -> Roadmap:
    """A new programme (or the one covering the year) with a roadmap built from the kind's template."""
    if kind not in dict(template_kinds()):
        raise RoadmapError(_("Нет шаблона для такого типа организации."))
    if not MIN_YEAR <= academic_year <= MAX_YEAR:
        raise RoadmapError(_("Учебный год указан неверно."))
    if Roadmap.objects.filter(organization=organization, academic_year=academic_year).exists():
        raise RoadmapError(
            _("Дорожная карта на %(year)s учебный год уже есть.")
            % {"year": f"{academic_year}/{(academic_year + 1) % 100:02d}"}
        )
    return import_roadmap(
        organization,
        build_template(kind, academic_year),
        acting_user=acting_user,
        bind_roles=role_bindings(kind),
        programme_title=title,
        programme_kind=kind,
    )


def delete_roadmap(roadmap: Roadmap, *, acting_user: User | None) -> None:
    """Remove a roadmap (e.g. a wrong file was imported) with its stages, activities and proof; a
    programme left without roadmaps goes too. The roadmap's history records who removed it."""
    with transaction.atomic():
        programme = roadmap.programme
        files = [e.file for e in Evidence.objects.filter(activity__roadmap=roadmap).exclude(file="")]
        set_history_user(roadmap, acting_user)
        roadmap.delete()
        if not programme.roadmaps.exists():
            programme.delete()
        transaction.on_commit(lambda: _delete_files(files))
