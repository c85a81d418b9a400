"""/healthz: one query, no login, no personal data; 503 when the database is down, the task backlog's age."""

import datetime as dt
import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from tests.builders import ALL_ROLES, make_user


def _task(*, enqueued_minutes_ago: float, run_after: dt.datetime | None = None, status: str = "READY"):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="nastavnik.roadmaps.tasks.send_deadline_reminders",
        backend_name="default",
        run_after=run_after or get_date_max(),
        status=status,
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - dt.timedelta(minutes=enqueued_minutes_ago)
    )
    return task


def _get(client, path="/healthz", **extra):
    response = client.get(path, **extra)
    return response, json.loads(response.content)


@pytest.mark.django_db
def test_healthy_answer_is_one_query_without_login(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response, body = _get(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body == {
        "status": "ok",
        "database": "ok",
        "tasks": {"oldest_ready_task_seconds": None, "limit_seconds": 600, "ok": True},
    }


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_backlog(client, django_assert_num_queries):
    for minutes in range(50):
        _task(enqueued_minutes_ago=minutes)
    with django_assert_num_queries(1):
        response, body = _get(client)
    assert response.status_code == 200
    assert 49 * 60 - 5 <= body["tasks"]["oldest_ready_task_seconds"] <= 49 * 60 + 5


@pytest.mark.django_db
def test_backlog_age_counts_only_tasks_that_may_run_now(client):
    now = timezone.now()
    _task(enqueued_minutes_ago=120, status="SUCCESSFUL")  # done long ago
    _task(enqueued_minutes_ago=90, run_after=now + dt.timedelta(hours=1))  # not due yet
    _task(enqueued_minutes_ago=60, run_after=now - dt.timedelta(minutes=3))  # due for three minutes
    _task(enqueued_minutes_ago=2)  # no run_after: waiting since it was enqueued
    response, body = _get(client)
    assert response.status_code == 200
    assert 3 * 60 - 5 <= body["tasks"]["oldest_ready_task_seconds"] <= 3 * 60 + 5
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_a_late_backlog_is_reported_and_fails_only_the_strict_probe(client, settings):
    settings.HEALTHZ_TASK_BACKLOG_LIMIT_SECONDS = 300
    _task(enqueued_minutes_ago=20)
    response, body = _get(client)
    assert response.status_code == 200  # the load balancer keeps the web backend
    assert body["status"] == "late"
    assert body["tasks"]["ok"] is False
    strict, strict_body = _get(client, "/healthz?strict=1")
    assert strict.status_code == 503  # monitoring sees the stopped worker
    assert strict_body["status"] == "late"


@pytest.mark.django_db
def test_unreachable_database_answers_503(client):
    with mock.patch.object(DBTaskResult.objects, "ready", side_effect=OperationalError("connection refused")):
        response, body = _get(client)
    assert response.status_code == 503
    assert body == {"status": "fail", "database": "unreachable"}


@pytest.mark.django_db
def test_probe_by_address_over_plain_http_is_answered(client, settings):
    """The load balancer probes a backend by its address over HTTP: neither the host check nor the HTTPS
    redirect applies to /healthz, and both still apply to every page."""
    settings.ALLOWED_HOSTS = ["nastavnik.example.ru"]
    settings.SECURE_SSL_REDIRECT = True
    response, _body = _get(client, HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    head = client.head("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert head.status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    assert client.get("/", HTTP_HOST="nastavnik.example.ru").status_code == 301


@pytest.mark.django_db
def test_answer_is_the_same_for_every_role_and_names_nobody(client, organization):
    _task(enqueued_minutes_ago=1)
    _response, anonymous = _get(client)
    for role in ALL_ROLES:
        user = make_user(role, organization=organization)
        client.force_login(user)
        response, body = _get(client)
        assert response.status_code == 200
        assert body["status"] == anonymous["status"] and set(body) == set(anonymous), role
        text = response.content.decode()
        assert user.email not in text and organization.short_name not in text
        client.logout()


@pytest.mark.django_db
def test_other_methods_fall_through_to_the_site(client):
    assert client.post("/healthz").status_code in (403, 404, 405)


@pytest.mark.django_db
def test_the_strict_probe_counts_tasks_stuck_running_without_failing(
    client, settings, django_assert_num_queries
):
    settings.TASKS_STUCK_AFTER_MINUTES = 60
    for minutes in (90, 61, 30):  # two left by a gone worker (recover_tasks), one still legitimately running
        task = _task(enqueued_minutes_ago=minutes + 1)
        task.claim("worker-1")
        DBTaskResult.objects.filter(pk=task.pk).update(
            started_at=timezone.now() - dt.timedelta(minutes=minutes)
        )
    with django_assert_num_queries(2):
        strict, body = _get(client, "/healthz?strict=1")
    assert strict.status_code == 200 and body["status"] == "ok"
    assert body["tasks"]["stuck_running_tasks"] == 2 and body["tasks"]["stuck_after_minutes"] == 60
    _response, plain = _get(client)  # the load balancer's probe: one query, the same answer as before
    assert "stuck_running_tasks" not in plain["tasks"]
