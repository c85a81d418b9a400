"""Reminders about roadmap deadlines: a week and a day before an activity's end, and once it has passed.

`run_reminders()` is what the daily task does. It is idempotent: every reminder sent is recorded as a
`ReminderLog` (activity, user, kind, due date), so a second run on the same day — or a run after a
missed day — never repeats one; moving a deadline makes its reminders due again. Activities nobody is
bound to remind the organization's curators, so that unassigned work does not slip silently.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django_scopes import scopes_disabled

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.core.models import Notification

from .models import OPEN_STATUSES, Activity, ActivityResponsible, ReminderLog

log = logging.getLogger(__name__)

WEEK_BEFORE = 7
#: An overdue reminder goes out only for deadlines that passed recently: importing last year's
#: roadmap must not flood everybody with reminders about long-gone dates.
OVERDUE_WINDOW_DAYS = 14
TITLE_LIMIT = 200


def reminder_kind(end: date, today: date) -> str | None:
    """Which reminder is due for a deadline ending on `end`: week, day, overdue, or none."""
    days = (end - today).days
    if days < 0:
        return ReminderLog.Kind.OVERDUE if -days <= OVERDUE_WINDOW_DAYS else None
    if days <= 1:
        return ReminderLog.Kind.DAY
    if days <= WEEK_BEFORE:
        return ReminderLog.Kind.WEEK
    return None


def reminder_text(activity: Activity, kind: str, today: date) -> str:
    title = activity.title if len(activity.title) <= TITLE_LIMIT else activity.title[: TITLE_LIMIT - 1] + "…"
    end = activity.deadline_end
    assert end is not None
    when = f"срок: {activity.deadline_text}" if activity.deadline_text else f"срок: {end:%d.%m.%Y}"
    if kind == ReminderLog.Kind.OVERDUE:
        return f"Просрочено мероприятие «{title}»: срок истёк {end:%d.%m.%Y}."
    days = (end - today).days
    if kind == ReminderLog.Kind.DAY:
        return f"{'Сегодня' if days == 0 else 'Завтра'} истекает срок мероприятия «{title}» ({when})."
    return f"До окончания срока мероприятия «{title}» осталось дней: {days} ({when})."


@dataclass
class _Reminder:
    user_id: int
    email: str
    text: str
    url: str


def run_reminders(today: date | None = None) -> int:
    """Create the due in-app notifications and e-mail them; returns how many reminders were new."""
    today = today or timezone.localdate()
    sent: list[_Reminder] = []
    with scopes_disabled():
        activities = list(
            Activity.objects.filter(
                status__in=OPEN_STATUSES,
                deadline_end__gte=today - timedelta(days=OVERDUE_WINDOW_DAYS),
                deadline_end__lte=today + timedelta(days=WEEK_BEFORE),
            )
            .select_related("organization")
            .prefetch_related(
                Prefetch(
                    "responsible",
                    queryset=ActivityResponsible.objects.filter(user__is_active=True).select_related("user"),
                )
            )
        )
        if not activities:
            return 0
        curators: dict[int, list[User]] = defaultdict(list)
        for membership in Membership.objects.filter(
            organization__in={a.organization_id for a in activities}, role=Role.CURATOR, user__is_active=True
        ).select_related("user"):
            curators[membership.organization_id].append(membership.user)
        already = set(
            ReminderLog.objects.filter(activity__in=activities).values_list(
                "activity_id", "user_id", "kind", "due"
            )
        )
        for activity in activities:
            assert activity.deadline_end is not None
            kind = reminder_kind(activity.deadline_end, today)
            if kind is None:
                continue
            people = {r.user.pk: r.user for r in activity.responsible.all() if r.user is not None}
            if not people:
                people = {u.pk: u for u in curators.get(activity.organization_id, [])}
            for user in people.values():
                key = (activity.pk, user.pk, kind, activity.deadline_end)
                if key in already:
                    continue
                with transaction.atomic():
                    _, created = ReminderLog.objects.get_or_create(
                        activity=activity,
                        user=user,
                        kind=kind,
                        due=activity.deadline_end,
                        defaults={"organization_id": activity.organization_id},
                    )
                    if not created:
                        continue
                    text = reminder_text(activity, kind, today)
                    url = activity.get_absolute_url()
                    Notification.objects.create(
                        user=user, organization_id=activity.organization_id, text=text, url=url
                    )
                sent.append(_Reminder(user.pk, user.email, text, url))
    _send_emails(sent)
    return len(sent)


def _send_emails(reminders: list[_Reminder]) -> None:
    """One letter per person with all of today's reminders; a failed letter never undoes a notification."""
    by_user: dict[int, list[_Reminder]] = defaultdict(list)
    for reminder in reminders:
        if reminder.email:
            by_user[reminder.user_id].append(reminder)
    site = settings.SITE_URL.rstrip("/")
    for items in by_user.values():
        lines = [f"— {r.text}\n  {site}{r.url}" for r in items]
        body = "Здравствуйте!\n\nНапоминания о сроках дорожной карты программы наставничества:\n\n"
        body += "\n\n".join(lines) + "\n\n— Наставник\n"
        try:
            send_mail("Наставник: сроки мероприятий дорожной карты", body, None, [items[0].email])
        except Exception:  # a mail server outage must not stop the reminders of other people
            log.exception("Could not e-mail deadline reminders to user %s", items[0].user_id)
