"""Reading the text around the table: title, organization, school year, approval, goals, targets.

The lines come from whatever precedes the roadmap table (and, for targets and
goals, what follows it).  Schools often paste the whole title block twice; for
every field the first occurrence wins, so duplicates are harmless.

Choices (documented for the import screen):

* **organization** — the most specific readable name: a full name in the
  nominative («Муниципальное казенное общеобразовательное учреждение «Средняя
  общеобразовательная школа № 5»», caps turned into normal case) if the block
  has one; otherwise the name after «в» in the title, put back into the
  nominative («в муниципальном … учреждении «…»» → «муниципальное …
  учреждение «…»»); otherwise a short name such as «МКОУ «СОШ № 5»» found in a
  line like «Директор МКОУ «СОШ № 5»».  All names found are kept in
  ``organization_names``.
* **school year** — «на 2023-2024 учебный год» / «2023/24 уч. год» → 2023,
  looked for in the title first, then anywhere before the table.
* **targets** — a sentence with a percentage.  Its date: «к концу 2024 года»,
  «к 2024 году», «до 2024 года», «в 2024 году» → 31 December 2024; «к концу
  2023-2024 учебного года» → 31 May 2024; «к концу учебного года» → 31 May of
  the document's school year; an explicit date («к 01.09.2024») → that date;
  nothing → 31 May of the school year, with a warning (the target is dropped,
  with a warning, when the school year is unknown too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from nastavnik.roadmaps.deadlines import parse_deadline

from .normalize import clean_text, is_upper_text, normalize_key, normalize_quotes, sentence_case, short

_TITLE_START_RE = re.compile(
    r"^[«\"“„(\s]*(?:план\b|дорожн\w*\s+карт|программ\w*\s+(?:наставничеств|внедрени|реализаци)|комплекс\w*\s+мер)",
    re.I,
)
_BLOCK_START_RE = re.compile(r"^\s*(?:принят|согласован|рассмотрен|утвержд)\w*\b", re.I)
_APPROVAL_RE = re.compile(r"^\s*(?:утверждаю|утвержд[её]н\w*)\b[\s.:]*", re.I)
_ORDER_RE = re.compile(r"\bприказ\w*\b(?P<rest>.*)$", re.I)
#: «№ 12-од»; a blank «№ ____ от …» (underscores, or nothing before «от») has no number.
_ORDER_NUMBER_RE = re.compile(r"№\s*(?!от(?![\w/\-]))(?P<num>[^\W_][\w/\-]*)", re.I)
_DATE_RE = re.compile(
    r"\d{1,2}\.\d{1,2}\.\d{2,4}"
    r"|«?\s*\d{1,2}\s*»?\s+(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*\s+\d{4}",
    re.I,
)
_YEAR_RE = re.compile(
    r"(?<!\d)(20\d{2})\s*[-–—/]\s*(20\d{2}|\d{2})(?!\d)\s*(?:гг?\.?\s*)?(?:уч\b|уч\.|учебн)", re.I
)
_ORG_NOMINATIVE_RE = re.compile(r"\b(?:учреждение|организация)\b", re.I)
_ORG_SHORT_RE = re.compile(r"\b([А-ЯЁ]{2,8}\s*[«\"“][^»\"”\n]{2,80}[»\"”])")
_ORG_AFTER_V_RE = re.compile(
    r"(?:^|\s)[вВ]\s+((?:[А-ЯЁ]{2,8}\s*[«\"“]|муниципальн|государствен|частн|негосударствен|общеобразовательн"
    r"|дошкольн|образовательн|бюджетн|казенн|казённ|автономн)[^\n]*)"
)
_ORG_CUT_RE = re.compile(r"\s+(?:на|в)\s+(?:\d{4}|период|20\d\d)|\s+на\s+\d|[.;]\s*$", re.I)
_PERCENT_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s*(?:%|процент\w*)", re.I)
_SCHOOL_YEAR_BY_RE = re.compile(
    r"(20\d{2})\s*[-–—/]\s*(20\d{2}|\d{2})\s*(?:гг?\.?\s*)?(?:уч\b|уч\.|учебн)", re.I
)
_END_OF_SCHOOL_YEAR_RE = re.compile(
    r"(?:конц\w*|окончани\w*|итогам|завершени\w*)\s+(?:текущего\s+)?учебного\s+года", re.I
)
_CALENDAR_YEAR_RE = re.compile(r"(?<!\d)(20\d{2})(?!\d)\s*(?:г\b|г\.|год\w*)", re.I)


@dataclass
class TargetSentence:
    """A sentence with a percentage, before its date is resolved."""

    text: str
    percents: list[float]


@dataclass
class TitleBlock:
    title: str | None = None
    organization: str | None = None
    organization_names: list[str] = field(default_factory=list)
    stated_year: int | None = None
    approval_number: str | None = None
    approval_date: date | None = None
    approved_by: str | None = None
    goals: list[str] = field(default_factory=list)


def _lines(lines: list[str]) -> list[str]:
    """Clean every line; multi-line entries are split, blank lines kept as ''."""
    out: list[str] = []
    for raw in lines:
        if not raw or not raw.strip():
            out.append("")
            continue
        cleaned = clean_text(raw)
        out.extend(cleaned.split("\n") if cleaned else [""])
    return out


def _title_line(line: str, first: bool) -> str:
    line = line.strip()
    if first and re.fullmatch(r"[«\"“„][^«»\"]*[»\"”]", line):
        line = line[1:-1].strip()
    if is_upper_text(line):
        line = sentence_case(line)
    if not first:
        line = re.sub(r"^(В|На|Для|По|Во)\s", lambda m: m.group(1).lower() + " ", line)
    return line


def find_title(lines: list[str]) -> str | None:
    """The title paragraph: from a «План…»/«Дорожная карта…» line to the next blank line."""
    for i, line in enumerate(lines):
        if not line or not _TITLE_START_RE.match(line):
            continue
        parts = [_title_line(line, True)]
        for follow in lines[i + 1 : i + 6]:
            if not follow or _BLOCK_START_RE.match(follow):
                break
            parts.append(_title_line(follow, False))
        title = normalize_quotes(" ".join(parts))
        return re.sub(r"\s+", " ", title).strip() or None
    return None


_NOT_TITLE_RE = re.compile(
    r"^\s*(?:приказ|протокол|утвержд|принят|согласован|рассмотрен|директор|заведующ|м\.?\s?п\.?$|от\s|№|с\.\s?\w+$|г\.\s?\w+$)",
    re.I,
)


def fallback_title(lines: list[str]) -> str | None:
    """Without a «План…/Дорожная карта…» line, the paragraph right above the table is the title.

    That is where the exporter and most schools put it; approval, protocol and
    signature lines are never taken.
    """
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    for block in reversed([b for b in blocks if b]):
        if len(block) > 4 or any(
            _NOT_TITLE_RE.match(line) or _ORG_NOMINATIVE_RE.search(line) for line in block
        ):
            continue  # approval/adoption blocks, the organization's name, a long paragraph
        text = normalize_quotes(" ".join(_title_line(line, i == 0) for i, line in enumerate(block)))
        text = re.sub(r"\s+", " ", text).strip()
        if len(text.split()) >= 2 and len(text) <= 300 and not _PERCENT_RE.search(text):
            return text
    return None


def _nominative(text: str) -> str:
    """«муниципальном бюджетном учреждении «…»» → «муниципальное бюджетное учреждение «…»»."""
    head, quote, tail = text.partition("«")
    words = []
    for word in head.split(" "):
        lower = word.lower()
        if lower in {"учреждении", "учреждения"}:
            word = word[:-1] + "е"
        elif lower in {"организации"}:
            word = word[:-1] + "я"
        elif re.fullmatch(r"[а-яё]+(?:ом|ем)", lower):
            word = word[:-2] + ("ое" if lower.endswith("ом") else "ее")
        words.append(word)
    return " ".join(words) + quote + tail


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def find_organizations(lines: list[str], title: str | None) -> list[str]:
    """All names of the organization found, most specific first."""
    full: list[str] = []
    for i, line in enumerate(lines):
        if not line or _TITLE_START_RE.match(line) or len(line) > 250:
            continue
        key = normalize_key(line)
        if any(word in key for word in ("приказ", "протокол", "план ", "дорожн")) or key.startswith("в "):
            continue
        if (
            _ORG_NOMINATIVE_RE.search(line)
            and len(line.split()) <= 20
            and not re.match(r"(?:цел|задач)", key)
        ):
            next_quoted = i + 1 < len(lines) and re.match(r"^[«\"“]", lines[i + 1]) is not None
            if not (is_upper_text(line) or re.search(r"[«\"“]", line) or next_quoted):
                continue  # a sentence mentioning «образовательная организация», not a name
            name = line
            if "«" not in line and '"' not in line and next_quoted:
                name = f"{line} {lines[i + 1]}"
            if is_upper_text(name):
                name = sentence_case(name)
            full.append(_capitalize(normalize_quotes(name)))
    from_title: list[str] = []
    if title:
        match = _ORG_AFTER_V_RE.search(title)
        if match:
            name = _ORG_CUT_RE.split(match.group(1))[0].strip()
            if name:
                from_title.append(_capitalize(_nominative(normalize_quotes(name))))
    short_names: list[str] = []
    for line in lines:
        for match in _ORG_SHORT_RE.finditer(line):
            short_names.append(normalize_quotes(match.group(1)))
    names: list[str] = []
    for name in full + from_title + short_names:
        name = re.sub(r"\s+", " ", name).strip(" ,.;")
        if name and name not in names:
            names.append(name)
    return names


def find_stated_year(lines: list[str], title: str | None) -> int | None:
    """«на 2023-2024 учебный год» → 2023; the title is searched first."""
    for text in ([title] if title else []) + lines:
        for match in _YEAR_RE.finditer(text):
            first = int(match.group(1))
            second = match.group(2)
            second_year = int(second) if len(second) == 4 else 2000 + int(second)
            if second_year == first + 1:
                return first
    return None


def find_approval(lines: list[str], block: TitleBlock) -> None:
    """Fill the approval fields from the first «УТВЕРЖДАЮ …» block."""
    for i, line in enumerate(lines):
        match = _APPROVAL_RE.match(line)
        if not match:
            continue
        rest = line[match.end() :].strip()
        candidates = ([rest] if rest else []) + lines[i + 1 : i + 12]
        by_parts: list[str] = []
        seen = 0
        for candidate in candidates:
            if not candidate:
                continue
            if _BLOCK_START_RE.match(candidate) or _TITLE_START_RE.match(candidate):
                break
            seen += 1
            order = _ORDER_RE.search(candidate)
            if order:
                before = candidate[: order.start()].strip(" ,.")
                if before:
                    by_parts.append(before)
                number = _ORDER_NUMBER_RE.search(order.group("rest"))
                if number:
                    block.approval_number = number.group("num").rstrip(".")
                found = _DATE_RE.search(order.group("rest"))
                if found:
                    block.approval_date = _parse_date(found.group(0))
                break
            if re.fullmatch(r"[«»\"\s\d.]*(?:[а-яё]+\s*)?\d{0,4}\s*г?\.?", candidate, re.I) or candidate in {
                "М.П.",
                "МП",
            }:
                continue  # «___» ________ 2023 г. or a stamp mark
            by_parts.append(candidate.strip(" /"))
            if seen >= 6:
                break
        approved_by = " ".join(part for part in by_parts if part).strip()
        block.approved_by = approved_by or None
        return


def _parse_date(text: str) -> date | None:
    text = text.replace("«", "").replace("»", "")
    try:
        deadline = parse_deadline(text, None)
    except Exception:  # the deadline parser must never break reading the title block
        return None
    return deadline.start or deadline.end


def find_goals(lines: list[str]) -> list[str]:
    goals: list[str] = []
    for line in lines:
        if re.match(r"^\s*цел[ьи]\b", line, re.I) and line not in goals:
            goals.append(line)
    return goals


def read_title_block(raw_lines: list[str]) -> TitleBlock:
    lines = _lines(raw_lines)
    block = TitleBlock()
    block.title = find_title(lines) or fallback_title(lines)
    block.organization_names = find_organizations(lines, block.title)
    block.organization = block.organization_names[0] if block.organization_names else None
    block.stated_year = find_stated_year(lines, block.title)
    find_approval(lines, block)
    block.goals = find_goals(lines)
    return block


# ---------------------------------------------------------------------------
# Targets


def find_target_sentences(raw_lines: list[str]) -> list[TargetSentence]:
    """Sentences that state a percentage, in order, without duplicates."""
    lines = _lines(raw_lines)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        starts_item = bool(re.match(r"^\s*(?:[-–—−•·]|\d{1,2}[.)])\s", line))
        if not line or starts_item or (current and current[-1].endswith(":")):
            if current:
                paragraphs.append(" ".join(current))
            current = [line] if line else []
        else:
            current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    found: list[TargetSentence] = []
    seen: set[str] = set()
    for paragraph in paragraphs:
        for sentence in re.split(r"(?<=[.!?;])\s+(?=[А-ЯЁA-Z«\"])", paragraph):
            sentence = re.sub(r"^\s*(?:[-–—−•·]|\d{1,2}[.)])\s*", "", sentence).strip().rstrip(";")
            percents = [float(p.replace(",", ".")) for p in _PERCENT_RE.findall(sentence)]
            percents = [p for p in percents if 0 <= p <= 100]
            if percents and sentence not in seen:
                seen.add(sentence)
                found.append(TargetSentence(sentence, percents))
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
    match = _DATE_RE.search(text)
    if match:
        parsed = _parse_date(match.group(0))
        if parsed:
            return parsed
    match = _CALENDAR_YEAR_RE.search(text)
    if match:
        return date(int(match.group(1)), 12, 31)
    return None


def describe_target(text: str) -> str:
    return short(text, 70)
