"""Write and read the access log.

`record_access` is the one call a view makes after it has decided to show or send personal data: one
INSERT, no other query (the user, the organization and the subject are already loaded by the view).
Apps above this one tell the log how to name their objects through `register_subject`, so the log
page can show "Иванов П. С." without this app importing theirs (apps depend downward only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.throttle import forwarded_client_ip
from nastavnik.organizations.models import Organization

from .models import AccessKind, AccessRecord

#: subject type -> function(ids, user) returning a label per id the user may see named.
LabelResolver = Callable[[list[int], Any], dict[int, str]]
_RESOLVERS: dict[str, LabelResolver] = {}

DETAIL_MAX = 500

__all__ = [
    "AccessKind",
    "export_kind",
    "purge_expired",
    "record_access",
    "register_subject",
    "subject_labels",
]


def export_kind(base: str, *, register: bool = False) -> AccessKind:
    """The log kind of an export of the mentees' base, the mentors' base or the register of mentors."""
    if base == "mentees":
        return AccessKind.MENTEES_EXPORT
    return AccessKind.REGISTER_EXPORT if register else AccessKind.MENTORS_EXPORT


def register_subject(subject_type: str, resolver: LabelResolver) -> None:
    """Called from an app's ready(): how the log page names objects of `subject_type`."""
    _RESOLVERS[subject_type] = resolver


def subject_type_of(subject: Model) -> str:
    return subject._meta.model_name or ""


def record_access(
    request: HttpRequest,
    organization: Organization,
    kind: AccessKind | str,
    subject: Model | None = None,
    *,
    detail: str | None = None,
) -> AccessRecord:
    """Log that the request's user read `kind` of personal data (about `subject`) in `organization`.

    For exports `detail` defaults to the query string, which holds the filters of what was exported.
    """
    user = request.user
    if detail is None:
        detail = request.GET.urlencode() if subject is None else ""
    return AccessRecord.objects.create(
        organization_id=organization.pk,
        user_id=user.pk if user.is_authenticated else None,
        user_email=getattr(user, "email", "") or "",
        kind=kind,
        subject_type=subject_type_of(subject) if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        detail=detail.replace("\x00", "")[:DETAIL_MAX],
        ip_address=forwarded_client_ip(request),
    )


def subject_labels(records: Iterable[AccessRecord], user: Any) -> dict[tuple[str, int], str]:
    """Names of the subjects of a page of records: one query per subject type, not per row."""
    wanted: dict[str, set[int]] = {}
    for record in records:
        if record.subject_type and record.subject_id is not None:
            wanted.setdefault(record.subject_type, set()).add(record.subject_id)
    labels: dict[tuple[str, int], str] = {}
    for subject_type, ids in wanted.items():
        resolver = _RESOLVERS.get(subject_type)
        found = resolver(sorted(ids), user) if resolver else {}
        for pk in ids:
            labels[(subject_type, pk)] = found.get(pk) or _("удалён (№ %(pk)s)") % {"pk": pk}
    return labels


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete records older than the retention period, in every organization. Returns how many."""
    deleted, _by_model = AccessRecord.objects.filter(at__lt=retention_cutoff(now)).delete()
    return deleted
