"""Benchmark reading roadmaps: the seed documents and a generated 1,000-activity roadmap.

Run from the repository root::

    .venv/bin/python bench/bench_roadmap_import.py [--repeat 3] [--activities 1000]

It measures pure reading (bytes → ``RoadmapDraft``) only.  ``time_read(path)``
is the reusable piece: it returns the best time and the draft, so a later
benchmark can chain the database write for the same file without reading it
twice.  The large roadmap is generated into a temporary directory as text
(Word's tab-separated export), DOCX and XLSX with the same content: 50 stages
merged across the table, 20 activities each, realistic deadlines and people.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
import openpyxl  # noqa: E402

from nastavnik.roadmaps.reader import RoadmapDraft, clear_caches, read_roadmap  # noqa: E402

SEED_DIRS = (ROOT / "tests" / "roadmaps" / "fixtures" / "seeds", Path("/work/shared/seeds"))
HEADER = ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Результат"]
MONTHS = ["сентябрь", "октябрь", "ноябрь", "декабрь", "январь", "февраль", "март", "апрель", "май"]
PEOPLE = [
    "Директор Иванова И.И.",
    "Заместитель директора по УВР Петрова П.П., куратор",
    "классные руководители; педагог-психолог Сидорова С.С.",
    "руководители МО",
]


def time_read(path: Path, repeat: int = 3, academic_year: int | None = None) -> tuple[float, RoadmapDraft]:
    """Best wall time in seconds of ``read_roadmap(path)`` over ``repeat`` runs, and the draft read.

    The reader memoizes text clean-up and deadline parsing; the caches are
    cleared before every run so the figure is a cold read of a new upload.
    """
    best = float("inf")
    draft: RoadmapDraft | None = None
    for _ in range(max(1, repeat)):
        clear_caches()
        started = time.perf_counter()
        draft = read_roadmap(path, path.name, academic_year)
        best = min(best, time.perf_counter() - started)
    assert draft is not None
    return best, draft


def generated_rows(activities: int, per_stage: int = 20) -> list[str | list[str]]:
    """Stage rows (str, merged across the table) and activity rows for a large roadmap."""
    rows: list[str | list[str]] = []
    stages = (activities + per_stage - 1) // per_stage
    made = 0
    for stage in range(1, stages + 1):
        rows.append(f"{stage}. Этап {stage}: организация работы наставнических пар, мониторинг и отчётность")
        for item in range(1, per_stage + 1):
            if made == activities:
                break
            made += 1
            month = MONTHS[(stage + item) % len(MONTHS)]
            deadline = f"{month} 2024" if item % 3 else f"{month} – май"
            rows.append(
                [
                    f"{stage}.{item}",
                    f"Мероприятие {stage}.{item}: встреча наставников и наставляемых, анкетирование участников "
                    f"и подготовка материалов для сайта образовательной организации",
                    deadline,
                    PEOPLE[(stage * item) % len(PEOPLE)],
                    "Протокол, отчёт, публикация на сайте",
                ]
            )
    return rows


TITLE = [
    "МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ «СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА № 1»",
    "",
    "УТВЕРЖДАЮ",
    "Директор МБОУ «СОШ № 1»",
    "Приказ № 1 от 01.09.2024 г.",
    "",
    "План мероприятий (дорожная карта) реализации целевой модели наставничества на 2024-2025 учебный год",
    "",
]


def write_text(path: Path, rows: list[str | list[str]]) -> None:
    lines = [*TITLE, "\t".join(HEADER)]
    lines.extend(row if isinstance(row, str) else "\t".join(row) for row in rows)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_docx(path: Path, rows: list[str | list[str]]) -> None:
    document = docx.Document()
    for line in TITLE:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(rows), cols=len(HEADER))
    grid = table.rows  # fill through the XML rows directly: add_row() is quadratic on large tables
    for cell, text in zip(grid[0].cells, HEADER, strict=True):
        cell.text = text
    for index, row in enumerate(rows, start=1):
        cells = grid[index].cells
        if isinstance(row, str):
            cells[0].merge(cells[-1]).text = row
        else:
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def write_xlsx(path: Path, rows: list[str | list[str]]) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    for line in TITLE:
        ws.append([line or None])
    ws.append(HEADER)
    for row in rows:
        if isinstance(row, str):
            ws.append([row])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(HEADER))
        else:
            ws.append(row)
    workbook.save(path)


def generated_files(activities: int, folder: Path) -> Iterator[Path]:
    """The generated roadmap of `activities` written in `folder` as text, DOCX and XLSX, one file at a time."""
    rows = generated_rows(activities)
    base = folder / f"generated_{activities}"
    for suffix, writer in ((".txt", write_text), (".docx", write_docx), (".xlsx", write_xlsx)):
        path = base.with_suffix(suffix)
        writer(path, rows)
        yield path


def _seed_paths() -> list[Path]:
    for directory in SEED_DIRS:
        found = sorted(directory.glob("roadmap_*.txt"))
        if found:
            return found
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--activities", type=int, default=1000)
    args = parser.parse_args(argv)

    print(f"{'document':<44} {'format':<6} {'size':>9} {'stages':>6} {'acts':>6} {'read, ms':>9}")
    for path in _seed_paths():
        seconds, draft = time_read(path, args.repeat)
        print(
            f"{path.name:<44} {'text':<6} {path.stat().st_size:>9} {len(draft.stages):>6} "
            f"{len(draft.activities):>6} {seconds * 1000:>9.1f}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        for path in generated_files(args.activities, Path(tmp)):
            seconds, draft = time_read(path, args.repeat)
            print(
                f"{path.name:<44} {draft.source_format or '':<6} {path.stat().st_size:>9} {len(draft.stages):>6} "
                f"{len(draft.activities):>6} {seconds * 1000:>9.1f}"
            )
            if len(draft.activities) != args.activities:
                print(f"  ! expected {args.activities} activities, read {len(draft.activities)}")
                return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
