"""`{% jinja_part "app/_rows.html" rows=rows ... %}`: a row-heavy part of a page rendered by Jinja2 (see
nastavnik.core.rows); the values it needs are passed by name. `{% site_header %}`: the header of base.html, the
same way."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext

from nastavnik.core.navigation import cached_url
from nastavnik.core.rows import render_part

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja_part(context: template.Context, name: str, **values: Any) -> SafeString:
    return render_part(name, values, getattr(context, "request", None))


def _organization_url(slug: str) -> str | None:
    return cached_url("organizations:detail", slug)


#: The header's values of `core.context_processors.navigation`, callables computed on first use.
NAVIGATION = (
    "nav_organization",
    "nav_organizations",
    "nav_items",
    "nav_is_coordinator",
    "nav_unread_notifications",
)


@register.simple_tag(takes_context=True)
def site_header(context: template.Context) -> SafeString:
    """The header of every page (core/_header.html): a third of a light page's template time when it was
    rendered by the Django template engine (some 90 variable lookups and 13 `{% translate %}` per page)."""
    links = context.get("nav_links")
    values: dict[str, Any] = {name: context.get(name) for name in NAVIGATION}
    values.update(
        user=context.get("user"),
        links=links() if callable(links) else links or {},
        brand=pgettext("brand", "Наставник"),
        language=get_language(),
        organization_url=_organization_url,
    )
    return render_part("core/_header.html", values, getattr(context, "request", None))
