"""Builders of participants, profiles and consents for the tests of the bases."""

import datetime as dt
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from nastavnik.participants.models import (
    Consent,
    MenteeProfile,
    MentorAssignment,
    MentorProfile,
    Participant,
)

_n = itertools.count(1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def years_ago(years: int, days: int = 10) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


def make_participant(organization, **fields) -> Participant:
    n = next(_n)
    defaults = {
        "last_name": f"Петров{n}",
        "first_name": "Иван",
        "patronymic": "Сергеевич",
        "category": Participant.Category.TEACHER,
        "birth_date": years_ago(30),
    }
    defaults.update(fields)
    return Participant.objects.create(organization=organization, **defaults)


def make_pupil(organization, age: int = 13, **fields) -> Participant:
    fields.setdefault("category", Participant.Category.PUPIL)
    fields.setdefault("group", "7Б")
    fields.setdefault("birth_date", years_ago(age))
    return make_participant(organization, **fields)


def make_mentee(organization, participant=None, **fields) -> MenteeProfile:
    participant = participant or make_participant(organization)
    return MenteeProfile.objects.create(participant=participant, organization=organization, **fields)


def make_mentor(organization, participant=None, **fields) -> MentorProfile:
    participant = participant or make_participant(organization)
    return MentorProfile.objects.create(participant=participant, organization=organization, **fields)


def give_consent(participant, given_by=Consent.GivenBy.SELF, revoked=False, **fields) -> Consent:
    consent = Consent(
        participant=participant,
        organization_id=participant.organization_id,
        given_by=given_by,
        representative_name="Петрова Анна Ивановна" if given_by == Consent.GivenBy.PARENT else "",
        given_at=fields.pop("given_at", timezone.now()),
        **fields,
    )
    consent.scan.save("scan.pdf", ContentFile(PDF), save=False)
    consent.save()
    if revoked:
        consent.revoked_at = timezone.now()
        consent.save()
    return consent


def assign(mentor: MentorProfile, mentee: MenteeProfile) -> MentorAssignment:
    return MentorAssignment.objects.create(
        mentor_profile=mentor, mentee_profile=mentee, organization_id=mentor.organization_id
    )
