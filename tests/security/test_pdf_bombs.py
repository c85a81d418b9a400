"""PDF stream bombs are refused before the PDF reader inflates them (issue 13, defect 2, for the PDF reader)."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from nastavnik.core.uploads import ArchiveError, check_pdf
from nastavnik.roadmaps.reader import RoadmapReadError
from nastavnik.roadmaps.services import read_draft

FIXTURES = Path(__file__).resolve().parents[1] / "roadmaps" / "fixtures" / "pdf"
MB = 1024 * 1024


def _pdf(stream_dictionary: bytes, inflated: int) -> bytes:
    body = zlib.compress(b"0 0 m " * (inflated // 6), 9)
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Length "
        + str(len(body)).encode()
        + b" /Filter /FlateDecode "
        + stream_dictionary
        + b">>\nstream\n"
        + body
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def test_a_content_stream_that_inflates_past_the_limit_is_refused_in_russian(settings):
    settings.UPLOAD_MAX_UNZIPPED_MB = 1
    bomb = _pdf(b"", 5 * MB)
    assert len(bomb) < 100_000  # small on disk, five megabytes inflated
    with pytest.raises(ArchiveError, match="PDF распаковывается больше чем в 1 МБ"):
        check_pdf(bomb, limit=MB)
    with pytest.raises(RoadmapReadError, match="PDF распаковывается"):
        read_draft(bomb, "karta.pdf", academic_year=2025)


def test_streams_are_counted_together_and_images_are_not():
    two = _pdf(b"", 600_000) + _pdf(b"", 600_000)
    with pytest.raises(ArchiveError):
        check_pdf(two, limit=MB)
    check_pdf(_pdf(b"/Type /XObject /Subtype /Image ", 5 * MB), limit=MB)  # the text reader never decodes it


def test_real_roadmaps_pass_and_other_files_are_not_this_checks_business():
    for path in sorted(FIXTURES.glob("*.pdf")):
        check_pdf(path.read_bytes(), limit=30 * MB)
    check_pdf(b"PK\x03\x04 not a pdf", limit=1)
    check_pdf(b"%PDF-1.4\nstream\nnot zlib at all\nendstream\n", limit=1)
