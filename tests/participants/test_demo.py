"""The demo school's bases: realistic, linked to the demo users, loaded once."""

from django.urls import reverse

from nastavnik.core.demo import load_demo
from nastavnik.participants.models import (
    Consent,
    MenteeProfile,
    MentorAssignment,
    MentorProfile,
    Participant,
    Partner,
)

MODELS = [Participant, MenteeProfile, MentorProfile, Consent, Partner, MentorAssignment]


def counts():
    return {m.__name__: m.objects.count() for m in MODELS} | {"history": Participant.history.count()}


def test_demo_bases(db):
    load_demo()
    assert MenteeProfile.objects.count() == 30
    assert MentorProfile.objects.count() == 12
    assert Partner.objects.count() == 2
    mentees = [m.participant for m in MenteeProfile.objects.select_related("participant")]
    minors = [p for p in mentees if p.is_minor]
    assert {p.category for p in mentees} >= {"pupil", "young_specialist"}
    assert any(p.has_valid_consent for p in minors) and any(not p.has_valid_consent for p in minors)
    assert any(p.is_hidden_by_revocation for p in mentees)
    assert MentorProfile.objects.filter(competences__isnull=False).distinct().count() == 12
    assert MentorProfile.objects.filter(partner__isnull=False).exists()
    assert MentorProfile.objects.filter(status__in=MentorProfile.REGISTER_STATUSES).count() >= 6


def test_demo_users_are_linked(db, login):
    load_demo()
    mentor = Participant.objects.get(user__email="mentor@demo.nastavnik.ru")
    mentee = Participant.objects.get(user__email="mentee@demo.nastavnik.ru")
    assert MentorAssignment.objects.filter(
        mentor_profile__participant=mentor, mentee_profile__participant=mentee
    ).exists()
    children = Participant.objects.filter(guardianships__user__email="parent@demo.nastavnik.ru")
    assert children.count() == 2
    client = login(mentor.user)
    assert client.get(reverse("participants:person", args=["sosh5-edissiya", mentee.pk])).status_code == 200


def test_demo_is_idempotent(db):
    load_demo()
    before = counts()
    load_demo()
    assert counts() == before
