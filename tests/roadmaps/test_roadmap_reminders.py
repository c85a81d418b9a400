"""Deadline reminders: a week and a day before, and once overdue; never twice; in-app and by e-mail."""

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.core.models import Notification
from nastavnik.roadmaps import services
from nastavnik.roadmaps.models import Activity, ReminderLog
from nastavnik.roadmaps.reminders import reminder_kind, run_reminders
from nastavnik.roadmaps.tasks import send_deadline_reminders
from tests.builders import make_user
from tests.roadmaps.roadmap_builders import assign, make_roadmap, set_deadline

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.parametrize(
    ("days_left", "kind"),
    [
        (30, None),
        (8, None),
        (7, "week"),
        (2, "week"),
        (1, "day"),
        (0, "day"),
        (-1, "overdue"),
        (-14, "overdue"),
        (-15, None),
    ],
)
def test_which_reminder_is_due(days_left, kind):
    assert reminder_kind(TODAY + timedelta(days=days_left), TODAY) == kind


@pytest.fixture
def setup(organization):
    make_roadmap(organization, activities=4, stages=1)
    deputy = make_user(Role.DEPUTY, organization=organization, email="deputy@school.example")
    mentor = make_user(Role.MENTOR, organization=organization, email="mentor@school.example")
    curator = make_user(Role.CURATOR, organization=organization, email="curator@school.example")
    a = {x.number: x for x in Activity.objects.all()}
    set_deadline(a["1.1"], None, TODAY + timedelta(days=7), "до 6 декабря")
    assign(a["1.1"], deputy)
    assign(a["1.1"], mentor, "Наставники")
    set_deadline(a["1.2"], None, TODAY + timedelta(days=1), "до 30 ноября")
    assign(a["1.2"], deputy)
    set_deadline(a["1.3"], TODAY - timedelta(days=30), TODAY - timedelta(days=2), "октябрь–ноябрь")
    # 1.3 has nobody bound: its reminder goes to the curator
    set_deadline(a["1.4"], None, TODAY + timedelta(days=40), "январь")
    assign(a["1.4"], deputy)
    return {"a": a, "deputy": deputy, "mentor": mentor, "curator": curator}


def test_reminders_go_to_the_responsible_people_and_the_curator(setup):
    assert run_reminders(TODAY) == 4
    got = {(n.user.email, n.text.split("«")[0].strip()) for n in Notification.objects.select_related("user")}
    assert got == {
        ("deputy@school.example", "До окончания срока мероприятия"),
        ("mentor@school.example", "До окончания срока мероприятия"),
        ("deputy@school.example", "Завтра истекает срок мероприятия"),
        ("curator@school.example", "Просрочено мероприятие"),
    }
    assert {m.to[0] for m in mail.outbox} == {
        "deputy@school.example",
        "mentor@school.example",
        "curator@school.example",
    }
    deputy_mail = next(m for m in mail.outbox if m.to == ["deputy@school.example"])
    assert deputy_mail.body.count("— ") >= 2  # one letter with both reminders
    assert (
        reverse("roadmaps:activity", args=[setup["a"]["1.2"].organization.slug, setup["a"]["1.2"].pk])
        in deputy_mail.body
    )
    assert set(ReminderLog.objects.values_list("kind", flat=True)) == {"week", "day", "overdue"}


def test_reminders_are_never_sent_twice(setup):
    run_reminders(TODAY)
    notifications, letters = Notification.objects.count(), len(mail.outbox)
    assert run_reminders(TODAY) == 0
    assert run_reminders(TODAY + timedelta(days=1)) == 0  # nothing new is due the next day
    # Six days on: 1.1 is a day away (deputy and mentor), 1.2 has passed (deputy).
    assert run_reminders(TODAY + timedelta(days=6)) == 3
    assert Notification.objects.count() == notifications + 3
    assert len(mail.outbox) == letters + 2


def test_done_activities_get_no_reminders(setup):
    for activity in setup["a"].values():
        services.set_status(activity, "done", acting_user=None)
    assert run_reminders(TODAY) == 0 and not mail.outbox


def test_moving_a_deadline_makes_its_reminder_due_again(setup):
    run_reminders(TODAY)
    activity = setup["a"]["1.2"]
    set_deadline(activity, None, TODAY + timedelta(days=1, weeks=1), "до 7 декабря")
    set_deadline(activity, None, TODAY + timedelta(days=1), "снова завтра")  # same date: already reminded
    assert run_reminders(TODAY) == 0
    set_deadline(activity, None, TODAY + timedelta(days=0), "сегодня")
    assert run_reminders(TODAY) == 1


def test_inactive_users_get_nothing(setup):
    setup["deputy"].is_active = False
    setup["deputy"].save()
    run_reminders(TODAY)
    assert not Notification.objects.filter(user=setup["deputy"]).exists()


def test_a_failing_mail_server_does_not_lose_notifications(setup, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("nastavnik.roadmaps.reminders.send_mail", broken)
    assert run_reminders(TODAY) == 4
    assert Notification.objects.count() == 4


def test_the_task_runs_on_the_immediate_backend(setup):
    result = send_deadline_reminders.enqueue(TODAY.isoformat())
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 4
    assert send_deadline_reminders.call(TODAY.isoformat()) == 0  # a direct call, idempotent too


def test_the_command_enqueues_or_runs_now(setup):
    out = io.StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert "поставлена в очередь" in out.getvalue()
    assert Notification.objects.count() == 4  # the immediate backend ran it
    out = io.StringIO()
    call_command("send_reminders", "--now", "--date", TODAY.isoformat(), stdout=out)
    assert "Отправлено напоминаний: 0" in out.getvalue()
    with pytest.raises(CommandError) as error:
        call_command("send_reminders", "--date", "29.11.2026")
    assert error.value.returncode == 2


def test_notifications_page_count_and_reading(setup, login):
    run_reminders(TODAY)
    deputy = setup["deputy"]
    client = login(deputy)
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("core:notifications") in home
    assert 'title="Непрочитанные">2<' in home
    page = client.get(reverse("core:notifications"))
    assert len(page.context["items"]) == 2
    first = page.context["items"][0]
    response = client.get(reverse("core:notification_open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == first.url
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("core:notifications_read_all"))
    assert not Notification.objects.filter(user=deputy, read_at__isnull=True).exists()
    assert "Непрочитанные" not in client.get(reverse("core:home")).content.decode()


def test_nobody_opens_another_persons_notification(setup, login):
    run_reminders(TODAY)
    theirs = Notification.objects.filter(user=setup["deputy"]).first()
    assert login(setup["mentor"]).get(reverse("core:notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notification_never_redirects_off_site(setup, login):
    note = Notification.objects.create(
        user=setup["deputy"],
        organization=setup["deputy"].memberships.get().organization,
        text="x",
        url="https://evil.example/",
    )
    response = login(setup["deputy"]).get(reverse("core:notification_open", args=[note.pk]))
    assert response["Location"] == reverse("core:notifications")


def test_empty_notifications_page(login, curator):
    assert "Уведомлений пока нет" in login(curator).get(reverse("core:notifications")).content.decode()


def test_anonymous_notifications_go_to_login(client, db):
    response = client.get(reverse("core:notifications"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
