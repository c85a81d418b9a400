"""The bases as lists (mentees, mentors, the register of mentors) and their XLSX exports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.permissions import can
from nastavnik.audit.services import export_kind, record_access
from nastavnik.core.pagination import get_page
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization

from .. import export, forms, queries
from ..models import MenteeProfile, MentorProfile, Participant
from .common import Request

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _filtered(
    request: HttpRequest, organization: Organization, *, kind: str, register: bool
) -> tuple[forms.BaseFilterForm, QuerySet]:
    form_class = forms.MenteeFilterForm if kind == "mentees" else forms.MentorFilterForm
    filter_form = form_class(request.GET or None, organization=organization)
    filters = filter_form.filters() if request.GET else {}
    if kind == "mentees":
        return filter_form, queries.mentees(organization, request.user, filters)
    return filter_form, queries.mentors(organization, request.user, filters, register=register)


def decorate(rows: list[Any], organization: Organization) -> list[Any]:
    """What each row of a base shows beyond the model, computed once per page in Python (translations,
    display values, the person's link, the consent chip) instead of template tags repeated per row. The rows
    come from `queries.copy_annotations`."""
    person_prefix = reverse("participants:person", args=[organization.slug, 0])[: -len("0/")]
    categories = {value: str(label) for value, label in Participant.Category.choices}
    statuses = {
        model: {value: str(label) for value, label in model.Status.choices}
        for model in (MenteeProfile, MentorProfile)
    }
    chips = {
        "revoked": ("chip-cancelled", _("отозвано")),
        "yes": ("chip-done", _("есть")),
        "no": ("chip-overdue", _("нет")),
    }
    for row in rows:
        person = row.participant
        row.url = f"{person_prefix}{person.pk}/"
        row.category_label = categories.get(person.category, person.category)
        row.status_label = statuses[type(row)].get(row.status, row.status)
        state = "revoked" if person.is_hidden_by_revocation else "yes" if person.has_valid_consent else "no"
        row.consent_class, row.consent_label = chips[state]
    return rows


@login_required
def base_list(request: Request, org: str, *, kind: str, register: bool = False) -> HttpResponse:
    """The base of mentees or mentors, or the register of mentors (`kind` and `register` come from urls.py)."""
    organization = get_organization(request, org, "participants.view_base")
    filter_form, qs = _filtered(request, organization, kind=kind, register=register)
    page = get_page(qs, request.GET.get("page"), PAGE_SIZE)
    context = {
        "organization": organization,
        "filter_form": filter_form,
        "page": page,
        "rows": decorate(queries.copy_annotations(page.object_list, lists=True), organization),
        "query": _query_without_page(request),
        "can_change": can(request.user, "participants.change_base", organization),
        "kind": kind,
        "register": register,
        "groups": queries.groups(organization),
    }
    if request.htmx and not request.htmx.boosted:
        return render(
            request, f"participants/_{'mentee' if kind == 'mentees' else 'mentor'}_table.html", context
        )
    template = "participants/register.html" if register else f"participants/{kind}.html"
    return render(request, template, context)


@login_required
def export_list(request: Request, org: str, *, kind: str, register: bool = False) -> HttpResponse:
    """The same list (with the same filters) as an XLSX file."""
    organization = get_organization(request, org, "participants.view_base")
    _form, qs = _filtered(request, organization, kind=kind, register=register)
    rows = queries.copy_annotations(qs, lists=True)
    if kind == "mentees":
        content = export.build_workbook("Наставляемые", export.MENTEE_HEADERS, export.mentee_rows(rows))
        name = "baza-nastavlyaemyh"
    elif register:
        content = export.build_workbook(
            "Реестр наставников", export.REGISTER_HEADERS, export.register_rows(rows)
        )
        name = "reestr-nastavnikov"
    else:
        content = export.build_workbook("Наставники", export.MENTOR_HEADERS, export.mentor_rows(rows))
        name = "baza-nastavnikov"
    record_access(request, organization, export_kind(kind, register=register))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{organization.slug}-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    return response
