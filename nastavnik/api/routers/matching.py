"""Matching: run the engine over the bases, and approve a run into pairings and the order.

The same services as the matching pages (`matching.services.run_matching`, `approve_run`) and the same
permissions: the curator runs (`matching.run_matching`); the curator and the administration approve
(`matching.approve_pairings`). A run already approved, or whose bases changed since, is a conflict (409).
Names follow `matching.queries.load_profiles`: a person who revoked consent is named to the curator only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema, Status
from pydantic import Field

from nastavnik.accounts.permissions import is_curator, organization_ids, require
from nastavnik.matching import queries, services
from nastavnik.matching.models import MatchingRun
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import MenteeProfile, MentorProfile, hidden_label

from ..common import mentoring_form, organization, role_model, user_of
from ..errors import ERRORS
from ..schemas import MAX_ID, Id, Person, Text

router = Router(tags=["matching"])
Pk = Path(..., ge=1, le=MAX_ID)
RUN = "matching.run_matching"
APPROVE = "matching.approve_pairings"


class RunIn(Schema):
    mode: Literal["optimal", "stable"] = "optimal"
    form: Text(64) | None = Field(None, description="Code of a form of mentoring; null: all forms")  # type: ignore[valid-type]


class PairOut(Schema):
    mentee: Person
    mentor: Person
    score: float
    reasons: list[str]
    locked: bool


class UnmatchedOut(Schema):
    mentee: Person
    reason: str


class RunOut(Schema):
    id: int
    mode: Literal["optimal", "stable"]
    form: str | None
    created_at: dt.datetime
    approved: bool
    total_score: float
    blocking_pairs: int
    pairs: list[PairOut]
    unmatched: list[UnmatchedOut]
    warnings: list[str]


class ApproveIn(Schema):
    order_number: Text(50)  # type: ignore[valid-type]
    order_date: dt.date | None = Field(None, description="The order's date; today when null")
    form: Text(64) | None = Field(  # type: ignore[valid-type]
        None, description="Code of the pairings' form of mentoring; null: the one most mentees asked for"
    )
    role_model: Id | None = None


class ApprovedOut(Schema):
    run: int
    order: int
    order_number: str
    order_date: dt.date
    pairings: list[int]


def _names(
    model: type[MenteeProfile] | type[MentorProfile], org: Organization, ids: Any, curator: bool
) -> dict[int, dict[str, Any]]:
    """People by profile id, as {"id", "name"}: «Фамилия И. О.», or the hidden label after revocation."""
    profiles = queries.load_profiles(model, org, ids, curator)
    return {
        pk: {"id": pk, "name": hidden_label() if p.hidden else p.participant.short_name}
        for pk, p in profiles.items()
    }


def _gone(pk: int) -> dict[str, Any]:
    return {"id": pk, "name": _("удалён из базы")}


def run_out(run: MatchingRun, org: Organization, user: Any) -> dict[str, Any]:
    """The stored proposal with today's names, in two queries whatever its size."""
    result = queries.result_of(run)
    pairs = result.get("pairs") or []
    unmatched = result.get("unmatched") or []
    curator = bool(is_curator(user, org))
    mentees = _names(
        MenteeProfile, org, [p["mentee"] for p in pairs] + [u["mentee"] for u in unmatched], curator
    )
    mentors = _names(MentorProfile, org, [p["mentor"] for p in pairs], curator)
    return {
        "id": run.pk,
        "mode": run.mode,
        "form": run.form.code if run.form else None,
        "created_at": run.created_at,
        "approved": run.is_approved,
        "total_score": run.total_score,
        "blocking_pairs": run.blocking_pairs,
        "pairs": [
            {
                "mentee": mentees.get(p["mentee"]) or _gone(p["mentee"]),
                "mentor": mentors.get(p["mentor"]) or _gone(p["mentor"]),
                "score": p["score"],
                "reasons": list(p.get("reasons") or []),
                "locked": bool(p.get("locked")),
            }
            for p in pairs
        ],
        "unmatched": [
            {"mentee": mentees.get(u["mentee"]) or _gone(u["mentee"]), "reason": u["reason"]}
            for u in unmatched
        ],
        "warnings": [str(w) for w in result.get("warnings") or []],
    }


@router.post(
    "/organizations/{slug}/matching/runs",
    response={201: RunOut, **ERRORS},
    summary="Run matching",
    description="Подбор пар по базам организации сейчас: `optimal` — наибольшая суммарная совместимость, "
    "`stable` — устойчивый (никакие наставник и наставляемый не предпочли бы друг друга своим парам). "
    "Ответ — предложение: пары с совместимостью и её объяснением, кто остался без пары и почему. "
    "Ничего, кроме запуска, не меняется. Кто может: куратор.",
)
def run_new(request: HttpRequest, slug: str, data: RunIn) -> Status[dict[str, Any]]:
    user = user_of(request)
    org = organization(request, slug, RUN)
    form = mentoring_form(org, data.form) if data.form else None
    run = services.run_matching(org, data.mode, acting_user=user, form=form)
    return Status(201, run_out(run, org, user))


@router.post(
    "/matching/runs/{pk}/approve",
    response={200: ApprovedOut, **ERRORS},
    summary="Approve a run",
    description="Утверждает подбор: создаёт пары и группы, закрепляет наставников и готовит приказ "
    "«Об утверждении наставнических пар/групп» (номер, дата; форма наставничества — по умолчанию та, "
    "что у большинства наставляемых). Подбор уже утверждён или базы изменились после него — 409. "
    "Кто может: куратор и администрация.",
)
def approve(request: HttpRequest, data: ApproveIn, pk: int = Pk) -> dict[str, Any]:
    user = user_of(request)
    run = (
        MatchingRun.objects.filter(organization_id__in=organization_ids(user), pk=pk)
        .select_related("form", "organization__municipality__region")
        .first()
    )
    if run is None:
        raise Http404
    require(user, APPROVE, run)
    org = run.organization
    if run.is_approved:
        raise services.RunConflict(_("Этот подбор уже утверждён."))
    form = mentoring_form(org, data.form) if data.form else queries.most_common_form(run)
    if form is None:
        raise ValidationError({"form": _("Укажите форму наставничества пар.")})
    model = role_model(form, data.role_model)
    order = services.approve_run(
        run,
        data.order_number,
        data.order_date or timezone.localdate(),
        form,
        model,
        acting_user=user,
    )
    return {
        "run": run.pk,
        "order": order.pk,
        "order_number": order.number,
        "order_date": order.date,
        "pairings": sorted(order.pairings.values_list("pk", flat=True)),
    }
