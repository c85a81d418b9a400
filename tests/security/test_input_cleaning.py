"""Defects 5 and 6 of issue 13: NUL characters are removed from every input once, centrally (PostgreSQL
refuses them: a 500), and a number too big for a column is "no such object", never an OverflowError."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nastavnik.participants.models import Consent, MentorProfile, Participant
from nastavnik.questionnaires.models import Questionnaire
from tests.builders import give_consent, make_mentor, make_participant

HUGE = "99999999999999999999999"


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def mentor_form_data(**values):
    data = {"origin": MentorProfile.Origin.STAFF, "capacity": "2", "availability": "", "experience": ""}
    data.update(values)
    return data


def test_nul_in_mentor_availability_is_removed(organization, curator, login):
    mentor = make_mentor(organization)
    url = reverse("participants:mentor_profile", args=[organization.slug, mentor.participant.pk])
    response = login(curator).post(url, mentor_form_data(availability="пн 15:00\x00–17:00\nвт\x00"))
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.availability == ["пн 15:00–17:00", "вт"]


def test_nul_in_consent_revocation_reason_is_removed(organization, curator, login):
    person = make_participant(organization)
    consent = give_consent(person)
    url = reverse("participants:consent_revoke", args=[organization.slug, person.pk, consent.pk])
    response = login(curator).post(url, {"reason": "по\x00 заявлению"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None and consent.revoke_reason == "по заявлению"


def test_nul_in_a_query_string_and_in_a_field_name_is_removed(organization, curator, login):
    client = login(curator)
    response = client.get(reverse("participants:mentees", args=[organization.slug]), {"q": "Ив\x00ан"})
    assert response.status_code == 200
    assert response.context["request"].GET["q"] == "Иван"


@pytest.mark.parametrize("url", ["/q/abc%00def/", "/consent/abc%00/", "/o/x%00/mentees/"])
def test_nul_in_a_path_is_not_found(db, client, url):
    response = client.get(url)
    assert response.status_code == 404
    if url.startswith("/q/"):
        assert "Ссылка не найдена" in response.content.decode()  # the token page's own answer


def test_nul_in_an_uploaded_file_name_and_csv_cells_is_removed(organization, curator, login):
    client = login(curator)
    # A NUL in the first 4 KB means "not a CSV" (UTF-16, a binary file): a Russian refusal; later it is debris.
    letters = "абвгдежзиклмнопрстуфхцчшщэюя"
    filler = "".join(f"Иванов{a}{b} Иван;17.05.2012;7Б;История\n" for a in letters[:10] for b in letters[:15])
    text = "ФИО;Дата рождения;Класс;Предмет\n" + filler + "Петров\x00 Пётр;17.05.2012;7Б;Мате\x00матика\n"
    response = client.post(
        reverse("participants:import", args=[organization.slug]),
        {"file": SimpleUploadedFile("сп\x00исок.csv", text.encode()), "default_role": "mentee"},
    )
    assert response.status_code == 302
    mapping = {"action": "import", "col_0": "full_name", "col_1": "birth_date", "col_2": "group"}
    mapping["col_3"] = "subject"
    response = client.post(response["Location"], mapping)
    assert response.status_code == 302, response.content.decode()[-3000:]
    person = Participant.objects.get(organization=organization, first_name="Пётр")
    assert (person.last_name, person.subject) == ("Петров", "Математика")


def test_a_huge_number_in_a_choice_of_several_is_a_validation_error(organization, curator, login):
    mentor = make_mentor(organization)
    url = reverse("participants:mentor_profile", args=[organization.slug, mentor.participant.pk])
    response = login(curator).post(url, mentor_form_data(forms=HUGE))
    assert response.status_code == 200
    assert response.context["form"].errors["forms"]
    mentor.refresh_from_db()
    assert mentor.capacity != 2  # nothing written


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "9" * 5000])
def test_huge_numbers_in_integer_and_choice_fields_are_refused(organization, curator, login, value):
    mentor = make_mentor(organization)
    url = reverse("participants:mentor_profile", args=[organization.slug, mentor.participant.pk])
    client = login(curator)
    for field in ("capacity", "partner", "forms"):
        response = client.post(url, mentor_form_data(**{field: value}))
        assert response.status_code == 200, field
        assert response.context["form"].errors[field]


def test_in_lookup_ignores_numbers_the_column_cannot_hold(organization):
    person = make_participant(organization)
    assert list(Participant.objects.filter(pk__in=[int(HUGE)])) == []
    assert list(Participant.objects.filter(pk__in=[int(HUGE), person.pk])) == [person]
    assert list(Questionnaire.objects.filter(pk__in=[-int(HUGE)])) == []
    assert Consent.objects.filter(pk__in=[]).count() == 0
