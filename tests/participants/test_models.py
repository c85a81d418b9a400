"""Participants: names, minors, consent in force, revocation, who is related, tenancy."""

import pytest
from django_scopes import ScopeError, scope

from nastavnik.accounts.models import Role
from nastavnik.participants.models import (
    Consent,
    MentorProfile,
    Participant,
    RequestTopic,
)
from nastavnik.participants.services import add_guardian
from tests.builders import (
    assign,
    give_consent,
    make_mentee,
    make_mentor,
    make_participant,
    make_pupil,
    make_user,
    years_ago,
)


def test_full_and_short_names(organization):
    p = make_participant(organization, last_name="Иванова", first_name="Мария", patronymic="Петровна")
    assert p.full_name == "Иванова Мария Петровна"
    assert p.short_name == "Иванова М.П."
    assert str(p) == "Иванова Мария Петровна"
    no_patronymic = make_participant(organization, last_name="Смит", first_name="Джон", patronymic="")
    assert no_patronymic.short_name == "Смит Д."


def test_search_name_is_lowercased_and_kept_up_to_date(organization):
    p = make_participant(organization, last_name="Ёлкина", first_name="Анна", patronymic="")
    assert p.search_name == "елкина анна"
    p.last_name = "Сосновая"
    p.save(update_fields=["last_name"])
    p.refresh_from_db()
    assert p.search_name == "сосновая анна"


@pytest.mark.parametrize(
    ("years", "days", "minor"),
    [(17, 300, True), (18, -1, True), (18, 0, False), (18, 1, False), (40, 0, False)],
)
def test_is_minor_counts_18_years_from_today(organization, years, days, minor):
    p = make_participant(organization, birth_date=years_ago(years, days))
    assert p.is_minor is minor


def test_a_pupil_without_birth_date_counts_as_minor_a_teacher_does_not(organization):
    assert make_participant(organization, category="pupil", birth_date=None).is_minor
    assert not make_participant(organization, category="teacher", birth_date=None).is_minor


def test_adult_consent_by_self_is_valid(organization):
    p = make_participant(organization)
    assert not p.has_valid_consent
    give_consent(p)
    assert p.has_valid_consent


def test_minor_needs_a_parents_consent(organization):
    child = make_pupil(organization, age=13)
    give_consent(child, given_by=Consent.GivenBy.SELF)
    assert not child.has_valid_consent
    give_consent(child, given_by=Consent.GivenBy.PARENT)
    assert child.has_valid_consent


def test_publication_consent_is_not_a_personal_data_consent(organization):
    p = make_participant(organization)
    give_consent(p, kind=Consent.Kind.PUBLICATION)
    assert not p.has_valid_consent


def test_revocation_hides_until_a_new_consent(organization):
    p = make_participant(organization)
    assert not p.is_hidden_by_revocation
    give_consent(p, revoked=True)
    p = Participant.objects.get(pk=p.pk)
    assert p.is_hidden_by_revocation
    assert not p.has_valid_consent
    give_consent(p)
    p = Participant.objects.get(pk=p.pk)
    assert not p.is_hidden_by_revocation
    assert p.has_valid_consent


def test_related_users_are_self_guardian_and_assigned_mentor(organization):
    child = make_pupil(organization)
    own = make_user(Role.MENTEE, organization=organization)
    parent = make_user(Role.PARENT, organization=organization)
    mentor_user = make_user(Role.MENTOR, organization=organization)
    other_mentor_user = make_user(Role.MENTOR, organization=organization)
    child.user = own
    child.save()
    add_guardian(child, parent, acting_user=None)
    mentee = make_mentee(organization, participant=child)
    mentor = make_mentor(organization, participant=make_participant(organization, user=mentor_user))
    make_mentor(organization, participant=make_participant(organization, user=other_mentor_user))
    assert child.mentor_users() == []
    assert not child.is_related_user(mentor_user)
    assign(mentor, mentee)
    assert child.mentor_users() == [mentor_user]
    assert child.is_related_user(own)
    assert child.is_related_user(parent)
    assert child.is_related_user(mentor_user)
    assert not child.is_related_user(other_mentor_user)
    assert not child.is_related_user(make_user())


def test_mentor_profile_is_related_to_the_mentor_only(organization):
    user = make_user(Role.MENTOR, organization=organization)
    mentor = make_mentor(organization, participant=make_participant(organization, user=user))
    assert mentor.is_related_user(user)
    assert not mentor.is_related_user(make_user(Role.MENTOR, organization=organization))


def test_one_person_may_be_mentor_and_mentee(organization):
    p = make_participant(organization)
    make_mentee(organization, participant=p)
    make_mentor(organization, participant=p)
    assert p.mentee_profile and p.mentor_profile


def test_register_statuses():
    assert set(MentorProfile.REGISTER_STATUSES) == {"selected", "trained", "active", "resting"}


def test_request_topics_are_shipped_for_every_audience(db):
    titles = set(RequestTopic.objects.filter(organization=None).values_list("title", flat=True))
    for title in [
        "Дисциплина на уроке",
        "Работа с родителями",
        "Составление рабочей программы",
        "Применение ИКТ",
        "Подготовка к аттестации",
        "Классное руководство",
        "Трудности в учёбе по предмету",
        "Адаптация в коллективе",
        "Профориентация",
        "Подготовка к олимпиаде",
        "Проектная деятельность",
        "Трудоустройство",
        "Практика",
        "Профессиональные навыки",
    ]:
        assert title in titles
    assert set(RequestTopic.objects.values_list("audience", flat=True)) == {"teachers", "pupils", "students"}
    assert set(RequestTopic.objects.values_list("kind", flat=True)) == {"difficulty", "goal"}


def test_queries_outside_a_scope_fail_loudly(organization, other_organization):
    make_participant(organization)
    make_participant(other_organization)
    with scope(), pytest.raises(ScopeError):
        list(Participant.objects.all())
    with scope(organization=[organization.pk]):
        assert Participant.objects.count() == 1


def test_every_organization_model_is_scoped(organization):
    from django.apps import apps

    for model in apps.get_app_config("participants").get_models():
        if model.__name__.startswith("Historical") or model is RequestTopic:
            continue
        assert model._meta.get_field("organization").null is False, model
        with scope(), pytest.raises(ScopeError):
            list(model.objects.all())
