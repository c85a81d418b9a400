"""Pairings of the organization, "my pairing", and the download of the order, for every role."""

import datetime as dt
import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from django_scopes import ScopeError, scope
from docx import Document

from nastavnik.accounts.models import Role
from nastavnik.matching import services
from nastavnik.mentoring.models import Order, Pairing, PairingMember
from tests.builders import (
    ALL_ROLES,
    add_guardian,
    link_user,
    make_matchable_mentee,
    make_matchable_mentor,
    make_user,
    small_base,
)

STAFF = {Role.CURATOR, Role.WORKING_GROUP, Role.DIRECTOR, Role.DEPUTY}
DATE = dt.date(2025, 9, 1)


@pytest.fixture
def approved(organization, curator):
    base = small_base(organization)
    run = services.run_matching(organization, "optimal", acting_user=curator)
    order = services.approve_run(run, "112-од", DATE, base["form"], acting_user=curator)
    return {**base, "order": order}


def _pairings(organization):
    return reverse("mentoring:pairings", args=[organization.slug])


def _mine(organization):
    return reverse("mentoring:my_pairing", args=[organization.slug])


def _download(organization, order):
    return reverse("mentoring:order_download", args=[organization.slug, order.pk])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_pairings_page_is_for_programme_staff(role, login, organization, approved):
    response = login(make_user(role, organization=organization)).get(_pairings(organization))
    assert response.status_code == (200 if role in STAFF else 404)
    if role in STAFF:
        page = response.content.decode()
        assert "Кузнецова Елена Сергеевна" in page and "Ахмедов Руслан Сергеевна" in page
        assert "Приказ № 112-од от 01.09.2025" in page
        assert _download(organization, approved["order"]) in page
        assert "групповая" in page and "индивидуальная" in page


@pytest.mark.parametrize("role", ALL_ROLES)
def test_order_download_is_for_programme_staff(role, login, organization, approved):
    response = login(make_user(role, organization=organization)).get(
        _download(organization, approved["order"])
    )
    assert response.status_code == (200 if role in STAFF else 404)
    if role in STAFF:
        assert (
            response["Content-Type"]
            == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        disposition = response["Content-Disposition"]
        expected = "Приказ № 112-од от 01.09.2025 Об утверждении наставнических пар (групп).docx"
        assert disposition.startswith("attachment;")
        assert f"filename*=utf-8''{quote(expected)}" in disposition
        document = Document(io.BytesIO(b"".join(response.streaming_content)))
        assert any("Об утверждении наставнических пар (групп)" in p.text for p in document.paragraphs)


def test_strangers_and_anonymous(client, login, organization, stranger, approved):
    for url in (_pairings(organization), _mine(organization), _download(organization, approved["order"])):
        assert login(stranger).get(url).status_code == 404
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_order_of_another_organization_is_404(login, organization, other_organization, approved):
    other_curator = make_user(Role.CURATOR, organization=other_organization)
    response = login(other_curator).get(_download(other_organization, approved["order"]))
    assert response.status_code == 404
    assert (
        login(other_curator).get(f"/o/{other_organization.slug}/orders/99999999999/download/").status_code
        == 404
    )


def test_order_without_a_file_is_404(login, curator, organization):
    order = Order.objects.create(organization=organization, number="1", date=DATE, title="Без файла")
    assert login(curator).get(_download(organization, order)).status_code == 404
    order.file.name = "mentoring/missing.docx"
    order.save()
    assert login(curator).get(_download(organization, order)).status_code == 404


def test_mentor_sees_their_group(login, organization, approved):
    mentor_user = make_user(Role.MENTOR, organization=organization)
    link_user(approved["mentors"][0], mentor_user)
    page = login(mentor_user).get(_mine(organization)).content.decode()
    assert "Моя наставническая группа" in page
    assert "Тарасова Ольга Сергеевна" in page and "Белоусова Кристина Сергеевна" in page
    assert "Ахмедов" not in page  # the other mentor's mentee
    assert "Утверждено приказом № 112-од от 01.09.2025" in page


def test_mentee_sees_their_mentor_but_not_the_other_group_members(login, organization, approved):
    mentee_user = make_user(Role.MENTEE, organization=organization)
    link_user(approved["mentees"][0], mentee_user)
    page = login(mentee_user).get(_mine(organization)).content.decode()
    assert "Наставник: Кузнецова Елена Сергеевна" in page
    assert "Тарасова Ольга Сергеевна" in page
    assert "Белоусова" not in page


def test_parent_sees_the_mentor_of_their_child(login, organization, approved):
    parent = make_user(Role.PARENT, organization=organization)
    add_guardian(approved["mentees"][1], parent)
    page = login(parent).get(_mine(organization)).content.decode()
    assert "Наставник: Соловьёва Наталья Сергеевна" in page
    assert "Ахмедов Руслан Сергеевна" in page


def test_parent_in_a_group_sees_their_child_but_not_the_other_members(login, organization, approved):
    parent = make_user(Role.PARENT, organization=organization)
    add_guardian(approved["mentees"][0], parent)
    page = login(parent).get(_mine(organization)).content.decode()
    assert "Наставник: Кузнецова Елена Сергеевна" in page
    assert "Тарасова Ольга Сергеевна" in page
    assert "Белоусова" not in page and "Ахмедов" not in page


@pytest.mark.parametrize("role", ALL_ROLES)
def test_my_pairing_without_a_pairing_is_an_empty_state(role, login, organization, approved):
    page = login(make_user(role, organization=organization)).get(_mine(organization)).content.decode()
    assert "Вы пока не состоите в наставнической паре" in page
    assert "Кузнецова" not in page and "Тарасова" not in page


def test_completed_pairings_are_not_my_pairing(login, organization, approved):
    mentee_user = make_user(Role.MENTEE, organization=organization)
    link_user(approved["mentees"][0], mentee_user)
    Pairing.objects.update(status=Pairing.Status.COMPLETED)
    assert "Вы пока не состоите" in login(mentee_user).get(_mine(organization)).content.decode()


def test_revoked_consent_hides_a_name_from_all_but_the_curator(login, curator, organization, approved):
    consent = approved["mentees"][1].participant.consents.get()
    consent.revoked_at = consent.given_at
    consent.save()
    assert "Ахмедов" in login(curator).get(_pairings(organization)).content.decode()
    director = make_user(Role.DIRECTOR, organization=organization)
    page = login(director).get(_pairings(organization)).content.decode()
    assert "Ахмедов" not in page and "скрыт (согласие отозвано)" in page
    PairingMember.objects.filter(mentee=approved["mentees"][1]).update(reasons="Причина-про-Ахмедова")
    mentor_user = make_user(Role.MENTOR, organization=organization)
    link_user(approved["mentors"][1], mentor_user)
    page = login(mentor_user).get(_mine(organization)).content.decode()
    assert "Ахмедов" not in page and "скрыт (согласие отозвано)" in page
    assert "Причина-про-Ахмедова" not in page  # what matching knew about the hidden mentee neither


def test_status_filter_and_garbage_parameters(login, curator, organization, approved):
    client = login(curator)
    assert "Кузнецова" not in client.get(_pairings(organization) + "?status=cancelled").content.decode()
    for query in ("?status=<script>", "?page=abc", "?page=999999999999999999999", "?status=active&page=-1"):
        assert client.get(_pairings(organization) + query).status_code == 200


def _many_pairings(organization, curator, n: int, number: str):
    for _ in range(n):
        make_matchable_mentor(organization, capacity=2, competences=["Дисциплина на уроке"])
        make_matchable_mentee(organization, requests=["Дисциплина на уроке"])
        make_matchable_mentee(organization, requests=["Дисциплина на уроке"])
    run = services.run_matching(organization, "optimal", acting_user=curator)
    from tests.builders import teacher_form

    services.approve_run(run, number, DATE, teacher_form(), acting_user=curator)


@pytest.mark.parametrize("n", [1, 12])
def test_pages_take_a_bounded_number_of_queries(
    n, login, curator, organization, django_assert_max_num_queries
):
    _many_pairings(organization, curator, n, "1")
    mentor_user = make_user(Role.MENTOR, organization=organization)
    link_user(Pairing.objects.first().mentor, mentor_user)
    client = login(curator)
    client.get("/")
    with django_assert_max_num_queries(18):
        assert client.get(_pairings(organization)).status_code == 200
    client = login(mentor_user)
    client.get("/")
    with django_assert_max_num_queries(14):
        response = client.get(_mine(organization))
    assert response.status_code == 200
    assert "Моя наставническая группа" in response.content.decode()


def test_pairing_is_related_to_its_people(organization, approved):
    pairing = Pairing.objects.get(mentor=approved["mentors"][0])
    mentor_user, mentee_user, parent, other = (
        make_user(Role.MENTOR, organization=organization) for _ in range(4)
    )
    link_user(approved["mentors"][0], mentor_user)
    link_user(approved["mentees"][0], mentee_user)
    add_guardian(approved["mentees"][2], parent)
    assert pairing.is_related_user(mentor_user)
    assert pairing.is_related_user(mentee_user)
    assert pairing.is_related_user(parent)
    assert not pairing.is_related_user(other)


def test_queries_outside_a_scope_raise(organization, approved):
    for model in (Pairing, PairingMember, Order):
        with scope(), pytest.raises(ScopeError):
            list(model.objects.all())
        with scope(organization=[organization.pk]):
            assert model.objects.exists()


def test_approval_is_audited(organization, approved):
    pairing = Pairing.objects.first()
    assert pairing.history.count() == 1
    assert PairingMember.history.count() == 3
    assert approved["order"].history.count() >= 1


def test_the_demo_extension_pairs_the_demo_mentor_and_mentee(db):
    """The demo school with the participants demo: mentor@ and mentee@ see each other; a rerun adds nothing."""
    from django_scopes import scopes_disabled

    from nastavnik.core.demo import load_demo
    from nastavnik.participants import demo as participants_demo

    with scopes_disabled():
        load_demo()
        participants_demo.load()  # whether or not the participants app registered it yet
        from nastavnik.matching.demo import load_demo_pairings

        load_demo_pairings()
        load_demo_pairings()
        member = PairingMember.objects.get(mentee__participant__user__email="mentee@demo.nastavnik.ru")
        assert member.pairing.mentor.participant.user.email == "mentor@demo.nastavnik.ru"
        assert Order.objects.filter(number="87-од").count() == 1
        assert member.pairing.order.file


def test_demo_extension_skips_without_the_participants_demo(db):
    from django_scopes import scopes_disabled

    from nastavnik.matching.demo import load_demo_pairings

    with scopes_disabled():
        load_demo_pairings()  # no demo school at all
        assert not Pairing.objects.exists()
