"""The matching thesaurus of an organization and a region: validation, tenancy, the page, and the fit it changes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import ScopeError

from nastavnik.accounts.models import Role
from nastavnik.matching import services
from nastavnik.matching.engine import CRITERIA
from nastavnik.matching.models import OrganizationThesaurusEntry, RegionThesaurusEntry
from nastavnik.matching.problem import thesaurus_lines
from tests.builders import (
    make_coordinator,
    make_matchable_mentee,
    make_matchable_mentor,
    make_organization,
    make_user,
    teacher_form,
)
from tests.core.test_tenancy import _no_scope

LINE = "нотная грамота > сольфеджио"


def _music_base(organization):
    form = teacher_form()
    mentor = make_matchable_mentor(organization, last_name="Орлова", competences=["Сольфеджио"], forms=[form])
    mentee = make_matchable_mentee(
        organization, last_name="Козлов", requests=["не знаю нотную грамоту"], form=form
    )
    return mentor, mentee


def _requests_fit(organization) -> tuple[float, list[str]]:
    only_requests = {name: float(name == "requests") for name in CRITERIA}
    data = services.build_problem(organization, weights=only_requests)
    return float(data.problem.scores[0, 0]), list(data.problem.reasons(0, 0))


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("огэ", "не связывает термины"),
        ("ОГЭ > ", "пустой термин"),
        ("раздел: слова", "неизвестный раздел"),
        ("   ", "пуста"),
        ("а = б" * 100, "длиннее"),
    ],
)
def test_a_malformed_line_is_refused_in_russian_naming_it(organization, curator, line, fragment):
    with pytest.raises(ValidationError) as caught:
        services.add_organization_entry(organization, line, acting_user=curator)
    assert fragment in " ".join(caught.value.messages)
    assert not OrganizationThesaurusEntry.objects.exists()


def test_a_line_is_stored_normalised_with_its_author(organization, curator):
    entry = services.add_organization_entry(organization, "  ОГЭ   >  ГИА ", acting_user=curator)
    assert entry.line == "ОГЭ > ГИА" and entry.created_by == curator


def test_organization_entries_refuse_queries_without_a_scope(organization):
    with _no_scope(), pytest.raises(ScopeError):
        list(OrganizationThesaurusEntry.objects.all())


def test_an_added_synonym_changes_the_fit_of_a_real_problem(organization, curator):
    _music_base(organization)
    before, _ = _requests_fit(organization)
    services.add_organization_entry(organization, LINE, acting_user=curator)
    after, reasons = _requests_fit(organization)
    assert after > before
    assert after >= 40  # now covered (only the requests criterion weighs: the fit is 100 x its score)
    assert any("сольфеджио" in r.lower() and "нотную грамоту" in r for r in reasons)


def test_another_organizations_entry_never_applies(organization, other_organization, curator):
    _music_base(organization)
    before, _ = _requests_fit(organization)
    services.add_organization_entry(other_organization, LINE, acting_user=None)
    assert thesaurus_lines(organization) == []
    assert _requests_fit(organization)[0] == before


def test_region_entries_apply_to_every_organization_of_the_region_only(organization, curator):
    region = organization.municipality.region
    neighbour = make_organization(region=region)
    elsewhere = make_organization()
    services.add_region_entry(region, LINE, acting_user=None)
    services.add_organization_entry(organization, "ОГЭ > ГИА", acting_user=curator)
    assert thesaurus_lines(organization) == [LINE, "ОГЭ > ГИА"]
    assert thesaurus_lines(neighbour) == [LINE]
    assert thesaurus_lines(elsewhere) == []
    _music_base(organization)
    assert _requests_fit(organization)[0] >= 40


def test_region_entry_is_validated_by_the_model_too():
    entry = RegionThesaurusEntry(line="огэ")
    with pytest.raises(ValidationError):
        entry.clean()


# --- the page -------------------------------------------------------------------------------------------


def _url(organization, *args):
    name = "matching:thesaurus_delete" if args else "matching:thesaurus"
    return reverse(name, args=[organization.slug, *args])


def test_curator_sees_shipped_region_and_own_lines_and_adds_one(
    login, curator, organization, django_assert_max_num_queries
):
    services.add_region_entry(organization.municipality.region, "робот = робототехника", acting_user=None)
    client = login(curator)
    with django_assert_max_num_queries(12):
        page = client.get(_url(organization))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Словарь подбора" in text and "ОГЭ &gt; ГИА" in text and "робот = робототехника" in text
    response = client.post(_url(organization), {"line": LINE})
    assert response.status_code == 302
    assert list(OrganizationThesaurusEntry.objects.values_list("line", flat=True)) == [LINE]


def test_a_bad_line_on_the_page_is_a_400_with_the_message(login, curator, organization):
    response = login(curator).post(_url(organization), {"line": "ОГЭ >"})
    assert response.status_code == 400
    assert "пустой термин" in response.content.decode()
    assert not OrganizationThesaurusEntry.objects.exists()


def test_curator_deletes_own_line_but_another_organizations_line_is_404(
    login, curator, organization, other_organization
):
    own = services.add_organization_entry(organization, LINE, acting_user=curator)
    foreign = services.add_organization_entry(other_organization, LINE, acting_user=None)
    client = login(curator)
    assert client.post(_url(organization, foreign.pk)).status_code == 404
    assert client.post(_url(other_organization, foreign.pk)).status_code == 404
    assert client.post(_url(organization, own.pk)).status_code == 302
    assert list(OrganizationThesaurusEntry.objects.values_list("pk", flat=True)) == [foreign.pk]


@pytest.mark.parametrize("role", [r.value for r in Role if r != Role.CURATOR])
def test_other_roles_and_strangers_get_404(login, organization, stranger, role):
    entry = services.add_organization_entry(organization, LINE, acting_user=None)
    for user in (make_user(role, organization=organization), stranger):
        client = login(user)
        assert client.get(_url(organization)).status_code == 404
        assert client.post(_url(organization), {"line": "ОГЭ > ГИА"}).status_code == 404
        assert client.post(_url(organization, entry.pk)).status_code == 404
    assert OrganizationThesaurusEntry.objects.count() == 1


# --- the region's page ------------------------------------------------------------------------------------


def _region_url(region, *args):
    name = "matching:region_thesaurus_delete" if args else "matching:region_thesaurus"
    return reverse(name, args=[region.slug, *args])


def test_region_coordinator_adds_and_deletes_lines_that_reach_the_organizations(login, organization):
    region = organization.municipality.region
    coordinator = make_coordinator(region)
    client = login(coordinator)
    assert (
        client.get(reverse("organizations:region", args=[region.slug]))
        .content.decode()
        .count(_region_url(region))
    )
    assert client.get(_region_url(region)).status_code == 200
    assert client.post(_region_url(region), {"line": "ОГЭ >"}).status_code == 400
    assert client.post(_region_url(region), {"line": LINE}).status_code == 302
    entry = RegionThesaurusEntry.objects.get()
    assert entry.created_by == coordinator and thesaurus_lines(organization) == [LINE]
    assert client.post(_region_url(region, entry.pk)).status_code == 302
    assert thesaurus_lines(organization) == []


def test_region_page_is_404_for_others(login, organization, curator):
    region = organization.municipality.region
    entry = services.add_region_entry(region, LINE, acting_user=None)
    municipal = make_coordinator(region, organization.municipality)
    other_region = make_coordinator(make_organization().municipality.region)
    for user in (curator, municipal, other_region):
        client = login(user)
        assert client.get(_region_url(region)).status_code == 404
        assert client.post(_region_url(region), {"line": "ОГЭ > ГИА"}).status_code == 404
        assert client.post(_region_url(region, entry.pk)).status_code == 404
    assert list(RegionThesaurusEntry.objects.values_list("line", flat=True)) == [LINE]
