"""axe-core from the npm registry (pinned in package.json; `make test` runs `npm ci`) on the page as shown.

The script is evaluated through Playwright, which the page's Content-Security-Policy does not govern (a
`<script>` tag injected into the page would be refused, as any inline script must be).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    """WCAG 2 / 2.1 A and AA violations on the page, one line each with up to three of the offending nodes."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing: {AXE} (npm ci installs it; make test runs it)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations", TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(json.dumps(n["target"]) for n in v["nodes"][:3])
        for v in result
    ]


def assert_accessible(page) -> None:
    found = violations(page)
    assert found == [], "\n".join(found)
