"""The programme's dashboard computed from real state: the read side, no writes.

One organization's figures for its programme staff: the roadmap's progress and overdue activities, the bases
(mentees, mentors, consent gaps, mentees never sent a questionnaire), the pairings by status and stage with those
that need attention, the meetings of this month, the mentees' feedback average, the open risks, and what to do
next derived from what is missing. Indicators come from `monitoring.indicators` (`indicators.py` here).

Every figure is a grouped query or an aggregate: the number of queries does not depend on the size of the bases
(asserted in tests/dashboard/test_dashboard.py, timed in bench/bench_dashboard.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, F, FloatField, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.mentoring.figures import attention_counts
from nastavnik.mentoring.models import Feedback, Meeting, Pairing
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import MenteeProfile, MentorProfile
from nastavnik.participants.queries import annotate_consent, consent_filter
from nastavnik.questionnaires.models import Invitation
from nastavnik.roadmaps.models import Activity, Risk, Roadmap, academic_year_label, month_bounds
from nastavnik.roadmaps.queries import current_academic_year, current_roadmap, roadmap_summary

#: How many overdue activities and open risks the dashboard lists (the rest are a link away).
LIST_LIMIT = 5
MENTEE_ACTIVE = (MenteeProfile.Status.NEW, MenteeProfile.Status.IN_BASE, MenteeProfile.Status.MATCHED)
MENTEE_WAITING = (MenteeProfile.Status.NEW, MenteeProfile.Status.IN_BASE)


@dataclass
class Roadmaps:
    roadmap: Roadmap | None = None
    total: int = 0
    done: int = 0
    overdue: int = 0
    overdue_activities: list[Activity] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None


@dataclass
class Bases:
    mentees: int = 0
    mentees_waiting: int = 0
    mentees_matched: int = 0
    mentees_without_consent: int = 0
    mentees_without_questionnaire: int = 0
    mentors: int = 0
    mentors_in_register: int = 0
    mentors_without_consent: int = 0


@dataclass
class Pairings:
    by_status: dict[str, int] = field(default_factory=dict)
    by_stage: list[tuple[str, int]] = field(default_factory=list)  # (stage label, active pairings)
    attention: int = 0
    idle: int = 0
    feedback_missing: int = 0
    low_feedback: int = 0
    reasons: list[tuple[str, int]] = field(default_factory=list)

    @property
    def active(self) -> int:
        return self.by_status.get(Pairing.Status.ACTIVE, 0)

    @property
    def completed(self) -> int:
        return self.by_status.get(Pairing.Status.COMPLETED, 0)


@dataclass
class Dashboard:
    organization: Organization
    academic_year: int
    roadmaps: Roadmaps
    bases: Bases
    pairings: Pairings
    meetings_held_this_month: int = 0
    meetings_planned_this_month: int = 0
    feedback_average: float | None = None
    feedback_count: int = 0
    open_risks: list[Risk] = field(default_factory=list)
    open_risks_count: int = 0
    risks_to_review: int = 0
    #: `source` keys of the open risks: a suggestion already in the register is not proposed again.
    open_sources: set[str] = field(default_factory=set)
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def academic_year_label(self) -> str:
        return academic_year_label(self.academic_year)


def academic_year_start(year: int) -> dt.datetime:
    """1 September of the academic year, the organization's local midnight."""
    return timezone.make_aware(dt.datetime(year, 9, 1))


def _roadmaps(organization: Organization, today: dt.date) -> Roadmaps:
    roadmap = current_roadmap(organization)
    if roadmap is None:
        return Roadmaps()
    summary = roadmap_summary(roadmap, today)
    overdue = list(
        Activity.objects.overdue(today)
        .filter(roadmap=roadmap)
        .select_related("stage")
        .order_by("deadline_end", "position", "id")[:LIST_LIMIT]
    )
    return Roadmaps(roadmap, summary["total"], summary["done"], summary["overdue"], overdue)


def _bases(organization: Organization) -> Bases:
    p = "participant__"
    mentees = annotate_consent(
        MenteeProfile.objects.filter(organization=organization, status__in=MENTEE_ACTIVE), prefix=p
    )
    invited = Invitation.objects.filter(participant=OuterRef("participant_id"))
    figures = mentees.aggregate(
        total=Count("pk"),
        waiting=Count("pk", filter=Q(status__in=MENTEE_WAITING)),
        matched=Count("pk", filter=Q(status=MenteeProfile.Status.MATCHED)),
        no_consent=Count("pk", filter=consent_filter(False, p)),
    )
    not_asked = (
        MenteeProfile.objects.filter(organization=organization, status__in=MENTEE_WAITING)
        .filter(~Exists(invited))
        .count()
    )
    mentors = annotate_consent(
        MentorProfile.objects.filter(organization=organization).exclude(status=MentorProfile.Status.EXCLUDED),
        prefix=p,
    ).aggregate(
        total=Count("pk"),
        register=Count("pk", filter=Q(status__in=MentorProfile.REGISTER_STATUSES)),
        no_consent=Count("pk", filter=consent_filter(False, p)),
    )
    return Bases(
        mentees=figures["total"],
        mentees_waiting=figures["waiting"],
        mentees_matched=figures["matched"],
        mentees_without_consent=figures["no_consent"],
        mentees_without_questionnaire=not_asked,
        mentors=mentors["total"],
        mentors_in_register=mentors["register"],
        mentors_without_consent=mentors["no_consent"],
    )


def _pairings(organization: Organization, now: dt.datetime) -> Pairings:
    # Only active pairs can need attention: completed ones (they pile up over the years) are only counted. The
    # counts come from SQL (`mentoring.figures`, the rules of the curator's list), not from its rows.
    counts = attention_counts(organization, now=now)
    result = Pairings()
    result.by_status = dict(
        Pairing.objects.filter(organization=organization)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    stages = counts.by_stage
    labels = dict(Meeting.Kind.choices)
    result.by_stage = [(str(_("встреч ещё не было")), stages[""])] if stages.get("") else []
    result.by_stage += [(str(labels[kind]), stages[kind]) for kind in Meeting.Kind.values if stages.get(kind)]
    result.attention = counts.attention
    result.idle = counts.idle
    result.feedback_missing = counts.feedback_overdue
    result.low_feedback = counts.low_feedback
    reasons = [
        (_("нет встреч"), counts.idle),
        (_("нет обратной связи"), counts.feedback_overdue),
        (_("просрочены задачи плана"), counts.tasks_overdue),
        (_("низкая оценка встреч"), counts.low_feedback),
        (_("отозвано согласие"), counts.revoked),
    ]
    # Most frequent first; equal counts in the order above.
    result.reasons = sorted(((str(r), n) for r, n in reasons if n), key=lambda item: -item[1])
    return result


def programme_dashboard(
    organization: Organization, *, today: dt.date | None = None, now: dt.datetime | None = None
) -> Dashboard:
    """Everything the dashboard shows but the indicators (see `dashboard.indicators`)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    year = current_academic_year(today)
    first, last = month_bounds(today)
    # A range of aware datetimes, not `starts_at__date`: SQLite would cast every row's timestamp in Python.
    month_start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    month_end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    meetings = Meeting.objects.filter(
        organization=organization, starts_at__gte=month_start, starts_at__lt=month_end
    ).aggregate(
        held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
        planned=Count("pk", filter=Q(status=Meeting.Status.SCHEDULED)),
    )
    feedback = Feedback.objects.filter(
        organization=organization, is_mentor=False, meeting__starts_at__gte=academic_year_start(year)
    ).aggregate(
        avg=Avg((F("usefulness") + F("comfort")) / Value(2.0), output_field=FloatField()),
        n=Count("pk"),
    )
    open_risks = Risk.objects.filter(organization=organization).exclude(status=Risk.Status.CLOSED)
    risk_counts = open_risks.aggregate(n=Count("pk"), review=Count("pk", filter=Q(review_date__lt=today)))
    sources = set(open_risks.exclude(source="").values_list("source", flat=True))
    top_risks = sorted(
        open_risks.order_by("position", "id")[:200], key=lambda r: (-r.level, r.position, r.pk)
    )
    return Dashboard(
        organization=organization,
        academic_year=year,
        roadmaps=_roadmaps(organization, today),
        bases=_bases(organization),
        pairings=_pairings(organization, now),
        meetings_held_this_month=meetings["held"],
        meetings_planned_this_month=meetings["planned"],
        feedback_average=feedback["avg"],
        feedback_count=feedback["n"],
        open_risks=top_risks[:LIST_LIMIT],
        open_risks_count=risk_counts["n"],
        risks_to_review=risk_counts["review"],
        open_sources=sources,
        today=today,
    )
