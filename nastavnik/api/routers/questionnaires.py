"""Questionnaires of an organization with the counts of the questionnaires page: invitations (not revoked)
and submitted responses. Who may list them is who sees the page (`questionnaires.view_results`: curation and
administration). Two queries whatever the number of questionnaires and invitations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Query, Router, Schema

from nastavnik.questionnaires.models import Questionnaire
from nastavnik.questionnaires.services import VIEW_RESULTS

from ..common import Paging, organization
from ..errors import ERRORS
from ..schemas import Page

router = Router(tags=["questionnaires"])


class QuestionnaireOut(Schema):
    id: int
    title: str
    audience: str
    purpose: str
    template: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    invitations: int
    submitted: int


class QuestionnairePage(Page):
    items: list[QuestionnaireOut]


@router.get(
    "/organizations/{slug}/questionnaires/",
    response={200: QuestionnairePage, **ERRORS},
    summary="Questionnaires of an organization",
    description="Анкеты организации (новые сначала) с числом приглашений (не отозванных) и отправленных "
    "ответов, как на странице «Анкеты». Кто может: куратор, рабочая группа, администрация.",
)
def questionnaires(request: HttpRequest, slug: str, paging: Query[Paging]) -> dict[str, Any]:
    org = organization(request, slug, VIEW_RESULTS)
    qs = Questionnaire.objects.filter(organization=org)
    count = qs.count()
    rows = (
        qs.select_related("source_template")
        .annotate(
            invited=Count("invitations", filter=Q(invitations__revoked_at__isnull=True)),
            answered=Count("invitations", filter=Q(invitations__submitted_at__isnull=False)),
        )
        .order_by("-created_at", "-pk")[paging.offset : paging.offset + paging.limit]
    )
    items = [
        {
            "id": q.pk,
            "title": q.title,
            "audience": q.audience,
            "purpose": q.purpose,
            "template": q.source_template.code or None if q.source_template else None,
            "created_at": q.created_at,
            "updated_at": q.updated_at,
            "invitations": q.invited,
            "submitted": q.answered,
        }
        for q in rows
    ]
    return {"items": items, "count": count}
