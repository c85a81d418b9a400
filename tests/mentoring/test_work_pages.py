"""The pages of stage 6 for every role: who sees the pairing, who manages its work, who gives feedback, what of
feedback each one sees, the calendar feed — and that strangers get 404."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from icalendar import Calendar

from nastavnik.accounts.models import Role
from nastavnik.mentoring import services
from nastavnik.mentoring.models import Feedback, Meeting, Pairing, PlanTask
from tests.builders import (
    ALL_ROLES,
    add_guardian,
    link_user,
    make_matchable_mentee,
    make_matchable_mentor,
    make_user,
    minor_birth,
    teacher_form,
)

STAFF = {Role.CURATOR, Role.WORKING_GROUP, Role.DIRECTOR, Role.DEPUTY}
NOW = timezone.now()


@pytest.fixture
def pair(organization, curator):
    """A mentor and a minor mentee with accounts, the mentee's parent, a held intro with feedback."""
    mentor = make_matchable_mentor(organization, last_name="Кузнецова", first_name="Елена")
    child = make_matchable_mentee(
        organization,
        last_name="Смирнов",
        first_name="Петя",
        birth_date=minor_birth(14),
        requests=["Подготовка к ОГЭ по математике"],
    )
    users = {
        "mentor": make_user(Role.MENTOR, organization=organization),
        "mentee": make_user(Role.MENTEE, organization=organization),
        "parent": make_user(Role.PARENT, organization=organization),
        "other_mentor": make_user(Role.MENTOR, organization=organization),
    }
    link_user(mentor, users["mentor"])
    link_user(child, users["mentee"])
    add_guardian(child, users["parent"])
    pairing = services.form_pairing(organization, mentor, [child], acting_user=curator, form=teacher_form())
    intro = services.schedule_meeting(
        pairing,
        acting_user=None,
        kind="intro",
        starts_at=NOW - dt.timedelta(days=2),
        held=True,
        topic="Знакомство",
    )
    services.give_feedback(
        intro, child.participant, acting_user=None, usefulness=9, comfort=8, comment="Было интересно"
    )
    services.give_feedback(
        intro,
        mentor.participant,
        acting_user=None,
        usefulness=7,
        comfort=7,
        comment="Стесняется",
        private=True,
    )
    return {"pairing": pairing, "mentor": mentor, "child": child, "intro": intro, **users}


def _url(name, organization, *args):
    return reverse(f"mentoring:{name}", args=[organization.slug, *args])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_pairing_page_for_roles_without_a_link_to_the_pair(role, login, organization, pair):
    response = login(make_user(role, organization=organization)).get(
        _url("pairing", organization, pair["pairing"].pk)
    )
    assert response.status_code == (200 if role in STAFF else 404)


def test_stranger_and_anonymous(client, login, organization, stranger, pair):
    url = _url("pairing", organization, pair["pairing"].pk)
    assert client.get(url).status_code == 302
    assert login(stranger).get(url).status_code == 404
    assert login(pair["other_mentor"]).get(url).status_code == 404


def test_what_each_person_sees_of_feedback(login, organization, curator, pair):
    url = _url("pairing", organization, pair["pairing"].pk)
    page = login(curator).get(url).content.decode()
    assert "Было интересно" in page and "Стесняется" in page and "польза 9/10" in page

    director = make_user(Role.DIRECTOR, organization=organization)
    page = login(director).get(url).content.decode()
    assert "Было интересно" in page and "Стесняется" not in page

    page = login(pair["mentor"]).get(url).content.decode()
    assert "польза 9/10" in page and "Было интересно" in page and "Стесняется" in page  # their own comment

    page = login(pair["mentee"]).get(url).content.decode()
    assert "Было интересно" in page and "Стесняется" not in page and "польза 7/10" not in page

    page = login(pair["parent"]).get(url).content.decode()
    assert "Знакомство" in page  # the meetings
    assert "Было интересно" not in page and "польза 9/10" not in page and "Стесняется" not in page
    assert "обратная связь дана" in page


def test_mentor_schedules_holds_and_both_give_feedback(login, organization, pair):
    client = login(pair["mentor"])
    pairing = pair["pairing"]
    form_page = client.get(_url("meeting_new", organization, pairing.pk))
    assert form_page.status_code == 200
    assert 'value="trial" selected' in form_page.content.decode()  # the next kind in the methodology's order
    when = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        _url("meeting_new", organization, pairing.pk),
        {
            "kind": "trial",
            "starts_at": when,
            "duration_minutes": "40",
            "place": "каб. 5",
            "url": "",
            "topic": "Пробная",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(pairing=pairing, kind="trial")
    assert meeting.created_by == pair["mentor"]
    assert (
        client.post(_url("meeting_held", organization, meeting.pk), {"notes": "Разобрали задачи"}).status_code
        == 302
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD

    mentee = login(pair["mentee"])
    assert mentee.get(_url("feedback", organization, meeting.pk)).status_code == 200
    response = mentee.post(
        _url("feedback", organization, meeting.pk), {"usefulness": "10", "comfort": "9", "comment": ""}
    )
    assert response.status_code == 302
    again = mentee.post(_url("feedback", organization, meeting.pk), {"usefulness": "1", "comfort": "1"})
    assert again.status_code == 400 and "уже оставили" in again.content.decode()
    assert Feedback.objects.filter(meeting=meeting).count() == 1

    # A parent neither manages meetings nor gives feedback in the child's name.
    parent = login(pair["parent"])
    assert (
        parent.post(
            _url("feedback", organization, meeting.pk), {"usefulness": "5", "comfort": "5"}
        ).status_code
        == 404
    )
    assert parent.get(_url("meeting_new", organization, pairing.pk)).status_code == 404


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "nonsense", "starts_at": "2026-01-01T10:00", "duration_minutes": "45"},
        {"kind": "intro", "starts_at": "вчера", "duration_minutes": "45"},
        {"kind": "intro", "starts_at": "2026-01-01T10:00", "duration_minutes": "99999999999999999999"},
        {"kind": "intro", "starts_at": "1900-01-01T10:00", "duration_minutes": "45"},
        {
            "kind": "intro",
            "starts_at": "2026-01-01T10:00",
            "duration_minutes": "45",
            "url": "javascript:alert(1)",
        },
    ],
)
def test_bad_meeting_input_is_refused_in_russian(login, organization, pair, payload):
    response = login(pair["mentor"]).post(_url("meeting_new", organization, pair["pairing"].pk), payload)
    assert response.status_code == 400
    assert Meeting.objects.filter(pairing=pair["pairing"]).count() == 1


def test_bad_feedback_is_refused(login, organization, pair):
    meeting = services.schedule_meeting(
        pair["pairing"], acting_user=None, kind="trial", starts_at=NOW - dt.timedelta(hours=3), held=True
    )
    client = login(pair["mentee"])
    for payload in (
        {"usefulness": "11", "comfort": "5"},
        {"usefulness": "0", "comfort": "5"},
        {"usefulness": "x"},
        {},
    ):
        assert client.post(_url("feedback", organization, meeting.pk), payload).status_code == 400
    assert not Feedback.objects.filter(meeting=meeting).exists()


def test_plan_goals_tasks_and_the_word_file(login, organization, pair):
    client = login(pair["mentor"])
    pairing = pair["pairing"]
    assert client.post(_url("plan_start", organization, pairing.pk)).status_code == 302
    plan = pairing.plans.get()
    goal = plan.goals.get()
    assert goal.title == "Подготовка к ОГЭ по математике"
    assert (
        client.post(
            _url("task_add", organization, goal.pk), {"title": "Решить вариант ОГЭ", "due": "2026-12-20"}
        ).status_code
        == 302
    )
    task = goal.tasks.get()
    assert client.post(_url("task_status", organization, task.pk), {"status": "done"}).status_code == 302
    task.refresh_from_db()
    assert task.status == PlanTask.Status.DONE
    response = client.get(_url("plan_download", organization, plan.pk))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    cells = [c.text for t in Document(io.BytesIO(response.content)).tables for r in t.rows for c in r.cells]
    assert "ИНДИВИДУАЛЬНЫЙ ПЛАН РАЗВИТИЯ" in text and "Законный представитель" in text
    assert "Решить вариант ОГЭ" in cells and "20.12.2026" in cells and "выполнена" in cells
    # The mentee reads the plan but does not change it.
    mentee = login(pair["mentee"])
    assert mentee.get(_url("plan_download", organization, plan.pk)).status_code == 200
    assert mentee.post(_url("task_status", organization, task.pk), {"status": "planned"}).status_code == 404
    assert mentee.post(_url("goal_add", organization, plan.pk), {"title": "Моя цель"}).status_code == 404


def test_complete_and_end(login, organization, curator, pair):
    client = login(pair["mentor"])
    pairing = pair["pairing"]
    response = client.post(_url("complete", organization, pairing.pk), {"summary": "Готово"})
    assert response.status_code == 400 and "итоговой встречи" in response.content.decode()
    assert (
        client.get(_url("end", organization, pairing.pk)).status_code == 404
    )  # ending early is the curator's
    response = login(curator).post(_url("end", organization, pairing.pk), {"reason": "moved", "comment": ""})
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ENDED_EARLY


def test_curator_forms_a_pairing_by_hand(login, organization, curator):
    mentor = make_matchable_mentor(organization, capacity=2)
    a, b = make_matchable_mentee(organization), make_matchable_mentee(organization)
    url = reverse("mentoring:pairing_new", args=[organization.slug])
    client = login(curator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"mentor": mentor.pk, "mentees": [a.pk, b.pk], "form": teacher_form().pk})
    assert response.status_code == 302
    pairing = Pairing.objects.get(mentor=mentor)
    assert pairing.kind == Pairing.Kind.GROUP and pairing.members.count() == 2
    assert login(make_user(Role.DIRECTOR, organization=organization)).get(url).status_code == 404


def test_the_overview_for_staff_with_a_bounded_number_of_queries(
    login, organization, curator, pair, django_assert_max_num_queries
):
    client = login(curator)
    url = reverse("mentoring:pairings", args=[organization.slug])
    with django_assert_max_num_queries(18):
        response = client.get(url)
    assert response.status_code == 200
    for _ in range(6):
        mentor = make_matchable_mentor(organization)
        services.form_pairing(
            organization,
            mentor,
            [make_matchable_mentee(organization)],
            acting_user=curator,
            form=teacher_form(),
        )
    with django_assert_max_num_queries(18):
        response = client.get(url + "?attention=1&sort=mentor")
    assert response.status_code == 200


def test_calendar_feed_has_the_meetings_and_no_names(client, login, organization, pair):
    services.schedule_meeting(
        pair["pairing"], acting_user=None, kind="trial", starts_at=NOW + dt.timedelta(days=1), place="каб. 5"
    )
    page = (
        login(pair["mentee"]).get(reverse("mentoring:my_pairing", args=[organization.slug])).content.decode()
    )
    pair["mentee"].refresh_from_db()
    token = pair["mentee"].calendar_token
    assert token and token in page
    client.logout()
    response = client.get(reverse("mentoring:calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [e for e in calendar.walk("VEVENT")]
    assert {str(e["summary"]) for e in events} >= {"Наставничество: пробная рабочая встреча"}
    body = response.content.decode()
    assert "Смирнов" not in body and "Кузнецова" not in body
    # Reset: the old link dies.
    login(pair["mentee"]).post(reverse("mentoring:calendar_reset"))
    client.logout()
    assert client.get(reverse("mentoring:calendar_feed", args=[token])).status_code == 404
    assert client.get(reverse("mentoring:calendar_feed", args=["x" * 30])).status_code == 404


def test_the_list_downloads_as_excel_for_staff_only(login, organization, curator, pair):
    import io as _io

    from openpyxl import load_workbook

    url = reverse("mentoring:pairings_export", args=[organization.slug])
    response = login(curator).get(url + "?attention=0")
    assert response.status_code == 200
    sheet = load_workbook(_io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["№", "Наставник", "Наставляемые"]
    assert rows[1][1] == "Кузнецова Елена Сергеевна" and rows[1][2] == "Смирнов Петя Сергеевна"
    assert rows[1][8] == 1  # meetings held
    assert login(pair["mentor"]).get(url).status_code == 404


def test_completion_offers_the_mentee_the_final_questionnaire(login, organization, curator, pair):
    from nastavnik.questionnaires.models import Invitation
    from tests.builders import copy

    final = copy("satisfaction-mentee-final", organization)
    pairing = pair["pairing"]
    services.schedule_meeting(
        pairing, acting_user=None, kind="final", starts_at=NOW - dt.timedelta(hours=2), held=True
    )
    response = login(pair["mentor"]).post(
        _url("complete", organization, pairing.pk), {"summary": "Цели достигнуты"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(questionnaire=final)
    assert invitation.participant == pair["child"].participant
    page = login(pair["mentee"]).get(_url("pairing", organization, pairing.pk)).content.decode()
    assert "Итоговая анкета" in page and invitation.token in page
    page = login(pair["mentor"]).get(_url("pairing", organization, pairing.pk)).content.decode()
    assert invitation.token not in page  # the link is the mentee's own
