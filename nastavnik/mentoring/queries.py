"""Read side of pairings: the staff list and "my pairing", with a fixed number of queries and consent masking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from nastavnik.accounts.models import User
from nastavnik.accounts.permissions import is_curator
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import Guardianship, Participant, hidden_label
from nastavnik.participants.queries import annotate_consent

from .models import Order, Pairing, PairingMember
from .overview import MemberRow, member_person, members_of

MENTOR = "mentor__participant__"
MENTEE = "mentee__participant__"


def _name(
    participant: Participant | MemberRow, annotated_revoked_at: dt.datetime | None, curator: bool
) -> tuple[str, bool]:
    hidden = annotated_revoked_at is not None and not curator
    return (hidden_label() if hidden else participant.full_name), hidden


def _members() -> Prefetch:
    qs = annotate_consent(PairingMember.objects.select_related("mentee__participant"), prefix=MENTEE)
    return Prefetch("members", queryset=qs.order_by(f"{MENTEE}last_name", f"{MENTEE}first_name", "pk"))


def pairings_queryset(organization: Organization) -> QuerySet[Pairing]:
    return (
        annotate_consent(Pairing.objects.filter(organization=organization), prefix=MENTOR)
        .select_related("mentor__participant", "form", "role_model", "order")
        .prefetch_related(_members())
    )


def label(pairings: Iterable[Pairing], user: User, organization: Organization) -> list[Pairing]:
    """Set `display_name`/`hidden` on mentors and members: revoked consent hides a name from all but the curator."""
    curator = is_curator(user, organization)
    rows = list(pairings)
    for pairing in rows:
        pairing.mentor_name, pairing.mentor_hidden = _name(
            pairing.mentor.participant, pairing.annotated_revoked_at, curator
        )
        for member in members_of(pairing):
            member.display_name, member.hidden = _name(
                member_person(member), member.annotated_revoked_at, curator
            )
    return rows


def orders(organization: Organization) -> QuerySet[Order]:
    return (
        Order.objects.filter(organization=organization, kind=Order.Kind.PAIRINGS)
        .annotate(pairings_count=Count("pairings"))
        .order_by("-date", "-pk")
    )


@dataclass
class MyPairings:
    as_mentor: list[Pairing] = field(default_factory=list)
    as_mentee: list[Pairing] = field(default_factory=list)  # mine or my child's: `mine` lists those members

    @property
    def empty(self) -> bool:
        return not self.as_mentor and not self.as_mentee


def my_pairings(organization: Organization, user: User) -> MyPairings:
    """Active pairings where the user is the mentor, a mentee, or a parent of a mentee; 5 queries."""
    own = set(Participant.objects.filter(organization=organization, user=user).values_list("pk", flat=True))
    wards = set(
        Guardianship.objects.filter(organization=organization, user=user).values_list(
            "participant_id", flat=True
        )
    )
    people = own | wards
    if not people:
        return MyPairings()
    active = pairings_queryset(organization).filter(status=Pairing.Status.ACTIVE)
    rows = label(
        active.filter(Q(mentor__participant__in=own) | Q(members__mentee__participant__in=people))
        .distinct()
        .order_by("-approved_at", "-pk"),
        user,
        organization,
    )
    result = MyPairings()
    for pairing in rows:
        if pairing.mentor.participant_id in own:
            result.as_mentor.append(pairing)
        mine = [m for m in pairing.members.all() if m.mentee.participant_id in people]
        if mine:
            pairing.mine = mine
            result.as_mentee.append(pairing)
    return result
