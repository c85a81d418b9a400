"""Pages of an organization and the aggregate page of a region."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nastavnik.accounts.http import AuthenticatedHttpRequest
from nastavnik.accounts.models import Membership
from nastavnik.accounts.permissions import can, require, roles_in

from . import services
from .access import get_organization
from .models import Organization, Region


@login_required
def detail(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org)
    return render(
        request,
        "organizations/detail.html",
        {
            "organization": organization,
            "my_roles": sorted(roles_in(request.user, organization)),
            "can_manage": can(request.user, "organizations.manage_organization", organization),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_two_factor(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    """The director or the curator requires two-factor authentication of the programme staff (or stops)."""
    organization = get_organization(request, org, "organizations.manage_organization")
    if request.method == "POST":
        required = request.POST.get("require_staff_two_factor") == "on"
        services.set_staff_two_factor(organization, required)
        if required:
            messages.success(
                request, _("Теперь сотрудники программы входят с кодом из приложения-аутентификатора.")
            )
        else:
            messages.success(request, _("Двухфакторная аутентификация сотрудников больше не обязательна."))
        return redirect("organizations:staff_two_factor", organization.slug)
    return render(request, "organizations/security.html", {"organization": organization})


@login_required
def members(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, "organizations.view_members")
    memberships = (
        Membership.objects.filter(organization=organization)
        .exclude(role__in=["mentee", "parent"])
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "role")
    )
    return render(
        request, "organizations/members.html", {"organization": organization, "memberships": memberships}
    )


@login_required
def region(request: AuthenticatedHttpRequest, region: str) -> HttpResponse:
    """Aggregates only: counts per municipality, never a person's name."""
    region_obj = get_object_or_404(Region, slug=region)
    require(request.user, "organizations.view_region", region_obj)
    municipalities = region_obj.municipalities.annotate(organizations_count=Count("organizations")).order_by(
        "name"
    )
    coordination = request.user.coordinations.filter(region=region_obj).first()
    if coordination and coordination.municipality_id:
        municipalities = municipalities.filter(pk=coordination.municipality_id)
    kinds = []
    if coordination:
        rows = coordination.organizations().values("kind").annotate(total=Count("id")).order_by("kind")
        kinds = [{"label": Organization.Kind(row["kind"]).label, "total": row["total"]} for row in rows]
    return render(
        request,
        "organizations/region.html",
        {
            "region": region_obj,
            "municipalities": municipalities,
            "kinds": kinds,
            "coordination": coordination,
        },
    )
