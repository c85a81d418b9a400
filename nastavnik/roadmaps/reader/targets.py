"""Numeric targets of the programme: the sentences around the plan that state a percentage.

* **a target is its own sentence** — not the heading above it («Целевые
  показатели реализации программы» on the line before), not a label in front
  of it («Показатели эффективности: к концу …»);
* **one target per clause** — «к концу 2020 года не менее 10 % …, к концу 2024
  года не менее 70 % …» is two targets, each with its own year and text: a
  sentence with several target dates and several percentages is cut at the
  comma, semicolon or «и»/«а» between two dates that leaves a percentage on
  each side (the last such place, so that a date opening a clause stays with
  it);
* **its date** — «к концу 2024 года», «к 2024 году», «до 2024 года», «в 2024
  году» → 31 December 2024; «к концу 2023-2024 учебного года» → 31 May 2024;
  «к концу учебного года» → 31 May of the document's school year; an explicit
  date («к 01.09.2024») → that date; nothing → 31 May of the school year, with a
  warning (the target is dropped, with a warning, when the school year is
  unknown too; see ``assemble``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .titleblock import DATE_RE, PERCENT_RE, parse_date, split_lines

_SCHOOL_YEAR_BY_RE = re.compile(
    r"(20\d{2})\s*[-–—/]\s*(20\d{2}|\d{2})\s*(?:гг?\.?\s*)?(?:уч\b|уч\.|учебн)", re.I
)
_END_OF_SCHOOL_YEAR_RE = re.compile(
    r"(?:конц\w*|окончани\w*|итогам|завершени\w*)\s+(?:текущего\s+)?учебного\s+года", re.I
)
_CALENDAR_YEAR_RE = re.compile(r"(?<!\d)(20\d{2})(?!\d)\s*(?:г\b|г\.|год\w*)", re.I)
#: A phrase that says by when: the places a sentence with two targets is cut between.
_BY_PHRASE_RE = re.compile(
    r"\b(?:к|до|в|по)\s+(?:(?:конц\w*|окончани\w*|итогам|завершени\w*)\s+)?"
    r"(?:20\d{2}\s*[-–—/]\s*(?:20)?\d{2}\s*(?:гг?\.?\s*)?(?:уч\.|учебн\w*)\s*год\w*"
    r"|(?:текущего\s+)?учебного\s+года"
    r"|20\d{2}(?!\d)\s*(?:г\b\.?|год\w*)"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4})",
    re.I,
)
_CLAUSE_CUT_RE = re.compile(r"[,;]\s+|\s+(?:а|и)\s+|\s+[–—]\s+")
#: How a target starts when its heading sits on the line above it.
_DATE_OPENER_RE = re.compile(
    r"^\s*(?:[-–—−•·]\s*)?(?:к|до|в|по)\s+(?:конц|окончани|итогам|завершени|20\d\d)", re.I
)
_LABEL_RE = re.compile(r"^[А-ЯЁ][^:.;%\d]{2,80}:\s+(?=\S)")
_ITEM_RE = re.compile(r"^\s*(?:[-–—−•·]|\d{1,2}[.)])\s")


@dataclass
class TargetSentence:
    """A sentence (or clause) with a percentage, before its date is resolved."""

    text: str
    percents: list[float]


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines joined into paragraphs; a list item, a line after a colon, a target under its heading start anew."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        heading_above = (
            bool(current)
            and not any(PERCENT_RE.search(part) for part in current)
            and bool(_DATE_OPENER_RE.match(line))
            and bool(PERCENT_RE.search(line))
        )
        if not line or _ITEM_RE.match(line) or heading_above or (current and current[-1].endswith(":")):
            if current:
                paragraphs.append(" ".join(current))
            current = [line] if line else []
        else:
            current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _percents(text: str) -> list[float]:
    values = [float(p.replace(",", ".")) for p in PERCENT_RE.findall(text)]
    return [p for p in values if 0 <= p <= 100]


def split_clauses(sentence: str) -> list[str]:
    """Cut a sentence that states several targets with their own dates into one clause per target."""
    dates = list(_BY_PHRASE_RE.finditer(sentence))
    percents = [m.start() for m in PERCENT_RE.finditer(sentence)]
    if len(dates) < 2 or len(percents) < 2:
        return [sentence]
    pieces: list[str] = []
    start = 0
    for i in range(len(dates) - 1):
        limit = dates[i + 2].start() if i + 2 < len(dates) else len(sentence)
        best: re.Match[str] | None = None
        for cut in _CLAUSE_CUT_RE.finditer(sentence, dates[i].end(), dates[i + 1].start()):
            left = any(start <= p < cut.start() for p in percents)
            right = any(cut.end() <= p < limit for p in percents)
            if left and right:
                best = cut
        if best is not None:
            pieces.append(sentence[start : best.start()])
            start = best.end()
    pieces.append(sentence[start:])
    return [piece.strip().rstrip(",;").strip() for piece in pieces if piece.strip()]


def find_target_sentences(raw_lines: list[str]) -> list[TargetSentence]:
    """Targets in order, without duplicates: each a sentence or clause with its percentages."""
    found: list[TargetSentence] = []
    seen: set[str] = set()
    for paragraph in _paragraphs(split_lines(raw_lines)):
        for sentence in re.split(r"(?<=[.!?;])\s+(?=[А-ЯЁA-Z«\"])", paragraph):
            sentence = _ITEM_RE.sub("", sentence).strip().rstrip(";")
            label = _LABEL_RE.match(sentence)
            if label and _DATE_OPENER_RE.match(sentence[label.end() :]):
                sentence = sentence[label.end() :]  # «Показатели эффективности: к концу …»
            for clause in split_clauses(sentence):
                percents = _percents(clause)
                if percents and clause not in seen:
                    seen.add(clause)
                    found.append(TargetSentence(clause, percents))
    return found


def resolve_target_date(text: str, academic_year: int | None) -> date | None:
    """The date by which a target must be reached (see the module docstring for the rules)."""
    match = _SCHOOL_YEAR_BY_RE.search(text)
    if match:
        second = match.group(2)
        year = int(second) if len(second) == 4 else 2000 + int(second)
        return date(year, 5, 31)
    if _END_OF_SCHOOL_YEAR_RE.search(text) and academic_year is not None:
        return date(academic_year + 1, 5, 31)
    match = DATE_RE.search(text)
    if match:
        parsed = parse_date(match.group(0))
        if parsed:
            return parsed
    match = _CALENDAR_YEAR_RE.search(text)
    if match:
        return date(int(match.group(1)), 12, 31)
    return None
