"""The import preview: a read file kept as a draft, the rows the curator checks, and their corrections.

The curator uploads a file (`read_draft`, `save_draft`), sees it as rows of stages and activities
(`preview_rows`), corrects numbers, titles, deadlines, responsible people and results, or excludes rows,
and confirms (`import_draft`): the corrections are validated and applied here (a changed deadline is parsed
again), then the roadmap is written and the draft dropped, all in one transaction.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nastavnik.accounts.models import User
from nastavnik.core.uploads import PDF_MAGIC, ArchiveError, check_archive, check_pdf
from nastavnik.organizations.models import Organization

from ..deadlines import parse_deadline
from ..models import DraftImport, Roadmap
from ..queries import current_academic_year
from ..reader import RoadmapDraft, RoadmapReadError, read_roadmap
from .base import DRAFT_LIFETIME_HOURS, RoadmapError, clean_text
from .imports import import_roadmap

#: The values of a preview row the curator may change (besides excluding the row).
PREVIEW_FIELDS = ("number", "title", "deadline", "responsible", "result")
#: Corrections that do not fit the draft's rows: a stale page or a tampered form.
FORM_MISMATCH = gettext_noop("Форма не совпадает с черновиком: обновите страницу и попробуйте ещё раз.")


def _check_archive(source: Any) -> None:
    """A DOCX/XLSX zip bomb or a PDF stream bomb is refused before python-docx, openpyxl or pdfminer inflates it
    (core/uploads.py)."""
    limit = settings.UPLOAD_MAX_UNZIPPED_MB * 1024 * 1024
    try:
        if isinstance(source, bytes | bytearray | memoryview):
            check_archive(bytes(source), limit=limit)
            check_pdf(bytes(source), limit=limit)
        elif isinstance(source, str | os.PathLike):
            with open(source, "rb") as stream:
                check_archive(stream, limit=limit)
                stream.seek(0)
                if stream.read(4) == PDF_MAGIC:
                    stream.seek(0)
                    check_pdf(stream.read(), limit=limit)
    except ArchiveError as exc:
        raise RoadmapReadError(exc.translated(_)) from exc


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


def save_draft(
    organization: Organization, draft: RoadmapDraft, *, acting_user: User, filename: str = ""
) -> DraftImport:
    """Keep a read file for the curator's preview; drafts older than a day are dropped on the way."""
    stale = timezone.now() - timedelta(hours=DRAFT_LIFETIME_HOURS)
    DraftImport.objects.filter(organization=organization, created_at__lt=stale).delete()
    return DraftImport.objects.create(
        organization=organization,
        created_by=acting_user,
        filename=clean_text(filename, 255),
        data=draft.to_dict(include_extra=True),
    )


def preview_rows(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The draft flattened into the rows of the preview table, stages and their activities."""
    rows: list[dict[str, Any]] = []
    for s_index, stage in enumerate(data.get("stages") or []):
        deadline = stage.get("deadline") or {}
        rows.append(
            {
                "kind": "stage",
                "stage": s_index,
                "number": stage.get("number") or "",
                "title": stage.get("title") or "",
                "deadline": deadline.get("text") or "",
                "responsible": "",
                "result": "",
                "warnings": deadline.get("warnings") or [],
            }
        )
        for a_index, activity in enumerate(stage.get("activities") or []):
            deadline = activity.get("deadline") or {}
            rows.append(
                {
                    "kind": "activity",
                    "stage": s_index,
                    "activity": a_index,
                    "number": activity.get("number") or "",
                    "title": activity.get("title") or "",
                    "deadline": deadline.get("text") or "",
                    "start": deadline.get("start"),
                    "end": deadline.get("end"),
                    "responsible": "; ".join(activity.get("responsible") or []),
                    "result": activity.get("result") or "",
                    "warnings": deadline.get("warnings") or [],
                }
            )
    return rows


def _checked(corrections: Sequence[Mapping[str, Any]], rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """One correction per row, each with every editable value as text; anything else is a stale page."""
    if len(corrections) != len(rows):
        raise RoadmapError(_(FORM_MISMATCH))
    checked = []
    for number, values in enumerate(corrections, start=1):
        if not all(isinstance(values.get(name), str) for name in PREVIEW_FIELDS):
            raise RoadmapError(_(FORM_MISMATCH))
        row = {name: values[name].strip() for name in PREVIEW_FIELDS}
        row["exclude"] = "1" if values.get("exclude") else ""
        if not row["title"] and not row["exclude"]:
            raise RoadmapError(
                _("Строка %(number)s: укажите название или отметьте «Не импортировать».") % {"number": number}
            )
        checked.append(row)
    return checked


def correct_draft(data: Mapping[str, Any], corrections: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The draft with the curator's corrections, one per row of `preview_rows(data)`.

    An excluded stage takes its activities with it; a changed deadline text is parsed again for the
    draft's school year (an unchanged one keeps what the reader understood); responsible people are
    separated by «;» or new lines.
    """
    year = data.get("academic_year")

    def deadline(original: dict[str, Any] | None, text: str) -> dict[str, Any] | None:
        if original and (original.get("text") or "").strip() == text:
            return original
        return parse_deadline(text, year).to_dict() if text else None

    rows = preview_rows(data)
    source_stages = data.get("stages") or []
    stages: list[dict[str, Any]] = []
    skip_stage = False
    for row, values in zip(rows, _checked(corrections, rows), strict=True):
        if row["kind"] == "stage":
            skip_stage = bool(values["exclude"])
            if not skip_stage:
                original = source_stages[row["stage"]]
                stages.append(
                    {
                        **original,
                        "number": values["number"] or None,
                        "title": values["title"],
                        "deadline": deadline(original.get("deadline"), values["deadline"]),
                        "activities": [],
                    }
                )
        elif not skip_stage and not values["exclude"]:
            original = source_stages[row["stage"]]["activities"][row["activity"]]
            labels = [p.strip() for p in values["responsible"].replace("\n", ";").split(";") if p.strip()]
            stages[-1]["activities"].append(
                {
                    **original,
                    "number": values["number"] or None,
                    "title": values["title"],
                    "deadline": deadline(original.get("deadline"), values["deadline"]),
                    "responsible": labels,
                    "result": values["result"] or None,
                }
            )
    return {**data, "stages": stages}


def import_draft(
    pending: DraftImport, corrections: Sequence[Mapping[str, Any]] | None, *, acting_user: User | None
) -> Roadmap:
    """Import a previewed draft, with the curator's corrections (None: as read), and drop the draft."""
    data = pending.data if corrections is None else correct_draft(pending.data, corrections)
    with transaction.atomic():
        roadmap = import_roadmap(
            pending.organization, data, acting_user=acting_user, filename=pending.filename
        )
        pending.delete()
    return roadmap
