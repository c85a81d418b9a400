"""Reading a roadmap from a PDF with pdfplumber (MIT; pdfminer.six underneath).

Schools publish the roadmap as Word → «Save as PDF»: a text layer, the table
drawn with ruling lines.  pdfplumber finds each cell as the box between those
lines; this module turns the boxes into the same ``SourceDocument`` the DOCX
reader produces:

* **grid** — the distinct x edges of a table's boxes are its grid columns, so a
  stage row merged across the table is one ``Cell`` with the full span; a box
  spanning several rows is given to the first and marked ``continued`` below,
  like Word's vertical merge;
* **lines inside a cell** — a PDF has a line per visual line.  A line that is
  full (the next line's first word would not have fitted after it) wraps on
  (joined with a space, or glued when a narrow column broke a word, see
  ``words``) unless the words say a new paragraph starts (``starts_paragraph``:
  a name with initials ends a person, a capitalized common noun after a
  sentence end begins one); a short line ends a paragraph, as in Word (one
  person per line in «Ответственные», one item per line in a list);
* **pages** — a table continued at the top of the next page with the same
  columns is one table; the header row Word repeats on each page is dropped;
  running headers and footers (lines in the top or bottom band repeated on
  several pages, page numbers) are not text of the document;
* **scans** — pages that are only pictures have no text to read: the file is
  refused with a message that says so (no OCR).

Bounds: at most ``MAX_PAGES`` pages and ``MAX_CHARS`` characters are read, so
a crafted file cannot keep a worker busy (the file itself is capped at 20 MB).
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.page import Page
from pdfplumber.utils import cluster_objects, extract_words

from .model import RoadmapReadError
from .normalize import BULLET_RE, join_continuation, normalize_key
from .source import Cell, SourceDocument, SourceTable
from .words import join_broken, starts_paragraph

MAX_PAGES = 150
MAX_CHARS = 1_500_000

SCAN_MESSAGE = (
    "Это скан: страницы PDF-файла — изображения, а не текст, и прочитать таблицу дорожной карты нельзя "
    "(сканы система не распознаёт). Загрузите дорожную карту в формате Word (DOCX) или PDF, сохранённый из Word."
)
NO_TEXT_MESSAGE = (
    "В PDF-файле нет текста. Загрузите дорожную карту в формате Word (DOCX) или PDF, сохранённый из Word."
)
ENCRYPTED_MESSAGE = (
    "PDF-файл защищён паролем. Снимите защиту или загрузите дорожную карту в формате Word (DOCX)."
)
TOO_MANY_PAGES_MESSAGE = (
    "В PDF-файле {pages} страниц: дорожная карта не может быть длиннее {limit} страниц. "
    "Проверьте, тот ли это файл."
)
TOO_MUCH_TEXT_MESSAGE = "В PDF-файле слишком много текста для дорожной карты. Проверьте, тот ли это файл."

_EDGE_TOLERANCE = 2.0  # points: boxes of one grid line drawn a hair apart
_MIN_PAGE_CHARS = 20  # fewer characters on an image page: a scanner's label or a stamp, not a text layer
_BAND = 0.09  # top and bottom share of the page where running headers and footers live
_GAP = 2.5  # a gap between words wider than this many font sizes separates side-by-side columns
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:(?:стр\.?|страница|лист|с\.)\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?\s*(?:(?:из|/)\s*\d{1,3})?\s*$", re.I
)

Obj = dict[str, Any]
Box = tuple[float, float, float, float]


def _box(values: Any) -> Box:
    x0, top, x1, bottom = (float(v) for v in values)
    return x0, top, x1, bottom


@dataclass
class Line:
    """One visual line of words with its box."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    first_word: float  # width of the first word: would it have fitted on the line above?
    size: float


@dataclass
class PlacedTable:
    """A table found on a page: its rows, its column edges, and where it sits."""

    rows: list[list[Cell]]
    columns: list[float]
    top: float
    bottom: float


def _line(words: list[Obj]) -> Line:
    return Line(
        text=" ".join(w["text"] for w in words),
        x0=float(words[0]["x0"]),
        x1=float(words[-1]["x1"]),
        top=min(float(w["top"]) for w in words),
        bottom=max(float(w["bottom"]) for w in words),
        first_word=float(words[0]["x1"]) - float(words[0]["x0"]),
        size=max(float(w["bottom"]) - float(w["top"]) for w in words),
    )


def _lines(chars: list[Obj], *, split_gaps: bool = False) -> list[Line]:
    """Visual lines of ``chars``; with ``split_gaps`` a wide gap («ПРИНЯТО      УТВЕРЖДАЮ») splits a line."""
    words = extract_words(chars, x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False)
    lines: list[Line] = []
    for group in cluster_objects(words, "top", tolerance=3):
        group.sort(key=lambda w: w["x0"])
        start = 0
        for i in range(1, len(group) + 1):
            size = float(group[i - 1]["bottom"]) - float(group[i - 1]["top"])
            if i == len(group) or (
                split_gaps and float(group[i]["x0"]) - float(group[i - 1]["x1"]) > _GAP * size
            ):
                lines.append(_line(group[start:i]))
                start = i
    lines.sort(key=lambda line: (round(line.top), line.x0))
    return lines


def _wraps(line: Line, following: Line, right: float) -> bool:
    """``following`` goes on ``line``'s paragraph: its first word would not have fitted after ``line``."""
    if BULLET_RE.match(following.text):
        return False
    if following.top - line.bottom > 0.9 * line.size:
        return False  # an empty paragraph between them
    if line.x1 + 0.3 * line.size + following.first_word <= right:
        return False  # the word would have fitted: the line ended its paragraph
    return not starts_paragraph(line.text, following.text)


def _paragraphs(lines: list[Line], right: float) -> list[str]:
    """Join wrapped lines into paragraphs; ``right`` is where the text area ends."""
    paragraphs: list[str] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and _wraps(previous, line, right):
            tight = right - previous.x1 < 0.6 * previous.size  # the word ran into the margin
            glued = join_broken(paragraphs[-1], line.text, tight=True) if tight else None
            paragraphs[-1] = glued or join_continuation(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs


def _cell_text(chars: list[Obj], box: Box) -> str:
    lines = _lines(chars)
    if not lines:
        return ""
    padding = max(1.0, min(line.x0 for line in lines) - box[0])
    return "\n".join(_paragraphs(lines, box[2] - padding))


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE_TOLERANCE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    """Index of the grid edge nearest to ``value``."""
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _read_table(table: Any, chars: list[Obj]) -> PlacedTable:
    boxes = [_box(cell) for cell in table.cells]
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
    placed: dict[tuple[int, int], tuple[int, Box]] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for box in boxes:
        col, end_col = _index(xs, box[0]), _index(xs, box[2])
        row, end_row = _index(ys, box[1]), _index(ys, box[3])
        if end_col <= col or end_row <= row:
            continue
        placed[(row, col)] = (end_col - col, box)
        for r in range(row, end_row):
            for c in range(col, end_col):
                owner[(r, c)] = (row, col)
    texts: dict[tuple[int, int], list[Obj]] = {key: [] for key in placed}
    for char in chars:
        x = (float(char["x0"]) + float(char["x1"])) / 2
        y = (float(char["top"]) + float(char["bottom"])) / 2
        r, c = bisect_right(ys, y) - 1, bisect_right(xs, x) - 1
        key = owner.get((r, c))
        if key is not None:
            texts[key].append(char)
    rows: list[list[Cell]] = []
    read: dict[tuple[int, int], str] = {}
    for r in range(len(ys) - 1):
        cells: list[Cell] = []
        for c in range(len(xs) - 1):
            key = owner.get((r, c))
            if key is None or key[1] != c:
                continue
            span, box = placed[key]
            if key[0] == r:
                read[key] = _cell_text(texts[key], box)
                cells.append(Cell(read[key], c, span))
            else:  # the lower part of a box spanning rows: Word's vertical merge
                cells.append(Cell(read.get(key, ""), c, span, continued=True))
        if cells:
            rows.append(cells)
    return PlacedTable(rows, xs, float(table.bbox[1]), float(table.bbox[3]))


def _inside(char: Obj, boxes: list[Box]) -> bool:
    x = (float(char["x0"]) + float(char["x1"])) / 2
    y = (float(char["top"]) + float(char["bottom"])) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


@dataclass
class PageContent:
    height: float
    items: list[tuple[float, Line | PlacedTable]]  # by position from the top


def _unique_chars(chars: list[Obj]) -> list[Obj]:
    """Visible characters, each once: some generators print bold text twice at the same place."""
    seen: set[tuple[str, float, float]] = set()
    unique: list[Obj] = []
    for char in chars:
        key = (char["text"], round(float(char["x0"]), 1), round(float(char["top"]), 1))
        if char["text"].strip() and key not in seen:
            seen.add(key)
            unique.append(char)
    return unique


def _page_content(page: Page) -> PageContent:
    chars = _unique_chars(page.chars)
    found = page.find_tables()
    boxes = [_box(t.bbox) for t in found]
    items: list[tuple[float, Line | PlacedTable]] = []
    for table in found:
        bbox = _box(table.bbox)
        inner = [c for c in chars if _inside(c, [bbox])]
        placed = _read_table(table, inner)
        if placed.rows:
            items.append((placed.top, placed))
    outside = [c for c in chars if not _inside(c, boxes)]
    items.extend((line.top, line) for line in _lines(outside, split_gaps=True))
    items.sort(key=lambda item: item[0])
    return PageContent(float(page.height), items)


def _band_key(line: Line, height: float) -> str | None:
    """A line in the top or bottom band, digits masked: the same key on every page for a running header."""
    if line.top > height * _BAND and line.bottom < height * (1 - _BAND):
        return None
    band = "top" if line.top <= height * _BAND else "bottom"
    return f"{band}:{round(line.top / 6)}:" + re.sub(r"\d+", "#", normalize_key(line.text))


def _drop_running_lines(pages: list[PageContent]) -> None:
    counts: Counter[str] = Counter()
    for page in pages:
        keys = {_band_key(line, page.height) for _, line in page.items if isinstance(line, Line)}
        counts.update(key for key in keys if key)
    for page in pages:
        kept: list[tuple[float, Line | PlacedTable]] = []
        for top, item in page.items:
            if isinstance(item, Line):
                key = _band_key(item, page.height)
                if key and (_PAGE_NUMBER_RE.match(item.text) or (len(pages) > 1 and counts[key] > 1)):
                    continue
            kept.append((top, item))
        page.items = kept


def _same_columns(a: PlacedTable, b: PlacedTable) -> bool:
    return len(a.columns) == len(b.columns) and all(
        abs(x - y) <= 2 * _EDGE_TOLERANCE for x, y in zip(a.columns, b.columns, strict=True)
    )


def _row_key(row: list[Cell]) -> tuple[str, ...]:
    return tuple(normalize_key(c.text) for c in row if c.text.strip())


def _paragraph_blocks(lines: list[Line], right: float) -> list[str]:
    """Lines of one column joined into paragraphs, with a blank line where the page leaves a gap."""
    blocks: list[str] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and _wraps(previous, line, right) and blocks and blocks[-1]:
            blocks[-1] = join_continuation(blocks[-1], line.text)
        else:
            if previous is not None and line.top - previous.bottom > 0.9 * previous.size:
                blocks.append("")
            blocks.append(line.text)
        previous = line
    return blocks


def _text_blocks(lines: list[Line], right: float) -> list[str]:
    """Paragraph text outside the tables.

    Side-by-side blocks without ruling lines («ПРИНЯТО … | УТВЕРЖДАЮ …», laid
    out with a borderless table or tabs) are read column by column, as the
    DOCX reader reads such a table: the left column, then the right one.
    """
    rows: list[list[Line]] = []
    for line in lines:
        if rows and abs(rows[-1][0].top - line.top) <= 2:
            rows[-1].append(line)
        else:
            rows.append([line])
    blocks: list[str] = []
    plain: list[Line] = []
    i = 0
    while i < len(rows):
        if len(rows[i]) < 2:
            plain.extend(rows[i])
            i += 1
            continue
        split = min(segment.x0 for segment in rows[i][1:])
        end = i
        while end < len(rows) and all(s.x1 <= split + 1 or s.x0 >= split - 1 for s in rows[end]):
            end += 1
        blocks.extend(_paragraph_blocks(plain, right))
        plain = []
        segments = [s for row in rows[i:end] for s in row]
        for column, edge in (
            ([s for s in segments if s.x1 <= split + 1], split),
            ([s for s in segments if s.x0 >= split - 1], right),
        ):
            blocks.extend(["", *_paragraph_blocks(column, edge), ""])
        i = end
    blocks.extend(_paragraph_blocks(plain, right))
    return blocks


def _blocks(pages: list[PageContent]) -> list[str | SourceTable]:
    blocks: list[str | SourceTable] = []
    right = max(
        (item.x1 for page in pages for _, item in page.items if isinstance(item, Line)),
        default=0.0,
    )
    last: PlacedTable | None = None  # the table the previous page ended with
    for page in pages:
        lines: list[Line] = []
        first = True
        for _, item in page.items:
            if isinstance(item, Line):
                lines.append(item)
                first = False
                last = None
                continue
            if lines:
                blocks.extend(_text_blocks(lines, right))
                lines = []
            if first and last is not None and _same_columns(last, item):
                header = _row_key(last.rows[0])
                rows = item.rows
                while rows and _row_key(rows[0]) == header:
                    rows = rows[1:]  # the header row Word repeats on every page
                target = blocks[-1]
                assert isinstance(target, SourceTable)
                target.rows.extend(rows)
            else:
                blocks.append(SourceTable(list(item.rows)))
                last = item
            first = False
        if lines:
            blocks.extend(_text_blocks(lines, right))
            last = None
    return blocks


def _is_picture_of_page(page: Page) -> bool:
    """An image covers most of the page: a scanned sheet (a logo or a stamp is far smaller)."""
    area = float(page.width) * float(page.height)
    covered = sum(
        max(0.0, float(image["x1"]) - float(image["x0"]))
        * max(0.0, float(image["bottom"]) - float(image["top"]))
        for image in page.images
    )
    return area > 0 and covered >= 0.5 * area


def read_pdf(data: bytes) -> SourceDocument:
    """Text and tables of a PDF in reading order; a scan or an oversized file raises ``RoadmapReadError``."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFEncryptionError as exc:
        raise RoadmapReadError(ENCRYPTED_MESSAGE) from exc
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise RoadmapReadError(TOO_MANY_PAGES_MESSAGE.format(pages=len(pdf.pages), limit=MAX_PAGES))
        total = 0
        image_only = 0
        scanned = 0  # pages that are a picture of paper, with or without a recognized text layer
        pages: list[PageContent] = []
        for page in pdf.pages:
            if _is_picture_of_page(page):
                scanned += 1
            count = sum(1 for c in page.chars if c["text"].strip())
            total += count
            if total > MAX_CHARS:
                raise RoadmapReadError(TOO_MUCH_TEXT_MESSAGE)
            if count < _MIN_PAGE_CHARS and page.images:
                image_only += 1  # a scanned page (a stamp or a scanner's label is not a text layer)
                continue
            if count == 0:
                continue
            pages.append(_page_content(page))
            page.close()
    if not pages:
        raise RoadmapReadError(SCAN_MESSAGE if image_only else NO_TEXT_MESSAGE)
    _drop_running_lines(pages)
    document = SourceDocument(blocks=_blocks(pages), format="pdf")
    if (image_only or scanned) and not any(isinstance(block, SourceTable) for block in document.blocks):
        # A typed cover page before scanned ones, or a scan with a recognized text layer: the table's
        # ruling lines are pixels, so there is no table to read.
        raise RoadmapReadError(SCAN_MESSAGE)
    if image_only:
        document.warnings.append(
            f"В PDF-файле {image_only} стр. без текста (сканы): их содержимое не прочитано."
        )
    return document
