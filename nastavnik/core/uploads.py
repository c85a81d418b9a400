"""Zip bombs are refused before a DOCX or XLSX upload is parsed, and PDF stream bombs before a PDF is read
(issue 13, defect 2).

A 3 MB DOCX whose `word/document.xml` inflates to 1 GB drove a worker to 13 GB. DOCX and XLSX are zip
archives, and their readers (python-docx, openpyxl) inflate entries without a limit; so before any of them
sees the file, `check_archive` reads the archive's directory (the declared sizes: their sum, the number of
entries) and then inflates every entry in small chunks, counting what actually comes out — a directory can
lie, and zipfile stops at the declared size while the rest of the stream is garbage. Nothing is kept in
memory but one chunk. Callers pass the limit of their kind of file (settings `UPLOAD_MAX_UNZIPPED_MB`,
`IMPORT_MAX_UNZIPPED_MB`); a file that is not a zip is not this helper's business.

No Django here: an `ArchiveError` (a `core.texts.TextError`) carries a message id (Russian, marked with
`gettext_noop`) and its parameters; `str()` of it is the Russian text, and `translated` (called on the Django
side) the reader's.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import BinaryIO

from .texts import TextError, gettext_noop

CHUNK = 1024 * 1024
MAX_ENTRIES = 10_000
ZIP_MAGIC = b"PK\x03\x04"


class ArchiveError(TextError):
    """The archive must not be parsed: `message` (a Russian message id) with `params`; `str()` is the Russian text."""


def _too_big(limit: int) -> ArchiveError:
    return ArchiveError(
        gettext_noop(
            "Файл распаковывается больше чем в %(limit)s МБ: такой документ не обрабатывается. "
            "Сохраните его заново в Word или Excel без вложенных объектов или разделите на части."
        ),
        limit=limit // (1024 * 1024),
    )


def is_zip(data: bytes) -> bool:
    return data[:4] == ZIP_MAGIC


def check_archive(source: bytes | BinaryIO, *, limit: int, max_entries: int = MAX_ENTRIES) -> None:
    """Raise ArchiveError if the zip `source` declares or actually inflates to more than `limit` bytes."""
    stream: BinaryIO = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    start = stream.tell()
    try:
        if not is_zip(stream.read(4)):
            return
        stream.seek(start)
        try:
            archive = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
            return  # not readable as a zip at all: the format's reader gives its own Russian message
        with archive:
            entries = archive.infolist()
            if len(entries) > max_entries:
                raise ArchiveError(
                    gettext_noop(
                        "В файле больше %(count)s вложенных частей: такой документ не обрабатывается."
                    ),
                    count=max_entries,
                )
            if sum(info.file_size for info in entries) > limit:
                raise _too_big(limit)
            total = 0
            for info in entries:
                if info.is_dir():
                    continue
                try:
                    with archive.open(info) as entry:
                        while chunk := entry.read(CHUNK):
                            total += len(chunk)
                            if total > limit:
                                raise _too_big(limit)
                except ArchiveError:
                    raise
                except (
                    zipfile.BadZipFile,
                    zlib.error,
                    EOFError,
                    OSError,
                    ValueError,
                    NotImplementedError,
                ) as exc:
                    raise ArchiveError(
                        gettext_noop(
                            "Файл повреждён: части архива не совпадают с заявленными размерами. "
                            "Сохраните документ заново и загрузите ещё раз."
                        )
                    ) from exc
    finally:
        stream.seek(start)


# --- PDF ---------------------------------------------------------------------------------------------------
PDF_MAGIC = b"%PDF"
_STREAM = re.compile(rb"stream\r?\n")
#: How far before the `stream` keyword its dictionary may start (a stream's dictionary is short).
_DICT_WINDOW = 4096


def _pdf_too_big(limit: int) -> ArchiveError:
    return ArchiveError(
        gettext_noop(
            "PDF распаковывается больше чем в %(limit)s МБ текста: такой документ не обрабатывается. "
            "Загрузите файл Word (DOCX) или PDF, сохранённый из Word."
        ),
        limit=limit // (1024 * 1024),
    )


def check_pdf(data: bytes, *, limit: int) -> None:
    """Raise ArchiveError if the PDF's compressed streams inflate to more than `limit` bytes in all.

    The PDF reader (pdfminer under pdfplumber) inflates a page's content streams and the object streams in full
    before reading them, so a small file whose stream inflates to gigabytes would take the worker's memory. Every
    Flate stream is inflated here in 1 MB steps and counted, nothing kept; image streams are skipped — the text
    reader never decodes them, and a scan's pictures may be large.
    """
    if not data.startswith(PDF_MAGIC):
        return
    total, position = 0, 0
    while match := _STREAM.search(data, position):
        start = match.end()
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        position = end + len(b"endstream")
        header = data[max(0, match.start() - _DICT_WINDOW) : match.start()]
        dictionary = header[header.rfind(b"<<") :] if b"<<" in header else b""
        if b"/Image" in dictionary:
            continue
        inflater = zlib.decompressobj()
        pending = memoryview(data)[start:end]
        try:
            while pending and total <= limit:
                total += len(inflater.decompress(pending, CHUNK))
                pending = memoryview(inflater.unconsumed_tail)
        except zlib.error:
            continue  # not a Flate stream (or a damaged one): the reader decides about it
        if total > limit:
            raise _pdf_too_big(limit)
