"""`{% activity_rows activities %}`: the activities' table rows, rendered by Jinja2 (see nastavnik.core.rows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.safestring import SafeString

from nastavnik.roadmaps.views.common import activity_rows as render_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_rows(context: template.Context, activities: Sequence[Any]) -> SafeString:
    """The rows of decorated activities; the page's context gives `next` and the translated `row` labels."""
    return render_rows(
        getattr(context, "request", None),
        activities,
        next_url=context.get("next") or "",
        labels=context.get("row"),
    )
