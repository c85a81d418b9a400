"""manage.py match: the exact JSON shape, text output, and exit code 2 with a Russian message on bad input."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nastavnik.matching.engine import InstanceError, run_cli

ROOT = Path(__file__).resolve().parents[2]
INSTANCE = {
    "mentors": [{"id": "r1", "capacity": 1}, {"id": "r2", "capacity": 2}],
    "mentees": [{"id": "m1"}, {"id": "m2"}, {"id": "m3", "minor": True}],
    "scores": [[10, 5], [8, 0.5], [50, 50]],
    "locked": [["m2", "r2"]],
    "mentee_rankings": {"m1": ["r2", "r1"]},
}


@pytest.fixture
def instance_file(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(INSTANCE, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("mode", ["optimal", "stable"])
def test_run_cli_prints_exactly_the_contract(instance_file, mode):
    out = json.loads(run_cli(instance_file, mode))
    assert list(out) == ["pairs", "total_score", "blocking_pairs", "unmatched"]
    for pair in out["pairs"]:
        assert list(pair) == ["mentee", "mentor", "score"]
        assert isinstance(pair["score"], float)
    for item in out["unmatched"]:
        assert list(item) == ["mentee", "reason"]
    assert isinstance(out["total_score"], float)
    assert isinstance(out["blocking_pairs"], int)
    assert {"mentee": "m2", "mentor": "r2", "score": 0.5} in out["pairs"]
    assert out["unmatched"] == [
        {"mentee": "m3", "reason": "нет согласия на обработку персональных данных (несовершеннолетний)"}
    ]


def test_run_cli_explain_and_text(instance_file):
    out = json.loads(run_cli(instance_file, "stable", explain=True))
    reasons = {p["mentee"]: p["reasons"] for p in out["pairs"]}
    assert reasons["m2"] == ["пара закреплена куратором"]
    assert reasons["m1"] == ["наставляемый поставил наставника на 1-е место"]
    text = run_cli(instance_file, "optimal", "text")
    assert "Наставляемый" in text and "Блокирующих пар:" in text and "m3: нет согласия" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "не найден"),
        ("{not json", "не является корректным JSON: строка 1"),
        (b"\xff\xfe", "не в кодировке UTF-8"),
        ('{"mentors": []}', "отсутствует обязательный ключ «mentees»"),
    ],
)
def test_run_cli_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InstanceError, match=message):
        run_cli(path, "optimal")


def test_run_cli_rejects_unknown_format(instance_file):
    with pytest.raises(InstanceError, match="неизвестный формат «xml»"):
        run_cli(instance_file, "optimal", "xml")


def test_call_command_prints_json(instance_file):
    out = StringIO()
    call_command("match", "--input", str(instance_file), "--mode", "stable", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(run_cli(instance_file, "stable"))


def test_call_command_bad_input_is_exit_code_2(tmp_path):
    with pytest.raises(CommandError) as excinfo:
        call_command("match", "--input", str(tmp_path / "missing.json"), "--mode", "optimal")
    assert excinfo.value.returncode == 2
    assert "не найден" in str(excinfo.value)
    with pytest.raises(CommandError) as excinfo:
        call_command("match", "--input", str(tmp_path / "missing.json"), "--mode", "fastest")
    assert excinfo.value.returncode == 2


def test_manage_py_exit_code_and_stderr(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"mentors": [{"id": "r1", "capacity": -2}], "mentees": [], "scores": []}', encoding="utf-8"
    )
    env = os.environ | {"DEBUG": "1", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "match", "--input", str(bad), "--mode", "stable"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "не может быть отрицательной: -2" in proc.stderr
    assert proc.stdout == ""
