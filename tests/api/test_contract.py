"""Contract test with a client nobody here wrote: schemathesis generates requests (valid and invalid) from the
live OpenAPI schema and sends them in-process for a curator's token and a mentee's. No answer is a 500, every
answer matches the schema (status, content type, body), and nothing of another organization ever appears."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from nastavnik.accounts.models import Role
from nastavnik.mentoring import services
from tests.api.conftest import bearer
from tests.builders import link_user, make_user, teacher_form
from tests.builders import make_matchable_mentee as make_mentee
from tests.builders import make_matchable_mentor as make_mentor

pytestmark = pytest.mark.django_db
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
#: Few examples per operation and mode: the point is breadth over every operation, on a 2-core machine.
EXAMPLES = 6
FOREIGN = "Чужакова"


@contextmanager
def wsgi_app() -> Iterator[Any]:
    """Django's WSGI application, sharing the test's database connection: like django.test.Client, keep the
    request signals from closing it after each request (it holds the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def foreign_pairing(other_organization):
    mentor = make_mentor(other_organization, last_name=FOREIGN)
    mentee = make_mentee(other_organization, last_name=FOREIGN)
    return services.form_pairing(other_organization, mentor, [mentee], acting_user=None, form=teacher_form())


@pytest.mark.parametrize("role", ["curator", "mentee"])
def test_schema_contract(role, people, pair, foreign_pairing, client):
    token_client = bearer(people[role])
    token = token_client.defaults["HTTP_AUTHORIZATION"]
    raw = client.get("/api/v1/openapi.json")
    assert raw.status_code == 200
    schema = schemathesis.openapi.from_dict(raw.json())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 16
    paths = {operation.path for operation in operations}
    assert {  # monitoring (issue 11): generated for both roles like every other operation
        "/api/v1/organizations/{slug}/contingent/{academic_year}",
        "/api/v1/organizations/{slug}/indicators",
        "/api/v1/organizations/{slug}/monitoring/{academic_year}",
    } <= paths, paths
    seen: list[int] = []
    with wsgi_app() as app:
        _run(operations, app, token, seen)
    assert 500 not in seen and any(200 <= s < 300 for s in seen)


def _run(operations: list[Any], app: Any, token: str, seen: list[int]) -> None:
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case) -> None:
                response = case.call_and_validate(app=app, headers={"Authorization": token}, checks=CHECKS)
                seen.append(response.status_code)
                assert FOREIGN not in response.text

            check()


def test_foreign_pairing_is_404_for_both(people, foreign_pairing):
    for role in ("curator", "mentee"):
        response = bearer(people[role]).get(f"/api/v1/pairings/{foreign_pairing.pk}")
        assert response.status_code == 404


_ = (Role, make_user, link_user)
