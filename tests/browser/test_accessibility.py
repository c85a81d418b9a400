"""axe-core (npm, pinned in package.json) checks the main pages against WCAG 2 A/AA: zero violations.

Every page a role works with is visited on the demo data (tests/browser/accessibility.py runs axe).
"""

from __future__ import annotations

from django_scopes import scopes_disabled

from tests.browser.accessibility import violations
from tests.browser.conftest import log_in


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


def test_main_pages_have_no_wcag_violations(page, live_server, demo):
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
        page.context.clear_cookies()
        log_in(page, live_server, email)
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None and response.status in (200,), (
                email,
                url,
                response and response.status,
            )
            problems = violations(page)
            if problems:
                found[f"{email} {url}"] = problems
    assert found == {}
