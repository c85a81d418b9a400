"""Tenancy by construction: a query on organization data without an active scope fails loudly.

Models that belong to an organization use `OrganizationScopedManager(path)` as their default manager
(django-scopes, as in pretix). The request middleware opens a scope with the organizations of the
logged-in user; management commands, tasks and tests open one explicitly or use `scopes_disabled()`.
"""

from contextlib import AbstractContextManager
from typing import Any

from django.db import models
from django_scopes import ScopedManager, scope, scopes_disabled

__all__ = ["OrganizationScopedManager", "scope", "scopes_disabled", "organization_scope"]


def OrganizationScopedManager(  # noqa: N802 - a factory that reads like the manager class it makes
    path: str = "organization", manager_class: type[models.Manager[Any]] | None = None
) -> Any:
    """A manager whose querysets are filtered to the active organizations; `path` leads to the organization."""
    # Typed Any: django-scopes builds the manager class at run time; querysets stay typed through the models.
    if manager_class is None:
        return ScopedManager(organization=path)
    return ScopedManager(_manager_class=manager_class, organization=path)


def organization_scope(*organizations: models.Model | int) -> AbstractContextManager[None]:
    """Open a scope on the given organizations (objects or ids)."""
    ids = [getattr(o, "pk", o) for o in organizations]
    context: AbstractContextManager[None] = scope(organization=ids)
    return context
