"""Benchmark reading roadmaps from PDF: a twenty-page plan and the seeds saved as PDF.

Run from the repository root::

    .venv/bin/python bench/bench_roadmap_pdf.py [--repeat 3]

Prints the best cold read time (caches cleared, see ``bench_roadmap_import.time_read``) of each committed
PDF fixture (``tests/roadmaps/fixtures/pdf``, built from the DOCX beside it by LibreOffice) and of that DOCX,
with the page and activity counts. Target: the twenty-page PDF reads in under 10 s.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pdfplumber  # noqa: E402
from bench_roadmap_import import time_read  # noqa: E402

PDF_DIR = ROOT / "tests" / "roadmaps" / "fixtures" / "pdf"
FILES = ["bench_20_pages", "school_5", "kindergarten_14", "correctional"]
TARGET_SECONDS = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'file':<22} {'pages':>5} {'activities':>10} {'PDF, s':>8} {'DOCX, s':>8}")
    slowest = 0.0
    for name in FILES:
        pdf = PDF_DIR / f"{name}.pdf"
        with pdfplumber.open(pdf) as document:
            pages = len(document.pages)
        seconds, draft = time_read(pdf, args.repeat)
        docx_seconds, _ = time_read(PDF_DIR / f"{name}.docx", args.repeat)
        print(f"{name:<22} {pages:>5} {len(draft.activities):>10} {seconds:>8.2f} {docx_seconds:>8.2f}")
        if name == "bench_20_pages":
            slowest = seconds
    verdict = "OK" if slowest < TARGET_SECONDS else "TOO SLOW"
    print(f"twenty-page PDF: {slowest:.2f} s (target < {TARGET_SECONDS:.0f} s) — {verdict}")
    return 0 if slowest < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
