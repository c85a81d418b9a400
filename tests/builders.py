"""The one home of the test builders: organizations, users with roles, participants and their profiles,
consents, bases ready for matching, questionnaires and invitations. Fixtures built on them live in
tests/conftest.py (and, where only one app needs them, in that app's conftest).

Plain functions over plain ORM writes (fast, no permission checks, no history of who did it): each app
tests its own services; the builders only put data in a known shape. Every builder takes the organization
first and any field of the model as a keyword, so a test says only what matters to it. (Why not
factory-boy: docs/decisions.md.)
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from nastavnik.accounts.models import Coordination, Membership, Role, User
from nastavnik.methodology.models import MentoringForm, RoleModel
from nastavnik.organizations.models import Municipality, Organization, Region
from nastavnik.participants.models import (
    Consent,
    Guardianship,
    MenteeProfile,
    MenteeRequest,
    MentorAssignment,
    MentorCompetence,
    MentorProfile,
    Participant,
)
from nastavnik.questionnaires import services as questionnaire_services
from nastavnik.questionnaires.models import Invitation, Question, Questionnaire, Section

_n = itertools.count(1)
PASSWORD = "correct-horse-battery-9"
ALL_ROLES = [r.value for r in Role]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


# Organizations and the people who log in ---------------------------------------------------------------


def make_region(name: str = "Ставропольский край") -> Region:
    n = next(_n)
    return Region.objects.create(name=f"{name} {n}", slug=f"region-{n}")


def make_organization(
    region: Region | None = None, kind: str = Organization.Kind.SCHOOL, **fields
) -> Organization:
    n = next(_n)
    region = region or make_region()
    municipality = fields.pop("municipality", None) or Municipality.objects.create(
        region=region, name=f"Муниципалитет {n}", slug=f"mun-{n}"
    )
    defaults = {
        "short_name": f"МБОУ «СОШ № {n}»",
        "full_name": f"Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № {n}»",
        "slug": f"org-{n}",
    }
    defaults.update(fields)
    return Organization.objects.create(municipality=municipality, kind=kind, **defaults)


def _full_name(name: str) -> dict[str, str]:
    """ "Фамилия Имя Отчество" (the patronymic may be missing) → the three fields; nothing for ""."""
    if not name:
        return {}
    last_name, first_name, *patronymic = name.split()
    return {"last_name": last_name, "first_name": first_name, "patronymic": " ".join(patronymic)}


def make_user(*roles: str, organization: Organization | None = None, name: str = "", **fields) -> User:
    """A user with these roles in `organization`; `name` is "Фамилия Имя Отчество" when the test shows it."""
    n = next(_n)
    defaults = {
        "last_name": f"Иванова{n}",
        "first_name": "Мария",
        "patronymic": "Петровна",
        **_full_name(name),
    }
    defaults.update(fields)
    email = defaults.pop("email", f"user{n}@example.org")
    user = User.objects.create_user(email, PASSWORD, **defaults)
    for role in roles:
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


def make_coordinator(region: Region, municipality: Municipality | None = None) -> User:
    user = make_user()
    Coordination.objects.create(user=user, region=region, municipality=municipality)
    return user


# Participants, their profiles and consents ----------------------------------------------------------------


def years_ago(years: int, days: int = 10) -> dt.date:
    """A birth date `years` full years (and `days` days) before today."""
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


def adult_birth(years: int = 30) -> dt.date:
    return years_ago(years)


def minor_birth(years: int = 13) -> dt.date:
    return years_ago(years)


def make_participant(
    organization, *, mentee: bool = False, mentor: bool = False, name: str = "", **fields
) -> Participant:
    """A person of the organization (a teacher of 30 by default); with `mentee`/`mentor`, in that base too.
    `name` is "Фамилия Имя Отчество" when the test shows it."""
    n = next(_n)
    defaults = {
        "last_name": f"Петров{n}",
        "first_name": "Иван",
        "patronymic": "Сергеевич",
        **_full_name(name),
        "category": Participant.Category.TEACHER,
        "birth_date": years_ago(30),
        "email": f"person{n}@example.org",
    }
    defaults.update(fields)
    participant = Participant.objects.create(organization=organization, **defaults)
    if mentee:
        make_mentee(organization, participant)
    if mentor:
        make_mentor(organization, participant)
    return participant


def make_pupil(organization, age: int = 13, **fields) -> Participant:
    fields.setdefault("category", Participant.Category.PUPIL)
    fields.setdefault("group", "7Б")
    fields.setdefault("birth_date", years_ago(age))
    return make_participant(organization, **fields)


def make_mentee(organization, participant: Participant | None = None, **fields) -> MenteeProfile:
    """A bare profile in the base of mentees (no consent, the model's default status)."""
    participant = participant or make_participant(organization)
    return MenteeProfile.objects.create(participant=participant, organization=organization, **fields)


def make_mentor(organization, participant: Participant | None = None, **fields) -> MentorProfile:
    """A bare profile in the base of mentors (no consent, the model's default status)."""
    participant = participant or make_participant(organization)
    return MentorProfile.objects.create(participant=participant, organization=organization, **fields)


def give_consent(
    participant: Participant,
    given_by: str = Consent.GivenBy.SELF,
    revoked: bool = False,
    scan: bool = True,
    **fields,
) -> Consent:
    """The person's own consent by default (for a minor that is not enough: say `given_by=PARENT`)."""
    consent = Consent(
        participant=participant,
        organization_id=participant.organization_id,
        given_by=given_by,
        representative_name="Петрова Анна Ивановна" if given_by == Consent.GivenBy.PARENT else "",
        given_at=fields.pop("given_at", timezone.now()),
        **fields,
    )
    if scan:
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


def link_user(profile, user) -> None:
    profile.participant.user = user
    profile.participant.save(update_fields=["user"])


def add_guardian(profile, user) -> None:
    Guardianship.objects.create(participant=profile.participant, user=user, organization=profile.organization)


# Bases ready for matching ---------------------------------------------------------------------------------


def teacher_form() -> MentoringForm:
    return MentoringForm.objects.get(organization__isnull=True, code="teacher-teacher")


def pupil_form() -> MentoringForm:
    return MentoringForm.objects.get(organization__isnull=True, code="pupil-pupil")


def role_model(form: MentoringForm) -> RoleModel:
    return RoleModel.objects.filter(form=form).order_by("position", "pk").first()


def _matching_person(organization, participant: Participant | None, consent: bool, **fields) -> Participant:
    if participant is None:
        fields.setdefault("last_name", f"Участникова{next(_n)}")
        fields.setdefault("first_name", "Анна")
        fields.setdefault("patronymic", "Сергеевна")
        participant = make_participant(organization, **fields)
    if consent:  # the one that counts: a parent's for a minor
        given_by = Consent.GivenBy.PARENT if participant.is_minor else Consent.GivenBy.SELF
        give_consent(participant, given_by, scan=False, given_at=timezone.now() - dt.timedelta(days=3))
    return participant


def make_matchable_mentee(
    organization,
    *,
    requests=(),
    form: MentoringForm | None = None,
    status: str = MenteeProfile.Status.IN_BASE,
    consent: bool = True,
    participant: Participant | None = None,
    **person_fields,
) -> MenteeProfile:
    """A mentee matching can take: in the base, with a valid consent and the given requests."""
    person = _matching_person(organization, participant, consent, **person_fields)
    profile = make_mentee(organization, person, form=form, status=status)
    for text in requests:
        MenteeRequest.objects.create(mentee=profile, organization=organization, text=text)
    return profile


def make_matchable_mentor(
    organization,
    *,
    competences=(),
    capacity: int = 1,
    status: str = MentorProfile.Status.ACTIVE,
    forms=(),
    consent: bool = True,
    participant: Participant | None = None,
    **person_fields,
) -> MentorProfile:
    """An active mentor with a valid consent, places and competences: an experienced teacher of 45."""
    person_fields.setdefault("birth_date", adult_birth(45))
    person_fields.setdefault("experience_years", 20)
    person = _matching_person(organization, participant, consent, **person_fields)
    profile = make_mentor(organization, person, capacity=capacity, status=status)
    if forms:
        profile.forms.set(forms)
    for title in competences:
        MentorCompetence.objects.create(mentor=profile, organization=organization, title=title)
    return profile


def small_base(organization):
    """Three young teachers and two mentors with clear best pairs: (0→A), (1→B), (2→A)."""
    form = teacher_form()

    def people(build, keys, rows, **common):
        return [build(organization, **dict(zip(keys, row, strict=True)), **common) for row in rows]

    mentors = people(
        make_matchable_mentor,
        ("last_name", "first_name", "competences", "subject", "capacity"),
        [
            ("Кузнецова", "Елена", ["Дисциплина на уроке", "Работа с родителями"], "Математика", 2),
            ("Соловьёва", "Наталья", ["Применение ИКТ", "Составление рабочей программы"], "Информатика", 1),
        ],
        forms=[form],
    )
    mentees = people(
        make_matchable_mentee,
        ("last_name", "first_name", "requests", "subject", "experience_years"),
        [
            ("Тарасова", "Ольга", ["Дисциплина на уроке"], "Математика", 0),
            ("Ахмедов", "Руслан", ["Применение ИКТ", "Составление рабочей программы"], "Информатика", 1),
            ("Белоусова", "Кристина", ["Работа с родителями"], "Математика", 0),
        ],
        form=form,
    )
    return {"form": form, "mentors": mentors, "mentees": mentees}


# Questionnaires -------------------------------------------------------------------------------------------


def template(code: str) -> Questionnaire:
    return Questionnaire.shipped.get(code=code)


def copy(code: str, organization) -> Questionnaire:
    return questionnaire_services.copy_template(template(code), organization, acting_user=None)


def invite(questionnaire, participant, **fields) -> Invitation:
    return Invitation.objects.create(
        questionnaire=questionnaire,
        organization=questionnaire.organization,
        participant=participant,
        **fields,
    )


def simple_questionnaire(organization, *kinds_and_fields) -> Questionnaire:
    """A questionnaire with one section and the given questions: (kind, {field: value})."""
    questionnaire = questionnaire_services.create_questionnaire(
        organization, acting_user=None, title="Проверочная анкета"
    )
    section = Section.objects.get(questionnaire=questionnaire)
    for kind, fields in kinds_and_fields:
        fields = dict(fields)
        questionnaire_services.add_question(
            section, acting_user=None, text=fields.pop("text", f"Вопрос {kind}"), kind=kind, **fields
        )
    return questionnaire


def questions(questionnaire) -> list[Question]:
    return list(
        Question.objects.filter(questionnaire=questionnaire).order_by("section__position", "position")
    )


def post_data(pairs: dict) -> MultiValueDict:
    """{question or field name: value or list} → what a browser posts."""
    data = MultiValueDict()
    for key, value in pairs.items():
        name = key.field_name if isinstance(key, Question) else key
        data.setlist(name, [str(v) for v in (value if isinstance(value, list) else [value])])
    return data


# Pairs at work and monitoring ------------------------------------------------------------------------------


def make_pairing(organization, mentor, *mentees, **fields):
    """A pairing of `mentor` (a MentorProfile) with these MenteeProfiles; status active by default."""
    from nastavnik.mentoring.models import Pairing, PairingMember

    fields.setdefault("form", teacher_form())
    fields.setdefault("approved_at", timezone.now())
    pairing = Pairing.objects.create(organization=organization, mentor=mentor, **fields)
    for mentee in mentees:
        PairingMember.objects.create(organization=organization, pairing=pairing, mentee=mentee)
    return pairing


def make_meeting(pairing, starts_at=None, **fields):
    """A held meeting of the pairing (now by default)."""
    from nastavnik.mentoring.models import Meeting

    fields.setdefault("kind", Meeting.Kind.WORKING)
    fields.setdefault("status", Meeting.Status.HELD)
    return Meeting.objects.create(
        organization_id=pairing.organization_id,
        pairing=pairing,
        starts_at=starts_at or timezone.now(),
        **fields,
    )


def make_feedback(meeting, participant, usefulness: int = 8, comfort: int = 9, **fields):
    from nastavnik.mentoring.models import Feedback

    return Feedback.objects.create(
        organization_id=meeting.organization_id,
        meeting=meeting,
        participant=participant,
        usefulness=usefulness,
        comfort=comfort,
        **fields,
    )


def make_contingent(organization, academic_year: int, **fields):
    from nastavnik.monitoring.models import Contingent

    defaults = {
        "learners_total": 500,
        "learners_in_age": 300,
        "teachers_total": 40,
        "young_specialists_total": 5,
    }
    defaults.update(fields)
    return Contingent.objects.create(organization=organization, academic_year=academic_year, **defaults)


def make_response(questionnaire, participant, answers: dict, submitted_at=None):
    """A submitted response of `participant` with {Question: value} answers."""
    from nastavnik.questionnaires.models import Answer, Response

    invitation = invite(questionnaire, participant, submitted_at=submitted_at or timezone.now())
    response = Response.objects.create(
        organization=questionnaire.organization,
        invitation=invitation,
        participant=participant,
        questionnaire=questionnaire,
        submitted_at=invitation.submitted_at,
    )
    for question, value in answers.items():
        Answer.objects.create(
            organization=questionnaire.organization, response=response, question=question, value=value
        )
    return response
