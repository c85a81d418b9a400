"""The start page tells each role what comes next, with a bounded number of queries."""

import pytest
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.accounts.permissions import PROGRAMME_STAFF
from nastavnik.core.views import NEXT_STEPS
from tests.builders import ALL_ROLES, make_coordinator, make_organization, make_user


@pytest.mark.parametrize("role", ALL_ROLES)
def test_start_page_per_role(role, login, organization):
    """Programme staff get the programme's dashboard (its steps come from the data, tests/dashboard), the
    others what comes next for their role."""
    user = make_user(role, organization=organization)
    html = login(user).get(reverse("core:home")).content.decode()
    assert organization.short_name in html
    if role in PROGRAMME_STAFF:
        assert "Что сделать дальше" in html
        assert reverse("dashboard:dashboard", args=[organization.slug]) in html
    else:
        assert str(NEXT_STEPS[role][0]) in html.replace("&quot;", '"').replace("&#x27;", "'")


def test_a_second_organization_keeps_its_card(login, organization, other_organization):
    """Only the first organization gets the dashboard (bounded queries); the others keep their card."""
    user = make_user(Role.CURATOR, organization=organization)
    from nastavnik.accounts.models import Membership

    Membership.objects.create(user=user, organization=other_organization, role=Role.MENTOR)
    html = (
        login(user).get(reverse("core:home")).content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    )
    assert html.count("Что сделать дальше") == 1
    assert str(NEXT_STEPS[Role.MENTOR][0]) in html or str(NEXT_STEPS[Role.CURATOR][0]) in html


def test_user_without_roles_is_told_what_to_do(login, db):
    html = login(make_user()).get(reverse("core:home")).content.decode()
    assert "У вас пока нет ролей" in html


def test_coordinator_gets_a_link_to_the_region(login, organization):
    region = organization.municipality.region
    html = login(make_coordinator(region)).get(reverse("core:home")).content.decode()
    assert reverse("organizations:region", args=[region.slug]) in html


def test_curator_navigation_shows_staff_sections_mentee_does_not(login, organization):
    curator = make_user(Role.CURATOR, organization=organization)
    mentee = make_user(Role.MENTEE, organization=organization)
    members_url = reverse("organizations:members", args=[organization.slug])
    assert members_url in login(curator).get(reverse("core:home")).content.decode()
    assert members_url not in login(mentee).get(reverse("core:home")).content.decode()


def test_home_query_count_does_not_grow_with_organizations(login, django_assert_max_num_queries, db):
    user = make_user()
    from nastavnik.accounts.models import Membership

    for _ in range(3):
        Membership.objects.create(user=user, organization=make_organization(), role=Role.CURATOR)
    client = login(user)
    # The first organization's dashboard is computed (tests/dashboard bounds it); the others are cards.
    with django_assert_max_num_queries(90) as few:
        assert client.get(reverse("core:home")).status_code == 200
    for _ in range(12):
        Membership.objects.create(user=user, organization=make_organization(), role=Role.MENTOR)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("core:home")).status_code == 200
