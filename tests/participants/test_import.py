"""Import of a school's list: all rows or nothing, duplicates reported, the command's exit code and JSON."""

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from nastavnik.accounts.models import Role
from nastavnik.participants.models import (
    ImportBatch,
    MenteeProfile,
    MenteeRequest,
    MentorCompetence,
    MentorProfile,
    Participant,
    RequestTopic,
)
from nastavnik.participants.services import import_participants
from tests.builders import make_participant, make_user

GOOD = (
    "Фамилия;Имя;Отчество;Дата рождения;Категория;Класс;Предмет;Стаж;Роль;Запросы;Компетенции;"
    "Количество наставляемых\n"
    "Иванова;Мария;Петровна;01.02.1975;педагог;;Математика;25;наставник;;Подготовка к аттестации;3\n"
    "Петров;Пётр;;12.04.2012;обучающийся;7Б;;;наставляемый;Трудности в учёбе по предмету, Профориентация;;\n"
    "Сидорова;Анна;Ивановна;03.03.2000;молодой специалист;;Химия;1;наставляемый;Работа с родителями;;\n"
    "Орлов;Олег;;05.05.2007;студент;ИС-21;;;наставник и наставляемый;Практика;Программирование на Python;2\n"
)


def run(organization, text=GOOD, **kwargs):
    kwargs.setdefault("acting_user", None)
    return import_participants(organization, text.encode("utf-8"), "list.csv", **kwargs)


def test_a_good_file_fills_both_bases(organization):
    result = run(organization)
    assert result.ok, result.errors
    assert result.created == 4
    assert Participant.objects.filter(organization=organization).count() == 4
    assert MentorProfile.objects.count() == 2
    assert MenteeProfile.objects.count() == 3
    ivanova = MentorProfile.objects.get(participant__last_name="Иванова")
    assert (ivanova.capacity, ivanova.status, ivanova.origin) == (3, "potential", "staff")
    competence = MentorCompetence.objects.get(mentor=ivanova)
    assert competence.topic == RequestTopic.objects.get(organization=None, title="Подготовка к аттестации")
    petrov = MenteeProfile.objects.get(participant__last_name="Петров")
    requests = list(MenteeRequest.objects.filter(mentee=petrov).select_related("topic").order_by("pk"))
    assert [r.label for r in requests] == ["Трудности в учёбе по предмету", "Профориентация"]
    assert all(r.organization_id == organization.pk for r in requests)
    orlov = Participant.objects.get(last_name="Орлов")
    assert orlov.mentor_profile.origin == "student" and orlov.mentee_profile
    assert orlov.search_name == "орлов олег"
    batch = ImportBatch.objects.get()
    assert (batch.rows, batch.created, batch.filename) == (4, 4, "list.csv")
    assert set(Participant.objects.values_list("import_batch", flat=True)) == {batch.pk}


def test_one_bad_row_writes_nothing_and_all_errors_are_reported(organization):
    text = GOOD + "Кузнецов;;;31.02.2001;;;;;;;;\n" + "Волков;Иван;;01.01.2000;космонавт;;;;;;;\n"
    result = run(organization, text)
    assert not result.ok
    assert result.created == 0
    assert Participant.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    assert {(e.row, e.column) for e in result.errors} == {
        (6, "Имя"),
        (6, "Дата рождения"),
        (6, "Категория"),
        (7, "Категория"),
    }


def test_dry_run_checks_without_writing(organization):
    result = run(organization, dry_run=True)
    assert result.ok and result.to_create == 4 and result.created == 0
    assert Participant.objects.count() == 0
    assert [r.last_name for r in result.preview] == ["Иванова", "Петров", "Сидорова", "Орлов"]


def test_duplicates_in_the_file_and_in_the_base_are_skipped_and_reported(organization, other_organization):
    make_participant(organization, name="Иванова Мария Петровна", birth_date=dt.date(1975, 2, 1))
    # the same person in another organization is not a duplicate here
    make_participant(other_organization, name="Петров Пётр", birth_date=dt.date(2012, 4, 12))
    text = GOOD + "ПЕТРОВ;пётр;;12.04.2012;обучающийся;7Б;;;наставляемый;;;\n"
    result = run(organization, text)
    assert result.ok
    assert [(d.row, d.first_row, d.participant_id is not None) for d in result.duplicates] == [
        (2, None, True),
        (6, 3, False),
    ]
    assert str(result.duplicates[0].message) == "уже есть в базе"
    assert result.created == 3
    assert Participant.objects.filter(organization=organization).count() == 4


def test_reimporting_the_same_file_creates_nothing(organization):
    run(organization)
    result = run(organization)
    assert result.ok and result.created == 0 and len(result.duplicates) == 4


def test_mapping_can_be_chosen_by_the_curator(organization):
    text = "Ф;И;Кто\nИванов;Иван;учитель\n"
    assert not run(organization, text).ok  # nothing recognised
    result = run(organization, text, mapping={"Ф": "last_name", "И": "first_name", "Кто": "category"})
    assert result.ok and result.created == 1
    assert Participant.objects.get().category == "teacher"


def test_broken_files_give_a_russian_error_not_a_crash(organization):
    result = import_participants(organization, b"PK\x03\x04broken", "list.xlsx", acting_user=None)
    assert not result.ok and result.errors[0].row == 0 and "Excel" in result.errors[0].message
    result = import_participants(organization, "Фамилия;Имя\n".encode(), "list.csv", acting_user=None)
    assert "нет ни одной строки" in result.errors[0].message
    result = run(organization, GOOD, mapping={"Нет такого": "last_name"})
    assert "нет столбца" in result.errors[0].message


def test_xlsx_import_with_excel_dates(organization):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ФИО", "Дата рождения", "Класс", "Телефон"])
    sheet.append(["Петров Пётр Петрович", dt.datetime(2012, 5, 17), "7Б", "+7 (900) 123-45-67"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_participants(organization, buffer.getvalue(), "Список 7Б.xlsx", acting_user=None)
    assert result.ok and result.created == 1
    person = Participant.objects.get()
    assert (person.birth_date, person.category, person.phone) == (
        dt.date(2012, 5, 17),
        "pupil",
        "+7 (900) 123-45-67",
    )


def test_the_batch_records_who_imported(organization):
    worker = make_user(Role.WORKING_GROUP, organization=organization)
    assert run(organization, acting_user=worker).created == 4
    assert ImportBatch.objects.get().created_by == worker


# --- the command ---------------------------------------------------------------------------------------
@pytest.fixture
def csv_file(tmp_path):
    def write(text, name="list.csv", encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return str(path)

    return write


def test_command_imports(organization, csv_file, capsys):
    call_command("import_participants", csv_file(GOOD, encoding="cp1251"), organization=organization.slug)
    assert "Загружено участников: 4" in capsys.readouterr().out
    assert Participant.objects.count() == 4


def test_command_dry_run_writes_nothing(organization, csv_file, capsys):
    call_command("import_participants", csv_file(GOOD), "--dry-run", organization=organization.slug)
    assert "будет загружено участников: 4" in capsys.readouterr().out
    assert Participant.objects.count() == 0


def test_command_json_output(organization, csv_file, capsys):
    make_participant(organization, name="Иванова Мария Петровна", birth_date=dt.date(1975, 2, 1))
    call_command("import_participants", csv_file(GOOD), "--format", "json", organization=organization.slug)
    data = json.loads(capsys.readouterr().out)
    assert data["created"] == 3 and data["errors"] == []
    assert data["duplicates"][0]["row"] == 2


def test_command_bad_input_exits_2_prints_errors_and_writes_nothing(organization, csv_file, capsys):
    bad = GOOD + "Кузнецов;;;;педагог;;;;;;;\n"
    with pytest.raises(CommandError) as excinfo:
        call_command("import_participants", csv_file(bad), "--format", "json", organization=organization.slug)
    assert excinfo.value.returncode == 2
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == [{"row": 6, "column": "Имя", "message": "Не указано имя."}]
    assert Participant.objects.count() == 0
    with pytest.raises(CommandError) as excinfo:
        call_command("import_participants", csv_file(bad), organization=organization.slug)
    assert excinfo.value.returncode == 2
    assert "строка 6, столбец «Имя»: Не указано имя." in capsys.readouterr().err


def test_command_unknown_organization_or_file(organization, csv_file, tmp_path):
    with pytest.raises(CommandError) as excinfo:
        call_command("import_participants", csv_file(GOOD), organization="no-such")
    assert excinfo.value.returncode == 2
    with pytest.raises(CommandError) as excinfo:
        call_command("import_participants", str(tmp_path / "missing.csv"), organization=organization.slug)
    assert excinfo.value.returncode == 2
