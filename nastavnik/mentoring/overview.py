"""All pairings at a glance (the read side of stage 6): stage, meetings, feedback, plan, what needs attention.

Two queries for the pairings and their members with consent, three grouped queries for the figures (members,
meetings with their feedback, plan tasks), merged in Python: the page costs the same number of queries at 20 pairings and at
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

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.organizations.models import Organization
from nastavnik.participants.models import Consent, Participant
from nastavnik.participants.queries import annotate_consent

from .models import Meeting, Pairing, PairingMember, PlanTask

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
    """{pairing id: figures} from three grouped queries, whatever the number of pairings and meetings
    (two when the caller already counted the members of each pairing: `member_counts`).

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
    # One pass over the pairings' meetings gives the held ones (the stage, the feedback still missing), the
    # next scheduled one and the mentees' marks: feedback is given only on held meetings, so the sums over
    # every meeting are the mean of all the mentees' feedback of the pairing.
    mentees_only = Q(feedback__is_mentor=False)
    meetings = (
        Meeting.objects.filter(**scope)
        .order_by()
        .annotate(
            given=Count("feedback", filter=mentees_only),
            marks=Sum(F("feedback__usefulness") + F("feedback__comfort"), filter=mentees_only),
        )
        .values_list("pairing_id", "status", "starts_at", "kind", "given", "marks")
    )
    marks: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for key, state, starts_at, kind, given, total in meetings:
        if given:
            sums = marks[key]
            sums[0] += total
            sums[1] += given
        if state == HELD:
            item = figures[key]
            item.meetings_held += 1
            if item.last_meeting_at is None or starts_at >= item.last_meeting_at:
                item.last_meeting_at, item.stage = starts_at, kind
            if given < members.get(key, 0):
                item.feedback_missing += 1
                if starts_at < grace:
                    item.feedback_overdue += 1
        elif state == Meeting.Status.SCHEDULED and starts_at >= now:
            item = figures[key]
            if item.next_meeting_at is None or starts_at < item.next_meeting_at:
                item.next_meeting_at = starts_at
    for key, (total, given) in marks.items():
        # the mean of (usefulness + comfort) / 2 over the mentees' feedback
        figures[key].feedback_average = total / 2 / given
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
    """The curator's list: every pairing of the organization with its figures and members; 5 queries."""
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
    #: The pairing's mentees by name (`load_page` shows them).
    members: list[MemberRow] = field(default_factory=list)


@dataclass
class MemberRow:
    """A mentee of a pairing as the list shows it: plain values read with the overview's members, so that the
    page needs no model objects for them (`load_page` puts them into `member_list`). It answers `full_name`
    and `short_name` as Participant does; `member_person` gives it, or a member's participant, to the readers."""

    participant_id: int
    last_name: str
    first_name: str
    patronymic: str
    group: str
    annotated_revoked_at: dt.datetime | None = None
    display_name: str = ""
    hidden: bool = False

    @property
    def pk(self) -> int:
        return self.participant_id

    full_name = property(Participant.full_name.fget)  # type: ignore[attr-defined]
    short_name = property(Participant.short_name.fget)  # type: ignore[attr-defined]


def member_person(member: PairingMember | MemberRow) -> Participant | MemberRow:
    """Whom a member of a pairing names: the mentee's participant, or the list's plain row itself."""
    return member if isinstance(member, MemberRow) else member.mentee.participant


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
    """Every pairing's figures and attention as plain rows (5 queries, no model objects): the list flags,
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
    members: dict[int, list[MemberRow]] = defaultdict(list)
    member_rows = PairingMember.objects.filter(**_scope(organization, "pairing", None, pairing_id)).order_by(
        f"{MENTEE}last_name", f"{MENTEE}first_name", "pk"
    )
    for key, *person in member_rows.values_list(
        "pairing_id",
        f"{MENTEE}pk",
        f"{MENTEE}last_name",
        f"{MENTEE}first_name",
        f"{MENTEE}patronymic",
        f"{MENTEE}group",
    ):
        members[key].append(MemberRow(*person))
    counts = {key: len(people) for key, people in members.items()}
    figures = work_figures(organization, status, now, pairing_id=pairing_id, member_counts=counts)
    hidden = _revoked_people(organization, pairing_id)
    rows = []
    for pk, state, approved_at, created_at, last_name, first_name, mentor_person in base:
        row = OverviewRow(**vars(figures.get(pk) or WorkFigures()))
        row.pk, row.status, row.approved_at, row.created_at = pk, state, approved_at, created_at
        row.mentor_sort = (last_name, first_name)
        row.members = members.get(pk, [])
        people = (mentor_person, *(m.participant_id for m in row.members))
        row.revoked_people = {person: hidden[person] for person in people if person in hidden}
        row.revoked = bool(row.revoked_people)
        row.attention_reasons = attention(row, organization.pairing_idle_days, now)
        rows.append(row)
    return rows


def load_page(organization: Organization, rows: Iterable[OverviewRow]) -> list[Pairing]:
    """Full pairings (mentor, form, role model) for the rows of one page, in the rows' order; 1 query. The
    members are the rows' own (`MemberRow`, in `member_list`: read them with `members_of`). The consent of the
    people comes from the rows: `annotated_revoked_at` on the pairing (its mentor's) and on each member, as
    `annotate_consent` would set it."""
    rows = list(rows)
    qs = Pairing.objects.filter(organization=organization, pk__in=[r.pk for r in rows])
    by_pk = {p.pk: p for p in qs.select_related("mentor__participant", "form", "role_model")}
    page: list[Pairing] = []
    for row in rows:
        pairing = by_pk.get(row.pk)
        if pairing is None:  # removed between the two queries
            continue
        for name, value in vars(row).items():
            if name not in PAGE_SKIPS:
                setattr(pairing, name, value)
        pairing.annotated_revoked_at = row.revoked_people.get(pairing.mentor.participant_id)
        pairing.member_list = row.members
        for member in pairing.member_list:
            member.annotated_revoked_at = row.revoked_people.get(member.participant_id)
        page.append(pairing)
    return page


#: What `load_page` does not copy from a row onto its pairing (the model has its own, or the row's own use).
PAGE_SKIPS = frozenset(
    {"pk", "status", "approved_at", "created_at", "mentor_sort", "revoked", "revoked_people", "members"}
)


def members_of(pairing: Pairing) -> list[PairingMember] | list[MemberRow]:
    """The members of a pairing: the list page's plain rows (`load_page`), else the manager's (prefetched by
    the querysets of mentoring.queries). `member_person` gives the person of either."""
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
