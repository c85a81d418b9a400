"""Issue 13, defect 7: a large import runs as a background job with its progress on the page; the result is
the same all-or-nothing import as a small file gets at once."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.participants.import_jobs import ImportJob
from nastavnik.participants.models import MenteeProfile, Participant
from nastavnik.participants.tasks import run_import_job
from tests.builders import make_user

MAPPING = {"col_0": "full_name", "col_1": "birth_date", "col_2": "group", "col_3": "requests"}
LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


def rows_csv(count: int, bad_row: int | None = None) -> bytes:
    lines = ["ФИО;Дата рождения;Класс;Запросы"]
    for n in range(count):
        name = "".join(LETTERS[int(d)] for d in f"{n:06d}")
        date = "32.13.2010" if n == bad_row else "17.05.2012"
        lines.append(f"Петров{name} Пётр Петрович;{date};7Б;Профориентация")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(autouse=True)
def _background(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.IMPORT_SYNC_MAX_BYTES = 2000  # ~40 rows: every file of these tests is "large"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def upload(client, organization, data: bytes) -> str:
    response = client.post(
        reverse("participants:import", args=[organization.slug]),
        {"file": SimpleUploadedFile("список.csv", data), "default_role": "mentee"},
    )
    assert response.status_code == 302
    return response["Location"]


def poll(client, job: ImportJob):
    url = reverse("participants:import_job", args=[job.organization.slug, job.pk])
    return client.get(url, headers={"HX-Request": "true"})


def test_check_and_import_run_in_the_worker_with_progress_on_the_page(organization, curator, login):
    client = login(curator)
    mapping_url = upload(client, organization, rows_csv(300))
    page = client.get(mapping_url)
    assert page.status_code == 200
    job = ImportJob.objects.get()
    assert (job.status, job.confirm, job.created_by) == (ImportJob.Status.QUEUED, False, curator)
    text = page.content.decode()
    assert "ждёт своей очереди" in text and 'hx-trigger="every 1s"' in text
    assert page.context["form"]["col_0"].value() == "full_name"  # the mapping is read from the head
    assert client.get(mapping_url).status_code == 200 and ImportJob.objects.count() == 1  # reload: same job

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    assert "Проверяем строки файла" in poll(client, job).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    run_import_job.call(job.pk)  # what `manage.py db_worker` does
    response = poll(client, job)
    text = response.content.decode()
    assert response.status_code == 200 and "every 1s" not in text
    assert "Ошибок нет: будет загружено участников: 300" in text and "строк: 300" in text
    assert "Петроваааааа Пётр Петрович" in text  # the first rows
    assert not Participant.objects.exists()

    response = client.post(mapping_url, {**MAPPING, "action": "import"})
    assert response.status_code == 200 and "ждёт своей очереди" in response.content.decode()
    confirm = ImportJob.objects.get(confirm=True)
    assert not Participant.objects.exists()
    run_import_job.call(confirm.pk)
    response = poll(client, confirm)
    assert response["HX-Redirect"] == reverse("participants:mentees", args=[organization.slug])
    assert Participant.objects.count() == 300 and MenteeProfile.objects.count() == 300
    assert client.get(mapping_url).status_code == 404  # the upload is gone after the import
    assert "Загружено участников: 300" in client.get(response["HX-Redirect"]).content.decode()


def test_one_bad_row_blocks_the_whole_background_import(organization, curator, login):
    client = login(curator)
    mapping_url = upload(client, organization, rows_csv(200, bad_row=150))
    client.post(mapping_url, {**MAPPING, "action": "import"})
    job = ImportJob.objects.get(confirm=True)
    run_import_job.call(job.pk)
    text = poll(client, job).content.decode()
    assert "1 ошибка — файл не загружен" in text and "152" in text  # row 152 of the sheet
    assert not Participant.objects.exists()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.result["errors_total"] == 1


def test_a_job_that_fails_writes_nothing_and_says_so(organization, curator, login, settings):
    client = login(curator)
    mapping_url = upload(client, organization, rows_csv(100))
    client.get(mapping_url)
    job = ImportJob.objects.get()
    for path in (settings.VAR_DIR / "imports").iterdir():
        path.unlink()  # the upload vanished under the worker
    assert run_import_job.call(job.pk) == ImportJob.Status.FAILED
    assert "ничего не записано" in poll(client, job).content.decode()
    assert not Participant.objects.exists()


def test_with_a_worker_that_runs_tasks_at_once_the_import_ends_on_the_base(
    organization, curator, login, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = login(curator)
    mapping_url = upload(client, organization, rows_csv(120))
    assert "будет загружено участников: 120" in client.get(mapping_url).content.decode()
    response = client.post(mapping_url, {**MAPPING, "action": "import"})
    assert response.status_code == 302 and response["Location"].endswith("/mentees/")
    assert Participant.objects.count() == 120


def test_small_files_stay_synchronous(organization, curator, login, settings):
    settings.IMPORT_SYNC_MAX_BYTES = 300 * 1024
    client = login(curator)
    mapping_url = upload(client, organization, rows_csv(5))
    assert "будет загружено участников: 5" in client.get(mapping_url).content.decode()
    assert not ImportJob.objects.exists()


def test_only_who_started_a_job_sees_it(organization, other_organization, curator, stranger, login):
    client = login(curator)
    client.get(upload(client, organization, rows_csv(100)))
    job = ImportJob.objects.get()
    assert poll(login(stranger), job).status_code == 404
    colleague = make_user(Role.CURATOR, organization=organization)
    assert poll(login(colleague), job).status_code == 404
    assert poll(login(curator), job).status_code == 200
    assert (
        login(curator).get(reverse("participants:import_job", args=[organization.slug, job.pk])).status_code
        == 404
    )


def test_a_jobs_stored_errors_are_shown_in_the_readers_language(organization, curator, login, settings):
    """The worker checks in Russian and stores the message ids with the Russian text; the page translates them.
    A result stored before the ids were kept shows its Russian text as it is."""
    from django.utils import translation

    client = login(curator)
    data = rows_csv(200, bad_row=150) + "Петроваааааа Пётр Петрович;17.05.2012;7Б;\n".encode()
    mapping_url = upload(client, organization, data)
    client.post(mapping_url, {**MAPPING, "action": "check"})
    job = ImportJob.objects.get()
    with translation.override("ru"):  # the worker's language
        run_import_job.call(job.pk)
    job.refresh_from_db()
    assert job.result["errors"][0]["message"] == "Такой даты нет: «32.13.2010»."
    assert job.result["duplicates"][0]["message"] == "повтор строки 2 файла"

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = html.unescape(poll(client, job).content.decode())
    assert "There is no such date: “32.13.2010”." in text and "Такой даты" not in text
    assert "duplicate of row 2 of the file" in text and "повтор строки" not in text

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    text = html.unescape(poll(client, job).content.decode())
    assert "Такой даты нет: «32.13.2010»." in text and "повтор строки 2 файла" in text

    stored = dict(
        job.result, errors=[{"row": 152, "column": "Дата рождения", "message": "Старое сообщение."}]
    )
    ImportJob.objects.filter(pk=job.pk).update(result=stored)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Старое сообщение." in poll(client, job).content.decode()
