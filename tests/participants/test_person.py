"""A person's card and the curator's forms: add, edit, requests, competences, consents, mentor's path."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.methodology.models import MentoringForm
from nastavnik.participants.models import (
    Consent,
    ConsentRequest,
    Interview,
    MenteeProfile,
    MentorProfile,
    Participant,
    Partner,
    RequestTopic,
)
from tests.builders import PDF, PNG, give_consent, make_mentee, make_participant, make_pupil, make_user


def url(name, org, *args):
    return reverse(f"participants:{name}", args=[org.slug, *args])


def test_curator_adds_a_participant_to_both_bases(login, curator, organization):
    client = login(curator)
    response = client.post(
        url("person_add", organization),
        {
            "last_name": " Ахмедов ",
            "first_name": "Руслан",
            "patronymic": "Ибрагимович",
            "birth_date": "2001-05-12",
            "category": "young_specialist",
            "subject": "Информатика",
            "experience_years": "1",
            "phone": "+7 900 123-45-67",
            "as_mentee": "on",
            "as_mentor": "on",
        },
    )
    person = Participant.objects.get()
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert person.last_name == "Ахмедов"
    assert MenteeProfile.objects.filter(participant=person).exists()
    assert MentorProfile.objects.get(participant=person).origin == "staff"
    record = person.history.get()
    assert record.history_user == curator


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"last_name": "   "}, "last_name"),
        ({"last_name": "Иванов1"}, "last_name"),
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"birth_date": "not a date"}, "birth_date"),
        ({"experience_years": "-3"}, "experience_years"),
        ({"experience_years": "100000"}, "experience_years"),
        ({"category": "boss"}, "category"),
        ({"phone": "позвоните мне"}, "phone"),
        ({"email": "нет"}, "email"),
        ({"last_name": "Я" * 500}, "last_name"),
        ({"as_mentee": ""}, None),
    ],
)
def test_bad_participant_input_is_explained(login, curator, organization, data, field):
    valid = {"last_name": "Иванов", "first_name": "Иван", "category": "teacher", "as_mentee": "on"}
    response = login(curator).post(url("person_add", organization), {**valid, **data})
    assert response.status_code == 200
    form = response.context["form"]
    assert (field in form.errors) if field else form.non_field_errors()
    assert not Participant.objects.exists()


def test_edit_participant_and_history_on_the_card(login, curator, organization):
    person = make_participant(organization, last_name="Старая")
    make_mentee(organization, participant=person)
    client = login(curator)
    response = client.post(
        url("person_edit", organization, person.pk),
        {"last_name": "Новая", "first_name": "Анна", "category": "teacher"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Новая"
    page = client.get(url("person", organization, person.pk)).content.decode()
    assert "История изменений" in page and "Карточка участника: изменён" in page and "фамилия" in page


def test_mentee_profile_and_requests(login, curator, organization):
    person = make_pupil(organization)
    client = login(curator)
    form = MentoringForm.objects.get(code="pupil-pupil", organization=None)
    assert client.get(url("request_add", organization, person.pk)).status_code == 404  # no mentee profile yet
    response = client.post(
        url("mentee_profile", organization, person.pk),
        {"form": form.pk, "status": "in_base", "priority": "2", "notes": "Из личного дела"},
    )
    assert response.status_code == 302
    topic = RequestTopic.objects.get(organization=None, title="Профориентация")
    response = client.post(
        url("request_add", organization, person.pk),
        {"topic": topic.pk, "text": "", "source": "class_teacher", "priority": "1"},
    )
    assert response.status_code == 302
    bad = client.post(
        url("request_add", organization, person.pk), {"source": "class_teacher", "priority": "1"}
    )
    assert bad.status_code == 200 and bad.context["form"].non_field_errors()
    page = client.get(url("person", organization, person.pk)).content.decode()
    assert "Профориентация" in page and "классный руководитель" in page


def test_mentor_profile_competence_status_interview_training(login, curator, organization):
    person = make_participant(organization)
    partner = Partner.objects.create(organization=organization, name="АО «Завод»")
    client = login(curator)
    form = MentoringForm.objects.get(code="teacher-teacher", organization=None)
    response = client.post(
        url("mentor_profile", organization, person.pk),
        {
            "origin": "partner",
            "partner": partner.pk,
            "capacity": "3",
            "availability": "пн 15:00–17:00\nчт 14:00–16:00",
            "experience": "20 лет в школе",
            "forms": [form.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    mentor = MentorProfile.objects.get(participant=person)
    assert mentor.availability == ["пн 15:00–17:00", "чт 14:00–16:00"]
    assert list(mentor.forms.all()) == [form] and mentor.partner == partner
    bad = client.post(url("mentor_profile", organization, person.pk), {"origin": "staff", "capacity": "31"})
    assert "capacity" in bad.context["form"].errors

    assert client.post(url("competence_add", organization, person.pk), {"title": "ИКТ"}).status_code == 302
    assert (
        client.post(url("interview_add", organization, person.pk), {"date": "2024-09-01"}).status_code == 302
    )
    assert Interview.objects.get().interviewer == curator
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    assert (
        "date"
        in client.post(url("interview_add", organization, person.pk), {"date": future}).context["form"].errors
    )

    response = client.post(
        url("mentor_status", organization, person.pk), {"status": "interviewed", "note": "ok"}
    )
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.status == "interviewed"
    wrong = client.post(url("mentor_status", organization, person.pk), {"status": "active"})
    assert wrong.status_code == 200 and "status" in wrong.context["form"].errors

    cert = SimpleUploadedFile("udostoverenie.pdf", PDF, content_type="application/pdf")
    response = client.post(
        url("training_add", organization, person.pk),
        {"course": "Школа наставника", "hours": "36", "date": "2024-10-01", "certificate": cert},
    )
    assert response.status_code == 302
    training = mentor.trainings.get()
    download = client.get(url("training_certificate", organization, person.pk, training.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")
    bad = client.post(
        url("training_add", organization, person.pk),
        {"course": "X", "date": "2024-10-01", "certificate": fake},
    )
    assert "certificate" in bad.context["form"].errors

    page = client.get(url("person", organization, person.pk)).content.decode()
    assert "Статус наставника: «потенциальный» → «собеседование пройдено»" in page
    assert "Школа наставника" in page and "ИКТ" in page


def test_consent_scan_upload_link_and_revoke(login, curator, organization):
    child = make_pupil(organization)
    make_mentee(organization, participant=child)
    client = login(curator)
    page = client.get(url("person", organization, child.pk)).content.decode()
    assert "Несовершеннолетнего нельзя включить в пару" in page

    bad = client.post(
        url("consent_add", organization, child.pk),
        {
            "kind": "personal_data",
            "given_by": "parent",
            "given_at": "2024-09-01",
            "scan": SimpleUploadedFile("scan.exe", b"MZ"),
        },
    )
    assert "scan" in bad.context["form"].errors and "representative_name" in bad.context["form"].errors
    minor_self = client.post(
        url("consent_add", organization, child.pk),
        {
            "kind": "personal_data",
            "given_by": "self",
            "given_at": "2024-09-01",
            "scan": SimpleUploadedFile("scan.png", PNG),
        },
    )
    assert "несовершеннолетний" in minor_self.content.decode()
    response = client.post(
        url("consent_add", organization, child.pk),
        {
            "kind": "personal_data",
            "given_by": "parent",
            "representative_name": "Петрова Анна Ивановна",
            "given_at": "2024-09-01",
            "scan": SimpleUploadedFile("scan.png", PNG),
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.given_at.date() == dt.date(2024, 9, 1)
    scan = client.get(url("consent_scan", organization, child.pk, consent.pk))
    assert b"".join(scan.streaming_content) == PNG
    page = client.get(url("person", organization, child.pk)).content.decode()
    assert "Можно включить в наставническую пару" in page

    response = client.post(url("consent_link_create", organization, child.pk), {"kind": "publication"})
    assert response.status_code == 302
    link = ConsentRequest.objects.get()
    page = client.get(url("person", organization, child.pk)).content.decode()
    assert link.get_absolute_url() in page
    client.post(url("consent_link_cancel", organization, child.pk, link.pk))
    link.refresh_from_db()
    assert link.cancelled_at is not None

    response = client.post(url("consent_revoke", organization, child.pk, consent.pk), {"reason": "Заявление"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_by == curator
    page = client.get(url("person", organization, child.pk)).content.decode()
    assert "согласие отозвано" in page and "Согласие «обработка персональных данных» отозвано" in page


def test_working_group_cannot_see_scans_or_revoke(login, organization):
    child = make_pupil(organization)
    consent = give_consent(child, given_by="parent")
    client = login(make_user(Role.WORKING_GROUP, organization=organization))
    assert client.get(url("person", organization, child.pk)).status_code == 200
    assert client.get(url("consent_scan", organization, child.pk, consent.pk)).status_code == 404
    assert client.post(url("consent_revoke", organization, child.pk, consent.pk)).status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_objects_of_another_person_are_404(login, curator, organization):
    a, b = make_pupil(organization), make_pupil(organization)
    consent = give_consent(b, given_by="parent")
    client = login(curator)
    assert client.get(url("consent_scan", organization, a.pk, consent.pk)).status_code == 404
    assert client.post(url("consent_revoke", organization, a.pk, consent.pk)).status_code == 404


def test_partners_page(login, curator, organization):
    client = login(curator)
    response = client.post(
        url("partners", organization),
        {"name": "ООО «Агро»", "kind": "enterprise", "site": "agro.example.ru", "email": ""},
    )
    assert response.status_code == 302
    assert Partner.objects.get().site == "https://agro.example.ru"
    assert "ООО «Агро»" in client.get(url("partners", organization)).content.decode()
    bad = client.post(url("partners", organization), {"name": "", "kind": "spaceship"})
    assert bad.status_code == 200 and {"name", "kind"} <= set(bad.context["form"].errors)
    director = login(make_user(Role.DIRECTOR, organization=organization))
    assert director.get(url("partners", organization)).status_code == 200
    assert director.post(url("partners", organization), {"name": "X", "kind": "ngo"}).status_code == 404


def test_mentor_profile_with_a_foreign_partner_is_refused(login, curator, organization, other_organization):
    person = make_participant(organization)
    foreign = Partner.objects.create(organization=other_organization, name="Чужой")
    response = login(curator).post(
        url("mentor_profile", organization, person.pk),
        {"origin": "partner", "partner": foreign.pk, "capacity": "1"},
    )
    assert "partner" in response.context["form"].errors
    assert not MentorProfile.objects.exists()


def _grow_card(person, organization, curator, n: int):
    """Add `n` of everything the card lists: requests, competences, interviews, trainings, consents, links,
    pairs both ways, status changes and edits (history rows)."""
    from nastavnik.participants import services
    from tests.builders import assign, make_mentor

    mentee, mentor = person.mentee_profile, person.mentor_profile
    topic = RequestTopic.objects.filter(organization=None).first()
    for i in range(n):
        services.add_request(mentee, acting_user=curator, topic=topic, text=f"запрос {i}")
        services.add_competence(mentor, acting_user=curator, title=f"Компетенция {i}", topic=topic)
        services.record_interview(mentor, acting_user=curator, date=timezone.localdate(), notes=f"{i}")
        services.record_training(
            mentor,
            acting_user=curator,
            course=f"Курс {i}",
            date=timezone.localdate(),
            hours=2,
            certificate=SimpleUploadedFile("cert.pdf", PDF),
        )
        give_consent(person, revoked=True)
        services.create_consent_request(person, acting_user=curator, kind="publication")
        other = make_participant(organization)
        assign(make_mentor(organization, participant=other), mentee)
        assign(mentor, make_mentee(organization, participant=make_participant(organization)))
        person.phone = f"+7 900 000-00-{i:02d}"
        services.save_participant(person, acting_user=curator)
        mentee.notes = f"заметка {i}"
        mentee.save()
    give_consent(person)


def test_person_page_query_count_does_not_grow(login, curator, organization, django_assert_max_num_queries):
    from nastavnik.participants import services

    person = make_participant(organization)
    person.mentee_profile = make_mentee(organization, participant=person)
    person.mentor_profile = services.ensure_mentor_profile(person, acting_user=curator, origin="staff")
    for status in ("interviewed", "selected"):
        services.change_mentor_status(person.mentor_profile, status, acting_user=curator)
    client = login(curator)
    page = url("person", organization, person.pk)
    _grow_card(person, organization, curator, 1)
    client.get(page)  # warm the session and caches
    with django_assert_max_num_queries(25) as few:
        assert client.get(page).status_code == 200
    _grow_card(person, organization, curator, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(page)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Курс 11" in content and "Компетенция 11" in content and "История изменений" in content


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("person_edit", {"last_name": "", "category": "x" * 300}),
        ("mentee_profile", {"form": "abc", "status": "nonsense", "priority": "9" * 30}),
        ("mentor_profile", {"origin": "x", "partner": "999999999", "capacity": "-1", "forms": ["z"]}),
        ("request_add", {"topic": "999999999", "source": "?", "priority": "1.5"}),
        ("competence_add", {"topic": "not-an-id"}),
        ("mentor_status", {"status": "active"}),
        ("interview_add", {"date": "31.02.2024"}),
        ("training_add", {"course": "", "hours": "99999999999", "date": ""}),
        ("consent_add", {"kind": "x", "given_by": "self", "given_at": "2024-01-01"}),
    ],
)
def test_garbage_on_a_persons_forms_is_explained_and_writes_nothing(login, curator, organization, name, data):
    person = make_participant(organization)
    make_mentee(organization, participant=person)
    from tests.builders import make_mentor

    mentor = make_mentor(organization, participant=person)
    history = person.history.count()
    response = login(curator).post(url(name, organization, person.pk), data)
    assert response.status_code == 200 and response.context["form"].errors
    assert person.history.count() == history
    assert not (mentor.competences.exists() or mentor.interviews.exists() or mentor.trainings.exists())
    assert not (person.mentee_profile.requests.exists() or person.consents.exists())
    assert not mentor.status_changes.exists()
