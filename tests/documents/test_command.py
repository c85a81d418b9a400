"""manage.py build_document writes the DOCX; bad input is answered in Russian with exit code 2."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command

from tests.documents.conftest import docx_text


def test_builds_the_annual_report(organization, school, monitoring, year, tmp_path):
    output = tmp_path / "отчёт.docx"
    call_command(
        "build_document",
        organization=organization.slug,
        kind="annual_report",
        year=str(year),
        output=str(output),
        plans="Новые пары",
    )
    text = docx_text(output.read_bytes())
    assert f"Проведено встреч — {len(school['held'])}" in text and "Новые пары" in text


def test_builds_the_rewards_order_for_chosen_mentors(organization, school, year, tmp_path):
    output = tmp_path / "приказ.docx"
    call_command(
        "build_document",
        organization=organization.slug,
        kind="rewards_order",
        year=str(year),
        output=str(output),
        mentors=str(school["teacher"].pk),
        number="9",
        date="2027-05-20",
    )
    text = docx_text(output.read_bytes())
    assert "от 20.05.2027 г.\t№ 9" in text and "Кузнецова Елена Петровна" in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"organization": "nowhere"}, "Организации с кодом «nowhere» нет"),
        ({"kind": "memo"}, "Неизвестный вид документа «memo»"),
        ({"year": "двадцать"}, "Учебный год «двадцать» не понят"),
        ({"year": "1812"}, "Учебный год «1812» не понят"),
        ({"date": "31.12.2026"}, "Дата «31.12.2026» не понята"),
        ({"output": "/nonexistent-dir/x.docx"}, "Папки «/nonexistent-dir» нет"),
        ({"output": "x.pdf"}, "расширение .docx"),
        ({"kind": "rewards_order"}, "укажите наставников"),
        ({"kind": "rewards_order", "mentors": "1,a"}, "нужны номера через запятую"),
        ({"kind": "certificates"}, "укажите --mentors и (или) --mentees"),
    ],
)
def test_bad_input_exits_with_2_and_a_russian_message(organization, year, tmp_path, changes, message):
    arguments = {
        "organization": organization.slug,
        "kind": "regulation",
        "year": str(year),
        "output": str(tmp_path / "x.docx"),
    }
    arguments.update(changes)
    with pytest.raises(CommandError, match=re.escape(message)) as caught:
        call_command("build_document", **arguments)
    assert caught.value.returncode == 2
    assert not (tmp_path / "x.docx").exists()
