"""Abstract bases for the rows that belong to an organization, so that no model hand-copies them.

`OrganizationOwned` gives the organization foreign key and the scoped default manager (tenancy by
construction: a query outside a scope raises, see `core.tenancy`). `Authored` records who created the row
and when. Nothing reaches the rows through reverse accessors on Organization (`related_name="+"`): every
query starts from the model's own scoped manager.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.core.tenancy import OrganizationScopedManager
from nastavnik.organizations.models import Organization


class OrganizationOwned(models.Model):
    """A row of one organization's data, visible only inside a scope that includes that organization."""

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация")
    )

    objects = OrganizationScopedManager("organization")

    class Meta:
        abstract = True


class Authored(models.Model):
    """Who created the row (kept when the user is deleted: the row stays, the author becomes empty) and when."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто создал"),
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        abstract = True
