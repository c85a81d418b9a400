"""Read side of the bases: the querysets behind lists, the register and exports, with a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from nastavnik.accounts.permissions import is_curator

from .models import (
    MenteeProfile,
    MenteeRequest,
    MentorProfile,
    MentorStatusChange,
    TrainingRecord,
    make_search_name,
)
from .services import annotate_consent, consent_filter, has_answered_filter

P = "participant__"


def _visible(qs: QuerySet, organization, user) -> QuerySet:
    qs = annotate_consent(qs.filter(organization=organization), prefix=P)
    if not is_curator(user, organization):
        qs = qs.filter(annotated_revoked_at__isnull=True)
    return qs


def _apply_common(qs: QuerySet, filters: dict) -> QuerySet:
    for word in make_search_name(filters.get("q", "")).split()[:5]:
        qs = qs.filter(participant__search_name__contains=word)
    if filters.get("category"):
        qs = qs.filter(participant__category=filters["category"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("group"):
        # SQLite compares Cyrillic case-sensitively: match the typed, upper- and lowercase spellings.
        group = " ".join(filters["group"].split())
        qs = qs.filter(participant__group__in={group, group.upper(), group.lower()})
    if filters.get("consent") in ("yes", "no"):
        qs = qs.filter(consent_filter(filters["consent"] == "yes", prefix=P))
    if filters.get("answered") in ("yes", "no"):
        qs = has_answered_filter(qs, filters["answered"] == "yes", prefix=P)
    return qs


def mentees(organization, user, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    qs = _visible(MenteeProfile.objects.all(), organization, user)
    qs = _apply_common(qs, filters)
    if filters.get("form"):
        qs = qs.filter(form=filters["form"])
    return (
        qs.select_related("participant", "form")
        .prefetch_related(
            Prefetch(
                "requests", queryset=MenteeRequest.objects.select_related("topic").order_by("-priority", "pk")
            )
        )
        .order_by("participant__last_name", "participant__first_name", "participant__patronymic", "pk")
    )


def mentors(organization, user, filters: dict | None = None, register: bool = False) -> QuerySet:
    filters = filters or {}
    qs = _visible(MentorProfile.objects.all(), organization, user)
    if register:
        qs = qs.filter(status__in=MentorProfile.REGISTER_STATUSES)
    qs = _apply_common(qs, filters)
    if filters.get("form"):
        qs = qs.filter(forms=filters["form"]).distinct()
    qs = qs.select_related("participant", "partner").prefetch_related("forms", "competences")
    if register:
        qs = qs.annotate(mentees_count=Count("assignments", distinct=True)).prefetch_related(
            Prefetch("trainings", queryset=TrainingRecord.objects.order_by("date", "pk")),
            Prefetch(
                "status_changes",
                queryset=MentorStatusChange.objects.filter(to_status=MentorProfile.Status.SELECTED).order_by(
                    "changed_at"
                ),
                to_attr="selections",
            ),
        )
    return qs.order_by("participant__last_name", "participant__first_name", "participant__patronymic", "pk")


def copy_annotations(profiles) -> list:
    """Move the consent annotations of a profile row onto its participant, where the properties read them."""
    rows = list(profiles)
    for profile in rows:
        profile.participant.annotated_has_consent = _has_consent(profile)
        profile.participant.annotated_revoked_at = profile.annotated_revoked_at
    return rows


def _has_consent(profile) -> bool:
    if profile._consent_parent:
        return True
    return bool(profile._consent_any) and not profile.participant.is_minor


def groups(organization) -> list[str]:
    """Classes and groups present in the base, for the filter's suggestions."""
    from .models import Participant

    return list(
        Participant.objects.filter(organization=organization)
        .exclude(group="")
        .values_list("group", flat=True)
        .distinct()
        .order_by("group")[:200]
    )
