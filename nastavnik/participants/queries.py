"""Read side of the bases: the querysets behind lists, the register and exports, with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from nastavnik.accounts.permissions import can, is_curator

from .filters import LIST_FILTERS
from .models import (
    MENTOR_TRANSITIONS,
    Consent,
    MenteeProfile,
    MenteeRequest,
    MentorCompetence,
    MentorProfile,
    MentorStatusChange,
    Participant,
    TrainingRecord,
    adult_cutoff,
    make_search_name,
    minor_by,
    request_label,
)

if TYPE_CHECKING:
    from nastavnik.organizations.models import Organization

    from .models.people import AnyUser

P = "participant__"
M = TypeVar("M", bound=models.Model)
Profile = TypeVar("Profile", MenteeProfile, MentorProfile)


# --- visibility ------------------------------------------------------------------------------------------
def minor_q(prefix: str = "") -> Q:
    """Participants who are minors today (pupils with an unknown birth date count as minors)."""
    return Q(**{f"{prefix}birth_date__gt": adult_cutoff()}) | Q(
        **{f"{prefix}birth_date__isnull": True, f"{prefix}category": Participant.Category.PUPIL}
    )


def annotate_consent(qs: QuerySet, prefix: str = "") -> QuerySet:
    """Add `annotated_has_consent` and `annotated_revoked_at` (see Participant's properties) in SQL."""
    pk = f"{prefix}pk" if prefix else "pk"
    pd = Consent.objects.filter(participant=OuterRef(pk), kind=Consent.Kind.PERSONAL_DATA)
    valid = pd.filter(revoked_at__isnull=True)
    latest_revoked = pd.order_by("-given_at", "-pk").values("revoked_at")[:1]
    return qs.annotate(
        _consent_any=Exists(valid),
        _consent_parent=Exists(valid.filter(given_by=Consent.GivenBy.PARENT)),
        annotated_revoked_at=Subquery(latest_revoked),
    )


@dataclass(frozen=True)
class ConsentFacts:
    """A person's personal-data consents in short: what `annotate_consent` computes in SQL, for plain values."""

    revoked_at: dt.datetime | None = None  # of the latest consent, when that one is revoked
    any_valid: bool = False  # a consent in force, given by anyone
    parent_valid: bool = False  # a consent in force given by a parent

    def valid_for(self, minor: bool) -> bool:
        """`Participant.has_valid_consent`: a minor needs a parent's consent."""
        return self.parent_valid or (self.any_valid and not minor)


NO_CONSENT = ConsentFacts()


def consent_facts(organization: Organization) -> dict[int, ConsentFacts]:
    """{participant id: consent facts} of the organization's people from one ordered pass over the
    personal-data consents (people without any consent are missing: `NO_CONSENT`)."""
    facts: dict[int, ConsentFacts] = {}
    rows = (
        Consent.objects.filter(organization=organization, kind=Consent.Kind.PERSONAL_DATA)
        .order_by("participant_id", "-given_at", "-pk")
        .values_list("participant_id", "given_by", "revoked_at")
    )
    for person, given_by, revoked_at in rows:
        known = facts.get(person)
        valid = revoked_at is None
        if known is None:  # the latest consent of the person
            facts[person] = ConsentFacts(revoked_at, valid, valid and given_by == Consent.GivenBy.PARENT)
        elif valid:
            parent = known.parent_valid or given_by == Consent.GivenBy.PARENT
            facts[person] = ConsentFacts(known.revoked_at, True, parent)
    return facts


def consent_filter(has: bool, prefix: str = "") -> Q:
    valid = Q(_consent_parent=True) | (Q(_consent_any=True) & ~minor_q(prefix))
    return valid if has else ~valid


def visible_participants(organization: Organization, user: AnyUser) -> QuerySet[Participant]:
    """Participants of the organization the user may see in the bases (revoked consent: curator only)."""
    qs = annotate_consent(Participant.objects.filter(organization=organization))
    if not is_curator(user, organization):
        qs = qs.filter(annotated_revoked_at__isnull=True)
    return qs


def can_be_paired(participant: Participant) -> tuple[bool, str]:
    """May this person be put into a pairing now? Returns (answer, the reason in Russian when not)."""
    reason = pairing_block(
        hidden=participant.is_hidden_by_revocation,
        has_consent=participant.has_valid_consent,
        minor=participant.is_minor,
    )
    return not reason, reason


def pairing_block(*, hidden: bool, has_consent: bool, minor: bool) -> str:
    """Why a person with these consent facts may not be paired now (empty: they may), in Russian; the one
    rule of `can_be_paired`, also applied to plain values (the matching summary counts without models)."""
    if hidden:
        return _("Согласие на обработку персональных данных отозвано.")
    if has_consent:
        return ""
    if minor:
        return _(
            "Несовершеннолетнего нельзя включить в пару без действующего согласия законного представителя "
            "на обработку персональных данных."
        )
    return _("Нет действующего согласия на обработку персональных данных.")


def may_manage_consent(user: AnyUser, participant: Participant) -> bool:
    """The curator, the adult person themself, or a parent. A mentor is related but manages no consent."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not can(user, "participants.manage_consent", participant):
        return False
    if is_curator(user, participant):
        return True
    if participant.guardians.filter(pk=user.pk).exists():
        return True
    return participant.user_id == user.pk and not participant.is_minor


def may_give_consent_in_account(user: AnyUser, participant: Participant) -> bool:
    """On "my data" a parent (guardian) or the adult person themself confirms consent."""
    if not getattr(user, "is_authenticated", False):
        return False
    if participant.guardians.filter(pk=user.pk).exists():
        return True
    return participant.user_id == user.pk and not participant.is_minor


# --- mentors' path ---------------------------------------------------------------------------------------
def allowed_statuses(mentor: MentorProfile) -> list[str]:
    """The statuses a mentor may move to from the current one, in the path's order."""
    return [s for s in MentorProfile.Status.values if s in MENTOR_TRANSITIONS[mentor.status]]


def _visible(qs: QuerySet[M], organization: Organization, user: AnyUser) -> QuerySet[M]:
    qs = annotate_consent(qs.filter(organization=organization), prefix=P)
    if not is_curator(user, organization):
        qs = qs.filter(annotated_revoked_at__isnull=True)
    return qs


def _apply_common(qs: QuerySet[M], filters: dict[str, Any]) -> QuerySet[M]:
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
    for name, extra in LIST_FILTERS.items():
        if filters.get(name) in ("yes", "no"):
            qs = extra.apply(qs, filters[name] == "yes", f"{P}pk")
    return qs


# What a list shows of a profile's related rows (`request_list` of a mentee, `form_list` and `competence_list` of
# a mentor) is read by `copy_annotations(rows, lists=True)` as plain values, one query per relation: a prefetch
# built model objects and querysets for them, a fifth of the bases' pages.
def mentees(
    organization: Organization, user: AnyUser, filters: dict[str, Any] | None = None
) -> QuerySet[MenteeProfile]:
    filters = filters or {}
    qs = _visible(MenteeProfile.objects.all(), organization, user)
    qs = _apply_common(qs, filters)
    if filters.get("form"):
        qs = qs.filter(form=filters["form"])
    return qs.select_related("participant", "form").order_by(
        "participant__last_name", "participant__first_name", "participant__patronymic", "pk"
    )


def mentors(
    organization: Organization, user: AnyUser, filters: dict[str, Any] | None = None, register: bool = False
) -> QuerySet[MentorProfile]:
    filters = filters or {}
    qs = _visible(MentorProfile.objects.all(), organization, user)
    if register:
        qs = qs.filter(status__in=MentorProfile.REGISTER_STATUSES)
    qs = _apply_common(qs, filters)
    if filters.get("form"):
        qs = qs.filter(forms=filters["form"]).distinct()
    qs = qs.select_related("participant", "partner")
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


def copy_annotations(profiles: Iterable[Profile], *, lists: bool = False) -> list[Profile]:
    """Move the consent annotations of a profile row onto its participant, where the properties read them;
    with `lists`, also read what the lists show of the profiles' related rows (`attach_lists`)."""
    rows = list(profiles)
    if lists:
        attach_lists(rows)
    cutoff = adult_cutoff()
    for profile in rows:
        person = profile.participant
        # `is_minor` with today's cutoff taken once for the list (the property reads it)
        person.annotated_is_minor = minor_by(person.birth_date, person.category, cutoff)  # type: ignore[attr-defined]
        # the annotations of `annotate_consent`, read by Participant's properties
        profile.participant.annotated_has_consent = _has_consent(profile)  # type: ignore[attr-defined]
        profile.participant.annotated_revoked_at = _annotated(profile, "annotated_revoked_at")  # type: ignore[attr-defined]
    return rows


@dataclass(frozen=True)
class ListedRequest:
    """A mentee's request as the lists show it."""

    label: str


@dataclass(frozen=True)
class ListedForm:
    """A form of mentoring of a mentor as the lists show it."""

    code: str
    title: str


@dataclass(frozen=True)
class ListedCompetence:
    """A mentor's competence as the lists show it."""

    title: str


#: Ids per query of `attach_lists` (SQLite limits the parameters of a statement).
CHUNK = 900


def attach_lists(profiles: list[MenteeProfile] | list[MentorProfile]) -> None:
    """Set `request_list` on mentees, `form_list` and `competence_list` on mentors: plain values in the order
    the profile pages show them (requests by priority, forms by position, competences by title), one query per
    relation (per 900 profiles)."""
    mentees = [p for p in profiles if isinstance(p, MenteeProfile)]
    mentors = [p for p in profiles if isinstance(p, MentorProfile)]
    requests: dict[int, list[ListedRequest]] = {}
    forms: dict[int, list[ListedForm]] = {}
    competences: dict[int, list[ListedCompetence]] = {}
    for ids in _chunks([m.pk for m in mentees]):
        for mentee_id, text, topic in (
            MenteeRequest.objects.filter(mentee__in=ids)
            .order_by("mentee_id", "-priority", "pk")
            .values_list("mentee_id", "text", "topic__title")
        ):
            requests.setdefault(mentee_id, []).append(ListedRequest(request_label(text, topic)))
    through = MentorProfile.forms.through
    for ids in _chunks([m.pk for m in mentors]):
        for mentor_id, code, title in (
            through.objects.filter(mentorprofile__in=ids)
            .order_by(
                "mentorprofile_id", "mentoringform__position", "mentoringform__title", "mentoringform_id"
            )
            .values_list("mentorprofile_id", "mentoringform__code", "mentoringform__title")
        ):
            forms.setdefault(mentor_id, []).append(ListedForm(code, title))
        for mentor_id, title in (
            MentorCompetence.objects.filter(mentor__in=ids)
            .order_by("mentor_id", "title", "pk")
            .values_list("mentor_id", "title")
        ):
            competences.setdefault(mentor_id, []).append(ListedCompetence(title))
    for mentee in mentees:
        mentee.request_list = requests.get(mentee.pk, [])  # type: ignore[attr-defined]
    for mentor in mentors:
        mentor.form_list = forms.get(mentor.pk, [])  # type: ignore[attr-defined]
        mentor.competence_list = competences.get(mentor.pk, [])  # type: ignore[attr-defined]


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _annotated(row: models.Model, name: str) -> Any:
    """An annotation of a queryset's row (the types of models do not know annotations)."""
    return getattr(row, name)


def _has_consent(profile: MenteeProfile | MentorProfile) -> bool:
    if _annotated(profile, "_consent_parent"):
        return True
    return bool(_annotated(profile, "_consent_any")) and not profile.participant.is_minor


def groups(organization: Organization) -> list[str]:
    """Classes and groups present in the base, for the filter's suggestions."""
    return list(
        Participant.objects.filter(organization=organization)
        .exclude(group="")
        .values_list("group", flat=True)
        .distinct()
        .order_by("group")[:200]
    )
