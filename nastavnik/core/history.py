"""Who made a change, for django-simple-history, also outside a request (commands, tasks, tests).

`HistoryRequestMiddleware` records `request.user` for changes made while a request runs; a service that is
told who acts (`acting_user`) records that user explicitly, so the history is right wherever it is called from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from nastavnik.accounts.models import User


def set_history_user(instance: models.Model, acting_user: User | None) -> None:
    """The next save of `instance` is recorded in its history as made by `acting_user` (None: the system)."""
    instance._history_user = acting_user  # type: ignore[attr-defined]
