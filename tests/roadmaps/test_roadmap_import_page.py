"""Import in the interface: upload → preview with corrections → confirm → the roadmap page."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.roadmaps.models import Activity, DraftImport, Roadmap, Stage
from nastavnik.roadmaps.reader import read_roadmap
from tests.builders import make_user
from tests.roadmaps.fixtures import FIXTURES
from tests.roadmaps.roadmap_builders import ALL_SEEDS, KINDERGARTEN_14, SCHOOL_5


def upload(client, organization, name, data, **extra):
    return client.post(
        reverse("roadmaps:import", args=[organization.slug]),
        {"file": SimpleUploadedFile(name, data), **extra},
    )


def preview_data(client, url):
    """The preview's form as the browser would submit it unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    formset = response.context["formset"]
    data = {f"form-{k}": v for k, v in formset.management_form.initial.items()}
    for i, form in enumerate(formset.forms):
        for name in ("number", "title", "deadline", "responsible", "result"):
            data[f"form-{i}-{name}"] = form.initial.get(name, "")
    return data


@pytest.mark.parametrize("seed", ALL_SEEDS, ids=lambda p: p.stem)
def test_each_seed_through_upload_preview_and_confirm(seed, login, curator, organization):
    client = login(curator)
    response = upload(client, organization, seed.name, seed.read_bytes())
    pending = DraftImport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/import/{pending.pk}/")
    assert not Roadmap.objects.exists()  # nothing is written before the curator confirms
    url = response["Location"]
    page = client.get(url).content.decode()
    draft = read_roadmap(seed)
    assert f"мероприятий: {len(draft.activities)}" in page
    response = client.post(url, preview_data(client, url))
    assert response.status_code == 302, response.content.decode()[:2000]
    roadmap = Roadmap.objects.get()
    assert (
        response["Location"]
        == reverse("roadmaps:roadmap", args=[organization.slug]) + f"?roadmap={roadmap.pk}"
    )
    assert roadmap.created_by == curator and roadmap.source_filename == seed.name
    assert Stage.objects.count() == len(draft.stages)
    saved = list(Activity.objects.order_by("position"))
    assert [a.title for a in saved] == [a.title for a in draft.activities]
    assert [a.deadline_end for a in saved] == [
        a.deadline.end if a.deadline else None for a in draft.activities
    ]
    assert not DraftImport.objects.exists()
    assert "Дорожная карта импортирована" in client.get(response["Location"]).content.decode()


def test_corrections_in_the_preview_are_imported(login, curator, organization):
    client = login(curator)
    url = upload(client, organization, "карта.txt", SCHOOL_5.read_bytes())["Location"]
    data = preview_data(client, url)
    # rows: 0 = stage 1, 1 = activity 1.1, 2 = activity 1.2 ...
    data["form-1-title"] = "Утверждение проектной группы (исправлено)"
    data["form-1-deadline"] = "до 15 сентября"
    data["form-1-responsible"] = "Куратор; Директор"
    data["form-2-exclude"] = "on"
    data["form-0-title"] = "Нормативное регулирование"
    assert client.post(url, data).status_code == 302
    first = Activity.objects.order_by("position").first()
    assert first.title == "Утверждение проектной группы (исправлено)"
    assert (first.deadline_text, first.deadline_end) == ("до 15 сентября", date(2023, 9, 15))
    assert [r.label for r in first.responsible.all()] == ["Куратор", "Директор"]
    assert not Activity.objects.filter(number="1.2").exists()
    assert Activity.objects.count() == 29
    assert Stage.objects.order_by("position").first().title == "Нормативное регулирование"
    # an unchanged deadline keeps what the reader understood
    assert Activity.objects.get(number="1.3").deadline_end == date(2023, 9, 1)


def test_excluding_a_stage_drops_its_activities(login, curator, organization):
    client = login(curator)
    url = upload(client, organization, "сад.txt", KINDERGARTEN_14.read_bytes())["Location"]
    data = preview_data(client, url)
    data["form-0-exclude"] = "on"
    assert client.post(url, data).status_code == 302
    assert Stage.objects.count() == 6 and Activity.objects.count() == 15


def test_an_empty_title_in_the_preview_is_an_error_and_nothing_is_written(login, curator, organization):
    client = login(curator)
    url = upload(client, organization, "карта.txt", SCHOOL_5.read_bytes())["Location"]
    data = preview_data(client, url)
    data["form-3-title"] = ""
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Исправьте ошибки" in response.content.decode()
    assert not Roadmap.objects.exists() and DraftImport.objects.exists()


def test_a_tampered_form_count_is_refused(login, curator, organization):
    client = login(curator)
    url = upload(client, organization, "карта.txt", SCHOOL_5.read_bytes())["Location"]
    data = preview_data(client, url)
    data["form-TOTAL_FORMS"] = "3"
    response = client.post(url, data)
    assert response.status_code == 400 and not Roadmap.objects.exists()


@pytest.mark.parametrize("initial", ["0", "3", "-1", "-99999999999999999999", "99999999999999999999"])
def test_a_tampered_initial_form_count_is_refused_in_russian(initial, login, curator, organization):
    """Issue 13, defect 4: INITIAL_FORMS below TOTAL_FORMS (or negative) made extra forms → KeyError 500."""
    client = login(curator)
    url = upload(client, organization, "карта.txt", SCHOOL_5.read_bytes())["Location"]
    data = preview_data(client, url)
    data["form-INITIAL_FORMS"] = initial
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Форма не совпадает с черновиком" in response.content.decode()
    assert not Roadmap.objects.exists() and DraftImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.pdf", (FIXTURES / "pdf" / "scan.pdf").read_bytes(), "Это скан"),
        ("broken.pdf", b"%PDF-1.4", "PDF-файл: он повреждён"),
        ("scan.jpg", b"\xff\xd8\xff", "Загрузите дорожную карту в формате DOCX, XLSX, PDF или TXT"),
        ("photo.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "Это изображение"),
        ("broken.xlsx", b"PK\x03\x04 broken", "повреждён"),
        ("empty.txt", b"", "файл пуст"),
        ("letter.txt", "Уважаемые коллеги! Приглашаем на педсовет.".encode(), "дорожн"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "DOC"),
    ],
)
def test_a_bad_file_gets_a_russian_message_and_nothing_is_written(
    name, data, message, login, curator, organization
):
    response = upload(login(curator), organization, name, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, page[page.find("errorlist") - 200 : page.find("errorlist") + 600]
    assert not DraftImport.objects.exists() and not Roadmap.objects.exists()


def test_a_too_big_file_is_refused(login, curator, organization, settings):
    from nastavnik.roadmaps import services

    big = b"x" * (services.ROADMAP_UPLOAD_MAX_SIZE + 1)
    response = upload(login(curator), organization, "big.txt", big)
    assert "слишком большой" in response.content.decode()
    assert not DraftImport.objects.exists()


def test_missing_file_and_bad_year(login, curator, organization):
    client = login(curator)
    response = client.post(reverse("roadmaps:import", args=[organization.slug]), {"academic_year": "потом"})
    assert response.status_code == 200 and not DraftImport.objects.exists()
    assert "Обязательное поле" in response.content.decode()


def test_the_year_chosen_at_upload_is_used(login, curator, organization):
    client = login(curator)
    year = response_year = None
    from nastavnik.roadmaps.queries import current_academic_year

    year = current_academic_year()
    url = upload(client, organization, "сад.txt", KINDERGARTEN_14.read_bytes(), academic_year=str(year))[
        "Location"
    ]
    response_year = DraftImport.objects.get().data["academic_year"]
    assert response_year == year
    assert client.post(url, preview_data(client, url)).status_code == 302
    assert Roadmap.objects.get().academic_year == year


def test_a_draft_is_private_to_whom_uploaded_it(login, curator, organization, stranger):
    client = login(curator)
    url = upload(client, organization, "карта.txt", SCHOOL_5.read_bytes())["Location"]
    other_curator = make_user(Role.CURATOR, organization=organization)
    assert login(other_curator).get(url).status_code == 404
    assert login(stranger).get(url).status_code == 404


def test_cancel_deletes_the_draft(login, curator, organization):
    client = login(curator)
    upload(client, organization, "карта.txt", SCHOOL_5.read_bytes())
    pending = DraftImport.objects.get()
    response = client.post(reverse("roadmaps:import_cancel", args=[organization.slug, pending.pk]))
    assert response.status_code == 302 and not DraftImport.objects.exists()


def test_a_big_draft_is_imported_without_the_editable_table(login, curator, organization, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    client = login(curator)
    url = upload(client, organization, "карта.txt", SCHOOL_5.read_bytes())["Location"]
    page = client.get(url)
    assert page.context["editable"] is False
    assert "правка в таблице недоступна" in page.content.decode()
    assert client.post(url, {}).status_code == 302
    assert Activity.objects.count() == 30


@pytest.mark.parametrize("role", [Role.MENTOR, Role.WORKING_GROUP, Role.MENTEE, Role.PARENT, Role.PARTNER])
def test_roles_without_change_roadmap_cannot_import(role, login, organization):
    user = make_user(role, organization=organization)
    client = login(user)
    assert client.get(reverse("roadmaps:import", args=[organization.slug])).status_code == 404
    assert upload(client, organization, "карта.txt", SCHOOL_5.read_bytes()).status_code == 404
    assert not DraftImport.objects.exists()


def test_a_pdf_saved_from_word_goes_through_preview_and_confirm(login, curator, organization):
    pdf = FIXTURES / "pdf" / "correctional.pdf"
    client = login(curator)
    response = upload(client, organization, "дорожная карта.pdf", pdf.read_bytes())
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    draft = read_roadmap(pdf)
    assert f"мероприятий: {len(draft.activities)}" in client.get(url).content.decode()
    assert client.post(url, preview_data(client, url)).status_code == 302
    roadmap = Roadmap.objects.get()
    assert roadmap.source_filename == "дорожная карта.pdf"
    assert Activity.objects.filter(roadmap=roadmap).count() == len(draft.activities) > 0
