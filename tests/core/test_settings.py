"""Production settings pass Django's deployment checklist; a missing SECRET_KEY stops the start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x7#kq!" + "p" * 60 + "Zr9$w2",
        ALLOWED_HOSTS="nastavnik.example.ru",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        NASTAVNIK_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = _manage("check", DEBUG="0", NASTAVNIK_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_console_entry_point_forwards_to_management_commands():
    script = Path(sys.executable).parent / "nastavnik"
    result = subprocess.run(
        [str(script), "help", "load_demo"], env={**os.environ, "DEBUG": "1"}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "демонстрационные данные" in result.stdout
