"""The import as the curator clicks it: upload, column mapping with preview and errors, confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.participants.models import MenteeProfile, MentorProfile, Participant
from tests.builders import make_user


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


GOOD = (
    "ФИО;Дата рождения;Класс;Запросы\n"
    "Петров Пётр Петрович;17.05.2012;7Б;Профориентация\n"
    "Иванова Анна Сергеевна;01.09.2011;8А;\n"
)


#: The mapping page's "import" button with the columns of GOOD mapped.
IMPORT_WITH_MAPPING = {
    "action": "import",
    "col_0": "full_name",
    "col_1": "birth_date",
    "col_2": "group",
    "col_3": "requests",
}


def upload(client, organization, text=GOOD, name="7Б.csv", encoding="cp1251", role="mentee"):
    return client.post(
        reverse("participants:import", args=[organization.slug]),
        {"file": SimpleUploadedFile(name, text.encode(encoding)), "default_role": role},
    )


def test_upload_preview_and_confirm(login, curator, organization):
    client = login(curator)
    response = upload(client, organization)
    assert response.status_code == 302
    mapping_url = response["Location"]
    page = client.get(mapping_url)
    text = page.content.decode()
    assert "Ошибок нет: будет загружено участников: 2" in text
    assert "Петров Пётр Петрович" in text and "17.05.2012" in text
    assert page.context["form"]["col_0"].value() == "full_name"
    assert not Participant.objects.exists()
    response = client.post(mapping_url, IMPORT_WITH_MAPPING)
    assert response.status_code == 302 and response["Location"].endswith("/mentees/")
    assert Participant.objects.count() == 2 and MenteeProfile.objects.count() == 2
    assert client.get(mapping_url).status_code == 404  # the upload is gone after the import


def test_errors_block_the_import_and_are_listed_with_row_and_column(login, curator, organization):
    client = login(curator)
    mapping_url = upload(client, organization, GOOD + "Сидоров;32.13.2010;9В;\n")["Location"]
    page = client.get(mapping_url).content.decode()
    assert "файл не загружен" in page
    assert "В ФИО нужны хотя бы фамилия и имя" in page and "Такой даты нет" in page
    response = client.post(mapping_url, IMPORT_WITH_MAPPING)
    assert response.status_code == 200
    assert len(response.context["result"].errors) == 2
    assert {e.row for e in response.context["result"].errors} == {4}
    assert not Participant.objects.exists()


def test_curator_changes_the_mapping(login, curator, organization):
    client = login(curator)
    mapping_url = upload(client, organization, "Кто;Когда;Где\nПетров Пётр;17.05.2012;7Б\n", role="mentor")[
        "Location"
    ]
    page = client.get(mapping_url)
    assert "Нужен столбец «ФИО»" in page.content.decode()
    duplicate = client.post(mapping_url, {"action": "check", "col_0": "full_name", "col_1": "full_name"})
    assert "уже выбрано" in duplicate.content.decode()
    response = client.post(
        mapping_url, {"action": "import", "col_0": "full_name", "col_1": "birth_date", "col_2": "group"}
    )
    assert response.status_code == 302
    assert MentorProfile.objects.get().participant.last_name == "Петров"


def test_bad_uploads(login, curator, organization):
    client = login(curator)
    for name, content in [("list.docx", b"PK"), ("list.xlsx", b"not a workbook"), ("list.csv", b"\x00\x01")]:
        response = client.post(
            reverse("participants:import", args=[organization.slug]),
            {"file": SimpleUploadedFile(name, content), "default_role": "mentee"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
    response = client.post(reverse("participants:import", args=[organization.slug]), {"default_role": "boss"})
    assert set(response.context["form"].errors) == {"file", "default_role"}


def test_a_token_belongs_to_its_session_and_organization(login, curator, organization, other_organization):
    mapping_url = upload(login(curator), organization)["Location"]
    other_curator = make_user(Role.CURATOR, organization=organization)
    assert login(other_curator).get(mapping_url).status_code == 404
    assert (
        login(curator)
        .get(reverse("participants:import_mapping", args=[organization.slug, "nope"]))
        .status_code
        == 404
    )
    wg = make_user(Role.WORKING_GROUP, organization=organization)
    assert login(wg).get(mapping_url).status_code == 404
    director = make_user(Role.DIRECTOR, organization=organization)
    assert login(director).get(mapping_url).status_code == 404


def test_only_curation_may_import(login, organization, settings):
    """The service trusts its caller; the pages refuse the director (404) and let the working group in."""
    director = login(make_user(Role.DIRECTOR, organization=organization))
    assert director.get(reverse("participants:import", args=[organization.slug])).status_code == 404
    assert upload(director, organization).status_code == 404
    assert not (settings.VAR_DIR / "imports").exists() or not any((settings.VAR_DIR / "imports").iterdir())
    worker = login(make_user(Role.WORKING_GROUP, organization=organization))
    response = upload(worker, organization)
    assert response.status_code == 302
    assert (
        worker.post(
            response["Location"],
            {
                "action": "import",
                "col_0": "full_name",
                "col_1": "birth_date",
                "col_2": "group",
                "col_3": "requests",
            },
        ).status_code
        == 302
    )
    assert Participant.objects.count() == 2


#: Messages of participants/tabular (file, column, row level) as the import pages show them, in both languages.
IMPORT_MESSAGES = {
    "en": {
        "not_csv": "The file does not look like a CSV table: save it in Excel as .csv or .xlsx.",
        "empty": "The file is empty.",
        "columns": "A column “ФИО” (full name) or the columns “Фамилия” (last name) and “Имя” (first name) are needed.",
        "full_name": "The full name needs at least a last name and a first name.",
        "date": "There is no such date: “32.13.2010”.",
        "category": "Unknown category “космонавт”; allowed: обучающийся, студент, педагог, молодой специалист, "
        "сотрудник, выпускник, сотрудник партнёра.",
        "experience": "Experience: “много” is not a number.",
        "no_header_column": "column 3",
        "errors": "4 errors: the file was not imported",
    },
    "ru": {
        "not_csv": "Файл не похож на таблицу CSV: сохраните его в Excel как .csv или .xlsx.",
        "empty": "Файл пуст.",
        "columns": "Нужен столбец «ФИО» или столбцы «Фамилия» и «Имя».",
        "full_name": "В ФИО нужны хотя бы фамилия и имя.",
        "date": "Такой даты нет: «32.13.2010».",
        "category": "Неизвестная категория «космонавт»; допустимо: обучающийся, студент, педагог, молодой специалист, "
        "сотрудник, выпускник, сотрудник партнёра.",
        "experience": "Стаж: «много» — не число.",
        "no_header_column": "столбец 3",
        "errors": "Ошибок: 4 — файл не загружен",
    },
}

BAD_ROWS = (
    "ФИО;Дата рождения;;Категория\nПетров Пётр;17.05.2012;много;педагог\nСидоров;32.13.2010;;космонавт\n"
)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_import_errors_follow_the_readers_language(login, curator, organization, settings, language):
    """participants/tabular's messages carry their ids: the upload and mapping pages show them translated."""
    import html

    from nastavnik.core.texts import Text

    expected = IMPORT_MESSAGES[language]
    client = login(curator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    def shown(response) -> str:
        return html.unescape(response.content.decode())

    # the file
    assert expected["not_csv"] in shown(upload(client, organization, text="\x00\x01", encoding="latin-1"))
    assert expected["empty"] in shown(upload(client, organization, text="  \n"))
    # the columns
    mapping_url = upload(client, organization, "Кто;Когда;Где\nПетров Пётр;17.05.2012;7Б\n")["Location"]
    assert expected["columns"] in shown(client.get(mapping_url))
    assert expected["columns"] in shown(client.post(mapping_url, {"action": "check", "col_1": "birth_date"}))
    # the rows; the third column has no header and is mapped to the length of service
    mapping_url = upload(client, organization, BAD_ROWS)["Location"]
    mapping = {"action": "check", "col_0": "full_name", "col_1": "birth_date", "col_2": "experience_years"}
    response = client.post(mapping_url, {**mapping, "col_3": "category"})
    page = shown(response)
    for key in ("full_name", "date", "category", "experience", "errors"):
        assert expected[key] in page, key
    assert f">{expected['no_header_column']}</td>" in page
    # the result itself stays Russian (the import command, logs): ids are translated only when shown
    messages = {str(e.message) for e in response.context["result"].errors}
    assert IMPORT_MESSAGES["ru"]["experience"] in messages and IMPORT_MESSAGES["ru"]["date"] in messages
    assert all(isinstance(e.message, Text) for e in response.context["result"].errors)
