"""`{% jinja_part "app/_rows.html" rows=rows ... %}`: a row-heavy part of a page rendered by Jinja2 (see
nastavnik.core.rows); the values it needs are passed by name."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from nastavnik.core.rows import render_part

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja_part(context: template.Context, name: str, **values: Any) -> SafeString:
    return render_part(name, values, getattr(context, "request", None))
