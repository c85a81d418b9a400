"""Binding the responsible labels of a roadmap («Заместитель директора по УВР») to the organization's users."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from nastavnik.accounts.models import Membership, User
from nastavnik.core.history import set_history_user
from nastavnik.organizations.models import Organization

from ..models import Activity, ActivityResponsible
from ..people import match_person, name_keys
from .base import RoadmapError, clean_text


class Binder:
    """Finds the user a responsible label names: an earlier binding, a member's name, or a single role."""

    def __init__(self, organization: Organization, labels: Iterable[str], bind_roles: dict[str, str]) -> None:
        memberships = list(Membership.objects.filter(organization=organization).select_related("user"))
        users = {m.user_id: m.user for m in memberships if m.user.is_active}
        self.people = [(uid, name_keys(u.last_name, u.first_name, u.patronymic)) for uid, u in users.items()]
        by_role: dict[str, set[int]] = {}
        for m in memberships:
            by_role.setdefault(m.role, set()).add(m.user_id)
        self.role_users = {
            label: next(iter(by_role[role]))
            for label, role in bind_roles.items()
            if len(by_role.get(role, ())) == 1
        }
        self.earlier: dict[str, int] = {}
        for label, user_id in (
            ActivityResponsible.objects.filter(
                organization=organization, label__in=set(labels), user__in=list(users)
            )
            .order_by("id")
            .values_list("label", "user_id")
        ):
            if user_id is not None:
                self.earlier[label] = user_id
        self.cache: dict[str, int | None] = {}

    def user_id(self, label: str) -> int | None:
        if label not in self.cache:
            self.cache[label] = (
                self.earlier.get(label) or match_person(label, self.people) or self.role_users.get(label)
            )
        return self.cache[label]


def bind_responsible(
    organization: Organization, label: str, user: User | None, *, acting_user: User | None
) -> int:
    """Bind every responsible row of the organization with this label to `user` (None unbinds).

    Returns the number of rows changed. The user must be a member of the organization.
    """
    if user is not None and not Membership.objects.filter(organization=organization, user=user).exists():
        raise RoadmapError(_("Этот пользователь не состоит в организации."))
    label = clean_text(label, 500)
    with transaction.atomic():
        rows = list(
            ActivityResponsible.objects.select_for_update().filter(organization=organization, label=label)
        )
        changed = [r for r in rows if r.user_id != (user.pk if user else None)]
        for row in changed:
            row.user = user
            set_history_user(row, acting_user)
            row.save(update_fields=["user"])
    return len(changed)


def replace_responsible(activity: Activity, labels: Sequence[str], *, acting_user: User | None) -> None:
    """Rows whose label stays keep their binding; new labels are bound like at import (earlier binding
    in the organization or a member's name)."""
    wanted = list(dict.fromkeys(clean_text(label, 500) for label in labels if clean_text(label)))
    current = {r.label: r for r in activity.responsible.all()}
    for label, row in current.items():
        if label not in wanted:
            set_history_user(row, acting_user)
            row.delete()
    binder = Binder(activity.organization, [w for w in wanted if w not in current], {})
    for position, label in enumerate(wanted):
        existing = current.get(label)
        if existing is not None and existing.position == position:
            continue
        row = existing or ActivityResponsible(
            organization_id=activity.organization_id,
            activity=activity,
            label=label,
            user_id=binder.user_id(label),
        )
        row.position = position
        set_history_user(row, acting_user)
        row.save()
