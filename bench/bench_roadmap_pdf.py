"""Benchmark reading roadmaps from PDF: a twenty-page plan and the seeds saved as PDF.

Run from the repository root::

    .venv/bin/python bench/bench_roadmap_pdf.py [--repeat 3]

Prints the best cold read time (caches cleared, as ``bench_roadmap_import.time_read`` does) of each
committed PDF fixture (``tests/roadmaps/fixtures/pdf``, built from the DOCX beside it by LibreOffice) and of
that DOCX, with the page and activity counts. Wall time is what a user waits; CPU time is the reader's own
work, the figure to compare across runs on a machine shared with other processes (the load average is
printed). Target: the twenty-page PDF reads in under 10 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pdfplumber  # noqa: E402

from nastavnik.roadmaps.reader import clear_caches, read_roadmap  # noqa: E402

PDF_DIR = ROOT / "tests" / "roadmaps" / "fixtures" / "pdf"
FILES = ["bench_20_pages", "school_5", "kindergarten_14", "correctional"]
TARGET_SECONDS = 10.0


def timed(path: Path, repeat: int) -> tuple[float, float, int]:
    """Best wall and CPU seconds of a cold ``read_roadmap(path)``, and the number of activities read."""
    wall = cpu = float("inf")
    activities = 0
    for _ in range(max(1, repeat)):
        clear_caches()
        started, started_cpu = time.perf_counter(), time.process_time()
        activities = len(read_roadmap(path).activities)
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return wall, cpu, activities


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    read_roadmap(
        PDF_DIR / "narrow_columns.pdf"
    )  # load pdfplumber and the dictionary once, outside the timing
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"{'file':<16} {'pages':>5} {'activities':>10} {'PDF wall, s':>11} {'PDF CPU, s':>10} {'DOCX wall, s':>12}"
    )
    twenty = 0.0
    for name in FILES:
        pdf = PDF_DIR / f"{name}.pdf"
        with pdfplumber.open(pdf) as document:
            pages = len(document.pages)
        wall, cpu, activities = timed(pdf, args.repeat)
        docx_wall, _, _ = timed(PDF_DIR / f"{name}.docx", args.repeat)
        print(f"{name:<16} {pages:>5} {activities:>10} {wall:>11.2f} {cpu:>10.2f} {docx_wall:>12.2f}")
        if name == "bench_20_pages":
            twenty = wall
    verdict = "OK" if twenty < TARGET_SECONDS else "TOO SLOW"
    print(f"twenty-page PDF: {twenty:.2f} s wall (target < {TARGET_SECONDS:.0f} s) — {verdict}")
    return 0 if twenty < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
