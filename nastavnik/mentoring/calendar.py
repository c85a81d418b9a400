"""Meetings as iCalendar (RFC 5545), built with the `icalendar` library: a secret feed per user, and one .ics
per meeting.

What goes into an event: the kind of meeting, its time, length, place, the video link, the topic and a link
to the pairing's page — never a person's name. A feed is read by Яндекс, Google or Outlook servers, outside
the organization: a child's name has no business there. Cancelled meetings stay in the feed with
STATUS:CANCELLED and a higher SEQUENCE, so calendars remove them instead of keeping a stale event.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from icalendar import Calendar, Event

from nastavnik.accounts.models import User

from .models import Meeting

PRODID = "-//Nastavnik//Mentoring meetings//RU"
FEED_PAST_DAYS = 180


def new_token() -> str:
    return secrets.token_urlsafe(32)


def ensure_token(user: User) -> str:
    if not user.calendar_token:
        user.calendar_token = new_token()
        user.save(update_fields=["calendar_token"])
    return user.calendar_token


def reset_token(user: User) -> str:
    """A new secret link; the old one stops working at once."""
    user.calendar_token = new_token()
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


def user_meetings(user: User, now: dt.datetime) -> QuerySet[Meeting]:
    """Meetings of the pairings where the user is the mentor, a mentee, or a mentee's parent."""
    mine = (
        Q(pairing__mentor__participant__user=user)
        | Q(pairing__members__mentee__participant__user=user)
        | Q(pairing__members__mentee__participant__guardianships__user=user)
    )
    return (
        Meeting.objects.filter(mine, starts_at__gte=now - dt.timedelta(days=FEED_PAST_DAYS))
        .select_related("pairing__organization")
        .distinct()
        .order_by("starts_at", "pk")
    )


def _event(meeting: Meeting, base_url: str) -> Event:
    event = Event()
    host = base_url.split("//")[-1].split("/")[0] or "nastavnik"
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", meeting.created_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes))
    summary = f"Наставничество: {meeting.get_kind_display()}"
    if meeting.topic:
        summary += f" — {meeting.topic}"
    event.add("summary", summary)
    if meeting.place:
        event.add("location", meeting.place)
    page = base_url + reverse(
        "mentoring:pairing", args=[meeting.pairing.organization.slug, meeting.pairing_id]
    )
    description = [f"Страница пары: {page}"]
    if meeting.url:
        description.insert(0, f"Видеовстреча: {meeting.url}")
        event.add("url", meeting.url)
    event.add("description", "\n".join(description))
    event.add("sequence", meeting.calendar_sequence)
    cancelled = meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.MISSED)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def calendar_bytes(meetings: Iterable[Meeting], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    base_url = str(settings.SITE_URL).rstrip("/")
    for meeting in meetings:
        calendar.add_component(_event(meeting, base_url))
    return bytes(calendar.to_ical())
