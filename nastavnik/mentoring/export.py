"""The curator's list of pairings as an Excel workbook: one row per pairing with the figures of the page.

Every cell a person typed goes through `core.xlsx` (written as text, formula-like text neutralised); names
follow the page's rules (a revoked consent is a hidden label to everyone but the curator).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from nastavnik.core.xlsx import write_row

from .models import Meeting, Pairing

COLUMNS = (
    ("№", 5),
    ("Наставник", 30),
    ("Наставляемые", 40),
    ("Форма наставничества", 24),
    ("Ролевая модель", 28),
    ("Вид", 14),
    ("Статус", 18),
    ("Этап", 24),
    ("Проведено встреч", 10),
    ("Последняя встреча", 16),
    ("Следующая встреча", 18),
    ("Средняя оценка", 10),
    ("Встреч без обратной связи", 12),
    ("Выполнено задач плана, %", 12),
    ("Требует внимания", 50),
)


def _local(moment: object) -> str:
    return f"{timezone.localtime(moment):%d.%m.%Y %H:%M}" if moment else ""  # type: ignore[arg-type]


def pairings_xlsx(rows: Sequence[Pairing]) -> bytes:
    """`rows`: labelled pairings with their figures and attention (views.pairings builds them)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Пары и группы"
    write_row(sheet, 1, [title for title, _width in COLUMNS])
    for column, (_title, width) in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    kinds = dict(Meeting.Kind.choices)
    for number, pairing in enumerate(rows, start=1):
        stage = getattr(pairing, "stage", None)
        progress = getattr(pairing, "progress", None)
        average = getattr(pairing, "feedback_average", None)
        write_row(
            sheet,
            number + 1,
            [
                number,
                pairing.mentor_name,
                ", ".join(m.display_name for m in pairing.members.all()),
                pairing.form.title,
                pairing.role_model.title if pairing.role_model is not None else "",
                pairing.get_kind_display(),
                pairing.get_status_display(),
                str(kinds.get(stage, "не начата")) if stage else "не начата",
                getattr(pairing, "meetings_held", 0),
                _local(getattr(pairing, "last_meeting_at", None)),
                _local(getattr(pairing, "next_meeting_at", None)),
                round(average, 1) if average is not None else "",
                getattr(pairing, "feedback_missing", 0),
                progress if progress is not None else "",
                "; ".join(getattr(pairing, "attention_reasons", [])),
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
