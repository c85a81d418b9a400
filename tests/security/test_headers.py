"""Missing controls of issue 13: a Content-Security-Policy without inline code on every page, and
`Cache-Control: no-store` on every page and file with personal data; static files keep their caching."""

import re

import pytest
from django.urls import reverse

from tests.builders import make_mentee


def assert_private(response) -> None:
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_pages_and_exports_of_a_logged_in_user_are_not_stored_and_have_a_strict_policy(
    organization, curator, login
):
    make_mentee(organization)
    client = login(curator)
    for name in ("participants:mentees", "participants:mentees_export", "participants:register_export"):
        response = client.get(reverse(name, args=[organization.slug]))
        assert response.status_code == 200, name
        assert_private(response)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize("url", ["/accounts/login/", "/q/unknown-token/", "/consent/unknown-token/"])
def test_anonymous_and_token_pages_are_not_stored(db, client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert_private(response)
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_static_files_keep_their_caching(client):
    response = client.get("/static/core/nastavnik.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


INLINE = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)


def test_pages_carry_no_inline_script_or_style(organization, curator, login):
    mentee = make_mentee(organization)
    client = login(curator)
    urls = [
        reverse("core:home"),
        reverse("participants:mentees", args=[organization.slug]),
        reverse("participants:person", args=[organization.slug, mentee.participant.pk]),
        reverse("participants:import", args=[organization.slug]),
        "/accounts/login/",
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert not INLINE.search(response.content), (url, INLINE.search(response.content))
        assert b'name="htmx-config"' in response.content
