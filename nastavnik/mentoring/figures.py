"""How many active pairings need attention and why, counted in SQL (the dashboard's figures).

`overview.overview_rows` computes every pairing's figures in Python for the curator's list (it needs them all:
it shows, filters and sorts them); the dashboard shows only counts, and building 2,000 rows costs it two thirds
of its time (20,000 meeting timestamps brought into Python). Here each active pairing's flags are evaluated by
the database — correlated subqueries on the indexed foreign keys (`meeting_pairing`, `consent_latest`) that
return booleans and the stage's kind, never a timestamp — and only the counting is done in Python, in one query.
The rows under a pairing (meetings, feedback, members, plan tasks) are reached through the pairing, which is the
organization's, without a filter on their own `organization_id` (always the pairing's), neither ours nor the
tenancy scope's (the subqueries are built unscoped): with it SQLite scans the organization's index once per
pairing, a quadratic plan (130 ms at 200 pairings already, over ten seconds at 2,000, against 70 ms).

The rules are `overview.attention`'s, with its thresholds (`FEEDBACK_GRACE_DAYS`, `LOW_AVERAGE`, the
organization's `pairing_idle_days`) and the same moments compared (aware datetimes computed here, never a date
function of the database, so SQLite and PostgreSQL agree with the overview). tests/mentoring/test_figures.py
checks that these counts equal what `overview_rows` flags on a varied programme.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from nastavnik.core.tenancy import scopes_disabled
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import Consent

from .models import Feedback, Meeting, Pairing, PairingMember, PlanTask
from .overview import FEEDBACK_GRACE_DAYS, HELD, LOW_AVERAGE


@dataclass
class AttentionCounts:
    """The active pairings of an organization: by stage and by reason for attention (`overview.attention`)."""

    active: int = 0
    #: kind of the last held meeting → active pairings; "" for pairings without a held meeting yet.
    by_stage: Counter[str] = field(default_factory=Counter)
    attention: int = 0  # pairings with at least one reason
    idle: int = 0  # no meeting held for `pairing_idle_days` (since the approval while none was held)
    feedback_overdue: int = (
        0  # a mentee's feedback missing more than FEEDBACK_GRACE_DAYS after a held meeting
    )
    tasks_overdue: int = 0  # an open task of the plan past its due date
    low_feedback: int = 0  # the mean of the mentees' feedback below LOW_AVERAGE
    revoked: int = 0  # the mentor's or a mentee's latest personal-data consent is revoked


def _count(qs: object) -> Func:
    """COUNT(*) of a correlated queryset as a scalar subquery (0 when there are no rows; no GROUP BY)."""
    rows = qs.order_by().annotate(n=Func(Value(1), function="COUNT")).values("n")  # type: ignore[attr-defined]
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _flag(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


def attention_counts(organization: Organization, *, now: dt.datetime | None = None) -> AttentionCounts:
    """The active pairings counted by stage and by reason for attention; one query whatever their number."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    idle_since = now - dt.timedelta(days=organization.pairing_idle_days)
    grace = now - dt.timedelta(days=FEEDBACK_GRACE_DAYS)
    # The subqueries are correlated to the organization's pairings (the outer query, scoped as usual): built
    # unscoped, since the scope's own `organization_id IN (…)` filter would make SQLite scan the organization's
    # index once per pairing (see the module docstring).
    with scopes_disabled():
        held = Meeting.objects.filter(pairing=OuterRef("pk"), status=HELD)
        last_held = held.order_by("-starts_at", "-pk")
        # A held meeting whose mentees' feedback (rows, as `overview.work_figures` counts them) is fewer than the
        # pairing's members, more than the grace period ago.
        given = _count(Feedback.objects.filter(meeting=OuterRef("pk"), is_mentor=False))
        members = _count(PairingMember.objects.filter(pairing=OuterRef("pairing_id")))
        unanswered = (
            held.filter(starts_at__lt=grace)
            .alias(given=given, members=members)
            .filter(given__lt=F("members"))
        )
        average = (
            Feedback.objects.filter(meeting__pairing=OuterRef("pk"), is_mentor=False)
            .order_by()
            .values("meeting__pairing")
            .annotate(avg=Avg((F("usefulness") + F("comfort")) / Value(2.0), output_field=FloatField()))
            .values("avg")
        )
        overdue_task = PlanTask.objects.filter(goal__plan__pairing=OuterRef("pk"), due__lt=today).exclude(
            status=PlanTask.Status.DONE
        )
        consents = Consent.objects.filter(organization=organization, kind=Consent.Kind.PERSONAL_DATA)

        def latest_revoked_at(person: str) -> Subquery:
            latest = consents.filter(participant=OuterRef(person)).order_by("-given_at", "-pk")
            return Subquery(latest.values("revoked_at")[:1])

        member_revoked = (
            PairingMember.objects.filter(pairing=OuterRef("pk"))
            .alias(revoked_at=latest_revoked_at("mentee__participant_id"))
            .filter(revoked_at__isnull=False)
        )
    rows = (
        Pairing.objects.filter(organization=organization, status=Pairing.Status.ACTIVE)
        .order_by()
        .alias(
            since=Coalesce(Subquery(last_held.values("starts_at")[:1]), "approved_at", "created_at"),
            average=Subquery(average, output_field=FloatField()),
            mentor_revoked_at=latest_revoked_at("mentor__participant_id"),
        )
        .annotate(
            last_kind=Subquery(last_held.values("kind")[:1]),
            idle=_flag(Q(since__lt=idle_since)),
            feedback=Exists(unanswered),
            tasks=Exists(overdue_task),
            low=_flag(Q(average__lt=LOW_AVERAGE)),
            revoked_mentor=_flag(Q(mentor_revoked_at__isnull=False)),
            revoked_member=Exists(member_revoked),
        )
        .values_list("last_kind", "idle", "feedback", "tasks", "low", "revoked_mentor", "revoked_member")
    )
    result = AttentionCounts()
    for stage, idle, feedback, tasks, low, revoked_mentor, revoked_member in rows:
        revoked = revoked_mentor or revoked_member
        result.active += 1
        result.by_stage[stage or ""] += 1
        result.idle += bool(idle)
        result.feedback_overdue += bool(feedback)
        result.tasks_overdue += bool(tasks)
        result.low_feedback += bool(low)
        result.revoked += bool(revoked)
        result.attention += bool(idle or feedback or tasks or low or revoked)
    return result
