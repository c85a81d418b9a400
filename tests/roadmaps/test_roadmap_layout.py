"""The roadmaps app keeps its shape: the read side never imports the write side, and modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import nastavnik.roadmaps

APP = Path(nastavnik.roadmaps.__file__).parent
#: The read side and what it may be built on; none of it may reach the services (the write side).
READ_SIDE = ["queries.py", "models.py", "deadlines", "people.py", "timeline.py", "export.py"]


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            names.add(module)
            names.update(
                f"{module}.{alias.name}" if node.module else f"{module}{alias.name}" for alias in node.names
            )
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _files(name: str) -> list[Path]:
    path = APP / name
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def test_the_read_side_never_imports_the_services():
    for name in READ_SIDE:
        for path in _files(name):
            services = {n for n in _imported(path) if "services" in n.split(".")}
            assert not services, (path.relative_to(APP), services)


def test_the_check_sees_a_services_import():
    """The walk above would find it: the views import the services."""
    assert any("services" in n.split(".") for n in _imported(APP / "views" / "plan.py"))


def test_no_module_over_600_lines_but_data_and_migrations():
    """The reader package, a pure library of its own, is split by the reader's own work and left out here."""
    long = {
        str(path.relative_to(APP)): lines
        for path in APP.rglob("*.py")
        if not {"migrations", "reader"} & set(path.parts)
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert not long
