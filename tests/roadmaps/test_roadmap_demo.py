"""The demo school's roadmap: built from the school template for this school year, a plan in motion."""

from django.urls import reverse
from django.utils import timezone

from nastavnik.core.demo import load_demo
from nastavnik.roadmaps.models import Activity, ActivityResponsible, Evidence, Roadmap
from nastavnik.roadmaps.queries import current_academic_year


def test_demo_school_has_this_years_roadmap_with_progress(db):
    load_demo()
    roadmap = Roadmap.objects.get(organization__slug="sosh5-edissiya")
    assert roadmap.academic_year == current_academic_year()
    assert roadmap.stages.count() == 7
    activities = Activity.objects.filter(roadmap=roadmap)
    today = timezone.localdate()
    if activities.filter(deadline_end__lt=today).count() > 1:  # true from mid-September on
        assert activities.filter(status="done").exists()
        assert activities.overdue().count() == 1
        assert Evidence.objects.filter(activity__roadmap=roadmap).exists()
    bound = dict(
        ActivityResponsible.objects.filter(user__isnull=False).values_list("label", "user__email").distinct()
    )
    assert bound["Куратор программы наставничества"] == "curator@demo.nastavnik.ru"
    assert bound["Рабочая группа"] == "group@demo.nastavnik.ru"
    assert bound["Заместитель директора по УВР"] == "deputy@demo.nastavnik.ru"
    assert bound["Наставники"] == "mentor@demo.nastavnik.ru"


def test_second_load_changes_nothing(db):
    load_demo()
    before = (
        Roadmap.objects.count(),
        Activity.objects.count(),
        Activity.history.count(),
        Evidence.objects.count(),
    )
    load_demo()
    assert (
        Roadmap.objects.count(),
        Activity.objects.count(),
        Activity.history.count(),
        Evidence.objects.count(),
    ) == before


def test_demo_mentor_has_tasks(db, client):
    load_demo()
    from nastavnik.accounts.models import User

    client.force_login(
        User.objects.get(email="mentor@demo.nastavnik.ru"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    response = client.get(reverse("roadmaps:my_tasks", args=["sosh5-edissiya"]))
    assert response.status_code == 200 and response.context["total"] > 0
