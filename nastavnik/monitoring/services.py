"""Writes of the monitoring app: contingent, the age range, the SWOT, measure values typed per person or
imported from XLSX/CSV (all-or-nothing, errors by row and column in Russian), the template workbook.

Every writing service takes `acting_user` and records it as the author of a new row; permissions are
checked by the caller (views, API, commands).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from nastavnik.core.xlsx import write_row
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import Participant, hidden_label
from nastavnik.participants.queries import annotate_consent
from nastavnik.participants.tabular import RowError, TableError, normalize_header, read_table

from .indicators import year_pairings
from .models import Contingent, Measure, MeasureValue, MonitoringSettings, Swot

if TYPE_CHECKING:
    from nastavnik.accounts.models import User

CONTINGENT_FIELDS = ("learners_total", "learners_in_age", "teachers_total", "young_specialists_total")
SWOT_FIELDS = ("strengths", "weaknesses", "opportunities", "threats")
ID_HEADER = "Код участника"
NAME_HEADER = "ФИО"
BEFORE_SUFFIX = "в начале"
AFTER_SUFFIX = "в конце"


class ImportFailed(Exception):
    """The file was not imported: nothing was written; `errors` say where and what."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def save_contingent(
    organization: Organization, academic_year: int, values: Mapping[str, int], *, acting_user: User | None
) -> Contingent:
    contingent = Contingent.objects.filter(organization=organization, academic_year=academic_year).first()
    if contingent is None:
        contingent = Contingent(
            organization=organization, academic_year=academic_year, created_by=acting_user
        )
    for name in CONTINGENT_FIELDS:
        setattr(contingent, name, values.get(name) or 0)
    contingent.full_clean()
    contingent.save()
    return contingent


def save_settings(
    organization: Organization, age_from: int, age_to: int, *, acting_user: User | None
) -> MonitoringSettings:
    del acting_user  # a setting has no author field; who changed it is in the access log of the request
    settings_row = MonitoringSettings.objects.filter(organization=organization).first() or MonitoringSettings(
        organization=organization
    )
    settings_row.learners_age_from = age_from
    settings_row.learners_age_to = age_to
    settings_row.full_clean()
    settings_row.save()
    return settings_row


def learners_age_range(organization: Organization) -> tuple[int, int]:
    row = MonitoringSettings.objects.filter(organization=organization).first()
    return (row.learners_age_from, row.learners_age_to) if row else (10, 18)


def save_swot(
    organization: Organization, academic_year: int, values: Mapping[str, str], *, acting_user: User | None
) -> Swot:
    swot = Swot.objects.filter(organization=organization, academic_year=academic_year).first()
    if swot is None:
        swot = Swot(organization=organization, academic_year=academic_year, created_by=acting_user)
    for name in SWOT_FIELDS:
        setattr(swot, name, (values.get(name) or "").strip())
    swot.full_clean()
    swot.save()
    return swot


def check_value(measure: Measure, value: float | None) -> str | None:
    """A Russian message when `value` cannot be a value of `measure`, else None."""
    if value is None:
        return None
    if not math.isfinite(value):
        return _("не число")
    if measure.kind == Measure.Kind.YES_NO and value not in (0, 1):
        return _("нужно 1 (да) или 0 (нет)")
    if not measure.min_value <= value <= measure.max_value:
        return _("значение %(value)s вне диапазона %(low)s–%(high)s") % {
            "value": _fmt(value),
            "low": _fmt(measure.min_value),
            "high": _fmt(measure.max_value),
        }
    return None


def _fmt(value: float) -> str:
    """As the reader's language writes a number (a decimal comma in Russian, a point in English)."""
    return f"{value:g}".replace(".", get_format("DECIMAL_SEPARATOR"))


def set_measure_value(
    participant: Participant,
    measure: Measure,
    academic_year: int,
    before: float | None,
    after: float | None,
    *,
    acting_user: User | None,
) -> MeasureValue:
    """One person's before/after value of a measure for the year (created or replaced)."""
    errors = {}
    for name, value in (("before", before), ("after", after)):
        problem = check_value(measure, value)
        if problem:
            errors[name] = problem
    if errors:
        raise ValidationError(errors)
    row, created = MeasureValue.objects.get_or_create(
        organization_id=participant.organization_id,
        participant=participant,
        measure=measure,
        academic_year=academic_year,
        defaults={"before": before, "after": after, "created_by": acting_user},
    )
    if not created:
        row.before, row.after = before, after
        row.save(update_fields=["before", "after", "updated_at"])
    return row


# ---------------------------------------------------------------------------------------------- XLSX


def measured_people(organization: Organization, academic_year: int) -> list[Participant]:
    """Who growth is measured for: the mentees and mentors of the pairings of the year, by name."""
    pairings = year_pairings([organization.pk], academic_year)
    return list(
        annotate_consent(Participant.objects.filter(organization=organization))
        .filter(
            pk__in=list(pairings.values_list("members__mentee__participant_id", flat=True))
            + list(pairings.values_list("mentor__participant_id", flat=True))
        )
        .order_by("last_name", "first_name", "patronymic", "pk")
    )


def measure_columns(measures: Iterable[Measure]) -> list[tuple[Measure, str, str]]:
    """(measure, before header, after header) of the workbook."""
    return [(m, f"{m.title} — {BEFORE_SUFFIX}", f"{m.title} — {AFTER_SUFFIX}") for m in measures]


def display_name(person: Participant, sees_hidden: bool) -> str:
    """The person's name, or «скрыт» when their consent was revoked and the reader is not the curator."""
    if getattr(person, "annotated_revoked_at", None) is not None and not sees_hidden:
        return hidden_label()
    return person.full_name


def template_workbook(organization: Organization, academic_year: int, *, sees_hidden: bool = False) -> bytes:
    """The workbook to fill: one row per measured person (code and name), two columns per measure."""
    measures = list(Measure.available_to(organization))
    people = measured_people(organization, academic_year)
    existing = {
        (v.participant_id, v.measure_id): v
        for v in MeasureValue.objects.filter(organization=organization, academic_year=academic_year)
    }
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Показатели роста")
    columns = measure_columns(measures)
    write_row(sheet, 1, [ID_HEADER, NAME_HEADER, *[h for _, b, a in columns for h in (b, a)]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, person in enumerate(people, start=2):
        values: list[object] = [person.pk, display_name(person, sees_hidden)]
        for measure, _before, _after in columns:
            value = existing.get((person.pk, measure.pk))
            values += [value.before if value else None, value.after if value else None]
        write_row(sheet, row_number, values)
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _parse_number(value: object) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
    lowered = text.lower()
    if lowered in ("да", "yes"):
        return 1.0
    if lowered in ("нет", "no"):
        return 0.0
    return float(text)  # ValueError for anything else


@dataclass
class ImportResult:
    rows: int = 0
    values: int = 0
    errors: list[RowError] = field(default_factory=list)


def import_measure_values(
    organization: Organization, academic_year: int, data: bytes, filename: str, *, acting_user: User | None
) -> ImportResult:
    """Import the workbook of `template_workbook` (or any table with those headers): all or nothing.

    A row names its person by «Код участника»; an empty cell leaves the stored value as it is. Any error
    (unknown person, not a number, out of range, unknown column) stops the import: nothing is written and
    every error is reported with its row and column.
    """
    try:
        table = read_table(data, filename)
    except TableError as exc:
        raise ImportFailed([RowError(0, "", exc.text)]) from exc
    measures = list(Measure.available_to(organization))
    by_header: dict[str, tuple[Measure, str]] = {}
    for measure, before, after in measure_columns(measures):
        by_header[normalize_header(before)] = (measure, "before")
        by_header[normalize_header(after)] = (measure, "after")
    errors: list[RowError] = []
    id_column = None
    columns: dict[int, tuple[Measure, str]] = {}
    for index, header in enumerate(table.headers):
        key = normalize_header(header)
        if key == normalize_header(ID_HEADER):
            id_column = index
        elif key in by_header:
            columns[index] = by_header[key]
        elif key and key != normalize_header(NAME_HEADER):
            errors.append(RowError(1, header, _("неизвестный столбец: такого показателя нет в каталоге")))
    if id_column is None:
        errors.append(RowError(1, ID_HEADER, _("нет столбца «%(name)s»") % {"name": ID_HEADER}))
        raise ImportFailed(errors)
    people = set(Participant.objects.filter(organization=organization).values_list("pk", flat=True))
    parsed: dict[tuple[int, int], dict[str, float | None]] = {}
    seen: dict[int, int] = {}
    for row_number, values in zip(table.row_numbers, table.rows, strict=True):
        raw_id = values[id_column] if id_column < len(values) else None
        try:
            person_id = int(_parse_number(raw_id) or 0)
        except (ValueError, OverflowError):
            person_id = 0
        if person_id not in people:
            errors.append(RowError(row_number, ID_HEADER, _("нет такого участника в организации")))
            continue
        if person_id in seen:
            errors.append(
                RowError(
                    row_number, ID_HEADER, _("участник уже есть в строке %(row)s") % {"row": seen[person_id]}
                )
            )
            continue
        seen[person_id] = row_number
        for index, (measure, side) in columns.items():
            cell = values[index] if index < len(values) else None
            try:
                number = _parse_number(cell)
            except (ValueError, OverflowError):
                errors.append(
                    RowError(row_number, table.headers[index], _("не число: «%(v)s»") % {"v": cell})
                )
                continue
            if number is None:
                continue
            problem = check_value(measure, number)
            if problem:
                errors.append(RowError(row_number, table.headers[index], problem))
                continue
            parsed.setdefault((person_id, measure.pk), {})[side] = number
    if errors:
        raise ImportFailed(errors)
    result = ImportResult(rows=len(table.rows))
    with transaction.atomic():
        existing = {
            (v.participant_id, v.measure_id): v
            for v in MeasureValue.objects.select_for_update().filter(
                organization=organization, academic_year=academic_year
            )
        }
        new, changed = [], []
        now = timezone.now()
        for (person_id, measure_id), sides in parsed.items():
            row = existing.get((person_id, measure_id))
            if row is None:
                new.append(
                    MeasureValue(
                        organization=organization,
                        participant_id=person_id,
                        measure_id=measure_id,
                        academic_year=academic_year,
                        before=sides.get("before"),
                        after=sides.get("after"),
                        created_by=acting_user,
                    )
                )
            else:
                for side, number in sides.items():
                    setattr(row, side, number)
                row.updated_at = now
                changed.append(row)
            result.values += len(sides)
        MeasureValue.objects.bulk_create(new, batch_size=1000)
        MeasureValue.objects.bulk_update(changed, ["before", "after", "updated_at"], batch_size=1000)
    return result


def measure_values_grid(
    organization: Organization, academic_year: int
) -> dict[tuple[int, int], MeasureValue]:
    return {
        (v.participant_id, v.measure_id): v
        for v in MeasureValue.objects.filter(organization=organization, academic_year=academic_year)
    }


def contingent_initial(organization: Organization, academic_year: int) -> dict[str, Any]:
    row = Contingent.objects.filter(organization=organization, academic_year=academic_year).first()
    return {name: getattr(row, name) for name in CONTINGENT_FIELDS} if row else {}


def set_target_codes(
    organization: Organization, codes_by_target: Mapping[int, str], *, acting_user: User | None
) -> int:
    """Say which indicator each roadmap target measures ("" — none). Unknown targets and codes are refused."""
    from nastavnik.methodology.indicators import CODES
    from nastavnik.roadmaps.models import ProgrammeTarget

    del acting_user  # ProgrammeTarget has no author fields; the roadmap's own history is not affected
    targets = {
        t.pk: t
        for t in ProgrammeTarget.objects.filter(organization=organization, pk__in=list(codes_by_target))
    }
    if set(codes_by_target) - set(targets) or any(c and c not in CODES for c in codes_by_target.values()):
        raise ValidationError(_("Неизвестная цель или показатель."))
    changed = [t for pk, t in targets.items() if t.indicator_code != codes_by_target[pk]]
    for target in changed:
        target.indicator_code = codes_by_target[target.pk]
    ProgrammeTarget.objects.bulk_update(changed, ["indicator_code"])
    return len(changed)
