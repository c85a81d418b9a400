"""Roadmap templates per kind of organization, built from the shipped data for a chosen school year.

The data (`data/roadmap_templates.json`) follows the methodology's seven stages of the programme cycle;
it is reference data that a region may edit, not code. A built template has the same shape as the
reader's `RoadmapDraft.to_dict(include_extra=True)`, so creating a roadmap from a template and importing
one from a file go through the same service. Pure Python (no Django).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from .deadlines import parse_deadline

DATA_FILE = Path(__file__).with_name("data") / "roadmap_templates.json"
DEFAULT_KIND = "school"


@cache
def load_templates() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def template_kinds() -> list[tuple[str, str]]:
    """(kind, label) of every shipped template, in file order."""
    return [(kind, data["label"]) for kind, data in load_templates()["kinds"].items()]


def template_kind_for(organization_kind: str) -> str:
    """The template that fits an organization kind; other kinds start from the school's."""
    return organization_kind if organization_kind in load_templates()["kinds"] else DEFAULT_KIND


def role_label(role: str, kind: str) -> str:
    labels = load_templates()["roles"][role]["label"]
    return labels.get(kind, labels["default"])


def role_bindings(kind: str) -> dict[str, str]:
    """Responsible labels of the template that name one membership role (label → role)."""
    roles = load_templates()["roles"]
    return {role_label(key, kind): spec["bind"] for key, spec in roles.items() if spec.get("bind")}


def _applies(item: dict[str, Any], kind: str) -> bool:
    return ("only" not in item or kind in item["only"]) and kind not in item.get("except", ())


def build_template(kind: str, academic_year: int, title: str | None = None) -> dict[str, Any]:
    """A draft roadmap for `kind` with deadlines resolved in the school year `academic_year`/+1."""
    data = load_templates()
    if kind not in data["kinds"]:
        raise KeyError(kind)
    vocab = data["kinds"][kind]["vocab"]

    def text(value: str) -> str:
        return value.format_map(vocab)

    stages = []
    for stage in data["stages"]:
        activities: list[dict[str, Any]] = []
        for item in (a for a in stage["activities"] if _applies(a, kind)):
            activities.append(
                {
                    "number": f"{stage['number']}.{len(activities) + 1}",
                    "title": text(item["title"]),
                    "description": None,
                    "deadline": parse_deadline(item["deadline"], academic_year).to_dict(),
                    "responsible": [role_label(r, kind) for r in item["responsible"]],
                    "result": text(item.get("result", "")) or None,
                    "document": text(item.get("document", "")),
                }
            )
        stages.append(
            {
                "number": stage["number"],
                "title": text(stage["title"]),
                "deadline": parse_deadline(stage["deadline"], academic_year).to_dict(),
                "description": text(stage.get("task", "")),
                "result": text(stage.get("result", "")),
                "activities": activities,
            }
        )
    year_label = f"{academic_year}/{(academic_year + 1) % 100:02d}"
    return {
        "title": title or f"Дорожная карта реализации программы наставничества на {year_label} учебный год",
        "organization": None,
        "academic_year": academic_year,
        "targets": [],
        "stages": stages,
        "risks": [{"risk": r["risk"], "mitigation": r.get("mitigation")} for r in data.get("risks", [])],
        "warnings": [],
        "approval": None,
        "goals": [],
    }
