"""Defect 2 of issue 13: a DOCX/XLSX upload that inflates past the limit — by its declared sizes or by what
actually comes out — is refused in Russian before python-docx or openpyxl parse it, and nothing is written."""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from nastavnik.core.uploads import ArchiveError, check_archive
from nastavnik.participants.models import Participant
from nastavnik.roadmaps.models import DraftImport

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _low_limits(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.UPLOAD_MAX_UNZIPPED_MB = 1
    settings.IMPORT_MAX_UNZIPPED_MB = 1


def docx_bomb(inflated: int = 3 * MB) -> bytes:
    """A real DOCX (python-docx) whose document.xml is padded with `inflated` bytes of empty paragraphs:
    a few kilobytes packed, megabytes unpacked."""
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * (inflated // 6), 1)
            archive.writestr(info.filename, data)
    return out.getvalue()


def lying(data: bytes, declared: int = 100) -> bytes:
    """The same archive with every entry's size in the central directory replaced by `declared`."""
    out = bytearray(data)
    position = out.find(b"PK\x01\x02")
    while position != -1:
        out[position + 24 : position + 28] = struct.pack("<I", declared)
        position = out.find(b"PK\x01\x02", position + 4)
    return bytes(out)


def xlsx_bomb(rows: int = 12_000) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["ФИО", "Дата рождения", "Класс", "Предмет"])
    for _ in range(rows):
        sheet.append(["Петров Пётр Петрович", "17.05.2012", "7Б", "Математика"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_declared_size_over_the_limit_is_refused():
    data = docx_bomb()
    assert len(data) < 100 * 1024
    with pytest.raises(ArchiveError, match="распаковывается больше чем в 1 МБ"):
        check_archive(data, limit=MB)
    check_archive(data, limit=4 * MB)  # the same file under a higher limit passes


def test_a_lying_declared_size_is_refused_by_what_actually_inflates():
    data = lying(docx_bomb())
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()) < MB
    with pytest.raises(ArchiveError, match="не совпадают с заявленными размерами"):
        check_archive(data, limit=MB)


def test_too_many_entries_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(20):
            archive.writestr(f"part{n}.xml", "<x/>")
    with pytest.raises(ArchiveError, match="больше 10 вложенных частей"):
        check_archive(buffer.getvalue(), limit=MB, max_entries=10)


def test_not_a_zip_is_left_to_the_reader():
    check_archive(b"\xd0\xcf\x11\xe0 an old .doc", limit=MB)
    check_archive(b"PK\x03\x04 broken", limit=MB)


@pytest.mark.parametrize("make", [docx_bomb, lambda: lying(docx_bomb())], ids=["inflating", "lying"])
def test_roadmap_upload_of_a_bomb_is_refused_in_russian(make, organization, curator, login):
    response = login(curator).post(
        reverse("roadmaps:import", args=[organization.slug]),
        {"file": SimpleUploadedFile("карта.docx", make())},
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "распаковывается больше чем в 1 МБ" in errors or "не совпадают с заявленными размерами" in errors
    assert not DraftImport.objects.exists()


def test_participants_upload_of_an_xlsx_bomb_is_refused_in_russian(organization, curator, login):
    data = xlsx_bomb()
    response = login(curator).post(
        reverse("participants:import", args=[organization.slug]),
        {"file": SimpleUploadedFile("список.xlsx", data), "default_role": "mentee"},
    )
    assert response.status_code == 200
    assert "распаковывается больше чем в 1 МБ" in " ".join(response.context["form"].errors["file"])
    assert not Participant.objects.exists()


def test_a_small_xlsx_still_imports(organization, curator, login):
    response = login(curator).post(
        reverse("participants:import", args=[organization.slug]),
        {"file": SimpleUploadedFile("список.xlsx", xlsx_bomb(rows=3)), "default_role": "mentee"},
    )
    assert response.status_code == 302
