"""Exports of the bases and the register: real XLSX that Excel opens, checked through openpyxl."""

import datetime as dt
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.methodology.models import MentoringForm
from nastavnik.participants import services
from nastavnik.participants.models import Consent, MenteeRequest, RequestTopic
from tests.builders import give_consent, make_mentee, make_mentor, make_participant, make_pupil, make_user


def open_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment;" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_mentee_base_export(login, curator, organization):
    child = make_pupil(organization, last_name="Смирнов", first_name="Артём", birth_date=dt.date(2012, 5, 17))
    give_consent(child, given_by=Consent.GivenBy.PARENT)
    mentee = make_mentee(
        organization, participant=child, form=MentoringForm.objects.get(code="pupil-pupil", organization=None)
    )
    MenteeRequest.objects.create(
        mentee=mentee,
        organization=organization,
        topic=RequestTopic.objects.get(organization=None, title="Профориентация"),
    )
    make_mentee(
        organization, participant=make_participant(organization, last_name="Без", first_name="Согласия")
    )
    sheet = open_xlsx(login(curator).get(reverse("participants:mentees_export", args=[organization.slug])))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N3"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["A"].width >= 9
    headers = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    smirnov = rows["Смирнов"]
    assert smirnov["Дата рождения"] == dt.datetime(2012, 5, 17)  # a real date, not text
    assert (
        sheet.cell(row=3, column=4).number_format == "DD.MM.YYYY"
        or sheet.cell(row=2, column=4).number_format == "DD.MM.YYYY"
    )
    assert smirnov["Форма наставничества"] == "Ученик – ученик"
    assert smirnov["Запросы"] == "Профориентация"
    assert smirnov["Согласие на обработку ПД"] == "есть"
    assert rows["Без"]["Согласие на обработку ПД"] == "нет"


def test_export_follows_the_filters(login, curator, organization):
    make_mentee(organization, participant=make_pupil(organization, last_name="Ученик"))
    make_mentee(organization, participant=make_participant(organization, last_name="Учитель"))
    url = reverse("participants:mentees_export", args=[organization.slug]) + "?category=pupil"
    sheet = open_xlsx(login(curator).get(url))
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["Ученик"]


def test_mentor_base_and_register_exports(login, curator, organization):
    mentor = make_mentor(
        organization, participant=make_participant(organization, last_name="Кузнецова"), capacity=3
    )
    mentor.forms.add(MentoringForm.objects.get(code="teacher-teacher", organization=None))
    services.add_competence(mentor, acting_user=None, title="Подготовка к аттестации")
    for status in ["interviewed", "selected"]:
        services.change_mentor_status(mentor, status, acting_user=curator)
    services.record_training(
        mentor, acting_user=None, course="Школа наставника", hours=36, date=timezone.localdate()
    )
    make_mentor(organization, participant=make_participant(organization, last_name="Потенциальный"))
    client = login(curator)
    base = open_xlsx(client.get(reverse("participants:mentors_export", args=[organization.slug])))
    assert {r[0] for r in base.iter_rows(min_row=2, values_only=True)} == {"Кузнецова", "Потенциальный"}
    register = open_xlsx(client.get(reverse("participants:register_export", args=[organization.slug])))
    headers = [c.value for c in register[1]]
    rows = [dict(zip(headers, r, strict=True)) for r in register.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 1
    row = rows[0]
    assert row["ФИО наставника"].startswith("Кузнецова")
    assert row["Статус"] == "в реестре наставников"
    assert row["Дата включения в реестр"].date() == timezone.localdate()
    assert "Школа наставника (36 ч." in row["Обучение"]
    assert row["Формы наставничества"] == "Учитель – учитель"
    assert row["Компетенции"] == "Подготовка к аттестации"
    assert (row["Наставляемых"], row["Может взять"]) == (0, 3)


def test_export_hides_revoked_people_from_all_but_the_curator(login, curator, organization):
    person = make_participant(organization, last_name="Отозвавший")
    give_consent(person, revoked=True)
    make_mentee(organization, participant=person)
    url = reverse("participants:mentees_export", args=[organization.slug])
    curator_rows = [r[0] for r in open_xlsx(login(curator).get(url)).iter_rows(min_row=2, values_only=True)]
    assert curator_rows == ["Отозвавший"]
    director = make_user(Role.DIRECTOR, organization=organization)
    assert [r for r in open_xlsx(login(director).get(url)).iter_rows(min_row=2, values_only=True)] == []


def test_empty_export_is_still_a_workbook(login, curator, organization):
    sheet = open_xlsx(login(curator).get(reverse("participants:register_export", args=[organization.slug])))
    assert sheet.max_row == 1
