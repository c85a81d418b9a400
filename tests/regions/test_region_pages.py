"""The region's pages, XLSX and API: coordinators of the territory only, no person's name, small counts
hidden, a bounded number of queries."""

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from openpyxl import load_workbook

from nastavnik.accounts.models import Role
from nastavnik.monitoring.models import RegionalTarget
from nastavnik.organizations.models import Municipality, Organization
from nastavnik.participants.models import Participant
from nastavnik.regions import queries
from nastavnik.roadmaps.queries import current_academic_year
from tests.api.conftest import bearer
from tests.builders import ALL_ROLES, make_coordinator, make_generated_region, make_region, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    queries.clear_local()
    yield
    cache.clear()
    queries.clear_local()


@pytest.fixture
def region():
    return make_generated_region(organizations=8, participants=30)


def urls(region, municipality=None, organization=None):
    municipality = municipality or Municipality.objects.filter(region=region).order_by("pk").first()
    organization = (
        organization or Organization.objects.filter(municipality=municipality).order_by("pk").first()
    )
    return [
        f"/region/{region.slug}/dashboard/",
        f"/region/{region.slug}/dashboard/m/{municipality.slug}/",
        f"/region/{region.slug}/dashboard/o/{organization.slug}/",
        f"/region/{region.slug}/dashboard/export.xlsx",
        f"/region/{region.slug}/dashboard/history/?year={current_academic_year()}&o={organization.slug}",
        f"/region/{region.slug}/dashboard/history/?m={municipality.slug}",
        f"/api/v1/regions/{region.slug}/indicators",
    ]


def test_a_regional_coordinator_sees_every_page(region, login):
    client = login(make_coordinator(region))
    for url in [*urls(region), f"/region/{region.slug}/targets/"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_staff_and_people_of_an_organization_of_the_region_get_404(region, role, login):
    organization = Organization.objects.filter(municipality__region=region).first()
    client = login(make_user(role, organization=organization))
    for url in [*urls(region), f"/region/{region.slug}/targets/"]:
        assert client.get(url).status_code == 404, url


def test_a_coordinator_of_another_region_and_an_anonymous_visitor_see_nothing(region, client, login):
    for url in urls(region):
        assert client.get(url).status_code in (302, 401), url
    other = login(make_coordinator(make_region()))
    for url in urls(region):
        assert other.get(url).status_code == 404, url


def test_a_municipal_coordinator_sees_only_their_municipality(region, login):
    mine, other = Municipality.objects.filter(region=region).order_by("pk")[:2]
    client = login(make_coordinator(region, municipality=mine))
    for url in urls(region, municipality=mine):
        assert client.get(url).status_code == 200, url
    foreign = Organization.objects.filter(municipality=other).first()
    assert client.get(f"/region/{region.slug}/dashboard/m/{other.slug}/").status_code == 404
    assert client.get(f"/region/{region.slug}/dashboard/o/{foreign.slug}/").status_code == 404
    assert client.get(f"/region/{region.slug}/targets/").status_code == 404
    assert client.get(f"/region/{region.slug}/dashboard/history/?m={other.slug}").status_code == 404
    assert client.get(f"/region/{region.slug}/dashboard/history/?o={foreign.slug}").status_code == 404
    answer = client.get(f"/api/v1/regions/{region.slug}/indicators").json()
    assert answer["municipality"] == mine.slug
    assert {o["municipality"] for o in answer["organizations"]} == {mine.slug}
    assert foreign.slug not in client.get(f"/region/{region.slug}/dashboard/").content.decode()


def test_no_name_of_a_person_anywhere(region, login):
    # any pupil of the region (a small generated school may have none: the sizes vary with the seed)
    pupil = Participant.objects.filter(organization__municipality__region=region, category="pupil").first()
    organization = pupil.organization
    pupil.last_name, pupil.first_name = "Краснощёкова", "Зульфия"
    pupil.save()
    coordinator = make_coordinator(region)
    client = login(coordinator)
    names = [
        f"{last} {first}"
        for last, first in Participant.objects.filter(organization__municipality__region=region).values_list(
            "last_name", "first_name"
        )
    ] + ["Краснощёкова"]
    texts = [client.get(u).content.decode() for u in urls(region) if not u.endswith(".xlsx")]
    texts.append(client.get(urls(region)[5], HTTP_HX_REQUEST="true").content.decode())
    texts.append(
        client.get(f"/region/{region.slug}/dashboard/m/{organization.municipality.slug}/").content.decode()
    )
    workbook = load_workbook(io.BytesIO(client.get(urls(region)[3]).content))
    texts.append(" ".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value))
    texts.append(bearer(coordinator).get(urls(region)[-1]).content.decode())
    for text in texts:
        for name in names:
            assert name not in text


def test_small_counts_are_hidden_everywhere(region, login):
    """Every shown count of the API is 0 or at least 5; hidden ones have no value and no numerator."""
    client = login(make_coordinator(region))
    answer = client.get(f"/api/v1/regions/{region.slug}/indicators").json()
    rows = [answer["totals"], *[m["indicators"] for m in answer["municipalities"]]]
    rows += [o["indicators"] for o in answer["organizations"]]
    hidden = 0
    for items in rows:
        for item in items:
            counted = item["value"] if item["code"].startswith("pairings_") else item["numerator"]
            if item["suppressed"]:
                hidden += 1
                assert item["value"] is None and item["numerator"] is None
            elif counted is not None:
                assert counted == 0 or counted >= 5, item
    assert hidden > 0  # 30 participants per organization: some counts are small
    assert (
        "&lt; 5"
        in client.get(
            f"/region/{region.slug}/dashboard/m/{answer['municipalities'][0]['slug']}/"
        ).content.decode()
    )


def test_the_dashboard_answers_with_a_bounded_number_of_queries(django_assert_max_num_queries, login):
    small = make_generated_region(organizations=3, participants=20)
    large = make_generated_region(organizations=12, participants=40)
    counts = []
    for region in (small, large):
        client = login(make_coordinator(region))
        cache.clear()
        queries.clear_local()
        with django_assert_max_num_queries(150) as captured:
            response = client.get(f"/region/{region.slug}/dashboard/")
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[1] <= counts[0]


def test_the_regional_coordinator_sets_the_ladder_and_totals_are_judged_by_it(region, login):
    coordinator = make_coordinator(region)
    client = login(coordinator)
    year = current_academic_year()
    response = client.post(
        f"/region/{region.slug}/targets/",
        {f"t-learners_involved-{year}": "99,5", f"t-learners_involved-{year + 1}": "100"},
    )
    assert response.status_code == 302
    target = RegionalTarget.objects.get(region=region, code="learners_involved", academic_year=year)
    assert float(target.percent) == 99.5
    answer = client.get(f"/api/v1/regions/{region.slug}/indicators").json()
    total = answer["totals"][0]
    assert total["code"] == "learners_involved" and total["target"] == 99.5 and total["status"] == "behind"
    # clearing a cell removes that step
    client.post(f"/region/{region.slug}/targets/", {f"t-learners_involved-{year + 1}": "100"})
    assert not RegionalTarget.objects.filter(region=region, academic_year=year).exists()


@pytest.mark.parametrize("bad", ["abc", "150", "-1", "NaN", "1e400"])
def test_a_bad_target_is_refused_with_a_russian_message(region, login, bad):
    client = login(make_coordinator(region))
    year = current_academic_year()
    response = client.post(f"/region/{region.slug}/targets/", {f"t-learners_involved-{year}": bad})
    assert response.status_code == 400
    assert "от 0 до 100" in response.content.decode() or "не число" in response.content.decode()
    assert not RegionalTarget.objects.filter(region=region).exists()


def test_region_report_answers_what_the_api_answers(region, login, tmp_path):
    coordinator = make_coordinator(region)
    year = current_academic_year()
    api = bearer(coordinator).get(f"/api/v1/regions/{region.slug}/indicators?year={year}").json()
    out = tmp_path / "r.json"
    call_command("region_report", region=region.slug, year=year, format="json", output=str(out))
    assert json.loads(out.read_text()) == api
    xlsx = tmp_path / "r.xlsx"
    call_command("region_report", region=region.slug, year=year, format="xlsx", output=str(xlsx))
    sheet = load_workbook(xlsx).worksheets[0]
    slugs = {sheet.cell(row=r, column=3).value for r in range(5, sheet.max_row + 1)}
    assert {o["slug"] for o in api["organizations"]} <= slugs


def test_the_api_refuses_a_bad_year_and_an_unknown_region(region):
    client = bearer(make_coordinator(region))
    assert client.get(f"/api/v1/regions/{region.slug}/indicators?year=abc").status_code == 422
    assert client.get("/api/v1/regions/nope/indicators").status_code == 404
    member = make_user(
        Role.CURATOR, organization=Organization.objects.filter(municipality__region=region).first()
    )
    assert bearer(member).get(f"/api/v1/regions/{region.slug}/indicators").status_code == 404


def test_a_municipality_hides_exactly_what_the_region_hides_there(region):
    """One suppression for the whole region: a municipal view cannot be subtracted from the regional one."""
    year = current_academic_year()
    whole = queries.territory_report(region, year)
    for municipality in Municipality.objects.filter(region=region):
        part = queries.territory_report(region, year, municipality)
        row = next(m for m in whole["municipalities"] if m["slug"] == municipality.slug)
        assert part["totals"] == row["indicators"]
        mine = [o for o in whole["organizations"] if o["municipality"] == municipality.slug]
        assert part["organizations"] == mine


def test_the_xlsx_keeps_a_formula_like_name_as_text(region, login):
    organization = Organization.objects.filter(municipality__region=region).first()
    organization.short_name = '=HYPERLINK("http://evil.example/","x")'
    organization.save()
    client = login(make_coordinator(region))
    sheet = load_workbook(io.BytesIO(client.get(urls(region)[3]).content)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == organization.short_name]
    assert cells and all(c.data_type == "s" for c in cells)
