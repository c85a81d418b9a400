"""Puts the navigation of the current user and organization into every template.

Every value is a callable the template engine calls where the page uses it, computed once per request: a page
that extends base.html pays for the header and the menu; an htmx partial, an e-mail or an admin page rendered
with the request pays nothing. The organizations come with the roles (the one membership query of the request,
`permissions.membership_organizations`); the unread count and the coordinator check are one small statement
(`header_facts`), made only by base.html. The header's fixed links and the menu's URLs are reversed once per
process.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext

from nastavnik.accounts.models import Coordination
from nastavnik.accounts.permissions import organization_ids
from nastavnik.core.models import Notification
from nastavnik.core.navigation import cached_url, items_for
from nastavnik.organizations.access import user_organizations

#: The links of the header, by the name base.html uses (`nav_links.home`).
HEADER_LINKS = {
    "home": "core:home",
    "notifications": "core:notifications",
    "security": "accounts:two_factor",
    "api_keys": "api_keys:tokens",
    "admin": "admin:index",
    "logout": "accounts:logout",
    "set_language": "set_language",
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    @cache
    def links() -> dict[str, str | None]:
        return {key: cached_url(name) for key, name in HEADER_LINKS.items()}

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": links}

    @cache
    def organizations() -> list[Any]:
        return user_organizations(user)

    @cache
    def current() -> Any:
        slug = None
        match = getattr(request, "resolver_match", None)
        if match is not None:
            slug = match.kwargs.get("org")
        found = organizations()
        return next((o for o in found if o.slug == slug), found[0] if found else None)

    @cache
    def items() -> list[dict[str, Any]]:
        organization = current()
        if organization is None:
            return []
        # Translated and marked here, once, rather than by a {% translate %} and an {% if %} per entry.
        path = request.path
        return [
            {"label": gettext(i["label"]), "url": i["url"], "current": i["url"] == path}
            for i in items_for(user, organization)
        ]

    @cache
    def facts() -> tuple[int, bool]:
        return header_facts(user)

    def is_coordinator() -> bool:
        return facts()[1]

    def unread() -> int:
        return facts()[0]

    return {
        "nav_links": links,
        "nav_organizations": organizations,
        "nav_organization": current,
        "nav_items": items,
        "nav_is_coordinator": is_coordinator,
        "nav_unread_notifications": unread,
    }


def header_facts(user: Any) -> tuple[int, bool]:
    """The user's unread notifications in their organizations (the tenancy scope of a request) and whether
    they coordinate a region: one plain statement for the header of every page. Through the ORM they were two
    queries whose building cost more than running them."""
    ids = organization_ids(user)
    organizations = ", ".join(["%s"] * len(ids)) or "NULL"
    notifications = connection.ops.quote_name(Notification._meta.db_table)
    coordinations = connection.ops.quote_name(Coordination._meta.db_table)
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {notifications} WHERE user_id = %s AND read_at IS NULL"
        f" AND organization_id IN ({organizations})),"
        f" EXISTS (SELECT 1 FROM {coordinations} WHERE user_id = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, *ids, user.pk])
        unread, coordinator = cursor.fetchone()
    return int(unread), bool(coordinator)
