"""The Pairs at work endpoints for every role: who sees, who writes, what of feedback, 404/401 as the contract
says; errors in the contract's shape; tokens; pagination; no 500 on garbage."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from nastavnik.api.models import ApiToken
from nastavnik.api.tokens import create_token, digest
from nastavnik.mentoring.models import Feedback, Meeting
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db
ROLES = [
    "curator",
    "working_group",
    "director",
    "mentor",
    "other_mentor",
    "mentee",
    "parent",
    "partner",
    "stranger",
    "anonymous",
]
SEES_LIST = {"curator", "working_group", "director", "mentor", "mentee", "parent"}
MANAGES = {"curator", "working_group", "mentor"}


def post(client: Client, url: str, data: object) -> object:
    return client.post(url, json.dumps(data), content_type="application/json")


def _error_shape(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"} and isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.mark.parametrize("role", ROLES)
def test_pairings_list_and_detail_by_role(role, as_role, pair, organization):
    client = as_role(role)
    listed = client.get(f"/api/v1/organizations/{organization.slug}/pairings/")
    one = client.get(f"/api/v1/pairings/{pair['pairing'].pk}")
    if role == "anonymous":
        assert listed.status_code == one.status_code == 401
        _error_shape(listed)
        return
    if role in SEES_LIST:
        assert listed.status_code == 200
        assert [i["id"] for i in listed.json()["items"]] == [pair["pairing"].pk]
        assert one.status_code == 200
        body = one.json()
        assert {"meetings", "plan", "stage", "feedback_missing"} <= set(body)
        assert body["stage"] == "intro"
        scores = [f["usefulness"] for m in body["meetings"] for f in m["feedback"]]
        comments = [f["comment"] for m in body["meetings"] for f in m["feedback"]]
        if role == "parent":  # a parent never sees the child's scores or words
            assert scores == [None, None] and comments == ["", ""]
            assert body["feedback_average"] is None
        if role in {"working_group", "director"}:
            assert "Стесняется" not in comments  # a private comment goes to the curator only
        if role == "curator":
            assert "Стесняется" in comments
    elif role in {"other_mentor", "partner"}:
        assert listed.status_code == 200 and listed.json() == {"items": [], "count": 0}
        assert one.status_code == 404
    else:  # a stranger from another organization
        assert listed.status_code == 404 and one.status_code == 404
        _error_shape(one)


@pytest.mark.parametrize("role", ROLES)
def test_schedule_hold_cancel_by_role(role, as_role, pair):
    client = as_role(role)
    start = (timezone.now() + dt.timedelta(days=3)).isoformat()
    created = post(
        client, f"/api/v1/pairings/{pair['pairing'].pk}/meetings/", {"kind": "trial", "starts_at": start}
    )
    if role == "anonymous":
        assert created.status_code == 401
    elif role in MANAGES:
        assert created.status_code == 201, created.content
        meeting = created.json()
        assert meeting["kind"] == "trial" and meeting["status"] == "scheduled"
        held = post(client, f"/api/v1/meetings/{meeting['id']}/held", {"notes": ""})
        assert held.status_code == 400 and "не началась" in _error_shape(held)["detail"]
        cancelled = post(client, f"/api/v1/meetings/{meeting['id']}/cancel", {"reason": "болезнь"})
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    else:
        assert created.status_code == 404
        assert Meeting.objects.filter(pairing=pair["pairing"]).count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_feedback_by_role(role, as_role, pair):
    meeting = Meeting.objects.create(
        organization=pair["pairing"].organization,
        pairing=pair["pairing"],
        kind="trial",
        starts_at=timezone.now() - dt.timedelta(hours=2),
        status=Meeting.Status.HELD,
    )
    client = as_role(role)
    url = f"/api/v1/meetings/{meeting.pk}/feedback"
    given = post(client, url, {"usefulness": 8, "comfort": 9, "comment": "ок"})
    if role in {"mentor", "mentee"}:
        assert given.status_code == 201, given.content
        again = post(client, url, {"usefulness": 1, "comfort": 1})
        assert again.status_code == 409 and _error_shape(again)["detail"]
        assert Feedback.objects.filter(meeting=meeting).count() == 1
    else:
        assert given.status_code == (401 if role == "anonymous" else 404)
        assert not Feedback.objects.filter(meeting=meeting).exists()


def test_complete_before_final_is_400_then_after_final(pair):
    client = bearer(pair["mentor"])
    url = f"/api/v1/pairings/{pair['pairing'].pk}/complete"
    refused = post(client, url, {"summary": "Итоги"})
    assert refused.status_code == 400 and "итоговой встречи" in _error_shape(refused)["detail"]
    post(
        client,
        f"/api/v1/pairings/{pair['pairing'].pk}/meetings/",
        {
            "kind": "final",
            "starts_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
            "held": True,
        },
    )
    done = post(client, url, {"summary": "Итоги"})
    assert done.status_code == 200 and done.json()["status"] == "completed"


def test_end_is_for_curation_only(people, pair):
    url = f"/api/v1/pairings/{pair['pairing'].pk}/end"
    assert post(bearer(people["mentor"]), url, {"reason": "moved"}).status_code == 404
    ended = post(bearer(people["curator"]), url, {"reason": "moved"})
    assert ended.status_code == 200 and ended.json()["status"] == "ended_early"


def test_plan_goals_and_tasks(people, pair):
    mentor, mentee = bearer(people["mentor"]), bearer(people["mentee"])
    url = f"/api/v1/pairings/{pair['pairing'].pk}/plan/goals"
    goal = post(mentor, url, {"title": "Сдать ОГЭ"})
    assert goal.status_code == 201
    assert post(mentee, url, {"title": "Сам"}).status_code == 404  # the mentee reads only
    listed = mentee.get(url).json()
    assert listed["count"] >= 2 and "Сдать ОГЭ" in [g["title"] for g in listed["items"]]
    tasks = f"/api/v1/goals/{goal.json()['id']}/tasks"
    task = post(mentor, tasks, {"title": "Решить вариант", "due": "2026-09-01"})
    assert task.status_code == 201 and task.json()["status"] == "planned"
    assert mentee.get(tasks).json()["items"][0]["due"] == "2026-09-01"
    assert bearer(people["stranger"]).get(tasks).status_code == 404
    status_url = f"/api/v1/tasks/{task.json()['id']}"
    patch = {"data": json.dumps({"status": "done"}), "content_type": "application/json"}
    assert mentee.patch(status_url, **patch).status_code == 404
    changed = mentor.patch(status_url, **patch)
    assert changed.status_code == 200 and changed.json()["status"] == "done"


def test_pairing_by_hand_rules(people, organization):
    from tests.builders import make_matchable_mentee as make_mentee
    from tests.builders import make_matchable_mentor as make_mentor

    mentor = make_mentor(organization, capacity=1)
    mentee = make_mentee(organization)
    url = f"/api/v1/organizations/{organization.slug}/pairings/"
    body = {"mentor": mentor.pk, "mentees": [mentee.pk], "form": "teacher-teacher"}
    assert post(bearer(people["mentor"]), url, body).status_code == 404
    created = post(bearer(people["curator"]), url, body)
    assert created.status_code == 201 and created.json()["mentees"][0]["id"] == mentee.participant_id
    again = post(bearer(people["curator"]), url, body)  # the mentee already has a pair
    assert again.status_code == 400 and _error_shape(again)["errors"][0]["field"] == "mentees"


def test_tokens_hashed_revoked_and_command(people, capsys):
    user = people["mentee"]
    record, token = create_token(user, "скрипт")
    assert token not in {record.digest, record.prefix} and record.digest == digest(token)
    assert not ApiToken.objects.filter(digest=token).exists()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/me").status_code == 200
    record.refresh_from_db()
    assert record.last_used_at is not None
    record.revoked_at = timezone.now()
    record.save()
    assert client.get("/api/v1/me").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer nonsense").get("/api/v1/me").status_code == 401
    call_command("api_token", user.email, "--name", "cli")
    printed = capsys.readouterr().out.strip()
    assert (
        "\n" not in printed
        and Client(HTTP_AUTHORIZATION=f"Bearer {printed}").get("/api/v1/me").status_code == 200
    )


def test_tokens_page_shows_once_and_revokes(people, login):
    client = login(people["partner"])
    page = client.post("/accounts/api-keys/", {"name": "Сайт школы"})
    assert page.status_code == 200
    record = ApiToken.objects.get(user=people["partner"])
    shown = page.content.decode()
    token = shown.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert digest(token) == record.digest
    assert token not in client.get("/accounts/api-keys/").content.decode()
    assert client.post(f"/accounts/api-keys/{record.pk}/revoke").status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None
    other = login(people["mentee"])
    assert other.post(f"/accounts/api-keys/{record.pk}/revoke").status_code == 404


def test_session_reads_but_writes_need_csrf(people, pair):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["curator"], backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/api/v1/pairings/{pair['pairing'].pk}").status_code == 200
    refused = post(client, f"/api/v1/pairings/{pair['pairing'].pk}/end", {"reason": "moved"})
    assert refused.status_code == 401
    assert pair["pairing"].__class__.objects.get(pk=pair["pairing"].pk).status == "active"


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 200),
        ("?limit=1&offset=0", 200),
        ("?limit=500", 200),
        ("?limit=501", 422),
        ("?limit=0", 422),
        ("?offset=-1", 422),
        ("?limit=abc", 422),
        ("?offset=99999999999999999999999", 422),
    ],
)
def test_pagination_bounds(query, status, people, organization):
    response = bearer(people["curator"]).get(f"/api/v1/organizations/{organization.slug}/pairings/{query}")
    assert response.status_code == status
    if status == 422:
        body = _error_shape(response)
        assert body["errors"] and body["errors"][0]["field"] in {"limit", "offset"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/pairings/99999999999999999999999",
        "/api/v1/pairings/-1",
        "/api/v1/pairings/0",
        "/api/v1/goals/9223372036854775807/tasks",
        "/api/v1/organizations/%00/pairings/",
    ],
)
def test_garbage_paths_never_500(path, people):
    response = bearer(people["curator"]).get(path)
    assert response.status_code in {404, 422}
    _error_shape(response)


@pytest.mark.parametrize(
    "body",
    [
        '{"kind": "trial", "starts_at": "2026-01-01T10:00:00+03:00", "topic": "a\\u0000b"}',
        '{"kind": "trial", "starts_at": "not a date"}',
        '{"kind": 5}',
        "[]",
        "{",
        '"\\u0000"',
        '{"kind": "trial", "starts_at": "2026-01-01T10:00:00+03:00", "duration_minutes": 1e400}',
        '{"kind": "trial", "starts_at": "2026-01-01T10:00:00+03:00", "url": "javascript:alert(1)"}',
    ],
)
def test_garbage_bodies_never_500(body, people, pair):
    response = bearer(people["curator"]).post(
        f"/api/v1/pairings/{pair['pairing'].pk}/meetings/", body, content_type="application/json"
    )
    assert response.status_code in {400, 422}, response.content
    _error_shape(response)
    assert Meeting.objects.filter(pairing=pair["pairing"]).count() == 1


def test_throttled_is_429(people, settings):
    settings.API_THROTTLE_RATE = "2/min"
    client = bearer(people["mentee"])
    statuses = [client.get("/api/v1/me").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_pairings_list_queries_are_bounded(people, organization, django_assert_max_num_queries):
    from nastavnik.mentoring import services
    from tests.builders import make_matchable_mentee as make_mentee
    from tests.builders import make_matchable_mentor as make_mentor
    from tests.builders import teacher_form

    for _ in range(8):
        services.form_pairing(
            organization,
            make_mentor(organization),
            [make_mentee(organization)],
            acting_user=None,
            form=teacher_form(),
        )
    client = bearer(people["curator"])
    # token, its use, roles, the throttle's counter in the database cache (4), organization, the overview (9),
    # one page of full pairings (2)
    with django_assert_max_num_queries(20):
        response = client.get(f"/api/v1/organizations/{organization.slug}/pairings/")
    assert response.status_code == 200 and response.json()["count"] == 9


def test_meeting_notes_are_for_those_who_manage_the_work(as_role, pair):
    from nastavnik.mentoring.models import Meeting

    Meeting.objects.filter(pk=pair["intro"].pk).update(notes="Разобрали трудности Пети с дробями")
    url = f"/api/v1/pairings/{pair['pairing'].pk}"
    for role, sees in (("mentor", True), ("curator", True), ("mentee", False), ("parent", False)):
        meetings = as_role(role).get(url).json()["meetings"]
        notes = {m["notes"] for m in meetings}
        assert ("Разобрали трудности Пети с дробями" in notes) is sees, role
