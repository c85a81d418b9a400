"""Fill a docxtpl template with a context: the one place that renders, for shipped and uploaded templates alike.

Templates come from organizations, so Jinja runs sandboxed (`ImmutableSandboxedEnvironment`: no attribute of
Python's internals, no mutation, `range` capped) and autoescaped (a name with «&» or «<» stays text, never
XML). Pictures are PNG bytes in the context and become docxtpl `InlineImage`s here; a missing picture is an
empty paragraph.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from . import registry
from .registry import BREAK, IMAGE, LIST, NUMBER, OBJECT, Field, Kind, gettext_noop

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SHIPPED_DIR = "templates_docx"
#: Width of a chart in the document (the text column of an A4 page with the usual margins is 16.5 cm).
IMAGE_WIDTH_MM = 160


#: A template that fails to fill, with the template engine's own words as `problem`. The build stores it in Russian;
#: the page shows it in the reader's language (`GeneratedDocument.error_text`).
TEMPLATE_FAILED = gettext_noop(
    "Шаблон не заполняется: %(problem)s. Исправьте шаблон или верните стандартный."
)


class RenderError(ValueError):
    """The template could not be filled; `message` is Russian and names the problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def environment() -> Any:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(autoescape=True)


def shipped_template(kind: Kind) -> bytes:
    from pathlib import Path

    return (Path(__file__).resolve().parent / SHIPPED_DIR / kind.template_name).read_bytes()


def _prepare(document: Any, fields: tuple[Field, ...], context: Mapping[str, Any]) -> dict[str, Any]:
    from docx.shared import Mm
    from docxtpl import InlineImage

    prepared: dict[str, Any] = {}
    for f in fields:
        value = context[f.name]
        if f.kind == IMAGE:
            value = InlineImage(document, io.BytesIO(value), width=Mm(IMAGE_WIDTH_MM)) if value else ""
        elif f.kind == BREAK:
            value = "\f"  # docxtpl turns a form feed in the text into a page break
        prepared[f.name] = value
    return prepared


def render(kind: Kind, template: bytes, context: Mapping[str, Any]) -> bytes:
    """The filled DOCX. `context` must conform to the registry (checked: a drift is a programming error)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    registry.conform(kind, context)
    document = DocxTemplate(io.BytesIO(template))
    try:
        document.render(_prepare(document, kind.fields, context), jinja_env=environment(), autoescape=True)
    except TemplateError as exc:
        raise RenderError(TEMPLATE_FAILED % {"problem": exc}) from exc
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def sample_context(kind: Kind) -> dict[str, Any]:
    """A context of the registry's shape with sample values: the upload check renders a template with it."""

    def value(f: Field) -> Any:
        if f.kind == OBJECT:
            return {child.name: value(child) for child in f.fields}
        if f.kind == LIST:
            row = {child.name: value(child) for child in f.fields} if f.fields else "пример"
            return [row, row]
        if f.kind == NUMBER:
            return 1
        if f.kind == IMAGE:
            return None
        return "пример"

    return {f.name: value(f) for f in kind.fields}


def format_number(value: float | int | None, digits: int = 1) -> str:
    """Russian style: a decimal comma, «—» for no value."""
    if value is None:
        return "—"
    if isinstance(value, int) or float(value).is_integer() and digits == 0:
        return str(int(value))
    return f"{value:.{digits}f}".replace(".", ",")
