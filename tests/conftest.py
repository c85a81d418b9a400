"""Shared builders: organizations, users with roles, clients logged in as them.

Test bodies run with tenancy scopes disabled (they set up data for several organizations); the views
they call open their own scope through the middleware, exactly as in production.
"""

import itertools

import pytest
from django_scopes import scopes_disabled

from nastavnik.accounts.models import Coordination, Membership, Role, User
from nastavnik.organizations.models import Municipality, Organization, Region

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def _no_scopes():
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Production's Argon2 costs ~100 MB and a tenth of a second per hash; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher", *settings.PASSWORD_HASHERS]


def make_region(name: str = "Ставропольский край") -> Region:
    n = next(_counter)
    return Region.objects.create(name=f"{name} {n}", slug=f"region-{n}")


def make_organization(
    region: Region | None = None, kind: str = Organization.Kind.SCHOOL, **fields
) -> Organization:
    n = next(_counter)
    region = region or make_region()
    municipality = fields.pop("municipality", None) or Municipality.objects.create(
        region=region, name=f"Муниципалитет {n}", slug=f"mun-{n}"
    )
    defaults = {
        "short_name": f"МБОУ «СОШ № {n}»",
        "full_name": f"Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № {n}»",
        "slug": f"org-{n}",
    }
    defaults.update(fields)
    return Organization.objects.create(municipality=municipality, kind=kind, **defaults)


def make_user(*roles: str, organization: Organization | None = None, **fields) -> User:
    n = next(_counter)
    defaults = {"last_name": f"Иванова{n}", "first_name": "Мария", "patronymic": "Петровна"}
    defaults.update(fields)
    email = defaults.pop("email", f"user{n}@example.org")
    user = User.objects.create_user(email, PASSWORD, **defaults)
    for role in roles:
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


def make_coordinator(region: Region, municipality: Municipality | None = None) -> User:
    user = make_user()
    Coordination.objects.create(user=user, region=region, municipality=municipality)
    return user


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


ALL_ROLES = [r.value for r in Role]
