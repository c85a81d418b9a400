"""The English interface: pages of the dashboard, monitoring, documents, public and regions, the login page and a
questionnaire's closed link show no Russian text except the data people typed (names, titles); numbers are written
the English way (a decimal point); the messages kept as ids (indicator titles, verdicts, document kinds, labels
marked with `gettext_noop`) reach the catalogue. Documents stay Russian."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from nastavnik.accounts.models import User
from nastavnik.core.uploads import ArchiveError, check_archive
from nastavnik.dashboard import indicators as dashboard_indicators
from nastavnik.documents import services as document_services
from nastavnik.documents.models import BUILD_FAILED, GeneratedDocument
from nastavnik.documents.rendering import TEMPLATE_FAILED
from nastavnik.methodology.models import MentoringForm
from nastavnik.monitoring.models import Measure, MeasureValue
from nastavnik.organizations.models import Municipality, Organization, Region
from nastavnik.participants import import_jobs, tabular
from nastavnik.participants.models import MenteeProfile, Participant
from nastavnik.public import services as public_services
from nastavnik.questionnaires.services import invitations
from nastavnik.questionnaires.services.saving import ERROR_MESSAGES
from nastavnik.questionnaires.views import respondent, sending
from nastavnik.roadmaps.models import Programme, ProgrammeTarget
from nastavnik.roadmaps.queries import current_academic_year
from nastavnik.roadmaps.reader import RoadmapReadError
from nastavnik.roadmaps.services.drafts import read_draft
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
from tests.security.test_pdf_bombs import _pdf
from tests.security.test_zip_bombs import docx_bomb, lying, xlsx_bomb

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


#: The refusals of core/uploads.py with their parameters as the callers give them, in both languages.
ARCHIVE_MESSAGES = {
    "en": {
        "too_big": "The file unpacks to more than 1 MB: such a document is not processed. Save it again in Word or "
        "Excel without embedded objects, or split it into parts.",
        "damaged": "The file is damaged: parts of the archive do not match their declared sizes. Save the document "
        "again and upload it once more.",
        "pdf": "The PDF unpacks to more than 1 MB of text: such a document is not processed. Upload a Word file "
        "(DOCX) or a PDF saved from Word.",
        "entries": "The file has more than 10 embedded parts: such a document is not processed.",
    },
    "ru": {
        "too_big": "Файл распаковывается больше чем в 1 МБ: такой документ не обрабатывается. Сохраните его заново "
        "в Word или Excel без вложенных объектов или разделите на части.",
        "damaged": "Файл повреждён: части архива не совпадают с заявленными размерами. Сохраните документ заново "
        "и загрузите ещё раз.",
        "pdf": "PDF распаковывается больше чем в 1 МБ текста: такой документ не обрабатывается. Загрузите файл "
        "Word (DOCX) или PDF, сохранённый из Word.",
        "entries": "В файле больше 10 вложенных частей: такой документ не обрабатывается.",
    },
}


@pytest.fixture
def low_limits(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.UPLOAD_MAX_UNZIPPED_MB = 1
    settings.IMPORT_MAX_UNZIPPED_MB = 1
    settings.IMPORT_SYNC_MAX_BYTES = 0  # every table is read as a background job's head


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_archive_or_pdf_bomb_is_refused_in_the_readers_language(organization, low_limits, language):
    """Every caller of core/uploads.py (the bases' import, its job's head, the roadmap import, a document
    template) translates the refusal; `str()` of the error stays Russian."""
    expected = ARCHIVE_MESSAGES[language]
    with translation.override(language):
        with pytest.raises(tabular.TableError) as table:
            tabular.read_table(xlsx_bomb(), "list.xlsx")
        with pytest.raises(tabular.TableError) as head:
            import_jobs.read_table_for_page(xlsx_bomb(), "list.xlsx")
        with pytest.raises(RoadmapReadError) as roadmap:
            read_draft(docx_bomb(), "plan.docx")
        with pytest.raises(RoadmapReadError) as damaged:
            read_draft(lying(docx_bomb()), "plan.docx")
        with pytest.raises(RoadmapReadError) as pdf:
            read_draft(_pdf(b"", 5 * 1024 * 1024), "plan.pdf")
        with pytest.raises(ValidationError) as template:
            document_services.upload_template(
                organization, "regulation", filename="template.docx", content=docx_bomb(), acting_user=None
            )
        with pytest.raises(ArchiveError) as entries:
            check_archive(_zip({f"part{n}.xml": b"<x/>" for n in range(20)}), limit=1024, max_entries=10)
        assert entries.value.translated(translation.gettext) == expected["entries"]
        # the bases' import keeps the id: the page translates it (TableError.translated)
        assert table.value.translated(translation.gettext) == expected["too_big"]
        assert head.value.translated(translation.gettext) == expected["too_big"]
    assert str(table.value) == str(head.value) == ARCHIVE_MESSAGES["ru"]["too_big"]
    assert roadmap.value.message == expected["too_big"]
    assert damaged.value.message == expected["damaged"]
    assert pdf.value.message == expected["pdf"]
    assert template.value.messages == [expected["too_big"]]
    assert str(entries.value) == ARCHIVE_MESSAGES["ru"]["entries"]


def _workbook_without_sheets() -> bytes:
    """A real XLSX whose workbook lists no sheet."""
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    entries["xl/workbook.xml"] = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", entries["xl/workbook.xml"])
    return _zip(entries)


@pytest.mark.parametrize(
    ("language", "no_sheets", "not_a_workbook"),
    [
        ("en", "The workbook has no sheets.", "The file does not open as an Excel workbook (.xlsx)."),
        ("ru", "В книге нет листов.", "Файл не открывается как книга Excel (.xlsx)."),
    ],
)
def test_an_import_jobs_refusal_is_in_the_readers_language(low_limits, language, no_sheets, not_a_workbook):
    with translation.override(language):
        with pytest.raises(tabular.TableError) as empty:
            import_jobs.read_table_for_page(_workbook_without_sheets(), "list.xlsx")
        with pytest.raises(tabular.TableError) as broken:
            import_jobs.read_table_for_page(_zip({"readme.txt": b"not a workbook"}), "list.xlsx")
        assert empty.value.translated(translation.gettext) == no_sheets
        assert broken.value.translated(translation.gettext) == not_a_workbook
    assert str(empty.value) == "В книге нет листов."
    assert str(broken.value) == "Файл не открывается как книга Excel (.xlsx)."


@pytest.mark.parametrize(
    ("language", "not_built", "names"),
    [
        (
            "en",
            "The document is not built yet.",
            "This document contains participants' names and is not published.",
        ),
        ("ru", "Документ ещё не собран.", "Этот документ содержит имена участников и не публикуется."),
    ],
)
def test_a_refused_publication_is_explained_in_the_readers_language(organization, language, not_built, names):
    queued = GeneratedDocument.objects.create(
        organization=organization, kind="regulation", academic_year=YEAR
    )
    with_names = GeneratedDocument.objects.create(
        organization=organization,
        kind="rewards_order",
        academic_year=YEAR,
        status=GeneratedDocument.Status.DONE,
        file="documents/built.docx",
    )
    with translation.override(language):
        with pytest.raises(ValidationError) as first:
            document_services.publish(queued, acting_user=None)
        with pytest.raises(ValidationError) as second:
            document_services.publish(with_names, acting_user=None)
    assert first.value.messages == [not_built]
    assert second.value.messages == [names]


def test_a_failed_build_is_stored_in_russian_and_shown_in_the_readers_language(english, login, organization):
    """The worker stores the failure in Russian (no migration: old rows are the same text); the page recognizes
    the known messages and translates them, anything else is shown as stored."""
    internal = GeneratedDocument.objects.create(
        organization=organization,
        kind="regulation",
        academic_year=YEAR,
        status=GeneratedDocument.Status.FAILED,
        error="Не удалось собрать документ: внутренняя ошибка. Попробуйте ещё раз или сообщите администратору.",
    )
    assert internal.error == BUILD_FAILED
    template = GeneratedDocument.objects.create(
        organization=organization,
        kind="regulation",
        academic_year=YEAR,
        status=GeneratedDocument.Status.FAILED,
        error="Шаблон не заполняется: unexpected '}'. Исправьте шаблон или верните стандартный.",
    )
    assert template.error == TEMPLATE_FAILED % {"problem": "unexpected '}'"}
    other = GeneratedDocument.objects.create(
        organization=organization,
        kind="regulation",
        academic_year=YEAR,
        status=GeneratedDocument.Status.FAILED,
        error="Something else",
    )
    client = login(make_user("curator", organization=organization))

    def page(document: GeneratedDocument) -> str:
        response = client.get(reverse("documents:document", args=[organization.slug, document.pk]))
        assert response.status_code == 200
        return response.content.decode()

    english_internal, english_template = page(internal), page(template)
    assert (
        "The document could not be built: internal error. Try again or tell the administrator."
        in english_internal
    )
    assert "The template cannot be filled: unexpected &#x27;}&#x27;. Correct the template" in english_template
    assert (
        _russian_left(client.get(reverse("documents:document", args=[organization.slug, internal.pk]))) == []
    )
    assert "Something else" in page(other)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    assert internal.error in page(internal)
    assert (
        "Шаблон не заполняется: unexpected &#x27;}&#x27;. Исправьте шаблон или верните стандартный."
        in page(template)
    )


def test_a_build_that_fails_in_english_stores_the_russian_message(organization, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(document_services, "build_document", broken)
    document = GeneratedDocument.objects.create(
        organization=organization, kind="regulation", academic_year=YEAR
    )
    with translation.override("en"):
        document_services.run_build(document)
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.FAILED
    assert document.error.startswith("Не удалось собрать документ: внутренняя ошибка.")


def test_message_ids_marked_with_gettext_noop_reach_the_catalogue():
    """`makemessages` finds the ids by the name of the call: an alias (`N_`) hides them from it."""
    ids = [
        *dashboard_indicators.STATUS_LABELS.values(),
        *invitations.BLOCKED_LABELS.values(),
        *ERROR_MESSAGES.values(),
        *(text for _status, *texts in respondent.CLOSED.values() for text in texts),
        *(message for _service, message in sending.INVITATION_CHANGES.values()),
        BUILD_FAILED,
        TEMPLATE_FAILED,
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
