"""Read side of the public page: what anybody on the internet may see of an organization's programme.

Every function returns only what may be public: mentors on the honor board only while they are adults with a
publication consent in force (and their personal-data consent not revoked), figures as aggregates with small
counts suppressed (`figures.py`). Never imports `services`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from nastavnik.core.tenancy import organization_scope, scopes_disabled
from nastavnik.mentoring.models import Pairing, PairingMember
from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.models import Organization, Region
from nastavnik.participants.models import Consent, MenteeProfile, MentorProfile, Participant
from nastavnik.participants.queries import annotate_consent, minor_q

from .figures import FigureRow, suppress_table
from .models import Case, HonorBoardEntry, NewsItem, PublicDocument, PublicPage
from .names import Person

#: Pairings counted in the page's figures: the programme's current and finished work.
COUNTED_STATUSES = (Pairing.Status.ACTIVE, Pairing.Status.COMPLETED)


@dataclass(frozen=True)
class HonorCard:
    """One mentor on an honor board, as the public sees it."""

    entry_id: int
    organization_slug: str
    organization_name: str
    name: str
    text: str
    photo_url: str | None


def page_of(organization: Organization) -> PublicPage:
    """The organization's settings row, or an unsaved default (not published) when the curator never saved it."""
    with organization_scope(organization):
        page = PublicPage.objects.filter(organization=organization).first()
    return page or PublicPage(organization=organization)


def published_page(slug: str) -> tuple[Organization, PublicPage] | None:
    """The organization and its page behind /p/<slug>/, or None when unknown or not published (one query)."""
    with scopes_disabled():  # looked up by the slug, like a token page; the rest runs in its scope
        row = (
            PublicPage.objects.select_related("organization__municipality__region")
            .filter(organization__slug=slug, is_published=True)
            .first()
        )
    if row is None:
        return None
    return row.organization, row


# --- the honor board ---------------------------------------------------------------------------------------
def publishable_participants() -> Q:
    """Participants who may appear by name: adults with a publication consent in force (evaluated in SQL)."""
    return ~minor_q() & Q(_publication=True) & Q(annotated_revoked_at__isnull=True)


def annotate_publication(qs: QuerySet[Participant]) -> QuerySet[Participant]:
    publication = Consent.objects.filter(
        participant=OuterRef("pk"), kind=Consent.Kind.PUBLICATION, revoked_at__isnull=True
    )
    return annotate_consent(qs).annotate(_publication=Exists(publication))


def publishable_participant_ids(organization_ids: Iterable[int]) -> QuerySet[Participant]:
    return (
        annotate_publication(Participant.objects.filter(organization_id__in=list(organization_ids)))
        .filter(publishable_participants())
        .values("pk")
    )


def consented_mentors(organization: Organization) -> list[MentorProfile]:
    """Mentors the curator may put on the honor board: adults whose publication consent is in force."""
    return list(
        MentorProfile.objects.filter(
            organization=organization,
            participant__in=publishable_participant_ids([organization.pk]),
        )
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )


def _cards(entries: Iterable[HonorBoardEntry]) -> list[HonorCard]:
    cards = []
    for entry in entries:
        organization = entry.organization
        cards.append(
            HonorCard(
                entry_id=entry.pk,
                organization_slug=organization.slug,
                organization_name=organization.short_name,
                name=entry.mentor.participant.full_name,
                text=entry.text,
                photo_url=reverse("public:photo", args=[organization.slug, entry.pk])
                if entry.photo
                else None,
            )
        )
    return cards


def _visible_entries(organization_ids: list[int]) -> QuerySet[HonorBoardEntry]:
    return (
        HonorBoardEntry.objects.filter(
            organization_id__in=organization_ids,
            mentor__participant__in=publishable_participant_ids(organization_ids),
        )
        .select_related("mentor__participant", "organization")
        .order_by("organization__short_name", "position", "pk")
    )


def honor_board(organization: Organization) -> list[HonorCard]:
    """The organization's honor board as the public sees it (two queries at most)."""
    with organization_scope(organization):
        return _cards(_visible_entries([organization.pk]))


def visible_entry(organization: Organization, entry_id: int) -> HonorBoardEntry | None:
    """The entry, while it is on the public board (for its photo)."""
    with organization_scope(organization):
        return _visible_entries([organization.pk]).filter(pk=entry_id).first()


def region_honor_board(region: Region) -> list[HonorCard]:
    """Consented adult mentors of all organizations of the region whose public page is published.

    A bounded number of queries whatever the number of organizations (the ids, then the entries)."""
    with scopes_disabled():
        organization_ids = list(
            PublicPage.objects.filter(
                organization__municipality__region=region, is_published=True
            ).values_list("organization_id", flat=True)
        )
    if not organization_ids:
        return []
    with organization_scope(*organization_ids):
        return _cards(_visible_entries(organization_ids))


# --- documents, cases, news -----------------------------------------------------------------------------
def documents(organization: Organization) -> list[PublicDocument]:
    with organization_scope(organization):
        return list(PublicDocument.objects.filter(organization=organization))


def cases(organization: Organization) -> list[Case]:
    with organization_scope(organization):
        return list(Case.objects.filter(organization=organization))


def news(organization: Organization, limit: int | None = None) -> list[NewsItem]:
    with organization_scope(organization):
        qs = NewsItem.objects.filter(organization=organization)
        return list(qs[:limit] if limit else qs)


# --- figures -------------------------------------------------------------------------------------------
def programme_figures(organization: Organization) -> list[FigureRow]:
    """Pairings, mentors and mentees by form of mentoring (active and completed work), small counts hidden.

    Three queries: forms, pairings and mentors by form, mentees by form."""
    with organization_scope(organization):
        pairings = Pairing.objects.filter(organization=organization, status__in=COUNTED_STATUSES)
        by_form = {
            row["form_id"]: row
            for row in pairings.values("form_id").annotate(
                pairings=Count("pk"), mentors=Count("mentor_id", distinct=True)
            )
        }
        mentees = {
            row["pairing__form_id"]: row["mentees"]
            for row in PairingMember.objects.filter(pairing__in=pairings)
            .values("pairing__form_id")
            .annotate(mentees=Count("mentee_id", distinct=True))
        }
        titles = dict(MentoringForm.objects.filter(pk__in=list(by_form)).values_list("pk", "title"))
    rows = [
        (titles.get(form_id, ""), row["pairings"], row["mentors"], mentees.get(form_id, 0))
        for form_id, row in by_form.items()
    ]
    rows.sort(key=lambda r: r[0])
    return suppress_table(rows)


# --- what a curator's text must not name ------------------------------------------------------------------
def protected_people(organization: Organization) -> list[Person]:
    """Mentees and minors of the organization: nobody whose name may stand in a case or a news item."""
    with organization_scope(organization):
        mentee_ids = MenteeProfile.objects.filter(organization=organization).values("participant_id")
        rows = (
            Participant.objects.filter(organization=organization)
            .filter(Q(pk__in=mentee_ids) | minor_q())
            .values_list("last_name", "first_name")
            .distinct()
        )
        return [Person(last, first) for last, first in rows if last and first]
