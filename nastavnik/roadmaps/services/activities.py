"""The live plan's writes: an activity's status, its proof (files and links) and edits of the plan line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.models import User
from nastavnik.core.history import set_history_user

from ..deadlines import parse_deadline
from ..models import Activity, ActivityStatus, Evidence
from .base import EVIDENCE_EXTENSIONS, EVIDENCE_MAX_SIZE, RoadmapError, clean_text
from .responsible import replace_responsible

#: The texts of a plan line `update_activity` may change.
ACTIVITY_TEXTS = ("number", "title", "description", "expected_result", "proving_document", "note")


def set_status(
    activity: Activity, status: str, *, acting_user: User | None, completed_on: date | None = None
) -> Activity:
    """Change the status; «done» records the completion date (today unless given), others clear it."""
    if status not in ActivityStatus.values:
        raise RoadmapError(_("Неизвестный статус мероприятия."))
    today = timezone.localdate()
    if completed_on is not None and completed_on > today:
        raise RoadmapError(_("Дата выполнения не может быть в будущем."))
    activity.status = status
    activity.completed_on = (completed_on or activity.completed_on or today) if status == "done" else None
    set_history_user(activity, acting_user)
    activity.save(update_fields=["status", "completed_on", "updated_at"])
    return activity


def append_note(activity: Activity, note: str, *, acting_user: User | None) -> Activity:
    """Add a comment as a new line of the activity's note (the «mark done» note, the API's comment)."""
    note = note.strip()
    if not note:
        raise RoadmapError(_("Комментарий пуст."))
    activity.note = "\n".join(p for p in [activity.note.strip(), note] if p)
    set_history_user(activity, acting_user)
    activity.save(update_fields=["note", "updated_at"])
    return activity


def validate_evidence_file(upload: File[bytes]) -> None:
    """Only documents and photos, not empty, at most 10 МБ; the message names what is wrong."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in EVIDENCE_EXTENSIONS:
        allowed = ", ".join(sorted(e.lstrip(".").upper() for e in EVIDENCE_EXTENSIONS))
        raise RoadmapError(
            _("Файл «%(name)s» не подходит: можно загрузить %(allowed)s.")
            % {"name": name, "allowed": allowed}
        )
    size = upload.size or 0
    if size == 0:
        raise RoadmapError(_("Файл «%(name)s» пуст.") % {"name": name})
    if size > EVIDENCE_MAX_SIZE:
        raise RoadmapError(
            _("Файл «%(name)s» слишком большой: не больше %(limit)s МБ.")
            % {"name": name, "limit": EVIDENCE_MAX_SIZE // (1024 * 1024)}
        )


def validate_evidence_url(url: str) -> str:
    url = (url or "").strip()
    if len(url) > 1000:
        raise RoadmapError(_("Ссылка слишком длинная."))
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise RoadmapError(_("Ссылка должна начинаться с http:// или https://.")) from exc
    return url


def add_evidence(
    activity: Activity,
    *,
    acting_user: User | None,
    file: File[bytes] | None = None,
    url: str = "",
    title: str = "",
) -> Evidence:
    """Attach a proof document or a link to the activity; `acting_user` is recorded as who added it."""
    if file is None and not (url or "").strip():
        raise RoadmapError(_("Прикрепите файл или укажите ссылку."))
    if file is not None:
        validate_evidence_file(file)
    if url:
        url = validate_evidence_url(url)
    evidence = Evidence(
        organization_id=activity.organization_id,
        activity=activity,
        url=url,
        title=clean_text(title, 500),
        created_by=acting_user,
        filename=clean_text(PurePath(file.name or "").name, 255) if file is not None else "",
    )
    if file is not None:
        evidence.file.save(file.name or "file", file, save=False)
    set_history_user(evidence, acting_user)
    evidence.save()
    return evidence


def mark_done(
    activity: Activity,
    *,
    acting_user: User | None,
    completed_on: date | None = None,
    note: str = "",
    file: File[bytes] | None = None,
    url: str = "",
) -> Activity:
    """Done, with the date, an optional note and optional proof (a file and/or a link), all or nothing."""
    if file is not None:
        validate_evidence_file(file)
    if url:
        url = validate_evidence_url(url)
    with transaction.atomic():
        if note.strip():
            append_note(activity, note, acting_user=acting_user)
        set_status(activity, ActivityStatus.DONE, acting_user=acting_user, completed_on=completed_on)
        if file is not None:
            add_evidence(activity, acting_user=acting_user, file=file)
        if url:
            add_evidence(activity, acting_user=acting_user, url=url)
    return activity


def update_activity(
    activity: Activity,
    *,
    acting_user: User | None,
    responsible: Sequence[str] | None = None,
    deadline_text: str | None = None,
    **texts: str | None,
) -> Activity:
    """Edit the plan line: its texts (`ACTIVITY_TEXTS`), the deadline (parsed again) and the responsible
    people (None leaves them as they are)."""
    unknown = set(texts) - set(ACTIVITY_TEXTS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    for name, value in texts.items():
        setattr(activity, name, value or "")
    if not activity.title.strip():
        raise RoadmapError(_("Название мероприятия не может быть пустым."))
    with transaction.atomic():
        if deadline_text is not None and deadline_text != activity.deadline_text:
            activity.set_deadline(parse_deadline(deadline_text, activity.roadmap.academic_year))
        set_history_user(activity, acting_user)
        activity.save()
        if responsible is not None:
            replace_responsible(activity, responsible, acting_user=acting_user)
    return activity
