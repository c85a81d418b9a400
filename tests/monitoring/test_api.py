"""The three monitoring endpoints: who may read and write (404 otherwise), the answers' shape, no names."""

import pytest
from django.core.cache import cache

from nastavnik.monitoring.indicators import CODES
from nastavnik.monitoring.models import Contingent, Measure, MeasureValue
from nastavnik.roadmaps.queries import current_academic_year
from tests.api.conftest import bearer
from tests.builders import (
    ALL_ROLES,
    make_contingent,
    make_coordinator,
    make_feedback,
    make_meeting,
    make_mentee,
    make_mentor,
    make_organization,
    make_pairing,
    make_pupil,
    make_region,
    make_user,
)

pytestmark = pytest.mark.django_db
YEAR = current_academic_year()
STAFF = {"director", "deputy", "curator", "working_group"}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def data(organization):
    mentee = make_mentee(organization, make_pupil(organization, last_name="Смирнова"))
    pairing = make_pairing(organization, make_mentor(organization), mentee)
    make_feedback(make_meeting(pairing), mentee.participant, comment="Было полезно")
    make_contingent(organization, YEAR)
    measure = Measure.objects.get(code="attendance", organization=None)
    for i in range(5):
        person = make_pupil(organization, last_name=f"Ученик{i}")
        MeasureValue.objects.create(
            organization=organization,
            participant=person,
            measure=measure,
            academic_year=YEAR,
            before=80 + i,
            after=90,
        )
    return organization


def urls(org):
    return {
        "contingent": f"/api/v1/organizations/{org.slug}/contingent/{YEAR}",
        "indicators": f"/api/v1/organizations/{org.slug}/indicators?year={YEAR}",
        "monitoring": f"/api/v1/organizations/{org.slug}/monitoring/{YEAR}",
    }


@pytest.mark.parametrize("role", ALL_ROLES)
def test_reading_by_role(role, data):
    client = bearer(make_user(role, organization=data))
    for name, url in urls(data).items():
        response = client.get(url)
        assert response.status_code == (200 if role in STAFF else 404), (name, response.content)
        assert "Смирнова" not in response.content.decode() and "Ученик" not in response.content.decode()


def test_answers_shape(data, curator):
    client = bearer(curator)
    contingent = client.get(urls(data)["contingent"]).json()
    assert contingent == {
        "learners_total": 500,
        "learners_in_age": 300,
        "teachers_total": 40,
        "young_specialists_total": 5,
    }
    indicators = client.get(urls(data)["indicators"]).json()
    assert indicators["academic_year"] == YEAR
    assert [i["code"] for i in indicators["items"]] == list(CODES)
    assert indicators["items"][0]["numerator"] == 1 and indicators["items"][0]["denominator"] == 300
    monitoring = client.get(urls(data)["monitoring"]).json()
    assert monitoring["stage1"]["feedback_by_form"][0]["feedback"] == 1
    (measure,) = monitoring["stage2"]["measures"]
    assert measure["code"] == "attendance" and measure["n"] == 5 and measure["verdict"]


def test_region_coordinators_read_indicators_only(data):
    coordinator = bearer(make_coordinator(data.municipality.region))
    assert coordinator.get(urls(data)["indicators"]).status_code == 200
    assert coordinator.get(urls(data)["monitoring"]).status_code == 404
    assert coordinator.get(urls(data)["contingent"]).status_code == 404
    other = bearer(make_coordinator(make_region()))
    assert other.get(urls(data)["indicators"]).status_code == 404
    municipal = bearer(
        make_coordinator(
            data.municipality.region, make_organization(region=data.municipality.region).municipality
        )
    )
    assert municipal.get(urls(data)["indicators"]).status_code == 404


def test_unknown_organization_is_404(curator):
    assert bearer(curator).get("/api/v1/organizations/nope/indicators").status_code == 404


def test_put_contingent(organization, curator):
    client = bearer(curator)
    url = urls(organization)["contingent"]
    assert client.get(url).status_code == 404
    body = {"learners_total": 100, "learners_in_age": 60, "teachers_total": 10, "young_specialists_total": 2}
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json() == body
    assert Contingent.objects.get(organization=organization).created_by == curator
    bad = client.put(url, {**body, "learners_in_age": 600}, content_type="application/json")
    assert bad.status_code == 400 and "learners_in_age" in bad.content.decode()
    director = bearer(make_user("director", organization=organization))
    assert director.put(url, body, content_type="application/json").status_code == 404
