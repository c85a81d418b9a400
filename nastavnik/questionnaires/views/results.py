"""The results of a questionnaire: summaries per question, answers per person, the XLSX export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from nastavnik.accounts.permissions import can
from nastavnik.audit.services import AccessKind, record_access
from nastavnik.core.http import AuthenticatedHttpRequest

from .. import results as results_module
from ..models import Response
from ..services import MANAGE, VIEW_RESULTS
from .common import page_bounds, questionnaire_of, sees_revoked, xlsx

PEOPLE_PER_PAGE = 100


@login_required
def results(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization, questionnaire = questionnaire_of(request, org, pk, VIEW_RESULTS)
    total = Response.objects.filter(questionnaire=questionnaire, submitted_at__isnull=False).count()
    number, start, end = page_bounds(request, total, PEOPLE_PER_PAGE)
    collected = results_module.collect(
        questionnaire, with_revoked=sees_revoked(request.user, organization), people=slice(start, end)
    )
    return render(
        request,
        "questionnaires/results.html",
        {
            "organization": organization,
            "questionnaire": questionnaire,
            "results": collected,
            "can_manage": can(request.user, MANAGE, organization),
            "page_number": number,
            "has_previous": number > 1,
            "has_next": end < len(collected.responses),
        },
    )


@login_required
def results_xlsx(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization, questionnaire = questionnaire_of(request, org, pk, VIEW_RESULTS)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    content = results_module.results_xlsx(
        questionnaire, with_revoked=sees_revoked(request.user, organization)
    )
    record_access(request, organization, AccessKind.QUESTIONNAIRE_RESULTS, questionnaire)
    return xlsx(content, f"results-{questionnaire.pk}-{stamp}.xlsx")
