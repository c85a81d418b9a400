"""The floor every page pays: base.html's header and menu, their queries, and who pays for them."""

from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from nastavnik.accounts.models import Coordination, Membership, Role
from nastavnik.core.models import Notification
from tests.builders import make_user


def test_a_light_page_costs_the_session_the_user_the_memberships_and_the_header(
    login, curator, django_assert_num_queries
):
    """The "Безопасность" page has one query of its own (the authenticator); around it the layout pays the
    session, the user, the memberships with their organizations (one query for roles, scope and menu), and
    one statement for the unread notifications and the coordinator check."""
    client = login(curator)
    url = reverse("accounts:two_factor")
    client.get(url)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200


def test_a_template_rendered_with_the_request_pays_no_navigation_query(curator, django_assert_num_queries):
    """An htmx partial or an e-mail rendered with the request does not load the menu it does not show."""
    request = RequestFactory().get("/")
    request.user = curator
    template = engines["django"].from_string("<p>{{ request.path }}</p>")
    with django_assert_num_queries(0):
        assert template.render({}, request) == "<p>/</p>"


def test_the_menu_is_translated_and_marks_the_current_page(login, curator, organization):
    url = reverse("organizations:detail", args=[organization.slug])
    members = reverse("organizations:members", args=[organization.slug])
    html = login(curator).get(url).content.decode()
    assert f'<a href="{url}" aria-current="page">Организация</a>' in html
    assert f'<a href="{members}">Сотрудники и роли</a>' in html
    english = login(curator).get(url, headers={"accept-language": "en"}).content.decode()
    assert 'lang="en"' in english
    assert f'<a href="{members}">Staff and roles</a>' in english


def test_the_header_counts_unread_notifications_and_links_coordinators_to_their_region(
    login, curator, organization
):
    client = login(curator)
    url = reverse("organizations:detail", args=[organization.slug])
    html = client.get(url).content.decode()
    assert "Непрочитанные" not in html
    assert "#region" not in html
    Notification.objects.create(organization=organization, user=curator, text="Срок")
    Notification.objects.create(organization=organization, user=curator, text="Срок 2")
    Coordination.objects.create(user=curator, region=organization.municipality.region)
    html = client.get(url).content.decode()
    assert 'title="Непрочитанные">2<' in html
    assert f'href="{reverse("core:home")}#region"' in html


def test_the_organization_switcher_lists_every_organization_of_the_user(
    login, organization, other_organization
):
    user = make_user(Role.CURATOR, organization=organization)
    Membership.objects.create(user=user, organization=other_organization, role=Role.MENTOR)
    Membership.objects.create(user=user, organization=other_organization, role=Role.MENTEE)
    html = login(user).get(reverse("accounts:two_factor")).content.decode()
    for o in (organization, other_organization):
        assert f'<a href="{reverse("organizations:detail", args=[o.slug])}">{o.short_name}</a>' in html
    assert html.count(f">{other_organization.short_name}</a>") == 1  # two roles, one entry
