"""The English interface: pages of the dashboard, monitoring, documents, public and regions, the login page and a
questionnaire's closed link show no Russian text except the data people typed (names, titles); numbers are written
the English way (a decimal point); the messages kept as ids (indicator titles, verdicts, document kinds, labels
marked with `gettext_noop`) reach the catalogue. Documents stay Russian."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from nastavnik.accounts.models import User
from nastavnik.dashboard import indicators as dashboard_indicators
from nastavnik.documents.models import GeneratedDocument
from nastavnik.methodology.models import MentoringForm
from nastavnik.monitoring.models import Measure, MeasureValue
from nastavnik.organizations.models import Municipality, Organization, Region
from nastavnik.participants.models import MenteeProfile, Participant
from nastavnik.public import services as public_services
from nastavnik.questionnaires.services import invitations
from nastavnik.questionnaires.services.saving import ERROR_MESSAGES
from nastavnik.questionnaires.views import respondent, sending
from nastavnik.roadmaps.models import Programme, ProgrammeTarget
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
DECIMAL_COMMA = re.compile(r"\d,\d")  # «85,7 %»: a Russian number; English writes 85.7 %


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
    programme = Programme.objects.create(
        organization=organization, title="Programme", academic_year_from=YEAR - 1, academic_year_to=YEAR + 1
    )
    # 1 pupil of 300 in the age range is 0.3 %: behind a target of 70 % (a decimal number and «behind»)
    ProgrammeTarget.objects.create(
        organization=organization,
        programme=programme,
        text="70 %",
        percent=70,
        by=dt.date(YEAR + 1, 5, 31),
        indicator_code="learners_involved",
    )
    GeneratedDocument.objects.create(
        organization=organization,
        kind="rewards_order",
        academic_year=YEAR,
        status=GeneratedDocument.Status.DONE,
    )
    return organization


def test_organization_pages_in_english_have_no_russian_but_data(english, login, programme):
    client = login(make_user("curator", organization=programme))
    slug = programme.slug
    mentee = MenteeProfile.objects.get(organization=programme).participant
    document = GeneratedDocument.objects.get(organization=programme)
    pages = [
        reverse("dashboard:dashboard", args=[slug]),
        reverse("dashboard:risks", args=[slug]),
        reverse("participants:person", args=[slug, mentee.pk]),
        reverse("documents:document", args=[slug, document.pk]),
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


def test_numbers_in_english_have_a_decimal_point(english, login, programme):
    client = login(make_user("curator", organization=programme))
    for name in ("dashboard:dashboard", "dashboard:risks"):
        html = client.get(reverse(name, args=[programme.slug])).content.decode()
        assert re.search(r"0\.3\s%", html), name
        assert DECIMAL_COMMA.findall(_visible_text(html)) == [], name
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    russian = client.get(reverse("dashboard:dashboard", args=[programme.slug])).content.decode()
    assert "0,3\xa0%" in russian and "нет данных" in russian and "отстаёт" in russian


def test_document_kinds_in_english_but_the_document_stays_russian(english, login, programme):
    client = login(make_user("curator", organization=programme))
    document = GeneratedDocument.objects.get(organization=programme)
    for url in (
        reverse("documents:index", args=[programme.slug]),
        reverse("documents:document", args=[programme.slug, document.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Order on rewarding mentors" in html and "Приказ о поощрении" not in html, url
    with translation.override("en"):
        assert document.get_kind_display() == "Order on rewarding mentors"
        assert document.download_name.startswith("Приказ о поощрении наставников ")


def test_login_and_a_closed_questionnaire_link_in_english(english, db):
    assert _russian_left(english.get(reverse("accounts:login"))) == []
    failed = english.post(reverse("accounts:login"), {"username": "nobody@example.com", "password": "wrong"})
    assert _russian_left(failed) == []
    assert b"Wrong e-mail or password" in failed.content
    closed = english.get(reverse("questionnaires:respond", args=["no-such-token"]))
    assert closed.status_code == 404
    text = _visible_text(closed.content.decode())
    assert "Link not found" in text and not CYRILLIC_WORD.search(text)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This is not a photo or the file is damaged: upload a JPEG, PNG or WebP."),
        ("ru", "Это не фотография или файл повреждён: загрузите JPEG, PNG или WebP."),
    ],
)
def test_a_refused_photo_is_explained_in_the_readers_language(organization, language, message):
    mentor = make_mentor(organization)
    give_publication_consent(mentor.participant)
    with translation.override(language), pytest.raises(ValidationError) as refused:
        public_services.add_honor_entry(mentor, text="", photo=b"not a photo", acting_user=None)
    assert refused.value.messages == [message]


def test_message_ids_marked_with_gettext_noop_reach_the_catalogue():
    """`makemessages` finds the ids by the name of the call: an alias (`N_`) hides them from it."""
    ids = [
        *dashboard_indicators.STATUS_LABELS.values(),
        *invitations.BLOCKED_LABELS.values(),
        *ERROR_MESSAGES.values(),
        *(text for _status, *texts in respondent.CLOSED.values() for text in texts),
        *(message for _service, message in sending.INVITATION_CHANGES.values()),
    ]
    with translation.override("en"):
        untranslated = [message for message in ids if CYRILLIC_WORD.search(translation.gettext(message))]
    assert untranslated == []


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
