"""Export to Word and Excel in the official form, and the round trip: export → import gives the same plan."""

import io
from datetime import date

import docx
import openpyxl
import pytest

from nastavnik.roadmaps import services
from nastavnik.roadmaps.export import COLUMNS, export_docx, export_xlsx
from nastavnik.roadmaps.models import Activity, Stage
from nastavnik.roadmaps.reader import read_roadmap
from nastavnik.roadmaps.roadmap_templates import template_kinds
from tests.roadmaps.roadmap_builders import ALL_SEEDS

EXPORTERS = {"docx": export_docx, "xlsx": export_xlsx}


def plan_of(roadmap):
    stages = [(s.number, s.title) for s in Stage.objects.filter(roadmap=roadmap).order_by("position")]
    activities = [
        (
            a.number,
            a.title,
            a.deadline_text,
            a.deadline_start,
            a.deadline_end,
            [r.label for r in a.responsible.all()],
            a.expected_result,
        )
        for a in Activity.objects.filter(roadmap=roadmap).order_by("position")
    ]
    return stages, activities


def plan_read(draft):
    stages = [(s.number or "", s.title) for s in draft.stages]
    activities = [
        (
            a.number or "",
            a.title,
            a.deadline.text if a.deadline else "",
            a.deadline.start if a.deadline else None,
            a.deadline.end if a.deadline else None,
            a.responsible,
            a.result or "",
        )
        for a in draft.activities
    ]
    return stages, activities


@pytest.mark.parametrize("fmt", EXPORTERS)
@pytest.mark.parametrize("seed", ALL_SEEDS, ids=lambda p: p.stem)
def test_seed_round_trip(seed, fmt, organization):
    roadmap = services.import_roadmap(organization, read_roadmap(seed), acting_user=None)
    data = EXPORTERS[fmt](roadmap)
    back = read_roadmap(data, f"export.{fmt}")
    assert back.academic_year == roadmap.academic_year
    assert plan_read(back) == plan_of(roadmap)


@pytest.mark.parametrize("fmt", EXPORTERS)
@pytest.mark.parametrize("kind", [k for k, _ in template_kinds()])
def test_template_round_trip_with_approval_and_risks(kind, fmt, organization):
    roadmap = services.create_programme_from_template(
        organization, academic_year=2026, kind=kind, acting_user=None
    )
    roadmap.approved_by, roadmap.order_number, roadmap.order_date = (
        "Директор Т.Н. Мурадханова",
        "232",
        date(2026, 9, 1),
    )
    roadmap.save()
    back = read_roadmap(EXPORTERS[fmt](roadmap), f"export.{fmt}")
    assert plan_read(back) == plan_of(roadmap)
    assert back.approval is not None
    assert (back.approval.order_number, back.approval.order_date) == ("232", date(2026, 9, 1))
    assert [(r.risk, r.mitigation) for r in back.risks] == list(
        roadmap.risks.values_list("risk", "mitigation")
    )


def test_docx_is_in_the_official_form(organization):
    roadmap = services.create_programme_from_template(
        organization, academic_year=2026, kind="school", acting_user=None
    )
    roadmap.approved_by, roadmap.order_number, roadmap.order_date = (
        "Директор МБОУ «СОШ № 1» Иванова И.И.",
        "17",
        date(2026, 8, 30),
    )
    roadmap.save()
    document = docx.Document(io.BytesIO(export_docx(roadmap)))
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    assert lines[:3] == ["УТВЕРЖДАЮ", "Директор МБОУ «СОШ № 1» Иванова И.И.", "Приказ № 17 от 30.08.2026 г."]
    assert roadmap.title in lines[3]
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(COLUMNS)
    stage_row = table.rows[1]
    assert len({id(c._tc) for c in stage_row.cells}) == 1  # merged across all five columns
    assert stage_row.cells[0].text == "1. Подготовка условий для запуска программы наставничества"
    first = [c.text for c in table.rows[2].cells]
    assert first[0] == "1.1" and first[2] == "сентябрь" and "Директор" in first[3]


def test_docx_without_an_order_leaves_blanks_to_fill(organization):
    roadmap = services.create_programme_from_template(
        organization, academic_year=2026, kind="kindergarten", acting_user=None
    )
    document = docx.Document(io.BytesIO(export_docx(roadmap)))
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    assert lines[0] == "УТВЕРЖДАЮ" and lines[1] == f"Директор {organization.short_name}"
    assert lines[2].startswith("Приказ от «___»")
    assert read_roadmap(export_docx(roadmap)).approval.order_number is None


def test_xlsx_has_header_merged_stages_widths_and_wrapping(organization):
    roadmap = services.create_programme_from_template(
        organization, academic_year=2026, kind="college", acting_user=None
    )
    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(roadmap)))
    sheet = workbook["Дорожная карта"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "№ п/п")
    assert list(rows[header]) == list(COLUMNS)
    stage_row = header + 2  # 1-based in openpyxl
    assert any(str(r) == f"A{stage_row}:E{stage_row}" for r in sheet.merged_cells.ranges)
    assert rows[header + 1][0].startswith("1. ")
    assert sheet.column_dimensions["B"].width == 60
    assert sheet.cell(row=stage_row + 1, column=2).alignment.wrap_text
    assert sheet.cell(row=stage_row + 1, column=1).value == "1.1"  # numbers stay text («1.10» ≠ 1.1)
    assert workbook["Риски"].cell(row=2, column=1).value


def test_export_query_count_does_not_grow(organization, django_assert_max_num_queries):
    roadmap = services.create_programme_from_template(
        organization, academic_year=2026, kind="school", acting_user=None
    )
    with django_assert_max_num_queries(6):
        export_docx(roadmap)
    with django_assert_max_num_queries(6):
        export_xlsx(roadmap)
