"""Contract test with a client nobody here wrote: schemathesis generates requests (valid and invalid) from the
live OpenAPI schema and sends them in-process for a curator's token and a mentee's. No answer is a 500, every
answer matches the schema (status, content type, body), and nothing of another organization ever appears.

The other organization holds something in every area (a pairing, a roadmap, both bases, a questionnaire, a
matching run), each carrying the name FOREIGN. Positive cases are addressed to the caller's organization and
its objects (random slugs and ids would only meet 404), so the reads answer with real data; the curator's
reads of every area must answer 2xx at least once, a mentee's reads of programme staff's never."""

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
from nastavnik.matching import services as matching_services
from nastavnik.mentoring import services
from nastavnik.questionnaires.models import Questionnaire
from nastavnik.roadmaps.models import Activity
from nastavnik.roadmaps.services import import_roadmap
from tests.api.conftest import bearer
from tests.builders import link_user, make_user, simple_questionnaire, small_base, teacher_form
from tests.builders import make_matchable_mentee as make_mentee
from tests.builders import make_matchable_mentor as make_mentor
from tests.roadmaps.roadmap_builders import draft_dict, make_roadmap

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


@pytest.fixture
def foreign_world(other_organization, foreign_pairing):
    """Everything of another organization the new endpoints could leak, each carrying the recognisable name:
    a roadmap (title, activity, responsible, risk), people in both bases, a questionnaire, a matching run."""
    draft = draft_dict(3, 1, responsible=[f"{FOREIGN} Е. В."])
    draft["title"] = f"Дорожная карта {FOREIGN}"
    draft["stages"][0]["activities"][0]["title"] = f"Совещание у {FOREIGN}"
    draft["risks"] = [{"risk": f"Риск {FOREIGN}", "mitigation": FOREIGN}]
    roadmap = import_roadmap(other_organization, draft, acting_user=None)
    make_mentee(other_organization, last_name=FOREIGN, first_name="Ира")
    make_mentor(other_organization, last_name=FOREIGN, first_name="Олег")
    questionnaire = simple_questionnaire(other_organization, ("short_text", {}))
    Questionnaire.objects.filter(pk=questionnaire.pk).update(title=f"Анкета {FOREIGN}")
    run = matching_services.run_matching(other_organization, "optimal", acting_user=None)
    return {"roadmap": roadmap, "questionnaire": questionnaire, "run": run, "pairing": foreign_pairing}


@pytest.fixture
def own_world(organization, pair, curator):
    """The caller's organization has something behind every endpoint: a roadmap, the bases, a questionnaire,
    a matching run. Positive cases address these (the organization's slug, these ids): random slugs and ids
    would only ever meet 404."""
    roadmap = make_roadmap(organization, activities=4)
    simple_questionnaire(organization, ("short_text", {}))
    small_base(organization)
    run = matching_services.run_matching(organization, "optimal", acting_user=curator)
    pairing = pair["pairing"]
    goal = services.add_goal(
        services.ensure_plans(pairing, acting_user=None)[0], acting_user=None, title="Цель", description=""
    )
    return {
        "slug": organization.slug,
        # the first segment after /api/v1/ of a path with {pk} → an id of the caller's organization
        "activities": Activity.objects.filter(roadmap=roadmap).first().pk,
        "matching": run.pk,
        "meetings": pair["intro"].pk,
        "pairings": pairing.pk,
        "goals": goal.pk,
    }


@pytest.mark.parametrize("role", ["curator", "mentee"])
def test_schema_contract(role, people, pair, own_world, foreign_world, client):
    token_client = bearer(people[role])
    token = token_client.defaults["HTTP_AUTHORIZATION"]
    raw = client.get("/api/v1/openapi.json")
    assert raw.status_code == 200
    schema = schemathesis.openapi.from_dict(raw.json())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 23
    paths = {operation.path for operation in operations}
    assert {  # monitoring (issue 11): generated for both roles like every other operation
        "/api/v1/organizations/{slug}/contingent/{academic_year}",
        "/api/v1/organizations/{slug}/indicators",
        "/api/v1/organizations/{slug}/monitoring/{academic_year}",
    } <= paths, paths
    seen: dict[str, list[int]] = {}
    with wsgi_app() as app:
        _run(operations, app, token, seen, own_world)
    statuses = [s for answers in seen.values() for s in answers]
    assert 500 not in statuses
    ok = {path for path, answers in seen.items() if any(200 <= s < 300 for s in answers)}
    staff_reads = {
        f"GET /api/v1/organizations/{{slug}}/{p}"
        for p in ("roadmap", "mentees/", "mentors/", "questionnaires/")
    }
    if role == "curator":  # every read of the areas answered with data at least once
        assert staff_reads | {"POST /api/v1/organizations/{slug}/matching/runs"} <= ok
    else:  # programme staff's reads are 404 for a mentee; their own pairing is there
        assert not staff_reads & ok and "GET /api/v1/pairings/{pk}" in ok


def _address(case: Any, known: dict[str, Any]) -> None:
    """Point a positive case at the caller's organization and objects."""
    params = case.path_parameters or {}
    if "slug" in params:
        params["slug"] = known["slug"]
    segment = case.operation.path.split("/")[3]
    if "pk" in params and segment in known:
        params["pk"] = known[segment]


def _run(
    operations: list[Any], app: Any, token: str, seen: dict[str, list[int]], known: dict[str, Any]
) -> None:
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
                if mode == GenerationMode.POSITIVE:  # noqa: B023 - check() runs at once, in this iteration
                    _address(case, known)
                response = case.call_and_validate(app=app, headers={"Authorization": token}, checks=CHECKS)
                seen.setdefault(f"{case.method.upper()} {case.operation.path}", []).append(
                    response.status_code
                )
                assert FOREIGN not in response.text

            check()


def test_foreign_pairing_is_404_for_both(people, foreign_pairing):
    for role in ("curator", "mentee"):
        response = bearer(people[role]).get(f"/api/v1/pairings/{foreign_pairing.pk}")
        assert response.status_code == 404


def test_foreign_objects_of_the_areas_are_404_for_both(people, other_organization, foreign_world):
    activity = Activity.objects.filter(roadmap=foreign_world["roadmap"]).first()
    slug = other_organization.slug
    for role in ("curator", "mentee"):
        client = bearer(people[role])
        answers = [
            client.get(f"/api/v1/organizations/{slug}/{path}")
            for path in ("roadmap", "mentees/", "mentors/", "questionnaires/")
        ]
        answers.append(
            client.patch(
                f"/api/v1/activities/{activity.pk}", '{"status": "done"}', content_type="application/json"
            )
        )
        answers.append(
            client.post(
                f"/api/v1/matching/runs/{foreign_world['run'].pk}/approve",
                '{"order_number": "1"}',
                content_type="application/json",
            )
        )
        answers.append(
            client.post(f"/api/v1/organizations/{slug}/matching/runs", "{}", content_type="application/json")
        )
        assert [a.status_code for a in answers] == [404] * len(answers)
        assert not any(FOREIGN in a.text for a in answers)
    activity.refresh_from_db()
    assert (
        activity.status == "planned"
        and not foreign_world["run"].__class__.objects.get(pk=foreign_world["run"].pk).is_approved
    )


_ = (Role, make_user, link_user)
