"""Who sees which organization page, for every role."""

import pytest
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.accounts.permissions import can
from tests.builders import ALL_ROLES, make_coordinator, make_user

STAFF_ROLES = {Role.CURATOR, Role.WORKING_GROUP, Role.DIRECTOR, Role.DEPUTY}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_member_sees_the_organization_page(role, login, organization):
    user = make_user(role, organization=organization)
    response = login(user).get(reverse("organizations:detail", args=[organization.slug]))
    assert response.status_code == 200
    assert organization.short_name in response.content.decode()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_members_page_only_for_programme_staff(role, login, organization):
    user = make_user(role, organization=organization)
    response = login(user).get(reverse("organizations:members", args=[organization.slug]))
    assert response.status_code == (200 if role in STAFF_ROLES else 404)


def test_members_page_hides_mentees_and_parents(login, organization, curator):
    make_user(Role.MENTEE, organization=organization, last_name="Ребёнкин")
    make_user(Role.PARENT, organization=organization, last_name="Родителев")
    make_user(Role.MENTOR, organization=organization, last_name="Наставникова")
    page = login(curator).get(reverse("organizations:members", args=[organization.slug])).content.decode()
    assert "Наставникова" in page
    assert "Ребёнкин" not in page
    assert "Родителев" not in page


def test_roles_in_one_organization_give_nothing_in_another(organization, other_organization):
    user = make_user(Role.CURATOR, organization=organization)
    assert can(user, "roadmaps.change_roadmap", organization)
    assert not can(user, "organizations.view_organization", other_organization)
    assert not can(user, "roadmaps.change_roadmap", other_organization)


def test_one_user_may_hold_several_roles(login, organization):
    user = make_user(Role.MENTOR, Role.WORKING_GROUP, organization=organization)
    assert can(user, "participants.view_base", organization)
    page = login(user).get(reverse("core:home")).content.decode()
    assert "наставник" in page and "рабочая группа" in page


def test_inactive_user_may_do_nothing(organization):
    user = make_user(Role.CURATOR, organization=organization, is_active=False)
    assert not can(user, "organizations.view_organization", organization)


def test_region_page_only_for_its_coordinators(login, organization, other_organization):
    region = organization.municipality.region
    coordinator = make_coordinator(region)
    make_user(Role.MENTEE, organization=organization, last_name="Школьникова")
    page = login(coordinator).get(reverse("organizations:region", args=[region.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert organization.municipality.name in html
    assert "Школьникова" not in html  # aggregates only
    foreign = other_organization.municipality.region
    assert login(coordinator).get(reverse("organizations:region", args=[foreign.slug])).status_code == 404
    curator = make_user(Role.CURATOR, organization=organization)
    assert login(curator).get(reverse("organizations:region", args=[region.slug])).status_code == 404


def test_municipal_coordinator_sees_only_the_municipality(login, organization):
    region = organization.municipality.region
    from tests.builders import make_organization

    neighbour = make_organization(region=region)
    coordinator = make_coordinator(region, organization.municipality)
    html = login(coordinator).get(reverse("organizations:region", args=[region.slug])).content.decode()
    assert organization.municipality.name in html
    assert neighbour.municipality.name not in html
