"""Sending a questionnaire to a base: bulk invitations, e-mails, links for people without e-mail."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from nastavnik.accounts.models import Role
from nastavnik.participants.models import Consent, Participant
from nastavnik.questionnaires import services
from nastavnik.questionnaires.models import Invitation
from tests.builders import copy, invite, make_participant, make_user, simple_questionnaire


def _url(name, organization, *args):
    return reverse(f"questionnaires:{name}", args=[organization.slug, *args])


def test_send_to_base_creates_invitations_and_emails_links(organization, curator, settings):
    settings.SITE_URL = "https://nastavnik.example.ru"
    questionnaire = copy("mentee", organization)
    with_email = [make_participant(organization, mentee=True) for _ in range(3)]
    without = make_participant(organization, mentee=True, email="")
    result = services.send_to_base(
        questionnaire, Participant.objects.all(), acting_user=curator, expires_in_days=10
    )
    assert len(result.created) == 4
    assert result.emails_queued == 3
    assert [i.participant for i in result.without_email] == [without]
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    invitation = Invitation.objects.get(participant__email=message.to[0])
    assert f"https://nastavnik.example.ru/q/{invitation.token}/" in message.body
    assert "Анкета наставляемого" in message.subject
    assert invitation.emailed_at is not None
    assert invitation.created_by == curator
    assert abs(invitation.expires_at - (timezone.now() + datetime.timedelta(days=10))) < datetime.timedelta(
        minutes=1
    )
    assert len({i.token for i in Invitation.objects.all()}) == 4
    assert all(len(i.token) >= 43 for i in Invitation.objects.all())
    assert {p.pk for p in with_email} <= set(Invitation.objects.values_list("participant_id", flat=True))


def test_default_expiry_is_21_days(organization, mentee):
    invitation = invite(copy("mentee", organization), mentee)
    assert abs(invitation.expires_at - timezone.now() - datetime.timedelta(days=21)) < datetime.timedelta(
        minutes=1
    )


def test_sending_again_skips_people_already_invited(organization):
    questionnaire = copy("mentee", organization)
    for _ in range(2):
        make_participant(organization, mentee=True)
    services.send_to_base(questionnaire, Participant.objects.all(), acting_user=None, send_email=False)
    newcomer = make_participant(organization, mentee=True)
    result = services.send_to_base(
        questionnaire, Participant.objects.all(), acting_user=None, send_email=False
    )
    assert [i.participant for i in result.created] == [newcomer]
    assert result.skipped_invited == 2


def test_revoked_consent_is_skipped(organization):
    questionnaire = copy("mentee", organization)
    person = make_participant(organization, mentee=True)
    Consent.objects.create(participant=person, organization=organization, revoked_at=timezone.now())
    result = services.send_to_base(
        questionnaire, Participant.objects.all(), acting_user=None, send_email=False
    )
    assert result.created == [] and result.skipped_revoked == 1


def test_people_of_another_organization_are_never_invited(organization, other_organization):
    questionnaire = copy("mentee", organization)
    make_participant(other_organization, mentee=True)
    result = services.send_to_base(
        questionnaire, Participant.objects.all(), acting_user=None, send_email=False
    )
    assert result.created == []


@pytest.mark.parametrize("days", [0, -1, 181])
def test_expiry_out_of_range_is_refused(organization, mentee, days):
    with pytest.raises(ValidationError):
        services.send_to_base(
            copy("mentee", organization), Participant.objects.all(), acting_user=None, expires_in_days=days
        )
    assert not Invitation.objects.exists()


def test_empty_questionnaire_cannot_be_sent(organization, mentee):
    with pytest.raises(ValidationError):
        services.send_to_base(simple_questionnaire(organization), Participant.objects.all(), acting_user=None)


def test_shipped_template_cannot_be_sent(organization, mentee):
    from tests.builders import template

    with pytest.raises(ValidationError):
        services.send_to_base(template("mentee"), Participant.objects.all(), acting_user=None)


@pytest.mark.parametrize(
    "role", [Role.MENTOR, Role.MENTEE, Role.DIRECTOR, Role.DEPUTY, Role.PARENT, Role.PARTNER]
)
def test_only_curation_sends(login, organization, mentee, role):
    """The send page checks the permission (the service trusts its caller): a posted form of any other
    role is refused with 404 and invites nobody."""
    questionnaire = copy("mentee", organization)
    response = login(make_user(role, organization=organization)).post(
        _url("send", organization, questionnaire.pk),
        {"base": "mentees", "participant": [mentee.pk], "expires_in_days": 21},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_who_may_be_invited(organization, curator):
    """The rules live in the service: a live invitation or a revoked consent blocks a person; whoever
    revoked their consent is listed only for the curator (with_revoked), a revoked link no longer blocks."""
    questionnaire = copy("mentee", organization)
    free, invited, relinked, revoked = (make_participant(organization, mentee=True) for _ in range(4))
    invite(questionnaire, invited)
    invite(questionnaire, relinked, revoked_at=timezone.now())
    Consent.objects.create(participant=revoked, organization=organization, revoked_at=timezone.now())
    people = services.people_of_base(organization, "mentees")
    rows = {row.person: row for row in services.invitees(questionnaire, people, with_revoked=True)}
    assert {p: row.blocked for p, row in rows.items()} == {
        free: "",
        invited: "invited",
        relinked: "",
        revoked: "revoked",
    }
    assert rows[invited].blocked_label == "уже приглашён"
    hidden = services.invitees(questionnaire, people, with_revoked=False)
    assert [row.person for row in hidden] == [p for p in people if p != revoked]
    result = services.send_to_base(questionnaire, people, acting_user=curator, send_email=False)
    assert [i.participant for i in result.created] == [free, relinked]
    assert (result.skipped_invited, result.skipped_revoked) == (1, 1)
    assert {i.created_by for i in result.created} == {curator}
    assert {i.history.get().history_user for i in result.created} == {curator}


def test_send_to_base_is_bulk(organization, django_assert_max_num_queries):
    """The number of queries does not depend on the number of people (SQLite splits a bulk insert into
    batches of 999 parameters, about 60 history rows, hence the small allowance)."""
    questionnaire = copy("mentee", organization)
    for _ in range(5):
        make_participant(organization, mentee=True)
    with django_assert_max_num_queries(12) as small:
        services.send_to_base(questionnaire, Participant.objects.all(), acting_user=None)
    Invitation.objects.all().delete()
    for _ in range(60):
        make_participant(organization, mentee=True)
    with django_assert_max_num_queries(len(small.captured_queries) + 2):
        result = services.send_to_base(questionnaire, Participant.objects.all(), acting_user=None)
    assert len(result.created) == 65


def test_send_page_chooses_a_base_and_sends(login, curator, organization):
    questionnaire = copy("mentor-candidate", organization)
    mentors = [make_participant(organization, mentor=True) for _ in range(2)]
    make_participant(organization, mentee=True, last_name="Наставляемый")
    client = login(curator)
    page = client.get(_url("send", organization, questionnaire.pk), {"base": "mentors"}).content.decode()
    assert mentors[0].full_name in page
    assert "Наставляемый" not in page
    response = client.post(
        _url("send", organization, questionnaire.pk),
        {"base": "mentors", "participant": [mentors[0].pk], "expires_in_days": "14", "send_email": "on"},
    )
    assert response["Location"] == _url("invitations", organization, questionnaire.pk)
    assert list(Invitation.objects.values_list("participant", flat=True)) == [mentors[0].pk]
    assert len(mail.outbox) == 1
    followed = client.get(_url("invitations", organization, questionnaire.pk))
    assert mentors[0].full_name in followed.content.decode()


def test_send_page_filters_by_category_and_class(login, curator, organization):
    questionnaire = copy("mentee", organization)
    seventh = make_participant(
        organization, mentee=True, category="pupil", group="7Б", last_name="Семиклассник"
    )
    make_participant(organization, mentee=True, category="pupil", group="9А", last_name="Девятиклассник")
    make_participant(organization, mentee=True, category="teacher", last_name="Учитель")
    page = (
        login(curator)
        .get(
            _url("send", organization, questionnaire.pk),
            {"base": "mentees", "category": "pupil", "group": "7б"},
        )
        .content.decode()
    )
    assert seventh.full_name in page
    assert "Девятиклассник" not in page and "Учитель" not in page


@pytest.mark.parametrize(
    "data",
    [
        {"participant": ["999999"], "expires_in_days": "21"},
        {"participant": ["abc"], "expires_in_days": "21"},
        {"participant": [], "expires_in_days": "21"},
        {"expires_in_days": "много"},
        {"participant": ["PID"], "expires_in_days": "100000"},
        {"participant": ["PID"], "expires_in_days": "21", "base": "все-все"},
    ],
)
def test_send_page_bad_input_never_500(login, curator, organization, other_organization, data):
    questionnaire = copy("mentee", organization)
    mine = make_participant(organization, mentee=True)
    data = {
        k: ([str(mine.pk) if v == "PID" else v for v in vs] if isinstance(vs, list) else vs)
        for k, vs in data.items()
    }
    response = login(curator).post(_url("send", organization, questionnaire.pk), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert not Invitation.objects.exists()


def test_foreign_participant_id_cannot_be_invited(login, curator, organization, other_organization):
    questionnaire = copy("mentee", organization)
    foreign = make_participant(other_organization, mentee=True)
    response = login(curator).post(
        _url("send", organization, questionnaire.pk), {"participant": [foreign.pk], "expires_in_days": "21"}
    )
    assert response.status_code == 200
    assert "нельзя пригласить" in response.content.decode()
    assert not Invitation.objects.exists()


def test_send_page_query_count(login, curator, organization, constant_queries):
    questionnaire = copy("mentee", organization)
    client = login(curator)
    meter = constant_queries()
    for count in (2, 40):
        while Participant.objects.count() < count:
            make_participant(organization, mentee=True)
        meter(lambda: client.get(_url("send", organization, questionnaire.pk)))


# --- invitations page ---------------------------------------------------------------------------------------
def test_statuses_revoke_and_resend(login, curator, organization):
    questionnaire = copy("mentee", organization)
    people = [make_participant(organization, mentee=True) for _ in range(4)]
    result = services.send_to_base(
        questionnaire, Participant.objects.all(), acting_user=None, send_email=False
    )
    opened, submitted, expired, fresh = sorted(result.created, key=lambda i: i.participant.pk)
    Invitation.objects.filter(pk=opened.pk).update(opened_at=timezone.now())
    Invitation.objects.filter(pk=submitted.pk).update(submitted_at=timezone.now())
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    statuses = {i.participant_id: i.status for i in Invitation.objects.all()}
    assert statuses == {
        people[0].pk: "in_progress",
        people[1].pk: "submitted",
        people[2].pk: "expired",
        people[3].pk: "not_opened",
    }
    client = login(curator)
    page = client.get(_url("invitations", organization, questionnaire.pk)).content.decode()
    for label in ("заполняется", "отправлена", "срок истёк", "не открыта"):
        assert label in page
    assert fresh.token in page
    # Resend extends an expired link and e-mails it.
    client.post(_url("invitation_resend", organization, expired.pk))
    expired.refresh_from_db()
    assert expired.expires_at > timezone.now() + datetime.timedelta(days=20)
    assert len(mail.outbox) == 1 and expired.token in mail.outbox[0].body
    # Revoke.
    client.post(_url("invitation_revoke", organization, fresh.pk))
    fresh.refresh_from_db()
    assert fresh.status == "revoked"
    # A submitted one can be neither revoked nor resent.
    response = client.post(_url("invitation_revoke", organization, submitted.pk), follow=True)
    assert "отозвать нельзя" in response.content.decode()
    client.post(_url("invitation_resend", organization, submitted.pk))
    assert len(mail.outbox) == 1
    # After revoking, the person can be invited again.
    again = services.send_to_base(
        questionnaire, Participant.objects.filter(pk=fresh.participant_id), acting_user=None, send_email=False
    )
    assert len(again.created) == 1


def test_resend_without_email_explains(login, curator, organization):
    questionnaire = copy("mentee", organization)
    invitation = invite(questionnaire, make_participant(organization, mentee=True, email=""))
    response = login(curator).post(_url("invitation_resend", organization, invitation.pk), follow=True)
    assert "нет e-mail" in response.content.decode()


def test_broken_mail_server_keeps_the_invitations(organization, mentee, settings):
    settings.EMAIL_BACKEND = "tests.questionnaires.test_sending.BrokenBackend"
    result = services.send_to_base(copy("mentee", organization), Participant.objects.all(), acting_user=None)
    assert len(result.created) == 1 and result.emails_queued == 1
    assert Invitation.objects.get().emailed_at is None
    assert services.email_invitations(result.created) == (0, 1)


def test_emails_go_out_from_the_worker(organization, mentee, settings):
    """With the database task backend the request only enqueues; the worker sends, once."""
    from django_tasks_db.models import DBTaskResult

    from nastavnik.questionnaires.tasks import email_invitation_links

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = services.send_to_base(copy("mentee", organization), Participant.objects.all(), acting_user=None)
    assert result.emails_queued == 1 and mail.outbox == []
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [[result.created[0].pk]]
    assert email_invitation_links.call([result.created[0].pk]) == 1
    assert email_invitation_links.call([result.created[0].pk]) == 0  # a retry sends nothing twice
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        raise OSError("SMTP is down")

    def __exit__(self, *args):
        return False


def test_links_xlsx(login, curator, organization, settings):
    settings.SITE_URL = "https://nastavnik.example.ru"
    questionnaire = copy("mentee", organization)
    person = make_participant(organization, mentee=True, email="", last_name="=Формула", group="7Б")
    invitation = invite(questionnaire, person)
    response = login(curator).get(_url("invitations_xlsx", organization, questionnaire.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("ФИО", "Категория", "Класс или группа", "E-mail", "Ссылка")
    assert rows[1][0] == person.full_name  # written as text, not a formula
    assert rows[1][4] == f"https://nastavnik.example.ru/q/{invitation.token}/"
    assert rows[1][6] == "не открыта"


def test_invitations_page_query_count(login, curator, organization, constant_queries):
    questionnaire = copy("mentee", organization)
    client = login(curator)
    meter = constant_queries()
    for count in (2, 40):
        while Invitation.objects.count() < count:
            invite(questionnaire, make_participant(organization, mentee=True))
        meter(lambda: client.get(_url("invitations", organization, questionnaire.pk)))


def test_invitations_filter_by_status_and_pages(login, curator, organization, monkeypatch):
    from nastavnik.questionnaires.views import sending

    monkeypatch.setattr(sending, "PER_PAGE", 3)
    questionnaire = copy("mentee", organization)
    for n in range(7):
        invite(questionnaire, make_participant(organization, mentee=True, last_name=f"Человек{n}"))
    Invitation.objects.filter(participant__last_name="Человек6").update(submitted_at=timezone.now())
    client = login(curator)
    url = _url("invitations", organization, questionnaire.pk)
    submitted = client.get(url, {"status": "submitted"}).content.decode()
    assert "Человек6" in submitted and "Человек0" not in submitted
    first = client.get(url).content.decode()
    assert "Человек0" in first and "Человек3" not in first and "Дальше" in first
    third = client.get(url, {"page": "3"}).content.decode()
    assert "Человек6" in third and "Человек0" not in third
    for bad in ("abc", "-1", "999999999999999999999", "0"):
        assert client.get(url, {"page": bad, "status": "<b>"}).status_code == 200
