"""The understood meaning of a deadline phrase, and which school year a date belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

RECURRENCES = ("weekly", "monthly", "quarterly", "half-yearly", "yearly")
"""Allowed values of :attr:`Deadline.recurrence` besides ``None``, from the most frequent."""


@dataclass(frozen=True)
class Deadline:
    """The understood meaning of one deadline phrase; ``text`` is always the phrase as given."""

    text: str
    start: date | None
    end: date | None
    recurrence: str | None
    ongoing: bool
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, the one the management command prints and the reader stores."""
        return {
            "text": self.text,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "recurrence": self.recurrence,
            "ongoing": self.ongoing,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Deadline:
        """Inverse of :meth:`to_dict`, so stored deadlines need not be parsed again."""
        start, end = d.get("start"), d.get("end")
        return cls(
            text=d.get("text", ""),
            start=date.fromisoformat(start) if start else None,
            end=date.fromisoformat(end) if end else None,
            recurrence=d.get("recurrence"),
            ongoing=bool(d.get("ongoing", False)),
            warnings=tuple(d.get("warnings") or ()),
        )


def academic_year_of(d: date) -> int:
    """The school year a date belongs to (September–December → that year, January–August → the previous).

    The reader uses it to infer the academic year of a roadmap from the dates it contains.
    """
    return d.year if d.month >= 9 else d.year - 1
