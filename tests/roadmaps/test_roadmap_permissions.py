"""Who sees and changes what: every role on every roadmap page; strangers get 404, anonymous users log in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.roadmaps import queries, services
from nastavnik.roadmaps.models import Activity, DraftImport, Roadmap
from tests.builders import ALL_ROLES, make_user
from tests.roadmaps.roadmap_builders import assign, make_roadmap

STAFF = {Role.DIRECTOR, Role.DEPUTY, Role.CURATOR, Role.WORKING_GROUP}
CHANGERS = {Role.DIRECTOR, Role.DEPUTY, Role.CURATOR}
EVERYONE = set(ALL_ROLES)


@pytest.fixture
def world(organization, curator):
    roadmap = make_roadmap(organization, activities=2, stages=1)
    activity = Activity.objects.order_by("position").first()
    evidence = services.add_evidence(
        activity, acting_user=None, file=SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof")
    )
    pending = DraftImport.objects.create(organization=organization, created_by=curator, data={"stages": []})
    return {"roadmap": roadmap, "activity": activity, "evidence": evidence, "draft": pending}


def pages(organization, world):
    """(name, url, who may open it) for every GET page of the app."""
    slug, a = organization.slug, world["activity"].pk
    return [
        ("roadmap", reverse("roadmaps:roadmap", args=[slug]), STAFF),
        ("timeline", reverse("roadmaps:roadmap", args=[slug]) + "?view=timeline", STAFF),
        ("my_tasks", reverse("roadmaps:my_tasks", args=[slug]), EVERYONE),
        ("create", reverse("roadmaps:create", args=[slug]), CHANGERS),
        ("import", reverse("roadmaps:import", args=[slug]), CHANGERS),
        ("responsible", reverse("roadmaps:responsible", args=[slug]), CHANGERS),
        ("export", reverse("roadmaps:export", args=[slug, world["roadmap"].pk, "xlsx"]), STAFF),
        ("activity", reverse("roadmaps:activity", args=[slug, a]), STAFF),
        ("edit", reverse("roadmaps:activity_edit", args=[slug, a]), CHANGERS),
        ("evidence", reverse("roadmaps:evidence", args=[slug, world["evidence"].pk]), STAFF),
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_page_for_every_role(role, login, organization, world):
    client = login(make_user(role, organization=organization))
    for name, url, allowed in pages(organization, world):
        expected = 200 if role in allowed else 404
        assert client.get(url).status_code == expected, (name, role)


@pytest.mark.parametrize("role", sorted(EVERYONE - STAFF))
def test_a_responsible_person_opens_and_updates_their_activity(role, login, organization, world):
    user = make_user(role, organization=organization)
    activity = world["activity"]
    assign(activity, user)
    client = login(user)
    slug = organization.slug
    assert client.get(reverse("roadmaps:activity", args=[slug, activity.pk])).status_code == 200
    assert client.get(reverse("roadmaps:evidence", args=[slug, world["evidence"].pk])).status_code == 200
    response = client.post(
        reverse("roadmaps:activity_status", args=[slug, activity.pk]), {"status": "in_progress"}
    )
    assert response.status_code == 302
    other = Activity.objects.exclude(pk=activity.pk).get()
    assert client.get(reverse("roadmaps:activity", args=[slug, other.pk])).status_code == 404
    assert (
        client.post(
            reverse("roadmaps:activity_status", args=[slug, other.pk]), {"status": "done"}
        ).status_code
        == 404
    )
    assert client.get(reverse("roadmaps:activity_edit", args=[slug, activity.pk])).status_code == 404
    activity.refresh_from_db()
    other.refresh_from_db()
    assert (activity.status, other.status) == ("in_progress", "planned")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_post_updates(role, login, organization, world):
    client = login(make_user(role, organization=organization))
    activity = world["activity"]
    slug = organization.slug
    allowed = role in STAFF
    posts = [
        (reverse("roadmaps:activity_status", args=[slug, activity.pk]), {"status": "in_progress"}),
        (reverse("roadmaps:activity_evidence", args=[slug, activity.pk]), {"url": "https://example.org/a"}),
        (reverse("roadmaps:activity_done", args=[slug, activity.pk]), {"url": "https://example.org/b"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == (302 if allowed else 404), (url, role)
    activity.refresh_from_db()
    assert (activity.status == "done") is allowed


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_post_changes_to_the_plan(role, login, organization, world):
    client = login(make_user(role, organization=organization))
    slug = organization.slug
    allowed = role in CHANGERS
    expected = 302 if allowed else 404
    activity = world["activity"]
    response = client.post(
        reverse("roadmaps:activity_edit", args=[slug, activity.pk]),
        {"title": "Новое", "responsible": "Куратор"},
    )
    assert response.status_code == expected
    response = client.post(reverse("roadmaps:responsible", args=[slug]), {"label": "Куратор", "user": ""})
    assert response.status_code == expected
    response = client.post(
        reverse("roadmaps:create", args=[slug]),
        {"title": "П", "academic_year": queries.current_academic_year(), "kind": "school"},
    )
    assert response.status_code == expected


def test_stranger_gets_404_everywhere(login, organization, world, stranger):
    client = login(stranger)
    for name, url, _ in pages(organization, world):
        assert client.get(url).status_code == 404, name
    slug, a = organization.slug, world["activity"].pk
    for url in (
        reverse("roadmaps:activity_status", args=[slug, a]),
        reverse("roadmaps:activity_done", args=[slug, a]),
        reverse("roadmaps:activity_evidence", args=[slug, a]),
        reverse("roadmaps:import_preview", args=[slug, world["draft"].pk]),
        reverse("roadmaps:import_cancel", args=[slug, world["draft"].pk]),
    ):
        assert client.post(url, {"status": "done", "url": "https://example.org"}).status_code == 404, url
    assert DraftImport.objects.exists()


def test_a_curator_of_another_organization_cannot_reach_objects_through_their_own_slug(
    login, organization, other_organization, world, stranger
):
    """Ids of organization A under the slug of B are 404 for B's curator."""
    client = login(stranger)
    slug = other_organization.slug
    assert client.get(reverse("roadmaps:activity", args=[slug, world["activity"].pk])).status_code == 404
    assert client.get(reverse("roadmaps:evidence", args=[slug, world["evidence"].pk])).status_code == 404
    assert client.get(reverse("roadmaps:export", args=[slug, world["roadmap"].pk, "docx"])).status_code == 404
    assert (
        client.post(
            reverse("roadmaps:activity_status", args=[slug, world["activity"].pk]), {"status": "done"}
        ).status_code
        == 404
    )


def test_anonymous_is_sent_to_log_in(client, organization, world):
    for name, url, _ in pages(organization, world):
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name
    slug, a = organization.slug, world["activity"].pk
    response = client.post(reverse("roadmaps:activity_status", args=[slug, a]), {"status": "done"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_unknown_ids_are_404_not_500(login, curator, organization):
    client = login(curator)
    slug = organization.slug
    for url in (
        reverse("roadmaps:activity", args=[slug, 999999]),
        reverse("roadmaps:evidence", args=[slug, 999999]),
        reverse("roadmaps:export", args=[slug, 999999, "docx"]),
        reverse("roadmaps:import_preview", args=[slug, 999999]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_delete_a_roadmap(role, login, organization, world):
    client = login(make_user(role, organization=organization))
    roadmap = world["roadmap"]
    response = client.post(reverse("roadmaps:delete", args=[organization.slug, roadmap.pk]))
    allowed = role in CHANGERS
    assert response.status_code == (302 if allowed else 404)
    assert Roadmap.objects.filter(pk=roadmap.pk).exists() is not allowed


def test_strangers_change_nothing_through_either_slug(
    login, organization, other_organization, world, stranger
):
    """Delete, edit and the import draft of organization A: 404 for B's curator under A's slug and B's."""
    client = login(stranger)
    activity, roadmap, pending = world["activity"], world["roadmap"], world["draft"]
    for slug in (organization.slug, other_organization.slug):
        for url, data in (
            (reverse("roadmaps:delete", args=[slug, roadmap.pk]), {}),
            (reverse("roadmaps:activity_edit", args=[slug, activity.pk]), {"title": "Чужое"}),
            (reverse("roadmaps:activity_done", args=[slug, activity.pk]), {}),
            (reverse("roadmaps:import_preview", args=[slug, pending.pk]), {}),
            (reverse("roadmaps:import_cancel", args=[slug, pending.pk]), {}),
        ):
            assert client.post(url, data).status_code == 404, url
        assert client.get(reverse("roadmaps:import_preview", args=[slug, pending.pk])).status_code == 404
    activity.refresh_from_db()
    assert activity.title != "Чужое" and activity.status == "planned"
    assert (
        Roadmap.objects.filter(pk=roadmap.pk).exists() and DraftImport.objects.filter(pk=pending.pk).exists()
    )


def test_an_import_draft_belongs_to_the_curator_who_uploaded_it(login, organization, world):
    """Another curator of the same organization neither sees, imports nor cancels it."""
    client = login(make_user(Role.CURATOR, organization=organization))
    pending = world["draft"]
    slug = organization.slug
    assert client.get(reverse("roadmaps:import_preview", args=[slug, pending.pk])).status_code == 404
    assert client.post(reverse("roadmaps:import_preview", args=[slug, pending.pk])).status_code == 404
    assert client.post(reverse("roadmaps:import_cancel", args=[slug, pending.pk])).status_code == 404
    assert DraftImport.objects.filter(pk=pending.pk).exists()


@pytest.mark.parametrize("role", [Role.MENTOR, Role.MENTEE, Role.PARENT])
def test_a_responsible_person_does_not_reach_proof_of_other_activities(role, login, organization, world):
    user = make_user(role, organization=organization)
    mine = Activity.objects.exclude(pk=world["activity"].pk).get()
    assign(mine, user)
    client = login(user)
    slug = organization.slug
    assert client.get(reverse("roadmaps:evidence", args=[slug, world["evidence"].pk])).status_code == 404
    other = world["activity"].pk
    assert (
        client.get(reverse("roadmaps:activity_done", args=[slug, other]), HTTP_HX_REQUEST="true").status_code
        == 404
    )
    assert (
        client.post(
            reverse("roadmaps:activity_evidence", args=[slug, other]), {"url": "https://e.org"}
        ).status_code
        == 404
    )
    assert world["activity"].evidence.count() == 1
