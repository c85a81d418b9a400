"""Mistakes seen on real roadmaps the reader had never met (issue 9), each kept as a regression case.

Every document here is written as a school writes it in Word (python-docx, built in the test) or exports it
as text; the assertions are what a person reads in it.
"""

from __future__ import annotations

from datetime import date

import docx

from nastavnik.roadmaps.reader import RoadmapDraft, read_roadmap
from nastavnik.roadmaps.reader.words import rejoin_lines
from tests.roadmaps.fixtures.builders import save

PLAN_HEADER = ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Результат"]


def word(paragraphs: list[str], *tables: list[list[str]], after: list[str] = ()) -> bytes:
    """A Word file: paragraphs, then each table (first row is its header), then paragraphs after."""
    document = docx.Document()
    for line in paragraphs:
        document.add_paragraph(line)
    for rows in tables:
        table = document.add_table(rows=0, cols=len(rows[0]))
        table.style = "Table Grid"
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                lines = text.split("\n")
                cell.text = lines[0]
                for extra in lines[1:]:
                    cell.add_paragraph(extra)
        document.add_paragraph("")
    for line in after:
        document.add_paragraph(line)
    return save(document)


def by_number(draft: RoadmapDraft) -> dict[str | None, object]:
    return {a.number: a for a in draft.activities}


SIMPLE_PLAN = [
    PLAN_HEADER,
    ["1.", "Подготовительный этап", "", "", ""],
    ["1.1", "Издание приказа о внедрении целевой модели", "сентябрь 2023", "Директор", "Приказ"],
    [
        "1.2",
        "Разработка положения о наставничестве",
        "октябрь 2023",
        "Заместитель директора по УР",
        "Положение",
    ],
]


# ---------------------------------------------------------------------------
# Targets


def test_two_targets_in_one_paragraph_each_get_their_own_year_and_sentence():
    data = word(
        ["Дорожная карта внедрения целевой модели наставничества на 2020-2021 учебный год", ""],
        SIMPLE_PLAN,
        after=[
            "Целевые показатели реализации программы наставничества",
            "к концу 2020 года не менее 10 % обучающихся в возрасте от 10 до 18 лет, проживающих в районе, "
            "вовлечены в различные формы наставничества, к концу 2024 года не менее 70 % обучающихся "
            "вовлечены в различные формы наставничества и сопровождения.",
            "Не менее 20% педагогов в возрасте до 35 лет к 2021 году и не менее 50% к 2024 году "
            "вовлечены в программы наставничества.",
        ],
    )
    targets = [(t.text, t.percent, t.by) for t in read_roadmap(data).targets]
    assert targets == [
        (
            "к концу 2020 года не менее 10 % обучающихся в возрасте от 10 до 18 лет, проживающих в районе, "
            "вовлечены в различные формы наставничества",
            10,
            date(2020, 12, 31),
        ),
        (
            "к концу 2024 года не менее 70 % обучающихся вовлечены в различные формы наставничества и "
            "сопровождения.",
            70,
            date(2024, 12, 31),
        ),
        ("Не менее 20% педагогов в возрасте до 35 лет к 2021 году", 20, date(2021, 12, 31)),
        ("не менее 50% к 2024 году вовлечены в программы наставничества.", 50, date(2024, 12, 31)),
    ]


def test_a_label_before_the_target_is_not_part_of_its_text():
    data = word(
        ["План мероприятий (дорожная карта) на 2023-2024 учебный год", ""],
        SIMPLE_PLAN,
        after=[
            "Показатели эффективности: к концу 2023-2024 учебного года не менее 30% педагогов-наставников."
        ],
    )
    (target,) = read_roadmap(data).targets
    assert (target.text, target.by) == (
        "к концу 2023-2024 учебного года не менее 30% педагогов-наставников.",
        date(2024, 5, 31),
    )


# ---------------------------------------------------------------------------
# Organization from the heading lines


def test_organization_from_heading_lines_spread_over_several_lines():
    data = word(
        [
            "Кировское областное государственное профессиональное образовательное",
            "бюджетное учреждение «Кировский колледж",
            "промышленности и автомобильного сервиса»",
            "",
            "Дорожная карта внедрения целевой модели наставничества",
            "на 2023-2024 учебный год",
            "",
        ],
        SIMPLE_PLAN,
    )
    draft = read_roadmap(data)
    assert draft.organization == (
        "Кировское областное государственное профессиональное образовательное бюджетное учреждение "
        "«Кировский колледж промышленности и автомобильного сервиса»"
    )
    assert draft.title == "Дорожная карта внедрения целевой модели наставничества на 2023-2024 учебный год"


# ---------------------------------------------------------------------------
# Stage rows and unnumbered rows


def test_a_stage_explanatory_row_is_a_stage_not_an_activity():
    rows = [
        ["№", "Мероприятие", "Содержание деятельности", "Сроки", "Ответственные"],
        [
            "",
            "Подготовительный этап",
            "Создание благоприятных условий для запуска программы наставничества",
            "",
            "",
        ],
        ["1", "Информирование педагогического коллектива", "Педагогический совет", "сентябрь", "Директор"],
        ["2", "Назначение куратора", "Приказ директора", "сентябрь", "Директор"],
        ["", "Основной этап", "Работа наставнических пар и групп по индивидуальным планам", "", ""],
        ["3", "Встречи наставнических пар", "Встречи, консультации", "ежемесячно", "Наставники"],
    ]
    draft = read_roadmap(word(["Дорожная карта на 2024-2025 учебный год", ""], rows))
    assert [(s.title, s.description, [a.title for a in s.activities]) for s in draft.stages] == [
        (
            "Подготовительный этап",
            "Создание благоприятных условий для запуска программы наставничества",
            ["Информирование педагогического коллектива", "Назначение куратора"],
        ),
        (
            "Основной этап",
            "Работа наставнических пар и групп по индивидуальным планам",
            ["Встречи наставнических пар"],
        ),
    ]


def test_an_unnumbered_row_continues_the_activity_above_unless_it_clearly_starts_a_new_one():
    rows = [
        PLAN_HEADER,
        ["1.", "Организационный этап", "", "", ""],
        ["1.1", "Разработка и утверждение положения о", "август 2023", "Заместитель директора", "Положение"],
        ["", "программе наставничества", "", "по УВР", ""],  # the rest of 1.1 after a page break
        ["1.2", "Назначение куратора", "до 01.09.2023", "Директор", "Приказ"],
        [
            "",
            "Создание страницы «Наставничество» на сайте школы",
            "сентябрь 2023",
            "Учитель информатики",
            "Страница",
        ],
        ["1.3", "Анкетирование педагогов", "октябрь 2023", "Педагог-психолог", "Справка"],
    ]
    draft = read_roadmap(word(["План мероприятий на 2023-2024 учебный год", ""], rows))
    activities = [(a.number, a.title, a.responsible) for a in draft.activities]
    assert activities == [
        (
            "1.1",
            "Разработка и утверждение положения о программе наставничества",
            ["Заместитель директора по УВР"],
        ),
        ("1.2", "Назначение куратора", ["Директор"]),
        (None, "Создание страницы «Наставничество» на сайте школы", ["Учитель информатики"]),
        ("1.3", "Анкетирование педагогов", ["Педагог-психолог"]),
    ]
    assert draft.activities[2].deadline is not None and draft.activities[2].deadline.start == date(2023, 9, 1)


# ---------------------------------------------------------------------------
# Risks


RISKS_WITH_NUMBERS = [
    ["№ п/п", "Риски", "Мероприятия по минимизации рисков"],
    [
        "1.",
        "Низкая мотивация педагогов\nк участию в программе\nнаставничества",
        "- моральное и материальное стимулирование наставников;\n"
        "- публичное признание заслуг наставников на педсовете;\n- конкурс «Лучший наставник»",
    ],
    ["2.", "Недостаточная подготовка наставников", "Курсы повышения квалификации, методические семинары"],
    ["", "к работе с детьми с ОВЗ", "для наставников"],  # the rest of risk 2 after a page break
    ["3.", "Формальное отношение участников", "1) мониторинг встреч пар;\n2) анкетирование наставляемых"],
]


def test_risk_table_with_numbers_multiline_risks_and_listed_mitigations():
    draft = read_roadmap(
        word(["План мероприятий на 2023-2024 учебный год", ""], SIMPLE_PLAN, RISKS_WITH_NUMBERS)
    )
    assert [(r.risk, r.mitigation) for r in draft.risks] == [
        (
            "Низкая мотивация педагогов к участию в программе наставничества",
            "моральное и материальное стимулирование наставников; публичное признание заслуг наставников "
            "на педсовете; конкурс «Лучший наставник»",
        ),
        (
            "Недостаточная подготовка наставников к работе с детьми с ОВЗ",
            "Курсы повышения квалификации, методические семинары для наставников",
        ),
        ("Формальное отношение участников", "мониторинг встреч пар; анкетирование наставляемых"),
    ]


def test_risk_header_in_the_plan_table_is_never_a_risk():
    rows = [
        *SIMPLE_PLAN,
        ["", "Риски", "", "Мероприятия по минимизации рисков", ""],
        [
            "",
            "Отсутствие наставников нужного профиля",
            "",
            "Привлечение наставников из партнёрских организаций",
            "",
        ],
    ]
    draft = read_roadmap(word(["План мероприятий на 2023-2024 учебный год", ""], rows))
    assert [(r.risk, r.mitigation) for r in draft.risks] == [
        ("Отсутствие наставников нужного профиля", "Привлечение наставников из партнёрских организаций")
    ]
    assert [a.title for a in draft.activities] == [
        "Издание приказа о внедрении целевой модели",
        "Разработка положения о наставничестве",
    ]


# ---------------------------------------------------------------------------
# Deadlines


def test_a_deadline_cell_over_several_lines_is_read_whole():
    rows = [
        PLAN_HEADER,
        ["1.", "Основной этап", "", "", ""],
        ["1.1", "Открытые уроки наставников", "Март-\nапрель 2024", "Руководители ШМО", "Конспекты"],
        ["1.2", "Консультации молодых специалистов", "в течение\nучебного года", "Наставники", "Журнал"],
        ["1.3", "Итоговая конференция", "до 25\nмая 2024 г.", "Куратор", "Отчёт"],
    ]
    draft = read_roadmap(word(["План мероприятий на 2023-2024 учебный год", ""], rows))
    spans = {a.number: (a.deadline.text, a.deadline.start, a.deadline.end) for a in draft.activities}
    assert spans == {
        "1.1": ("Март-апрель 2024", date(2024, 3, 1), date(2024, 4, 30)),
        "1.2": ("в течение учебного года", date(2023, 9, 1), date(2024, 5, 31)),
        "1.3": ("до 25 мая 2024 г.", None, date(2024, 5, 25)),
    }


def test_months_without_a_year_take_the_school_year_in_control_rows_after_the_risks():
    control = [
        ["№", "Мероприятие", "Сроки", "Ответственные"],
        ["1", "Контроль выполнения дорожной карты", "декабрь, май", "Директор"],
        ["2", "Мониторинг реализации мер по минимизации рисков", "январь", "Куратор"],
    ]
    draft = read_roadmap(
        word(["План мероприятий на 2023-2024 учебный год", ""], SIMPLE_PLAN, RISKS_WITH_NUMBERS[:2], control)
    )
    last = {a.title: (a.deadline.start, a.deadline.end) for a in draft.activities}
    assert last["Контроль выполнения дорожной карты"] == (date(2023, 12, 1), date(2024, 5, 31))
    assert last["Мониторинг реализации мер по минимизации рисков"] == (date(2024, 1, 1), date(2024, 1, 31))
    assert len(draft.risks) == 1


# ---------------------------------------------------------------------------
# Words broken by narrow columns in Word cells


def test_words_broken_in_word_cells_are_rejoined_and_real_boundaries_kept():
    rows = [
        PLAN_HEADER,
        ["1.", "Подготовительный этап", "", "", ""],
        [
            "1.1",
            "Информи-\nрование родителей",
            "сентябрь 2023",
            "Заместите\nль директора по\nУВР",
            "Протокол",
        ],
        ["1.2", "Анкетиро\nвание наставляемых", "октябрь 2023", "Куратор\nклассные\nруководители", "Справка"],
    ]
    draft = read_roadmap(word(["План мероприятий на 2023-2024 учебный год", ""], rows))
    assert [(a.title, a.responsible) for a in draft.activities] == [
        ("Информирование родителей", ["Заместитель директора по УВР"]),
        ("Анкетирование наставляемых", ["Куратор", "классные руководители"]),
    ]


def test_rejoin_keeps_compounds_and_word_boundaries():
    assert rejoin_lines("мотивационно-\nличностного") == "мотивационно-личностного"
    assert rejoin_lines("по\nУВР") == "по\nУВР"
    assert rejoin_lines("в течение\nучебного года") == "в течение\nучебного года"
    assert rejoin_lines("Педагог-\nпсихолог") == "Педагог-психолог"
    assert rejoin_lines("НАСТАВНИ\nЧЕСТВА") == "НАСТАВНИЧЕСТВА"


def test_the_plan_going_on_below_the_risks_in_one_table_is_read_as_plan_with_the_school_year():
    rows = [
        *SIMPLE_PLAN,
        ["", "Риски", "", "Меры по минимизации рисков", ""],
        ["", "Отсутствие наставников нужного профиля", "", "Привлечение наставников-партнёров", ""],
        ["2.", "Контроль реализации программы", "", "", ""],
        ["2.1", "Мониторинг встреч наставнических пар", "декабрь, май", "Куратор", "Справка"],
        ["2.2", "Отчёт на педагогическом совете", "июнь", "Заместитель директора по УР", "Протокол"],
    ]
    draft = read_roadmap(word(["План мероприятий на 2023-2024 учебный год", ""], rows))
    assert [r.risk for r in draft.risks] == ["Отсутствие наставников нужного профиля"]
    assert [(s.number, s.title) for s in draft.stages] == [
        ("1", "Подготовительный этап"),
        ("2", "Контроль реализации программы"),
    ]
    control = {a.number: (a.deadline.start, a.deadline.end) for a in draft.stages[1].activities}
    assert control == {
        "2.1": (date(2023, 12, 1), date(2024, 5, 31)),
        "2.2": (date(2024, 6, 1), date(2024, 6, 30)),
    }


def test_a_full_line_in_a_pdf_cell_wraps_on_unless_the_words_start_a_new_item():
    from nastavnik.roadmaps.reader.words import ends_open, starts_paragraph

    assert starts_paragraph("Заместитель директора по УВР Миранова Г.С.", "руководители МО")
    assert starts_paragraph("Куратор программы наставничества", "Педагог-психолог")
    assert not starts_paragraph("в соответствии с", "Положением о наставничестве")
    assert not starts_paragraph("утвержденной распоряжением", "Минпросвещения России")
    assert not starts_paragraph("Директор МКОУ «СОШ", "№5» Мурадханова Т.Н.")
    assert ends_open("Заместитель директора по") and ends_open("классные")
    assert not ends_open("Директор") and not ends_open("Иванова И.И.")


def test_words_broken_in_excel_cells_are_rejoined():
    """Alt+Enter inside a narrow Excel column, as a school types it."""
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["План мероприятий на 2023-2024 учебный год"])
    sheet.append(PLAN_HEADER)
    sheet.append(["1.", "Подготовительный этап"])
    sheet.append(
        ["1.1", "Наставни-\nческие встречи", "ежемесячно", "Заместите\nль директора по УВР", "Журнал"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    (activity,) = read_roadmap(buffer.getvalue()).activities
    assert (activity.title, activity.responsible) == (
        "Наставнические встречи",
        ["Заместитель директора по УВР"],
    )
