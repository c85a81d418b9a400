"""How a view gets the organization of its URL: only one the user belongs to, only for an allowed action."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from nastavnik.accounts.permissions import PROGRAMME_STAFF, has_any_role, organization_ids, require
from nastavnik.accounts.twofactor import TwoFactorRequired, is_verified

from .models import Organization


def get_organization(
    request: HttpRequest, slug: str, action: str = "organizations.view_organization"
) -> Organization:
    """The organization named in the URL, or 404 for strangers and for roles without `action`.

    Staff of an organization that requires two-factor authentication must have verified a code in this
    session (TwoFactorRequired sends them to enrolment or to the code page)."""
    organization = get_object_or_404(
        Organization.objects.select_related("municipality__region"),
        slug=slug,
        pk__in=organization_ids(request.user),
    )
    require(request.user, action, organization)
    if (
        organization.require_staff_two_factor
        and has_any_role(request.user, organization, PROGRAMME_STAFF)
        and not is_verified(request.user)
    ):
        raise TwoFactorRequired  # the middleware sends the user to enrolment
    return organization
