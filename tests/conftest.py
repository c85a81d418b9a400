"""Shared fixtures: an organization and its curator, a stranger of another one, clients logged in as them,
the shipped reference data for transactional tests. The builders they use are in tests/builders.py.

Test bodies run with tenancy scopes disabled (they set up data for several organizations); the views
they call open their own scope through the middleware, exactly as in production.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from django_scopes import scopes_disabled

from nastavnik.accounts.models import Role, User
from nastavnik.organizations.models import Organization
from tests.builders import make_organization, make_user


def pytest_sessionstart(session):
    """A file-backed SQLite test database (nastavnik/settings.py) is recreated by Django, which deletes only
    the main file: remove a write-ahead log an interrupted run left next to it, or SQLite would replay that
    old log into the new database."""
    name = django_settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name and django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        for suffix in ("-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _no_scopes():
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's language (Russian). A request in English leaves its language active
    in the thread after the response; without this a later test calling a service directly read its messages
    in English, depending on which tests ran before it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Production's Argon2 costs ~100 MB and a tenth of a second per hash; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(scope="session")
def _migrated_contents(django_db_setup, django_db_blocker) -> str | None:
    """What the migrations left in the test database, as pytest-django serialized it at setup (when a test
    asks for serialized rollback), taken from the connection it was serialized on."""
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture
def _contents_on_this_connection(_migrated_contents):
    """Django restores the contents from the connection object of the test, and Django's connections live in
    context variables: once Playwright's sync API has started (greenlets), a test gets another connection
    object than the one serialized at setup. Put the contents on the test's own."""
    from django.db import connections

    if _migrated_contents is not None:
        connections["default"]._test_serialized_contents = _migrated_contents


@pytest.fixture
def reference_data(_contents_on_this_connection, transactional_db, django_db_serialized_rollback):
    """The reference data the migrations ship (forms of mentoring, request topics, questionnaire templates)
    for a transactional test (the live server's among them). Such a test commits and the database is flushed
    after it, reference data included; serialized rollback restores what the migrations left before the
    test, whatever ran before it. (Ordinary tests roll back and always see that data.)"""


@pytest.fixture
def organization(db) -> Organization:
    return make_organization()


@pytest.fixture
def other_organization(db) -> Organization:
    return make_organization()


@pytest.fixture
def curator(organization) -> User:
    return make_user(Role.CURATOR, organization=organization)


@pytest.fixture
def stranger(other_organization) -> User:
    """A curator of another organization: must never see anything of `organization`."""
    return make_user(Role.CURATOR, organization=other_organization)


@pytest.fixture
def login(client):
    def _login(user: User):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


#: Upper bound for any page, whatever the data (the layout's own queries included).
PAGE_QUERIES = 20


@pytest.fixture
def constant_queries(django_assert_max_num_queries):
    """`meter = constant_queries()`, then `meter(lambda: client.get(url))` after each step that grows the
    data: the page must answer 200 every time, the first call sets the number of queries and later calls
    may not exceed it (a page whose queries grow with its rows fails)."""

    class Meter:
        first: int | None = None

        def __call__(self, get):
            bound = PAGE_QUERIES if self.first is None else self.first
            with django_assert_max_num_queries(bound) as captured:
                response = get()
            assert response.status_code == 200, f"the measured page answered {response.status_code}"
            if self.first is None:
                self.first = len(captured.captured_queries)
            return response

    return Meter
