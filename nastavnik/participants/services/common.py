"""What every writing service of the bases shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from django.db import models

from nastavnik.core.history import set_history_user

if TYPE_CHECKING:
    from nastavnik.accounts.models import User

M = TypeVar("M", bound=models.Model)


def full_clean(obj: models.Model, exclude: Sequence[str] | None = None) -> None:
    """Validate a row in Russian before it is written (uniqueness is the database's job)."""
    obj.full_clean(exclude=exclude, validate_unique=False)


def save_checked(obj: M, acting_user: User | None, exclude: Sequence[str] | None = None) -> M:
    """Validate, record who acts in the row's history (where it keeps one) and save: the end of most writes."""
    full_clean(obj, exclude)
    set_history_user(obj, acting_user)
    obj.save()
    return obj
