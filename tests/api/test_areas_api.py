"""The endpoints of the existing areas — roadmap, activities, the bases, questionnaires, matching — for every
role: who gets 200/201, who 404 (never 403), what a stranger and a region's coordinator see (nothing, and
never a name); validation errors in the contract's shape; bounded queries on the lists."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from nastavnik.accounts.models import Role
from nastavnik.matching import services as matching
from nastavnik.mentoring.models import Order, Pairing
from nastavnik.participants.models import MenteeProfile, MentorProfile, Participant
from nastavnik.questionnaires.models import Invitation
from nastavnik.roadmaps.models import Activity
from nastavnik.roadmaps.services import import_roadmap
from tests.api.conftest import bearer
from tests.builders import (
    ALL_ROLES,
    give_consent,
    invite,
    make_coordinator,
    make_matchable_mentee,
    make_matchable_mentor,
    make_participant,
    make_pupil,
    make_user,
    minor_birth,
    simple_questionnaire,
    small_base,
)
from tests.roadmaps.roadmap_builders import assign, draft_dict, make_roadmap

pytestmark = pytest.mark.django_db
STAFF = {Role.DIRECTOR, Role.DEPUTY, Role.CURATOR, Role.WORKING_GROUP}
CURATION = {Role.CURATOR, Role.WORKING_GROUP}
#: Every caller: each role of the organization, a member of another one, a region's coordinator, nobody.
CALLERS = [*ALL_ROLES, "stranger", "coordinator", "anonymous"]
CHILD = "Смирнов"


@pytest.fixture
def callers(organization, stranger):
    users = {role: make_user(role, organization=organization) for role in ALL_ROLES}
    users["stranger"] = stranger
    users["coordinator"] = make_coordinator(organization.municipality.region)
    return users


@pytest.fixture
def as_caller(callers):
    return lambda who: Client() if who == "anonymous" else bearer(callers[who])


def post(client: Client, url: str, data: object) -> object:
    return client.post(url, json.dumps(data), content_type="application/json")


def patch(client: Client, url: str, data: object) -> object:
    return client.patch(url, json.dumps(data), content_type="application/json")


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"} and isinstance(body["detail"], str) and body["detail"]
    return body


def expect(who: str, allowed: set, ok: int = 200) -> int:
    if who == "anonymous":
        return 401
    return ok if who in allowed else 404


@pytest.fixture
def child(organization):
    """A minor mentee with a parent's consent: the name nobody but programme staff may read."""
    profile = make_matchable_mentee(
        organization, last_name=CHILD, first_name="Петя", birth_date=minor_birth(13), category="pupil"
    )
    return profile


# --- roadmap ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", CALLERS)
def test_roadmap_by_role(who, as_caller, organization):
    roadmap = make_roadmap(organization, activities=3, stages=2)
    response = as_caller(who).get(f"/api/v1/organizations/{organization.slug}/roadmap")
    assert response.status_code == expect(who, STAFF)
    if response.status_code != 200:
        error_of(response)
        return
    body = response.json()
    assert body["id"] == roadmap.pk and body["academic_year"] == roadmap.academic_year
    assert [len(s["activities"]) for s in body["stages"]] == [2, 1]
    first = body["stages"][0]["activities"][0]
    assert first["number"] == "1.1" and first["status"] == "planned" and first["responsible"] == ["Куратор"]
    assert set(first["deadline"]) == {"text", "start", "end", "recurrence", "ongoing"}
    assert first["deadline"]["text"] == "октябрь" and first["deadline"]["start"].endswith("-10-01")
    assert body["risks"] == [{"risk": "Низкая мотивация наставников", "mitigation": "Поощрение"}]
    ids = {a["id"] for s in body["stages"] for a in s["activities"]}
    assert ids == set(Activity.objects.filter(roadmap=roadmap).values_list("pk", flat=True))


def test_roadmap_shape_matches_the_readers_json(curator, organization):
    """The draft a roadmap was imported from comes back: the reader's keys, plus ids and statuses."""
    draft = draft_dict(4, 2)
    import_roadmap(organization, draft, acting_user=None)
    body = bearer(curator).get(f"/api/v1/organizations/{organization.slug}/roadmap").json()
    assert body["title"] == draft["title"] and body["academic_year"] == draft["academic_year"]
    for got, sent in zip(body["stages"], draft["stages"], strict=True):
        assert (got["number"], got["title"]) == (sent["number"], sent["title"])
        for a, b in zip(got["activities"], sent["activities"], strict=True):
            assert (a["number"], a["title"], a["responsible"], a["result"]) == (
                b["number"],
                b["title"],
                b["responsible"],
                b["result"],
            )
            assert {k: a["deadline"][k] for k in ("text", "start", "end", "recurrence", "ongoing")} == {
                k: b["deadline"][k] for k in ("text", "start", "end", "recurrence", "ongoing")
            }


def test_no_roadmap_is_404(curator, organization):
    response = bearer(curator).get(f"/api/v1/organizations/{organization.slug}/roadmap")
    assert response.status_code == 404
    error_of(response)


def test_roadmap_of_another_organization_is_404(curator, organization, other_organization):
    other = make_roadmap(other_organization)
    client = bearer(curator)
    assert client.get(f"/api/v1/organizations/{other_organization.slug}/roadmap").status_code == 404
    response = client.get(f"/api/v1/organizations/{organization.slug}/roadmap?roadmap={other.pk}")
    assert response.status_code == 404


def test_roadmap_queries_are_bounded(curator, organization, django_assert_max_num_queries):
    client = bearer(curator)
    url = f"/api/v1/organizations/{organization.slug}/roadmap"
    make_roadmap(organization, activities=3)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    Activity.objects.all().delete()
    make_roadmap(organization, activities=60, stages=6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert sum(len(s["activities"]) for s in response.json()["stages"]) == 60


# --- activity status ----------------------------------------------------------------------------------------
UPDATES = STAFF | {"responsible"}


@pytest.mark.parametrize("who", [*CALLERS, "responsible"])
def test_activity_status_by_role(who, as_caller, callers, organization):
    roadmap = make_roadmap(organization, activities=2)
    activity = Activity.objects.filter(roadmap=roadmap).order_by("position").first()
    if who == "responsible":
        callers["responsible"] = make_user(Role.MENTOR, organization=organization)
        assign(activity, callers["responsible"])
    response = patch(as_caller(who), f"/api/v1/activities/{activity.pk}", {"status": "in_progress"})
    assert response.status_code == expect(who, UPDATES)
    activity.refresh_from_db()
    if response.status_code == 200:
        assert response.json()["status"] == activity.status == "in_progress"
        assert activity.history.first().history_user == callers[who]
    else:
        assert activity.status == "planned"
        error_of(response)


def test_done_with_a_comment_records_the_date_and_note(curator, organization):
    activity = Activity.objects.filter(roadmap=make_roadmap(organization)).first()
    client = bearer(curator)
    response = patch(client, f"/api/v1/activities/{activity.pk}", {"status": "done", "comment": "Приказ № 5"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "done" and body["completed_on"] and body["note"] == "Приказ № 5"
    response = patch(client, f"/api/v1/activities/{activity.pk}", {"comment": "Размещено на сайте"})
    assert response.status_code == 200 and response.json()["note"] == "Приказ № 5\nРазмещено на сайте"
    activity.refresh_from_db()
    assert activity.status == "done" and activity.history.first().history_user == curator


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [
        ({}, 400, "status"),
        ({"status": "finished"}, 422, "status"),
        ({"status": "done", "completed_on": "2999-01-01"}, 400, "completed_on"),
        ({"status": "planned", "completed_on": "2020-01-01"}, 400, "completed_on"),
        ({"comment": "a\x00b"}, 422, "comment"),
        ({"comment": "я" * 2001}, 422, "comment"),
    ],
)
def test_activity_bad_input(data, status, field, curator, organization):
    activity = Activity.objects.filter(roadmap=make_roadmap(organization)).first()
    response = patch(bearer(curator), f"/api/v1/activities/{activity.pk}", data)
    assert response.status_code == status
    assert field in {e["field"] for e in error_of(response)["errors"]}
    activity.refresh_from_db()
    assert activity.status == "planned" and activity.note == ""


def test_activity_of_another_organization_is_404(curator, other_organization):
    activity = Activity.objects.filter(roadmap=make_roadmap(other_organization)).first()
    response = patch(bearer(curator), f"/api/v1/activities/{activity.pk}", {"status": "done"})
    assert response.status_code == 404
    activity.refresh_from_db()
    assert activity.status == "planned"


# --- the bases ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", CALLERS)
@pytest.mark.parametrize("kind", ["mentees", "mentors"])
def test_base_lists_by_role(who, kind, as_caller, organization, child):
    small_base(organization)
    response = as_caller(who).get(f"/api/v1/organizations/{organization.slug}/{kind}/")
    assert response.status_code == expect(who, STAFF)
    if response.status_code != 200:
        assert CHILD not in response.text
        error_of(response)
        return
    body = response.json()
    model = MenteeProfile if kind == "mentees" else MentorProfile
    assert body["count"] == model.objects.filter(organization=organization).count()
    assert {i["id"] for i in body["items"]} == set(
        model.objects.filter(organization=organization).values_list("pk", flat=True)
    )
    if kind == "mentees":
        row = next(i for i in body["items"] if i["id"] == child.pk)
        assert row["name"] == f"{CHILD} П.С." and row["minor"] and row["has_consent"]


@pytest.mark.parametrize("who", [Role.CURATOR, Role.WORKING_GROUP, Role.DIRECTOR])
def test_revoked_consent_is_listed_to_the_curator_only(who, as_caller, organization):
    person = make_participant(organization, mentee=True, name="Отозвалова Анна Петровна")
    give_consent(person, revoked=True)
    body = as_caller(who).get(f"/api/v1/organizations/{organization.slug}/mentees/").json()
    if who == Role.CURATOR:
        assert [(i["name"], i["consent_revoked"]) for i in body["items"]] == [("Отозвалова А.П.", True)]
    else:
        assert body == {"items": [], "count": 0}


def test_search_and_paging(curator, organization):
    for last in ("Ёлкина", "Елисеева", "Петрова"):
        make_participant(organization, mentee=True, last_name=last)
    client = bearer(curator)
    url = f"/api/v1/organizations/{organization.slug}/mentees/"
    found = client.get(url, {"q": "ЕЛ"}).json()
    assert found["count"] == 2 and {i["name"].split()[0] for i in found["items"]} == {"Ёлкина", "Елисеева"}
    page = client.get(url, {"limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and [i["name"].split()[0] for i in page["items"]] == ["Елисеева"]
    assert client.get(url, {"limit": 0}).status_code == 422
    assert client.get(url, {"limit": 501}).status_code == 422


@pytest.mark.parametrize("kind", ["mentees", "mentors"])
def test_base_list_queries_are_bounded(kind, curator, organization, django_assert_max_num_queries):
    client = bearer(curator)
    url = f"/api/v1/organizations/{organization.slug}/{kind}/"
    small_base(organization)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    for _n in range(30):
        make_matchable_mentee(organization, requests=["ИКТ", "ОГЭ"])
        make_matchable_mentor(organization, competences=["ИКТ"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200 and response.json()["count"] > 30


NEW_MENTEE = {
    "last_name": "Новикова",
    "first_name": "Алина",
    "patronymic": "Игоревна",
    "birth_date": "1999-05-04",
    "category": "young_specialist",
    "subject": "Химия",
    "experience_years": 1,
    "email": "novikova@example.org",
    "form": "teacher-teacher",
    "requests": ["Дисциплина на уроке", "Работа с родителями"],
}


@pytest.mark.parametrize("who", CALLERS)
def test_add_mentee_by_role(who, as_caller, callers, organization):
    response = post(as_caller(who), f"/api/v1/organizations/{organization.slug}/mentees/", NEW_MENTEE)
    assert response.status_code == expect(who, CURATION, 201)
    created = MenteeProfile.objects.filter(organization=organization, participant__last_name="Новикова")
    if response.status_code != 201:
        assert not created.exists()
        return
    body = response.json()
    profile = created.get()
    assert body["id"] == profile.pk and body["name"] == "Новикова А.И." and body["form"] == "teacher-teacher"
    assert sorted(body["requests"]) == ["Дисциплина на уроке", "Работа с родителями"]
    assert body["has_consent"] is False and body["minor"] is False
    assert profile.participant.history.first().history_user == callers[who]


def test_add_mentor(curator, organization):
    data = {
        "last_name": "Орлов",
        "first_name": "Пётр",
        "category": "teacher",
        "capacity": 3,
        "forms": ["teacher-teacher"],
        "competences": ["Применение ИКТ"],
    }
    response = post(bearer(curator), f"/api/v1/organizations/{organization.slug}/mentors/", data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["capacity"], body["forms"], body["competences"]) == (
        3,
        ["teacher-teacher"],
        ["Применение ИКТ"],
    )
    assert body["status"] == "potential"
    assert MentorProfile.objects.get(pk=body["id"]).participant.organization == organization


def test_a_person_already_in_the_base_is_a_conflict(curator, organization):
    make_participant(
        organization, name="Новикова Алина Игоревна", birth_date=dt.date(1999, 5, 4), mentor=True
    )
    client = bearer(curator)
    data = {**NEW_MENTEE, "last_name": "НОВИКОВА"}
    response = post(client, f"/api/v1/organizations/{organization.slug}/mentees/", data)
    assert response.status_code == 409
    assert "уже есть в базе" in error_of(response)["detail"]
    assert Participant.objects.filter(organization=organization).count() == 1


def test_the_same_name_with_another_birth_date_is_another_person(curator, organization):
    make_participant(organization, last_name="Новикова", first_name="Алина", patronymic="Игоревна")
    response = post(bearer(curator), f"/api/v1/organizations/{organization.slug}/mentees/", NEW_MENTEE)
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"last_name": "R2D2"}, 400, "last_name"),
        ({"birth_date": "2999-01-01"}, 400, "birth_date"),
        ({"birth_date": "01.02.2000"}, 422, "birth_date"),
        ({"phone": "позвоните"}, 400, "phone"),
        ({"email": "не почта"}, 400, "email"),
        ({"category": "king"}, 422, "category"),
        ({"form": "no-such-form"}, 400, "form"),
        ({"last_name": ""}, 400, "last_name"),
        ({"experience_years": 71}, 422, "experience_years"),
        ({"requests": ["x\x00"]}, 422, "requests.0"),
    ],
)
def test_add_mentee_bad_input(change, status, field, curator, organization):
    response = post(
        bearer(curator), f"/api/v1/organizations/{organization.slug}/mentees/", {**NEW_MENTEE, **change}
    )
    assert response.status_code == status, response.content
    assert field in {e["field"] for e in error_of(response)["errors"]}
    assert not Participant.objects.filter(organization=organization).exists()


def test_a_pupil_without_birth_date_is_a_minor_without_consent(curator, organization):
    data = {"last_name": "Котов", "first_name": "Миша", "category": "pupil", "group": "5А"}
    response = post(bearer(curator), f"/api/v1/organizations/{organization.slug}/mentees/", data)
    assert response.status_code == 201
    assert response.json()["minor"] is True and response.json()["has_consent"] is False


# --- questionnaires -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", CALLERS)
def test_questionnaires_by_role(who, as_caller, organization, other_organization):
    questionnaire = simple_questionnaire(organization, ("short_text", {}))
    people = [make_pupil(organization) for _ in range(3)]
    invitations = [invite(questionnaire, p) for p in people]
    Invitation.objects.filter(pk=invitations[0].pk).update(submitted_at="2026-10-01T10:00:00+03:00")
    Invitation.objects.filter(pk=invitations[1].pk).update(revoked_at="2026-10-01T10:00:00+03:00")
    simple_questionnaire(other_organization, ("short_text", {}))
    response = as_caller(who).get(f"/api/v1/organizations/{organization.slug}/questionnaires/")
    assert response.status_code == expect(who, STAFF)
    if response.status_code == 200:
        body = response.json()
        assert body["count"] == 1
        assert [(i["id"], i["invitations"], i["submitted"]) for i in body["items"]] == [
            (questionnaire.pk, 2, 1)
        ]


def test_questionnaire_list_queries_are_bounded(curator, organization, django_assert_max_num_queries):
    client = bearer(curator)
    url = f"/api/v1/organizations/{organization.slug}/questionnaires/"
    simple_questionnaire(organization, ("short_text", {}))
    with django_assert_max_num_queries(15) as small:
        assert client.get(url).status_code == 200
    people = [make_pupil(organization) for _ in range(5)]
    for _ in range(10):
        q = simple_questionnaire(organization, ("short_text", {}))
        for p in people:
            invite(q, p)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200 and response.json()["count"] == 11
    assert {i["invitations"] for i in response.json()["items"]} == {0, 5}


# --- matching -----------------------------------------------------------------------------------------------
RUNS = {Role.CURATOR}
APPROVES = {Role.CURATOR, Role.DIRECTOR, Role.DEPUTY}


@pytest.mark.parametrize("who", CALLERS)
def test_matching_run_by_role(who, as_caller, organization):
    base = small_base(organization)
    response = post(
        as_caller(who), f"/api/v1/organizations/{organization.slug}/matching/runs", {"mode": "optimal"}
    )
    assert response.status_code == expect(who, RUNS, 201)
    if response.status_code != 201:
        assert "Тарасова" not in response.text
        return
    body = response.json()
    mentees = {m.pk: m for m in base["mentees"]}
    mentors = {m.pk: m for m in base["mentors"]}
    pairs = {(p["mentee"]["id"], p["mentor"]["id"]) for p in body["pairs"]}
    m0, m1, m2 = base["mentees"]
    a, b = base["mentors"]
    assert pairs == {(m0.pk, a.pk), (m1.pk, b.pk), (m2.pk, a.pk)}
    for p in body["pairs"]:
        assert p["mentee"]["name"] == mentees[p["mentee"]["id"]].participant.short_name
        assert p["mentor"]["name"] == mentors[p["mentor"]["id"]].participant.short_name
        assert p["reasons"] and p["score"] > 0
    assert body["total_score"] == pytest.approx(sum(p["score"] for p in body["pairs"]), abs=1e-6)
    assert body["blocking_pairs"] >= 0 and body["unmatched"] == [] and body["approved"] is False


def test_stable_run_for_a_form(curator, organization):
    base = small_base(organization)
    response = post(
        bearer(curator),
        f"/api/v1/organizations/{organization.slug}/matching/runs",
        {"mode": "stable", "form": base["form"].code},
    )
    assert response.status_code == 201
    assert response.json()["mode"] == "stable" and response.json()["form"] == base["form"].code
    assert response.json()["blocking_pairs"] == 0


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [({"mode": "best"}, 422, "mode"), ({"form": "nope"}, 400, "form"), ({"form": 5}, 422, "form")],
)
def test_matching_run_bad_input(data, status, field, curator, organization):
    response = post(bearer(curator), f"/api/v1/organizations/{organization.slug}/matching/runs", data)
    assert response.status_code == status
    assert field in {e["field"] for e in error_of(response)["errors"]}


def test_unmatched_mentees_are_listed_with_the_reason(curator, organization, child):
    small_base(organization)
    body = post(bearer(curator), f"/api/v1/organizations/{organization.slug}/matching/runs", {}).json()
    names = [u["mentee"]["name"] for u in body["unmatched"]]
    assert len(body["unmatched"]) + len(body["pairs"]) == MenteeProfile.objects.count()
    assert all(u["reason"] for u in body["unmatched"]) and all(names)


def _run(organization, curator):
    small_base(organization)
    return matching.run_matching(organization, "optimal", acting_user=curator)


@pytest.mark.parametrize("who", CALLERS)
def test_approve_by_role(who, as_caller, callers, organization, curator):
    run = _run(organization, curator)
    response = post(as_caller(who), f"/api/v1/matching/runs/{run.pk}/approve", {"order_number": "12-од"})
    assert response.status_code == expect(who, APPROVES)
    run.refresh_from_db()
    if response.status_code != 200:
        assert not run.is_approved and not Pairing.objects.exists() and not Order.objects.exists()
        error_of(response)
        return
    body = response.json()
    order = Order.objects.get()
    assert body["order"] == order.pk == run.order_id and body["order_number"] == "12-од"
    assert body["pairings"] == sorted(Pairing.objects.filter(order=order).values_list("pk", flat=True))
    assert len(body["pairings"]) == 2 and run.approved_by == callers[who]


def test_approving_twice_is_a_conflict(curator, organization):
    run = _run(organization, curator)
    client = bearer(curator)
    assert post(client, f"/api/v1/matching/runs/{run.pk}/approve", {"order_number": "1"}).status_code == 200
    again = post(client, f"/api/v1/matching/runs/{run.pk}/approve", {"order_number": "2"})
    assert again.status_code == 409 and "уже утверждён" in error_of(again)["detail"]
    assert Order.objects.count() == 1


def test_a_stale_run_is_a_conflict(curator, organization):
    run = _run(organization, curator)
    client = bearer(curator)
    mentee = MenteeProfile.objects.get(pk=run.result["pairs"][0]["mentee"])
    consent = mentee.participant.consents.get()
    consent.revoked_at = "2026-10-01T10:00:00+03:00"
    consent.save()
    response = post(client, f"/api/v1/matching/runs/{run.pk}/approve", {"order_number": "1"})
    assert response.status_code == 409 and "Базы изменились" in error_of(response)["detail"]
    assert not Pairing.objects.exists()


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [
        ({}, 422, "order_number"),
        ({"order_number": "1", "form": "nope"}, 400, "form"),
        ({"order_number": "1", "role_model": 999999}, 400, "role_model"),
        ({"order_number": "1", "order_date": "вчера"}, 422, "order_date"),
    ],
)
def test_approve_bad_input(data, status, field, curator, organization):
    run = _run(organization, curator)
    response = post(bearer(curator), f"/api/v1/matching/runs/{run.pk}/approve", data)
    assert response.status_code == status
    assert field in {e["field"] for e in error_of(response)["errors"]}
    assert not Pairing.objects.exists()


def test_a_run_of_another_organization_is_404(curator, organization, other_organization):
    run = _run(other_organization, None)
    response = post(bearer(curator), f"/api/v1/matching/runs/{run.pk}/approve", {"order_number": "1"})
    assert response.status_code == 404
    assert not Pairing.objects.exists()
