"""Approval: a run becomes pairings, mentor assignments and the order, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.mentoring import services as mentoring
from nastavnik.mentoring.models import Pairing, PairingMember
from nastavnik.methodology.models import MentoringForm, RoleModel
from nastavnik.participants.models import (
    MenteeProfile,
    MentorProfile,
)
from nastavnik.participants.queries import annotate_consent, can_be_paired, copy_annotations

from ..models import MatchingRun
from ..problem import BASE_STATUSES, REGISTER_STATUSES, P, who

if TYPE_CHECKING:
    from nastavnik.accounts.models import User
    from nastavnik.mentoring.models import Order


Profile = TypeVar("Profile", MenteeProfile, MentorProfile)


class RunConflict(ValidationError):
    """The run cannot be approved as it is: already approved, or the bases changed since (the API: 409)."""


def _stale_problems(
    run: MatchingRun, mentees: dict[int, MenteeProfile], mentors: dict[int, MentorProfile]
) -> list[str]:
    """Why the proposal no longer matches the bases (people changed status, consent, places)."""
    problems: list[str] = []
    pairs = run.result.get("pairs") or []
    in_pairing = set(
        PairingMember.objects.filter(
            organization=run.organization, mentee__in=list(mentees), pairing__status=Pairing.Status.ACTIVE
        ).values_list("mentee_id", flat=True)
    )
    for pair in pairs:
        mentee = mentees.get(pair["mentee"])
        if mentee is None:
            problems.append(_("наставляемый удалён из базы"))
            continue
        name = who(mentee)
        if mentee.status not in BASE_STATUSES or mentee.pk in in_pairing:
            problems.append(
                _("%(name)s — уже не в базе наставляемых (статус «%(status)s»)")
                % {"name": name, "status": mentee.get_status_display()}
            )
            continue
        ok, reason = can_be_paired(mentee.participant)
        if not ok:
            problems.append(f"{name} — {reason}")
    wanted = Counter(pair["mentor"] for pair in pairs)
    busy = dict(
        PairingMember.objects.filter(
            organization=run.organization,
            pairing__mentor__in=list(mentors),
            pairing__status=Pairing.Status.ACTIVE,
        )
        .values_list("pairing__mentor_id")
        .annotate(n=Count("pk"))
        .values_list("pairing__mentor_id", "n")
    )
    for mentor_pk, count in wanted.items():
        mentor = mentors.get(mentor_pk)
        if mentor is None:
            problems.append(_("наставник удалён из базы"))
            continue
        name = who(mentor)
        if mentor.status not in REGISTER_STATUSES:
            problems.append(
                _("%(name)s — наставник не в реестре (статус «%(status)s»)")
                % {"name": name, "status": mentor.get_status_display()}
            )
            continue
        ok, reason = can_be_paired(mentor.participant)
        if not ok:
            problems.append(f"{name} — {reason}")
        elif busy.get(mentor_pk, 0) + count > mentor.capacity:
            problems.append(
                _(
                    "%(name)s — не хватает мест: может взять %(capacity)s, уже в парах %(busy)s, в подборе %(count)s"
                )
                % {"name": name, "capacity": mentor.capacity, "busy": busy.get(mentor_pk, 0), "count": count}
            )
    return problems


def _load_people(run: MatchingRun) -> tuple[dict[int, MenteeProfile], dict[int, MentorProfile]]:
    pairs = run.result.get("pairs") or []
    return (
        _profiles(MenteeProfile, run, [p["mentee"] for p in pairs]),
        _profiles(MentorProfile, run, [p["mentor"] for p in pairs]),
    )


def _profiles(model: type[Profile], run: MatchingRun, pks: list[int]) -> dict[int, Profile]:
    """The run's profiles of one base by pk, with the consent facts that `can_be_paired` reads."""
    qs = annotate_consent(model.objects.filter(organization=run.organization, pk__in=pks), prefix=P)
    return {m.pk: m for m in copy_annotations(qs.select_related("participant"))}


def approve_run(
    run: MatchingRun,
    order_number: str,
    order_date: dt.date | None,
    form: MentoringForm | None,
    role_model: RoleModel | None = None,
    *,
    acting_user: User | None,
) -> Order:
    """Turn a run into pairings, assignments and the order (returned) in one transaction.

    Refused with a Russian message when the run is empty or already approved, when the bases changed
    since the run (a mentee paired elsewhere, consent revoked, a mentor left the register or has no
    place), or when the order's fields are wrong (number taken this year, form of another organization).
    """
    organization = run.organization
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().select_related("organization").get(pk=run.pk)
        if run.is_approved:
            raise RunConflict(_("Этот подбор уже утверждён: %(order)s.") % {"order": run.order or "приказ"})
        pairs = run.result.get("pairs") if isinstance(run.result, dict) else None
        if not pairs:
            raise ValidationError(_("В этом подборе нет ни одной пары — утверждать нечего."))
        mentees, mentors = _load_people(run)
        problems = _stale_problems(run, mentees, mentors)
        if problems:
            shown = "; ".join(problems[:5]) + ("; …" if len(problems) > 5 else "")
            raise RunConflict(
                _("Базы изменились после подбора: %(problems)s. Пересчитайте подбор.") % {"problems": shown}
            )
        grouped: dict[int, list[mentoring.ProposedMember]] = defaultdict(list)
        for pair in pairs:
            grouped[pair["mentor"]].append(
                mentoring.ProposedMember(
                    mentee=mentees[pair["mentee"]],
                    score=pair.get("score"),
                    reasons="; ".join(pair.get("reasons") or []),
                )
            )
        proposals = [
            mentoring.ProposedPairing(mentor=mentors[pk], members=items) for pk, items in grouped.items()
        ]
        order = mentoring.create_pairings(
            organization,
            proposals,
            acting_user=acting_user,
            order_number=order_number,
            order_date=order_date,
            form=form,
            role_model=role_model,
        )
        try:
            run.approved_at = timezone.now()
            run.approved_by = acting_user
            run.order = order
            run.save(update_fields=["approved_at", "approved_by", "order"])
        except Exception:
            order.file.delete(save=False)
            raise
    return order
