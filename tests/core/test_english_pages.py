"""The English interface: pages of monitoring, documents, public and regions show no Russian text except the
data people typed (names, titles), and the messages kept in pure modules (indicator titles, verdicts, document
kinds) reach the catalogue."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from nastavnik.accounts.models import User
from nastavnik.methodology.models import MentoringForm
from nastavnik.monitoring.models import Measure, MeasureValue
from nastavnik.organizations.models import Municipality, Organization, Region
from nastavnik.participants.models import Participant
from nastavnik.roadmaps.queries import current_academic_year
from tests.builders import (
    give_publication_consent,
    make_contingent,
    make_coordinator,
    make_feedback,
    make_generated_region,
    make_honor_entry,
    make_meeting,
    make_mentee,
    make_mentor,
    make_pairing,
    make_public_page,
    make_pupil,
    make_user,
)

pytestmark = pytest.mark.django_db
YEAR = current_academic_year()
CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]{2,}")  # one letter: initials of a name


def _visible_text(html: str) -> str:
    """Text a person reads or hears: the page's text nodes plus labels kept in attributes."""
    html = re.sub(r"(?s)<(script|style)\b[^>]*>.*?</\1>", " ", html)
    labels = re.findall(r'(?:aria-label|placeholder|title|alt)="([^"]*)"', html)
    return re.sub(r"(?s)<[^>]+>", "\n", html) + "\n" + "\n".join(labels)


def _data_words() -> set[str]:
    """Every Cyrillic word of the data the pages may show as typed (names of people, organizations, forms)."""
    texts: list[str] = []
    for org in Organization.objects.all():
        texts += [org.short_name, org.full_name]
    texts += Region.objects.values_list("name", flat=True)
    texts += Municipality.objects.values_list("name", flat=True)
    texts += MentoringForm.objects.values_list("title", flat=True)
    for model in (User, Participant):
        for row in model.objects.values_list("last_name", "first_name", "patronymic"):
            texts += row
    for title, unit in Measure.objects.values_list("title", "unit"):
        texts += [title, unit]
    return {word for text in texts for word in CYRILLIC_WORD.findall(text)}


def _russian_left(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    known = _data_words()
    return [
        line.strip()
        for line in _visible_text(response.content.decode()).splitlines()
        if any(word not in known for word in CYRILLIC_WORD.findall(line))
    ]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def programme(organization):
    """A pairing of this year with a held meeting, feedback, growth values, a published page and an honor entry."""
    mentor = make_mentor(organization)
    mentee = make_mentee(organization, make_pupil(organization, age=13))
    make_feedback(make_meeting(make_pairing(organization, mentor, mentee)), mentee.participant, comment="")
    make_contingent(organization, YEAR)
    measure = Measure.objects.get(code="average-grade", organization=None)
    MeasureValue.objects.create(
        organization=organization,
        participant=mentee.participant,
        measure=measure,
        academic_year=YEAR,
        before=3,
        after=4,
    )
    make_public_page(organization, intro="About us")
    give_publication_consent(mentor.participant)
    make_honor_entry(mentor, text="Thank you")
    return organization


def test_organization_pages_in_english_have_no_russian_but_data(english, login, programme):
    client = login(make_user("curator", organization=programme))
    slug = programme.slug
    pages = [
        reverse("dashboard:risks", args=[slug]),
        reverse("monitoring:indicators", args=[slug]),
        reverse("monitoring:targets", args=[slug]),
        reverse("monitoring:year", args=[slug, YEAR]),
        reverse("monitoring:contingent", args=[slug, YEAR]),
        reverse("monitoring:swot", args=[slug, YEAR]),
        reverse("monitoring:measures", args=[slug, YEAR]),
        reverse("documents:index", args=[slug]),
        reverse("documents:build", args=[slug, "rewards_order"]),
        reverse("public:manage", args=[slug]),
        reverse("public:manage_documents", args=[slug]),
        reverse("public:manage_honor", args=[slug]),
        reverse("public:manage_cases", args=[slug]),
        reverse("public:manage_news", args=[slug]),
        reverse("public:page", args=[slug]),
        reverse("public:honor", args=[slug]),
        reverse("public:cases", args=[slug]),
        reverse("public:news", args=[slug]),
    ]
    left = {url: _russian_left(client.get(url)) for url in pages}
    assert {url: lines for url, lines in left.items() if lines} == {}


def test_translated_titles_and_verdicts_reach_the_pages(english, login, programme):
    client = login(make_user("curator", organization=programme))
    documents = client.get(reverse("documents:index", args=[programme.slug])).content.decode()
    assert "Order on rewarding mentors" in documents and "Приказ о поощрении" not in documents
    year = client.get(reverse("monitoring:year", args=[programme.slug, YEAR])).content.decode()
    assert "too few data for a conclusion" in year and "мало данных" not in year
    indicators = client.get(reverse("monitoring:indicators", args=[programme.slug])).content.decode()
    assert "Share of teacher mentors" in indicators and "Доля педагогов" not in indicators


def test_region_pages_in_english_have_no_russian_but_data(english, login):
    region = make_generated_region(organizations=3, participants=12)
    municipality = Municipality.objects.filter(region=region).order_by("pk").first()
    organization = Organization.objects.filter(municipality=municipality).order_by("pk").first()
    client = login(make_coordinator(region))
    pages = [
        f"/region/{region.slug}/dashboard/o/{organization.slug}/",
        f"/region/{region.slug}/targets/",
        f"/p/region/{region.slug}/",
    ]
    left = {url: _russian_left(client.get(url)) for url in pages}
    assert {url: lines for url, lines in left.items() if lines} == {}
    dashboard = client.get(f"/region/{region.slug}/dashboard/").content.decode()
    assert "Active pairs and groups" in dashboard and "Действующие пары" not in dashboard
