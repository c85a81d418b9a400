"""The one place that answers "may this user do this action on this object".

Every view, the API and services ask `can(user, action, obj)` (or `user.has_perm(action, obj)`, which
goes through django-rules to the same predicates). Objects name their organization through an
`organization` attribute; an Organization is its own organization. A denied check in a view is
answered with 404, never 403, so that nobody learns what exists in another organization.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import rules
from django.db.models import F, Q
from django.http import Http404

from nastavnik.organizations.models import Organization

from .models import Coordination, Role

ADMINISTRATION = frozenset({Role.DIRECTOR, Role.DEPUTY})
CURATION = frozenset({Role.CURATOR, Role.WORKING_GROUP})
#: Roles that see the programme as a whole: the bases, the roadmap, the dashboards.
PROGRAMME_STAFF = ADMINISTRATION | CURATION

_CACHE_ATTR = "_nastavnik_roles"
_ORGANIZATIONS_ATTR = "_nastavnik_organizations"


def _load_memberships(user: Any) -> None:
    """The user's roles and the organizations they hold them in, by name, with municipality and region: one
    query per user object (that is, per request), shared by the tenancy scope, every permission check, the
    view's organization (`organizations.access`) and the menu."""
    grouped: dict[int, set[str]] = {}
    organizations: list[Organization] = []
    for organization in (
        Organization.objects.filter(memberships__user=user)
        .annotate(membership_role=F("memberships__role"))
        .select_related("municipality__region")
        .order_by("short_name", "pk")
    ):
        roles = grouped.get(organization.pk)
        if roles is None:
            roles = grouped[organization.pk] = set()
            organizations.append(organization)
        roles.add(organization.membership_role)
    setattr(user, _CACHE_ATTR, {org_id: frozenset(roles) for org_id, roles in grouped.items()})
    setattr(user, _ORGANIZATIONS_ATTR, organizations)


def _roles_by_organization(user: Any) -> dict[int, frozenset[str]]:
    """All roles of a user, loaded once per user object (that is, once per request)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        _load_memberships(user)
        cached = getattr(user, _CACHE_ATTR)
    return cached


def membership_organizations(user: Any) -> list[Organization]:
    """The organizations of the user's memberships by short name (loaded with the roles)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if getattr(user, _CACHE_ATTR, None) is None:
        _load_memberships(user)
    return list(getattr(user, _ORGANIZATIONS_ATTR))


def forget_roles(user: Any) -> None:
    """Drop the per-request cache after memberships changed."""
    for attr in (_CACHE_ATTR, _ORGANIZATIONS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def organization_ids(user: Any) -> list[int]:
    """Organizations whose data this user may touch at all: the tenancy scope of a request."""
    return sorted(_roles_by_organization(user))


def organization_of(obj: Any) -> Any:
    organization = getattr(obj, "organization", None)
    if organization is None:
        raise TypeError(f"{type(obj).__name__} does not belong to an organization")
    return organization


def roles_in(user: Any, obj: Any) -> frozenset[str]:
    if obj is None:
        return frozenset()
    organization_id = getattr(obj, "organization_id", None)
    if organization_id is None:
        organization_id = organization_of(obj).pk
    return _roles_by_organization(user).get(organization_id, frozenset())


def has_any_role(user: Any, obj: Any, roles: Iterable[str]) -> bool:
    return bool(roles_in(user, obj) & frozenset(roles))


def _role_predicate(name: str, roles: frozenset[str]) -> rules.Predicate:
    def check(user: Any, obj: Any = None) -> bool:
        return obj is not None and has_any_role(user, obj, roles)

    return rules.predicate(check, name=name)


is_member = rules.predicate(
    lambda user, obj=None: obj is not None and bool(roles_in(user, obj)), name="is_member"
)
is_administration = _role_predicate("is_administration", ADMINISTRATION)
is_curator = _role_predicate("is_curator", frozenset({Role.CURATOR}))
is_curation = _role_predicate("is_curation", CURATION)
is_programme_staff = _role_predicate("is_programme_staff", PROGRAMME_STAFF)


@rules.predicate
def coordinates_region(user: Any, region: Any = None) -> bool:
    if region is None or not getattr(user, "is_authenticated", False):
        return False
    return Coordination.objects.filter(user=user, region=region).exists()


@rules.predicate
def coordinates_whole_region(user: Any, region: Any = None) -> bool:
    """A regional coordinator (not a municipal one) of this region."""
    if region is None or not getattr(user, "is_authenticated", False):
        return False
    return Coordination.objects.filter(user=user, region=region, municipality__isnull=True).exists()


@rules.predicate
def coordinates_organization(user: Any, organization: Any = None) -> bool:
    """A coordinator of the organization's region (a municipal one: of its municipality only)."""
    municipality = getattr(organization, "municipality", None)
    if municipality is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        Coordination.objects.filter(user=user, region_id=municipality.region_id)
        .filter(Q(municipality__isnull=True) | Q(municipality_id=organization.municipality_id))
        .exists()
    )


@rules.predicate
def is_related_person(user: Any, obj: Any = None) -> bool:
    """The object names this user personally: the person themself, their parent, their mentor, the owner
    of a task. Models opt in by defining `is_related_user(user) -> bool`."""
    check = getattr(obj, "is_related_user", None)
    return bool(check is not None and check(user))


@rules.predicate
def is_hidden_by_revocation(user: Any, obj: Any = None) -> bool:
    """Consent to personal-data processing was revoked: only the curator still sees the person."""
    return bool(getattr(obj, "is_hidden_by_revocation", False))


def _pairing_of(obj: Any) -> Any:
    """The pairing an object of stage 6 belongs to (a pairing, a meeting, a plan, a goal, a task)."""
    for _step in range(4):
        if obj is None or hasattr(obj, "mentor_id") and hasattr(obj, "members"):
            return obj
        obj = getattr(obj, "pairing", None) or getattr(obj, "plan", None) or getattr(obj, "goal", None)
    return None


@rules.predicate
def is_pairing_mentor(user: Any, obj: Any = None) -> bool:
    """The user is the mentor of the pairing the object belongs to."""
    pairing = _pairing_of(obj)
    if pairing is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(pairing.mentor.participant.user_id == user.pk)


@rules.predicate
def is_pairing_mentee(user: Any, obj: Any = None) -> bool:
    """The user is a mentee of the pairing themself (a parent is not: feedback is the child's own)."""
    pairing = _pairing_of(obj)
    if pairing is None or not getattr(user, "is_authenticated", False):
        return False
    return any(m.mentee.participant.user_id == user.pk for m in pairing.members.all())


@rules.predicate
def is_pairing_person(user: Any, obj: Any = None) -> bool:
    """The mentor, a mentee or a mentee's parent of the pairing the object belongs to."""
    pairing = _pairing_of(obj)
    return bool(pairing is not None and pairing.is_related_user(user))


# Actions. Names are "<app>.<verb>_<thing>"; the object is the thing or anything that has .organization.
rules.add_perm("organizations.view_organization", is_member)
rules.add_perm("organizations.view_members", is_programme_staff)
rules.add_perm("organizations.manage_organization", is_curator | is_administration)
rules.add_perm("organizations.view_region", coordinates_region)
rules.add_perm("regions.view_dashboard", coordinates_region)
rules.add_perm("regions.set_targets", coordinates_whole_region)
rules.add_perm("audit.view_access_log", is_curator | is_administration)
rules.add_perm("roadmaps.view_roadmap", is_programme_staff)
rules.add_perm("roadmaps.change_roadmap", is_curator | is_administration)
rules.add_perm("roadmaps.view_risks", is_programme_staff)
rules.add_perm("roadmaps.change_risks", is_curation)
rules.add_perm("dashboard.view_dashboard", is_programme_staff)
rules.add_perm("roadmaps.update_activity", is_curation | is_administration | (is_member & is_related_person))
rules.add_perm("participants.view_base", is_programme_staff)
rules.add_perm("participants.change_base", is_curation)
rules.add_perm(
    "participants.view_participant",
    is_curator | ((is_programme_staff | (is_member & is_related_person)) & ~is_hidden_by_revocation),
)
rules.add_perm("participants.change_participant", is_curator | (is_curation & ~is_hidden_by_revocation))
rules.add_perm("participants.manage_consent", is_curator | (is_member & is_related_person))
rules.add_perm("questionnaires.manage_questionnaires", is_curation)
rules.add_perm("questionnaires.view_results", is_curation | is_administration)
rules.add_perm("matching.run_matching", is_curator)
rules.add_perm("matching.approve_pairings", is_curator | is_administration)
rules.add_perm("mentoring.view_pairings", is_programme_staff)
rules.add_perm("mentoring.view_pairing", is_programme_staff | (is_member & is_pairing_person))
rules.add_perm("mentoring.manage_work", is_curation | (is_member & is_pairing_mentor))
rules.add_perm("mentoring.give_feedback", is_member & (is_pairing_mentor | is_pairing_mentee))
rules.add_perm("mentoring.manage_pairings", is_curation)
rules.add_perm("public.view_public_page_settings", is_programme_staff)
rules.add_perm("public.manage_public_page", is_curation)
rules.add_perm("monitoring.view_monitoring", is_programme_staff)
rules.add_perm("monitoring.change_monitoring", is_curation)
rules.add_perm("monitoring.view_indicators", is_programme_staff | coordinates_organization)
rules.add_perm("documents.view_documents", is_programme_staff)
rules.add_perm("documents.build_documents", is_curation)
rules.add_perm("documents.manage_templates", is_curation)


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May `user` do `action` on `obj`? Superusers are not special here: the admin is their tool."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return rules.has_perm(action, user, obj)


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise 404 (not 403) when the user may not act, so that foreign objects stay invisible."""
    if not can(user, action, obj):
        raise Http404
