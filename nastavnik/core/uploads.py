"""Zip bombs are refused before a DOCX or XLSX upload is parsed (issue 13, defect 2).

A 3 MB DOCX whose `word/document.xml` inflates to 1 GB drove a worker to 13 GB. DOCX and XLSX are zip
archives, and their readers (python-docx, openpyxl) inflate entries without a limit; so before any of them
sees the file, `check_archive` reads the archive's directory (the declared sizes: their sum, the number of
entries) and then inflates every entry in small chunks, counting what actually comes out — a directory can
lie, and zipfile stops at the declared size while the rest of the stream is garbage. Nothing is kept in
memory but one chunk. Callers pass the limit of their kind of file (settings `UPLOAD_MAX_UNZIPPED_MB`,
`IMPORT_MAX_UNZIPPED_MB`); a file that is not a zip is not this helper's business.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import BinaryIO

CHUNK = 1024 * 1024
MAX_ENTRIES = 10_000
ZIP_MAGIC = b"PK\x03\x04"


class ArchiveError(ValueError):
    """The archive must not be parsed; `message` is Russian and meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _too_big(limit: int) -> ArchiveError:
    return ArchiveError(
        f"Файл распаковывается больше чем в {limit // (1024 * 1024)} МБ: такой документ не обрабатывается. "
        "Сохраните его заново в Word или Excel без вложенных объектов или разделите на части."
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
                    f"В файле больше {max_entries} вложенных частей: такой документ не обрабатывается."
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
                        "Файл повреждён: части архива не совпадают с заявленными размерами. "
                        "Сохраните документ заново и загрузите ещё раз."
                    ) from exc
    finally:
        stream.seek(start)
