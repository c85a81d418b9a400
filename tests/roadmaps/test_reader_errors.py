"""Files that are not roadmaps fail with a clear Russian message; nothing else ever escapes."""

import contextlib
import io
import struct
import zipfile
import zlib

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nastavnik.roadmaps.reader import RoadmapDraft, RoadmapReadError, read_roadmap
from tests.roadmaps.fixtures.builders import save, to_docx, to_text

NO_TABLE = (
    "В файле не найдена таблица дорожной карты: нет строки заголовков со столбцами «Мероприятие» и «Сроки»."
)
CORRUPT = "Не удалось прочитать файл: он повреждён или это не DOCX/XLSX/PDF/текст."


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _message(data: bytes) -> str:
    with pytest.raises(RoadmapReadError) as error:
        read_roadmap(data, "upload.bin")
    assert isinstance(error.value, ValueError)
    return error.value.message


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n"])
def test_empty_file(data):
    assert _message(data) == "Файл пуст."


def test_corrupt_zip():
    assert _message(to_docx()[:400]) == CORRUPT
    assert _message(b"PK\x03\x04" + b"\x00" * 100) == CORRUPT


def test_zip_that_claims_to_be_docx_but_is_broken():
    assert _message(_zip({"word/document.xml": b"<not xml", "[Content_Types].xml": b"<Types/>"})) == CORRUPT


def test_binary_and_foreign_formats():
    assert "изображение" in _message(_png())
    assert "PDF" in _message(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert "DOC" in _message(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert "OpenDocument" in _message(
        _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    )
    assert "архив" in _message(_zip({"readme.txt": b"hello"}))
    assert _message(bytes(range(256)) * 4) == CORRUPT


def test_text_without_a_table():
    text = (
        "Протокол заседания педагогического совета.\nПрисутствовали: 25 человек.\nПовестка дня:\t1. Разное."
    )
    assert _message(text.encode("utf-8")) == NO_TABLE


def test_docx_without_a_table():
    document = docx.Document()
    document.add_paragraph("План мероприятий (дорожная карта) реализации наставничества")
    document.add_paragraph("Таблица будет добавлена позже.")
    assert _message(save(document)) == NO_TABLE


def test_docx_with_an_unrelated_table():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["ФИО", "Класс", "Оценка"], strict=True):
        cell.text = text
    assert _message(save(document)) == NO_TABLE


def test_header_without_rows_gives_a_draft_with_a_warning():
    draft = read_roadmap("№\tМероприятие\tСроки\tОтветственные\n".encode())
    assert draft.stages == []
    assert "В таблице не найдено ни одного мероприятия." in draft.warnings
    assert "Не найден заголовок документа; использовано название «Дорожная карта»." in draft.warnings


def test_missing_file_path(tmp_path):
    with pytest.raises(RoadmapReadError) as error:
        read_roadmap(tmp_path / "нет такого.docx")
    assert error.value.message == "Не удалось открыть файл «нет такого.docx»."


# ---------------------------------------------------------------------------
# Property: any text gives either a draft or RoadmapReadError.

_PIECES = [
    "№",
    "№ п/п",
    "Мероприятие",
    "Наименование этапа",
    "Мероприятия",
    "Сроки",
    "Срок",
    "Ответственные",
    "Результат",
    "Риски",
    "Мероприятия по минимизации рисков",
    "1",
    "1.",
    "1.1",
    "1.1.1",
    "6.1",
    "II.",
    "Этап 1",
    "сентябрь 2023",
    "до 01.09.2023",
    "май",
    "ежемесячно",
    "Иванова И.И.",
    "Т.Н.Мурадханова, куратор",
    "- пункт;",
    "· пункт",
    "<p>Задача:</p>",
    "<br>",
    "<table><tr><td>",
    "</td></tr>",
    "[image: ]",
    "**",
    "УТВЕРЖДАЮ",
    "Приказ № 1 от 01.09.2023",
    "на 2023-2024 учебный год",
    "не менее 70%",
    "к концу 2024 года",
    "«",
    "»",
    "(",
    ")",
    ",",
    ";",
    "\t",
    "\t",
    "\t",
    "\n",
    "\n",
    "\n\n",
    " ",
    "",
]
_roadmapish = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)
_any_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("\t\n№.-·•–«»"),
    max_size=400,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_roadmapish, _any_text, st.binary(max_size=300)))
def test_random_input_never_crashes(value):
    data = value.encode("utf-8") if isinstance(value, str) else value
    try:
        draft = read_roadmap(data)
    except RoadmapReadError as error:
        assert error.message and error.message[0].isupper()
        return
    assert isinstance(draft, RoadmapDraft)
    data_dict = draft.to_dict()
    assert isinstance(data_dict["title"], str) and data_dict["title"]
    for stage in draft.stages:
        assert stage.title
        for activity in stage.activities:
            assert activity.title


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(to_text().split("\n")), min_size=1, max_size=40))
def test_shuffled_sample_lines_never_crash(lines):
    with contextlib.suppress(RoadmapReadError):
        read_roadmap("\n".join(lines).encode("utf-8"))
