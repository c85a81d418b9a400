"""Reading the lists schools keep: CSV dialects and encodings, Excel sheets, Russian headers, row checks."""

import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nastavnik.participants import tabular

TODAY = dt.date(2025, 3, 1)


def parse(text: str, filename="list.csv", mapping=None, encoding="utf-8"):
    table = tabular.read_table(text.encode(encoding), filename)
    resolved = tabular.resolve_mapping(table.headers, mapping)
    return tabular.validate_rows(table, resolved, TODAY)


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_csv_delimiter_and_encoding_are_detected(delimiter, encoding):
    text = delimiter.join(["Фамилия", "Имя", "Отчество", "Класс"]) + "\n"
    text += delimiter.join(["Ёлкина", "Анна", "Петровна", "7Б"]) + "\n"
    rows, errors = parse(text, encoding=encoding)
    assert errors == []
    assert (rows[0].last_name, rows[0].first_name, rows[0].patronymic, rows[0].group) == (
        "Ёлкина",
        "Анна",
        "Петровна",
        "7Б",
    )
    assert rows[0].category == "pupil"  # a class and no category: a pupil


def test_headers_are_guessed_in_russian_variants():
    headers = [
        "№",
        "ФИО",
        "Дата рождения (дд.мм.гггг)",
        "Категория",
        "Класс/Группа",
        "Предмет/Специальность",
        "Стаж",
        "Электронная почта",
        "Телефон",
        "Роль",
        "Запросы/Затруднения",
        "Компетенции",
        "Количество наставляемых",
    ]
    mapping = tabular.guess_mapping(headers)
    assert mapping == {
        1: "full_name",
        2: "birth_date",
        3: "category",
        4: "group",
        5: "subject",
        6: "experience_years",
        7: "email",
        8: "phone",
        9: "role",
        10: "requests",
        11: "competences",
        12: "capacity",
    }
    assert tabular.guess_mapping(["E-mail", "Вместимость", "Фамилия", "Имя"]) == {
        0: "email",
        1: "capacity",
        2: "last_name",
        3: "first_name",
    }


def test_full_name_is_split_and_separate_columns_win():
    rows, errors = parse("ФИО;Категория\nИванов Иван Иванович;педагог\nКызы Айгуль Руслан кызы;педагог\n")
    assert errors == []
    assert (rows[0].last_name, rows[0].first_name, rows[0].patronymic) == ("Иванов", "Иван", "Иванович")
    assert rows[1].patronymic == "Руслан кызы"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05.09.2010", dt.date(2010, 9, 5)),
        ("5.9.2010", dt.date(2010, 9, 5)),
        ("2010-09-05", dt.date(2010, 9, 5)),
        ("05/09/2010", dt.date(2010, 9, 5)),
        ("40426", dt.date(2010, 9, 5)),  # an Excel serial number typed into CSV
        (dt.datetime(2010, 9, 5), dt.date(2010, 9, 5)),
        (40426, dt.date(2010, 9, 5)),
    ],
)
def test_dates_in_the_formats_schools_use(value, expected):
    assert tabular.parse_date(value, TODAY) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31.02.2010", "Такой даты нет"),
        ("01.01.2030", "в будущем"),
        ("01.01.1890", "100 лет"),
        ("вчера", "не дата"),
    ],
)
def test_bad_dates_are_explained(value, message):
    with pytest.raises(ValueError, match=message):
        tabular.parse_date(value, TODAY)


def test_every_error_names_its_row_and_column_and_all_are_collected():
    text = (
        "Фамилия;Имя;Дата рождения;Категория;Электронная почта;Стаж;Роль;Количество наставляемых\n"
        "Иванов;Иван;01.01.1990;педагог;ivanov@example.org;5;наставник;2\n"
        ";Пётр;31.02.2001;космонавт;не-почта;сто;директор;40\n"
        "\n"
        "Сидоров;;01.01.1990;педагог;;;наставник;0\n"
    )
    rows, errors = parse(text)
    assert [r.row for r in rows] == [2]
    by_row = {}
    for e in errors:
        by_row.setdefault(e.row, {})[e.column] = e.message
    assert set(by_row[3]) == {"Фамилия", "Дата рождения", "Категория", "Электронная почта", "Стаж", "Роль"}
    assert "Не указана фамилия" in by_row[3]["Фамилия"]
    assert "Неизвестная категория" in by_row[3]["Категория"]
    # the blank line 4 is skipped, line numbers stay those of the file
    assert set(by_row[5]) == {"Имя", "Количество наставляемых"}
    assert "от 1 до 30" in by_row[5]["Количество наставляемых"]


def test_roles_categories_and_lists():
    text = (
        "Фамилия;Имя;Категория;Роль;Запросы;Компетенции;Вместимость\n"
        "А;Б;молодой специалист (стаж до 3 лет);наставляемый;Работа с родителями; Применение ИКТ;;\n"
        "В;Г;Учитель математики;Наставник;;Подготовка к ОГЭ, олимпиады;3\n"
        "Д;Е;студентка;наставник и наставляемый;;;\n"
    )
    rows, errors = parse(text)
    assert errors == []
    assert (rows[0].category, rows[0].is_mentor, rows[0].is_mentee) == ("young_specialist", False, True)
    assert rows[0].requests == ["Работа с родителями"]  # ";" inside a ";"-separated file ends the cell
    assert (rows[1].category, rows[1].is_mentor, rows[1].capacity) == ("teacher", True, 3)
    assert rows[1].competences == ["Подготовка к ОГЭ", "олимпиады"]
    assert (rows[2].category, rows[2].is_mentor, rows[2].is_mentee) == ("student", True, True)


def test_a_quoted_list_keeps_its_semicolons():
    rows, errors = parse('Фамилия;Имя;Категория;Запросы\nА;Б;педагог;"Работа с родителями; Применение ИКТ"\n')
    assert errors == []
    assert rows[0].requests == ["Работа с родителями", "Применение ИКТ"]


def test_missing_category_that_cannot_be_inferred_is_an_error():
    rows, errors = parse("Фамилия;Имя\nИванов;Иван\n")
    assert rows == []
    assert errors[0].column == "Категория"


def test_huge_cell_is_an_error_not_a_crash():
    rows, errors = parse("Фамилия;Имя;Категория\n" + "Я" * 5000 + ";Иван;педагог\n")
    assert rows == []
    assert "Слишком длинное" in errors[0].message


def test_names_with_digits_are_rejected():
    rows, errors = parse("Фамилия;Имя;Категория\nИванов2;Иван;педагог\n")
    assert errors and errors[0].column == "Фамилия"


def test_duplicates_inside_the_file():
    rows, errors = parse(
        "Фамилия;Имя;Отчество;Дата рождения;Класс\n"
        "Иванов;Иван;Иванович;01.01.2012;5А\n"
        "ИВАНОВ;иван;Иванович;01.01.2012;5А\n"
        "Иванов;Иван;Иванович;02.01.2012;5А\n"
    )
    repeats = tabular.find_duplicates_in_file(rows)
    assert [(r.row, first) for r, first in repeats] == [(3, 2)]


def test_unknown_file_types_are_refused():
    with pytest.raises(tabular.TableError, match=".xlsx или .csv"):
        tabular.read_table(b"whatever", "list.docx")
    with pytest.raises(tabular.TableError, match=".xls"):
        tabular.read_table(b"whatever", "list.xls")
    with pytest.raises(tabular.TableError, match="Excel"):
        tabular.read_table(b"not a zip", "list.xlsx")
    with pytest.raises(tabular.TableError):
        tabular.read_table(b"\x00\x01\x02binary", "list.csv")
    with pytest.raises(tabular.TableError, match="пуст"):
        tabular.read_table(b"   \n", "list.csv")


def test_mapping_by_header_or_index_and_its_errors():
    headers = ["Ф", "И", "Кат"]
    assert tabular.resolve_mapping(headers, {"Ф": "last_name", 1: "first_name", "2": "category"}) == {
        0: "last_name",
        1: "first_name",
        2: "category",
    }
    with pytest.raises(tabular.TableError, match="нет столбца"):
        tabular.resolve_mapping(headers, {"Отчество": "patronymic"})
    with pytest.raises(tabular.TableError, match="Неизвестное поле"):
        tabular.resolve_mapping(headers, {"Ф": "salary"})
    with pytest.raises(tabular.TableError, match="нескольким"):
        tabular.resolve_mapping(headers, {"Ф": "last_name", "И": "last_name"})
    assert tabular.mapping_problems({0: "last_name"})
    assert not tabular.mapping_problems({0: "full_name"})


def _xlsx(rows, title_rows=0) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for _ in range(title_rows):
        sheet.append(["Список наставляемых МБОУ СОШ № 5 на 2025/2026 учебный год"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_a_title_above_the_header_and_real_dates():
    data = _xlsx(
        [
            ["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс", "Стаж"],
            ["Петров", "Пётр", "Петрович", dt.datetime(2012, 5, 17), "7Б", None],
            ["Сидорова", "Анна", None, 41000, "8А", None],
            ["Учителева", "Мария", "Ивановна", "1990-01-02", None, 3.0],
        ],
        title_rows=2,
    )
    table = tabular.read_table(data, "Список.XLSX")
    assert table.row_numbers == [4, 5, 6]
    rows, errors = tabular.validate_rows(table, tabular.guess_mapping(table.headers), TODAY)
    assert errors == []
    assert rows[0].birth_date == dt.date(2012, 5, 17)
    assert rows[1].birth_date == dt.date(2012, 4, 1)
    assert rows[2].experience_years == 3
    assert rows[2].category == "young_specialist"


@given(st.text(max_size=200))
def test_any_cell_text_gives_a_row_or_errors_never_a_crash(value):
    table = tabular.Table(
        headers=["Фамилия", "Имя", "Дата рождения", "Категория", "Стаж", "Роль", "Телефон", "Вместимость"],
        rows=[["Иванов", "Иван", value, value, value, value, value, value]],
        row_numbers=[2],
    )
    rows, errors = tabular.validate_rows(table, tabular.guess_mapping(table.headers), TODAY)
    assert len(rows) + bool(errors) == 1
    assert all(e.row == 2 and e.column and e.message for e in errors)
