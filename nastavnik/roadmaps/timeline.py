"""Where an activity's bar sits on the school-year timeline (September → August as 12 columns).

Pure Python: the template places bars with the CSS classes `tl-from-N` / `tl-to-N` (grid lines 2–14;
line 1 is the label column), so no inline styles are needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MONTHS = 12
FIRST_LINE = 2  # grid line where September starts


@dataclass(frozen=True)
class Bar:
    start_line: int  # 2..13
    end_line: int  # 3..14
    clipped: bool  # part of the deadline lies outside this school year
    whole_year: bool  # no dates: ongoing or unknown, drawn across the year


def month_index(day: date, academic_year: int) -> int:
    """0 for September of `academic_year`, 11 for August of the next year; may be outside 0..11."""
    return (day.year - academic_year) * 12 + day.month - 9


def bar_for(start: date | None, end: date | None, academic_year: int) -> Bar | None:
    """The bar of a deadline, or None when it lies wholly outside the school year."""
    if start is None and end is None:
        return Bar(FIRST_LINE, FIRST_LINE + MONTHS, False, True)
    first = month_index(start or end, academic_year)  # type: ignore[arg-type]
    last = month_index(end or start, academic_year)  # type: ignore[arg-type]
    if last < 0 or first >= MONTHS:
        return None
    clipped = first < 0 or last >= MONTHS
    first, last = max(first, 0), min(last, MONTHS - 1)
    return Bar(FIRST_LINE + first, FIRST_LINE + last + 1, clipped, False)
