"""build_problem and run_matching on real models: who takes part, hard rules, rules of the curator, queries."""

from dataclasses import asdict

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django_scopes import ScopeError, scope

from nastavnik.matching import problem, services
from nastavnik.matching.engine.fit import FitWeights
from nastavnik.matching.models import MatchingRule, MatchingRun
from nastavnik.mentoring.models import Pairing, PairingMember
from nastavnik.participants.models import MenteeProfile, MentorProfile
from tests.builders import (
    give_consent,
    make_matchable_mentee,
    make_matchable_mentor,
    make_participant,
    minor_birth,
    pupil_form,
    small_base,
    teacher_form,
)

#: The names of every criterion of the fit.
ALL_WEIGHTS = list(asdict(FitWeights()))


def _pairs(run: MatchingRun) -> set[tuple[int, int]]:
    return {(p["mentee"], p["mentor"]) for p in run.result["pairs"]}


def test_problem_is_built_from_the_bases(organization):
    base = small_base(organization)
    data = services.build_problem(organization)
    a, b = base["mentors"]
    assert [m.pk for m in data.mentors] == [a.pk, b.pk]  # ordered by name: Кузнецова, Соловьёва
    assert sorted(data.problem.mentee_ids) == sorted(str(m.pk) for m in base["mentees"])
    assert list(data.problem.capacity) == [2, 1]
    scores = data.problem.scores
    row = {int(x): i for i, x in enumerate(data.problem.mentee_ids)}
    discipline, ict = row[base["mentees"][0].pk], row[base["mentees"][1].pk]
    assert scores[discipline, 0] > scores[discipline, 1]
    assert scores[ict, 1] > scores[ict, 0]
    reasons = data.problem.reasons(ict, 1)
    assert any("совпадают запросы: применение ИКТ" in r for r in reasons)
    assert any("общий предмет: информатика" in r for r in reasons)


@pytest.mark.parametrize("mode", ["optimal", "stable"])
def test_run_stores_pairs_with_reasons(organization, curator, mode):
    base = small_base(organization)
    run = services.run_matching(organization, mode, acting_user=curator)
    a, b = base["mentors"]
    m0, m1, m2 = base["mentees"]
    assert _pairs(run) == {(m0.pk, a.pk), (m1.pk, b.pk), (m2.pk, a.pk)}
    assert run.pairs_count == 3 and run.unmatched_count == 0
    assert run.created_by == curator and run.mode == mode
    assert run.total_score == pytest.approx(sum(p["score"] for p in run.result["pairs"]), abs=1e-3)
    assert all(p["reasons"] for p in run.result["pairs"])
    assert run.result["counts"]["mentees"] == 3
    assert run.weights["requests"] == 35.0


def test_only_the_base_and_the_register_take_part(organization):
    form = teacher_form()
    make_matchable_mentee(organization, status=MenteeProfile.Status.NEW, form=form)
    make_matchable_mentee(organization, status=MenteeProfile.Status.MATCHED)
    make_matchable_mentee(organization, status=MenteeProfile.Status.LEFT)
    make_matchable_mentor(organization, status=MentorProfile.Status.SELECTED)
    make_matchable_mentor(organization, status=MentorProfile.Status.TRAINED)
    make_matchable_mentor(organization, status=MentorProfile.Status.POTENTIAL)
    make_matchable_mentor(organization, status=MentorProfile.Status.RESTING)
    make_matchable_mentor(organization, status=MentorProfile.Status.EXCLUDED)
    data = services.build_problem(organization)
    assert data.problem.n_mentees == 1
    assert data.problem.n_mentors == 2


def test_minor_without_parental_consent_is_excluded_with_the_reason(organization):
    form = pupil_form()
    make_matchable_mentor(organization, competences=["Адаптация в коллективе"], forms=[form], capacity=3)
    no_consent = make_matchable_mentee(
        organization,
        consent=False,
        birth_date=minor_birth(),
        category="pupil",
        requests=["Адаптация в коллективе"],
    )
    own_consent_only = make_matchable_mentee(
        organization, consent=False, birth_date=minor_birth(), category="pupil"
    )
    # A minor's own signature is not enough: the consent must come from a parent.
    own = give_consent(own_consent_only.participant)
    own.given_by = "self"
    own.save()
    with_consent = make_matchable_mentee(organization, birth_date=minor_birth(), category="pupil")
    run = services.run_matching(organization, "optimal", acting_user=None)
    unmatched = {u["mentee"]: u["reason"] for u in run.result["unmatched"]}
    assert "законного представителя" in unmatched[no_consent.pk]
    assert "законного представителя" in unmatched[own_consent_only.pk]
    assert with_consent.pk in {p["mentee"] for p in run.result["pairs"]}
    assert all(u["excluded"] for u in run.result["unmatched"])


def test_revoked_consent_and_adult_without_consent_are_excluded(organization):
    make_matchable_mentor(organization, capacity=5)
    revoked = make_matchable_mentee(organization, consent=False)
    give_consent(revoked.participant, revoked=True)
    adult = make_matchable_mentee(organization, consent=False)
    run = services.run_matching(organization, "stable", acting_user=None)
    unmatched = {u["mentee"]: u["reason"] for u in run.result["unmatched"]}
    assert unmatched[revoked.pk] == "Согласие на обработку персональных данных отозвано."
    assert unmatched[adult.pk] == "Нет действующего согласия на обработку персональных данных."
    assert run.pairs_count == 0


def test_mentor_without_consent_or_places_does_not_take_part(organization):
    no_consent = make_matchable_mentor(organization, consent=False)
    full = make_matchable_mentor(organization, capacity=1)
    busy_mentee = make_matchable_mentee(organization, status=MenteeProfile.Status.MATCHED)
    pairing = Pairing.objects.create(organization=organization, mentor=full, form=teacher_form())
    PairingMember.objects.create(pairing=pairing, organization=organization, mentee=busy_mentee)
    make_matchable_mentee(organization)
    data = services.build_problem(organization)
    assert data.problem.n_mentors == 0
    assert "согласия" in data.bases.mentor_excluded[no_consent.pk]
    assert data.bases.mentor_excluded[full.pk].startswith("все места заняты")


def test_a_person_is_never_their_own_mentor(organization):
    person = make_participant(organization, last_name="Двойнова", subject="Математика")
    give_consent(person)
    mentor = make_matchable_mentor(
        organization, participant=person, consent=False, competences=["Дисциплина на уроке"]
    )
    mentee = make_matchable_mentee(
        organization, participant=person, consent=False, requests=["Дисциплина на уроке"]
    )
    other = make_matchable_mentee(organization, requests=["Дисциплина на уроке"])
    for mode in ("optimal", "stable"):
        run = services.run_matching(organization, mode, acting_user=None)
        assert (mentee.pk, mentor.pk) not in _pairs(run)
        assert (other.pk, mentor.pk) in _pairs(run)
    with pytest.raises(ValidationError, match="самому себе"):
        services.set_rule(organization, mentee, mentor, MatchingRule.Kind.LOCK, acting_user=None)


@pytest.mark.parametrize("mode", ["optimal", "stable"])
def test_locks_and_forbids_are_respected(organization, curator, mode):
    base = small_base(organization)
    a, b = base["mentors"]
    m0, m1, m2 = base["mentees"]
    services.set_rule(organization, m0, a, MatchingRule.Kind.FORBID, acting_user=curator)
    services.set_rule(organization, m2, b, MatchingRule.Kind.LOCK, acting_user=curator)
    run = services.run_matching(organization, mode, acting_user=curator)
    pairs = _pairs(run)
    assert (m0.pk, a.pk) not in pairs
    assert (m2.pk, b.pk) in pairs
    locked = [p for p in run.result["pairs"] if p["locked"]]
    assert [(p["mentee"], p["mentor"]) for p in locked] == [(m2.pk, b.pk)]
    services.clear_rule(organization, m0, a, acting_user=curator)
    services.clear_rule(organization, m2, b, acting_user=curator)
    assert not MatchingRule.objects.filter(organization=organization).exists()


def test_locking_elsewhere_moves_the_lock_and_capacity_is_checked(organization, curator):
    base = small_base(organization)
    a, b = base["mentors"]
    m0, m1, m2 = base["mentees"]
    services.set_rule(organization, m0, b, MatchingRule.Kind.LOCK, acting_user=curator)
    services.set_rule(organization, m0, a, MatchingRule.Kind.LOCK, acting_user=curator)
    assert list(MatchingRule.objects.filter(mentee=m0).values_list("mentor_id", flat=True)) == [a.pk]
    services.set_rule(organization, m1, b, MatchingRule.Kind.LOCK, acting_user=curator)
    with pytest.raises(ValidationError, match="нет свободных мест"):
        services.set_rule(organization, m2, b, MatchingRule.Kind.LOCK, acting_user=curator)
    # Forbidding a locked pair turns the lock into a forbid (one rule per pair).
    services.set_rule(organization, m0, a, MatchingRule.Kind.FORBID, acting_user=curator)
    assert MatchingRule.objects.get(mentee=m0, mentor=a).kind == "forbid"


def test_lock_of_a_mentee_without_consent_is_refused(organization, curator):
    mentor = make_matchable_mentor(organization)
    mentee = make_matchable_mentee(organization, consent=False)
    with pytest.raises(ValidationError, match="Нельзя закрепить пару"):
        services.set_rule(organization, mentee, mentor, MatchingRule.Kind.LOCK, acting_user=curator)
    # A forbid needs no consent.
    services.set_rule(organization, mentee, mentor, MatchingRule.Kind.FORBID, acting_user=curator)


def test_lock_that_can_no_longer_hold_is_a_warning_not_an_error(organization, curator):
    mentor = make_matchable_mentor(organization)
    mentee = make_matchable_mentee(organization)
    services.set_rule(organization, mentee, mentor, MatchingRule.Kind.LOCK, acting_user=curator)
    consent = mentee.participant.consents.get()
    consent.revoked_at = consent.given_at
    consent.save()
    run = services.run_matching(organization, "optimal", acting_user=curator)
    assert run.pairs_count == 0
    assert any("не учтено" in w for w in run.result["warnings"])


def test_rules_of_other_organizations_are_refused(organization, other_organization, curator):
    mentor = make_matchable_mentor(other_organization)
    mentee = make_matchable_mentee(organization)
    with pytest.raises(ValidationError, match="из этой организации"):
        services.set_rule(organization, mentee, mentor, MatchingRule.Kind.FORBID, acting_user=None)


def test_form_filter_keeps_the_form_and_mentors_without_forms(organization):
    teachers, pupils = teacher_form(), pupil_form()
    make_matchable_mentee(organization, form=teachers)
    make_matchable_mentee(organization, form=pupils)
    make_matchable_mentor(organization, forms=[teachers])
    make_matchable_mentor(organization, forms=[pupils])
    make_matchable_mentor(organization)  # has not named a form yet
    data = services.build_problem(organization, form=teachers)
    assert data.problem.n_mentees == 1
    assert data.problem.n_mentors == 2


def test_form_of_another_organization_is_refused(organization, other_organization):
    from nastavnik.methodology.models import MentoringForm

    foreign = MentoringForm.objects.create(
        organization=other_organization, code="own", title="Своя форма", audience="pupils"
    )
    with pytest.raises(ValidationError, match="другой организации"):
        services.run_matching(organization, "optimal", acting_user=None, form=foreign)


@pytest.mark.parametrize("mode", ["", "greedy", None, 5, "OPTIMAL"])
def test_unknown_mode_is_a_russian_error(organization, mode):
    with pytest.raises(ValidationError, match="Неизвестный режим"):
        services.run_matching(organization, mode, acting_user=None)


@pytest.mark.parametrize(
    "weights",
    [
        {"requests": -1},
        {"speed": 5},
        {"requests": "много"},
        {"requests": float("nan")},
        "abc",
        [1, 2],
        dict.fromkeys(ALL_WEIGHTS, 0),  # every criterion weighs nothing
    ],
)
def test_garbage_weights_are_a_russian_error(organization, weights):
    with pytest.raises(ValidationError, match="[Вв]ес"):
        services.run_matching(organization, "optimal", acting_user=None, weights=weights)


def test_weights_change_the_fit(organization):
    small_base(organization)
    default = services.build_problem(organization).problem.scores
    only_subjects = services.build_problem(
        organization,
        weights={
            k: 0
            for k in (
                "requests",
                "experience",
                "form",
                "availability",
                "organization",
                "preferences",
                "levels",
                "role_model",
            )
        },
    ).problem.scores
    assert not np.allclose(default, only_subjects)


def test_rankings_of_the_preference_questionnaire_are_mapped_to_profiles(organization, monkeypatch):
    base = small_base(organization)
    a, b = base["mentors"]
    m0 = base["mentees"][0]
    raw = {
        m0.participant_id: [b.participant_id, a.participant_id, 999999],
        a.participant_id: [m0.participant_id, m0.participant_id],
        123456: [a.participant_id],
    }
    monkeypatch.setattr(problem, "preference_rankings", lambda org: (None, raw))
    data = services.build_problem(organization)
    assert data.rankings.mentee == {str(m0.pk): [str(b.pk), str(a.pk)]}
    assert data.rankings.mentor == {str(a.pk): [str(m0.pk)]}
    run = services.run_matching(organization, "stable", acting_user=None)
    pair = next(p for p in run.result["pairs"] if p["mentee"] == m0.pk)
    assert any("место" in r for r in pair["reasons"])


def test_rankings_adapter_reads_no_questionnaire_as_empty(organization):
    assert services.preference_rankings(organization) == (None, {})


def test_building_the_problem_takes_a_bounded_number_of_queries(organization, django_assert_max_num_queries):
    """300 mentees x 60 mentors with requests, competences, forms and consent: the same few queries."""
    from nastavnik.participants.models import Consent, MenteeRequest, MentorCompetence, Participant

    form = teacher_form()
    people = Participant.objects.bulk_create(
        [
            Participant(
                organization=organization,
                last_name=f"Фамилия{i:03d}",
                first_name="Имя",
                category="teacher",
                subject="Математика" if i % 2 else "Информатика",
                experience_years=i % 30,
            )
            for i in range(360)
        ]
    )
    Consent.objects.bulk_create(
        [
            Consent(participant=p, organization=organization, kind="personal_data", given_by="self")
            for p in people
        ]
    )
    mentees = MenteeProfile.objects.bulk_create(
        [
            MenteeProfile(participant=p, organization=organization, form=form, status="in_base")
            for p in people[:300]
        ]
    )
    mentors = MentorProfile.objects.bulk_create(
        [
            MentorProfile(participant=p, organization=organization, capacity=5, status="active")
            for p in people[300:]
        ]
    )
    topics = ["Дисциплина на уроке", "Работа с родителями", "Применение ИКТ", "Подготовка к аттестации"]
    MenteeRequest.objects.bulk_create(
        [
            MenteeRequest(mentee=m, organization=organization, text=topics[i % 4])
            for i, m in enumerate(mentees)
        ]
    )
    MentorCompetence.objects.bulk_create(
        [
            MentorCompetence(mentor=m, organization=organization, title=topics[i % 4])
            for i, m in enumerate(mentors)
        ]
    )
    for mentor in mentors:
        mentor.forms.add(form)
    with django_assert_max_num_queries(12):
        data = services.build_problem(organization)
    assert data.problem.scores.shape == (300, 60)
    assert data.problem.n_mentees == 300
    with django_assert_max_num_queries(14):
        run = services.run_matching(organization, "optimal", acting_user=None)
    assert run.pairs_count == 300


def test_queries_outside_a_scope_raise(organization):
    small_base(organization)
    services.run_matching(organization, "optimal", acting_user=None)
    services.set_rule(
        organization, MenteeProfile.objects.first(), MentorProfile.objects.first(), "forbid", acting_user=None
    )
    for model in (MatchingRun, MatchingRule):
        with scope(), pytest.raises(ScopeError):  # a scope without the organization dimension
            list(model.objects.all())
        with scope(organization=[organization.pk]):
            assert model.objects.count() == 1
        with scope(organization=[]):
            assert model.objects.count() == 0


def test_preferred_gender_of_the_mentor_counts_and_is_explained(organization):
    woman = make_matchable_mentor(
        organization, competences=["Дисциплина на уроке"], gender="female", last_name="Орлова"
    )
    man = make_matchable_mentor(
        organization, competences=["Дисциплина на уроке"], gender="male", last_name="Орлов"
    )
    mentee = make_matchable_mentee(organization, requests=["Дисциплина на уроке"])
    mentee.preferred_mentor_gender = "female"
    mentee.save()
    data = services.build_problem(organization)
    col = {m.pk: i for i, m in enumerate(data.mentors)}
    scores = data.problem.scores
    assert scores[0, col[woman.pk]] > scores[0, col[man.pk]]
    assert any("пол наставника" in r for r in data.problem.reasons(0, col[woman.pk]))
    mentee.preferred_mentor_gender = ""
    mentee.save()
    data = services.build_problem(organization)
    assert data.problem.scores[0, col[woman.pk]] == pytest.approx(data.problem.scores[0, col[man.pk]])
