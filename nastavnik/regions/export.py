"""The region's table as XLSX: one row per organization, the indicator columns (suppressed cells say «< 5»)."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from nastavnik.core.xlsx import write_row
from nastavnik.roadmaps.models import academic_year_label

from .queries import COUNT_CODES, SUPPRESSED


def _cell(item: dict[str, Any]) -> Any:
    if item["suppressed"]:
        return SUPPRESSED
    return item["value"]


def _header(report: dict[str, Any], first: list[str]) -> list[str]:
    columns = list(first)
    for code, title in zip(report["codes"], report["titles"], strict=True):
        columns.append(
            title if code in COUNT_CODES else f"{title}, {'%' if 'satisfaction' not in code else _('балл')}"
        )
    columns += [_("Дорожная карта: выполнено, %"), _("Просрочено мероприятий")]
    return columns


def report_xlsx(report: dict[str, Any]) -> bytes:
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = _("Организации")
    territory = report.get("municipality_name") or report["region_name"]
    write_row(
        sheet,
        1,
        [f"{territory}: {_('показатели наставничества')}, {academic_year_label(report['academic_year'])}"],
    )
    sheet.cell(row=1, column=1).font = Font(bold=True)
    write_row(
        sheet,
        2,
        [
            _(
                "«< 5» — число меньше пяти скрыто (и ещё одно рядом, чтобы его нельзя было вычислить из итогов)."
            )
        ],
    )
    write_row(sheet, 4, _header(report, [_("Муниципалитет"), _("Организация"), _("Код")]))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    row = 5
    for org in report["organizations"]:
        write_row(
            sheet,
            row,
            [org["municipality_name"], org["name"], org["slug"]]
            + [_cell(i) for i in org["indicators"]]
            + [org["roadmap"]["percent"], org["roadmap"]["overdue"]],
        )
        row += 1
    write_row(
        sheet,
        row,
        [_("Итого"), territory, ""]
        + [_cell(i) for i in report["totals"]]
        + [report["roadmap"]["percent"], report["roadmap"]["overdue"]],
    )
    for cell in sheet[row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "D5"
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 36

    municipalities = workbook.create_sheet(_("Муниципалитеты"))
    write_row(municipalities, 1, _header(report, [_("Муниципалитет"), _("Организаций")]))
    for index, m in enumerate(report["municipalities"], start=2):
        write_row(
            municipalities,
            index,
            [m["name"], m["organizations_count"]]
            + [_cell(i) for i in m["indicators"]]
            + [m["roadmap"]["percent"], m["roadmap"]["overdue"]],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(report: dict[str, Any]) -> str:
    name = f"Показатели наставничества {report['region']} {academic_year_label(report['academic_year'])}.xlsx"
    return quote(name.replace("/", "-"))
