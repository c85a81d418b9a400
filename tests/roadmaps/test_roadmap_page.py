"""The roadmap page: stages and activities, filters with htmx, the timeline, the empty state, queries."""

from datetime import date

import pytest
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.roadmaps import services
from nastavnik.roadmaps.models import Activity, Stage
from nastavnik.roadmaps.queries import current_academic_year, roadmap_choice
from tests.builders import make_user
from tests.roadmaps.roadmap_builders import assign, days, make_roadmap, set_deadline


def url(organization, **params):
    base = reverse("roadmaps:roadmap", args=[organization.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def shown(response) -> set[str]:
    return {a.number for _, items in response.context["grouped"] for a in items}


def test_empty_organization_offers_import_and_template(login, curator, organization):
    page = login(curator).get(url(organization)).content.decode()
    assert "У организации пока нет дорожной карты" in page
    assert "Импортировать из файла" in page and "Создать по шаблону" in page
    assert reverse("roadmaps:import", args=[organization.slug]) in page


def test_empty_state_for_staff_who_cannot_create(login, organization):
    page = (
        login(make_user(Role.WORKING_GROUP, organization=organization))
        .get(url(organization))
        .content.decode()
    )
    assert "куратор программы либо администрация" in page
    assert reverse("roadmaps:import", args=[organization.slug]) not in page


def test_stages_activities_status_deadlines_owners(login, curator, organization):
    roadmap = make_roadmap(organization, activities=3, stages=2, responsible=["Заместитель директора по УВР"])
    services.bind_responsible(organization, "Заместитель директора по УВР", curator, acting_user=None)
    page = login(curator).get(url(organization)).content.decode()
    for stage in Stage.objects.filter(roadmap=roadmap):
        assert stage.title in page
    for activity in Activity.objects.filter(roadmap=roadmap):
        assert activity.title in page
    assert "октябрь" in page and "запланировано" in page
    assert f"Заместитель директора по УВР ({curator.get_short_name()})" in page
    assert reverse("roadmaps:export", args=[organization.slug, roadmap.pk, "docx"]) in page


@pytest.fixture
def plan(organization, curator):
    """Six activities: overdue, this month, later, done, cancelled, mine-and-in-progress."""
    make_roadmap(organization, activities=6, stages=2)
    a = {x.number: x for x in Activity.objects.all()}
    set_deadline(a["1.1"], days(-40), days(-10), "прошлый месяц")
    set_deadline(a["1.2"], date.today().replace(day=1), days(0), "этот месяц")
    set_deadline(a["1.3"], days(60), days(90), "позже")
    set_deadline(a["2.1"], days(-40), days(-10), "давно")
    services.set_status(a["2.1"], "done", acting_user=None)
    services.set_status(a["2.2"], "cancelled", acting_user=None)
    set_deadline(a["2.3"], days(-5), days(20), "идёт")
    services.set_status(a["2.3"], "in_progress", acting_user=None)
    assign(a["2.3"], curator)
    return a


def test_filters(login, curator, organization, plan):
    client = login(curator)
    assert shown(client.get(url(organization))) == set(plan)
    assert shown(client.get(url(organization, overdue=1))) == {"1.1"}
    assert shown(client.get(url(organization, mine=1))) == {"2.3"}
    assert "1.2" in shown(client.get(url(organization, month=1)))
    assert "1.3" not in shown(client.get(url(organization, month=1)))
    assert shown(client.get(url(organization, status="done"))) == {"2.1"}
    stage2 = Stage.objects.get(number="2")
    assert shown(client.get(url(organization, stage=stage2.pk))) == {"2.1", "2.2", "2.3"}
    assert shown(client.get(url(organization, stage=stage2.pk, status="in_progress"))) == {"2.3"}


def test_unknown_filter_values_are_ignored(login, curator, organization, plan):
    client = login(curator)
    for params in (
        {"status": "overdue"},
        {"stage": "abc"},
        {"stage": "9" * 40},
        {"roadmap": "x"},
        {"view": "<script>"},
    ):
        response = client.get(url(organization, **params))
        assert response.status_code == 200
        assert shown(response) == set(plan)


def test_overdue_rows_stand_out(login, curator, organization, plan):
    page = login(curator).get(url(organization)).content.decode()
    assert f'id="activity-{plan["1.1"].pk}" class="activity overdue"' in page
    assert f'id="activity-{plan["1.3"].pk}" class="activity"' in page
    assert "chip-overdue" in page


def test_htmx_filter_returns_only_the_body(login, curator, organization, plan):
    response = login(curator).get(url(organization, overdue=1), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "roadmap-table" in body
    assert plan["1.1"].title in body and plan["1.3"].title not in body
    restore = login(curator).get(
        url(organization, overdue=1), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restore.content.decode()


def test_timeline_places_bars_on_months(login, curator, organization):
    roadmap = make_roadmap(organization, activities=3, stages=1)
    year = roadmap.academic_year
    a = {x.number: x for x in Activity.objects.all()}
    set_deadline(a["1.1"], date(year, 10, 1), date(year, 11, 30), "октябрь–ноябрь")
    set_deadline(a["1.2"], None, None, "постоянно")
    set_deadline(a["1.3"], date(year - 3, 3, 1), date(year - 3, 3, 31), "март давно")
    page = login(curator).get(url(organization, view="timeline")).content.decode()
    assert "timeline" in page and "сен" in page and "авг" in page
    assert "tl-bar tl-from-3 tl-to-5" in page  # October (line 3) to the end of November (line 5)
    assert "tl-bar tl-from-2 tl-to-14 tl-whole" in page
    assert "вне учебного года" in page
    assert "style=" not in page.split("<main", 1)[1]  # CSP: no inline styles


def test_several_roadmaps_can_be_chosen(login, curator, organization):
    first = make_roadmap(organization, academic_year=2024)
    second = make_roadmap(organization, academic_year=2025)
    client = login(curator)
    assert client.get(url(organization)).context["roadmap"] == second
    assert client.get(url(organization, roadmap=first.pk)).context["roadmap"] == first
    assert f'<option value="{first.pk}"' in client.get(url(organization)).content.decode()


def test_the_current_years_roadmap_is_chosen_else_the_earliest_later_one(organization):
    year = current_academic_year()
    later = make_roadmap(organization, academic_year=year + 2)
    next_year = make_roadmap(organization, academic_year=year + 1)
    assert roadmap_choice(organization) == (next_year, [later, next_year])
    older = make_roadmap(organization, academic_year=year - 1)
    this_year = make_roadmap(organization, academic_year=year)
    assert roadmap_choice(organization) == (this_year, [later, next_year, this_year, older])
    assert roadmap_choice(organization, older.pk)[0] == older
    assert roadmap_choice(organization, 10**9)[0] == this_year


def test_a_roadmap_of_another_organization_is_never_shown(login, curator, organization, other_organization):
    mine = make_roadmap(organization)
    theirs = make_roadmap(other_organization)
    response = login(curator).get(url(organization, roadmap=theirs.pk))
    assert response.context["roadmap"] == mine
    assert f'name="roadmap" value="{mine.pk}"' in response.content.decode()


def test_query_count_does_not_grow_with_activities(
    login, curator, organization, django_assert_max_num_queries
):
    make_roadmap(organization, activities=5, stages=2, responsible=["Куратор", "Директор"])
    services.bind_responsible(organization, "Куратор", curator, acting_user=None)
    client = login(curator)
    for view in ("table", "timeline"):
        with django_assert_max_num_queries(10) as few:
            assert client.get(url(organization, view=view)).status_code == 200
        Activity.objects.all().delete()
        make_roadmap(
            organization, activities=200, stages=7, responsible=["Куратор", "Директор", "Рабочая группа"]
        )
        services.bind_responsible(organization, "Куратор", curator, acting_user=None)
        roadmap_id = Activity.objects.first().roadmap_id
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url(organization, view=view, roadmap=roadmap_id))
        assert response.status_code == 200 and len(response.context["grouped"]) == 7


def test_export_downloads(login, curator, organization):
    roadmap = make_roadmap(organization)
    client = login(curator)
    docx = client.get(reverse("roadmaps:export", args=[organization.slug, roadmap.pk, "docx"]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in docx["Content-Disposition"]
    xlsx = client.get(reverse("roadmaps:export", args=[organization.slug, roadmap.pk, "xlsx"]))
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert (
        client.get(reverse("roadmaps:export", args=[organization.slug, roadmap.pk, "pdf"])).status_code == 404
    )


def test_a_wrong_import_can_be_deleted(login, curator, organization, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nastavnik.roadmaps.models import Evidence, Programme, Roadmap

    kept = make_roadmap(organization, academic_year=2024)
    wrong = make_roadmap(organization, academic_year=2025)
    evidence = services.add_evidence(
        Activity.objects.filter(roadmap=wrong).first(),
        acting_user=None,
        file=SimpleUploadedFile("a.pdf", b"%PDF"),
    )
    storage, name = evidence.file.storage, evidence.file.name
    client = login(curator)
    page = client.get(url(organization, roadmap=wrong.pk)).content.decode()
    assert reverse("roadmaps:delete", args=[organization.slug, wrong.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("roadmaps:delete", args=[organization.slug, wrong.pk]))
    assert response.status_code == 302
    assert list(Roadmap.objects.all()) == [kept]
    assert list(Programme.objects.all()) == [kept.programme]
    assert not Evidence.objects.exists() and not Activity.objects.filter(roadmap_id=wrong.pk).exists()
    assert not storage.exists(name)
    assert client.get(reverse("roadmaps:delete", args=[organization.slug, kept.pk])).status_code == 405


@pytest.mark.parametrize("role", [Role.WORKING_GROUP, Role.MENTOR, Role.MENTEE, Role.PARENT, Role.PARTNER])
def test_only_curator_and_administration_delete(role, login, organization, stranger):
    from nastavnik.roadmaps.models import Roadmap

    roadmap = make_roadmap(organization)
    for user in (make_user(role, organization=organization), stranger):
        assert (
            login(user).post(reverse("roadmaps:delete", args=[organization.slug, roadmap.pk])).status_code
            == 404
        )
    assert Roadmap.objects.exists()
