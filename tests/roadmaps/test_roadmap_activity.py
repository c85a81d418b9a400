"""One activity: mark done with proof (file or link) in place with htmx, change status, edit, download proof."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.roadmaps import services
from nastavnik.roadmaps.models import Activity, Evidence
from tests.builders import make_user
from tests.roadmaps.roadmap_builders import days, make_roadmap, set_deadline

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def activity(organization):
    make_roadmap(organization, activities=1, stages=1)
    return Activity.objects.get()


def done_url(activity):
    return reverse("roadmaps:activity_done", args=[activity.organization.slug, activity.pk])


def test_the_done_form_opens_under_the_activity(login, curator, activity):
    response = login(curator).get(done_url(activity), **HTMX)
    body = response.content.decode()
    assert body.startswith(f'<tbody id="activity-{activity.pk}"')
    assert 'name="file"' in body and 'name="url"' in body and 'hx-encoding="multipart/form-data"' in body
    closed = login(curator).get(done_url(activity) + "?cancel=1", **HTMX).content.decode()
    assert 'name="file"' not in closed
    assert login(curator).get(done_url(activity)).status_code == 302  # without htmx: the activity page


def test_mark_done_with_a_file_in_place(login, curator, activity):
    proof = SimpleUploadedFile("протокол.pdf", b"%PDF-1.4 protocol")
    response = login(curator).post(done_url(activity), {"file": proof, "note": "Провели"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "выполнено" in body and "<html" not in body
    assert "1 подтверждение" in body
    activity.refresh_from_db()
    assert (activity.status, activity.completed_on, activity.note) == (
        "done",
        timezone.localdate(),
        "Провели",
    )
    evidence = Evidence.objects.get()
    download = login(curator).get(
        reverse("roadmaps:evidence", args=[activity.organization.slug, evidence.pk])
    )
    assert b"".join(download.streaming_content) == b"%PDF-1.4 protocol"
    assert "attachment" in download["Content-Disposition"]


def test_mark_done_with_a_link_and_date_without_js(login, curator, activity):
    response = login(curator).post(
        done_url(activity),
        {"url": "https://school.example/news/42", "completed_on": "2026-10-05", "next": "/o/x/tasks/"},
    )
    assert response.status_code == 302 and response["Location"] == "/o/x/tasks/"
    activity.refresh_from_db()
    assert activity.completed_on == date(2026, 10, 5)
    assert Evidence.objects.get().url == "https://school.example/news/42"


def test_next_never_leaves_the_site(login, curator, activity):
    response = login(curator).post(done_url(activity), {"next": "https://evil.example/"})
    assert response["Location"] == reverse(
        "roadmaps:activity", args=[activity.organization.slug, activity.pk]
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: {"file": SimpleUploadedFile("virus.exe", b"MZ")}, "не подходит"),
        (
            lambda: {"file": SimpleUploadedFile("big.pdf", b"x" * (services.EVIDENCE_MAX_SIZE + 1))},
            "слишком большой",
        ),
        (lambda: {"url": "javascript:alert(1)"}, "http://"),
        (lambda: {"completed_on": "2999-01-01"}, "в будущем"),
        (lambda: {"completed_on": "вчера"}, "Введите правильную дату"),
    ],
)
def test_bad_proof_is_explained_and_nothing_changes(data, message, login, curator, activity):
    response = login(curator).post(done_url(activity), data(), **HTMX)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'name="file"' in response.content.decode()  # the form stays open with the error
    response = login(curator).post(done_url(activity), data())
    assert response.status_code == 400 and message in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "planned" and not Evidence.objects.exists()


def test_status_change_in_place(login, curator, activity):
    url = reverse("roadmaps:activity_status", args=[activity.organization.slug, activity.pk])
    response = login(curator).post(url, {"status": "in_progress"}, **HTMX)
    assert response.status_code == 200 and 'data-status="in_progress"' in response.content.decode()
    response = login(curator).post(url, {"status": "overdue"}, **HTMX)
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.status == "in_progress"
    response = login(curator).post(url, {"status": "cancelled"})
    assert response.status_code == 302
    assert "Статус мероприятия изменён" in login(curator).get(response["Location"]).content.decode()


def test_an_overdue_activity_shows_as_overdue_until_done(login, curator, activity):
    set_deadline(activity, days(-20), days(-3))
    body = login(curator).get(done_url(activity) + "?cancel=1", **HTMX).content.decode()
    assert "activity overdue" in body and "просрочено" in body
    body = login(curator).post(done_url(activity), {}, **HTMX).content.decode()
    assert "activity overdue" not in body and "chip-done" in body


def test_evidence_added_later_on_the_activity_page(login, curator, activity):
    client = login(curator)
    url = reverse("roadmaps:activity_evidence", args=[activity.organization.slug, activity.pk])
    client.post(
        url, {"file": SimpleUploadedFile("фото.jpg", b"\xff\xd8\xff jpeg"), "title": "Фото с педсовета"}
    )
    client.post(url, {"url": "https://vk.com/school?w=wall-1_2"})
    response = client.post(url, {"title": "пусто"})
    assert "Прикрепите файл или укажите ссылку" in client.get(response["Location"]).content.decode()
    page = client.get(
        reverse("roadmaps:activity", args=[activity.organization.slug, activity.pk])
    ).content.decode()
    assert "Фото с педсовета" in page and "vk.com" in page
    assert Evidence.objects.count() == 2


def test_edit_page(login, curator, activity, organization):
    mentor = make_user(Role.MENTOR, organization=organization, name="Кузнецова Елена Ивановна")
    client = login(curator)
    url = reverse("roadmaps:activity_edit", args=[organization.slug, activity.pk])
    assert "Мероприятие 1.1" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "number": "1.1",
            "title": "Педсовет",
            "deadline_text": "до 20 декабря",
            "responsible": "Куратор\nКузнецова Е.И.",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Педсовет" and activity.deadline_end.month == 12
    assert activity.responsible.get(label="Кузнецова Е.И.").user == mentor
    response = client.post(url, {"title": ""})
    assert response.status_code == 200 and "Обязательное поле" in response.content.decode()
    response = client.post(url, {"title": "x" * 6000})
    assert response.status_code == 200


def test_activity_page_shows_details_history_and_parsed_dates(login, curator, activity):
    services.set_status(activity, "in_progress", acting_user=curator)
    page = (
        login(curator)
        .get(reverse("roadmaps:activity", args=[activity.organization.slug, activity.pk]))
        .content.decode()
    )
    assert "Мероприятие 1.1" in page and "октябрь" in page and "История изменений" in page
    assert activity.deadline_end.strftime("%d.%m.%Y") in page


def test_missing_evidence_file_is_404(login, curator, activity):
    evidence = services.add_evidence(activity, acting_user=None, file=SimpleUploadedFile("a.pdf", b"%PDF"))
    evidence.file.storage.delete(evidence.file.name)
    assert (
        login(curator)
        .get(reverse("roadmaps:evidence", args=[activity.organization.slug, evidence.pk]))
        .status_code
        == 404
    )
    link = services.add_evidence(activity, acting_user=None, url="https://example.org")
    assert (
        login(curator)
        .get(reverse("roadmaps:evidence", args=[activity.organization.slug, link.pk]))
        .status_code
        == 404
    )
