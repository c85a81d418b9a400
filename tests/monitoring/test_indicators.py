"""The indicators of API.md computed from the bases, pairings, meetings and questionnaires, against targets."""

import datetime as dt

import pytest
from django.utils import timezone

from nastavnik.mentoring.models import Pairing
from nastavnik.monitoring import indicators as ind
from nastavnik.monitoring.models import MonitoringSettings, RegionalTarget
from nastavnik.participants.models import Participant
from nastavnik.roadmaps.models import Programme, ProgrammeTarget
from tests.builders import (
    make_contingent,
    make_feedback,
    make_meeting,
    make_mentee,
    make_mentor,
    make_organization,
    make_pairing,
    make_participant,
    make_pupil,
)

pytestmark = pytest.mark.django_db
YEAR = 2025


def at(year, month, day=10):
    return dt.datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


def by_code(items):
    return {i.code: i for i in items}


def pupil_mentee(org, born):
    return make_mentee(org, make_pupil(org, birth_date=born))


def test_learners_in_age_range_of_pairings_of_the_year_over_contingent():
    org = make_organization()
    make_contingent(org, YEAR, learners_total=10, learners_in_age=4)
    mentor = make_mentor(org)
    in_age = pupil_mentee(org, dt.date(2012, 5, 1))  # 13 on 1.09.2025
    too_young = pupil_mentee(org, dt.date(2017, 5, 1))  # 8
    no_birth = pupil_mentee(org, None)
    make_pairing(org, mentor, in_age, too_young, no_birth, approved_at=at(2025, 10))
    # a pairing of another year and an ended-early one count for nothing
    old = pupil_mentee(org, dt.date(2012, 1, 1))
    make_pairing(
        org, mentor, old, approved_at=at(2023, 10), status=Pairing.Status.COMPLETED, ended_at=at(2024, 5)
    )
    early = pupil_mentee(org, dt.date(2012, 1, 1))
    make_pairing(
        org, mentor, early, approved_at=at(2025, 10), status=Pairing.Status.ENDED_EARLY, ended_at=at(2025, 11)
    )

    item = by_code(ind.organization_indicators(org, YEAR))["learners_involved"]
    assert (item.numerator, item.denominator, item.value) == (1, 4, 25.0)
    assert item.is_share


def test_age_range_is_the_organizations_setting():
    org = make_organization()
    make_contingent(org, YEAR)
    MonitoringSettings.objects.create(organization=org, learners_age_from=7, learners_age_to=18)
    make_pairing(org, make_mentor(org), pupil_mentee(org, dt.date(2017, 5, 1)), approved_at=at(2025, 10))
    assert by_code(ind.organization_indicators(org, YEAR))["learners_involved"].numerator == 1


def test_young_specialists_and_teachers_mentoring():
    org = make_organization()
    make_contingent(org, YEAR, teachers_total=10, young_specialists_total=2)
    teacher = make_mentor(org, make_participant(org, category=Participant.Category.TEACHER))
    student_mentor = make_mentor(org, make_pupil(org, birth_date=dt.date(2009, 1, 1)))
    young = make_mentee(org, make_participant(org, category=Participant.Category.YOUNG_SPECIALIST))
    new_teacher = make_mentee(org, make_participant(org, category="teacher", experience_years=2))
    seasoned = make_mentee(org, make_participant(org, category="teacher", experience_years=10))
    make_pairing(org, teacher, young, new_teacher, seasoned, approved_at=at(2025, 9, 15))
    make_pairing(org, student_mentor, pupil_mentee(org, dt.date(2013, 1, 1)), approved_at=at(2025, 9, 15))
    items = by_code(ind.organization_indicators(org, YEAR))
    assert (items["young_specialists_involved"].numerator, items["young_specialists_involved"].value) == (
        2,
        100.0,
    )
    assert (items["teachers_mentoring"].numerator, items["teachers_mentoring"].value) == (1, 10.0)


def test_without_contingent_shares_have_no_data():
    org = make_organization()
    make_pairing(org, make_mentor(org), pupil_mentee(org, dt.date(2012, 5, 1)), approved_at=at(2025, 10))
    item = by_code(ind.organization_indicators(org, YEAR))["learners_involved"]
    assert item.value is None and item.denominator is None and item.status == ind.NO_DATA
    assert item.numerator == 1


def test_pairings_active_and_completed_in_the_year():
    org = make_organization()
    mentor = make_mentor(org)
    make_pairing(org, mentor, make_mentee(org), approved_at=at(2025, 10))
    make_pairing(
        org, mentor, make_mentee(org), approved_at=at(2025, 10), status="completed", ended_at=at(2026, 5)
    )
    # completed after the year: it was active through the year
    make_pairing(
        org, mentor, make_mentee(org), approved_at=at(2025, 10), status="completed", ended_at=at(2026, 10)
    )
    make_pairing(org, mentor, make_mentee(org), approved_at=at(2026, 10))  # next year
    items = by_code(ind.organization_indicators(org, YEAR))
    assert items["pairings_active"].value == 2
    assert items["pairings_completed"].value == 1
    assert items["pairings_active"].denominator is None


def test_feedback_coverage_counts_meetings_with_feedback_from_every_mentee():
    org = make_organization()
    mentor = make_mentor(org)
    a, b = make_mentee(org), make_mentee(org)
    pairing = make_pairing(org, mentor, a, b, approved_at=at(2025, 9, 2))
    full = make_meeting(pairing, at(2025, 10))
    make_feedback(full, a.participant)
    make_feedback(full, b.participant)
    half = make_meeting(pairing, at(2025, 11))
    make_feedback(half, a.participant)
    make_feedback(half, mentor.participant, is_mentor=True)
    make_meeting(pairing, at(2025, 12))  # none
    make_meeting(pairing, at(2025, 12, 20), status="scheduled")  # not held: not counted
    item = by_code(ind.organization_indicators(org, YEAR))["feedback_coverage"]
    assert (item.numerator, item.denominator) == (1, 3)
    assert item.value == pytest.approx(33.33)


def test_targets_from_roadmap_and_ladder_and_status():
    org = make_organization()
    make_contingent(org, YEAR, learners_in_age=10)
    mentor = make_mentor(org)
    make_pairing(
        org, mentor, *[pupil_mentee(org, dt.date(2012, 1, 1)) for _ in range(3)], approved_at=at(2025, 10)
    )
    programme = Programme.objects.create(
        organization=org, title="Программа", academic_year_from=2024, academic_year_to=2027
    )
    ProgrammeTarget.objects.create(
        organization=org,
        programme=programme,
        text="70 % обучающихся",
        percent=70,
        by=dt.date(2027, 5, 31),
        indicator_code="learners_involved",
    )
    RegionalTarget.objects.create(
        region=org.municipality.region, code="learners_involved", academic_year=2023, percent=10
    )
    item = by_code(ind.organization_indicators(org, YEAR))["learners_involved"]
    # 10 % in 2023, 70 % in 2026: expected in 2025 = 50 %; value 30 % → behind; the next milestone is reported
    assert (item.target, item.target_year, item.status) == (70.0, 2026, ind.BEHIND)
    assert by_code(ind.organization_indicators(org, YEAR))["teachers_mentoring"].status == ind.NO_TARGET


@pytest.mark.parametrize(
    ("points", "year", "expected"),
    [
        ({2020: 10, 2024: 70}, 2022, 40),
        ({2020: 10, 2024: 70}, 2019, 10),
        ({2020: 10, 2024: 70}, 2026, 70),
        ({2024: 70}, 2024, 70),
        ({}, 2024, None),
    ],
)
def test_expected_figure_interpolates_between_milestones(points, year, expected):
    assert ind.expected_figure(points, year) == expected


def test_status_rule():
    assert ind.target_status(None, {}, 2025) == (None, None, ind.NO_DATA)
    assert ind.target_status(5.0, {}, 2025) == (None, None, ind.NO_TARGET)
    assert ind.target_status(40.0, {2024: 10, 2026: 70}, 2025) == (70, 2026, ind.ON_TRACK)
    assert ind.target_status(39.9, {2024: 10, 2026: 70}, 2025) == (70, 2026, ind.BEHIND)
    assert ind.milestones([(2024, 50)], [(2024, 60), (2025, 70)]) == {2024: 60, 2025: 70}


def test_codes_in_api_order():
    org = make_organization()
    assert [i.code for i in ind.organization_indicators(org, YEAR)] == list(ind.CODES)
    assert ind.CODES[0] == "learners_involved" and ind.CODES[-1] == "pairings_completed"


def test_academic_year_of():
    assert ind.academic_year_of(dt.date(2025, 9, 1)) == 2025
    assert ind.academic_year_of(dt.date(2026, 8, 31)) == 2025
    assert ind.academic_year_of(dt.date(2024, 12, 31)) == 2024


def test_many_organizations_cost_a_bounded_number_of_queries(django_assert_max_num_queries):
    region_org = make_organization()
    region = region_org.municipality.region
    orgs = [region_org] + [make_organization(region=region) for _ in range(6)]
    for n, org in enumerate(orgs):
        make_contingent(org, YEAR)
        if n % 2:
            MonitoringSettings.objects.create(organization=org, learners_age_from=11, learners_age_to=17)
        mentor = make_mentor(org)
        pairing = make_pairing(org, mentor, pupil_mentee(org, dt.date(2012, 1, 1)), approved_at=at(2025, 10))
        make_meeting(pairing, at(2025, 11))
    with django_assert_max_num_queries(10):
        one = ind.indicators_by_organization([region_org.pk], YEAR)
    with django_assert_max_num_queries(10):
        many = ind.indicators_by_organization([o.pk for o in orgs], YEAR)
    assert len(many) == len(orgs)
    assert many[region_org.pk] == one[region_org.pk]
    assert all(by_code(items)["learners_involved"].numerator == 1 for items in many.values())


def test_satisfaction_means_of_scales_rescaled_to_1_10_with_respondents():
    from nastavnik.questionnaires.models import Questionnaire
    from tests.builders import make_response, questions, simple_questionnaire

    org = make_organization()
    q = simple_questionnaire(
        org,
        ("scale", {"scale_min": 1, "scale_max": 10}),
        ("scale", {"scale_min": 1, "scale_max": 5}),
        ("short_text", {}),
    )
    Questionnaire.objects.filter(pk=q.pk).update(purpose=Questionnaire.Purpose.SATISFACTION_MENTEE_FINAL)
    ten, five, text = questions(q)
    make_response(q, make_participant(org), {ten: 10, five: 1, text: "хорошо"}, submitted_at=at(2026, 5))
    make_response(q, make_participant(org), {ten: 4, five: 5}, submitted_at=at(2026, 5))
    make_response(q, make_participant(org), {ten: 1}, submitted_at=at(2024, 5))  # another year
    items = by_code(ind.organization_indicators(org, YEAR))
    # 10, 1 (1 of 1–5), 4, 10 (5 of 1–5) → mean 6.25
    assert items["satisfaction_mentees"].value == 6.25
    assert items["satisfaction_mentees"].numerator == 2
    assert items["satisfaction_mentors"].status == ind.NO_DATA


def test_several_years_at_once_equal_each_year_alone(django_assert_max_num_queries):
    """`indicators_over_years` (one pass for all the years, what the dashboard's charts read) gives each
    year exactly what `indicators_by_organization` gives for that year alone."""
    from nastavnik.questionnaires.models import Questionnaire
    from tests.builders import make_response, questions, simple_questionnaire

    first, second = make_organization(), make_organization()
    MonitoringSettings.objects.create(organization=second, learners_age_from=12, learners_age_to=14)
    for org in (first, second):
        for year in (2023, 2025):
            make_contingent(org, year, learners_in_age=20, teachers_total=8, young_specialists_total=4)
        mentor = make_mentor(org, make_participant(org, category=Participant.Category.TEACHER))
        # Pupils of several ages: in the range some years and not others.
        long = make_pairing(
            org,
            mentor,
            pupil_mentee(org, dt.date(2010, 3, 1)),
            pupil_mentee(org, dt.date(2013, 10, 1)),
            approved_at=at(2022, 11),
        )
        make_pairing(
            org,
            mentor,
            make_mentee(org, make_participant(org, category="young_specialist")),
            approved_at=at(2023, 10),
            status="completed",
            ended_at=at(2024, 12),
        )
        make_pairing(org, mentor, pupil_mentee(org, dt.date(2014, 1, 1)), approved_at=at(2025, 9, 1))
        make_pairing(
            org, mentor, make_mentee(org), approved_at=at(2024, 2), status="cancelled", ended_at=at(2024, 3)
        )
        people = [m.mentee.participant for m in long.members.all()]
        for year, month in ((2022, 12), (2023, 10), (2024, 3), (2025, 9), (2026, 8)):
            meeting = make_meeting(long, at(year, month, 31 if month in (8, 12) else 1))
            for person in people[: 1 + month % 2]:
                make_feedback(meeting, person)
        q = simple_questionnaire(org, ("scale", {"scale_min": 1, "scale_max": 5}))
        Questionnaire.objects.filter(pk=q.pk).update(
            purpose=Questionnaire.Purpose.SATISFACTION_MENTOR_INTERIM
        )
        (scale,) = questions(q)
        for year, value in ((2022, 2), (2024, 5), (2024, 4), (2025, 3)):
            make_response(q, make_participant(org), {scale: value}, submitted_at=at(year + 1, 4))
    programme = Programme.objects.create(
        organization=first, title="П", academic_year_from=2022, academic_year_to=2026
    )
    ProgrammeTarget.objects.create(
        organization=first,
        programme=programme,
        text="Цель",
        percent=30,
        by=dt.date(2025, 5, 1),
        indicator_code="learners_involved",
    )
    ids, years = [first.pk, second.pk], [2022, 2023, 2024, 2025, 2026]
    with django_assert_max_num_queries(10):
        together = ind.indicators_over_years(ids, years)
    alone = {year: ind.indicators_by_organization(ids, year) for year in years}
    assert together == alone
    # The fixture differs from year to year (equal answers of empty years would prove nothing).
    active = [by_code(together[y][first.pk])["pairings_active"].value for y in years]
    assert active == [1, 2, 1, 2, 2]
    coverage = [by_code(together[y][first.pk])["feedback_coverage"].numerator for y in years]
    assert coverage == [0, 1, 0, 1, 0]
    learners = [by_code(together[y][second.pk])["learners_involved"].numerator for y in years]
    assert learners != [by_code(together[y][first.pk])["learners_involved"].numerator for y in years]
    assert by_code(together[2024][first.pk])["satisfaction_mentors"].numerator == 2
    assert ind.indicator_history(first, years)["pairings_active"] == list(zip(years, active, strict=True))
