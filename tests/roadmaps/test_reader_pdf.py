"""PDF roadmaps: a DOCX and the PDF Word (here LibreOffice) saves from it read the same.

The PDFs in ``fixtures/pdf`` are built from the DOCX next to them by
``fixtures/build_pdf_fixtures.py`` (LibreOffice headless) and committed, so this
suite needs no LibreOffice.  They cover the seeds written as schools write them
(header repeated on every page, running header, page numbers, rows split over a
page break), columns so narrow that words break inside cells, a multi-page
table, and a scan.
"""

from __future__ import annotations

from typing import Any

import pytest

from nastavnik.roadmaps.reader import RoadmapDraft, RoadmapReadError, read_roadmap
from nastavnik.roadmaps.reader.normalize import one_line
from nastavnik.roadmaps.reader.pdf import MAX_PAGES, read_pdf
from tests.roadmaps.fixtures import FIXTURES

PDF = FIXTURES / "pdf"
PAIRS = ["school_5", "kindergarten_14", "correctional", "narrow_columns", "long_table"]


def content(draft: RoadmapDraft) -> dict[str, Any]:
    """What must survive the trip to PDF: stages, activities, deadlines, people, results, targets, risks."""
    return {
        "title": draft.title,
        "organization": draft.organization,
        "academic_year": draft.academic_year,
        "approval": draft.approval.to_dict() if draft.approval else None,
        "stages": [
            (
                s.number,
                s.title,
                [
                    (
                        a.number,
                        a.title,
                        a.deadline.to_dict() if a.deadline else None,
                        a.responsible,
                        one_line(a.result),  # a PDF knows lines, not paragraphs, inside a result
                    )
                    for a in s.activities
                ],
            )
            for s in draft.stages
        ],
        "targets": [t.to_dict() for t in draft.targets],
        "risks": [r.to_dict() for r in draft.risks],
    }


@pytest.mark.parametrize("name", PAIRS)
def test_a_docx_and_its_pdf_import_the_same(name):
    docx_draft = read_roadmap(PDF / f"{name}.docx")
    pdf_draft = read_roadmap(PDF / f"{name}.pdf")
    assert pdf_draft.source_format == "pdf"
    assert docx_draft.activities, "the fixture must hold a plan"
    assert content(pdf_draft) == content(docx_draft)
    assert pdf_draft.warnings == docx_draft.warnings


def test_the_seed_pdf_has_what_a_person_reads_in_it():
    draft = read_roadmap(PDF / "school_5.pdf")
    assert draft.organization == (
        "Муниципальное казенное общеобразовательное учреждение «Средняя общеобразовательная школа № 5»"
    )
    assert draft.academic_year == 2023
    first = draft.activities[0]
    assert (first.number, first.deadline.text if first.deadline else None) == ("1.1", "до 01.09.2023")
    assert first.responsible == ["Директор МКОУ «СОШ №5» Мурадханова Т.Н."]
    people = [a.responsible for a in draft.activities if a.number == "2.1"][0]
    assert people == [
        "Директор МКОУ «СОШ № 5» Мурадханова Т.Н.",
        "Заместитель директора по УВР Миранова Г.С.",
        "руководители МО",
    ]


def test_a_table_over_pages_is_one_table_without_its_repeated_header_or_page_furniture():
    document = read_pdf((PDF / "long_table.pdf").read_bytes())
    tables = [b for b in document.blocks if not isinstance(b, str)]
    assert len(tables) == 1
    texts = [one_line(c.text) for row in tables[0].rows for c in row]
    assert texts.count("Мероприятие") == 1  # the header Word repeats on every page
    lines = [b for b in document.blocks if isinstance(b, str)]
    assert not any("Страница" in t or "Дорожная карта наставничества" in t for t in lines + texts)
    draft = read_roadmap(PDF / "long_table.pdf")
    assert [a.number for a in draft.activities] == [f"{s}.{a}" for s in (1, 2) for a in range(1, 10)]
    assert not any(a.title == "Мероприятие" for a in draft.activities)


def test_words_broken_by_narrow_columns_are_rejoined():
    draft = read_roadmap(PDF / "narrow_columns.pdf")
    titles = [a.title for a in draft.activities]
    assert titles == [
        "Информирование педагогического коллектива",
        "Анкетирование наставляемых",
        "Формирование наставнических пар",
        "Мониторинг удовлетворённости участников",
    ]
    assert draft.activities[0].responsible == ["Заместитель директора по УВР"]
    assert draft.activities[1].responsible == ["Куратор", "Педагог-психолог"]
    deadlines = [a.deadline.text if a.deadline else None for a in draft.activities[:2]]
    assert deadlines == ["сентябрь 2024", "сентябрь 2024"]  # one «Сроки» box spanning both rows
    assert (
        draft.activities[3].deadline is not None and draft.activities[3].deadline.text == "Март-апрель 2025"
    )


@pytest.mark.parametrize("name", ["scan", "scan_with_caption"])
def test_a_scan_is_refused_with_what_to_do(name):
    """Pages that are only pictures, or a typed heading above the photographed table."""
    with pytest.raises(RoadmapReadError) as error:
        read_roadmap(PDF / f"{name}.pdf")
    assert error.value.message.startswith("Это скан")
    assert "Word (DOCX)" in error.value.message and "PDF, сохранённый из Word" in error.value.message


def test_a_broken_or_oversized_pdf_is_refused(monkeypatch):
    with pytest.raises(RoadmapReadError, match="PDF-файл: он повреждён"):
        read_roadmap(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n" + b"\x00" * 50)
    monkeypatch.setattr("nastavnik.roadmaps.reader.pdf.MAX_PAGES", 2)
    with pytest.raises(RoadmapReadError, match="страниц"):
        read_roadmap(PDF / "school_5.pdf")
    assert MAX_PAGES >= 100


def test_a_side_by_side_approval_block_is_read_column_by_column():
    """«ПРИНЯТО … | УТВЕРЖДАЮ …» laid out with a borderless table has no ruling lines in the PDF."""
    document = read_pdf((PDF / "school_5.pdf").read_bytes())
    lines = [b for b in document.blocks if isinstance(b, str)]
    assert "ПРИНЯТО" in lines and "УТВЕРЖДАЮ" in lines
    assert lines.index("Протокол № 1") < lines.index("УТВЕРЖДАЮ")
    approval = read_roadmap(PDF / "school_5.pdf").approval
    assert approval is not None
    assert approval.to_dict() == {
        "order_number": "232",
        "order_date": "2023-09-01",
        "approved_by": "Директор МКОУ «СОШ № 5» Т.Н.Мурадханова",
    }


def test_text_in_the_page_margins_is_dropped_only_when_it_repeats():
    """The organization's name as a running header is furniture; the same name in the title block is not."""
    draft = read_roadmap(PDF / "school_5.pdf")
    assert draft.organization_names[0].startswith("Муниципальное казенное")
    assert draft.title.startswith("План мероприятий (дорожная карта)")


def test_characters_printed_twice_for_bold_are_read_once():
    from nastavnik.roadmaps.reader.pdf import _unique_chars

    def char(text: str, x0: float) -> dict[str, object]:
        return {"text": text, "x0": x0, "x1": x0 + 5, "top": 100.0, "bottom": 110.0}

    chars = [char("Э", 10), char("Э", 10.02), char("т", 15), char(" ", 20), char("т", 15)]
    assert [c["text"] for c in _unique_chars(chars)] == ["Э", "т"]
