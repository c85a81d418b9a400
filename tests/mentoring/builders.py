"""Builders of the bases for matching and mentoring tests: people, profiles, consents, a ready base.

Plain ORM writes (fast, no permission checks): the participants app tests its own services; here we need
data in a known shape.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from nastavnik.methodology.models import MentoringForm, RoleModel
from nastavnik.participants.models import (
    Consent,
    Guardianship,
    MenteeProfile,
    MenteeRequest,
    MentorCompetence,
    MentorProfile,
    Participant,
)

_n = itertools.count(1)


def adult_birth(years: int = 30) -> dt.date:
    today = timezone.localdate()
    return dt.date(today.year - years, 1, 15)


def minor_birth(years: int = 13) -> dt.date:
    today = timezone.localdate()
    return dt.date(today.year - years, 1, 15)


def teacher_form() -> MentoringForm:
    return MentoringForm.objects.get(organization__isnull=True, code="teacher-teacher")


def pupil_form() -> MentoringForm:
    return MentoringForm.objects.get(organization__isnull=True, code="pupil-pupil")


def role_model(form: MentoringForm) -> RoleModel:
    return RoleModel.objects.filter(form=form).order_by("position", "pk").first()


def make_person(
    organization, last_name: str | None = None, first_name: str = "Анна", **fields
) -> Participant:
    n = next(_n)
    defaults = {
        "patronymic": "Сергеевна",
        "birth_date": adult_birth(),
        "category": Participant.Category.TEACHER,
    }
    defaults.update(fields)
    return Participant.objects.create(
        organization=organization, last_name=last_name or f"Участникова{n}", first_name=first_name, **defaults
    )


def give_consent(person: Participant, *, revoked: bool = False) -> Consent:
    parent = person.is_minor
    return Consent.objects.create(
        participant=person,
        organization_id=person.organization_id,
        kind=Consent.Kind.PERSONAL_DATA,
        given_by=Consent.GivenBy.PARENT if parent else Consent.GivenBy.SELF,
        representative_name="Родителева Ольга Ивановна" if parent else "",
        given_at=timezone.now() - dt.timedelta(days=3),
        revoked_at=timezone.now() if revoked else None,
    )


def make_mentee(
    organization,
    *,
    requests=(),
    form: MentoringForm | None = None,
    status: str = MenteeProfile.Status.IN_BASE,
    consent: bool = True,
    person: Participant | None = None,
    **person_fields,
) -> MenteeProfile:
    person = person or make_person(organization, **person_fields)
    if consent:
        give_consent(person)
    profile = MenteeProfile.objects.create(
        participant=person, organization=organization, form=form, status=status
    )
    for text in requests:
        MenteeRequest.objects.create(mentee=profile, organization=organization, text=text)
    return profile


def make_mentor(
    organization,
    *,
    competences=(),
    capacity: int = 1,
    status: str = MentorProfile.Status.ACTIVE,
    forms=(),
    consent: bool = True,
    person: Participant | None = None,
    **person_fields,
) -> MentorProfile:
    person_fields.setdefault("birth_date", adult_birth(45))
    person_fields.setdefault("experience_years", 20)
    person = person or make_person(organization, **person_fields)
    if consent:
        give_consent(person)
    profile = MentorProfile.objects.create(
        participant=person, organization=organization, capacity=capacity, status=status
    )
    if forms:
        profile.forms.set(forms)
    for title in competences:
        MentorCompetence.objects.create(mentor=profile, organization=organization, title=title)
    return profile


def link_user(profile, user) -> None:
    profile.participant.user = user
    profile.participant.save(update_fields=["user"])


def add_guardian(profile, user) -> None:
    Guardianship.objects.create(participant=profile.participant, user=user, organization=profile.organization)


def small_base(organization):
    """Three young teachers and two mentors with clear best pairs: (0→A), (1→B), (2→A)."""
    form = teacher_form()
    mentor_a = make_mentor(
        organization,
        last_name="Кузнецова",
        first_name="Елена",
        competences=["Дисциплина на уроке", "Работа с родителями"],
        subject="Математика",
        capacity=2,
        forms=[form],
    )
    mentor_b = make_mentor(
        organization,
        last_name="Соловьёва",
        first_name="Наталья",
        competences=["Применение ИКТ", "Составление рабочей программы"],
        subject="Информатика",
        capacity=1,
        forms=[form],
    )
    mentees = [
        make_mentee(
            organization,
            last_name="Тарасова",
            first_name="Ольга",
            requests=["Дисциплина на уроке"],
            subject="Математика",
            experience_years=0,
            form=form,
        ),
        make_mentee(
            organization,
            last_name="Ахмедов",
            first_name="Руслан",
            requests=["Применение ИКТ", "Составление рабочей программы"],
            subject="Информатика",
            experience_years=1,
            form=form,
        ),
        make_mentee(
            organization,
            last_name="Белоусова",
            first_name="Кристина",
            requests=["Работа с родителями"],
            subject="Математика",
            experience_years=0,
            form=form,
        ),
    ]
    return {"form": form, "mentors": [mentor_a, mentor_b], "mentees": mentees}
