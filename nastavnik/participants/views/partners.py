"""Partner organizations that supply mentors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nastavnik.accounts.permissions import can
from nastavnik.organizations.access import get_organization

from .. import forms, services
from ..models import Partner
from .common import Request, add_errors


@login_required
@require_http_methods(["GET", "POST"])
def partners(request: Request, org: str) -> HttpResponse:
    organization = get_organization(request, org, "participants.view_base")
    can_change = can(request.user, "participants.change_base", organization)
    form = forms.PartnerForm(request.POST or None) if can_change else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.add_partner(organization, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Партнёр добавлен."))
                return redirect("participants:partners", organization.slug)
    rows = Partner.objects.filter(organization=organization).annotate(mentors_count=Count("mentors"))
    return render(
        request,
        "participants/partners.html",
        {"organization": organization, "partners": rows, "form": form, "can_change": can_change},
    )
