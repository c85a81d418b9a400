"""The shipped templates and an organization's own: what build_templates.py writes is what ships, and an upload
is checked whole before anything is stored (a Russian message naming the fault), then used, then reverted."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from nastavnik.documents import build_templates, registry, services
from nastavnik.documents.building import build_document
from nastavnik.documents.context import Options
from nastavnik.documents.models import DocumentTemplate
from nastavnik.documents.rendering import shipped_template
from tests.documents.conftest import docx_text


def _paragraphs(content: bytes) -> list[str]:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs] + cells


@pytest.mark.parametrize("kind", registry.KINDS, ids=lambda k: k.code)
def test_shipped_template_is_what_the_script_writes(kind):
    assert _paragraphs(shipped_template(kind)) == _paragraphs(build_templates.BUILDERS[kind.code]())


def word_file(*paragraphs: str) -> bytes:
    """A DOCX made by python-docx, as Word would save one the curator typed."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(
    organization, curator, content: bytes, filename: str = "мой шаблон.docx", code: str = "curator_order"
):
    return services.upload_template(
        organization, code, filename=filename, content=content, acting_user=curator
    )


def _refused(organization, curator, content, message, filename="мой шаблон.docx", code="curator_order"):
    with pytest.raises(ValidationError) as caught:
        upload(organization, curator, content, filename, code)
    assert message in " ".join(caught.value.messages)
    assert not DocumentTemplate.objects.filter(organization=organization).exists()


def test_not_a_docx(organization, curator):
    _refused(organization, curator, b"%PDF-1.4 ...", "Нужен файл Word в формате .docx", filename="шаблон.pdf")
    _refused(organization, curator, b"just text", "не является документом Word")
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    _refused(organization, curator, broken.getvalue(), "не открывается как документ Word")


def test_zip_bomb_is_refused_before_parsing(organization, curator, settings):
    settings.UPLOAD_MAX_UNZIPPED_MB = 1
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (3 * 1024 * 1024))
    _refused(organization, curator, bomb.getvalue(), "распаковывается больше чем в 1 МБ")


def test_too_big(organization, curator, monkeypatch):
    monkeypatch.setattr(services, "MAX_TEMPLATE_BYTES", 1000)
    _refused(organization, curator, word_file("Приказ"), "Файл больше")


def test_syntax_error_names_the_place(organization, curator):
    _refused(
        organization,
        curator,
        word_file("ПРИКАЗ № {{ number }", "Назначить {{ curator_full }}"),
        "Ошибка в записи полей шаблона",
    )
    _refused(
        organization, curator, word_file("{%p for m in working_group %}", "{{ m.name }}"), "Ошибка в записи"
    )


def test_unknown_placeholders_are_named(organization, curator):
    _refused(organization, curator, word_file("Директор: {{ principal }}"), "«principal»")
    _refused(organization, curator, word_file("{{ organization.inn }}"), "«organization.inn»")
    _refused(
        organization,
        curator,
        word_file("{%p for m in working_group %}", "{{ m.phone }}", "{%p endfor %}"),
        "«m.phone»",
    )


def test_a_placeholder_of_another_kind_is_unknown(organization, curator):
    """`mentors` belongs to the rewards order, not to the curator's order."""
    _refused(
        organization,
        curator,
        word_file("{%p for m in mentors %}", "{{ m.name }}", "{%p endfor %}"),
        "«mentors»",
    )


def test_sandbox_refuses_python_internals(organization, curator):
    """`forms` is a list of strings (no fields to check), so only the sandboxed trial render stops this."""
    _refused(
        organization,
        curator,
        word_file("{{ forms.__class__.__mro__[1].__subclasses__() }}"),
        "Шаблон не заполняется",
        code="regulation",
    )


def test_own_template_is_used_then_reverted(organization, curator, school, year):
    own = word_file(
        "Наш бланк {{ organization.short_name }}",
        "Приказ № {{ number }} от {{ date }}",
        "Куратор: {{ curator_full }}",
        "{%p for m in working_group %}",
        "• {{ m.name }} ({{ m.position }})",
        "{%p endfor %}",
    )
    template = upload(organization, curator, own)
    assert template.filename == "мой шаблон.docx" and template.created_by == curator
    text = docx_text(build_document(organization, "curator_order", Options(year=year, number="3")))
    assert f"Наш бланк {organization.short_name}" in text
    assert "Приказ № 3 от" in text and "Куратор: Кураторова Ольга Ивановна" in text
    assert "• Психологова Анна Сергеевна (педагог-психолог)" in text
    # a second upload replaces the first
    upload(organization, curator, word_file("Второй {{ organization.short_name }}"))
    assert DocumentTemplate.objects.filter(organization=organization).count() == 1
    assert services.revert_template(organization, "curator_order", acting_user=curator)
    assert not DocumentTemplate.objects.filter(organization=organization).exists()
    assert "ПРИКАЗ" in docx_text(build_document(organization, "curator_order", Options(year=year)))
    assert not services.revert_template(organization, "curator_order", acting_user=curator)


def test_names_with_markup_stay_text(organization, curator, school, year):
    """Autoescaping: «&» and «<» in data never break the document's XML."""
    organization.short_name = "МБОУ «Школа <№1> & Ко»"
    organization.save()
    text = docx_text(build_document(organization, "curator_order", Options(year=year)))
    assert "МБОУ «Школа <№1> & Ко»" in text
