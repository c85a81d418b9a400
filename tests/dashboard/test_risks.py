"""The risk register: programme staff read it, curation writes it; suggestions from the data are accepted with one
click, never written by looking at a page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.roadmaps.models import Risk
from nastavnik.roadmaps.services.base import RoadmapError
from nastavnik.roadmaps.services.risks import close_risk, create_risk, update_risk
from tests.builders import ALL_ROLES, make_formed_pairing, make_user
from tests.roadmaps.roadmap_builders import make_roadmap

STAFF = {Role.CURATOR, Role.WORKING_GROUP, Role.DIRECTOR, Role.DEPUTY}
CURATION = {Role.CURATOR, Role.WORKING_GROUP}


def _url(organization, name="risks", *args):
    return reverse(f"dashboard:{name}", args=[organization.slug, *args])


def _risk(organization, **values):
    values.setdefault("risk", "Низкая мотивация наставников")
    return create_risk(organization, acting_user=None, **values)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_register_is_read_by_staff(role, login, organization):
    risk = _risk(organization, owner="Заместитель директора")
    client = login(make_user(role, organization=organization))
    for url in (_url(organization), _url(organization, "risk_edit", risk.pk)):
        response = client.get(url)
        assert response.status_code == (200 if role in STAFF else 404)
        if role in STAFF:
            assert "Низкая мотивация наставников" in response.content.decode()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_register_is_written_by_curation(role, login, organization):
    risk = _risk(organization)
    client = login(make_user(role, organization=organization))
    data = {
        "risk": "Уход наставника",
        "mitigation": "Резерв",
        "probability": 3,
        "impact": 2,
        "status": "open",
    }
    new = client.post(_url(organization, "risk_new"), data)
    edit = client.post(_url(organization, "risk_edit", risk.pk), {**data, "risk": "Изменено"})
    close = client.post(_url(organization, "risk_close", risk.pk), {"note": "Меры сработали"})
    if role in CURATION:
        assert new.status_code == edit.status_code == close.status_code == 302
        created = Risk.objects.get(organization=organization, risk="Уход наставника")
        assert created.level == 6 and created.created_by is not None
        risk.refresh_from_db()
        assert risk.risk == "Изменено" and risk.status == Risk.Status.CLOSED
        assert risk.closing_note == "Меры сработали" and risk.changed_by is not None
    else:
        assert new.status_code == edit.status_code == close.status_code == 404
        assert Risk.objects.filter(organization=organization).count() == 1
        risk.refresh_from_db()
        assert risk.risk == "Низкая мотивация наставников" and risk.status == Risk.Status.OPEN


def test_stranger_gets_404(login, organization, stranger):
    risk = _risk(organization)
    client = login(stranger)
    assert client.get(_url(organization)).status_code == 404
    assert client.get(_url(organization, "risk_edit", risk.pk)).status_code == 404
    assert client.post(_url(organization, "risk_close", risk.pk)).status_code == 404


def test_a_risk_of_another_organization_is_404(login, organization, other_organization, curator):
    foreign = _risk(other_organization)
    assert login(curator).get(_url(organization, "risk_edit", foreign.pk)).status_code == 404


def test_bad_input_is_a_russian_message(login, organization, curator):
    response = login(curator).post(
        _url(organization, "risk_new"), {"risk": "", "probability": 7, "impact": "x"}
    )
    assert response.status_code == 400
    assert "Обязательное поле" in response.content.decode()
    assert not Risk.objects.filter(organization=organization).exists()


def test_services_validate_and_record_who(organization, curator):
    roadmap = make_roadmap(organization, activities=1)
    with pytest.raises(RoadmapError):
        create_risk(organization, acting_user=curator, risk="   ")
    with pytest.raises(RoadmapError):
        create_risk(organization, acting_user=curator, risk="x", probability=4)
    risk = create_risk(organization, acting_user=curator, roadmap=roadmap, risk="  Срыв   сроков ", impact=3)
    assert risk.risk == "Срыв сроков" and risk.created_by == curator and risk.level == 6
    update_risk(risk, acting_user=curator, status=Risk.Status.CLOSED)
    assert risk.closed_at is not None and risk.changed_by == curator
    update_risk(risk, acting_user=curator, status=Risk.Status.OPEN, review_date=dt.date(2020, 1, 1))
    assert risk.closed_at is None and risk.review_overdue()
    close_risk(risk, acting_user=curator, note="итог")
    with pytest.raises(RoadmapError):
        close_risk(risk, acting_user=curator)


def test_idle_pairs_suggest_a_risk_accepted_with_one_click(login, organization, curator):
    make_formed_pairing(organization, idle_days=45)
    client = login(curator)
    before = Risk.objects.filter(organization=organization).count()
    html = client.get(_url(organization)).content.decode()
    client.get(reverse("dashboard:dashboard", args=[organization.slug]))
    assert "Наставнические пары перестают встречаться" in html
    assert 'value="idle_pairs"' in html
    assert Risk.objects.filter(organization=organization).count() == before  # looking writes nothing

    assert client.post(_url(organization, "risk_accept"), {"key": "idle_pairs"}).status_code == 302
    risk = Risk.objects.get(organization=organization, source="idle_pairs")
    assert risk.created_by == curator and risk.status == Risk.Status.OPEN
    # A second click (another tab) does not add a second row, and the suggestion is gone.
    client.post(_url(organization, "risk_accept"), {"key": "idle_pairs"})
    assert Risk.objects.filter(organization=organization, source="idle_pairs").count() == 1
    assert 'value="idle_pairs"' not in client.get(_url(organization)).content.decode()
    # Closed, the signal may be proposed again.
    close_risk(risk, acting_user=curator)
    assert 'value="idle_pairs"' in client.get(_url(organization)).content.decode()


def test_a_stale_or_unknown_suggestion_is_refused(login, organization, curator):
    client = login(curator)
    response = client.post(_url(organization, "risk_accept"), {"key": "idle_pairs"}, follow=True)
    assert "неактуально" in response.content.decode()
    assert not Risk.objects.filter(organization=organization).exists()


def test_director_sees_suggestions_count_but_cannot_accept(login, organization):
    make_formed_pairing(organization, idle_days=45)
    director = make_user(Role.DIRECTOR, organization=organization)
    client = login(director)
    assert 'value="idle_pairs"' not in client.get(_url(organization)).content.decode()
    assert client.post(_url(organization, "risk_accept"), {"key": "idle_pairs"}).status_code == 404
    assert not Risk.objects.filter(organization=organization).exists()


def test_indicator_behind_target_is_suggested(organization):
    from types import SimpleNamespace

    from nastavnik.dashboard.figures import programme_dashboard
    from nastavnik.dashboard.suggestions import suggested_risks

    behind = SimpleNamespace(
        code="learners_involved",
        title="Вовлечённость обучающихся",
        value=12.0,
        target=70.0,
        target_year=2026,
        status="behind",
        is_share=True,
    )
    fine = SimpleNamespace(**{**vars(behind), "code": "teachers_mentoring", "status": "on_track"})
    items = suggested_risks(programme_dashboard(organization), [behind, fine])
    assert [s.key for s in items] == ["indicator:learners_involved"]
    assert "12 % при цели 70 %" in items[0].reason
