"""What the operations tests share: the test database's URL for the processes they start."""

from __future__ import annotations

from django.db import connection


def database_url() -> str:
    """The URL of the database the test runs on, for a subprocess (a server, a worker, a command) to open it."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    auth = params.get("USER") or ""
    if params.get("PASSWORD"):
        auth += f":{params['PASSWORD']}"
    return (
        f"postgres://{auth}@{params.get('HOST') or '127.0.0.1'}:{params.get('PORT') or 5432}/{params['NAME']}"
    )
