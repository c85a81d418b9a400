"""The roadmap as the documents schools file: Word in the official form and an Excel workbook.

Both use the columns «№ п/п | Мероприятие | Сроки | Ответственные | Результат», with each stage as a row
merged across the table, so that the roadmap reader reads an exported file back into the same stages
and activities (tests prove the round trip).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db.models import Prefetch

from .models import Activity, ActivityResponsible, Roadmap, Stage

COLUMNS = ("№ п/п", "Мероприятие", "Сроки", "Ответственные", "Результат")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ExportStage:
    stage: Stage
    activities: list[Activity]


def export_rows(roadmap: Roadmap) -> list[ExportStage]:
    """Stages with their activities and responsible people: three queries whatever the size."""
    stages = list(Stage.objects.filter(roadmap=roadmap).order_by("position", "id"))
    activities = (
        Activity.objects.filter(roadmap=roadmap)
        .order_by("position", "id")
        .prefetch_related(
            Prefetch("responsible", queryset=ActivityResponsible.objects.order_by("position", "id"))
        )
    )
    by_stage: dict[int, list[Activity]] = {s.pk: [] for s in stages}
    for activity in activities:
        by_stage[activity.stage_id].append(activity)
    return [ExportStage(s, by_stage[s.pk]) for s in stages]


def _stage_text(stage: Stage) -> str:
    number = stage.number.strip().rstrip(".")
    return f"{number}. {stage.title}" if number else stage.title


def _approval_lines(roadmap: Roadmap) -> list[str]:
    organization = roadmap.organization
    approved_by = roadmap.approved_by or f"Директор {organization.short_name}"
    lines = ["УТВЕРЖДАЮ", approved_by]
    number, day = roadmap.order_number, roadmap.order_date
    if number and day:
        lines.append(f"Приказ № {number} от {day:%d.%m.%Y} г.")
    elif number:
        lines.append(f"Приказ № {number}")
    elif day:
        lines.append(f"Приказ от {day:%d.%m.%Y} г.")
    else:
        lines.append("Приказ от «___» __________ 20__ г. № ______")  # blanks to fill in by hand
    return lines


def _year_line(roadmap: Roadmap) -> str:
    return f"на {roadmap.academic_year}-{roadmap.academic_year + 1} учебный год"


def _title(roadmap: Roadmap) -> str:
    """The roadmap's title, naming the school year when it does not already."""
    title = roadmap.title.strip()
    return title if str(roadmap.academic_year) in title else f"{title} {_year_line(roadmap)}"


def _responsible_lines(activity: Activity) -> list[str]:
    return [r.label for r in activity.responsible.all()]


def export_docx(roadmap: Roadmap) -> bytes:
    """Word: approval block, title, the plan table with merged stage rows, then the risks."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt
    from docx.table import _Cell

    stages = export_rows(roadmap)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)

    for line in _approval_lines(roadmap):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)
    document.add_paragraph()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(_title(roadmap))
    run.bold = True
    run.font.size = Pt(13)

    widths = (Cm(1.6), Cm(9.5), Cm(3.6), Cm(5.2), Cm(6.5))
    total = 1 + len(stages) + sum(len(entry.activities) for entry in stages)
    # All rows at once, cells straight from the XML rows: python-docx's add_row() and row.cells walk the
    # whole table on every call, which is quadratic on a big plan.
    table = document.add_table(rows=total, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    trs = table._tbl.tr_lst

    def row_cells(i: int) -> list[_Cell]:
        return [_Cell(tc, table) for tc in trs[i].tc_lst]

    for cell, text, width in zip(row_cells(0), COLUMNS, widths, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
        cell.width = width
    index = 1
    for entry in stages:
        cells = row_cells(index)
        merged = cells[0].merge(cells[-1])
        merged.text = ""
        merged.paragraphs[0].add_run(_stage_text(entry.stage)).bold = True
        index += 1
        for activity in entry.activities:
            cells = row_cells(index)
            index += 1
            cells[0].text = activity.number
            cells[1].text = activity.title
            cells[2].text = activity.deadline_text
            labels = _responsible_lines(activity)
            cells[3].text = labels[0] if labels else ""
            for label in labels[1:]:
                cells[3].add_paragraph(label)
            cells[4].text = activity.expected_result
            for cell, width in zip(cells, widths, strict=True):
                cell.width = width

    risks = list(roadmap.risks.order_by("position", "id"))
    if risks:
        document.add_paragraph()
        heading = document.add_paragraph()
        heading.add_run("Риски реализации программы наставничества и меры по их минимизации").bold = True
        risk_table = document.add_table(rows=1, cols=2)
        risk_table.style = "Table Grid"
        for cell, text in zip(risk_table.rows[0].cells, ("Риск", "Меры по минимизации риска"), strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for risk in risks:
            cells = risk_table.add_row().cells
            cells[0].text = risk.risk
            cells[1].text = risk.mitigation
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def export_xlsx(roadmap: Roadmap) -> bytes:
    """Excel: the title block above a header row, stage rows merged across, wrapped text, set widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from nastavnik.core.xlsx import write

    stages = export_rows(roadmap)
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Дорожная карта"
    last_column = get_column_letter(len(COLUMNS))
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    row = 1
    for line in _approval_lines(roadmap):
        cell = write(sheet, row, len(COLUMNS), line)
        cell.alignment = Alignment(horizontal="right")
        row += 1
    row += 1
    write(sheet, row, 1, _title(roadmap)).font = Font(bold=True, size=13)
    sheet.merge_cells(f"A{row}:{last_column}{row}")
    sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
    sheet.row_dimensions[row].height = 36
    row += 2

    header_row = row
    for column, text in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        cell.border = border
    stage_fill = PatternFill("solid", fgColor="F2F2F2")
    for entry in stages:
        row += 1
        cell = write(sheet, row, 1, _stage_text(entry.stage))
        cell.font = Font(bold=True)
        cell.fill = stage_fill
        cell.alignment = wrap
        sheet.merge_cells(f"A{row}:{last_column}{row}")
        for activity in entry.activities:
            row += 1
            values = (
                activity.number,
                activity.title,
                activity.deadline_text,
                "\n".join(_responsible_lines(activity)),
                activity.expected_result,
            )
            for column, value in enumerate(values, start=1):
                cell = write(sheet, row, column, value or None)
                cell.alignment = wrap
                cell.border = border
                cell.number_format = "@"
    for letter, width in zip("ABCDE", (8, 60, 18, 32, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"

    risks = list(roadmap.risks.order_by("position", "id"))
    if risks:
        risk_sheet = workbook.create_sheet("Риски")
        for column, text in enumerate(("Риск", "Меры по минимизации риска"), start=1):
            risk_sheet.cell(row=1, column=column, value=text).font = Font(bold=True)
        for index, risk in enumerate(risks, start=2):
            write(risk_sheet, index, 1, risk.risk).alignment = wrap
            write(risk_sheet, index, 2, risk.mitigation or None).alignment = wrap
        risk_sheet.column_dimensions["A"].width = 60
        risk_sheet.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
