"""The history of one person for the curator: audit rows of simple-history and mentor status decisions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Consent, MenteeProfile, MentorProfile, MentorStatusChange, Participant

_TYPES = {"+": gettext_lazy("создан"), "~": gettext_lazy("изменён"), "-": gettext_lazy("удалён")}
_SKIP = {"updated_at", "created_at", "search_name"}


@dataclass
class Event:
    at: datetime
    who: str
    what: str
    details: str = ""


def _who(record: Any) -> str:  # a simple-history row (the library is untyped)
    user = getattr(record, "history_user", None)
    return user.get_short_name() if user else _("система")


def _diff(records: Iterable[Any], model: type[models.Model], label: str) -> list[Event]:
    """Events from history rows of one object, oldest first, with the names of changed fields."""
    events = []
    previous = None
    for record in records:
        what = f"{label}: {_TYPES.get(record.history_type, record.history_type)}"
        details = ""
        if record.history_type == "~" and previous is not None:
            changed = [c.field for c in record.diff_against(previous).changes if c.field not in _SKIP]
            if not changed:
                previous = record
                continue
            names = []
            for name in changed:
                try:
                    names.append(str(getattr(model._meta.get_field(name), "verbose_name", name)))
                except Exception:  # noqa: BLE001 - a field removed since
                    names.append(name)
            details = ", ".join(names)
        events.append(Event(record.history_date, _who(record), what, details))
        previous = record
    return events


def events(
    participant: Participant, mentee: MenteeProfile | None, mentor: MentorProfile | None
) -> list[Event]:
    result: list[Event] = []
    result += _diff(
        participant.history.select_related("history_user").order_by("history_date", "history_id"),
        Participant,
        _("Карточка участника"),
    )
    if mentee is not None:
        result += _diff(
            mentee.history.select_related("history_user").order_by("history_date", "history_id"),
            MenteeProfile,
            _("Профиль наставляемого"),
        )
    if mentor is not None:
        for change in MentorStatusChange.objects.filter(mentor=mentor).select_related("changed_by"):
            result.append(
                Event(
                    change.changed_at,
                    change.changed_by.get_short_name() if change.changed_by else _("система"),
                    _("Статус наставника: «%(old)s» → «%(new)s»")
                    % {"old": change.get_from_status_display(), "new": change.get_to_status_display()},
                    change.note,
                )
            )
    consents = Consent.history.filter(participant_id=participant.pk).select_related("history_user")
    by_consent: dict[int, list] = {}
    for record in consents.order_by("history_date", "history_id"):
        by_consent.setdefault(record.id, []).append(record)
    for records in by_consent.values():
        previous = None
        for record in records:
            kind = Consent.Kind(record.kind).label
            if record.history_type == "+":
                what = _("Согласие «%(kind)s» получено") % {"kind": kind}
                details = str(Consent.Method(record.method).label)
            elif record.revoked_at and (previous is None or previous.revoked_at is None):
                what = _("Согласие «%(kind)s» отозвано") % {"kind": kind}
                details = record.revoke_reason
            else:
                what = _("Согласие «%(kind)s» изменено") % {"kind": kind}
                details = ""
            result.append(Event(record.history_date, _who(record), what, details))
            previous = record
    result.sort(key=lambda e: e.at, reverse=True)
    return result
