"""What every writing service of the bases shares."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models


def full_clean(obj: models.Model, exclude: Sequence[str] | None = None) -> None:
    """Validate a row in Russian before it is written (uniqueness is the database's job)."""
    obj.full_clean(exclude=exclude, validate_unique=False)
