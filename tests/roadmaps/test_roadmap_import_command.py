"""``manage.py import_roadmap``: exit codes, the JSON it prints, dry runs, and the seeds end to end."""

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nastavnik.accounts.models import Role
from nastavnik.roadmaps.models import Activity, ActivityResponsible, Programme, Roadmap, Stage
from nastavnik.roadmaps.reader import read_roadmap
from tests.builders import make_user
from tests.roadmaps.fixtures import FIXTURES
from tests.roadmaps.roadmap_builders import ALL_SEEDS, CORRECTIONAL, KINDERGARTEN_14, SCHOOL_5

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roadmap", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def nothing_written():
    return not (Programme.objects.exists() or Roadmap.objects.exists() or Activity.objects.exists())


@pytest.mark.parametrize("seed", ALL_SEEDS, ids=lambda p: p.stem)
def test_json_is_exactly_the_draft(seed, db):
    out, _ = run(seed, "--format", "json")
    assert json.loads(out) == read_roadmap(seed).to_dict()
    assert nothing_written()


@pytest.mark.parametrize("seed", ALL_SEEDS, ids=lambda p: p.stem)
def test_each_seed_imports_every_stage_and_activity(seed, organization):
    draft = read_roadmap(seed)
    out, _ = run(seed, "--organization", organization.slug)
    assert "Импортировано" in out
    roadmap = Roadmap.objects.get()
    assert roadmap.academic_year == draft.academic_year
    assert roadmap.source_filename == seed.name
    stages = list(Stage.objects.filter(roadmap=roadmap).order_by("position"))
    assert [(s.number, s.title) for s in stages] == [(s.number or "", s.title) for s in draft.stages]
    saved = list(Activity.objects.filter(roadmap=roadmap).order_by("position"))
    assert len(saved) == len(draft.activities)
    for activity, read in zip(saved, draft.activities, strict=True):
        assert activity.title == read.title
        assert activity.deadline_text == (read.deadline.text if read.deadline else "")
        assert activity.deadline_start == (read.deadline.start if read.deadline else None)
        assert activity.deadline_end == (read.deadline.end if read.deadline else None)
        assert [r.label for r in activity.responsible.all()] == read.responsible
        assert activity.expected_result == (read.result or "")


def test_school_seed_deadlines_and_approval(organization):
    run(SCHOOL_5, "--organization", organization.slug)
    roadmap = Roadmap.objects.get()
    assert (roadmap.order_number, roadmap.order_date) == ("232", date(2023, 9, 1))
    assert Activity.objects.count() == 30 and Stage.objects.count() == 7
    first = Activity.objects.get(number="1.1")
    assert (first.deadline_start, first.deadline_end) == (None, date(2023, 9, 1))
    monitoring = Activity.objects.get(number="6.1.1")
    assert (monitoring.deadline_start, monitoring.deadline_end) == (date(2023, 10, 1), date(2024, 5, 31))
    assert roadmap.warnings  # the reader's remarks are kept for the curator


def test_kindergarten_seed_gets_numbers_and_stage_deadlines(organization):
    run(KINDERGARTEN_14, "--organization", organization.slug)
    assert Stage.objects.count() == 7 and Activity.objects.count() == 18
    first = Activity.objects.order_by("position").first()
    assert first.number == "1.1"
    assert (first.deadline_start, first.deadline_end) == (date(2020, 4, 1), date(2020, 5, 31))
    work = Activity.objects.filter(stage__number="6").order_by("position").first()
    assert (work.deadline_start, work.deadline_end) == (date(2020, 7, 1), date(2021, 5, 31))


def test_correctional_seed(organization):
    run(CORRECTIONAL, "--organization", organization.slug)
    assert Stage.objects.count() == 3 and Activity.objects.count() == 17
    regular = Activity.objects.get(number="2.4")
    assert (regular.deadline_start, regular.deadline_end) == (date(2020, 9, 1), date(2021, 5, 31))


def test_responsible_names_are_bound_to_members(organization):
    director = make_user(Role.DIRECTOR, organization=organization, name="Мурадханова Тамара Николаевна")
    run(SCHOOL_5, "--organization", organization.slug)
    rows = ActivityResponsible.objects.filter(label__contains="Мурадханова")
    assert rows.exists() and {r.user_id for r in rows} == {director.pk}


def test_dry_run_writes_nothing(organization):
    out, _ = run(SCHOOL_5, "--organization", organization.slug, "--dry-run")
    assert "Пробный запуск" in out and "мероприятий: 30" in out
    assert nothing_written()


def test_json_with_organization_prints_the_draft_and_imports(organization):
    out, err = run(SCHOOL_5, "--organization", organization.slug, "--format", "json")
    assert json.loads(out)["academic_year"] == 2023
    assert "Импортировано" in err
    assert Roadmap.objects.count() == 1


def test_academic_year_option_overrides_the_document(organization):
    run(CORRECTIONAL, "--organization", organization.slug, "--academic-year", "2025")
    assert Roadmap.objects.get().academic_year == 2025
    assert Activity.objects.get(number="2.4").deadline_end == date(2026, 5, 31)


def _bad_files(tmp_path):
    docx_without_table = io.BytesIO()
    with zipfile.ZipFile(docx_without_table, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    files = {
        "empty.txt": b"",
        "picture.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        "scan.pdf": b"%PDF-1.4\n...",
        "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        "broken.docx": b"PK\x03\x04 definitely not a zip",
        "letter.txt": "Уважаемые коллеги!\nПриглашаем на педсовет.".encode(),
        "no-table.docx": docx_without_table.getvalue(),
    }
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_bad_files_exit_2_with_a_russian_message_and_write_nothing(organization, tmp_path):
    for path in _bad_files(tmp_path):
        with pytest.raises(CommandError) as error:
            run(path, "--organization", organization.slug)
        assert error.value.returncode == 2, path.name
        assert any("а" <= ch <= "я" for ch in str(error.value).lower()), str(error.value)
        assert path.name in str(error.value)
    assert nothing_written()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/file.docx"], "не найден"),
        ([SCHOOL_5, "--organization", "no-such-school"], "Организация «no-such-school» не найдена"),
        ([SCHOOL_5, "--academic-year", "12"], "Учебный год указан неверно"),
    ],
)
def test_missing_file_or_organization_exit_2(args, message, organization):
    with pytest.raises(CommandError, match=message) as error:
        run(*args)
    assert error.value.returncode == 2
    assert nothing_written()


def test_exit_code_from_the_command_line(organization, tmp_path):
    """The real process exit code and stderr, as a cron job or a script sees them."""
    import subprocess
    import sys

    scan = FIXTURES / "pdf" / "scan.pdf"  # pages that are only pictures
    result = subprocess.run(
        [sys.executable, str(MANAGE), "import_roadmap", str(scan), "--dry-run"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DEBUG": "1"},
        check=False,
    )
    assert result.returncode == 2
    assert "Это скан" in result.stderr and "Word (DOCX)" in result.stderr
