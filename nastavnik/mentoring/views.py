"""Pages of the mentoring work: the pairings of the organization, "my pairing", the orders' Word files.

Programme staff see all pairings (`participants.view_base`); a mentor, a mentee or a parent sees only
their own pairing. Orders name minors, so only programme staff may download them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render

from nastavnik.accounts.permissions import can, require
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.organizations.access import get_organization

from . import queries
from .documents import DOCX_MIME
from .models import Order, Pairing

PAGE_SIZE = 50


@login_required
def pairings(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, "participants.view_base")
    status = request.GET.get("status", "")
    if status not in Pairing.Status.values:
        status = ""
    page = Paginator(queries.staff_pairings(organization, status or None), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "organization": organization,
        "page": page,
        "rows": queries.label(page.object_list, request.user, organization),
        "offset": page.start_index() - 1 if page.paginator.count else 0,
        "status": status,
        "statuses": Pairing.Status.choices,
        "orders": list(queries.orders(organization)),
        "can_match": can(request.user, "matching.approve_pairings", organization),
    }
    return render(request, "mentoring/pairings.html", context)


@login_required
def my_pairing(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org)
    context = {"organization": organization, "mine": queries.my_pairings(organization, request.user)}
    return render(request, "mentoring/my_pairing.html", context)


@login_required
def order_download(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponseBase:
    organization = get_organization(request, org, "participants.view_base")
    order: Order = get_object_or_404(
        Order.objects.select_related("organization"), organization=organization, pk=pk
    )
    require(request.user, "participants.view_base", order)
    if not order.file:
        raise Http404
    try:
        handle = order.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=order.download_name, content_type=DOCX_MIME)
