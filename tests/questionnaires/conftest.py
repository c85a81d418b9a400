"""Builders for questionnaire tests: people of the bases, copies of templates, invitations, answers."""

import itertools

import pytest
from django.utils.datastructures import MultiValueDict

from nastavnik.participants.models import MenteeProfile, MentorProfile, Participant
from nastavnik.questionnaires import services
from nastavnik.questionnaires.models import Invitation, Question, Questionnaire, Section

_n = itertools.count(1)


def make_participant(organization, *, mentee=False, mentor=False, **fields) -> Participant:
    n = next(_n)
    defaults = {
        "last_name": f"Петров{n}",
        "first_name": "Иван",
        "patronymic": "Сергеевич",
        "category": Participant.Category.TEACHER,
        "email": f"person{n}@example.org",
    }
    defaults.update(fields)
    participant = Participant.objects.create(organization=organization, **defaults)
    if mentee:
        MenteeProfile.objects.create(participant=participant, organization=organization)
    if mentor:
        MentorProfile.objects.create(participant=participant, organization=organization)
    return participant


def template(code: str) -> Questionnaire:
    return Questionnaire.shipped.get(code=code)


def copy(code: str, organization) -> Questionnaire:
    return services.copy_template(template(code), organization, acting_user=None)


def invite(questionnaire, participant, **fields) -> Invitation:
    return Invitation.objects.create(
        questionnaire=questionnaire,
        organization=questionnaire.organization,
        participant=participant,
        **fields,
    )


def simple_questionnaire(organization, *kinds_and_fields) -> Questionnaire:
    """A questionnaire with one section and the given questions: (kind, {field: value})."""
    questionnaire = services.create_questionnaire(organization, acting_user=None, title="Проверочная анкета")
    section = Section.objects.get(questionnaire=questionnaire)
    for kind, fields in kinds_and_fields:
        services.add_question(
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


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks (the e-mails of a send) run inside the test, as a worker would run them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def mentee(organization):
    return make_participant(
        organization, mentee=True, category=Participant.Category.YOUNG_SPECIALIST, first_name="Руслан"
    )


@pytest.fixture
def mentor(organization):
    return make_participant(organization, mentor=True, subject="")


#: Upper bound for any page of the app, whatever the data (the layout's own queries included).
PAGE_QUERIES = 20


@pytest.fixture
def constant_queries(django_assert_max_num_queries):
    """Call `check()` after each `grow()` step: the first call sets the count, later ones may not exceed it."""

    class Meter:
        first: int | None = None

        def __call__(self, check):
            bound = PAGE_QUERIES if self.first is None else self.first
            with django_assert_max_num_queries(bound) as captured:
                check()
            if self.first is None:
                self.first = len(captured.captured_queries)

    def make():
        return Meter()

    return make
