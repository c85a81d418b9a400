"""The caller and their organizations: GET /me, GET /organizations/."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router

from nastavnik.accounts.models import Coordination, Membership
from nastavnik.mentoring.calendar import ensure_token
from nastavnik.organizations.models import Organization

from ..common import Paging, user_of
from ..errors import ERRORS
from ..schemas import Me, OrganizationPage

router = Router(tags=["me"])


@router.get("/me", response={200: Me, **ERRORS}, summary="Who am I")
def me(request: HttpRequest) -> dict[str, Any]:
    user = user_of(request)
    roles: dict[str, list[str]] = {}
    for slug, role in (
        Membership.objects.filter(user=user)
        .order_by("organization__slug", "role")
        .values_list("organization__slug", "role")
    ):
        roles.setdefault(slug, []).append(role)
    coordinations = [
        {"region": region, "municipality": municipality}
        for region, municipality in Coordination.objects.filter(user=user)
        .order_by("region__slug", "pk")
        .values_list("region__slug", "municipality__slug")
    ]
    feed = reverse("mentoring:calendar_feed", args=[ensure_token(user)])
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.get_full_name(),
        "memberships": [{"organization": slug, "roles": r} for slug, r in roles.items()],
        "coordinations": coordinations,
        "calendar_url": request.build_absolute_uri(feed),
    }


@router.get("/organizations/", response={200: OrganizationPage, **ERRORS}, summary="My organizations")
def organizations(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    user = user_of(request)
    qs = (
        Organization.objects.filter(memberships__user=user)
        .distinct()
        .select_related("municipality__region")
        .order_by("slug")
    )
    count = qs.count()
    rows = qs[paging.offset : paging.offset + paging.limit]
    items = [
        {
            "slug": o.slug,
            "name": o.short_name,
            "kind": o.kind,
            "region": o.municipality.region.slug,
            "municipality": o.municipality.slug,
        }
        for o in rows
    ]
    return {"items": items, "count": count}
