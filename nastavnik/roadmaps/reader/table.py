"""Format-independent reading of the roadmap table.

Each format reader (text, DOCX, XLSX, PDF) turns its file into a
``SourceDocument`` (``source``).  This module, with ``columns`` (header rows)
and ``rows`` (numbers, row values, builders), then

1. finds the header row and maps columns to roles by fuzzy Russian keywords
   (``classify_header``), whatever their order and wording;
2. walks the rows and tells stages from activities by numbering and layout
   (``TableInterpreter``), joins rows split across pages, turns a stage's
   bullet list into activities, and collects the risks table.

Deadlines and responsible people are kept as raw text here; they are parsed
once the academic year of the whole document is known (see ``assemble``).
"""

from __future__ import annotations

from .columns import (
    MITIGATION,
    NUMBER,
    RISK,
    STAGE,
    TITLE,
    ColumnMap,
    distinct,
    is_column_index_row,
    map_main_header,
    map_risk_header,
)
from .normalize import clean_text, join_continuation, normalize_key
from .rows import (
    IMPLICIT_STAGE_TITLE,
    ActivityBuilder,
    Fields,
    RiskRow,
    RowValues,
    StageBuilder,
    continues_title,
    has_bullets,
    looks_like_stage_heading,
    normalize_number,
    number_level,
    number_parts,
    prefix_heading,
    row_values,
    split_leading_number,
    stage_explanation,
    starts_new_activity,
    understood,
)
from .source import Cell


class TableInterpreter:
    """Walks the rows below the header and builds stages, activities and risks.

    The rules, in the order they are applied to a row:

    * empty rows, the «1 | 2 | 3 | 4 | 5» column-index row and repeated header
      rows are skipped; a risks header switches to reading risks;
    * a number «1», «1.», «I», «Этап 1» (level 1) is a stage when the table also
      has «1.1»-style numbers, when the row has nothing but a title, when the
      row is merged across the table or when its title cell is a bullet list
      (split into activities); otherwise (a flat «1, 2, 3» list) it is an
      activity.  Exception: a level-1 row with its own deadline/people right
      under an *unnumbered* stage heading is an activity of that stage;
    * «1.1», «2.3» are activities of the current stage, whatever their prefix
      (a mismatch is a warning); «6.1.1» under a «6.1» row that has no
      deadline, responsible or result makes «6.1» a heading whose title
      prefixes its sub-items;
    * one cell across the whole table («№» included) is a stage heading;
    * a row without a number continues the previous row (a row split across a
      page break; a «№» cell merged down means the same): under a stage
      heading it continues the title when it starts in lower case, otherwise
      it is the stage's description («Задача: …»), unless it has its own
      deadline/responsible, then it is an activity; a short «… этап» /
      «Раздел 2» / «II. …» line is a new stage; so is a stage heading with
      its explanation in the next column and nobody named
      (``stage_explanation``); a row that has its own readable deadline and
      people, starts with a capital and follows a complete activity starts a
      new activity (``starts_new_activity``);
    * in the risks table a numbering column is skipped, and a row without a
      number whose risk goes on in lower case (or that has only a mitigation)
      continues the risk above; inside the plan's own table the plan resumes
      after the risks at its header, a stage row (merged, or the next stage
      number) or a numbered row with people and a readable deadline;
    * when most rows have no number at all, unnumbered rows are activities and
      only lower-case fragments are continuations;
    * with a separate «Наименование этапа» column next to «Мероприятия», every
      row is a stage (a stage cell merged down adds rows to the same stage) and
      the activity cell is split into activities sharing the row's deadline,
      people and result;
    * activities before any stage go into an implicit stage «Мероприятия»
      (number ``None``, ``implicit=True``).
    """

    def __init__(self, cmap: ColumnMap, rows: list[list[Cell]], plan_rows: int | None = None) -> None:
        self.cmap = cmap
        self.rows = rows
        # Rows of the plan table itself; the rest were appended from separate risks tables.
        self.plan_rows = len(rows) if plan_rows is None else plan_rows
        self.stage_layout = cmap.has(STAGE) and cmap.has(TITLE)
        if cmap.has(STAGE) and not cmap.has(TITLE):
            cmap.roles[TITLE] = cmap.roles.pop(STAGE)
        self.stages: list[StageBuilder] = []
        self.risks: list[RiskRow] = []
        self.trailing_lines: list[str] = []
        self.warnings: list[str] = []
        self._last: ActivityBuilder | StageBuilder | None = None
        self._risk_map: ColumnMap | None = None
        self._prepared = [(row, row_values(row, cmap)) for row in rows]
        numbered = 0
        content = 0
        self.has_subnumbers = False
        for row, values in self._prepared:
            if values.is_empty() or is_column_index_row(row):
                continue
            number, _ = self._number_and_title(values)
            content += 1
            if number:
                numbered += 1
                if number_level(number) >= 2:
                    self.has_subnumbers = True
        self.numbering_used = content > 0 and numbered * 2 >= content

    # -- helpers -----------------------------------------------------------

    def _number_and_title(self, values: RowValues) -> tuple[str | None, str]:
        title_source = values.stage if self.stage_layout else values.title
        if values.number:
            number = normalize_number(values.number)
            if number:
                return number, title_source
            lead, rest = split_leading_number(values.number)
            if lead:
                return lead, join_continuation(rest, title_source) if title_source else rest
            return None, join_continuation(values.number, title_source) if title_source else values.number
        if title_source and "number" not in values.continued:
            lead, rest = split_leading_number(title_source)
            if lead:
                return lead, rest
        return None, title_source

    def _current_stage(self) -> StageBuilder:
        if not self.stages:
            self.stages.append(StageBuilder(None, Fields(title=IMPLICIT_STAGE_TITLE), implicit=True))
        return self.stages[-1]

    def _new_stage(self, number: str | None, values: RowValues, title: str) -> StageBuilder:
        fields = Fields.of(values, title=title)
        stage = StageBuilder(number, fields)
        if self.stage_layout:
            stage.fields.title = title
            group = Fields.of(values)
            stage.fields.description = ""
            if group.title or group.has_details():
                stage.groups.append(group)
        self.stages.append(stage)
        self._last = stage
        return stage

    def _add_activity(self, number: str | None, values: RowValues, title: str) -> None:
        stage = self._current_stage()
        fields = Fields.of(values, title=title)
        parts = number_parts(number)
        if len(parts) >= 3:
            parent = ".".join(str(p) for p in parts[:-1])
            last = stage.activities[-1] if stage.activities else None
            if last is not None and last.number == parent and not last.fields.has_details():
                stage.activities.pop()
                stage.heading = (parent, last.fields.title)
            if stage.heading and stage.heading[0] == parent:
                fields.title = prefix_heading(stage.heading[1], fields.title)
        elif stage.heading:
            stage.heading = None
        activity = ActivityBuilder(number, fields)
        stage.activities.append(activity)
        self._last = activity

    def _continue_last(self, values: RowValues, title: str) -> None:
        """Append a continuation row; vertically merged cells repeat what is already there and are skipped."""
        fields = Fields.of(values, title=title)
        skip = values.continued
        last = self._last
        if isinstance(last, ActivityBuilder):
            last.fields.extend(fields, skip=skip)
            return
        if isinstance(last, StageBuilder):
            if self.stage_layout:
                if STAGE not in skip:
                    last.fields.title = join_continuation(last.fields.title, values.stage)
                group = Fields.of(values)
                if last.groups:
                    last.groups[-1].extend(group, skip=skip)
                else:
                    last.groups.append(group)
                return
            last.fields.extend(fields, skip=skip)
            return
        self._add_activity(None, values, title)

    # -- main loop ---------------------------------------------------------

    def run(self) -> None:
        rows = self._prepared
        index = 0
        while index < len(rows):
            row, values = rows[index]
            index += 1
            if self._risk_map is not None and index <= self.plan_rows and self._plan_resumes(row, values):
                self._risk_map = None  # the plan goes on below the risks inside the same table
                if map_main_header(row) is not None:
                    continue
            if self._risk_map is not None:
                if self.trailing_lines or (self.risks and not distinct(row)):
                    # Free text after the risks table (a blank row ends it in a spreadsheet).
                    text = " ".join(clean_text(c.text) for c in distinct(row) if not c.continued)
                    self.trailing_lines.append(text)
                    continue
                self._risk_row(row)
                continue
            risk_map = map_risk_header(row)
            if risk_map is not None:
                self._risk_map = risk_map
                continue
            if values.is_empty() or is_column_index_row(row):
                continue
            if self._is_repeated_header(row):
                continue
            if values.solo is not None and index < len(rows) and map_risk_header(rows[index][0]) is not None:
                continue  # a «Риски реализации программы» caption above the risks table
            if self.stage_layout:
                self._stage_layout_row(values)
            else:
                self._title_layout_row(values)

    def _plan_resumes(self, row: list[Cell], values: RowValues) -> bool:
        """A row inside the risks part that is the plan again: its header, a stage row, or a dated activity."""
        if map_main_header(row) is not None or self._is_repeated_header(row):
            return True
        number, title = self._number_and_title(values)
        solo = values.solo
        if solo is not None and solo.span >= max(2, self.cmap.width - 1):
            return bool(number) or looks_like_stage_heading(title)
        if number and not values.has_details() and self.stages:
            # «2. | Контроль реализации программы»: the next stage number after the last stage.
            last = number_parts(self.stages[-1].number)
            return bool(last) and number_parts(number) == [last[0] + 1]
        return bool(number and values.responsible and values.deadline and understood(values.deadline))

    def _is_repeated_header(self, row: list[Cell]) -> bool:
        cells = distinct(row)
        if len(cells) != len(self.cmap.header_texts) or cells[0].text.strip()[:1].isdigit():
            return False
        return tuple(normalize_key(c.text) for c in cells) == self.cmap.header_texts

    def _risk_row(self, row: list[Cell]) -> None:
        assert self._risk_map is not None
        if is_column_index_row(row):
            return
        values = {NUMBER: "", RISK: "", MITIGATION: ""}
        for cell in distinct(row):
            role = self._risk_map.role_at(cell.col)
            if role in values and not cell.continued:
                values[role] = join_continuation(values[role], clean_text(cell.text))
        if self._risk_map.has(NUMBER) and values[NUMBER] and not values[RISK] and not values[MITIGATION]:
            return
        # A row without its number whose risk goes on in lower case is the rest of the risk above
        # (a row split by a page break); so is a row with only a mitigation.
        continues = (
            bool(self.risks) and not values[NUMBER] and (not values[RISK] or values[RISK][:1].islower())
        )
        if continues:
            last = self.risks[-1]
            last.risk = join_continuation(last.risk, values[RISK])
            last.mitigation = join_continuation(last.mitigation, values[MITIGATION])
        elif values[RISK]:
            self.risks.append(RiskRow(values[RISK], values[MITIGATION]))

    def _title_layout_row(self, values: RowValues) -> None:
        number, title = self._number_and_title(values)
        if NUMBER in values.continued and self._last is not None:
            # «№» merged down over this row: the numbered item goes on (the document gave both rows
            # one number), whatever the other cells hold.
            self._continue_last(values, "" if TITLE in values.continued else title)
            return
        solo = values.solo
        merged = solo is not None and solo.span >= max(2, self.cmap.width - 1)
        explanation = None if number else stage_explanation(values, title)
        if explanation is not None:
            # «Подготовительный этап | Создание условий для запуска программы»: a stage and what it is for.
            self._new_stage(None, RowValues(description=explanation), title)
            return
        if number:
            level = number_level(number)
            if level == 1:
                bullets = has_bullets(title)
                current = self.stages[-1] if self.stages else None
                # «1», «2» with their own deadline/people right under an unnumbered stage heading are
                # that stage's activities (the exporter numbers them so), even if «1.1» exists elsewhere.
                under_unnumbered = current is not None and current.number is None and not current.implicit
                as_stage = (self.has_subnumbers and not (under_unnumbered and values.has_details())) or (
                    not self.has_subnumbers and not values.has_details()
                )
                if as_stage or merged or bullets:
                    self._new_stage(number, values, title or f"Этап {number}")
                    return
            self._add_activity(number, values, title)
            return
        heading_like = solo is not None and looks_like_stage_heading(title)
        # One cell across the whole table, «№» included: the exporter's (and Word users') stage row.
        full_width = solo is not None and solo.col == 0 and solo.span >= self.cmap.width >= 2
        last = self._last
        if full_width and title and not title[:1].islower():
            self._new_stage(None, values, title)
            return
        if isinstance(last, StageBuilder) and last.is_empty() and not heading_like:
            if values.has_details():
                self._add_activity(None, values, title)
            elif continues_title(last.fields.title, title):
                last.fields.title = join_continuation(last.fields.title, title)
            else:
                last.fields.description = (last.fields.description + "\n" + title).strip()
            return
        if heading_like or (merged and self.cmap.width >= 3 and not title[:1].islower()):
            lead, rest = split_leading_number(title)
            self._new_stage(lead, values, rest if lead else title)
            return
        if (
            isinstance(last, ActivityBuilder)
            and (self.numbering_used or not title or title[:1].islower())
            and not starts_new_activity(values, title, last.fields)
        ):
            self._continue_last(values, title)
            return
        if last is None and self.numbering_used and not title:
            return
        self._add_activity(None, values, title)

    def _stage_layout_row(self, values: RowValues) -> None:
        number, stage_title = self._number_and_title(values)
        stage_continued = STAGE in values.continued or NUMBER in values.continued
        if stage_continued and self.stages:
            group = Fields.of(values)
            if group.title or group.has_details():
                self.stages[-1].groups.append(group)
                self._last = self.stages[-1]
            return
        if number or (stage_title and not (self.numbering_used and stage_title[:1].islower())):
            if not number and not stage_title[:1].isupper() and isinstance(self._last, StageBuilder):
                self._continue_last(values, stage_title)
                return
            self._new_stage(number, values, stage_title or (f"Этап {number}" if number else ""))
            return
        if isinstance(self._last, StageBuilder) and (self.numbering_used or stage_title):
            self._continue_last(values, stage_title)
            return
        stage = self._current_stage()
        group = Fields.of(values)
        if group.title or group.has_details():
            stage.groups.append(group)
        self._last = stage
