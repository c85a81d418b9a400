"""Tenancy: every organization page is 404 for strangers and sends anonymous users to log in.

The URLs are discovered from the URLconf, so a page added later is covered without editing this file
as long as its only URL argument is the organization (pages with object ids test themselves).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nastavnik.accounts.models import Role
from tests.builders import make_user


def _organization_url_names() -> list[str]:
    names: list[str] = []

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name and set(p.pattern.converters) == {"org"}:
                names.append(namespace + p.name)

    walk(get_resolver().url_patterns)
    return sorted(set(names))


ORGANIZATION_PAGES = _organization_url_names()


def test_the_walk_finds_the_organization_pages():
    assert "organizations:detail" in ORGANIZATION_PAGES
    assert "organizations:members" in ORGANIZATION_PAGES


@pytest.mark.parametrize("name", ORGANIZATION_PAGES)
def test_stranger_gets_404(name, login, organization, stranger):
    make_user(Role.CURATOR, organization=organization)
    response = login(stranger).get(reverse(name, args=[organization.slug]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ORGANIZATION_PAGES)
def test_anonymous_is_sent_to_login(name, client, organization):
    response = client.get(reverse(name, args=[organization.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ORGANIZATION_PAGES)
def test_curator_of_the_organization_gets_the_page(name, login, curator, organization):
    response = login(curator).get(reverse(name, args=[organization.slug]))
    assert response.status_code == 200


def test_unknown_organization_is_404_not_500(login, curator):
    assert login(curator).get(reverse("organizations:detail", args=["no-such-school"])).status_code == 404
