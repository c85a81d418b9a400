"""Matching pages for every role: index, run, compare, approve; strangers get 404, anonymous users log in."""

from dataclasses import asdict

import pytest
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.matching import problem, services
from nastavnik.matching.engine.fit import FitWeights
from nastavnik.matching.models import MatchingRun
from tests.builders import ALL_ROLES, make_matchable_mentee, make_matchable_mentor, make_user

VIEWERS = {Role.CURATOR, Role.DIRECTOR, Role.DEPUTY}

#: The names of every criterion of the fit.
ALL_WEIGHTS = list(asdict(FitWeights()))


def _url(name, organization, *args):
    return reverse(f"matching:{name}", args=[organization.slug, *args])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_index_for_every_role(role, login, organization, base, run):
    user = make_user(role, organization=organization)
    response = login(user).get(_url("index", organization))
    assert response.status_code == (200 if role in VIEWERS else 404)
    if role in VIEWERS:
        page = response.content.decode()
        assert "Базы перед подбором" in page
        assert "В базе: 3" in page
        assert ("Подобрать пары" in page) == (role == Role.CURATOR)
        assert reverse("matching:run", args=[organization.slug, run.pk]) in page


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", ["run", "approve"])
def test_run_pages_for_every_role(role, name, login, organization, base, run):
    user = make_user(role, organization=organization)
    response = login(user).get(_url(name, organization, run.pk))
    assert response.status_code == (200 if role in VIEWERS else 404)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_compare_for_every_role(role, login, organization, base, run):
    user = make_user(role, organization=organization)
    response = login(user).get(_url("compare", organization))
    assert response.status_code == (200 if role in VIEWERS else 404)


@pytest.mark.parametrize("name", ["run", "approve"])
def test_stranger_gets_404_and_anonymous_logs_in(name, client, login, organization, stranger, run):
    url = _url(name, organization, run.pk)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    assert login(stranger).get(url).status_code == 404
    # The stranger's own organization does not open the run either.
    assert (
        login(stranger)
        .get(reverse("matching:run", args=[stranger.memberships.get().organization.slug, run.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize("name", ["rule", "rerun"])
def test_posts_are_for_the_curator_only(name, login, organization, base, run, stranger, client):
    data = {"mentee": base["mentees"][0].pk, "mentor": base["mentors"][0].pk, "kind": "forbid"}
    url = _url(name, organization, run.pk)
    for role in (Role.DIRECTOR, Role.DEPUTY, Role.WORKING_GROUP, Role.MENTOR):
        assert login(make_user(role, organization=organization)).post(url, data).status_code == 404
    assert login(stranger).post(url, data).status_code == 404
    client.logout()
    assert client.post(url, data).status_code == 302
    assert MatchingRun.objects.count() == 1


def test_curator_runs_matching_from_the_index(login, curator, organization, base):
    response = login(curator).post(
        _url("index", organization),
        {"mode": "stable", "form": base["form"].pk, "w_requests": 50, "w_subjects": 0},
    )
    run = MatchingRun.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("run", organization, run.pk)
    assert run.mode == "stable" and run.form == base["form"]
    assert run.weights["requests"] == 50 and run.weights["subjects"] == 0 and run.weights["experience"] == 10
    page = login(curator).get(response["Location"]).content.decode()
    assert "Кузнецова Елена Сергеевна" in page
    assert "совпадают запросы: дисциплина на уроке" in page
    assert "Закрепить" in page and "Запретить" in page and "Пересчитать" in page


def test_director_may_not_run(login, organization, base):
    director = make_user(Role.DIRECTOR, organization=organization)
    assert login(director).post(_url("index", organization), {"mode": "optimal"}).status_code == 404
    assert not MatchingRun.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"mode": "greedy"},
        {"mode": "optimal", "w_requests": "много"},
        {"mode": "optimal", "w_requests": "-5"},
        {"mode": "optimal", "w_requests": "1" * 40},
        {"mode": "optimal", "form": "abc"},
        {"mode": "optimal", "form": "999999999999999999999999"},
        {"mode": "optimal", **{f"w_{k}": 0 for k in ALL_WEIGHTS}},  # every criterion weighs nothing
    ],
)
def test_bad_run_input_is_a_form_error_not_a_500(data, login, curator, organization, base):
    response = login(curator).post(_url("index", organization), data)
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert not MatchingRun.objects.exists()


def test_foreign_form_is_refused(login, curator, organization, other_organization, base):
    from nastavnik.methodology.models import MentoringForm

    foreign = MentoringForm.objects.create(
        organization=other_organization, code="x", title="Чужая", audience="pupils"
    )
    response = login(curator).post(_url("index", organization), {"mode": "optimal", "form": foreign.pk})
    assert response.status_code == 400


def test_htmx_forbid_and_lock_rerender_the_row(login, curator, organization, base, run):
    a = base["mentors"][0]
    m0 = base["mentees"][0]
    client = login(curator)
    url = _url("rule", organization, run.pk)
    response = client.post(url, {"mentee": m0.pk, "mentor": a.pk, "kind": "forbid"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith(f'<tr id="pair-{m0.pk}-{a.pk}">')
    assert "запрещена" in html and "Снять запрет" in html and "учтётся при пересчёте" in html
    assert "<html" not in html
    response = client.post(url, {"mentee": m0.pk, "mentor": a.pk, "kind": "clear"}, HTTP_HX_REQUEST="true")
    assert "Закрепить" in response.content.decode()
    response = client.post(url, {"mentee": m0.pk, "mentor": a.pk, "kind": "lock"}, HTTP_HX_REQUEST="true")
    assert "закреплена" in response.content.decode() and "Снять закрепление" in response.content.decode()


def test_htmx_lock_error_is_shown_in_the_row(login, curator, organization, base, run):
    b = base["mentors"][1]
    m0, m1 = base["mentees"][0], base["mentees"][1]
    services.set_rule(organization, m0, b, "lock", acting_user=curator)
    response = login(curator).post(
        _url("rule", organization, run.pk),
        {"mentee": m1.pk, "mentor": b.pk, "kind": "lock"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "нет свободных мест" in response.content.decode()


def test_plain_post_of_a_rule_redirects_back(login, curator, organization, base, run):
    m2 = base["mentees"][2]
    b = base["mentors"][1]
    response = login(curator).post(
        _url("rule", organization, run.pk), {"mentee": m2.pk, "mentor": b.pk, "kind": "lock"}
    )
    assert response.status_code == 302 and response["Location"] == _url("run", organization, run.pk)
    response = login(curator).post(
        _url("rule", organization, run.pk),
        {"mentee": m2.pk, "mentor": b.pk, "kind": "forbid", "next": "https://evil.example/"},
    )
    assert response["Location"] == _url("run", organization, run.pk)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"mentee": "abc", "mentor": "1", "kind": "lock"},
        {"mentee": "1", "mentor": "1", "kind": "steal"},
        {"mentee": "-1", "mentor": "1", "kind": "lock"},
        {"mentee": "9" * 30, "mentor": "1", "kind": "lock"},
    ],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_bad_rule_input_never_500(data, htmx, login, curator, organization, base, run):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = login(curator).post(_url("rule", organization, run.pk), data, **headers)
    assert response.status_code in (200, 302)


def test_foreign_people_in_a_rule_are_404(login, curator, organization, other_organization, base, run):
    foreign_mentor = make_matchable_mentor(other_organization)
    data = {"mentee": base["mentees"][0].pk, "mentor": foreign_mentor.pk, "kind": "forbid"}
    assert (
        login(curator).post(_url("rule", organization, run.pk), data, HTTP_HX_REQUEST="true").status_code
        == 404
    )


def test_rerun_uses_the_rules(login, curator, organization, base, run):
    a = base["mentors"][0]
    m0 = base["mentees"][0]
    client = login(curator)
    client.post(_url("rule", organization, run.pk), {"mentee": m0.pk, "mentor": a.pk, "kind": "forbid"})
    response = client.post(_url("rerun", organization, run.pk))
    new = MatchingRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == _url("run", organization, new.pk)
    assert (m0.pk, a.pk) not in {(p["mentee"], p["mentor"]) for p in new.result["pairs"]}
    assert new.mode == run.mode


def test_rules_are_listed_and_cleared_on_the_index(login, curator, organization, base, run):
    rule = services.set_rule(
        organization, base["mentees"][0], base["mentors"][0], "forbid", acting_user=curator
    )
    client = login(curator)
    page = client.get(_url("index", organization)).content.decode()
    assert "Правила куратора" in page and "запрещена" in page
    response = client.post(reverse("matching:rule_delete", args=[organization.slug, rule.pk]))
    assert response.status_code == 302
    assert not type(rule).objects.exists()
    director = make_user(Role.DIRECTOR, organization=organization)
    assert "Правила куратора" not in login(director).get(_url("index", organization)).content.decode()


def test_unmatched_mentee_can_be_locked_from_the_run_page(login, curator, organization):
    mentor = make_matchable_mentor(organization, capacity=1, competences=["Дисциплина на уроке"])
    make_matchable_mentee(organization, requests=["Дисциплина на уроке"])
    lonely = make_matchable_mentee(organization, requests=["Рисование"])
    run = services.run_matching(organization, "optimal", acting_user=curator)
    page = login(curator).get(_url("run", organization, run.pk)).content.decode()
    assert "Остались без пары" in page and "все подходящие наставники заняты" in page
    login(curator).post(
        _url("rule", organization, run.pk), {"mentee": lonely.pk, "mentor": mentor.pk, "kind": "lock"}
    )
    new = services.rerun(run, acting_user=curator)
    assert (lonely.pk, mentor.pk) in {(p["mentee"], p["mentor"]) for p in new.result["pairs"]}


def test_revoked_names_are_hidden_from_the_administration(login, curator, organization):
    from tests.builders import give_consent

    make_matchable_mentor(organization)
    hidden = make_matchable_mentee(organization, consent=False, last_name="Скрытова")
    give_consent(hidden.participant, revoked=True)
    run = services.run_matching(organization, "optimal", acting_user=curator)
    assert "Скрытова" in login(curator).get(_url("run", organization, run.pk)).content.decode()
    director = make_user(Role.DIRECTOR, organization=organization)
    page = login(director).get(_url("run", organization, run.pk)).content.decode()
    assert "Скрытова" not in page and "скрыт (согласие отозвано)" in page


def test_reasons_of_a_mentee_who_revoked_after_the_run_are_hidden_too(login, curator, organization):
    from tests.builders import give_consent

    make_matchable_mentor(organization, competences=["Работа с родителями"])
    mentee = make_matchable_mentee(organization, requests=["Работа с родителями"], last_name="Позднова")
    run = services.run_matching(organization, "optimal", acting_user=curator)
    give_consent(mentee.participant, revoked=True)
    assert (
        "работа с родителями"
        in login(curator).get(_url("run", organization, run.pk)).content.decode().lower()
    )
    director = make_user(Role.DIRECTOR, organization=organization)
    page = login(director).get(_url("run", organization, run.pk)).content.decode()
    assert "Позднова" not in page and "работа с родителями" not in page.lower()


def _big_base(organization, mentors: int, mentees: int):
    for _ in range(mentors):
        make_matchable_mentor(
            organization, capacity=3, competences=["Дисциплина на уроке"], subject="Математика"
        )
    for i in range(mentees):
        make_matchable_mentee(
            organization, requests=["Дисциплина на уроке"], subject="Математика", group=f"{5 + i % 6}А"
        )


@pytest.mark.parametrize("size", [(1, 2), (8, 24)])
def test_run_page_queries_do_not_grow_with_pairs(
    size, login, curator, organization, django_assert_max_num_queries
):
    _big_base(organization, *size)
    run = services.run_matching(organization, "optimal", acting_user=curator)
    assert run.pairs_count == size[1]
    client = login(curator)
    client.get("/")  # the session is loaded once outside the measured blocks
    # 4 queries of session and roles, 4 of the layout (menu, notifications), the rest of the page.
    with django_assert_max_num_queries(14):
        response = client.get(_url("run", organization, run.pk))
    assert response.status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(_url("approve", organization, run.pk)).status_code == 200


@pytest.mark.parametrize("size", [(1, 2), (8, 24)])
def test_index_queries_do_not_grow_with_the_bases(
    size, login, curator, organization, django_assert_max_num_queries
):
    _big_base(organization, *size)
    services.run_matching(organization, "optimal", acting_user=curator)
    client = login(curator)
    client.get("/")
    with django_assert_max_num_queries(18):
        assert client.get(_url("index", organization)).status_code == 200


def test_compare_runs_both_modes_and_shows_differences(login, curator, organization, monkeypatch):
    """Fits where the best total (e1-r2, e2-r1) is not stable: e1 and r1 prefer each other."""
    import numpy as np

    make_matchable_mentor(organization, last_name="Аникина")  # r1
    make_matchable_mentor(organization, last_name="Борисова")  # r2
    e1 = make_matchable_mentee(organization, last_name="Васильев")
    e2 = make_matchable_mentee(organization, last_name="Григорьев")
    fits = np.array([[50.0, 48.0], [49.0, 10.0]])
    monkeypatch.setattr(problem, "fit_matrix", lambda *a, **k: (fits.copy(), lambda i, r: ["по анкетам"]))
    client = login(curator)
    response = client.post(_url("compare", organization), {})
    assert response.status_code == 302
    optimal, stable = MatchingRun.objects.order_by("pk")
    assert (optimal.mode, stable.mode) == ("optimal", "stable")
    assert optimal.total_score == 97 and stable.total_score == 60
    assert optimal.blocking_pairs == 1 and stable.blocking_pairs == 0
    assert response["Location"].endswith(f"?optimal={optimal.pk}&stable={stable.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "Наибольшая совместимость" in page and "Устойчивый подбор" in page
    assert "97,0" in page and "60,0" in page
    assert "Различия" in page
    assert e1.participant.full_name in page and e2.participant.full_name in page
    assert "Оба режима дали одинаковые пары" not in page


@pytest.mark.parametrize(
    "query",
    ["?optimal=abc&stable=", "?optimal=99999999999999999999999&stable=-1", "?stable=1.5", "?optimal=%00"],
)
def test_compare_with_garbage_parameters_never_500(query, login, curator, organization, base, run):
    assert login(curator).get(_url("compare", organization) + query).status_code == 200


def test_compare_of_an_empty_organization(login, curator, organization):
    page = login(curator).get(_url("compare", organization)).content.decode()
    assert "Подборов для сравнения пока нет" in page


def test_director_cannot_run_both_modes(login, organization, base):
    director = make_user(Role.DIRECTOR, organization=organization)
    assert login(director).post(_url("compare", organization), {}).status_code == 404


def test_run_page_shows_a_page_of_mentors_at_a_time(login, curator, organization, monkeypatch):
    from nastavnik.matching import queries

    monkeypatch.setattr(queries, "MENTORS_PER_PAGE", 2)
    monkeypatch.setattr(queries, "UNMATCHED_PER_PAGE", 1)
    for name in ("Аникина", "Борисова", "Васина"):
        make_matchable_mentor(organization, last_name=name, competences=["Дисциплина на уроке"])
    for name in ("Гусев", "Дятлов", "Ежов"):
        make_matchable_mentee(organization, last_name=name, requests=["Дисциплина на уроке"])
    make_matchable_mentee(organization, last_name="Жуков", consent=False)
    make_matchable_mentee(organization, last_name="Зайцев", consent=False)
    run = services.run_matching(organization, "optimal", acting_user=curator)
    client = login(curator)
    first = client.get(_url("run", organization, run.pk)).content.decode()
    assert "Аникина" in first and "Борисова" in first and "Васина" not in first
    assert "страница 1 из 2" in first and "?page=2&amp;upage=1" in first
    assert ("Жуков" in first) != ("Зайцев" in first)
    second = client.get(_url("run", organization, run.pk) + "?page=2&upage=2").content.decode()
    assert "Васина" in second and "Аникина" not in second
    for query in ("?page=abc", "?page=-1&upage=999999999999999999", "?upage=%00"):
        assert client.get(_url("run", organization, run.pk) + query).status_code == 200
