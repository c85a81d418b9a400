"""The apps depend downward only (docs/architecture.md draws the graph).

Reads the imports of every module under nastavnik/ (ast, no execution) and builds the graph of apps: an app
imports another when any of its modules does, at module level or inside a function. The only cycle allowed is
accounts ↔ organizations (Membership ties a user to an organization, and an organization's pages ask for the
user's roles). Migrations are history, not dependencies, and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nastavnik

ROOT = Path(nastavnik.__file__).parent
ALLOWED_CYCLE = {"accounts", "organizations"}


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "nastavnik" and (ROOT / parts[1]).is_dir():
        return parts[1]
    return None


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "migrations" in rel.parts or len(rel.parts) < 2:
            continue
        module = ".".join(("nastavnik", *rel.with_suffix("").parts))
        out.append((module.removesuffix(".__init__"), path))
    return out


def _imports(module: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def app_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in _modules():
        app = _app_of(module)
        if app is None:
            continue
        edges = graph.setdefault(app, set())
        for target in _imports(module, path):
            other = _app_of(target)
            if other and other != app:
                edges.add(other)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Pairs of apps that reach each other (through any path)."""

    def reach(start: str) -> set[str]:
        seen, stack = set(), [start]
        while stack:
            for nxt in graph.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    reachable = {app: reach(app) for app in graph}
    return sorted(
        {tuple(sorted((a, b))) for a in graph for b in reachable[a] if a != b and a in reachable.get(b, ())}
    )


def test_the_app_graph_has_no_cycle_but_accounts_and_organizations():
    cycles = [pair for pair in _cycles(app_graph()) if set(pair) != ALLOWED_CYCLE]
    assert cycles == []


def test_the_reader_finds_real_edges():
    # The test above could pass on an empty graph: prove the reader sees the imports that must be there.
    graph = app_graph()
    assert "participants" in graph["matching"]
    assert "methodology" in graph["participants"]
    assert {"accounts", "organizations"} <= graph["core"] | graph["accounts"]


def test_no_app_probes_a_sibling_at_run_time():
    offenders = []
    for module, path in _modules():
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "get_model":
                offenders.append(f"{module}: apps.get_model")
            probe = isinstance(node, ast.ExceptHandler) and isinstance(node.type, ast.Name)
            if probe and node.type.id in {"ImportError", "ModuleNotFoundError"}:
                offenders.append(f"{module}: except {node.type.id}")
    assert offenders == []
