"""The programme's dashboard: figures from real state, next steps from what is missing, who sees it, and a
bounded number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.dashboard.figures import programme_dashboard
from nastavnik.dashboard.steps import next_steps, resolve
from nastavnik.mentoring import services
from nastavnik.participants.models import MenteeProfile
from tests.builders import (
    ALL_ROLES,
    give_consent,
    link_user,
    make_formed_pairing,
    make_matchable_mentee,
    make_matchable_mentor,
    make_mentee,
    make_pupil,
    make_user,
)
from tests.roadmaps.roadmap_builders import days, make_roadmap, set_deadline

STAFF = {Role.CURATOR, Role.WORKING_GROUP, Role.DIRECTOR, Role.DEPUTY}


def _url(organization, name="dashboard"):
    return reverse(f"dashboard:{name}", args=[organization.slug])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_dashboard_page_is_for_programme_staff(role, login, organization):
    user = make_user(role, organization=organization)
    response = login(user).get(_url(organization))
    assert response.status_code == (200 if role in STAFF else 404)


def test_stranger_gets_404(login, organization, stranger):
    assert login(stranger).get(_url(organization)).status_code == 404


def test_empty_programme_says_what_to_do_first(login, organization, curator):
    html = login(curator).get(_url(organization)).content.decode()
    assert reverse("roadmaps:import", args=[organization.slug]) in html
    assert reverse("participants:import", args=[organization.slug]) in html
    assert "Дорожной карты ещё нет" in html


def test_figures_come_from_the_data(organization, curator):
    roadmap = make_roadmap(organization, activities=4)
    activities = list(roadmap.activities.order_by("pk"))
    set_deadline(activities[0], days(-20), days(-10))  # overdue
    activities[1].status = "done"
    activities[1].save()
    pupil = make_pupil(organization, last_name="Смирнов")
    make_mentee(organization, pupil)  # a minor without consent, never sent a questionnaire
    make_formed_pairing(organization, idle_days=40)  # an idle pair
    busy = make_formed_pairing(organization)
    meeting = services.schedule_meeting(
        busy, acting_user=None, kind="intro", starts_at=timezone.now() - dt.timedelta(hours=2), held=True
    )
    services.give_feedback(
        meeting, busy.members.get().mentee.participant, acting_user=None, usefulness=8, comfort=6
    )

    d = programme_dashboard(organization)
    assert (d.roadmaps.total, d.roadmaps.done, d.roadmaps.overdue) == (4, 1, 1)
    assert [a.pk for a in d.roadmaps.overdue_activities] == [activities[0].pk]
    assert d.bases.mentees == 3 and d.bases.mentees_matched == 2 and d.bases.mentees_waiting == 1
    assert d.bases.mentees_without_consent == 1
    assert d.bases.mentees_without_questionnaire == 1
    assert d.bases.mentors == 2
    assert d.pairings.active == 2 and d.pairings.idle == 1
    assert (
        dict(d.pairings.by_stage) == {"встреч ещё не было": 1, "знакомство": 1}
        or len(d.pairings.by_stage) == 2
    )
    assert d.meetings_held_this_month == (1 if meeting.starts_at.date() >= d.today.replace(day=1) else 0)
    assert d.feedback_average == pytest.approx(7.0)
    assert d.feedback_count == 1

    texts = [s.text for s in next_steps(d)]
    assert any("Просрочено 1 мероприятие" in t for t in texts)
    assert any("не получил анкету" in t for t in texts)
    assert any("Нет согласия" in t for t in texts)
    assert any("требует внимания" in t for t in texts)
    assert not any("Сформируйте базу" in t for t in texts)
    links = resolve(next_steps(d), curator, organization)
    assert any(link.url.endswith("?attention=1") for link in links)


def test_next_steps_are_links_the_user_may_open(organization):
    """The director may not run matching or send questionnaires: those steps are not offered to them."""
    make_matchable_mentee(organization)
    make_matchable_mentor(organization)
    d = programme_dashboard(organization)
    steps = next_steps(d)
    assert any(s.url_name == "matching:index" for s in steps)
    director = make_user(Role.DIRECTOR, organization=organization)
    curator = make_user(Role.CURATOR, organization=organization)
    matching = reverse("matching:index", args=[organization.slug])
    assert matching not in [link.url for link in resolve(steps, director, organization)]
    assert matching in [link.url for link in resolve(steps, curator, organization)]


@pytest.mark.parametrize("role", sorted(STAFF))
def test_dashboard_names_no_child(role, login, organization):
    """The dashboard is figures: no mentee's name, whoever of the staff looks."""
    child = make_matchable_mentee(organization, last_name="Неназываемый", first_name="Ребёнок")
    make_formed_pairing(organization, mentees=[child], idle_days=30)
    user = make_user(role, organization=organization)
    for url in (_url(organization), reverse("core:home")):
        html = login(user).get(url).content.decode()
        assert "Неназываемый" not in html
        assert "Ребёнок" not in html


def test_home_of_staff_is_the_dashboard(login, organization, curator):
    html = login(curator).get(reverse("core:home")).content.decode()
    assert "Что сделать дальше" in html
    assert _url(organization) in html


def test_home_of_a_mentor_lists_their_pairing(login, organization):
    mentor_user = make_user(Role.MENTOR, organization=organization)
    mentee_user = make_user(Role.MENTEE, organization=organization)
    mentor = make_matchable_mentor(organization, last_name="Кузнецова", first_name="Елена")
    mentee = make_matchable_mentee(organization, last_name="Петров", first_name="Иван")
    link_user(mentor, mentor_user)
    link_user(mentee, mentee_user)
    pairing = make_formed_pairing(organization, mentor=mentor, mentees=[mentee])
    pairing_url = reverse("mentoring:pairing", args=[organization.slug, pairing.pk])
    html = login(mentor_user).get(reverse("core:home")).content.decode()
    assert pairing_url in html and "Петров" in html
    assert "Что сделать дальше" not in html
    html = login(mentee_user).get(reverse("core:home")).content.decode()
    assert pairing_url in html and "Кузнецова" in html


def _grow(organization, n):
    for _ in range(n):
        make_formed_pairing(organization, idle_days=30)
        give_consent(make_mentee(organization, make_pupil(organization)).participant)
    MenteeProfile.objects.filter(organization=organization).count()


def test_dashboard_queries_do_not_grow_with_the_programme(
    login, organization, curator, django_assert_max_num_queries
):
    make_roadmap(organization, activities=3)
    _grow(organization, 2)
    client = login(curator)
    # 30 at the benchmark's size (bench/bench_dashboard.py): the pairings' counts are one query, the four
    # years of indicators one set of queries.
    with django_assert_max_num_queries(40) as small:
        assert client.get(_url(organization)).status_code == 200
    _grow(organization, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(_url(organization)).status_code == 200
    with django_assert_max_num_queries(len(small.captured_queries) + 8) as home:
        assert client.get(reverse("core:home")).status_code == 200
    assert len(home.captured_queries) > 10  # the home page really computed the dashboard


def test_indicators_against_targets_with_a_chart_and_a_table(login, organization, curator):
    from nastavnik.monitoring.models import RegionalTarget
    from nastavnik.roadmaps.queries import current_academic_year
    from tests.builders import make_contingent, make_mentor
    from tests.builders import make_pairing as pairing_of

    year = current_academic_year()
    client = login(curator)
    contingent_url = reverse("monitoring:contingent", args=[organization.slug, year])
    assert contingent_url in client.get(_url(organization)).content.decode()  # no contingent: enter it

    make_contingent(organization, year, learners_in_age=10)
    pairing_of(
        organization,
        make_mentor(organization),
        *[make_mentee(organization, make_pupil(organization)) for _ in range(3)],
    )
    RegionalTarget.objects.create(
        region=organization.municipality.region, code="learners_involved", academic_year=year, percent=70
    )
    html = client.get(_url(organization)).content.decode()
    assert contingent_url not in html
    assert "отстаёт" in html and "30\u00a0%" in html
    assert 'class="chart chart-line"' in html and "Таблица значений" in html
    assert reverse("monitoring:indicators", args=[organization.slug]) in html
    risks = client.get(reverse("dashboard:risks", args=[organization.slug])).content.decode()
    assert 'value="indicator:learners_involved"' in risks
