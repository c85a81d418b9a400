"""The same roadmap reads the same from text, DOCX and XLSX; format-specific layouts.

DOCX and XLSX files are generated in the tests (python-docx, openpyxl) from
the same description as the text, so no binaries are committed.
"""

import io
from datetime import date

import docx
import openpyxl
import pytest

from nastavnik.roadmaps.reader import read_roadmap
from tests.roadmaps.fixtures import SEEDS
from tests.roadmaps.fixtures.builders import SAMPLE, docx_with_table, save, to_docx, to_text, to_xlsx


@pytest.fixture(scope="module")
def from_text():
    return read_roadmap(to_text().encode("utf-8"))


def test_sample_text_reads_as_written(from_text):
    draft = from_text
    assert draft.title == (
        "План мероприятий (дорожная карта) внедрения целевой модели наставничества в МБОУ «СОШ № 7» "
        "на 2024-2025 учебный год"
    )
    assert (
        draft.organization
        == "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»"
    )
    assert draft.academic_year == 2024
    assert draft.approval.to_dict() == {
        "order_number": "45-од",
        "order_date": "2024-08-30",
        "approved_by": "Директор МБОУ «СОШ № 7» И.И.Петрова",
    }
    assert [(s.number, s.title, len(s.activities)) for s in draft.stages] == [
        ("1", "Подготовительный этап", 3),
        ("2", "Основной этап", 3),
    ]
    first = draft.stages[0].activities
    assert first[1].title == "Разработка положения о наставничестве (с приложениями)"
    assert first[1].responsible == ["Заместитель директора по УВР Сидорова А.А.", "куратор"]
    assert first[2].title == "Формирование базы наставников и наставляемых"
    assert first[2].responsible == ["куратор", "классные руководители"]
    assert first[2].result == "База наставников и наставляемых"
    second = draft.stages[1].activities
    assert second[0].responsible == ["куратор", "педагог-психолог Иванова И.И."]
    assert (second[0].deadline.start, second[0].deadline.end) == (date(2024, 11, 1), date(2024, 12, 31))
    assert second[1].deadline.recurrence == "monthly"
    assert second[2].result == "Отчёт\nПубликация на сайте"
    assert [t.to_dict() for t in draft.targets] == [
        {
            "text": "к концу 2025 года не менее 70% обучающихся в возрасте от 10 до 18 лет вовлечены "
            "в различные формы наставничества.",
            "percent": 70,
            "by": "2025-12-31",
        },
        {
            "text": "Не менее 50% педагогов в возрасте до 35 лет вовлечены в программы наставничества "
            "к концу 2024-2025 учебного года.",
            "percent": 50,
            "by": "2025-05-31",
        },
        {
            "text": "к 2025 году не менее 30% выпускников школы вовлечены в программы наставничества "
            "в роли наставников.",
            "percent": 30,
            "by": "2025-12-31",
        },
    ]
    assert [r.to_dict() for r in draft.risks] == [
        {
            "risk": "Низкая мотивация педагогов к участию",
            "mitigation": "Система морального и материального стимулирования",
        },
        {"risk": "Нехватка времени у наставников", "mitigation": "Гибкий график встреч, онлайн-формат"},
    ]
    assert draft.warnings == []


@pytest.mark.parametrize(
    "render",
    [to_docx, lambda: to_docx(stage_number_cell=True), to_xlsx],
    ids=["docx-merged-stage", "docx-number-then-merged", "xlsx"],
)
def test_docx_and_xlsx_read_like_the_text(render, from_text):
    assert read_roadmap(render()).to_dict() == from_text.to_dict()


def test_source_format_is_detected_from_bytes_not_name(from_text):
    assert read_roadmap(to_docx(), "карта.xlsx").source_format == "docx"
    assert read_roadmap(to_xlsx(), "карта.docx").source_format == "xlsx"
    assert from_text.source_format == "text"


def _text_table_rows(path):
    """Title lines and tab-separated rows of a «rows on lines» seed."""
    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("№"))
    rows = [line.split("\t") for line in lines[header:] if line.strip()]
    return lines[:header], rows


@pytest.mark.parametrize("name", ["roadmap_school_5.txt", "roadmap_correctional_school.txt"])
def test_seed_as_docx_and_xlsx_reads_like_the_seed(name):
    path = SEEDS / name
    title, rows = _text_table_rows(path)
    width = len(rows[0])
    document = docx.Document()
    for line in title:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=width)
    workbook = openpyxl.Workbook()
    ws = workbook.active
    for line in title:
        ws.append([line or None])
    for row in rows:
        row = (row + [""] * width)[:width]
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
        ws.append([text or None for text in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    expected = read_roadmap(path).to_dict()
    assert read_roadmap(save(document)).to_dict() == expected
    assert read_roadmap(buffer.getvalue()).to_dict() == expected


def test_kindergarten_as_docx_with_multi_paragraph_cells():
    """The «cells on lines» seed as a real Word table: bullet paragraphs, a stage column, a split row."""
    header = ["№", "Наименование этапа", "Мероприятия", "Длительность этапа", "Ответственные"]
    rows = [
        [
            "1.",
            "Подготовка условий для запуска программы наставничества",
            "· информирование педагогического сообщества;\n· назначить куратора;\n· обеспечить нормативно-правовое оформление;",
            "апрель, май 2020 г.",
            "Чеснокова Г.Я., заведующий\nГоджаева С.В., ст. воспитатель",
        ],
        [
            "5.",
            "Формирование наставнических пар /",
            "- организовать групповые встречи для",
            "июнь 2020 г.",
            "Чеснокова Г.Я.,",
        ],
        ["", "групп", "информирования участников.\n- проведение встречи-планирования.", "", "заведующий"],
    ]
    draft = read_roadmap(save(docx_with_table(header, rows, ["ДОРОЖНАЯ КАРТА", "внедрения наставничества"])))
    assert [(s.number, s.title, len(s.activities)) for s in draft.stages] == [
        ("1", "Подготовка условий для запуска программы наставничества", 3),
        ("5", "Формирование наставнических пар / групп", 2),
    ]
    assert draft.stages[0].activities[1].title == "назначить куратора"
    assert draft.stages[0].activities[1].responsible == [
        "Чеснокова Г.Я., заведующий",
        "Годжаева С.В., ст. воспитатель",
    ]
    assert (
        draft.stages[1].activities[0].title == "организовать групповые встречи для информирования участников."
    )
    assert draft.stages[1].activities[1].responsible == ["Чеснокова Г.Я., заведующий"]
    assert draft.title == "Дорожная карта внедрения наставничества"


def test_docx_vertically_merged_stage_column():
    """«Этап» merged down over its activities: one stage, one activity per row, shared stage deadline."""
    header = ["Этап", "Мероприятие", "Срок", "Ответственный"]
    rows = [
        ["I. Подготовительный", "Назначение куратора", "сентябрь 2024", "директор"],
        ["", "Анкетирование педагогов", "октябрь 2024", "куратор"],
        ["II. Основной", "Встречи пар", "ежемесячно", "наставники"],
        ["", "Мониторинг", "", "куратор"],
    ]
    document = docx_with_table(header, rows)
    table = document.tables[0]
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(3, 2).merge(table.cell(4, 2))  # one deadline for both activities of stage II
    table.cell(3, 0).merge(table.cell(4, 0))
    draft = read_roadmap(save(document), academic_year=2024)
    assert [(s.number, s.title) for s in draft.stages] == [("I", "Подготовительный"), ("II", "Основной")]
    assert [a.title for a in draft.stages[0].activities] == ["Назначение куратора", "Анкетирование педагогов"]
    assert [a.deadline.text for a in draft.stages[0].activities] == ["сентябрь 2024", "октябрь 2024"]
    assert [a.deadline.recurrence for a in draft.stages[1].activities] == ["monthly", "monthly"]
    assert draft.stages[1].activities[1].responsible == ["куратор"]


def test_docx_horizontal_merge_is_not_read_twice():
    header = ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Результат"]
    rows = [
        ["1.", "Организационный этап", "", "", ""],
        ["1.1.", "Назначение куратора", "сентябрь 2024", "директор", "Приказ"],
        ["1.2.", "Информирование", "в течение года", "куратор", "Информация на сайте"],
    ]
    document = docx_with_table(header, rows)
    table = document.tables[0]
    table.cell(1, 1).merge(table.cell(1, 4))  # stage title across the rest of the row
    table.cell(3, 4).text = ""
    table.cell(3, 3).merge(table.cell(3, 4))  # responsible spills into the result column
    draft = read_roadmap(save(document), academic_year=2024)
    assert draft.stages[0].title == "Организационный этап"
    second = draft.stages[0].activities[1]
    assert second.responsible == ["куратор"]
    assert second.result is None
    assert second.deadline.start == date(2024, 9, 1)


def test_docx_title_block_in_a_layout_table_and_split_tables():
    """ПРИНЯТО | УТВЕРЖДАЮ side by side in a borderless table; the roadmap table continued in a second table."""
    document = docx.Document()
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "ПРИНЯТО\nпедагогическим советом\nПротокол № 1 от 28.08.2024"
    layout.cell(0, 1).text = "УТВЕРЖДАЮ\nДиректор МБОУ «Лицей № 2»\nА.Б. Смирнова\nПриказ № 77 от 29.08.2024"
    document.add_paragraph("Дорожная карта реализации программы наставничества на 2024/2025 учебный год")
    first = document.add_table(rows=1, cols=4)
    for cell, text in zip(first.rows[0].cells, ["№", "Мероприятие", "Сроки", "Ответственные"], strict=True):
        cell.text = text
    for values in (["1", "Подготовка", "", ""], ["1.1", "Приказ о наставничестве", "сентябрь", "директор"]):
        for cell, text in zip(first.add_row().cells, values, strict=True):
            cell.text = text
    document.add_paragraph("")
    second = document.add_table(rows=0, cols=4)
    for values in (["1.2", "Положение о наставничестве", "октябрь", "куратор"],):
        for cell, text in zip(second.add_row().cells, values, strict=True):
            cell.text = text
    draft = read_roadmap(save(document))
    assert draft.academic_year == 2024
    assert draft.organization == "МБОУ «Лицей № 2»"
    assert draft.approval.to_dict() == {
        "order_number": "77",
        "order_date": "2024-08-29",
        "approved_by": "Директор МБОУ «Лицей № 2» А.Б. Смирнова",
    }
    assert [a.number for a in draft.activities] == ["1.1", "1.2"]
    assert draft.activities[1].deadline.start == date(2024, 10, 1)


def test_exporter_form_round_trips():
    """The lead's exporter writes «№ п/п | Мероприятие | Сроки | Ответственные | Результат» with merged stages."""
    header = ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Результат"]
    document = docx.Document()
    document.add_paragraph("План мероприятий (дорожная карта) реализации программы наставничества")
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    layout = [
        ("1", "Подготовительный этап", None),
        ("1.1", "Назначение куратора", ["сентябрь 2025", "Иванова И.И.", "Приказ"]),
        ("1.2", "Анкетирование", ["октябрь 2025", "куратор\nклассные руководители", ""]),
        ("2", "Реализация", None),
        ("2.1", "Встречи", ["ежемесячно", "наставники", "Журнал"]),
    ]
    for number, title, rest in layout:
        cells = table.add_row().cells
        if rest is None:
            merged = cells[0].merge(cells[4])
            merged.text = f"{number}. {title}"
        else:
            for cell, text in zip(cells, [number, title, *rest], strict=True):
                _ = cell.paragraphs[0]
                cell.text = text.split("\n")[0]
                for extra in text.split("\n")[1:]:
                    cell.add_paragraph(extra)
    draft = read_roadmap(save(document), academic_year=2025)
    assert [(s.number, s.title, [a.number for a in s.activities]) for s in draft.stages] == [
        ("1", "Подготовительный этап", ["1.1", "1.2"]),
        ("2", "Реализация", ["2.1"]),
    ]
    assert draft.activities[1].responsible == ["куратор", "классные руководители"]
    assert draft.activities[1].result is None


def test_xlsx_merged_cells_and_header_not_on_first_sheet():
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Пояснения"
    notes.append(["Черновик, не заполнять"])
    ws = workbook.create_sheet("План")
    ws.append(["Дорожная карта внедрения наставничества в МАОУ «Гимназия № 1» на 2025-2026 учебный год"])
    ws.merge_cells("A1:D1")
    ws.append([])
    ws.append(["№", "Содержание деятельности", "Дата", "Исполнители"])
    ws.append(["Этап 1. Организационный"])
    ws.merge_cells("A4:D4")
    ws.append([1.1, "Совещание\nс педагогами", date(2025, 9, 15), "Петров П.П., Сидоров С.С."])
    ws.append([1.2, "Обучение наставников", "октябрь", "методист"])
    ws.append([1.3, "Отчёт", "ноябрь", None])
    ws.merge_cells("D5:D7")
    buffer = io.BytesIO()
    workbook.save(buffer)
    draft = read_roadmap(buffer.getvalue())
    assert draft.organization == "МАОУ «Гимназия № 1»"
    assert draft.academic_year == 2025
    assert [(s.number, s.title) for s in draft.stages] == [("1", "Организационный")]
    first, second, third = draft.stages[0].activities
    assert (first.number, first.title) == ("1.1", "Совещание с педагогами")
    assert first.deadline.start == date(2025, 9, 15)
    assert first.responsible == ["Петров П.П.", "Сидоров С.С."]
    assert third.responsible == ["Петров П.П.", "Сидоров С.С."]  # vertically merged cell
    assert second.deadline.start == date(2025, 10, 1)


def test_html_table_with_spans():
    html = """
    <p><b>ПЛАН МЕРОПРИЯТИЙ (ДОРОЖНАЯ КАРТА)</b><br>реализации наставничества в МБОУ «СОШ № 3»</p>
    <table>
      <tr><th>№</th><th>Мероприятие</th><th>Сроки</th><th>Ответственные</th></tr>
      <tr><td colspan="4">1. Подготовка</td></tr>
      <tr><td>1.1</td><td>Приказ</td><td rowspan="2">сентябрь 2024</td><td>директор</td></tr>
      <tr><td>1.2</td><td>Положение&nbsp;о наставничестве</td><td>куратор</td></tr>
    </table>
    """
    draft = read_roadmap(html.encode("utf-8"))
    assert draft.source_format == "html"
    assert draft.title == "План мероприятий (дорожная карта) реализации наставничества в МБОУ «СОШ № 3»"
    assert [(s.number, s.title) for s in draft.stages] == [("1", "Подготовка")]
    assert [(a.number, a.title, a.deadline.text) for a in draft.activities] == [
        ("1.1", "Приказ", "сентябрь 2024"),
        ("1.2", "Положение о наставничестве", "сентябрь 2024"),
    ]


def test_text_with_cells_split_over_lines_and_image_placeholders():
    text = (
        "**Дорожная карта наставничества**\n"
        "[image: герб]\n"
        "№\tМероприятие\tСрок\tОтветственный\n"
        "1.1\tВстреча наставников\n"
        "с наставляемыми\tсентябрь 2024\tкуратор\n"
        "1.2\tАнкетирование<br>педагогов\tоктябрь 2024\tпедагог-психолог\n"
        "второй строкой\n"
    )
    draft = read_roadmap(text.encode("utf-8"), academic_year=2024)
    assert draft.title == "Дорожная карта наставничества"
    assert (
        draft.stages[0].implicit and draft.stages[0].title == "Мероприятия" and draft.stages[0].number is None
    )
    first, second = draft.activities
    assert first.title == "Встреча наставников с наставляемыми"
    assert first.deadline.text == "сентябрь 2024"
    assert second.title == "Анкетирование педагогов"
    assert second.responsible == ["педагог-психолог", "второй строкой"]


def test_flat_numbered_list_is_activities_and_stage_bullets_split():
    text = (
        "Дорожная карта\n"
        "№\tМероприятие\tСроки\tОтветственные\n"
        "1.\tНазначение куратора\tсентябрь 2024\tдиректор\n"
        "2.\tОбучение наставников\tоктябрь 2024\tкуратор\n"
    )
    draft = read_roadmap(text.encode(), academic_year=2024)
    assert [s.title for s in draft.stages] == ["Мероприятия"]
    assert [(a.number, a.title) for a in draft.activities] == [
        ("1", "Назначение куратора"),
        ("2", "Обучение наставников"),
    ]

    bullets = (
        "Дорожная карта\n"
        "№\tМероприятие\tСроки\tОтветственные\n"
        "1.\tПодготовительный этап:\n- приказ;\n- положение;\tсентябрь 2024\tдиректор\n"
        "2.\tОсновной этап\n• встречи пар\n• мониторинг\tоктябрь 2024 – май 2025\tкуратор\n"
    )
    draft = read_roadmap(bullets.encode(), academic_year=2024)
    assert [(s.number, s.title, [a.title for a in s.activities]) for s in draft.stages] == [
        ("1", "Подготовительный этап", ["приказ", "положение"]),
        ("2", "Основной этап", ["встречи пар", "мониторинг"]),
    ]
    assert draft.stages[1].activities[1].deadline.end == date(2025, 5, 31)
    assert draft.stages[1].activities[1].responsible == ["куратор"]


def test_header_synonyms_in_any_order():
    text = (
        "Дорожная карта\n"
        "Ответственный исполнитель\tСрок реализации\tНаименование мероприятий\tКлючевой результат\t№ п/п\n"
        "директор\tсентябрь 2024\tПриказ о наставничестве\tприказ\t1.1\n"
    )
    (a,) = read_roadmap(text.encode(), academic_year=2024).activities
    assert (a.number, a.title, a.responsible, a.result) == (
        "1.1",
        "Приказ о наставничестве",
        ["директор"],
        "приказ",
    )
    assert a.deadline.start == date(2024, 9, 1)


def test_roadmap_sample_structure_is_stable():
    """Guards the fixture itself: the sample has the layouts the other tests rely on."""
    assert any(isinstance(row, str) for row in SAMPLE.rows)
    assert any(isinstance(row, list) and row[0] == "" for row in SAMPLE.rows)
    assert any(isinstance(row, list) and "\n" in row[1] for row in SAMPLE.rows)


def test_text_header_cell_with_two_paragraphs_and_unnumbered_stage_rows():
    text = (
        "Дорожная карта наставничества на 2024-2025 учебный год\n"
        "№\tНаименование\n"
        "мероприятия\tСодержание деятельности\tСроки\tОтветственные\n"
        "Подготовительный этап\n"
        "1\tНазначение куратора\tИздание приказа\tсентябрь\tдиректор\n"
        "Основной этап\n"
        "2\tВстречи пар\tПо плану пары\tежемесячно\tнаставники\n"
    )
    draft = read_roadmap(text.encode())
    assert [
        (s.number, s.title, [(a.number, a.title, a.description) for a in s.activities]) for s in draft.stages
    ] == [
        (None, "Подготовительный этап", [("1", "Назначение куратора", "Издание приказа")]),
        (None, "Основной этап", [("2", "Встречи пар", "По плану пары")]),
    ]
    assert draft.activities[0].deadline.start == date(2024, 9, 1)


def test_risks_table_above_the_plan():
    document = docx.Document()
    risks = document.add_table(rows=2, cols=2)
    for cell, text in zip(risks.rows[0].cells, ["Риски", "Меры по минимизации"], strict=True):
        cell.text = text
    for cell, text in zip(risks.rows[1].cells, ["Отказ наставников", "Поощрение"], strict=True):
        cell.text = text
    plan = docx_with_table(["№", "Мероприятие", "Сроки"], [["1.1", "Встреча", "май 2025"]])
    for element in plan.element.body.iterchildren():
        if element.tag.endswith("}tbl"):
            document.element.body.append(element)
    draft = read_roadmap(save(document))
    assert [r.to_dict() for r in draft.risks] == [{"risk": "Отказ наставников", "mitigation": "Поощрение"}]
    assert [a.title for a in draft.activities] == ["Встреча"]


def test_utf16_without_bom():
    text = "Дорожная карта\n№\tМероприятие\tСроки\n1.1\tВстреча\tмай 2025\n"
    assert [a.title for a in read_roadmap(text.encode("utf-16-le")).activities] == ["Встреча"]


def test_docx_vertically_merged_number_and_deadline():
    """«№» and «Сроки» merged down over a row split in two: the second row continues the activity."""
    header = ["№", "Мероприятие", "Сроки", "Ответственные"]
    rows = [
        ["1.1", "Анкетирование педагогов", "сентябрь 2024", "куратор"],
        ["", "и обработка результатов", "", "педагог-психолог"],
        ["1.2", "Приказ", "октябрь 2024", "директор"],
    ]
    document = docx_with_table(header, rows)
    table = document.tables[0]
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 2).merge(table.cell(2, 2))
    first, second = read_roadmap(save(document), academic_year=2024).activities
    assert (first.number, first.title) == ("1.1", "Анкетирование педагогов и обработка результатов")
    assert first.deadline.text == "сентябрь 2024"
    assert first.responsible == ["куратор", "педагог-психолог"]
    assert second.number == "1.2"


def test_exporter_xlsx_form_round_trips():
    """Approval in the last column, a free title, unnumbered merged stages, «@»-formatted numbers, risks sheet."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    for row, line in enumerate(
        ["УТВЕРЖДАЮ", "Директор МБОУ «СОШ № 9»", "Приказ № 12 от 02.09.2024 г."], start=1
    ):
        ws.cell(row=row, column=5, value=line)
    ws.cell(row=5, column=1, value="Наставничество в МБОУ «СОШ № 9» на 2024-2025 учебный год")
    ws.merge_cells("A5:E5")
    ws.append([])
    ws.append(["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Результат"])
    for stage, activities in (
        ("Подготовка", [("1.10", "Приказ", "сентябрь", "директор", "Приказ")]),
        ("Без мероприятий", []),
        ("Реализация", [("2", "Встречи", "ежемесячно", "наставники\nкуратор", None)]),
    ):
        ws.append([stage])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=5)
        for values in activities:
            ws.append(list(values))
            ws.cell(row=ws.max_row, column=1).number_format = "@"
    risks = workbook.create_sheet("Риски")
    risks.append(["Риск", "Меры по минимизации риска"])
    risks.append(["Текучесть кадров", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    draft = read_roadmap(buffer.getvalue())
    assert draft.title == "Наставничество в МБОУ «СОШ № 9» на 2024-2025 учебный год"
    assert draft.academic_year == 2024
    assert draft.approval.to_dict() == {
        "order_number": "12",
        "order_date": "2024-09-02",
        "approved_by": "Директор МБОУ «СОШ № 9»",
    }
    assert [(s.number, s.title, [a.number for a in s.activities]) for s in draft.stages] == [
        (None, "Подготовка", ["1.10"]),
        (None, "Без мероприятий", []),
        (None, "Реализация", ["2"]),
    ]
    assert draft.activities[1].responsible == ["наставники", "куратор"]
    assert [r.to_dict() for r in draft.risks] == [{"risk": "Текучесть кадров", "mitigation": None}]
    assert "В этапе «Без мероприятий» нет мероприятий." in draft.warnings
