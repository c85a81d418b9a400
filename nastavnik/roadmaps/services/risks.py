"""The risk register's writes: add a risk (typed, or accepted from a suggestion of the dashboard), edit, close.

A risk belongs to the organization and, when it has one, to the current roadmap. A suggestion carries a `source`
key («idle_pairs», «indicator:learners_involved» …); accepting the same suggestion twice while its risk is open
is refused, so two clicks (or two tabs) give one row.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.models import User
from nastavnik.organizations.models import Organization

from ..models import Risk, Roadmap
from .base import RoadmapError

#: The fields a person edits (the form's fields).
RISK_FIELDS = ("risk", "mitigation", "probability", "impact", "owner", "status", "review_date")
RISK_MAX_LENGTH = 2000
SOURCE_MAX_LENGTH = 64


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(RISK_FIELDS)
    if unknown:
        raise RoadmapError(_("Неизвестные поля риска: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    cleaned = dict(values)
    if "risk" in cleaned:
        text = " ".join(str(cleaned["risk"] or "").split())
        if not text:
            raise RoadmapError(_("Опишите риск."))
        if len(text) > RISK_MAX_LENGTH:
            raise RoadmapError(_("Описание риска слишком длинное."))
        cleaned["risk"] = text
    if "mitigation" in cleaned:
        cleaned["mitigation"] = str(cleaned["mitigation"] or "").strip()[:RISK_MAX_LENGTH]
    if "owner" in cleaned:
        cleaned["owner"] = " ".join(str(cleaned["owner"] or "").split())[:300]
    for name in ("probability", "impact"):
        if name in cleaned and cleaned[name] not in Risk.Level.values:
            raise RoadmapError(_("Вероятность и влияние: 1 (низкая), 2 (средняя) или 3 (высокая)."))
    if "status" in cleaned and cleaned["status"] not in Risk.Status.values:
        raise RoadmapError(_("Неизвестный статус риска."))
    review = cleaned.get("review_date")
    if review is not None and not isinstance(review, date):
        raise RoadmapError(_("Дата пересмотра указана неверно."))
    return cleaned


def create_risk(
    organization: Organization,
    *,
    acting_user: User | None,
    roadmap: Roadmap | None = None,
    source: str = "",
    **values: Any,
) -> Risk:
    """Add a risk to the register (at the end of the list)."""
    cleaned = _clean(values)
    if "risk" not in cleaned:
        raise RoadmapError(_("Опишите риск."))
    if roadmap is not None and roadmap.organization_id != organization.pk:
        raise RoadmapError(_("Дорожная карта другой организации."))
    source = source[:SOURCE_MAX_LENGTH]
    with transaction.atomic():
        if source:
            # Serialize acceptances of one organization's suggestions: lock the organization's row.
            Organization.objects.select_for_update().filter(pk=organization.pk).first()
            exists = Risk.objects.filter(organization=organization, source=source).exclude(
                status=Risk.Status.CLOSED
            )
            if exists.exists():
                raise RoadmapError(_("Этот риск уже есть в реестре."))
        last = Risk.objects.filter(organization=organization).aggregate(m=Max("position"))["m"]
        risk = Risk(
            organization=organization,
            roadmap=roadmap,
            position=(last or 0) + 1,
            source=source,
            created_by=acting_user,
            **cleaned,
        )
        if risk.status == Risk.Status.CLOSED:
            risk.closed_at = timezone.now()
        risk.save()
    return risk


def update_risk(risk: Risk, /, *, acting_user: User | None, **values: Any) -> Risk:
    """Change what the register says about a risk; closing it records when, reopening clears that."""
    cleaned = _clean(values)
    for name, value in cleaned.items():
        setattr(risk, name, value)
    if risk.status == Risk.Status.CLOSED and risk.closed_at is None:
        risk.closed_at = timezone.now()
    elif risk.status != Risk.Status.CLOSED:
        risk.closed_at = None
    risk.changed_by, risk.changed_at = acting_user, timezone.now()
    risk.save()
    return risk


def close_risk(risk: Risk, *, acting_user: User | None, note: str = "") -> Risk:
    """Close a risk (it stays in the register, marked closed, with what came of it)."""
    if risk.status == Risk.Status.CLOSED:
        raise RoadmapError(_("Риск уже закрыт."))
    risk.status = Risk.Status.CLOSED
    risk.closed_at = timezone.now()
    risk.closing_note = str(note or "").strip()[:RISK_MAX_LENGTH]
    risk.changed_by, risk.changed_at = acting_user, risk.closed_at
    risk.save(update_fields=["status", "closed_at", "closing_note", "changed_by", "changed_at"])
    return risk
