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
* **targets** — see ``targets`` (they are read from the same lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from nastavnik.roadmaps.deadlines import parse_deadline

from .normalize import clean_text, is_upper_text, normalize_key, normalize_quotes, sentence_case

_TITLE_START_RE = re.compile(
    r"^[«\"“„(\s]*(?:план\b|дорожн\w*\s+карт|программ\w*\s+(?:наставничеств|внедрени|реализаци)|комплекс\w*\s+мер)",
    re.I,
)
_BLOCK_START_RE = re.compile(r"^\s*(?:принят|согласован|рассмотрен|утвержд)\w*\b", re.I)
_APPROVAL_RE = re.compile(r"^\s*(?:утверждаю|утвержд[её]н\w*)\b[\s.:]*", re.I)
_ORDER_RE = re.compile(r"\bприказ\w*\b(?P<rest>.*)$", re.I)
#: «№ 12-од»; a blank «№ ____ от …» (underscores, or nothing before «от») has no number.
_ORDER_NUMBER_RE = re.compile(r"№\s*(?!от(?![\w/\-]))(?P<num>[^\W_][\w/\-]*)", re.I)
DATE_RE = re.compile(
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
PERCENT_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s*(?:%|процент\w*)", re.I)


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


def split_lines(lines: list[str]) -> list[str]:
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
        if len(text.split()) >= 2 and len(text) <= 300 and not PERCENT_RE.search(text):
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


def _name_around(lines: list[str], i: int) -> str:
    """The organization's name that line ``i`` is part of, when the heading spreads it over lines.

    A line starting in lower case («бюджетное учреждение «Кировский колледж») goes on from the line
    above; an unclosed «quote» or a name whose quoted part starts on the next line goes on below.
    """
    first = i
    while first > 0 and lines[first][:1].islower() and lines[first - 1] and len(lines[first - 1]) < 200:
        above = lines[first - 1]
        if _TITLE_START_RE.match(above) or _BLOCK_START_RE.match(above) or above.rstrip()[-1:] in ".:;":
            break
        first -= 1
    last = i
    while last + 1 < len(lines) and lines[last + 1] and last - i < 3:
        text = " ".join(lines[first : last + 1])
        opened = text.count("«") - text.count("»") + text.count('"') % 2 + text.count("“") - text.count("”")
        starts_quote = re.match(r"^[«\"“]", lines[last + 1]) is not None
        if opened > 0 or (starts_quote and not re.search(r"[«\"“]", text)):
            last += 1
        else:
            break
    return " ".join(lines[first : last + 1])


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
            name = _name_around(lines, i)
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
                found = DATE_RE.search(order.group("rest"))
                if found:
                    block.approval_date = parse_date(found.group(0))
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


def parse_date(text: str) -> date | None:
    """A single date written as «01.09.2023» or «1 сентября 2023»."""
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
    lines = split_lines(raw_lines)
    block = TitleBlock()
    block.title = find_title(lines) or fallback_title(lines)
    block.organization_names = find_organizations(lines, block.title)
    block.organization = block.organization_names[0] if block.organization_names else None
    block.stated_year = find_stated_year(lines, block.title)
    find_approval(lines, block)
    block.goals = find_goals(lines)
    return block
