"""How a view gets the organization of its URL: only one the user belongs to, only for an allowed action."""

import copy
from typing import Any

from django.http import Http404, HttpRequest

from nastavnik.accounts.permissions import PROGRAMME_STAFF, has_any_role, membership_organizations, require
from nastavnik.accounts.twofactor import TwoFactorRequired, is_verified

from .models import Organization


def user_organizations(user: Any) -> list[Organization]:
    """The organizations of the user's memberships by name (with municipality and region), loaded once per user
    object, that is once per request, in the same query as the roles (`permissions.membership_organizations`):
    the view's organization and the menu's list are the same objects. Loaded again when the memberships were
    (`forget_roles`)."""
    return membership_organizations(user)


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
