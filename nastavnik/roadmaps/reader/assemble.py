"""Turn a ``SourceDocument`` into a ``RoadmapDraft``.

This is where the pieces meet: the main table is located, the title block and
the text after the table are read, the academic year is decided, and only then
are deadlines parsed (a deadline like «Декабрь-май» means different dates in
different school years).

Academic year: the caller's ``academic_year`` argument wins when given (the
user picked the year on the import screen; a warning is added when the document
says otherwise); else the year stated in the document («на 2023-2024 учебный
год»); else the most common school year of the explicit dates in the deadlines
(ties go to the earlier year); else ``None``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from nastavnik.roadmaps.deadlines import Deadline, academic_year_of, parse_deadline

from .columns import ColumnMap, map_main_header, map_risk_header
from .model import Activity, Approval, Risk, RoadmapDraft, RoadmapReadError, Stage, Target
from .normalize import clean_text, one_line, short
from .responsible import split_responsible
from .rows import Fields, StageBuilder, describe, number_parts, split_bullets
from .source import Cell, SourceDocument, SourceTable
from .table import TableInterpreter
from .targets import find_target_sentences, resolve_target_date
from .titleblock import read_title_block

NO_TABLE_MESSAGE = (
    "В файле не найдена таблица дорожной карты: нет строки заголовков со столбцами «Мероприятие» и «Сроки»."
)
DEFAULT_TITLE = "Дорожная карта"
_EXPLICIT_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d{1,2}\.\d{1,2}\.\d{2}(?!\d)")


def flatten_table(rows: list[list[Cell]]) -> list[str]:
    """Table text column by column: side-by-side «ПРИНЯТО | УТВЕРЖДАЮ» blocks stay readable."""
    if not rows:
        return []
    width = max((c.col + c.span for row in rows for c in row), default=0)
    lines: list[str] = []
    for col in range(width):
        column: list[str] = []
        for row in rows:
            cell = next((c for c in row if c.col == col and not c.continued), None)
            text = clean_text(cell.text) if cell else ""
            column.extend(text.split("\n") if text else [""])
        if any(column):
            lines.extend(column)
            lines.append("")
    return lines


def _find_header(table: SourceTable) -> tuple[int, ColumnMap] | None:
    for index, row in enumerate(table.rows):
        cmap = map_main_header(row)
        if cmap is not None:
            return index, cmap
    return None


def _has_risk_header(table: SourceTable) -> int | None:
    for index, row in enumerate(table.rows):
        if map_risk_header(row) is not None:
            return index
    return None


@dataclass
class _Segment:
    """A plan table (or a later table with its own, different header, such as a control plan)."""

    cmap: ColumnMap
    rows: list[list[Cell]] = field(default_factory=list)


def _collect(doc: SourceDocument) -> tuple[list[str], list[str], list[_Segment], list[list[Cell]]]:
    """Split the document into text before the plan, text after it, plan segments and risk rows."""
    before: list[str] = []
    after: list[str] = []
    segments: list[_Segment] = []
    risk_rows: list[list[Cell]] = []
    for block in doc.blocks:
        if isinstance(block, str):
            (before if not segments else after).append(block)
            continue
        risk_index = _has_risk_header(block)
        found = _find_header(block)
        if found is not None and (risk_index is None or found[0] < risk_index):
            index, cmap = found
            (before if not segments else after).extend(flatten_table(block.rows[:index]))
            if segments and cmap.header_texts == segments[-1].cmap.header_texts and not risk_rows:
                segments[-1].rows.extend(block.rows[index + 1 :])  # the plan goes on in another table
            else:
                segments.append(_Segment(cmap, list(block.rows[index + 1 :])))
            continue
        if risk_index is not None:  # a risks table, above or below the plan
            (before if not segments else after).extend(flatten_table(block.rows[:risk_index]))
            risk_rows.extend(block.rows[risk_index:])
        elif segments and block.width == segments[-1].cmap.width and not risk_rows:
            segments[-1].rows.extend(block.rows)
        else:
            (before if not segments else after).extend(flatten_table(block.rows))
    return before, after, segments, risk_rows


def build_draft(doc: SourceDocument, academic_year: int | None = None) -> RoadmapDraft:
    """Interpret a format-neutral document as a roadmap; raises ``RoadmapReadError`` without a table."""
    before, after, segments, risk_rows = _collect(doc)
    if not segments:
        raise RoadmapReadError(NO_TABLE_MESSAGE)
    # Risk rows go with the first plan table: its interpreter also finds a risks header inside the plan.
    interpreters = [
        TableInterpreter(segment.cmap, segment.rows + (risk_rows if i == 0 else []), len(segment.rows))
        for i, segment in enumerate(segments)
    ]
    for one in interpreters:
        one.run()
    interpreter = interpreters[0]
    for other in interpreters[1:]:
        interpreter.stages.extend(other.stages)
        interpreter.risks.extend(other.risks)
        interpreter.trailing_lines.extend(other.trailing_lines)
        interpreter.warnings.extend(other.warnings)
    warnings = list(doc.warnings)
    warnings.extend(interpreter.warnings)

    block = read_title_block(before)
    draft = RoadmapDraft(title=block.title or DEFAULT_TITLE, source_format=doc.format)
    if not block.title:
        warnings.append(f"Не найден заголовок документа; использовано название «{DEFAULT_TITLE}».")
    draft.organization = block.organization
    draft.organization_names = block.organization_names
    draft.goals = block.goals
    if block.approval_number or block.approval_date or block.approved_by:
        draft.approval = Approval(block.approval_number, block.approval_date, block.approved_by)

    year, source = _decide_year(interpreter.stages, block.stated_year, academic_year)
    if academic_year is not None and block.stated_year is not None and academic_year != block.stated_year:
        warnings.append(
            f"В документе указан {block.stated_year}-{block.stated_year + 1} учебный год, "
            f"а для загрузки выбран {academic_year}-{academic_year + 1}: сроки прочитаны для выбранного года."
        )
    draft.academic_year = year
    draft.academic_year_source = source

    checked = year if source in ("document", "argument") else None
    draft.stages = [_finish_stage(stage, year, checked, warnings) for stage in interpreter.stages]
    _check_numbers(draft.stages, warnings)
    draft.risks = [Risk(_list_text(r.risk), _list_text(r.mitigation) or None) for r in interpreter.risks]
    draft.targets = _targets(before + after + interpreter.trailing_lines, year, warnings)
    if not draft.activities:
        warnings.append("В таблице не найдено ни одного мероприятия.")
    draft.warnings = list(dict.fromkeys(warnings))
    return draft


# ---------------------------------------------------------------------------


def _deadline_texts(stages: list[StageBuilder]) -> list[str]:
    texts: list[str] = []
    for stage in stages:
        texts.append(stage.fields.deadline)
        texts.extend(group.deadline for group in stage.groups)
        texts.extend(activity.fields.deadline for activity in stage.activities)
    return [t for t in texts if t]


def _decide_year(
    stages: list[StageBuilder], stated: int | None, argument: int | None
) -> tuple[int | None, str | None]:
    if argument is not None:
        return argument, "argument"
    if stated is not None:
        return stated, "document"
    counts: Counter[int] = Counter()
    for text in _deadline_texts(stages):
        if not _EXPLICIT_YEAR_RE.search(text):
            continue
        deadline = _parse(text, None)
        for day in (deadline.start, deadline.end) if deadline else ():
            if day is not None:
                counts[academic_year_of(day)] += 1
    if not counts:
        return None, None
    best = max(counts.values())
    return min(year for year, count in counts.items() if count == best), "inferred"


def _parse(text: str, year: int | None) -> Deadline | None:
    text = one_line(text)
    if not text:
        return None
    return _parse_cached(text, year)


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str, year: int | None) -> Deadline:
    """``Deadline`` is frozen, so one instance can serve every activity with the same phrase."""
    return parse_deadline(text, year)


def _deadline_warning(
    deadline: Deadline | None, what: str, warnings: list[str], checked_year: int | None = None
) -> None:
    """Summarize a deadline problem in one line per activity, naming the activity.

    ``checked_year`` is the school year the document states (or the user chose);
    explicit dates outside it are usually typos («28.03.2022» in a 2023-2024
    plan), so they are flagged.  The window is 1 January of the first year to
    31 August of the year after the school year ends, because plans are drafted
    before September and often run on into the next school year.  Inferred
    years are not checked.
    """
    if deadline is None:
        return
    understood = deadline.start or deadline.end or deadline.ongoing or deadline.recurrence
    if not understood:
        warnings.append(f"Не распознан срок у {what}: «{short(deadline.text)}».")
        return
    if deadline.warnings:
        warnings.append(f"Срок у {what} («{short(deadline.text)}») требует проверки: {deadline.warnings[0]}")
    if checked_year is not None:
        low, high = date(checked_year, 1, 1), date(checked_year + 2, 8, 31)
        days = [d for d in (deadline.start, deadline.end) if d is not None]
        if any(d < low or d > high for d in days):
            warnings.append(
                f"Срок у {what} («{short(deadline.text)}») выходит за пределы {checked_year}-{checked_year + 1} "
                "учебного года: проверьте год."
            )


def _list_text(text: str) -> str:
    """A cell as one line; a list («- …;», «1) …») becomes its items joined with «; »."""
    lead, items = split_bullets(text)
    if not items:
        return one_line(text)
    return "; ".join(one_line(part) for part in ([lead] if lead else []) + items)


def _text_or_none(text: str) -> str | None:
    text = clean_text(text)
    return text or None


def _make_activity(
    number: str | None,
    fields: Fields,
    year: int | None,
    checked: int | None,
    warnings: list[str],
    *,
    fallback: Fields | None = None,
    title: str | None = None,
) -> Activity:
    deadline_text = fields.deadline or (fallback.deadline if fallback else "")
    responsible_text = fields.responsible or (fallback.responsible if fallback else "")
    result_text = fields.result or (fallback.result if fallback else "")
    activity_title = one_line(fields.title if title is None else title)
    if not activity_title:
        activity_title = f"Мероприятие {number}" if number else "Мероприятие"
        warnings.append(f"У {describe(number, activity_title)} нет названия.")
    deadline = _parse(deadline_text, year)
    what = describe(number, activity_title)
    _deadline_warning(deadline, what, warnings, checked)
    return Activity(
        title=activity_title,
        number=number,
        description=_text_or_none(fields.description),
        deadline=deadline,
        responsible=split_responsible(responsible_text),
        result=_text_or_none(result_text),
    )


def _finish_stage(builder: StageBuilder, year: int | None, checked: int | None, warnings: list[str]) -> Stage:
    fields = builder.fields
    title_raw = fields.title
    description = clean_text(fields.description)
    activities: list[Activity] = []
    if builder.groups:
        for group in builder.groups:
            lead, items = split_bullets(group.title)
            if items and lead.endswith(":"):
                description = (description + "\n" + lead).strip()
                lead = ""
            for item in ([lead] if lead else []) + items:
                activities.append(
                    _make_activity(None, group, year, checked, warnings, fallback=fields, title=item)
                )
    elif not builder.activities and not builder.implicit:
        lead, items = split_bullets(title_raw)
        if items:
            title_raw = lead.rstrip(":").strip() or (f"Этап {builder.number}" if builder.number else "Этап")
            for item in items:
                activities.append(
                    _make_activity(None, Fields(), year, checked, warnings, fallback=fields, title=item)
                )
    for activity in builder.activities:
        activities.append(_make_activity(activity.number, activity.fields, year, checked, warnings))
    title = one_line(title_raw) or (f"Этап {builder.number}" if builder.number else "Этап")
    deadline = _parse(fields.deadline, year)
    _deadline_warning(deadline, describe(builder.number, title, "этапа"), warnings, checked)
    if not activities and not builder.implicit:
        warnings.append(f"В {describe(builder.number, title, 'этапе')} нет мероприятий.")
    return Stage(
        title=title,
        number=builder.number,
        deadline=deadline,
        activities=activities,
        description=description or None,
        responsible=split_responsible(fields.responsible),
        result=_text_or_none(fields.result),
        implicit=builder.implicit,
    )


def _check_numbers(stages: list[Stage], warnings: list[str]) -> None:
    seen_stages: set[str] = set()
    seen_activities: set[str] = set()
    for stage in stages:
        if stage.number:
            if stage.number in seen_stages:
                warnings.append(f"Номер этапа {stage.number} повторяется: проверьте нумерацию.")
            seen_stages.add(stage.number)
        stage_parts = number_parts(stage.number)
        for activity in stage.activities:
            if not activity.number:
                continue
            if activity.number in seen_activities:
                warnings.append(f"Номер мероприятия {activity.number} повторяется: проверьте нумерацию.")
            seen_activities.add(activity.number)
            parts = number_parts(activity.number)
            if stage_parts and parts and parts[0] != stage_parts[0]:
                warnings.append(
                    f"Мероприятие {activity.number} стоит в этапе {stage.number}: номер не совпадает с номером этапа."
                )


def _targets(lines: list[str], year: int | None, warnings: list[str]) -> list[Target]:
    targets: list[Target] = []
    for sentence in find_target_sentences(lines):
        by = resolve_target_date(sentence.text, year)
        if by is None:
            if year is None:
                warnings.append(
                    f"Не указан срок достижения показателя «{short(sentence.text, 70)}», "
                    "и учебный год неизвестен: показатель пропущен."
                )
                continue
            by = date(year + 1, 5, 31)
            warnings.append(
                f"Не указан срок достижения показателя «{short(sentence.text, 70)}»: принят конец учебного года."
            )
        for percent in sentence.percents:
            targets.append(Target(sentence.text, percent, by))
    return targets
