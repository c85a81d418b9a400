"""The index page's summary of the bases (`problem.bases_summary`, from plain values) says what `load_bases` says.

`load_bases` loads every person and asks `can_be_paired`; the summary must count the same people for the same
reasons without loading them. Every combination of consent (none, own, a parent's, revoked), age (adult, minor,
unknown birth date of a teacher and of a pupil), status, capacity and load is in the base below.
"""

import itertools
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from nastavnik.matching import problem
from nastavnik.mentoring.models import Pairing, PairingMember
from nastavnik.participants.models import Consent, MenteeProfile, MentorProfile, Participant
from tests.builders import (
    adult_birth,
    give_consent,
    make_mentee,
    make_mentor,
    make_participant,
    minor_birth,
    teacher_form,
)

CONSENTS = ["none", "self", "parent", "revoked", "revoked_then_self"]
AGES = ["adult", "minor", "unknown_teacher", "unknown_pupil"]


def _person(organization, consent: str, age: str, n: int) -> Participant:
    fields = {
        "adult": {"birth_date": adult_birth(30)},
        "minor": {"birth_date": minor_birth(14), "category": Participant.Category.PUPIL},
        "unknown_teacher": {"birth_date": None},
        "unknown_pupil": {"birth_date": None, "category": Participant.Category.PUPIL},
    }[age]
    person = make_participant(organization, last_name=f"Сводкина{n:03d}", **fields)
    if consent in ("self", "parent"):
        given_by = Consent.GivenBy.SELF if consent == "self" else Consent.GivenBy.PARENT
        give_consent(person, given_by, scan=False)
    elif consent.startswith("revoked"):
        give_consent(person, scan=False, revoked=True, given_at=timezone.now() - timezone.timedelta(days=9))
        if consent == "revoked_then_self":
            give_consent(person, scan=False)
    return person


def _reference(organization) -> dict:
    """The summary as the page computed it before: from the loaded bases."""
    bases = problem.load_bases(organization, features=False)
    usable = bases.usable_mentors
    return {
        "mentees": len(bases.mentees),
        "mentees_ready": len(bases.mentees) - len(bases.mentee_excluded),
        "mentee_reasons": Counter(bases.mentee_excluded.values()),
        "mentors": len(bases.mentors),
        "mentors_ready": len(usable),
        "mentor_reasons": Counter(bases.mentor_excluded.values()),
        "places": sum(bases.free_places[m.pk] for m in usable),
    }


@pytest.fixture
def mixed_bases(organization):
    form = teacher_form()
    n = itertools.count()
    statuses = [MenteeProfile.Status.NEW, MenteeProfile.Status.IN_BASE, MenteeProfile.Status.MATCHED]
    for consent, age, status in itertools.product(CONSENTS, AGES, statuses):
        make_mentee(organization, _person(organization, consent, age, next(n)), status=status, form=form)
    mentor_statuses = [
        MentorProfile.Status.ACTIVE,
        MentorProfile.Status.SELECTED,
        MentorProfile.Status.POTENTIAL,
    ]
    for consent, age, status, capacity, load in itertools.product(
        CONSENTS, AGES[:2], mentor_statuses, (1, 2), (0, 1, 2)
    ):
        mentor = make_mentor(
            organization, _person(organization, consent, age, next(n)), capacity=capacity, status=status
        )
        # `load` active pairings, and a completed one that takes no place
        for pairing_status in [Pairing.Status.ACTIVE] * load + [Pairing.Status.COMPLETED]:
            pairing = Pairing.objects.create(
                organization=organization,
                mentor=mentor,
                form=form,
                status=pairing_status,
                approved_at=timezone.now(),
            )
            mentee = make_mentee(organization, status=MenteeProfile.Status.MATCHED)
            PairingMember.objects.create(organization=organization, pairing=pairing, mentee=mentee)
    return organization


def test_summary_counts_what_the_loaded_bases_count(mixed_bases, other_organization):
    _person(other_organization, "self", "adult", 999)  # another organization's people never count
    summary = problem.bases_summary(mixed_bases)
    expected = _reference(mixed_bases)
    assert summary["mentees"] == expected["mentees"] > 0
    assert Counter(dict(summary["mentee_reasons"])) == expected["mentee_reasons"]
    assert len(expected["mentee_reasons"]) == 3  # revoked, a minor without a parent's consent, no consent
    assert summary["mentees_ready"] == expected["mentees_ready"] > 0
    assert summary["mentors"] == expected["mentors"] > 0
    assert Counter(dict(summary["mentor_reasons"])) == expected["mentor_reasons"]
    assert any(reason.startswith("все места заняты") for reason in expected["mentor_reasons"])
    assert summary["mentors_ready"] == expected["mentors_ready"] > 0
    assert summary["places"] == expected["places"] > 0
    counts = [n for _reason, n in summary["mentee_reasons"]]
    assert counts == sorted(counts, reverse=True)  # most frequent reason first


def test_summary_of_empty_bases(organization):
    assert problem.bases_summary(organization) == {
        "mentees": 0,
        "mentees_ready": 0,
        "mentee_reasons": [],
        "mentors": 0,
        "mentors_ready": 0,
        "mentor_reasons": [],
        "places": 0,
    }


def test_index_page_shows_the_summary_in_bounded_queries(mixed_bases, login, curator, constant_queries):
    url = reverse("matching:index", args=[mixed_bases.slug])
    client = login(curator)
    meter = constant_queries()
    page = meter(lambda: client.get(url)).content.decode()
    expected = _reference(mixed_bases)
    assert f"В базе: {expected['mentees']}" in page
    assert f"Можно включить в пары: {expected['mentees_ready']}" in page
    for _ in range(5):
        make_mentee(mixed_bases, _person(mixed_bases, "self", "adult", 500 + _))
        make_mentor(mixed_bases, _person(mixed_bases, "self", "adult", 600 + _), capacity=2)
    meter(lambda: client.get(url))
