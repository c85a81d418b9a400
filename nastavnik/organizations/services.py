"""Writes to an organization's own settings (the caller has checked `organizations.manage_organization`)."""

from __future__ import annotations

from .models import Organization


def set_staff_two_factor(organization: Organization, required: bool) -> Organization:
    """Require (or stop requiring) two-factor authentication of the organization's programme staff."""
    organization.require_staff_two_factor = required
    organization.save(update_fields=["require_staff_two_factor"])
    return organization
