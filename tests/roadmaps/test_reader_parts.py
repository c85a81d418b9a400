"""Unit tests of the reader's building blocks: people, headers, numbers, bullets, title block, targets."""

from datetime import date

import pytest

from nastavnik.roadmaps.reader.columns import (
    DEADLINE,
    DESCRIPTION,
    NUMBER,
    RESPONSIBLE,
    RESULT,
    RISK,
    STAGE,
    TITLE,
    classify_header,
)
from nastavnik.roadmaps.reader.normalize import clean_text, join_continuation, sentence_case
from nastavnik.roadmaps.reader.responsible import join_continuation_people, split_responsible
from nastavnik.roadmaps.reader.rows import (
    looks_like_stage_heading,
    normalize_number,
    split_bullets,
    split_leading_number,
)
from nastavnik.roadmaps.reader.targets import find_target_sentences, resolve_target_date
from nastavnik.roadmaps.reader.titleblock import read_title_block


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Т.Н.Мурадханова", ["Т.Н.Мурадханова"]),
        ("Иванова И.И., Петров П. П.", ["Иванова И.И.", "Петров П. П."]),
        ("Заместитель директора по УВР", ["Заместитель директора по УВР"]),
        ("куратор; классные руководители", ["куратор", "классные руководители"]),
        ("куратор\nклассные руководители\n", ["куратор", "классные руководители"]),
        (
            "Директор МКОУ «СОШ №5» Мурадханова Т.Н. Заместитель директора по УВР Миранова Г.С.",
            ["Директор МКОУ «СОШ №5» Мурадханова Т.Н.", "Заместитель директора по УВР Миранова Г.С."],
        ),
        ("Миранова Г.С. Атанасова О.И.", ["Миранова Г.С.", "Атанасова О.И."]),
        ("Чеснокова Г.Я., заведующий", ["Чеснокова Г.Я., заведующий"]),
        ("Годжаева С.В.., ст. воспитатель", ["Годжаева С.В., ст. воспитатель"]),
        ("Миранова Г.С., руководители МО", ["Миранова Г.С.", "руководители МО"]),
        ("Куратор., зам. директора по УР;", ["Куратор", "зам. директора по УР"]),
        ("члены творческой группы.", ["члены творческой группы"]),
        ("рабочая группа (Иванова И.И., Петрова П.П.)", ["рабочая группа (Иванова И.И., Петрова П.П.)"]),
        ("Директор ООО «Рога, копыта и К»", ["Директор ООО «Рога, копыта и К»"]),
        ("куратор, куратор", ["куратор"]),
        ("", []),
        (" ; , ", []),
    ],
)
def test_split_responsible(text, people):
    assert split_responsible(text) == people


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        (
            "Директор Мурадханова Т.Н. Заместитель",
            "директора по УВР Миранова Г.С.",
            "Директор Мурадханова Т.Н. Заместитель директора по УВР Миранова Г.С.",
        ),
        ("Директор МКОУ", "«СОШ №5» Мурадханова Т.Н.", "Директор МКОУ «СОШ №5» Мурадханова Т.Н."),
        ("заместитель директора по УВР", "Миранова Г.С.", "заместитель директора по УВР Миранова Г.С."),
        ("куратор", "педагог-психолог", "куратор\nпедагог-психолог"),
        ("Чеснокова Г.Я.,", "заведующий", "Чеснокова Г.Я.,\nзаведующий"),
        ("Миранова Г.С.", "Заместитель директора по ВР", "Миранова Г.С.\nЗаместитель директора по ВР"),
        ("", "куратор", "куратор"),
    ],
)
def test_join_continuation_people(first, second, joined):
    assert join_continuation_people(first, second) == joined


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("№", NUMBER),
        ("№ п/п", NUMBER),
        ("N п/п", NUMBER),
        ("Мероприятие", TITLE),
        ("Наименование мероприятий", TITLE),
        ("Наименование этапа", STAGE),
        ("Этап", STAGE),
        ("Содержание деятельности", DESCRIPTION),
        ("Содержание", DESCRIPTION),
        ("Ключевой результат", RESULT),
        ("Ожидаемый результат", RESULT),
        ("Результат. Вид документа", RESULT),
        ("Вид документа", RESULT),
        ("Документы", RESULT),
        ("Продукт", RESULT),
        ("Сроки", DEADLINE),
        ("Срок реализации", DEADLINE),
        ("Сроки проведения", DEADLINE),
        ("Длительность этапа", DEADLINE),
        ("Дата", DEADLINE),
        ("Ответственные", RESPONSIBLE),
        ("Ответственный исполнитель", RESPONSIBLE),
        ("Исполнители", RESPONSIBLE),
        ("ОТВЕТСТВЕННЫЕ:", RESPONSIBLE),
        ("Риски", RISK),
        ("Класс", None),
    ],
)
def test_classify_header(header, role):
    assert classify_header(header) == role


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("1", "1"),
        ("1.", "1"),
        ("1.1.", "1.1"),
        ("6.1.1", "6.1.1"),
        ("II.", "II"),
        ("Этап 2", "2"),
        ("1 этап", "1"),
        ("", None),
        ("Подготовка", None),
        ("1.1 Подготовка", None),
    ],
)
def test_normalize_number(cell, number):
    assert normalize_number(cell) == number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.1. Назначение куратора", ("1.1", "Назначение куратора")),
        ("Этап 1. Подготовительный", ("1", "Подготовительный")),
        ("III. Завершающий этап", ("III", "Завершающий этап")),
        ("2 этап: Основной", ("2", "Основной")),
        ("5 методологии", (None, "5 методологии")),
        ("1.1 Назначение куратора", ("1.1", "Назначение куратора")),
        ("1) Анкетирование", ("1", "Анкетирование")),
        ("01.09.2023 совещание", (None, "01.09.2023 совещание")),
        ("2024 год", (None, "2024 год")),
        ("Назначение куратора", (None, "Назначение куратора")),
    ],
)
def test_split_leading_number(text, expected):
    assert split_leading_number(text) == expected


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Этап 2", True),
        ("II. Основной", True),
        ("Подготовительный этап", True),
        ("Раздел 3. Мониторинг", True),
        ("Результат: завершен подготовительный этап. Далее отчёт", False),
        ("на этап подготовки", False),
        ("Назначение куратора", False),
    ],
)
def test_looks_like_stage_heading(text, heading):
    assert looks_like_stage_heading(text) is heading


def test_split_bullets():
    lead, items = split_bullets(
        "Подготовка:\n− первый пункт;\nпродолжение\n· второй,\n• третий\n1) четвёртый\n- "
    )
    assert lead == "Подготовка:"
    assert items == ["первый пункт; продолжение", "второй", "третий", "четвёртый"]
    assert split_bullets("без пунктов") == ("без пунктов", [])


def test_clean_text_and_joining():
    assert clean_text("<p>Задача:&nbsp;да</p> <p>Итог</p>") == "Задача: да\nИтог"
    assert clean_text("**Жирный**\t заголовок [image: логотип] ___") == "Жирный заголовок"
    assert join_continuation("мотивационно-", "личностного") == "мотивационно-личностного"
    assert join_continuation("Август-", "Сентябрь") == "Август- Сентябрь"
    assert join_continuation("Чеснокова Г.Я.,", "заведующий") == "Чеснокова Г.Я., заведующий"
    assert (
        sentence_case("МКОУ «СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА № 5»")
        == "МКОУ «Средняя общеобразовательная школа № 5»"
    )


def test_title_block_reads_first_copy_of_a_duplicated_block():
    lines = [
        "ПРИНЯТО",
        "Педагогическим советом",
        "Протокол № 1 от 24.08.2023 г.",
        "",
        "УТВЕРЖДАЮ",
        "Директор МКОУ «СОШ № 5»",
        "Т.Н.Мурадханова",
        "Приказ № 232 от 01.09.2023 г",
        "",
        "**План мероприятий (дорожная карта)",
        'наставничества в МКОУ "СОШ № 5»',
        "на 2023-2024 учебный год**",
        "",
    ]
    second_copy = [line.replace("232", "999") for line in lines]
    block = read_title_block(lines + second_copy)
    assert (
        block.title
        == "План мероприятий (дорожная карта) наставничества в МКОУ «СОШ № 5» на 2023-2024 учебный год"
    )
    assert block.stated_year == 2023
    assert (block.approval_number, block.approval_date) == ("232", date(2023, 9, 1))
    assert block.approved_by == "Директор МКОУ «СОШ № 5» Т.Н.Мурадханова"
    assert block.organization == "МКОУ «СОШ № 5»"


def test_title_block_approval_on_one_line_and_school_year_short_form():
    block = read_title_block(
        ["Утверждено приказом директора от 30.08.2024 № 101-о", "", "Дорожная карта на 2024/25 уч. год"]
    )
    assert (block.approval_number, block.approval_date) == ("101-о", date(2024, 8, 30))
    assert block.stated_year == 2024


@pytest.mark.parametrize(
    ("line", "number", "day"),
    [
        ("Приказ № ____ от «__» ______ 2024 г.", None, None),
        ("Приказ №___ от 01.09.2024", None, date(2024, 9, 1)),
        ("Приказ № от 01.09.2024", None, date(2024, 9, 1)),
        ("Приказ № 45 от 01.09.2024", "45", date(2024, 9, 1)),
    ],
)
def test_title_block_blank_order_number_is_no_number(line, number, day):
    block = read_title_block(["УТВЕРЖДАЮ", "Директор МБОУ «СОШ № 5»", line])
    assert (block.approval_number, block.approval_date) == (number, day)


@pytest.mark.parametrize(
    ("sentence", "year", "by"),
    [
        ("к концу 2024 года не менее 70% обучающихся", 2023, date(2024, 12, 31)),
        ("к 2024 году не менее 70% обучающихся", None, date(2024, 12, 31)),
        ("до 2025 года не менее 10% педагогов", None, date(2025, 12, 31)),
        ("к концу 2023-2024 учебного года 50% педагогов", None, date(2024, 5, 31)),
        ("по итогам 2023/24 учебного года 50% педагогов", None, date(2024, 5, 31)),
        ("к концу учебного года 20% обучающихся", 2023, date(2024, 5, 31)),
        ("к 01.09.2024 не менее 40% педагогов", None, date(2024, 9, 1)),
        ("не менее 40% педагогов", 2023, None),
    ],
)
def test_resolve_target_date(sentence, year, by):
    assert resolve_target_date(sentence, year) == by


def test_target_sentences():
    found = find_target_sentences(
        [
            "Задачи:",
            "- к концу 2024 года не менее 70% обучающихся вовлечены в наставничество;",
            "- 50 процентов педагогов прошли обучение.",
            "Охват 120% невозможен. Протокол № 5.",
        ]
    )
    assert [(t.text, t.percents) for t in found] == [
        ("к концу 2024 года не менее 70% обучающихся вовлечены в наставничество", [70.0]),
        ("50 процентов педагогов прошли обучение.", [50.0]),
    ]
