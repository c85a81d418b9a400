"""Puts the navigation of the current user and organization into every template."""

from typing import Any

from django.http import HttpRequest

from nastavnik.core.models import unread_count
from nastavnik.core.navigation import items_for
from nastavnik.organizations.access import user_organizations


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    organizations = user_organizations(user)
    slug = None
    match = getattr(request, "resolver_match", None)
    if match is not None:
        slug = match.kwargs.get("org")
    current = next((o for o in organizations if o.slug == slug), organizations[0] if organizations else None)
    return {
        "nav_organizations": organizations,
        "nav_organization": current,
        "nav_items": items_for(user, current) if current else [],
        "nav_is_coordinator": user.coordinations.exists(),
        "nav_unread_notifications": unread_count(user),
    }
