"""All pairings at a glance (the read side of stage 6): stage, meetings, feedback, plan, what needs attention.

One query for the pairings with every figure as a correlated subquery (so joins do not multiply rows),
one for their members with consent: the page costs the same at 20 pairings and at 2,000.

A pairing needs attention («требует внимания») when it is active and
- no meeting was held for the organization's `pairing_idle_days` (default 21) — counted from the approval
  while no meeting has been held yet;
- a mentee's feedback is missing more than `FEEDBACK_GRACE_DAYS` after a held meeting;
- a task of its plan is overdue;
- the mean of its mentees' feedback is below `LOW_AVERAGE` (5 of 10);
- a participant revoked consent to personal-data processing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg,
    Count,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.organizations.models import Organization
from nastavnik.participants.services import annotate_consent

from .models import Feedback, Meeting, Pairing, PairingMember, PlanTask

FEEDBACK_GRACE_DAYS = 3
LOW_AVERAGE = 5.0
MENTOR = "mentor__participant__"
MENTEE = "mentee__participant__"
HELD = Meeting.Status.HELD


def _per_pairing(qs: QuerySet[Any], key: str, expression: Any, output: Any) -> Subquery:
    """A correlated subquery yielding one aggregate per pairing (None when there is nothing to count)."""
    return Subquery(
        qs.order_by().values(key).annotate(value=expression).values("value")[:1], output_field=output
    )


def annotate_work(qs: QuerySet[Pairing], now: dt.datetime | None = None) -> QuerySet[Pairing]:
    """Add the stage-6 figures of every pairing as annotations (no extra query per row)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    integer, moment = IntegerField(), Meeting._meta.get_field("starts_at")
    meetings = Meeting.objects.filter(pairing=OuterRef("pk"))
    held = meetings.filter(status=HELD)
    tasks = PlanTask.objects.filter(goal__plan__pairing=OuterRef("pk"))
    task_key = "goal__plan__pairing_id"
    # A held meeting waits for feedback while fewer of its mentees answered than the pairing has.
    given = _per_pairing(
        Feedback.objects.filter(meeting=OuterRef("pk"), is_mentor=False), "meeting_id", Count("pk"), integer
    )
    members = _per_pairing(
        PairingMember.objects.filter(pairing=OuterRef("pairing_id")), "pairing_id", Count("pk"), integer
    )
    waiting = held.annotate(given=Coalesce(given, 0), members=members).filter(given__lt=F("members"))
    grace = now - dt.timedelta(days=FEEDBACK_GRACE_DAYS)
    return qs.annotate(
        meetings_held=Coalesce(_per_pairing(held, "pairing_id", Count("pk"), integer), 0),
        last_meeting_at=_per_pairing(held, "pairing_id", Max("starts_at"), moment),
        next_meeting_at=_per_pairing(
            meetings.filter(status=Meeting.Status.SCHEDULED, starts_at__gte=now),
            "pairing_id",
            Min("starts_at"),
            moment,
        ),
        stage=Subquery(held.order_by("-starts_at", "-pk").values("kind")[:1]),
        feedback_average=_per_pairing(
            Feedback.objects.filter(meeting__pairing=OuterRef("pk"), is_mentor=False),
            "meeting__pairing_id",
            Avg((F("usefulness") + F("comfort")) / Value(2.0)),
            FloatField(),
        ),
        feedback_missing=Coalesce(_per_pairing(waiting, "pairing_id", Count("pk"), integer), 0),
        feedback_overdue=Coalesce(
            _per_pairing(waiting.filter(starts_at__lt=grace), "pairing_id", Count("pk"), integer), 0
        ),
        tasks_total=Coalesce(_per_pairing(tasks, task_key, Count("pk"), integer), 0),
        tasks_done=Coalesce(
            _per_pairing(tasks.filter(status=PlanTask.Status.DONE), task_key, Count("pk"), integer), 0
        ),
        tasks_overdue=Coalesce(
            _per_pairing(
                tasks.exclude(status=PlanTask.Status.DONE).filter(due__lt=today),
                task_key,
                Count("pk"),
                integer,
            ),
            0,
        ),
    )


def _members_prefetch() -> Prefetch[Any]:
    members = annotate_consent(PairingMember.objects.select_related("mentee__participant"), prefix=MENTEE)
    return Prefetch("members", queryset=members.order_by(f"{MENTEE}last_name", f"{MENTEE}first_name", "pk"))


@dataclass
class Attention:
    reasons: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.reasons)


def attention(pairing: Any, idle_days: int, now: dt.datetime | None = None) -> list[str]:
    """Why a pairing annotated by `annotate_work` needs the curator's attention (empty: it does not)."""
    if pairing.status != Pairing.Status.ACTIVE:
        return []
    now = now or timezone.now()
    reasons: list[str] = []
    since = pairing.last_meeting_at or pairing.approved_at or pairing.created_at
    if since is not None and since < now - dt.timedelta(days=idle_days):
        days = (now - since).days
        reasons.append(
            _("нет встреч %(days)s дн.") % {"days": days}
            if pairing.last_meeting_at
            else _("ни одной встречи за %(days)s дн.") % {"days": days}
        )
    if pairing.feedback_overdue:
        reasons.append(_("нет обратной связи после встреч: %(n)s") % {"n": pairing.feedback_overdue})
    if pairing.tasks_overdue:
        reasons.append(_("просрочены задачи плана: %(n)s") % {"n": pairing.tasks_overdue})
    if pairing.feedback_average is not None and pairing.feedback_average < LOW_AVERAGE:
        reasons.append(_("низкая оценка встреч: %(avg).1f") % {"avg": pairing.feedback_average})
    revoked = pairing.annotated_revoked_at is not None or any(
        m.annotated_revoked_at is not None for m in pairing.members.all()
    )
    if revoked:
        reasons.append(_("отозвано согласие на обработку персональных данных"))
    return reasons


def pairings_overview(
    organization: Organization, *, status: str | None = None, now: dt.datetime | None = None
) -> QuerySet[Pairing]:
    """The curator's list: every pairing of the organization with its figures, members prefetched."""
    qs: QuerySet[Pairing] = Pairing.objects.filter(organization=organization)
    if status:
        qs = qs.filter(status=status)
    qs = annotate_consent(qs, prefix=MENTOR).select_related("mentor__participant", "form", "role_model")
    return annotate_work(qs, now).prefetch_related(_members_prefetch())


def with_attention(
    pairings: Iterable[Pairing], organization: Organization, now: dt.datetime | None = None
) -> list[Pairing]:
    """Evaluate the queryset and set `attention_reasons` on every pairing."""
    now = now or timezone.now()
    rows = list(pairings)
    for pairing in rows:
        pairing.attention_reasons = attention(pairing, organization.pairing_idle_days, now)
    return rows


def progress_percent(pairing: Any) -> int | None:
    """Percent of the plan's tasks done, for a pairing annotated by `annotate_work`."""
    return round(100 * pairing.tasks_done / pairing.tasks_total) if pairing.tasks_total else None
