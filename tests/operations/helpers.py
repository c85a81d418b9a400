"""What the operations tests share: the test database's URL and the production environment for the processes
they start (gunicorn, the worker, a command), a free port, and a stop that leaves nothing running."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

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


ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECRET = "smoke-" + "k9#Qz!" * 10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_CURRENT_TEST"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url(),
        NASTAVNIK_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONDONTWRITEBYTECODE="1",
        **extra,
    )
    return env


def stop(process: subprocess.Popen, timeout: float = 30) -> int | None:
    """SIGTERM to the process group, then SIGKILL if it has not gone: nothing is ever left running."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            return None
    return process.returncode
