"""All pairings at a glance (the read side of stage 6): stage, meetings, feedback, plan, what needs attention.

Two queries for the pairings and their members with consent, five grouped queries for the figures (meetings,
feedback, plan tasks), merged in Python: the page costs the same number of queries at 20 pairings and at
2,000, and each query is one linear pass.

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
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, F, FloatField, Min, Prefetch, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.organizations.models import Organization
from nastavnik.participants.models import Consent
from nastavnik.participants.queries import annotate_consent

from .models import Feedback, Meeting, Pairing, PairingMember, PlanTask

FEEDBACK_GRACE_DAYS = 3
LOW_AVERAGE = 5.0
MENTOR = "mentor__participant__"
MENTEE = "mentee__participant__"
HELD = Meeting.Status.HELD


@dataclass
class WorkFigures:
    """The stage-6 figures of one pairing (set as attributes on the pairing by `pairings_overview`)."""

    meetings_held: int = 0
    last_meeting_at: dt.datetime | None = None
    next_meeting_at: dt.datetime | None = None
    stage: str | None = None
    feedback_average: float | None = None
    feedback_missing: int = 0
    feedback_overdue: int = 0
    tasks_total: int = 0
    tasks_done: int = 0
    tasks_overdue: int = 0


def _scope(
    organization: Organization, path: str, status: str | None, pairing_id: int | None
) -> dict[str, Any]:
    """Filters of the rows under pairings (`path` leads from the row to its pairing): by the pairing's status or
    id, never by a list of ids — SQLite refuses an IN of thousands of values."""
    scope: dict[str, Any] = {"organization": organization}
    if status:
        scope[f"{path}__status"] = status
    if pairing_id is not None:
        scope[f"{path}_id"] = pairing_id
    return scope


def work_figures(
    organization: Organization,
    status: str | None = None,
    now: dt.datetime | None = None,
    *,
    pairing_id: int | None = None,
    member_counts: dict[int, int] | None = None,
) -> dict[int, WorkFigures]:
    """{pairing id: figures} from five grouped queries, whatever the number of pairings and meetings
    (four when the caller already counted the members of each pairing: `member_counts`).

    Each query is one pass over the organization's rows grouped by pairing (or by meeting): linear, where
    correlated subqueries per pairing made SQLite's plan quadratic at 2,000 pairings.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    grace = now - dt.timedelta(days=FEEDBACK_GRACE_DAYS)
    scope = _scope(organization, "pairing", status, pairing_id)
    figures: dict[int, WorkFigures] = defaultdict(WorkFigures)
    members = member_counts
    if members is None:
        members = dict(
            PairingMember.objects.filter(**scope)
            .order_by()
            .values("pairing_id")
            .annotate(n=Count("pk"))
            .values_list("pairing_id", "n")
        )
    held = (
        Meeting.objects.filter(status=HELD, **scope)
        .order_by()
        .annotate(given=Count("feedback", filter=Q(feedback__is_mentor=False)))
        .values_list("pairing_id", "starts_at", "kind", "given")
    )
    for key, starts_at, kind, given in held:
        item = figures[key]
        item.meetings_held += 1
        if item.last_meeting_at is None or starts_at >= item.last_meeting_at:
            item.last_meeting_at, item.stage = starts_at, kind
        if given < members.get(key, 0):
            item.feedback_missing += 1
            if starts_at < grace:
                item.feedback_overdue += 1
    upcoming = (
        Meeting.objects.filter(status=Meeting.Status.SCHEDULED, starts_at__gte=now, **scope)
        .order_by()
        .values("pairing_id")
        .annotate(first=Min("starts_at"))
        .values_list("pairing_id", "first")
    )
    for key, first in upcoming:
        figures[key].next_meeting_at = first
    feedback_scope = {**_scope(organization, "meeting__pairing", status, pairing_id), "is_mentor": False}
    averages = (
        Feedback.objects.filter(**feedback_scope)
        .order_by()
        .values("meeting__pairing_id")
        .annotate(avg=Avg((F("usefulness") + F("comfort")) / Value(2.0), output_field=FloatField()))
        .values_list("meeting__pairing_id", "avg")
    )
    for key, average in averages:
        figures[key].feedback_average = average
    task_scope = _scope(organization, "goal__plan__pairing", status, pairing_id)
    open_task = ~Q(status=PlanTask.Status.DONE)
    tasks = (
        PlanTask.objects.filter(**task_scope)
        .order_by()
        .values("goal__plan__pairing_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=PlanTask.Status.DONE)),
            overdue=Count("pk", filter=open_task & Q(due__lt=today)),
        )
        .values_list("goal__plan__pairing_id", "total", "done", "overdue")
    )
    for key, total, done, overdue in tasks:
        item = figures[key]
        item.tasks_total, item.tasks_done, item.tasks_overdue = total, done, overdue
    return figures


def _members_prefetch() -> Prefetch[Any]:
    members = annotate_consent(PairingMember.objects.select_related("mentee__participant"), prefix=MENTEE)
    return Prefetch("members", queryset=members.order_by(f"{MENTEE}last_name", f"{MENTEE}first_name", "pk"))


def attention(pairing: Any, idle_days: int, now: dt.datetime | None = None) -> list[str]:
    """Why a pairing given its figures by `pairings_overview` needs the curator's attention (empty: it does not)."""
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
    revoked = getattr(pairing, "revoked", None)
    if revoked is None:
        revoked = pairing.annotated_revoked_at is not None or any(
            m.annotated_revoked_at is not None for m in pairing.members.all()
        )
    if revoked:
        reasons.append(_("отозвано согласие на обработку персональных данных"))
    return reasons


def pairings_overview(
    organization: Organization, *, status: str | None = None, now: dt.datetime | None = None
) -> list[Pairing]:
    """The curator's list: every pairing of the organization with its figures and members; 7 queries."""
    qs: QuerySet[Pairing] = Pairing.objects.filter(organization=organization)
    if status:
        qs = qs.filter(status=status)
    qs = annotate_consent(qs, prefix=MENTOR).select_related("mentor__participant", "form", "role_model")
    rows = list(qs.prefetch_related(_members_prefetch()))
    figures = work_figures(organization, status, now)
    for pairing in rows:
        for name, value in vars(figures.get(pairing.pk) or WorkFigures()).items():
            setattr(pairing, name, value)
    return rows


@dataclass
class OverviewRow(WorkFigures):
    """One pairing of the list as plain values: enough to flag, filter and sort all of them cheaply."""

    pk: int = 0
    status: str = ""
    approved_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    mentor_sort: tuple[str, str] = ("", "")
    revoked: bool = False
    attention_reasons: list[str] = field(default_factory=list)
    #: When the consent of the pairing's people (mentor, mentees) was revoked, by participant id: only those
    #: whose latest personal-data consent is revoked (what `annotate_consent` calls `annotated_revoked_at`).
    revoked_people: dict[int, dt.datetime] = field(default_factory=dict)


def _revoked_people(organization: Organization, pairing_id: int | None = None) -> dict[int, dt.datetime]:
    """Participants whose latest personal-data consent is revoked, with the time it was revoked, from one
    ordered pass over the consents (of one pairing's people when `pairing_id` is given)."""
    latest: dict[int, dt.datetime | None] = {}
    consents = Consent.objects.filter(organization=organization, kind=Consent.Kind.PERSONAL_DATA)
    if pairing_id is not None:
        consents = consents.filter(
            Q(participant__mentee_profile__pairing_memberships__pairing_id=pairing_id)
            | Q(participant__mentor_profile__pairings__id=pairing_id)
        )
    # only the people with a revoked consent at all: the others' latest one is not revoked (a pass over every
    # consent of a school of 2,000 was a tenth of the page)
    consents = consents.filter(
        participant_id__in=consents.filter(revoked_at__isnull=False).values("participant_id")
    )
    rows = consents.order_by("participant_id", "-given_at", "-pk").values_list("participant_id", "revoked_at")
    for participant_id, revoked_at in rows:
        latest.setdefault(participant_id, revoked_at)
    return {pk: revoked_at for pk, revoked_at in latest.items() if revoked_at is not None}


def overview_rows(
    organization: Organization,
    *,
    status: str | None = None,
    now: dt.datetime | None = None,
    pairing_id: int | None = None,
) -> list[OverviewRow]:
    """Every pairing's figures and attention as plain rows (8 queries, no model objects): the list flags,
    filters and sorts these, then loads full pairings for the page it shows (`load_page`). With `pairing_id`,
    the same for that one pairing only (the API's answer about one pairing)."""
    now = now or timezone.now()
    qs = Pairing.objects.filter(organization=organization)
    if status:
        qs = qs.filter(status=status)
    if pairing_id is not None:
        qs = qs.filter(pk=pairing_id)
    base = list(
        qs.order_by().values_list(
            "pk",
            "status",
            "approved_at",
            "created_at",
            f"{MENTOR}last_name",
            f"{MENTOR}first_name",
            f"{MENTOR}pk",
        )
    )
    members: dict[int, list[int]] = defaultdict(list)
    member_rows = PairingMember.objects.filter(**_scope(organization, "pairing", None, pairing_id)).order_by()
    for key, participant_id in member_rows.values_list("pairing_id", f"{MENTEE}pk"):
        members[key].append(participant_id)
    counts = {key: len(people) for key, people in members.items()}
    figures = work_figures(organization, status, now, pairing_id=pairing_id, member_counts=counts)
    hidden = _revoked_people(organization, pairing_id)
    rows = []
    for pk, state, approved_at, created_at, last_name, first_name, mentor_person in base:
        row = OverviewRow(**vars(figures.get(pk) or WorkFigures()))
        row.pk, row.status, row.approved_at, row.created_at = pk, state, approved_at, created_at
        row.mentor_sort = (last_name, first_name)
        row.revoked_people = {
            person: hidden[person] for person in (mentor_person, *members.get(pk, ())) if person in hidden
        }
        row.revoked = bool(row.revoked_people)
        row.attention_reasons = attention(row, organization.pairing_idle_days, now)
        rows.append(row)
    return rows


def load_page(organization: Organization, rows: Iterable[OverviewRow]) -> list[Pairing]:
    """Full pairings (mentor, members, form) for the rows of one page, in the rows' order; 2 queries. The
    members are a plain list, `member_list` (read them with `members_of`). The consent of the people comes from
    the rows: `annotated_revoked_at` on the pairing (its mentor's) and on each member, as `annotate_consent`
    would set it."""
    rows = list(rows)
    qs = Pairing.objects.filter(organization=organization, pk__in=[r.pk for r in rows])
    members = PairingMember.objects.select_related("mentee__participant")
    by_pk = {
        p.pk: p
        for p in qs.select_related("mentor__participant", "form", "role_model").prefetch_related(
            Prefetch(
                "members",
                queryset=members.order_by(f"{MENTEE}last_name", f"{MENTEE}first_name", "pk"),
                to_attr="member_list",
            )
        )
    }
    page: list[Pairing] = []
    for row in rows:
        pairing = by_pk.get(row.pk)
        if pairing is None:  # removed between the two queries
            continue
        for name, value in vars(row).items():
            if name not in (
                "pk",
                "status",
                "approved_at",
                "created_at",
                "mentor_sort",
                "revoked",
                "revoked_people",
            ):
                setattr(pairing, name, value)
        pairing.annotated_revoked_at = row.revoked_people.get(pairing.mentor.participant_id)
        for member in pairing.member_list:
            member.annotated_revoked_at = row.revoked_people.get(member.mentee.participant_id)
        page.append(pairing)
    return page


def members_of(pairing: Pairing) -> list[PairingMember]:
    """The members of a pairing: the plain list `load_page` prefetched (a prefetch into the related manager
    builds a queryset per pairing), else the manager's."""
    members = getattr(pairing, "member_list", None)
    return list(pairing.members.all()) if members is None else members


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
    """Percent of the plan's tasks done, for a pairing given its figures by `pairings_overview`."""
    return round(100 * pairing.tasks_done / pairing.tasks_total) if pairing.tasks_total else None
