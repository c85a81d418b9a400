"""Matching runs: solve the bases now and keep the proposal as a snapshot; nothing else changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nastavnik.methodology.models import MentoringForm

from ..engine import (
    CRITERIA,
    MODES,
    FitWeights,
    build_report,
    solve,
)
from ..engine.report import LOCKED_REASON
from ..models import MatchingRun
from ..problem import RESULT_VERSION, MatchingInput, build_problem

if TYPE_CHECKING:
    from nastavnik.accounts.models import User
    from nastavnik.organizations.models import Organization


def clean_mode(mode: Any) -> str:
    if mode not in MODES:
        raise ValidationError(
            _(
                "Неизвестный режим подбора: ожидается optimal (наибольшая совместимость) или stable (устойчивый)."
            )
        )
    return str(mode)


def _result(data: MatchingInput, report: dict[str, Any]) -> dict[str, Any]:
    locked = {(data.problem.mentee_ids[i], data.problem.mentor_ids[r]) for i, r in data.problem.locked}
    pairs = [
        {
            "mentee": int(p["mentee"]),
            "mentor": int(p["mentor"]),
            "score": p["score"],
            "reasons": [r for r in p.get("reasons", []) if r != LOCKED_REASON],
            "locked": (p["mentee"], p["mentor"]) in locked,
        }
        for p in report["pairs"]
    ]
    bases = data.bases
    return {
        "version": RESULT_VERSION,
        "pairs": pairs,
        "unmatched": [
            {
                "mentee": int(u["mentee"]),
                "reason": u["reason"],
                "excluded": int(u["mentee"]) in bases.mentee_excluded,
            }
            for u in report["unmatched"]
        ],
        "mentors": [{"id": m.pk, "capacity": bases.free_places[m.pk]} for m in data.mentors],
        "excluded_mentors": [
            {"mentor": pk, "reason": reason} for pk, reason in bases.mentor_excluded.items()
        ],
        "total_score": report["total_score"],
        "blocking_pairs": report["blocking_pairs"],
        "counts": {
            "mentees": len(bases.mentees),
            "mentees_excluded": len(bases.mentee_excluded),
            "mentors": len(bases.mentors),
            "mentors_excluded": len(bases.mentor_excluded),
            "places": sum(bases.free_places[m.pk] for m in data.mentors),
        },
        "rankings": {
            "questionnaire": data.rankings.questionnaire_id,
            "title": data.rankings.questionnaire_title,
            "mentees": len(data.rankings.mentee),
            "mentors": len(data.rankings.mentor),
        },
        "warnings": data.warnings,
    }


def run_matching(
    organization: Organization,
    mode: str,
    *,
    acting_user: User | None,
    form: MentoringForm | None = None,
    weights: Mapping[str, Any] | FitWeights | None = None,
) -> MatchingRun:
    """Solve the organization's bases now and store the proposal; nothing else changes."""
    mode = clean_mode(mode)
    data = build_problem(organization, form, weights)
    report = build_report(data.problem, solve(data.problem, mode), explain=True)
    result = _result(data, report)
    return MatchingRun.objects.create(
        organization=organization,
        mode=mode,
        form=form,
        weights={name: getattr(data.weights, name) for name in CRITERIA},
        result=result,
        total_score=result["total_score"],
        pairs_count=len(result["pairs"]),
        unmatched_count=len(result["unmatched"]),
        blocking_pairs=result["blocking_pairs"],
        created_by=acting_user,
    )


def rerun(run: MatchingRun, *, acting_user: User | None, mode: str | None = None) -> MatchingRun:
    """The same settings again, on the bases and rules as they are now."""
    return run_matching(
        run.organization,
        mode or run.mode,
        acting_user=acting_user,
        form=run.form,
        weights=run.weights or None,
    )
