"""The order «Об утверждении наставнических пар (групп)» as a Word file, from plain data (no queries here).

The layout follows the orders schools actually issue: the organization's full name, «ПРИКАЗ», the date
and number on one line, the title, a preamble citing the regulation on mentoring, «ПРИКАЗЫВАЮ:» with
numbered items, the director's signature line, and the appendix table of pairs and groups.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
    from docx.shared import Length as Length
    from docx.text.paragraph import Paragraph

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAIRINGS_TITLE = "Об утверждении наставнических пар (групп)"
APPENDIX_COLUMNS = ("№", "Наставник", "Наставляемый (наставляемые)", "Форма наставничества", "Ролевая модель")
#: How long mentors have to write the individual development plans (item 2 of the order).
PLAN_DAYS = 30


@dataclass(frozen=True)
class OrderRow:
    """One line of the appendix: a mentor with their mentee or group."""

    mentor: str
    mentees: tuple[str, ...]
    form: str
    role_model: str = ""


@dataclass(frozen=True)
class PairingsOrder:
    organization_full_name: str
    organization_short_name: str
    number: str
    date: dt.date
    rows: tuple[OrderRow, ...]
    director: str = ""  # "И.О. Фамилия"; blank line when the organization has no director account
    curator: str = ""  # "Фамилия И.О."
    title: str = PAIRINGS_TITLE


def initials_first(last_name: str, first_name: str, patronymic: str = "") -> str:
    """ "Т.Н. Мурадханова": the form a signature line uses."""
    initials = "".join(f"{part[0]}." for part in (first_name, patronymic) if part)
    return f"{initials} {last_name}".strip()


def plan_deadline(order_date: dt.date) -> dt.date:
    return order_date + dt.timedelta(days=PLAN_DAYS)


def new_document(*, left_margin: Length, font_size: float) -> DocxDocument:
    """An empty Word document set up like a school's paper: margins `left_margin`, 1.5 cm at the right,
    2 cm above and below; Times New Roman of `font_size` points with no space after a paragraph."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.left_margin, section.right_margin = left_margin, Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(font_size)
    normal.paragraph_format.space_after = Pt(0)
    return document


def add_paragraph(
    document: DocxDocument,
    text: str = "",
    *,
    bold: bool = False,
    align: WD_PARAGRAPH_ALIGNMENT | None = None,
    size: float | None = None,
    after: float | None = None,
    indent: Length | None = None,
) -> Paragraph:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    if indent is not None:
        paragraph.paragraph_format.first_line_indent = indent
    return paragraph


def build_pairings_order(order: PairingsOrder) -> bytes:
    """The .docx bytes; Word and LibreOffice open it, python-docx reads it back (tests do)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
    from docx.shared import Cm, Length, Pt

    document = new_document(left_margin=Cm(3), font_size=14)
    section = document.sections[0]
    text_width = Length((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    indent = Cm(1.25)
    date_text = f"{order.date:%d.%m.%Y}"

    add_paragraph(document, order.organization_full_name, bold=True, align=center, size=12, after=12)
    add_paragraph(document, "ПРИКАЗ", bold=True, align=center, size=16, after=12)
    line = document.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    line.add_run(f"от {date_text} г.\t№ {order.number}")
    line.paragraph_format.space_after = Pt(12)
    add_paragraph(document, order.title, bold=True, align=center, after=12)

    add_paragraph(
        document,
        f"В соответствии с Положением о наставничестве {order.organization_short_name}, в целях реализации "
        "целевой модели наставничества (распоряжение Министерства просвещения Российской Федерации "
        "от 25.12.2019 № Р-145), по итогам анкетирования и групповой встречи наставников и наставляемых",
        align=justify,
        indent=indent,
        after=6,
    )
    add_paragraph(document, "ПРИКАЗЫВАЮ:", bold=True, after=6)
    control = (
        f"куратора программы наставничества ({order.curator})"
        if order.curator
        else "куратора программы наставничества"
    )
    items = [
        "Утвердить наставнические пары (группы) согласно приложению к настоящему приказу.",
        "Наставникам разработать совместно с наставляемыми индивидуальные планы развития "
        f"в срок до {plan_deadline(order.date):%d.%m.%Y} г. и организовать работу наставнических пар (групп) "
        "в соответствии с программой наставничества.",
        f"Контроль за исполнением настоящего приказа возложить на {control}.",
    ]
    for number, text in enumerate(items, start=1):
        add_paragraph(document, f"{number}. {text}", align=justify, indent=indent, after=3)

    add_paragraph(document, after=12)
    signature = document.add_paragraph()
    signature.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    signature.add_run(f"Директор\t____________ {order.director or '________________'}")

    # Appendix on its own page.
    signature.add_run().add_break(WD_BREAK.PAGE)
    for text in (
        "Приложение",
        f"к приказу {order.organization_short_name}",
        f"от {date_text} г. № {order.number}",
    ):
        add_paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT, size=12)
    add_paragraph(document, after=6)
    add_paragraph(document, "Наставнические пары (группы)", bold=True, align=center, after=6)

    widths = (Cm(1.0), Cm(4.5), Cm(5.5), Cm(3.5), Cm(4.0))
    table = document.add_table(rows=1, cols=len(APPENDIX_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text, width in zip(table.rows[0].cells, APPENDIX_COLUMNS, widths, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(12)
        cell.width = width
    for number, row in enumerate(order.rows, start=1):
        cells = table.add_row().cells
        values = (str(number), row.mentor, None, row.form, row.role_model or "—")
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = width
            if value is not None:
                cell.text = ""
                cell.paragraphs[0].add_run(value).font.size = Pt(12)
        mentees = cells[2]
        mentees.text = ""
        for k, name in enumerate(row.mentees):
            paragraph = mentees.paragraphs[0] if k == 0 else mentees.add_paragraph()
            paragraph.add_run(name).font.size = Pt(12)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
