"""How a view gets the organization of its URL: only one the user belongs to, only for an allowed action."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from nastavnik.accounts.permissions import organization_ids, require

from .models import Organization


def get_organization(
    request: HttpRequest, slug: str, action: str = "organizations.view_organization"
) -> Organization:
    """The organization named in the URL, or 404 for strangers and for roles without `action`."""
    organization = get_object_or_404(
        Organization.objects.select_related("municipality__region"),
        slug=slug,
        pk__in=organization_ids(request.user),
    )
    require(request.user, action, organization)
    return organization
