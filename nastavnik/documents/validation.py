"""The check of an organization's own template before it is stored: all-or-nothing, a Russian message per fault.

In order: the size, the name, a real zip (`core.uploads.check_archive` refuses zip bombs before anything
inflates it), a Word document python-docx opens, Jinja syntax (docxtpl's cleaned XML, parsed by the sandboxed
environment the rendering uses), every placeholder known to the registry — `{{ name }}`, `{{ name.field }}`
and the fields of a loop's rows —, and finally a trial render with sample values, which catches what only
rendering finds (a `{%tr %}` loop broken across cells, an unknown filter).
"""

from __future__ import annotations

import io
from typing import Any

from nastavnik.core.uploads import ArchiveError, check_archive, is_zip

from .registry import LIST, Field, Kind
from .rendering import RenderError, environment, render, sample_context


class TemplateCheckError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _template_xml(data: bytes) -> str:
    """The body, headers and footers as docxtpl hands them to Jinja (tags stripped out of `{{ … }}`)."""
    from docx import Document
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(data))
    document = Document(io.BytesIO(data))
    xml = template.patch_xml(template.xml_to_string(document._element.body))
    for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
        for rel in document.part.rels.values():
            if rel.reltype == uri and rel.target_part.blob:
                xml += template.patch_xml(template.xml_to_string(parse_xml(rel.target_part.blob)))
    return str(xml)


def _text_near(xml: str, lineno: int | None) -> str:
    """What the user sees around a syntax error: the words of that XML line, tags removed."""
    import re

    if not lineno:
        return ""
    lines = xml.splitlines()
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    text = re.sub(r"<[^>]+>", "", line)
    return text[:120]


def unknown_placeholders(kind: Kind, parsed: Any) -> list[str]:
    """Names and `name.field`s the template uses that the registry does not list for this kind."""
    from jinja2 import meta, nodes

    known = {f.name for f in kind.fields}
    unknown = {name for name in meta.find_undeclared_variables(parsed) if name not in known}

    def visit(node: Any, loops: dict[str, Field]) -> None:
        if isinstance(node, nodes.For):
            visit(node.iter, loops)
            source = node.iter
            listed = kind.field(source.name) if isinstance(source, nodes.Name) else None
            inner = dict(loops)
            if isinstance(node.target, nodes.Name):
                inner.pop(node.target.name, None)
                if listed is not None and listed.kind == LIST:
                    inner[node.target.name] = listed
            for child in node.body:
                visit(child, inner)
            for child in node.else_:
                visit(child, loops)
            return
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            name = node.node.name
            base = loops.get(name) if name in loops else kind.field(name)
            if base is not None and base.fields and base.child(node.attr) is None:
                unknown.add(f"{name}.{node.attr}")
        for child in node.iter_child_nodes():
            visit(child, loops)

    visit(parsed, {})
    return sorted(unknown)


def check_template(kind: Kind, data: bytes, filename: str, *, max_bytes: int, max_unzipped: int) -> None:
    """Raise TemplateCheckError (Russian message) unless `data` is a template this kind can fill."""
    from jinja2 import TemplateSyntaxError

    if not data:
        raise TemplateCheckError("Файл пустой.")
    if len(data) > max_bytes:
        raise TemplateCheckError(
            f"Файл больше {max_bytes // (1024 * 1024)} МБ: шаблон документа так велик не бывает."
        )
    if not filename.lower().endswith(".docx"):
        raise TemplateCheckError("Нужен файл Word в формате .docx (не .doc, не PDF).")
    if not is_zip(data):
        raise TemplateCheckError("Файл не является документом Word (.docx): сохраните его в Word как .docx.")
    try:
        check_archive(data, limit=max_unzipped)
    except ArchiveError as exc:
        raise TemplateCheckError(str(exc)) from exc  # Russian; the service translates the cause
    try:
        xml = _template_xml(data)
    except Exception as exc:  # python-docx raises many kinds on broken files
        raise TemplateCheckError("Файл не открывается как документ Word (.docx).") from exc
    try:
        parsed = environment().parse(xml)
    except TemplateSyntaxError as exc:
        near = _text_near(xml, exc.lineno)
        where = f" Рядом с текстом: «{near}»." if near else ""
        raise TemplateCheckError(
            f"Ошибка в записи полей шаблона: {exc.message}.{where} Проверьте парные скобки {{{{ }}}} и "
            "{% %} и закрытие циклов {% endfor %}."
        ) from exc
    unknown = unknown_placeholders(kind, parsed)
    if unknown:
        shown = ", ".join(f"«{name}»" for name in unknown[:10])
        raise TemplateCheckError(
            f"В шаблоне есть поля, которых нет у документа «{kind.title}»: {shown}. Список допустимых полей — "
            "на этой странице ниже."
        )
    try:
        render(kind, data, sample_context(kind))
    except RenderError as exc:
        raise TemplateCheckError(exc.message) from exc
    except Exception as exc:
        raise TemplateCheckError(
            "Шаблон не удалось заполнить пробными данными: проверьте циклы в таблицах ({%tr for %} и "
            "{%tr endfor %} — каждый в своей строке таблицы)."
        ) from exc
