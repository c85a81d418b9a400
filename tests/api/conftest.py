"""Builders of the API tests: a pair with every role around it, and clients holding each one's token."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from nastavnik.accounts.models import Role
from nastavnik.api.tokens import create_token
from tests.builders import make_user
from tests.mentoring.test_work_pages import pair  # noqa: F401 - the fixture of the pages' tests, reused


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The throttle counts in the cache; token ids repeat between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(pair, organization, curator, stranger):  # noqa: F811
    return {
        "curator": curator,
        "working_group": make_user(Role.WORKING_GROUP, organization=organization),
        "director": make_user(Role.DIRECTOR, organization=organization),
        "mentor": pair["mentor"],
        "other_mentor": pair["other_mentor"],
        "mentee": pair["mentee"],
        "parent": pair["parent"],
        "partner": make_user(Role.PARTNER, organization=organization),
        "stranger": stranger,
    }


def bearer(user) -> Client:
    _record, token = create_token(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def as_role(people):
    return lambda role: Client() if role == "anonymous" else bearer(people[role])
