"""Monitoring pages: who may open and change them (404 for everyone else), what they show, bounded queries."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from nastavnik.monitoring.models import Contingent, Measure, MeasureValue, MonitoringSettings, Swot
from nastavnik.roadmaps.queries import current_academic_year
from tests.builders import (
    ALL_ROLES,
    make_contingent,
    make_feedback,
    make_meeting,
    make_mentee,
    make_mentor,
    make_pairing,
    make_pupil,
    make_user,
)

pytestmark = pytest.mark.django_db
YEAR = current_academic_year()
STAFF = {"director", "deputy", "curator", "working_group"}
CURATION = {"curator", "working_group"}


def pages(org):
    return [
        reverse("monitoring:indicators", args=[org.slug]),
        reverse("monitoring:year", args=[org.slug, YEAR]),
        reverse("monitoring:contingent", args=[org.slug, YEAR]),
    ]


def change_pages(org):
    return [
        reverse("monitoring:swot", args=[org.slug, YEAR]),
        reverse("monitoring:measures", args=[org.slug, YEAR]),
        reverse("monitoring:measures_template", args=[org.slug, YEAR]),
        reverse("monitoring:targets", args=[org.slug]),
    ]


@pytest.fixture
def work(organization):
    """A pairing of this year with a pupil mentee, a held meeting with feedback."""
    mentor = make_mentor(organization)
    mentee = make_mentee(organization, make_pupil(organization, age=13, last_name="Смирнова"))
    pairing = make_pairing(organization, mentor, mentee)
    meeting = make_meeting(pairing)
    make_feedback(meeting, mentee.participant, comment="Очень понравилось")
    make_contingent(organization, YEAR)
    return pairing


@pytest.mark.parametrize("role", ALL_ROLES)
def test_pages_by_role(role, organization, login, work):
    client = login(make_user(role, organization=organization))
    for url in pages(organization):
        assert client.get(url).status_code == (200 if role in STAFF else 404), url
    for url in change_pages(organization):
        assert client.get(url).status_code == (200 if role in CURATION else 404), url


def test_stranger_gets_404(organization, stranger, login):
    client = login(stranger)
    for url in pages(organization) + change_pages(organization):
        assert client.get(url).status_code == 404


def test_region_coordinator_has_no_organization_pages(organization, login):
    from tests.builders import make_coordinator

    client = login(make_coordinator(organization.municipality.region))
    assert client.get(pages(organization)[0]).status_code == 404


def test_director_reads_but_cannot_write(organization, login):
    client = login(make_user("director", organization=organization))
    url = reverse("monitoring:contingent", args=[organization.slug, YEAR])
    response = client.post(
        url,
        {
            "learners_total": 5,
            "learners_in_age": 1,
            "teachers_total": 1,
            "young_specialists_total": 0,
            "learners_age_from": 10,
            "learners_age_to": 18,
        },
    )
    assert response.status_code == 404
    assert not Contingent.objects.exists()


def test_curator_saves_contingent_and_age_range(organization, curator, login):
    client = login(curator)
    url = reverse("monitoring:contingent", args=[organization.slug, YEAR])
    data = {
        "learners_total": 500,
        "learners_in_age": 320,
        "teachers_total": 40,
        "young_specialists_total": 6,
        "learners_age_from": 11,
        "learners_age_to": 18,
    }
    assert client.post(url, data).status_code == 302
    contingent = Contingent.objects.get(organization=organization, academic_year=YEAR)
    assert (contingent.learners_in_age, contingent.created_by) == (320, curator)
    assert MonitoringSettings.objects.get(organization=organization).learners_age_from == 11
    bad = client.post(url, {**data, "learners_in_age": 900, "learners_age_from": 19})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "не может быть больше" in text and "Верхняя граница" in text
    assert Contingent.objects.get(organization=organization).learners_in_age == 320


def test_indicators_page_shows_the_figures(organization, curator, login, work):
    response = login(curator).get(
        reverse("monitoring:indicators", args=[organization.slug]) + f"?year={YEAR}"
    )
    text = response.content.decode()
    assert "Доля обучающихся" in text and "1 / 300" in text


def test_year_page_shows_feedback_and_verdicts_without_names(organization, curator, login, work):
    measure = Measure.objects.get(code="average-grade", organization=None)
    for i in range(6):
        person = make_pupil(organization, last_name=f"Ученик{i}")
        MeasureValue.objects.create(
            organization=organization,
            participant=person,
            measure=measure,
            academic_year=YEAR,
            before=3 + i * 0.1,
            after=3.6 + i * 0.12,
        )
    Swot.objects.create(organization=organization, academic_year=YEAR, strengths="Опытные наставники")
    response = login(curator).get(reverse("monitoring:year", args=[organization.slug, YEAR]))
    text = response.content.decode()
    assert "заметный рост" in text and "Опытные наставники" in text
    assert "Смирнова" not in text and "Ученик0" not in text


def test_swot_saved_by_curation(organization, login):
    client = login(make_user("working_group", organization=organization))
    url = reverse("monitoring:swot", args=[organization.slug, YEAR])
    assert (
        client.post(
            url, {"strengths": "А", "weaknesses": "Б", "opportunities": "", "threats": "Г"}
        ).status_code
        == 302
    )
    assert Swot.objects.get(organization=organization, academic_year=YEAR).threats == "Г"


def test_measures_entry_per_person(organization, curator, login, work):
    client = login(curator)
    measure = Measure.objects.get(code="average-grade", organization=None)
    url = reverse("monitoring:measures", args=[organization.slug, YEAR])
    mentee = work.members.get().mentee.participant
    page = client.get(url + f"?measure={measure.pk}")
    assert "Смирнова" in page.content.decode()
    response = client.post(
        url, {"measure": measure.pk, f"before-{mentee.pk}": "3,5", f"after-{mentee.pk}": "4"}
    )
    assert response.status_code == 302
    value = MeasureValue.objects.get(participant=mentee, measure=measure)
    assert (value.before, value.after, value.created_by) == (3.5, 4.0, curator)
    bad = client.post(url, {"measure": measure.pk, f"before-{mentee.pk}": "9", f"after-{mentee.pk}": "abc"})
    assert bad.status_code == 400
    assert MeasureValue.objects.get(participant=mentee, measure=measure).before == 3.5


def _workbook(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "growth.xlsx"
    return buffer


def test_template_then_import_all_or_nothing(organization, curator, login, work):
    client = login(curator)
    mentee = work.members.get().mentee.participant
    template = client.get(reverse("monitoring:measures_template", args=[organization.slug, YEAR]))
    sheet = load_workbook(io.BytesIO(template.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:2] == ["Код участника", "ФИО"] and "Средний балл успеваемости — в начале" in headers
    ids = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert mentee.pk in ids and work.mentor.participant_id in ids
    url = reverse("monitoring:measures_import", args=[organization.slug, YEAR])
    broken = _workbook(
        [
            ["Код участника", "Средний балл успеваемости — в начале", "Средний балл успеваемости — в конце"],
            [mentee.pk, "3,2", "4,1"],
            [999999, 3, 4],
            [work.mentor.participant_id, 7, "x"],
        ]
    )
    response = client.post(url, {"file": broken})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Строка 3" in text and "Строка 4" in text and "вне диапазона" in text and "не число" in text
    assert not MeasureValue.objects.exists()
    good = _workbook(
        [
            [
                "Код участника",
                "ФИО",
                "Средний балл успеваемости — в начале",
                "Средний балл успеваемости — в конце",
            ],
            [mentee.pk, "Смирнова", "3,2", 4.1],
        ]
    )
    assert client.post(url, {"file": good}).status_code == 302
    value = MeasureValue.objects.get(participant=mentee)
    assert (value.before, value.after) == (3.2, 4.1)


def test_import_of_garbage_is_a_russian_message(organization, curator, login):
    url = reverse("monitoring:measures_import", args=[organization.slug, YEAR])
    upload = io.BytesIO(b"not a workbook")
    upload.name = "x.xlsx"
    response = login(curator).post(url, {"file": upload})
    assert response.status_code == 400 and "Excel" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The file does not open as an Excel workbook (.xlsx)."),
        ("ru", "Файл не открывается как книга Excel (.xlsx)."),
    ],
)
def test_import_of_garbage_is_refused_in_the_readers_language(
    organization, curator, login, settings, language, message
):
    """The refusal comes from participants/tabular with its message id: the page translates it."""
    url = reverse("monitoring:measures_import", args=[organization.slug, YEAR])
    upload = io.BytesIO(b"not a workbook")
    upload.name = "x.xlsx"
    client = login(curator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(url, {"file": upload})
    assert response.status_code == 400 and message in response.content.decode()


def test_year_out_of_range_is_404(organization, curator, login):
    assert login(curator).get(f"/o/{organization.slug}/monitoring/1999/").status_code == 404


def test_pages_have_bounded_queries(organization, curator, login, constant_queries):
    client = login(curator)
    meter = constant_queries()
    urls = [
        reverse("monitoring:indicators", args=[organization.slug]),
        reverse("monitoring:year", args=[organization.slug, YEAR]),
    ]
    mentor = make_mentor(organization)
    for size in (1, 8):
        for _ in range(size):
            mentee = make_mentee(organization, make_pupil(organization))
            pairing = make_pairing(organization, mentor, mentee)
            make_feedback(make_meeting(pairing), mentee.participant)
        for url in urls:
            meter(lambda url=url: client.get(url))


def test_curation_corrects_the_indicator_of_a_roadmap_target(organization, curator, login):
    from nastavnik.roadmaps.models import Programme, ProgrammeTarget

    programme = Programme.objects.create(
        organization=organization, title="П", academic_year_from=YEAR, academic_year_to=YEAR + 2
    )
    target = ProgrammeTarget.objects.create(
        organization=organization, programme=programme, text="70 % вовлечены", percent=70
    )
    client = login(curator)
    url = reverse("monitoring:targets", args=[organization.slug])
    assert "70 % вовлечены" in client.get(url).content.decode()
    assert client.post(url, {f"code-{target.pk}": "learners_involved"}).status_code == 302
    target.refresh_from_db()
    assert target.indicator_code == "learners_involved"
    assert client.post(url, {f"code-{target.pk}": "nonsense"}).status_code == 400
    target.refresh_from_db()
    assert target.indicator_code == "learners_involved"
    mentor = login(make_user("mentor", organization=organization))
    assert mentor.post(url, {f"code-{target.pk}": ""}).status_code == 404


def test_revoked_consent_hides_the_name_from_all_but_the_curator(organization, curator, login, work):
    from tests.builders import give_consent

    mentee = work.members.get().mentee.participant
    give_consent(mentee, revoked=True)
    url = reverse("monitoring:measures", args=[organization.slug, YEAR])
    assert "Смирнова" in login(curator).get(url).content.decode()
    group = login(make_user("working_group", organization=organization)).get(url).content.decode()
    assert "Смирнова" not in group and "скрыт" in group
