"""Services of the roadmaps app: import into the database, templates, binding people, status and proof."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.organizations.models import Organization
from nastavnik.roadmaps import services
from nastavnik.roadmaps.models import (
    Activity,
    ActivityResponsible,
    DraftImport,
    Evidence,
    Programme,
    ProgrammeTarget,
    Risk,
    Roadmap,
    Stage,
)
from nastavnik.roadmaps.reader import read_roadmap
from nastavnik.roadmaps.roadmap_templates import build_template, load_templates, template_kinds
from tests.builders import make_user
from tests.roadmaps.roadmap_builders import SCHOOL_5, draft_dict, make_roadmap


def _counts():
    return [m.objects.count() for m in (Programme, Roadmap, Stage, Activity, ActivityResponsible, Risk)]


# --------------------------------------------------------------------------- import


def test_import_creates_programme_roadmap_stages_activities_people_risks(organization):
    draft = draft_dict(activities=5, stages=2, academic_year=2026, responsible=["Куратор", "Директор"])
    draft["targets"] = [{"text": "не менее 70% обучающихся", "percent": 70, "by": "2027-05-31"}]
    draft["approval"] = {"order_number": "232", "order_date": "2026-09-01", "approved_by": "Директор"}
    roadmap = services.import_roadmap(organization, draft, acting_user=None, filename="карта.docx")
    programme = roadmap.programme
    assert (programme.academic_year_from, programme.academic_year_to) == (2026, 2026)
    assert programme.period_start == date(2026, 9, 1)
    assert (roadmap.order_number, roadmap.order_date, roadmap.source_filename) == (
        "232",
        date(2026, 9, 1),
        "карта.docx",
    )
    assert [s.number for s in roadmap.stages.order_by("position")] == ["1", "2"]
    activities = list(roadmap.activities.order_by("position"))
    assert [a.number for a in activities] == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    assert activities[0].deadline_text == "октябрь" and activities[0].deadline_end == date(2026, 10, 31)
    assert activities[0].expected_result == "Приказ"
    assert [r.label for r in activities[0].responsible.all()] == ["Куратор", "Директор"]
    assert roadmap.risks.get().mitigation == "Поощрение"
    target = ProgrammeTarget.objects.get()
    assert (target.percent, target.by) == (Decimal("70"), date(2027, 5, 31))
    assert all(a.organization_id == organization.pk for a in activities)
    assert activities[0].history.count() == 1  # bulk import still keeps the audit trail


def test_a_second_roadmap_of_the_same_year_joins_the_programme(organization):
    first = make_roadmap(organization, academic_year=2026)
    second = make_roadmap(organization, academic_year=2026)
    other_year = make_roadmap(organization, academic_year=2027)
    assert first.programme_id == second.programme_id != other_year.programme_id


def test_a_multi_year_programme_covers_the_year(organization):
    programme = Programme.objects.create(
        organization=organization, title="Программа 2025–2028", academic_year_from=2025, academic_year_to=2027
    )
    assert make_roadmap(organization, academic_year=2026).programme == programme


def test_labels_naming_one_member_are_bound(organization):
    director = make_user(Role.DIRECTOR, organization=organization, name="Мурадханова Тамара Николаевна")
    deputy = make_user(Role.DEPUTY, organization=organization, name="Миранова Галина Сергеевна")
    labels = [
        "Директор МКОУ «СОШ №5» Мурадханова Т.Н.",
        "Заместитель директора по УВР Миранова Г.С.",
        "руководители МО",
    ]
    roadmap = services.import_roadmap(organization, draft_dict(responsible=labels), acting_user=None)
    bound = {r.label: r.user for r in ActivityResponsible.objects.filter(activity__roadmap=roadmap)}
    assert bound == {labels[0]: director, labels[1]: deputy, labels[2]: None}


def test_a_stranger_with_the_same_name_is_not_bound(organization, other_organization):
    make_user(Role.DIRECTOR, organization=other_organization, name="Мурадханова Тамара Николаевна")
    services.import_roadmap(organization, draft_dict(responsible=["Мурадханова Т.Н."]), acting_user=None)
    assert not ActivityResponsible.objects.filter(user__isnull=False).exists()


def test_an_earlier_binding_is_remembered_at_the_next_import(organization):
    deputy = make_user(Role.DEPUTY, organization=organization)
    make_roadmap(organization, responsible=["Заместитель директора по УВР"])
    services.bind_responsible(organization, "Заместитель директора по УВР", deputy, acting_user=None)
    roadmap = make_roadmap(organization, responsible=["Заместитель директора по УВР"])
    assert set(
        ActivityResponsible.objects.filter(activity__roadmap=roadmap).values_list("user", flat=True)
    ) == {deputy.pk}


def test_activities_without_numbers_get_stage_based_numbers(organization):
    draft = draft_dict(activities=2, stages=1)
    for activity in draft["stages"][0]["activities"]:
        activity["number"] = None
    roadmap = services.import_roadmap(organization, draft, acting_user=None)
    assert list(roadmap.activities.order_by("position").values_list("number", flat=True)) == ["1.1", "1.2"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(academic_year=None), "Не указан учебный год"),
        (lambda d: d.update(academic_year=1812), "Не указан учебный год"),
        (lambda d: d.update(stages=[]), "нет ни одного мероприятия"),
        (
            lambda d: d["stages"][0].update(activities=[]) or d["stages"][1].update(activities=[]),
            "нет ни одного",
        ),
    ],
)
def test_a_draft_that_cannot_be_imported_writes_nothing(organization, change, message):
    draft = draft_dict()
    change(draft)
    with pytest.raises(services.RoadmapError, match=message):
        services.import_roadmap(organization, draft, acting_user=None)
    assert _counts() == [0, 0, 0, 0, 0, 0]


def test_a_failure_in_the_middle_rolls_everything_back(organization, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Risk.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        make_roadmap(organization)
    assert _counts() == [0, 0, 0, 0, 0, 0]


def test_odd_values_in_a_draft_are_tolerated(organization):
    draft = draft_dict(activities=1, stages=1)
    activity = draft["stages"][0]["activities"][0]
    activity.update(
        number="9" * 100, deadline={"text": "май", "start": "not a date"}, responsible=["", "  Куратор  "]
    )
    draft["targets"] = [
        {"text": "x", "percent": "много", "by": None},
        {"text": "y", "percent": 500, "by": None},
    ]
    roadmap = services.import_roadmap(organization, draft, acting_user=None)
    saved = roadmap.activities.get()
    assert len(saved.number) == 32
    assert saved.deadline_text == "май"
    assert [r.label for r in saved.responsible.all()] == ["Куратор"]
    assert not ProgrammeTarget.objects.exists()


def test_import_records_who_acts_on_every_row_and_in_history(organization, curator):
    """The permission is the caller's (see test_roadmap_permissions); the service records the actor."""
    roadmap = services.import_roadmap(organization, draft_dict(activities=3), acting_user=curator)
    assert roadmap.created_by == curator and roadmap.programme.created_by == curator
    assert roadmap.history.get().history_user == curator
    activity = roadmap.activities.first()
    assert activity.history.get().history_user == curator
    assert activity.responsible.get().history.get().history_user == curator


def test_a_system_import_records_nobody(organization):
    roadmap = services.import_roadmap(organization, draft_dict(), acting_user=None)
    assert roadmap.created_by is None and roadmap.history.get().history_user is None


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize("kind", [k for k, _ in template_kinds()])
def test_each_template_follows_the_seven_stages(kind):
    draft = build_template(kind, 2026)
    assert [s["number"] for s in draft["stages"]] == ["1", "2", "3", "4", "5", "6", "7"]
    for stage in draft["stages"]:
        assert 3 <= len(stage["activities"]) <= 6, stage["title"]
        for activity in stage["activities"]:
            deadline = activity["deadline"]
            assert deadline["warnings"] == [], (activity["title"], deadline)
            assert "{" not in activity["title"]
            start, end = deadline["start"] or deadline["end"], deadline["end"]
            assert "2026-09-01" <= start <= end <= "2027-08-31", (activity["title"], deadline)
            assert activity["responsible"]


def test_templates_vary_by_kind():
    def titles(kind):
        return " ".join(a["title"] for s in build_template(kind, 2026)["stages"] for a in s["activities"])

    assert "родителей" not in titles("kindergarten")  # teachers only
    assert "молодых педагогов" in titles("kindergarten")
    assert "предприятиях-партнёрах" in titles("college") and "предприятиях-партнёрах" not in titles("school")
    assert "ОВЗ" in titles("correctional_school") and "ОВЗ" not in titles("school")
    responsible = {
        r
        for s in build_template("kindergarten", 2026)["stages"]
        for a in s["activities"]
        for r in a["responsible"]
    }
    assert "Заведующий" in responsible and "Директор" not in responsible


def test_the_template_data_names_only_known_roles():
    data = load_templates()
    for stage in data["stages"]:
        for activity in stage["activities"]:
            assert set(activity["responsible"]) <= set(data["roles"])
            assert set(activity.get("only", [])) | set(activity.get("except", [])) <= set(data["kinds"])


def test_creating_from_a_template_binds_single_roles(organization):
    director = make_user(Role.DIRECTOR, organization=organization)
    curator = make_user(Role.CURATOR, organization=organization)
    make_user(Role.WORKING_GROUP, organization=organization)
    roadmap = services.create_programme_from_template(
        organization, academic_year=2026, kind="school", title="Программа наставничества", acting_user=curator
    )
    assert roadmap.programme.title == "Программа наставничества" and roadmap.programme.kind == "school"
    assert roadmap.stages.count() == 7
    assert roadmap.activities.count() == sum(
        len(s["activities"]) for s in build_template("school", 2026)["stages"]
    )
    bound = dict(ActivityResponsible.objects.values_list("label", "user").distinct())
    assert bound["Директор"] == director.pk
    assert bound["Куратор программы наставничества"] == curator.pk
    assert bound["Рабочая группа"] is None  # a group, not a person: the curator binds it
    assert roadmap.risks.count() == 4
    activity = roadmap.activities.get(number="1.2")
    assert (activity.deadline_text, activity.deadline_end) == ("до 15 сентября", date(2026, 9, 15))
    assert activity.proving_document == "Приказ"


def test_one_template_roadmap_per_year(organization):
    services.create_programme_from_template(organization, academic_year=2026, kind="school", acting_user=None)
    with pytest.raises(services.RoadmapError, match="уже есть"):
        services.create_programme_from_template(
            organization, academic_year=2026, kind="school", acting_user=None
        )
    with pytest.raises(services.RoadmapError):
        services.create_programme_from_template(
            organization, academic_year=2027, kind="university", acting_user=None
        )


# --------------------------------------------------------------------------- binding


def test_bind_responsible_binds_every_row_with_the_label(organization):
    make_roadmap(
        organization, activities=3, stages=1, responsible=["Заместитель директора по УВР", "Куратор"]
    )
    deputy = make_user(Role.DEPUTY, organization=organization)
    assert (
        services.bind_responsible(organization, "Заместитель директора по УВР", deputy, acting_user=None) == 3
    )
    assert (
        services.bind_responsible(organization, "Заместитель директора по УВР", deputy, acting_user=None) == 0
    )
    rows = ActivityResponsible.objects.filter(label="Заместитель директора по УВР")
    assert {r.user_id for r in rows} == {deputy.pk}
    assert not ActivityResponsible.objects.filter(label="Куратор", user__isnull=False).exists()
    assert (
        services.bind_responsible(organization, "Заместитель директора по УВР", None, acting_user=None) == 3
    )


def test_bind_only_members_and_record_who_bound(organization, other_organization, curator):
    make_roadmap(organization, responsible=["Куратор"])
    stranger = make_user(Role.CURATOR, organization=other_organization)
    with pytest.raises(services.RoadmapError, match="не состоит"):
        services.bind_responsible(organization, "Куратор", stranger, acting_user=curator)
    mentor = make_user(Role.MENTOR, organization=organization)
    assert services.bind_responsible(organization, "Куратор", mentor, acting_user=curator) == 5
    row = ActivityResponsible.objects.filter(label="Куратор").first()
    assert (row.user, row.history.latest().history_user) == (mentor, curator)


def test_binding_does_not_leak_into_another_organization(organization, other_organization):
    make_roadmap(organization, responsible=["Куратор"])
    make_roadmap(other_organization, responsible=["Куратор"])
    services.bind_responsible(
        organization, "Куратор", make_user(Role.CURATOR, organization=organization), acting_user=None
    )
    assert not ActivityResponsible.objects.filter(
        organization=other_organization, user__isnull=False
    ).exists()


# --------------------------------------------------------------------------- activities


@pytest.fixture
def activity(organization):
    make_roadmap(organization, activities=1, stages=1)
    return Activity.objects.get()


def test_status_done_records_the_date_and_reopening_clears_it(activity):
    services.set_status(activity, "done", acting_user=None)
    assert activity.completed_on == timezone.localdate()
    services.set_status(activity, "in_progress", acting_user=None)
    activity.refresh_from_db()
    assert (activity.status, activity.completed_on) == ("in_progress", None)
    with pytest.raises(services.RoadmapError):
        services.set_status(activity, "overdue", acting_user=None)  # overdue is computed, never stored
    with pytest.raises(services.RoadmapError):
        services.set_status(activity, "done", acting_user=None, completed_on=date(2999, 1, 1))


def test_mark_done_with_a_file_and_a_link(activity, organization):
    curator = make_user(Role.CURATOR, organization=organization)
    upload = SimpleUploadedFile("Приказ №12 Иванов.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    services.mark_done(
        activity,
        acting_user=curator,
        completed_on=date(2026, 10, 20),
        note="Проведено",
        file=upload,
        url="https://school.example/news/1",
    )
    activity.refresh_from_db()
    assert (activity.status, activity.completed_on, activity.note) == (
        "done",
        date(2026, 10, 20),
        "Проведено",
    )
    files, links = Evidence.objects.exclude(file=""), Evidence.objects.exclude(url="")
    assert files.get().filename == "Приказ №12 Иванов.pdf"
    assert "Иванов" not in files.get().file.name  # stored under a random name
    assert links.get().url == "https://school.example/news/1"
    assert files.get().created_by == curator
    assert activity.history.latest().history_user == curator


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ", "не подходит"),
        ("photo.jpg", b"", "пуст"),
        ("big.pdf", b"x" * (services.EVIDENCE_MAX_SIZE + 1), "слишком большой"),
    ],
)
def test_bad_proof_files_are_refused_and_nothing_changes(activity, name, content, message):
    with pytest.raises(services.RoadmapError, match=message):
        services.mark_done(activity, acting_user=None, file=SimpleUploadedFile(name, content))
    activity.refresh_from_db()
    assert activity.status == "planned" and not Evidence.objects.exists()


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://x.example/a", "не ссылка", "http://" + "x" * 1000]
)
def test_bad_links_are_refused(activity, url):
    with pytest.raises(services.RoadmapError):
        services.add_evidence(activity, acting_user=None, url=url)
    with pytest.raises(services.RoadmapError):
        services.add_evidence(activity, acting_user=None)


def test_status_records_who_acts_and_nobody_for_the_system(activity, organization):
    """Who may change a status is checked by the views (test_roadmap_permissions); the service records."""
    mentor = make_user(Role.MENTOR, organization=organization)
    services.set_status(activity, "in_progress", acting_user=mentor)
    assert activity.history.latest().history_user == mentor
    services.set_status(activity, "done", acting_user=None)
    assert activity.history.latest().history_user is None


def test_update_activity_reparses_the_deadline_and_binds_new_names(activity, organization):
    curator = make_user(Role.CURATOR, organization=organization)
    mentor = make_user(Role.MENTOR, organization=organization, name="Кузнецова Елена Ивановна")
    services.update_activity(
        activity,
        acting_user=curator,
        title="Новое название",
        deadline_text="до 15 декабря",
        responsible=["Куратор", "Кузнецова Е.И."],
    )
    activity.refresh_from_db()
    assert activity.title == "Новое название"
    assert (
        activity.deadline_end == date(activity.roadmap.academic_year, 12, 15)
        and activity.deadline_start is None
    )
    assert [(r.label, r.user) for r in activity.responsible.all()] == [
        ("Куратор", None),
        ("Кузнецова Е.И.", mentor),
    ]
    assert activity.history.latest().history_user == curator
    with pytest.raises(services.RoadmapError):
        services.update_activity(activity, acting_user=curator, title="  ")
    with pytest.raises(TypeError):
        services.update_activity(activity, acting_user=curator, status="done")


def test_organization_kind_picks_a_template():
    from nastavnik.roadmaps.roadmap_templates import template_kind_for

    assert template_kind_for(Organization.Kind.KINDERGARTEN) == "kindergarten"
    assert template_kind_for(Organization.Kind.ADDITIONAL_EDUCATION) == "school"


def test_save_draft_drops_day_old_drafts(organization, curator):
    draft = read_roadmap(SCHOOL_5)
    old = services.save_draft(organization, draft, acting_user=curator, filename="old.txt")
    DraftImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    fresh = services.save_draft(organization, draft, acting_user=curator, filename="  new.txt ")
    assert list(DraftImport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert fresh.filename == "new.txt" and fresh.data["stages"] and fresh.created_by == curator


# --------------------------------------------------------------------------- import preview corrections


def _unchanged(data):
    return [
        {name: row[name] for name in services.PREVIEW_FIELDS} | {"exclude": False}
        for row in services.preview_rows(data)
    ]


def test_correct_draft_parses_a_changed_deadline_and_keeps_an_unchanged_one():
    data = draft_dict(activities=2, stages=1, academic_year=2026, deadline="октябрь")
    corrections = _unchanged(data)
    corrections[1]["deadline"] = "  до 15 декабря "
    corrections[2]["responsible"] = "Куратор;\nДиректор ; "
    stage = services.correct_draft(data, corrections)["stages"][0]
    changed, kept = stage["activities"]
    assert (changed["deadline"]["text"], changed["deadline"]["start"], changed["deadline"]["end"]) == (
        "до 15 декабря",
        None,
        "2026-12-15",
    )
    assert kept["deadline"] == data["stages"][0]["activities"][1]["deadline"]
    assert kept["responsible"] == ["Куратор", "Директор"]


def test_correct_draft_excludes_rows_and_a_stage_with_its_activities():
    data = draft_dict(activities=4, stages=2, academic_year=2026)
    corrections = _unchanged(data)  # rows: stage 1, 1.1, 1.2, stage 2, 2.1, 2.2
    corrections[2]["exclude"] = True
    corrections[3]["exclude"] = True
    corrections[3]["title"] = ""  # an excluded row needs no title
    stages = services.correct_draft(data, corrections)["stages"]
    assert [(s["title"], [a["number"] for a in s["activities"]]) for s in stages] == [("Этап 1", ["1.1"])]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda rows: rows[:-1],
        lambda rows: [*rows, rows[-1]],
        lambda rows: [{} if i == 1 else row for i, row in enumerate(rows)],
        lambda rows: [{**row, "title": None} if i == 1 else row for i, row in enumerate(rows)],
    ],
    ids=["missing row", "extra row", "empty row", "not text"],
)
def test_corrections_that_do_not_fit_the_draft_are_refused(tamper):
    data = draft_dict(activities=2, stages=1, academic_year=2026)
    with pytest.raises(services.RoadmapError, match="Форма не совпадает с черновиком"):
        services.correct_draft(data, tamper(_unchanged(data)))


def test_a_blank_title_must_be_excluded():
    data = draft_dict(activities=2, stages=1, academic_year=2026)
    corrections = _unchanged(data)
    corrections[2]["title"] = "   "
    with pytest.raises(services.RoadmapError, match="Строка 3"):
        services.correct_draft(data, corrections)


def test_import_draft_drops_the_draft_only_when_the_roadmap_is_written(organization, curator):
    data = draft_dict(activities=2, stages=1, academic_year=2026)
    pending = DraftImport.objects.create(organization=organization, created_by=curator, data=data)
    corrections = _unchanged(data)
    for row in corrections[1:]:
        row["exclude"] = True
    with pytest.raises(services.RoadmapError, match="нет ни одного мероприятия"):
        services.import_draft(pending, corrections, acting_user=curator)
    assert DraftImport.objects.filter(pk=pending.pk).exists() and not Roadmap.objects.exists()
    roadmap = services.import_draft(pending, None, acting_user=curator)
    assert roadmap.activities.count() == 2 and roadmap.created_by == curator
    assert not DraftImport.objects.exists()
