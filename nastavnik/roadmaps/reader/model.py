"""Plain dataclasses for a roadmap read from a school's document.

The draft is what the reader hands to the rest of the application: it is not
yet saved anywhere, it carries the warnings a person should look at before
importing it, and it serializes to a fixed JSON shape (``RoadmapDraft.to_dict``)
that the import preview and the API rely on.  Extra information that is useful
but not part of that contract (approval order, stage descriptions, where the
academic year came from) is only emitted with ``include_extra=True`` so that the
default shape never changes under the callers' feet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nastavnik.roadmaps.deadlines import Deadline


class RoadmapReadError(ValueError):
    """The file cannot be read as a roadmap; ``message`` is Russian and meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _deadline_dict(deadline: Deadline | None) -> dict[str, Any] | None:
    return deadline.to_dict() if deadline is not None else None


@dataclass
class Activity:
    """One line of the plan: something to do, by when, and by whom."""

    title: str
    number: str | None = None
    description: str | None = None
    deadline: Deadline | None = None
    responsible: list[str] = field(default_factory=list)
    result: str | None = None

    def to_dict(self, include_extra: bool = False) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "description": self.description,
            "deadline": _deadline_dict(self.deadline),
            "responsible": list(self.responsible),
            "result": self.result,
        }


@dataclass
class Stage:
    """A group of activities (этап / раздел).

    ``description``, ``responsible`` and ``result`` are what the document says
    about the stage as a whole (e.g. the «Задача: … Результат: …» row under a
    stage heading); they are extras because the import contract has no place
    for them yet.
    """

    title: str
    number: str | None = None
    deadline: Deadline | None = None
    activities: list[Activity] = field(default_factory=list)
    description: str | None = None
    responsible: list[str] = field(default_factory=list)
    result: str | None = None
    implicit: bool = False

    def to_dict(self, include_extra: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "number": self.number,
            "title": self.title,
            "deadline": _deadline_dict(self.deadline),
            "activities": [a.to_dict(include_extra) for a in self.activities],
        }
        if include_extra:
            data["description"] = self.description
            data["responsible"] = list(self.responsible)
            data["result"] = self.result
            data["implicit"] = self.implicit
        return data


@dataclass
class Target:
    """A numeric goal stated in the document, e.g. «не менее 70% обучающихся … к концу 2024 года»."""

    text: str
    percent: float
    by: date

    def to_dict(self) -> dict[str, Any]:
        percent: float | int = int(self.percent) if float(self.percent).is_integer() else self.percent
        return {"text": self.text, "percent": percent, "by": self.by.isoformat()}


@dataclass
class Risk:
    """A row of the risks table: the risk and what the school will do about it."""

    risk: str
    mitigation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"risk": self.risk, "mitigation": self.mitigation}


@dataclass
class Approval:
    """The «УТВЕРЖДАЮ … Приказ № … от …» block: who approved the plan and by which order."""

    order_number: str | None = None
    order_date: date | None = None
    approved_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "order_number": self.order_number,
            "order_date": self.order_date.isoformat() if self.order_date else None,
            "approved_by": self.approved_by,
        }


@dataclass
class RoadmapDraft:
    """Everything read from one roadmap document, ready for preview and import."""

    title: str
    organization: str | None = None
    academic_year: int | None = None
    targets: list[Target] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Extras (only in ``to_dict(include_extra=True)``).
    approval: Approval | None = None
    goals: list[str] = field(default_factory=list)
    organization_names: list[str] = field(default_factory=list)
    academic_year_source: str | None = None  # "argument", "document", "inferred" or None
    source_format: str | None = None  # "docx", "xlsx", "text", "html"

    @property
    def activities(self) -> list[Activity]:
        """All activities in document order, for callers that do not care about stages."""
        return [activity for stage in self.stages for activity in stage.activities]

    def to_dict(self, include_extra: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title,
            "organization": self.organization,
            "academic_year": self.academic_year,
            "targets": [t.to_dict() for t in self.targets],
            "stages": [s.to_dict(include_extra) for s in self.stages],
            "risks": [r.to_dict() for r in self.risks],
            "warnings": list(self.warnings),
        }
        if include_extra:
            data["approval"] = self.approval.to_dict() if self.approval else None
            data["goals"] = list(self.goals)
            data["organization_names"] = list(self.organization_names)
            data["academic_year_source"] = self.academic_year_source
            data["source_format"] = self.source_format
        return data
