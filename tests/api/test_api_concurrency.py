"""Two API clients doing the same thing at the same moment (STYLE.md rule 18): one succeeds, the other gets
the conflict the contract names (409), nothing is written twice and nothing answers 500. Through the live
server, each request in its own thread and database connection, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from django_scopes import scopes_disabled

from nastavnik.accounts.models import Role
from nastavnik.api.tokens import create_token
from nastavnik.matching import services as matching
from nastavnik.mentoring.models import Order, Pairing
from nastavnik.participants.models import Participant
from tests.builders import make_organization, make_user, small_base
from tests.core.test_concurrency import _at_once

pytestmark = pytest.mark.usefixtures("reference_data")


def _post(url: str, token: str, data: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(data).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as answer:
        return answer.code, json.loads(answer.read() or b"{}")


@pytest.fixture
def school(live_server):
    with scopes_disabled():
        organization = make_organization()
        curator = make_user(Role.CURATOR, organization=organization)
        _record, token = create_token(curator, "test")
    return live_server.url, organization, curator, token


def test_the_same_person_added_twice_at_once_is_created_once(school):
    base, organization, _curator, token = school
    url = f"{base}/api/v1/organizations/{organization.slug}/mentees/"
    person = {
        "last_name": "Новикова",
        "first_name": "Алина",
        "birth_date": "1999-05-04",
        "category": "teacher",
    }
    answers = _at_once(lambda: _post(url, token, person), lambda: _post(url, token, person))
    assert sorted(status for status, _body in answers) == [201, 409], answers
    assert "уже есть в базе" in next(body["detail"] for status, body in answers if status == 409)
    with scopes_disabled():
        assert Participant.objects.filter(organization=organization).count() == 1


def test_a_run_approved_twice_at_once_makes_one_order(school):
    base, organization, curator, token = school
    with scopes_disabled():
        small_base(organization)
        run = matching.run_matching(organization, "optimal", acting_user=curator)
    url = f"{base}/api/v1/matching/runs/{run.pk}/approve"
    answers = _at_once(
        lambda: _post(url, token, {"order_number": "1-од"}),
        lambda: _post(url, token, {"order_number": "2-од"}),
    )
    assert sorted(status for status, _body in answers) == [200, 409], answers
    with scopes_disabled():
        assert Order.objects.filter(organization=organization).count() == 1
        assert Pairing.objects.filter(organization=organization).count() == 2
