"""How a view gets the organization of its URL: only one the user belongs to, only for an allowed action."""

import copy
from typing import Any

from django.http import Http404, HttpRequest

from nastavnik.accounts.permissions import PROGRAMME_STAFF, has_any_role, organization_ids, require
from nastavnik.accounts.twofactor import TwoFactorRequired, is_verified

from .models import Organization

_CACHE_ATTR = "_nastavnik_organizations"


def user_organizations(user: Any) -> list[Organization]:
    """The organizations of the user's memberships by name (with municipality and region), loaded once per user
    object, that is once per request: the view's organization and the menu's list are the same objects. Loaded
    again when the memberships were (`forget_roles`)."""
    ids = organization_ids(user)
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None or cached[0] != ids:
        organizations = list(
            Organization.objects.filter(pk__in=ids)
            .select_related("municipality__region")
            .order_by("short_name")
        )
        cached = (ids, organizations)
        if getattr(user, "is_authenticated", False):
            setattr(user, _CACHE_ATTR, cached)
    return cached[1]


def get_organization(
    request: HttpRequest, slug: str, action: str = "organizations.view_organization"
) -> Organization:
    """The organization named in the URL, or 404 for strangers and for roles without `action`.

    Staff of an organization that requires two-factor authentication must have verified a code in this
    session (TwoFactorRequired sends them to enrolment or to the code page)."""
    found = next((o for o in user_organizations(request.user) if o.slug == slug), None)
    if found is None:
        raise Http404
    organization = copy.copy(found)  # the view's own object: a form bound to it must not rename the menu's
    require(request.user, action, organization)
    if (
        organization.require_staff_two_factor
        and has_any_role(request.user, organization, PROGRAMME_STAFF)
        and not is_verified(request.user)
    ):
        raise TwoFactorRequired  # the middleware sends the user to enrolment
    return organization
