"""The public page: found by slug only while published (404 in Russian otherwise), embeddable by any site while
the rest of the system stays unframeable, cached with a public Cache-Control, rebuilt at once after a change,
with a bounded number of queries; the Atom feed parses; documents and photos are served."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.participants.services import revoke_consent
from nastavnik.public import services
from tests.builders import (
    PDF,
    give_publication_consent,
    jpeg,
    make_mentee,
    make_mentor,
    make_organization,
    make_pairing,
    make_participant,
    make_public_page,
    make_user,
)

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def page(organization):
    return make_public_page(organization, intro="Наша программа наставничества")


def _url(name, organization, *args):
    return reverse(f"public:{name}", args=[organization.slug, *args])


def test_the_page_opens_without_login(client, organization, page):
    response = client.get(_url("page", organization))
    assert response.status_code == 200
    assert "Наша программа наставничества" in response.content.decode()


@pytest.mark.parametrize("published", [False, None])
def test_an_unpublished_or_unknown_page_is_a_russian_404(client, organization, published):
    if published is not None:
        make_public_page(organization, published=False)
    slug = organization.slug if published is not None else "no-such-school"
    for path in ("", "honor/", "news/", "news/feed/", "cases/"):
        response = client.get(f"/p/{slug}/{path}")
        assert response.status_code == 404
        assert "Страница не найдена" in response.content.decode()
    assert client.get("/p/region/no-such-region/").status_code == 404


def test_a_missing_case_news_item_or_photo_is_the_same_russian_404(client, organization, page):
    for name in ("case", "news_item", "photo"):
        response = client.get(_url(name, organization, 999999))
        assert response.status_code == 404 and "Страница не найдена" in response.content.decode()


def test_public_pages_may_be_framed_by_any_site_and_others_may_not(client, organization, curator, page):
    response = client.get(_url("page", organization))
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in response["Content-Security-Policy"]
    client.force_login(curator)
    manage = client.get(reverse("public:manage", args=[organization.slug]))
    assert manage.status_code == 200
    assert manage["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in manage["Content-Security-Policy"]


def test_the_frame_ancestors_are_a_setting(client, organization, page, settings):
    settings.PUBLIC_FRAME_ANCESTORS = "https://school5.example"
    response = client.get(_url("page", organization))
    assert "frame-ancestors https://school5.example;" in response["Content-Security-Policy"]


def test_public_answers_may_be_cached_by_browsers_and_proxies(client, organization, page, settings):
    settings.PUBLIC_MAX_AGE = 120
    for name in ("page", "honor", "cases", "news", "feed"):
        response = client.get(_url(name, organization))
        assert response.status_code == 200
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=120"} <= control and "no-store" not in control and "private" not in control


def test_a_cached_page_is_served_from_the_cache_and_rebuilt_after_a_change(
    client, organization, curator, page, django_assert_max_num_queries
):
    url = _url("page", organization)
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(2):  # the page's settings by slug, the cache row
        cached = client.get(url)
    assert cached.status_code == 200
    services.save_news(
        organization, title="Весенний слёт наставников", text="Прошёл слёт", acting_user=curator
    )
    assert "Весенний слёт наставников" in client.get(url).content.decode()


def test_revoking_consent_removes_the_mentor_from_every_cached_page_at_once(
    client, organization, curator, page
):
    mentor = make_mentor(organization, make_participant(organization, name="Белова Ольга Николаевна"))
    consent = give_publication_consent(mentor.participant)
    services.add_honor_entry(mentor, text="Педагог года", photo=jpeg(), acting_user=curator)
    entry_id = mentor.participant.pk and services.queries.honor_board(organization)[0].entry_id
    urls = [
        _url("page", organization),
        _url("honor", organization),
        f"/p/region/{organization.municipality.region.slug}/",
    ]
    for url in urls:
        assert "Белова Ольга" in client.get(url).content.decode()  # now cached
    photo = _url("photo", organization, entry_id)
    assert client.get(photo).status_code == 200
    revoke_consent(consent, acting_user=curator)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and "Белова" not in response.content.decode()
    assert client.get(photo).status_code == 404


def test_renaming_a_mentor_updates_the_cached_board(client, organization, curator, page):
    mentor = make_mentor(organization, make_participant(organization, name="Белова Ольга Николаевна"))
    give_publication_consent(mentor.participant)
    services.add_honor_entry(mentor, text="", photo=None, acting_user=curator)
    assert "Белова" in client.get(_url("honor", organization)).content.decode()
    mentor.participant.last_name = "Сергеева"
    mentor.participant.save()
    assert "Сергеева Ольга" in client.get(_url("honor", organization)).content.decode()


def test_unpublishing_the_page_hides_it_at_once(client, organization, curator, page):
    assert client.get(_url("page", organization)).status_code == 200
    services.update_page(organization, is_published=False, intro="", acting_user=curator)
    assert client.get(_url("page", organization)).status_code == 404


@pytest.mark.parametrize("name", ["page", "honor", "cases", "news", "feed"])
def test_public_pages_take_a_bounded_number_of_queries(client, organization, page, name, constant_queries):
    meter = constant_queries()
    url = _url(name, organization)
    for size in (1, 12):
        for _ in range(size):
            mentor = make_mentor(organization)
            give_publication_consent(mentor.participant)
            make_pairing(organization, mentor, make_mentee(organization), make_mentee(organization))
            services.add_honor_entry(mentor, text="Текст", photo=None, acting_user=None)
            services.save_case(organization, title="Кейс", text="Текст", acting_user=None)
            services.save_news(organization, title="Новость", text="Текст", acting_user=None)
        meter(lambda: client.get(url))


def test_the_region_board_is_served_from_the_cache(client, organization, page, django_assert_max_num_queries):
    url = f"/p/region/{organization.municipality.region.slug}/"
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(3):  # the region, its pages' versions, the cache row
        assert client.get(url).status_code == 200


def test_the_region_board_takes_a_bounded_number_of_queries(db, client, constant_queries):
    region_org = make_organization()
    region = region_org.municipality.region
    meter = constant_queries()
    for size in (1, 6):
        for _ in range(size):
            organization = make_organization(region=region)
            make_public_page(organization)
            mentor = make_mentor(organization)
            give_publication_consent(mentor.participant)
            services.add_honor_entry(mentor, text="", photo=jpeg(), acting_user=None)
        response = meter(lambda: client.get(f"/p/region/{region.slug}/"))
    assert response.content.decode().count('class="honor-card"') == 7


def test_the_feed_is_valid_atom_with_the_news(client, organization, curator, page):
    for n in range(3):
        services.save_news(
            organization, title=f"Новость {n}", text=f"Текст <b>{n}</b> & ещё", acting_user=curator
        )
    response = client.get(_url("feed", organization))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert organization.short_name in root.findtext(f"{ATOM}title")
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Новость 2", "Новость 1", "Новость 0"]
    first = entries[0]
    assert first.findtext(f"{ATOM}id") and first.findtext(f"{ATOM}updated")
    link = first.find(f"{ATOM}link").get("href")
    assert (
        link.startswith("http://testserver/p/")
        and client.get(link.removeprefix("http://testserver")).status_code == 200
    )


def test_a_document_is_served_by_its_name_only(client, organization, curator, page):
    document = services.publish_document(
        organization,
        title="Положение",
        kind="regulation",
        filename="polozhenie.pdf",
        content=PDF,
        acting_user=curator,
    )
    response = client.get(_url("document", organization, document.pk, "polozhenie.pdf"))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "polozhenie.pdf" in response["Content-Disposition"]
    assert client.get(_url("document", organization, document.pk, "other.pdf")).status_code == 404
    other = make_organization()
    make_public_page(other)
    assert client.get(_url("document", other, document.pk, "polozhenie.pdf")).status_code == 404


def test_a_photo_of_another_organization_is_not_served_under_this_slug(client, organization, page):
    other = make_organization()
    make_public_page(other)
    mentor = make_mentor(other)
    give_publication_consent(mentor.participant)
    entry = services.add_honor_entry(mentor, text="", photo=jpeg(), acting_user=None)
    assert client.get(_url("photo", other, entry.pk)).status_code == 200
    assert client.get(_url("photo", organization, entry.pk)).status_code == 404


def test_a_logged_in_visitor_sees_the_same_page_without_their_name(client, organization, page):
    user = make_user(Role.CURATOR, organization=organization, name="Гаврилова Анна Петровна")
    client.force_login(user)
    content = client.get(_url("page", organization)).content.decode()
    assert "Гаврилова" not in content and "csrfmiddlewaretoken" not in content
