"""Read a school's existing roadmap (дорожная карта) into a structured draft.

``read_roadmap(source, filename=None, academic_year=None)`` accepts a path or
the file's bytes, detects the format from the bytes (not the extension) and
returns a ``RoadmapDraft``:

* DOCX — a zip with ``word/document.xml``;
* XLSX — a zip with ``xl/workbook.xml``;
* PDF — a text layer with the table's ruling lines (Word's «Save as PDF»);
  a scan without text is refused;
* anything else that decodes as text (UTF-8 with or without BOM, UTF-16 with
  BOM, else cp1251) — a Word "save as text" export or an HTML fragment.

Files that cannot be a roadmap raise ``RoadmapReadError`` with a Russian
message for the user (empty, corrupt, an image or a scanned PDF, a legacy .doc, no table
with a recognizable header).  Everything odd but readable becomes a warning in
``draft.warnings``.

This package is pure Python (no Django) so it can run in a worker, a
management command or a test without a database.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from .assemble import NO_TABLE_MESSAGE, build_draft
from .model import Activity, Approval, Risk, RoadmapDraft, RoadmapReadError, Stage, Target
from .source import SourceDocument

__all__ = [
    "MAX_FILE_SIZE",
    "NO_TABLE_MESSAGE",
    "Activity",
    "Approval",
    "RoadmapDraft",
    "RoadmapReadError",
    "Risk",
    "Stage",
    "Target",
    "clear_caches",
    "detect_format",
    "read_roadmap",
]

MAX_FILE_SIZE = 20 * 1024 * 1024

EMPTY_MESSAGE = "Файл пуст."
CORRUPT_MESSAGE = "Не удалось прочитать файл: он повреждён или это не DOCX/XLSX/PDF/текст."
CORRUPT_PDF_MESSAGE = (
    "Не удалось прочитать PDF-файл: он повреждён. "
    "Загрузите дорожную карту в формате Word (DOCX) или PDF, сохранённый из Word."
)
TOO_BIG_MESSAGE = "Файл слишком большой: дорожная карта не может занимать больше 20 МБ."
_UNSUPPORTED = {
    "image": "Это изображение, а не документ: загрузите дорожную карту в формате DOCX, XLSX, PDF или текстом.",
    "doc": "Старый формат Word (DOC) не поддерживается: сохраните файл как DOCX и загрузите снова.",
    "xls": "Старый формат Excel (XLS) не поддерживается: сохраните файл как XLSX и загрузите снова.",
    "odf": "Файлы OpenDocument (ODT/ODS) не поддерживаются: сохраните файл как DOCX или XLSX.",
    "rtf": "Формат RTF не поддерживается: сохраните файл как DOCX и загрузите снова.",
    "archive": "Это архив, а не документ: загрузите дорожную карту в формате DOCX, XLSX или текстом.",
}
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")


def detect_format(data: bytes) -> str:
    """Name the format of ``data``: docx, xlsx, text, or one of the unsupported kinds."""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return "corrupt"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names and "mimetype" in names:
            return "odf"
        return "archive"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"  # OLE2: .doc or .xls; the message names Word, the likelier one
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(_IMAGE_MAGIC) or data[4:12] in (b"ftypheic", b"ftypavif"):
        return "image"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data) is not None:
        return "text"
    if b"\x00" in data[:4096]:
        return "binary"
    return "text"


def _utf16_without_bom(data: bytes) -> str | None:
    """Some editors save UTF-16 without a BOM: every other byte is 0x00 (Latin) or 0x04 (Cyrillic)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2 or b"\x00" not in sample:
        return None
    for codec, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if sum(1 for b in high if b in (0, 4)) >= 0.9 * len(high):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if all(ch.isprintable() or ch in "\t\n\r" for ch in text[:2000]):
                return text
    return None


def decode_text(data: bytes) -> str:
    """UTF-16 (with BOM), UTF-8 (with or without BOM), else cp1251 — what Windows editors save."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    without_bom = _utf16_without_bom(data)
    if without_bom is not None:
        return without_bom
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _load(source: str | os.PathLike[str] | bytes | bytearray | memoryview) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    path = Path(source)
    try:
        if path.stat().st_size > MAX_FILE_SIZE:
            raise RoadmapReadError(TOO_BIG_MESSAGE)
        return path.read_bytes()
    except OSError as exc:
        raise RoadmapReadError(f"Не удалось открыть файл «{path.name}».") from exc


def _source_document(data: bytes, kind: str) -> SourceDocument:
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data)
    if kind == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(data)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data)
    from .text import read_text

    return read_text(decode_text(data))


def clear_caches() -> None:
    """Forget memoized cleanups and parsed deadlines (for benchmarks that measure cold reads)."""
    from .assemble import _parse_cached
    from .normalize import _clean_text
    from .responsible import _split_cached
    from .words import is_known

    for cached in (_clean_text, _parse_cached, _split_cached, is_known):
        cached.cache_clear()


def read_roadmap(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview,
    filename: str | None = None,
    academic_year: int | None = None,
) -> RoadmapDraft:
    """Read a roadmap document into a draft.

    ``source`` is a path or the file's bytes.  ``filename`` is accepted for the
    upload view's convenience but never trusted: the format is always detected
    from the content.  When
    ``academic_year`` is given it overrides the year stated in the document.
    """
    data = _load(source)
    if len(data) > MAX_FILE_SIZE:
        raise RoadmapReadError(TOO_BIG_MESSAGE)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise RoadmapReadError(EMPTY_MESSAGE)
    kind = detect_format(data)
    if kind in ("corrupt", "binary"):
        raise RoadmapReadError(CORRUPT_MESSAGE)
    if kind in _UNSUPPORTED:
        raise RoadmapReadError(_UNSUPPORTED[kind])
    try:
        document = _source_document(data, kind)
    except RoadmapReadError:
        raise
    except Exception as exc:  # a broken DOCX/XLSX inside a valid zip, a broken PDF: lxml, KeyError…
        raise RoadmapReadError(CORRUPT_PDF_MESSAGE if kind == "pdf" else CORRUPT_MESSAGE) from exc
    if (
        kind == "text"
        and not any(isinstance(b, str) and b.strip() for b in document.blocks)
        and not any(not isinstance(b, str) for b in document.blocks)
    ):
        raise RoadmapReadError(EMPTY_MESSAGE)
    return build_draft(document, academic_year)
