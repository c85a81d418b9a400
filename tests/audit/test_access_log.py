"""Defect 8: every read of personal data leaves one row in the access log, which the director and the
curator of the organization (and nobody else) can page through and filter; old rows are purged."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.audit.models import AccessKind, AccessRecord
from nastavnik.audit.services import purge_expired
from nastavnik.mentoring.models import Order
from tests.builders import give_consent, make_mentee, make_pupil, make_user, simple_questionnaire


@pytest.fixture
def child(organization):
    pupil = make_pupil(organization, last_name="Смирнов", first_name="Артём", patronymic="Дмитриевич")
    make_mentee(organization, participant=pupil)
    return pupil


def _inserts(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]


def test_opening_a_card_records_one_insert_and_who_read_whom(login, curator, organization, child):
    client = login(curator)
    url = reverse("participants:person", args=[organization.slug, child.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 200
    inserts = _inserts(queries.captured_queries)
    assert len(inserts) == 1 and "audit_accessrecord" in inserts[0]
    record = AccessRecord.objects.get()
    assert (record.organization, record.user, record.user_email, record.kind) == (
        organization,
        curator,
        curator.email,
        AccessKind.PERSON,
    )
    assert (record.subject_type, record.subject_id, record.ip_address) == (
        "participant",
        child.pk,
        "10.9.8.7",
    )
    assert timezone.now() - record.at < dt.timedelta(minutes=1)


def test_a_refused_card_records_nothing(login, stranger, organization, child):
    response = login(stranger).get(reverse("participants:person", args=[organization.slug, child.pk]))
    assert response.status_code == 404
    assert not AccessRecord.objects.exists()


@pytest.mark.parametrize(
    ("url_name", "kind"),
    [
        ("participants:mentees_export", AccessKind.MENTEES_EXPORT),
        ("participants:mentors_export", AccessKind.MENTORS_EXPORT),
        ("participants:register_export", AccessKind.REGISTER_EXPORT),
    ],
)
def test_exports_record_their_kind_and_filters(url_name, kind, login, curator, organization, child):
    response = login(curator).get(reverse(url_name, args=[organization.slug]), {"q": "Смирнов"})
    assert response.status_code == 200
    record = AccessRecord.objects.get()
    assert (record.kind, record.subject_id, record.detail) == (
        kind,
        None,
        "q=%D0%A1%D0%BC%D0%B8%D1%80%D0%BD%D0%BE%D0%B2",
    )


def test_consent_scan_order_and_questionnaire_exports_are_recorded(login, curator, organization, child):
    client = login(curator)
    consent = give_consent(child, given_by="parent")
    scan = client.get(reverse("participants:consent_scan", args=[organization.slug, child.pk, consent.pk]))
    assert scan.status_code == 200
    order = Order(organization=organization, number="12-о", date=dt.date(2026, 9, 1), title="Приказ")
    order.file.save("order.docx", ContentFile(b"PK"), save=True)
    assert (
        client.get(reverse("mentoring:order_download", args=[organization.slug, order.pk])).status_code == 200
    )
    questionnaire = simple_questionnaire(organization, ("scale", {}))
    for name in ("results_xlsx", "invitations_xlsx"):
        url = reverse(f"questionnaires:{name}", args=[organization.slug, questionnaire.pk])
        assert client.get(url).status_code == 200
    got = list(AccessRecord.objects.order_by("pk").values_list("kind", "subject_type", "subject_id"))
    assert got == [
        (AccessKind.CONSENT_SCAN, "participant", child.pk),
        (AccessKind.ORDER, "order", order.pk),
        (AccessKind.QUESTIONNAIRE_RESULTS, "questionnaire", questionnaire.pk),
        (AccessKind.QUESTIONNAIRE_LINKS, "questionnaire", questionnaire.pk),
    ]


# --- the log page ------------------------------------------------------------------------------------------
def _log_url(organization) -> str:
    return reverse("audit:access_log", args=[organization.slug])


def _record(organization, user, kind=AccessKind.PERSON, subject=None, at=None) -> AccessRecord:
    return AccessRecord.objects.create(
        organization=organization,
        user=user,
        user_email=user.email,
        kind=kind,
        subject_type="participant" if subject else "",
        subject_id=subject.pk if subject else None,
        at=at or timezone.now(),
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.DIRECTOR, 200),
        (Role.DEPUTY, 200),
        (Role.CURATOR, 200),
        (Role.WORKING_GROUP, 404),
        (Role.MENTOR, 404),
        (Role.MENTEE, 404),
        (Role.PARENT, 404),
        (Role.PARTNER, 404),
    ],
)
def test_only_administration_and_the_curator_see_the_log(role, status, login, organization):
    assert login(make_user(role, organization=organization)).get(_log_url(organization)).status_code == status


def test_a_stranger_and_the_anonymous_do_not_see_the_log(client, login, stranger, organization):
    assert client.get(_log_url(organization)).status_code == 302
    assert login(stranger).get(_log_url(organization)).status_code == 404


def test_the_log_shows_names_only_of_this_organization(
    login, curator, stranger, organization, other_organization, child
):
    director = make_user(Role.DIRECTOR, organization=organization)
    _record(organization, curator, subject=child)
    _record(other_organization, stranger, kind=AccessKind.MENTEES_EXPORT)
    page = login(director).get(_log_url(organization)).content.decode()
    assert "Смирнов А.Д." in page and curator.email in page
    assert stranger.email not in page


def test_a_revoked_person_is_named_to_the_curator_only(login, curator, organization, child):
    give_consent(child, given_by="parent", revoked=True)
    _record(organization, curator, subject=child)
    director = make_user(Role.DIRECTOR, organization=organization)
    assert "Смирнов А.Д." in login(curator).get(_log_url(organization)).content.decode()
    page = login(director).get(_log_url(organization)).content.decode()
    assert "Смирнов А.Д." not in page and "скрыт (согласие отозвано)" in page


def test_filters_by_user_kind_and_dates(login, curator, organization, child):
    reader = make_user(Role.WORKING_GROUP, organization=organization, email="reader@school.ru")
    _record(organization, reader, subject=child, at=timezone.now() - dt.timedelta(days=10))
    _record(organization, reader, kind=AccessKind.MENTEES_EXPORT)
    _record(organization, curator, kind=AccessKind.MENTEES_EXPORT)
    client = login(curator)

    def rows(**params) -> int:
        response = client.get(_log_url(organization), params)
        assert response.status_code == 200
        return len(response.context["rows"])

    assert rows() == 3
    assert rows(user="reader@") == 2
    assert rows(kind=AccessKind.MENTEES_EXPORT) == 2
    assert rows(user="reader", kind=AccessKind.PERSON) == 1
    today = timezone.localdate().isoformat()
    assert rows(date_from=today) == 2
    assert rows(date_to=(timezone.localdate() - dt.timedelta(days=5)).isoformat()) == 1
    # Nonsense filters are refused in Russian and filter nothing, never a 500.
    response = client.get(
        _log_url(organization), {"date_from": "2026-13-45", "kind": "nope", "page": "x" * 50}
    )
    assert response.status_code == 200 and len(response.context["rows"]) == 3
    assert "Введите правильную дату" in response.content.decode()


def test_pagination_and_a_bounded_number_of_queries(
    login, curator, organization, child, django_assert_max_num_queries
):
    people = [child] + [make_pupil(organization) for _ in range(4)]
    AccessRecord.objects.bulk_create(
        AccessRecord(
            organization=organization,
            user=curator,
            user_email=curator.email,
            kind=AccessKind.PERSON,
            subject_type="participant",
            subject_id=people[i % len(people)].pk,
            at=timezone.now() - dt.timedelta(minutes=i),
        )
        for i in range(120)
    )
    client = login(curator)
    with django_assert_max_num_queries(16):
        first = client.get(_log_url(organization))
    assert first.status_code == 200
    assert len(first.context["rows"]) == 50 and first.context["page"].paginator.num_pages == 3
    with django_assert_max_num_queries(16):
        last = client.get(_log_url(organization), {"page": 3})
    assert last.status_code == 200 and len(last.context["rows"]) == 20


def test_the_log_is_in_the_menu_of_the_director_only_among_programme_staff(login, organization):
    director = make_user(Role.DIRECTOR, organization=organization)
    working_group = make_user(Role.WORKING_GROUP, organization=organization)
    home = reverse("organizations:detail", args=[organization.slug])
    assert _log_url(organization) in login(director).get(home).content.decode()
    assert _log_url(organization) not in login(working_group).get(home).content.decode()


# --- retention ------------------------------------------------------------------------------------------------
def test_purge_deletes_only_records_older_than_the_retention(curator, organization, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    now = timezone.now()
    old = _record(organization, curator, at=now - dt.timedelta(days=31))
    kept = _record(organization, curator, at=now - dt.timedelta(days=29))
    assert purge_expired(now) == 1
    assert list(AccessRecord.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AccessRecord.objects.filter(pk=old.pk).exists()


def test_purge_command(curator, organization, settings, capsys):
    settings.ACCESS_LOG_RETENTION_DAYS = 1
    _record(organization, curator, at=timezone.now() - dt.timedelta(days=2))
    call_command("purge_access_log")
    assert "Удалено записей журнала доступа: 1" in capsys.readouterr().out
    assert not AccessRecord.objects.exists()


def test_the_development_plan_download_is_recorded(login, curator, organization):
    from nastavnik.mentoring import services as mentoring_services
    from tests.builders import make_matchable_mentee as make_pair_mentee
    from tests.builders import make_matchable_mentor as make_pair_mentor
    from tests.builders import minor_birth, teacher_form

    mentor = make_pair_mentor(organization, last_name="Кузнецова", first_name="Елена")
    child = make_pair_mentee(organization, last_name="Смирнов", first_name="Петя", birth_date=minor_birth(14))
    pairing = mentoring_services.form_pairing(
        organization, mentor, [child], acting_user=curator, form=teacher_form()
    )
    client = login(curator)
    assert (
        client.post(reverse("mentoring:plan_start", args=[organization.slug, pairing.pk])).status_code == 302
    )
    plan = pairing.plans.get()
    response = client.get(reverse("mentoring:plan_download", args=[organization.slug, plan.pk]))
    assert response.status_code == 200
    record = AccessRecord.objects.get()
    assert (record.kind, record.subject_type, record.subject_id) == (
        AccessKind.DEVELOPMENT_PLAN,
        "pairing",
        pairing.pk,
    )
    assert f"пара № {pairing.pk}" in client.get(_log_url(organization)).content.decode()
