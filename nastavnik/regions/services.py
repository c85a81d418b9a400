"""Writes of the region: the regional ladder of targets (the caller checked `regions.set_targets`)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nastavnik.core.history import set_history_user
from nastavnik.monitoring.models import RegionalTarget
from nastavnik.organizations.models import Region

from . import queries

if TYPE_CHECKING:
    from nastavnik.accounts.models import User


def set_regional_targets(
    region: Region, targets: Mapping[tuple[str, int], Decimal | None], *, acting_user: User | None
) -> int:
    """Set the ladder: per (indicator code, academic year) a percent, or None to remove that step.

    All or nothing; answers how many steps changed. The acting user goes into the model's history when it
    keeps one (and into `changed_by`/`created_by` when it has such fields)."""
    for (code, year), percent in targets.items():
        if percent is not None and not (Decimal(0) <= percent <= Decimal(100)):
            raise ValidationError(
                _("Целевое значение должно быть от 0 до 100 %%: %(code)s, %(year)s.")
                % {"code": code, "year": year}
            )
    changed = 0
    with transaction.atomic():
        existing = {
            (t.code, t.academic_year): t
            for t in RegionalTarget.objects.select_for_update().filter(region=region)
        }
        for (code, year), percent in sorted(targets.items()):
            current = existing.get((code, year))
            if percent is None:
                if current is not None:
                    set_history_user(current, acting_user)
                    current.delete()
                    changed += 1
                continue
            if current is not None and Decimal(str(current.percent)) == percent:
                continue
            target = current or RegionalTarget(region=region, code=code, academic_year=year)
            target.percent = percent
            for author_field in ("changed_by", "created_by", "updated_by"):
                if hasattr(target, f"{author_field}_id") and (
                    author_field != "created_by" or current is None
                ):
                    setattr(target, author_field, acting_user)
            set_history_user(target, acting_user)
            target.save()
            changed += 1
    if changed:
        queries.forget(region)
    return changed
