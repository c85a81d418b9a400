"""What the benchmarks share: a fresh database of their own, Django set up on it, and counting and timing.

bench/ is not a package: a script run as ``python bench/bench_x.py`` has bench/ first on ``sys.path``, so it
imports this module as ``import _common`` (after putting the repository root on the path for ``nastavnik``).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

T = TypeVar("T")


def sqlite_file(name: str) -> Path:
    """The throw-away SQLite file of a benchmark: var/<name>.sqlite3."""
    return ROOT / "var" / f"{name}.sqlite3"


def remove_sqlite(path: Path) -> None:
    """Delete an SQLite database with its write-ahead log files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _pg_admin(url: str, *statements: str) -> None:
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


def fresh_database(url: str | None, name: str, sqlite: Path | None = None) -> tuple[str, Callable[[], None]]:
    """An empty database for a benchmark, and the function that drops it afterwards.

    With a PostgreSQL `url` the database `name` is created (dropped first if a run left it) on that server;
    with None or "sqlite" a throw-away SQLite file (`sqlite`, by default var/<name>.sqlite3) is used."""
    if url and url.startswith("postgres"):
        _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return url.rsplit("/", 1)[0] + f"/{name}", drop
    path = sqlite or sqlite_file(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_sqlite(path)
    return f"sqlite:///{path}", lambda: remove_sqlite(path)


def setup_django(url: str, *, migrate: bool = False, test_client: bool = False, **environ: str) -> None:
    """Point Django at `url` (DEBUG on unless said otherwise, `environ` set as given) and set it up;
    `test_client`: let Django's test client in (its host "testserver")."""
    os.environ["DATABASE_URL"] = url
    os.environ.update(environ)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    if test_client:
        from django.conf import settings

        settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def run_on_fresh_database(
    database_url: str,
    name: str,
    run: Callable[[], T],
    *,
    sqlite: Path | None = None,
    migrate: bool = True,
    test_client: bool = False,
    **environ: str,
) -> T:
    """The body of a benchmark's main(): a fresh database (`database_url` "sqlite" or a PostgreSQL server),
    Django on it (`migrate`, `test_client` and `environ` as for `setup_django`), `run()`, and the database
    dropped whatever happens."""
    url, drop = fresh_database(None if database_url == "sqlite" else database_url, name, sqlite)
    setup_django(url, migrate=migrate, test_client=test_client, **environ)
    try:
        return run()
    finally:
        drop()


@contextmanager
def count_queries(connection: Any = None) -> Iterator[list[str]]:
    """The SQL statements sent while open, whatever the DEBUG query log keeps (it keeps the last 9,000)."""
    if connection is None:
        from django.db import connection

    executed: list[str] = []

    def wrapper(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield executed


def median_seconds(fn: Callable[[], Any], repeat: int) -> float:
    """The median wall time of `repeat` calls of `fn` (at least one)."""
    times = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def school_with_curator(slug: str = "bench-school") -> tuple[Any, Any]:
    """A region, a municipality and one school with its curator: (organization, curator).

    Call it where the organization scope is not required (or inside `scopes_disabled()`)."""
    from nastavnik.accounts.models import Membership, Role, User
    from nastavnik.organizations.models import Municipality, Organization, Region

    region = Region.objects.create(name="Регион", slug="bench-region")
    municipality = Municipality.objects.create(region=region, name="Округ", slug="bench-mun")
    organization = Organization.objects.create(
        municipality=municipality, short_name="Школа", full_name="Школа", slug=slug
    )
    curator = User.objects.create_user(
        f"curator@{slug}.bench", "bench-password-1", last_name="Куратор", first_name="К"
    )
    Membership.objects.create(user=curator, organization=organization, role=Role.CURATOR)
    return organization, curator


def client_of(user: Any) -> Any:
    """Django's test client logged in as `user` (no password check, no login throttling)."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
