"""axe-core (npm, pinned in package.json) checks the main pages against WCAG 2 A/AA: zero violations.

The script is injected by Playwright into a context that bypasses the Content-Security-Policy (the pages allow
no inline script; the check is the test's, not the page's). Every page a role works with is visited on the
demo data, on a desktop and on a phone viewport.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from tests.browser.conftest import log_in

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe_page(browser):
    if not AXE.exists():
        pytest.fail(f"axe-core is missing: {AXE} (npm ci installs it; make test runs it)")
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(json.dumps(n["target"]) for n in v["nodes"][:3])
        for v in result
    ]


def _urls(slug: str, pairing_id: int, meeting_id: int) -> dict[str, list[str]]:
    org = f"/o/{slug}"
    return {
        "curator@demo.nastavnik.ru": [
            "/",
            f"{org}/",
            f"{org}/roadmap/",
            f"{org}/tasks/",
            f"{org}/mentees/",
            f"{org}/mentors/",
            f"{org}/questionnaires/",
            f"{org}/matching/",
            f"{org}/matching/thesaurus/",
            f"{org}/pairings/",
            f"{org}/pairings/new/",
            f"{org}/pairings/{pairing_id}/",
            f"{org}/pairings/{pairing_id}/meetings/new/",
            f"{org}/pairings/{pairing_id}/end/",
        ],
        "mentor@demo.nastavnik.ru": [f"{org}/my-pairing/", f"{org}/pairings/{pairing_id}/"],
        "mentee@demo.nastavnik.ru": [f"{org}/my-pairing/", f"{org}/meetings/{meeting_id}/feedback/"],
        "parent@demo.nastavnik.ru": [f"{org}/my-pairing/"],
        "region@demo.nastavnik.ru": ["/region/stavropol-krai/", "/region/stavropol-krai/matching/thesaurus/"],
    }


def test_main_pages_have_no_wcag_violations(axe_page, live_server, demo):
    from nastavnik.mentoring.models import Meeting, Pairing

    with scopes_disabled():
        pairing = Pairing.objects.get(mentor__participant__user__email="mentor@demo.nastavnik.ru")
        meeting = Meeting.objects.filter(pairing=pairing, status=Meeting.Status.HELD).order_by("pk").first()
        slug = pairing.organization.slug
    # The mentee's feedback page needs a meeting they have not rated yet.
    with scopes_disabled():
        pending = (
            Meeting.objects.filter(pairing=pairing, status=Meeting.Status.HELD)
            .exclude(feedback__participant__user__email="mentee@demo.nastavnik.ru")
            .first()
            or meeting
        )
    found: dict[str, list[str]] = {}
    for email, urls in _urls(slug, pairing.pk, pending.pk).items():
        axe_page.context.clear_cookies()
        log_in(axe_page, live_server, email)
        for url in urls:
            response = axe_page.goto(f"{live_server.url}{url}")
            assert response is not None and response.status in (200,), (
                email,
                url,
                response and response.status,
            )
            problems = violations(axe_page)
            if problems:
                found[f"{email} {url}"] = problems
    assert found == {}
