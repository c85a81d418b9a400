"""«Мои задачи»: the activities a person is responsible for, grouped by urgency, for every member."""

from datetime import date

import pytest
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.roadmaps import services
from nastavnik.roadmaps.models import Activity
from tests.builders import ALL_ROLES, make_user
from tests.roadmaps.roadmap_builders import assign, days, make_roadmap, set_deadline


def tasks_url(organization):
    return reverse("roadmaps:my_tasks", args=[organization.slug])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_member_sees_their_tasks_grouped(role, login, organization):
    user = make_user(role, organization=organization)
    make_roadmap(organization, activities=6, stages=1)
    a = {x.number: x for x in Activity.objects.all()}
    set_deadline(a["1.1"], days(-30), days(-2), "прошло")
    set_deadline(a["1.2"], date.today().replace(day=1), days(0), "этот месяц")
    set_deadline(a["1.3"], days(100), days(120), "позже")
    set_deadline(a["1.4"], None, None, "постоянно")
    services.set_status(a["1.5"], "done", acting_user=None)
    for number in ("1.1", "1.2", "1.3", "1.4", "1.5"):
        assign(a[number], user)
    response = login(user).get(tasks_url(organization))
    assert response.status_code == 200
    sections = {key: [x.number for x in items] for key, _, items in response.context["sections"]}
    assert sections == {"overdue": ["1.1"], "month": ["1.2"], "later": ["1.3", "1.4"], "done": ["1.5"]}
    page = response.content.decode()
    assert "Просрочено" in page and a["1.6"].title not in page  # 1.6 is somebody else's
    assert 'class="activity overdue"' in page


def test_nobody_else_sees_my_tasks_and_other_organizations_do_not_mix(
    login, organization, other_organization
):
    me = make_user(Role.MENTOR, organization=organization)
    make_user(Role.MENTOR, organization=other_organization)  # noqa: F841 - another school
    make_roadmap(organization, activities=1, stages=1)
    make_roadmap(other_organization, activities=1, stages=1)
    mine, theirs = (
        Activity.objects.get(organization=organization),
        Activity.objects.get(organization=other_organization),
    )
    assign(mine, me)
    theirs.title = "Чужое мероприятие"
    theirs.save()
    page = login(me).get(tasks_url(organization)).content.decode()
    assert mine.title in page and "Чужое мероприятие" not in page


def test_empty_tasks_explain_what_will_appear(login, curator, organization):
    page = login(curator).get(tasks_url(organization)).content.decode()
    assert "За вами пока нет мероприятий" in page


def test_a_mentor_marks_their_task_done_from_my_tasks(login, organization):
    mentor = make_user(Role.MENTOR, organization=organization)
    make_roadmap(organization, activities=1, stages=1)
    activity = Activity.objects.get()
    assign(activity, mentor)
    client = login(mentor)
    page = client.get(tasks_url(organization)).content.decode()
    done = reverse("roadmaps:activity_done", args=[organization.slug, activity.pk])
    assert done in page
    response = client.post(done, {"url": "https://school.example/meeting", "next": tasks_url(organization)})
    assert response["Location"] == tasks_url(organization)
    activity.refresh_from_db()
    assert activity.status == "done"


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.MENTOR])  # a mentor may update only their own tasks
def test_query_count_does_not_grow_with_tasks(role, login, organization, django_assert_max_num_queries):
    user = make_user(role, organization=organization)
    make_roadmap(
        organization, activities=5, stages=1, responsible=["Заместитель директора по УВР", "Куратор"]
    )
    services.bind_responsible(organization, "Заместитель директора по УВР", user, acting_user=None)
    client = login(user)
    with django_assert_max_num_queries(20) as few:
        assert client.get(tasks_url(organization)).status_code == 200
    make_roadmap(
        organization, activities=150, stages=5, responsible=["Заместитель директора по УВР", "Куратор"]
    )
    services.bind_responsible(organization, "Заместитель директора по УВР", user, acting_user=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(tasks_url(organization))
    assert response.status_code == 200 and response.context["total"] == 155
