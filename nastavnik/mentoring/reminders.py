"""Reminders and nudges of the pairs' work, in the app and by e-mail (a django-tasks task runs them daily).

- a meeting within the next day → its mentor and mentees;
- feedback waiting after a held meeting (up to two weeks back) → each mentee and the mentor who has not given it;
- a pair idle for the organization's `pairing_idle_days` → its mentor; a week later still idle → the curators;
- a plan task due today or tomorrow → the mentor.

Every reminder is recorded as a `WorkReminder` (user, kind, key), unique: a second run — the same day, or two
workers at once — sends nothing twice. The key names what the reminder is about and when (a moved meeting is
reminded of again). Rows are written in bulk; a run's own rows are told by its batch id, so the number of
queries does not grow with the number of pairings. A person who turned e-mail off gets the in-app
notification only.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.core.models import Notification

from .models import Feedback, Meeting, Pairing, PairingMember, PlanTask, WorkReminder

log = logging.getLogger(__name__)

FEEDBACK_WINDOW_DAYS = 14
CURATOR_AFTER_DAYS = 7
Kind = WorkReminder.Kind


@dataclass(frozen=True)
class Candidate:
    user_id: int
    organization_id: int
    kind: str
    key: str
    text: str
    url: str


def _pairing_url(pairing: Pairing) -> str:
    return reverse("mentoring:pairing", args=[pairing.organization.slug, pairing.pk])


def _local(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%d.%m.%Y %H:%M}"


def _meetings_tomorrow(now: dt.datetime) -> list[Candidate]:
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=now,
            starts_at__lt=now + dt.timedelta(days=1),
            pairing__status=Pairing.Status.ACTIVE,
        )
        .select_related("pairing__organization", "pairing__mentor__participant")
        .prefetch_related("pairing__members__mentee__participant")
    )
    out = []
    for meeting in meetings:
        pairing = meeting.pairing
        people = [pairing.mentor.participant, *(m.mentee.participant for m in pairing.members.all())]
        text = f"Встреча «{meeting.get_kind_display()}» — {_local(meeting.starts_at)}"
        if meeting.place:
            text += f", {meeting.place}"
        for person in people:
            if person.user_id:
                key = f"{meeting.pk}@{meeting.starts_at:%Y%m%d%H%M}"
                out.append(
                    Candidate(
                        person.user_id,
                        pairing.organization_id,
                        Kind.MEETING_TOMORROW,
                        key,
                        text,
                        _pairing_url(pairing),
                    )
                )
    return out


def _feedback_waiting(now: dt.datetime) -> list[Candidate]:
    """Flat queries joined in Python: a large organization has thousands of recent meetings, and a
    prefetch would send their ids back in one IN list (SQLite refuses expressions that deep)."""
    window = {
        "status": Meeting.Status.HELD,
        "starts_at__gte": now - dt.timedelta(days=FEEDBACK_WINDOW_DAYS),
        "starts_at__lte": now,
    }
    meetings = list(
        Meeting.objects.filter(**window)
        .order_by("starts_at", "pk")
        .values_list(
            "pk",
            "pairing_id",
            "kind",
            "starts_at",
            "organization_id",
            "pairing__organization__slug",
            "pairing__mentor__participant_id",
            "pairing__mentor__participant__user_id",
        )
    )
    if not meetings:
        return []
    people: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    members = PairingMember.objects.filter(
        pairing__meetings__status=Meeting.Status.HELD,
        pairing__meetings__starts_at__gte=window["starts_at__gte"],
        pairing__meetings__starts_at__lte=now,
    ).distinct()
    for pairing_id, participant_id, user_id in members.values_list(
        "pairing_id", "mentee__participant_id", "mentee__participant__user_id"
    ):
        people[pairing_id].append((participant_id, user_id))
    given: dict[int, set[int]] = defaultdict(set)
    feedback = Feedback.objects.filter(
        meeting__status=Meeting.Status.HELD,
        meeting__starts_at__gte=window["starts_at__gte"],
        meeting__starts_at__lte=now,
    )
    for meeting_id, participant_id in feedback.values_list("meeting_id", "participant_id"):
        given[meeting_id].add(participant_id)
    out = []
    for pk, pairing_id, kind, starts_at, organization_id, slug, mentor_person, mentor_user_id in meetings:
        text = (
            f"Оцените встречу «{Meeting.Kind(kind).label}» {_local(starts_at)}: два касания, минута времени."
        )
        url = reverse("mentoring:feedback", args=[slug, pk])
        givers: list[tuple[int, int | None]] = [(mentor_person, mentor_user_id), *people.get(pairing_id, [])]
        for participant_id, giver_user_id in givers:
            if giver_user_id and participant_id not in given.get(pk, set()):
                out.append(
                    Candidate(giver_user_id, organization_id, Kind.FEEDBACK_WAITING, str(pk), text, url)
                )
    return out


def _idle(now: dt.datetime) -> list[Candidate]:
    last_held = (
        Meeting.objects.filter(pairing=OuterRef("pk"), status=Meeting.Status.HELD)
        .order_by()
        .values("pairing_id")
        .annotate(last=Max("starts_at"))
        .values("last")[:1]
    )
    pairings = list(
        Pairing.objects.filter(status=Pairing.Status.ACTIVE)
        .annotate(last_held=Subquery(last_held))
        .select_related("organization", "mentor__participant")
    )
    out = []
    idle_by_organization: dict[int, list[tuple[Pairing, dt.datetime]]] = defaultdict(list)
    for pairing in pairings:
        since = pairing.last_held or pairing.approved_at or pairing.created_at
        days = pairing.organization.pairing_idle_days
        if since is None or since > now - dt.timedelta(days=days):
            continue
        key = f"{pairing.pk}@{since:%Y%m%d}"
        idle_days = (now - since).days
        text = f"Пара без встреч уже {idle_days} дн. Запланируйте встречу."
        if pairing.mentor.participant.user_id:
            out.append(
                Candidate(
                    pairing.mentor.participant.user_id,
                    pairing.organization_id,
                    Kind.IDLE_MENTOR,
                    key,
                    text,
                    _pairing_url(pairing),
                )
            )
        if since <= now - dt.timedelta(days=days + CURATOR_AFTER_DAYS):
            idle_by_organization[pairing.organization_id].append((pairing, since))
    if idle_by_organization:
        curators: dict[int, list[int]] = defaultdict(list)
        for organization_id, user_id in Membership.objects.filter(
            organization__in=list(idle_by_organization), role=Role.CURATOR, user__is_active=True
        ).values_list("organization_id", "user_id"):
            curators[organization_id].append(user_id)
        for organization_id, items in idle_by_organization.items():
            for idle_pairing, since in items:
                text = (
                    f"Пара наставника {idle_pairing.mentor.participant.short_name} без встреч "
                    f"{(now - since).days} дн.: наставнику уже напомнили."
                )
                for user_id in curators.get(organization_id, []):
                    out.append(
                        Candidate(
                            user_id,
                            organization_id,
                            Kind.IDLE_CURATOR,
                            f"{idle_pairing.pk}@{since:%Y%m%d}",
                            text,
                            _pairing_url(idle_pairing),
                        )
                    )
    return out


def _tasks_due(today: dt.date) -> list[Candidate]:
    tasks = (
        PlanTask.objects.filter(
            due__gte=today,
            due__lte=today + dt.timedelta(days=1),
            goal__plan__pairing__status=Pairing.Status.ACTIVE,
        )
        .exclude(status=PlanTask.Status.DONE)
        .select_related("goal__plan__pairing__organization", "goal__plan__pairing__mentor__participant")
    )
    out = []
    for task in tasks:
        pairing = task.goal.plan.pairing
        user_id = pairing.mentor.participant.user_id
        if user_id:
            when = "сегодня" if task.due == today else "завтра"
            text = f"Срок задачи плана «{task.title}» — {when}."
            out.append(
                Candidate(
                    user_id,
                    pairing.organization_id,
                    Kind.TASK_DUE,
                    f"{task.pk}@{task.due}",
                    text,
                    _pairing_url(pairing),
                )
            )
    return out


def run_work_reminders(now: dt.datetime | None = None) -> int:
    """Send the due reminders of every organization once; returns how many were new."""
    now = now or timezone.now()
    batch = uuid.uuid4().hex
    with scopes_disabled():
        candidates = [
            *_meetings_tomorrow(now),
            *_feedback_waiting(now),
            *_idle(now),
            *_tasks_due(timezone.localdate(now)),
        ]
        unique = {(c.user_id, c.kind, c.key): c for c in candidates}
        if not unique:
            return 0
        with transaction.atomic():
            WorkReminder.objects.bulk_create(
                [
                    WorkReminder(
                        organization_id=c.organization_id,
                        user_id=c.user_id,
                        kind=c.kind,
                        key=c.key,
                        batch=batch,
                    )
                    for c in unique.values()
                ],
                ignore_conflicts=True,
                batch_size=500,
            )
            mine = set(WorkReminder.objects.filter(batch=batch).values_list("user_id", "kind", "key"))
            new = [unique[k] for k in unique if k in mine]
            Notification.objects.bulk_create(
                [
                    Notification(user_id=c.user_id, organization_id=c.organization_id, text=c.text, url=c.url)
                    for c in new
                ],
                batch_size=500,
            )
        _send_emails(new)
    return len(new)


def _send_emails(reminders: list[Candidate]) -> None:
    """One letter per person with all of today's reminders, unless the person turned e-mail off."""
    if not reminders:
        return
    by_user: dict[int, list[Candidate]] = defaultdict(list)
    for reminder in reminders:
        by_user[reminder.user_id].append(reminder)
    users = User.objects.filter(pk__in=list(by_user), is_active=True, email_reminders=True).only(
        "pk", "email"
    )
    site = str(settings.SITE_URL).rstrip("/")
    for user in users:
        items = by_user[user.pk]
        lines = [f"— {r.text}\n  {site}{r.url}" for r in items]
        body = "Здравствуйте!\n\nНапоминания программы наставничества:\n\n" + "\n\n".join(lines)
        body += "\n\nОтключить письма можно на странице «Моя пара».\n\n— Наставник\n"
        try:
            send_mail("Наставник: встречи и обратная связь", body, None, [user.email])
        except Exception:  # a mail server outage must not stop the reminders of other people
            log.exception("Could not e-mail work reminders to user %s", user.pk)
