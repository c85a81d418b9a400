"""Every write of the roadmaps app: import, templates, binding people, status and proof of activities.

Views, management commands, tasks and tests call these functions; each validates its input, checks the
permission when it is given a user (`require` answers 404) and writes in one transaction, so that a
failing import leaves nothing behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from nastavnik.accounts.models import Membership
from nastavnik.accounts.permissions import require
from nastavnik.core.uploads import ArchiveError, check_archive
from nastavnik.organizations.models import Organization

from .deadlines import Deadline, academic_year_of, parse_deadline
from .models import (
    OPEN_STATUSES,
    Activity,
    ActivityResponsible,
    ActivityStatus,
    DraftImport,
    Evidence,
    Programme,
    ProgrammeTarget,
    Risk,
    Roadmap,
    Stage,
    month_bounds,
)
from .people import match_person, name_keys
from .reader import RoadmapDraft, RoadmapReadError, read_roadmap
from .roadmap_templates import build_template, role_bindings, template_kinds

#: Proof documents people upload: office documents, PDF and photos of paper documents.
EVIDENCE_EXTENSIONS = frozenset(
    {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png", ".txt"}
)
EVIDENCE_MAX_SIZE = 10 * 1024 * 1024
ROADMAP_UPLOAD_EXTENSIONS = frozenset({".docx", ".xlsx", ".txt"})
ROADMAP_UPLOAD_MAX_SIZE = 10 * 1024 * 1024
MIN_YEAR, MAX_YEAR = 2000, 2100
#: An import draft the curator left unfinished is dropped after this many hours.
DRAFT_LIFETIME_HOURS = 24


class RoadmapError(ValueError):
    """A request the roadmaps app refuses; `message` is Russian and shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- reading


def current_academic_year(today: date | None = None) -> int:
    return academic_year_of(today or timezone.localdate())


def read_draft(
    source: Any, filename: str | None = None, academic_year: int | None = None, today: date | None = None
) -> RoadmapDraft:
    """Read a roadmap file; a document that names no school year is read for the current one (with a
    warning), so that its months still get dates. Raises the reader's `RoadmapReadError`."""
    if isinstance(source, str | os.PathLike) and not os.path.exists(source):
        raise RoadmapReadError(f"Файл «{PurePath(source).name}» не найден.")
    _check_archive(source)
    draft = read_roadmap(source, filename, academic_year)
    if draft.academic_year is None:
        fallback = current_academic_year(today)
        draft = read_roadmap(source, filename, fallback)
        draft.academic_year = fallback
        draft.warnings.append(
            f"Учебный год в документе не указан: сроки прочитаны для {fallback}/{(fallback + 1) % 100:02d} "
            f"учебного года."
        )
    return draft


def _check_archive(source: Any) -> None:
    """A DOCX/XLSX zip bomb is refused before python-docx or openpyxl inflates it (core/uploads.py)."""
    limit = settings.UPLOAD_MAX_UNZIPPED_MB * 1024 * 1024
    try:
        if isinstance(source, bytes | bytearray | memoryview):
            check_archive(bytes(source), limit=limit)
        elif isinstance(source, str | os.PathLike):
            with open(source, "rb") as stream:
                check_archive(stream, limit=limit)
    except ArchiveError as exc:
        raise RoadmapReadError(exc.message) from exc


def save_draft(organization: Organization, draft: RoadmapDraft, user, *, filename: str = "") -> DraftImport:
    """Keep a read file for the curator's preview; drafts older than a day are dropped on the way."""
    require(user, "roadmaps.change_roadmap", organization)
    stale = timezone.now() - timedelta(hours=DRAFT_LIFETIME_HOURS)
    DraftImport.objects.filter(organization=organization, created_at__lt=stale).delete()
    return DraftImport.objects.create(
        organization=organization,
        created_by=user,
        filename=_text(filename, 255),
        data=draft.to_dict(include_extra=True),
    )


# --------------------------------------------------------------------------- programme and import


def find_or_create_programme(
    organization: Organization,
    academic_year: int,
    *,
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
    )


def _text(value: Any, limit: int | None = None) -> str:
    text = " ".join(str(value).split()) if value is not None else ""
    return text[:limit] if limit else text


def _iso_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _deadline(value: Any) -> Deadline | None:
    if isinstance(value, Deadline):
        return value
    if isinstance(value, dict):
        try:
            return Deadline.from_dict(value)
        except (TypeError, ValueError):
            return parse_deadline(str(value.get("text") or ""), None)
    return None


class _Binder:
    """Finds the user a responsible label names: an earlier binding, a member's name, or a single role."""

    def __init__(self, organization: Organization, labels: Iterable[str], bind_roles: dict[str, str]) -> None:
        memberships = list(Membership.objects.filter(organization=organization).select_related("user"))
        users = {m.user_id: m.user for m in memberships if m.user.is_active}
        self.people = [(uid, name_keys(u.last_name, u.first_name, u.patronymic)) for uid, u in users.items()]
        by_role: dict[str, set[int]] = {}
        for m in memberships:
            by_role.setdefault(m.role, set()).add(m.user_id)
        self.role_users = {
            label: next(iter(by_role[role]))
            for label, role in bind_roles.items()
            if len(by_role.get(role, ())) == 1
        }
        self.earlier: dict[str, int] = {}
        for label, user_id in (
            ActivityResponsible.objects.filter(
                organization=organization, label__in=set(labels), user__in=list(users)
            )
            .order_by("id")
            .values_list("label", "user_id")
        ):
            self.earlier[label] = user_id
        self.cache: dict[str, int | None] = {}

    def user_id(self, label: str) -> int | None:
        if label not in self.cache:
            self.cache[label] = (
                self.earlier.get(label) or match_person(label, self.people) or self.role_users.get(label)
            )
        return self.cache[label]


def import_roadmap(
    organization: Organization,
    draft: RoadmapDraft | dict[str, Any],
    user=None,
    *,
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
    if user is not None:
        require(user, "roadmaps.change_roadmap", organization)
    data = draft.to_dict(include_extra=True) if isinstance(draft, RoadmapDraft) else draft
    academic_year = data.get("academic_year")
    if not isinstance(academic_year, int) or not MIN_YEAR <= academic_year <= MAX_YEAR:
        raise RoadmapError("Не указан учебный год дорожной карты: укажите его (например, 2026 для 2026/27).")
    stages_data = [s for s in data.get("stages") or [] if isinstance(s, dict)]
    if not any(s.get("activities") for s in stages_data):
        raise RoadmapError("В дорожной карте нет ни одного мероприятия: импортировать нечего.")
    approval = data.get("approval") or {}
    labels = {
        _text(label, 500)
        for s in stages_data
        for a in s.get("activities") or []
        for label in a.get("responsible") or []
    }
    with transaction.atomic():
        programme = find_or_create_programme(
            organization,
            academic_year,
            title=programme_title,
            kind=programme_kind,
            goals="\n".join(_text(g) for g in data.get("goals") or []),
        )
        _add_targets(programme, data.get("targets") or [])
        roadmap = Roadmap.objects.create(
            organization=organization,
            programme=programme,
            title=_text(data.get("title"))
            or f"Дорожная карта на {academic_year}/{academic_year + 1} учебный год",
            academic_year=academic_year,
            approved_by=_text(approval.get("approved_by"), 500),
            order_number=_text(approval.get("order_number"), 64),
            order_date=_iso_date(approval.get("order_date")),
            source_filename=_text(filename, 255),
            warnings=[_text(w) for w in data.get("warnings") or []],
            created_by=user,
        )
        stages = []
        for position, s in enumerate(stages_data):
            stage = Stage(
                organization=organization,
                roadmap=roadmap,
                position=position,
                number=_text(s.get("number"), 32),
                title=_text(s.get("title")) or "Этап",
                task=_text(s.get("description")),
                expected_result=_text(s.get("result")),
            )
            stage.set_deadline(_deadline(s.get("deadline")))
            stages.append(stage)
        Stage.objects.bulk_create(stages)
        activities, responsible_labels = [], []
        position = 0
        for stage, s in zip(stages, stages_data, strict=True):
            for index, a in enumerate(s.get("activities") or [], start=1):
                activity = Activity(
                    organization=organization,
                    roadmap=roadmap,
                    stage=stage,
                    position=position,
                    number=_text(a.get("number"), 32) or _missing_number(stage.number, index),
                    title=_text(a.get("title")) or "Мероприятие",
                    description=_text(a.get("description")),
                    expected_result=_text(a.get("result")),
                    proving_document=_text(a.get("document"), 500),
                )
                activity.set_deadline(_deadline(a.get("deadline")))
                activities.append(activity)
                responsible_labels.append([_text(label, 500) for label in a.get("responsible") or []])
                position += 1
        activities = bulk_create_with_history(activities, Activity, batch_size=500, default_user=user)
        binder = _Binder(organization, labels, bind_roles or {})
        rows = [
            ActivityResponsible(
                organization=organization,
                activity=activity,
                position=i,
                label=label,
                user_id=binder.user_id(label),
            )
            for activity, activity_labels in zip(activities, responsible_labels, strict=True)
            for i, label in enumerate(dict.fromkeys(lb for lb in activity_labels if lb))
        ]
        bulk_create_with_history(rows, ActivityResponsible, batch_size=500, default_user=user)
        Risk.objects.bulk_create(
            [
                Risk(
                    organization=organization,
                    roadmap=roadmap,
                    position=i,
                    risk=_text(r.get("risk")),
                    mitigation=_text(r.get("mitigation")),
                )
                for i, r in enumerate(
                    r for r in data.get("risks") or [] if isinstance(r, dict) and r.get("risk")
                )
            ]
        )
    return roadmap


def _missing_number(stage_number: str, index: int) -> str:
    """A line without a number gets «<stage>.<n>», so that it can be referred to and exported."""
    stage_number = stage_number.strip().rstrip(".")
    return f"{stage_number}.{index}" if stage_number else str(index)


def _add_targets(programme: Programme, targets: list[dict[str, Any]]) -> None:
    existing = set(programme.targets.values_list("text", flat=True))
    rows = []
    for target in targets:
        text = _text(target.get("text"))
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
                by=_iso_date(target.get("by")),
            )
        )
    ProgrammeTarget.objects.bulk_create(rows)


def create_programme_from_template(
    organization: Organization, *, academic_year: int, kind: str, title: str = "", user=None
) -> Roadmap:
    """A new programme (or the one covering the year) with a roadmap built from the kind's template."""
    if user is not None:
        require(user, "roadmaps.change_roadmap", organization)
    if kind not in dict(template_kinds()):
        raise RoadmapError("Нет шаблона для такого типа организации.")
    if not MIN_YEAR <= academic_year <= MAX_YEAR:
        raise RoadmapError("Учебный год указан неверно.")
    if Roadmap.objects.filter(organization=organization, academic_year=academic_year).exists():
        raise RoadmapError(
            f"Дорожная карта на {academic_year}/{(academic_year + 1) % 100:02d} учебный год уже есть."
        )
    draft = build_template(kind, academic_year)
    return import_roadmap(
        organization,
        draft,
        user,
        filename="",
        bind_roles=role_bindings(kind),
        programme_title=title,
        programme_kind=kind,
    )


def delete_roadmap(roadmap: Roadmap, user=None) -> None:
    """Remove a roadmap (e.g. a wrong file was imported) with its stages, activities and proof; a
    programme left without roadmaps goes too."""
    if user is not None:
        require(user, "roadmaps.change_roadmap", roadmap)
    with transaction.atomic():
        programme = roadmap.programme
        files = [e.file for e in Evidence.objects.filter(activity__roadmap=roadmap).exclude(file="")]
        roadmap.delete()
        if not programme.roadmaps.exists():
            programme.delete()
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])


# --------------------------------------------------------------------------- responsible people


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


def bind_responsible(organization: Organization, label: str, user, by=None) -> int:
    """Bind every responsible row of the organization with this label to `user` (None unbinds).

    Returns the number of rows changed. The user must be a member of the organization.
    """
    if by is not None:
        require(by, "roadmaps.change_roadmap", organization)
    if user is not None and not Membership.objects.filter(organization=organization, user=user).exists():
        raise RoadmapError("Этот пользователь не состоит в организации.")
    label = _text(label, 500)
    with transaction.atomic():
        rows = list(
            ActivityResponsible.objects.select_for_update().filter(organization=organization, label=label)
        )
        changed = [r for r in rows if r.user_id != (user.pk if user else None)]
        for row in changed:
            row.user = user
            if by is not None:
                row._history_user = by
            row.save(update_fields=["user"])
    return len(changed)


# --------------------------------------------------------------------------- activities


def _check_activity(activity: Activity, user) -> None:
    if user is not None:
        require(user, "roadmaps.update_activity", activity)


def set_status(activity: Activity, status: str, user=None, *, completed_on: date | None = None) -> Activity:
    """Change the status; «done» records the completion date (today unless given), others clear it."""
    _check_activity(activity, user)
    if status not in ActivityStatus.values:
        raise RoadmapError("Неизвестный статус мероприятия.")
    today = timezone.localdate()
    if completed_on is not None and completed_on > today:
        raise RoadmapError("Дата выполнения не может быть в будущем.")
    activity.status = status
    activity.completed_on = (completed_on or activity.completed_on or today) if status == "done" else None
    if user is not None:
        activity._history_user = user
    activity.save(update_fields=["status", "completed_on", "updated_at"])
    return activity


def validate_evidence_file(upload) -> None:
    """Only documents and photos, not empty, at most 10 МБ; the message names what is wrong."""
    name = getattr(upload, "name", "") or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in EVIDENCE_EXTENSIONS:
        allowed = ", ".join(sorted(e.lstrip(".").upper() for e in EVIDENCE_EXTENSIONS))
        raise RoadmapError(f"Файл «{name}» не подходит: можно загрузить {allowed}.")
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise RoadmapError(f"Файл «{name}» пуст.")
    if size > EVIDENCE_MAX_SIZE:
        raise RoadmapError(
            f"Файл «{name}» слишком большой: не больше {EVIDENCE_MAX_SIZE // (1024 * 1024)} МБ."
        )


def validate_evidence_url(url: str) -> str:
    url = (url or "").strip()
    if len(url) > 1000:
        raise RoadmapError("Ссылка слишком длинная.")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise RoadmapError("Ссылка должна начинаться с http:// или https://.") from exc
    return url


def add_evidence(activity: Activity, user=None, *, file=None, url: str = "", title: str = "") -> Evidence:
    """Attach a proof document or a link to the activity."""
    _check_activity(activity, user)
    if file is None and not (url or "").strip():
        raise RoadmapError("Прикрепите файл или укажите ссылку.")
    if file is not None:
        validate_evidence_file(file)
    if url:
        url = validate_evidence_url(url)
    evidence = Evidence(
        organization_id=activity.organization_id,
        activity=activity,
        url=url,
        title=_text(title, 500),
        uploaded_by=user,
        filename=_text(PurePath(getattr(file, "name", "") or "").name, 255) if file is not None else "",
    )
    if file is not None:
        evidence.file.save(getattr(file, "name", "file"), file, save=False)
    if user is not None:
        evidence._history_user = user
    evidence.save()
    return evidence


def mark_done(
    activity: Activity,
    user=None,
    *,
    completed_on: date | None = None,
    note: str = "",
    file=None,
    url: str = "",
) -> Activity:
    """Done, with the date, an optional note and optional proof (a file and/or a link), all or nothing."""
    _check_activity(activity, user)
    if file is not None:
        validate_evidence_file(file)
    if url:
        url = validate_evidence_url(url)
    with transaction.atomic():
        if note.strip():
            activity.note = "\n".join(p for p in [activity.note.strip(), note.strip()] if p)
            activity.save(update_fields=["note", "updated_at"])
        set_status(activity, ActivityStatus.DONE, user, completed_on=completed_on)
        if file is not None:
            add_evidence(activity, user, file=file)
        if url:
            add_evidence(activity, user, url=url)
    return activity


def update_activity(activity: Activity, user=None, **fields: Any) -> Activity:
    """Edit the plan line (curator or administration): texts, deadline (re-parsed), responsible."""
    if user is not None:
        require(user, "roadmaps.change_roadmap", activity)
    responsible = fields.pop("responsible", None)
    deadline_text = fields.pop("deadline_text", None)
    for name in ("number", "title", "description", "expected_result", "proving_document", "note"):
        if name in fields:
            setattr(activity, name, fields.pop(name) or "")
    if fields:
        raise TypeError(f"unknown fields: {', '.join(fields)}")
    if not activity.title.strip():
        raise RoadmapError("Название мероприятия не может быть пустым.")
    with transaction.atomic():
        if deadline_text is not None and deadline_text != activity.deadline_text:
            activity.set_deadline(parse_deadline(deadline_text, activity.roadmap.academic_year))
        if user is not None:
            activity._history_user = user
        activity.save()
        if responsible is not None:
            _replace_responsible(activity, responsible, user)
    return activity


def _replace_responsible(activity: Activity, labels: list[str], user) -> None:
    """Rows whose label stays keep their binding; new labels are bound like at import (earlier binding
    in the organization or a member's name)."""
    wanted = list(dict.fromkeys(_text(label, 500) for label in labels if _text(label)))
    current = {r.label: r for r in activity.responsible.all()}
    for label, row in current.items():
        if label not in wanted:
            row.delete()
    binder = _Binder(activity.organization, [w for w in wanted if w not in current], {})
    for position, label in enumerate(wanted):
        row = current.get(label)
        if row is None:
            row = ActivityResponsible(
                organization_id=activity.organization_id,
                activity=activity,
                label=label,
                user_id=binder.user_id(label),
            )
        elif row.position == position:
            continue
        row.position = position
        if user is not None:
            row._history_user = user
        row.save()


# --------------------------------------------------------------------------- reading the plan


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
    def from_query(cls, query) -> Filters:
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


def activity_queryset(today: date | None = None) -> QuerySet[Activity]:
    """Activities with what every list shows: stage, responsible with users, proof count, overdue flag."""
    return (
        Activity.objects.with_overdue(today)
        .select_related("stage", "organization")
        .prefetch_related(
            Prefetch(
                "responsible",
                queryset=ActivityResponsible.objects.select_related("user").order_by("position", "id"),
            )
        )
        .annotate(evidence_count=Count("evidence", distinct=True))
    )


def filter_activities(qs: QuerySet[Activity], filters: Filters, user, today: date | None = None):
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


def roadmap_activities(roadmap: Roadmap, filters: Filters, user, today: date | None = None) -> list[Activity]:
    qs = activity_queryset(today).filter(roadmap=roadmap).order_by("stage__position", "position", "id")
    return list(filter_activities(qs, filters, user, today))


def roadmap_summary(roadmap: Roadmap, today: date | None = None) -> dict[str, int]:
    """Counts for the header: total, done, overdue — one query."""
    today = today or timezone.localdate()
    return Activity.objects.filter(roadmap=roadmap).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=ActivityStatus.DONE)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, deadline_end__lt=today)),
    )


def my_tasks(organization: Organization, user, today: date | None = None) -> dict[str, list[Activity]]:
    """The user's activities in all roadmaps of the organization: overdue, this month, later, done."""
    today = today or timezone.localdate()
    first, last = month_bounds(today)
    groups: dict[str, list[Activity]] = {"overdue": [], "month": [], "later": [], "done": []}
    qs = (
        activity_queryset(today)
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
