"""The access log page: the director and the curator see who read the personal data of their organization."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nastavnik.organizations.access import get_organization

from .forms import AccessLogFilterForm
from .models import AccessRecord
from .services import subject_labels

PAGE_SIZE = 50
VIEW_ACCESS_LOG = "audit.view_access_log"


@login_required
def access_log(request: HttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, VIEW_ACCESS_LOG)
    filter_form = AccessLogFilterForm(request.GET or None)
    records = filter_form.apply(AccessRecord.objects.filter(organization=organization).select_related("user"))
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    labels = subject_labels(shown, request.user)
    rows = [(record, labels.get((record.subject_type, record.subject_id or 0), "")) for record in shown]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organization": organization,
        "filter_form": filter_form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "retention_days": settings.ACCESS_LOG_RETENTION_DAYS,
    }
    return render(request, "audit/access_log.html", context)
