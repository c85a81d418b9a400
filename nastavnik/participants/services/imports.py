"""The import of a school's list (XLSX/CSV) into the bases: all rows or nothing, duplicates skipped."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nastavnik.core.texts import Text
from nastavnik.organizations.models import Organization

from .. import bulk, tabular
from ..models import (
    ImportBatch,
    MenteeProfile,
    MenteeRequest,
    MentorCompetence,
    MentorProfile,
    Participant,
    RequestTopic,
    make_search_name,
)

if TYPE_CHECKING:
    from nastavnik.accounts.models import User


@dataclass(frozen=True)
class Duplicate:
    row: int
    full_name: str
    birth_date: dt.date | None
    first_row: int | None = None  # the same person earlier in the file
    participant_id: int | None = None  # the same person already in the base

    @property
    def message(self) -> str:
        return duplicate_message(self.first_row)

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "full_name": self.full_name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "first_row": self.first_row,
            "participant_id": self.participant_id,
            "message": str(self.message),
        }


def duplicate_message(first_row: int | None) -> str:
    """Why a row is skipped, in the active language (a background job's stored result is shown with it too)."""
    if first_row is not None:
        return _("повтор строки %(row)s файла") % {"row": first_row}
    return _("уже есть в базе")


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tabular.RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    rows: int = 0
    to_create: int = 0
    headers: list[str] = field(default_factory=list)
    mapping: dict[int, str] = field(default_factory=dict)
    preview: list[tabular.ParsedRow] = field(default_factory=list)
    dry_run: bool = False
    batch: ImportBatch | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, object]:
        return {
            "created": self.created,
            "errors": [e.as_dict() for e in self.errors],
            "duplicates": [d.as_dict() for d in self.duplicates],
        }


MENTOR_ORIGIN = {
    "pupil": MentorProfile.Origin.STUDENT,
    "student": MentorProfile.Origin.STUDENT,
    "alumnus": MentorProfile.Origin.ALUMNUS,
    "partner_employee": MentorProfile.Origin.PARTNER,
}


def import_participants(
    organization: Organization,
    file_bytes: bytes,
    filename: str,
    mapping: dict[int, str] | None = None,
    dry_run: bool = False,
    *,
    acting_user: User | None,
    default_role: str = "mentee",
    preview_rows: int = 10,
) -> ImportResult:
    """Import a school's XLSX/CSV list into the bases: all rows or nothing.

    Rows with errors block the whole import (nothing is written); duplicates — the same name and birth date
    repeated in the file or already in the base — are reported and skipped.
    """
    result = ImportResult(dry_run=dry_run)
    try:
        table = tabular.read_table(file_bytes, filename)
        result.headers = table.headers
        result.mapping = tabular.resolve_mapping(table.headers, mapping)
    except tabular.TableError as exc:
        result.errors.append(tabular.RowError(0, "", exc.text))
        return result
    result.rows = len(table.rows)
    problems = tabular.mapping_problems(result.mapping)
    if problems:
        result.errors.extend(tabular.RowError(0, "", p) for p in problems)
        return result
    if not table.rows:
        result.errors.append(
            tabular.RowError(0, "", Text(gettext_noop("В файле нет ни одной строки с участниками.")))
        )
        return result

    parsed, errors = tabular.validate_rows(
        table, result.mapping, timezone.localdate(), default_role=default_role
    )
    result.errors = errors
    result.preview = parsed[:preview_rows]

    # Duplicates: inside the file, then against the base with one query over the organization's names.
    skip: set[int] = set()
    for row, first in tabular.find_duplicates_in_file(parsed):
        result.duplicates.append(Duplicate(row.row, row.full_name, row.birth_date, first_row=first))
        skip.add(row.row)
    existing = {
        tabular.identity_key(*values[1:]): values[0]
        for values in Participant.objects.filter(organization=organization).values_list(
            "pk", "last_name", "first_name", "patronymic", "birth_date"
        )
    }
    if existing:
        for row in parsed:
            if row.row in skip:
                continue
            found = existing.get(row.key)
            if found is not None:
                result.duplicates.append(
                    Duplicate(row.row, row.full_name, row.birth_date, participant_id=found)
                )
                skip.add(row.row)
    result.duplicates.sort(key=lambda d: d.row)
    new_rows = [row for row in parsed if row.row not in skip]
    result.to_create = len(new_rows)
    if result.errors or dry_run or not new_rows:
        return result
    result.batch = _write_rows(
        organization, new_rows, filename, file_bytes, acting_user=acting_user, total=len(table.rows)
    )
    result.created = len(new_rows)
    return result


@transaction.atomic
def _write_rows(
    organization: Organization,
    rows: list[tabular.ParsedRow],
    filename: str,
    file_bytes: bytes,
    *,
    acting_user: User | None,
    total: int,
) -> ImportBatch:
    """Write valid rows with `bulk.insert_rows` (COPY/executemany): see bulk.py and docs/participants.md.

    simple-history does not see these rows; the ImportBatch row is the audit summary of the import.
    """
    org_id = organization.pk
    batch = ImportBatch.objects.create(
        organization=organization,
        filename=filename[:255],
        sha256=hashlib.sha256(file_bytes).hexdigest(),
        rows=total,
        created=len(rows),
        created_by=acting_user,
    )
    now = timezone.now()
    person_ids = bulk.insert_rows(
        Participant,
        PARTICIPANT_FIELDS,
        [
            (
                org_id,
                row.last_name,
                row.first_name,
                row.patronymic,
                make_search_name(row.last_name, row.first_name, row.patronymic),
                row.birth_date,
                row.gender,
                row.category,
                row.group,
                row.subject,
                row.experience_years,
                row.email,
                row.phone,
                None,
                batch.pk,
                now,
                now,
            )
            for row in rows
        ],
        with_ids=True,
    )
    mentee_rows = [(pk, row) for pk, row in zip(person_ids, rows, strict=True) if row.is_mentee]
    mentor_rows = [(pk, row) for pk, row in zip(person_ids, rows, strict=True) if row.is_mentor]
    mentee_ids = bulk.insert_rows(
        MenteeProfile,
        ["participant", "organization", "form", "status", "priority", "notes", "created_at"],
        [(pk, org_id, None, MenteeProfile.Status.NEW.value, 1, "", now) for pk, _row in mentee_rows],
        with_ids=True,
    )
    mentor_ids = bulk.insert_rows(
        MentorProfile,
        [
            "participant",
            "organization",
            "origin",
            "partner",
            "capacity",
            "availability",
            "experience",
            "status",
            "created_at",
        ],
        [
            (
                pk,
                org_id,
                MENTOR_ORIGIN.get(row.category, MentorProfile.Origin.STAFF).value,
                None,
                row.capacity,
                "[]",
                "",
                MentorProfile.Status.POTENTIAL.value,
                now,
            )
            for pk, row in mentor_rows
        ],
        with_ids=True,
    )
    catalogue = _topic_lookup(organization)
    topic_of: dict[str, int | None] = {}

    def topic(text: str) -> int | None:
        if text not in topic_of:
            topic_of[text] = catalogue.get(tabular.normalize_header(text))
        return topic_of[text]

    requests = []
    for profile_id, (_pk, row) in zip(mentee_ids, mentee_rows, strict=True):
        for text in row.requests:
            topic_id = topic(text)
            requests.append(
                (
                    profile_id,
                    org_id,
                    topic_id,
                    "" if topic_id else text[:1000],
                    MenteeRequest.Source.OTHER.value,
                    1,
                    now,
                )
            )
    competences = [
        (profile_id, org_id, text[:300], topic(text))
        for profile_id, (_pk, row) in zip(mentor_ids, mentor_rows, strict=True)
        for text in row.competences
    ]
    bulk.insert_rows(
        MenteeRequest,
        ["mentee", "organization", "topic", "text", "source", "priority", "created_at"],
        requests,
    )
    bulk.insert_rows(MentorCompetence, ["mentor", "organization", "title", "topic"], competences)
    return batch


#: The columns the import writes, in the order of the rows `_write_rows` builds.
PARTICIPANT_FIELDS = [
    "organization",
    *Participant.NAME_FIELDS,
    "search_name",
    *Participant.DETAIL_FIELDS,
    "user",
    "import_batch",
    "created_at",
    "updated_at",
]


def _topic_lookup(organization: Organization) -> dict[str, int]:
    """Catalogue titles (normalized) → topic id, so that "Работа с родителями" in a sheet links the topic."""
    lookup: dict[str, int] = {}
    for pk, title, org_id in RequestTopic.available_to(organization).values_list(
        "pk", "title", "organization_id"
    ):
        key = tabular.normalize_header(title)
        if key not in lookup or org_id is not None:
            lookup[key] = pk
    return lookup
