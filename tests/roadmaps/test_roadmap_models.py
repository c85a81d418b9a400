"""The roadmap models: overdue is computed (never stored), month filters, tenancy, audit."""

from datetime import date

import pytest
from django_scopes import ScopeError, scope, scopes_disabled

from nastavnik.accounts.models import Role
from nastavnik.core.models import Notification
from nastavnik.core.tenancy import organization_scope
from nastavnik.roadmaps.deadlines import parse_deadline
from nastavnik.roadmaps.models import (
    Activity,
    ActivityResponsible,
    DraftImport,
    Evidence,
    Programme,
    ProgrammeTarget,
    ReminderLog,
    Risk,
    Roadmap,
    Stage,
)
from tests.builders import make_user
from tests.roadmaps.roadmap_builders import assign, days, make_roadmap, set_deadline


@pytest.fixture
def activities(organization):
    make_roadmap(organization, activities=4, stages=1)
    return list(Activity.objects.order_by("position"))


def test_overdue_is_open_and_past_its_end(activities):
    past, future, done, ongoing = activities
    set_deadline(past, days(-30), days(-1))
    set_deadline(future, days(1), days(30))
    set_deadline(done, None, days(-5))
    done.status = Activity.Status.DONE
    done.save()
    set_deadline(ongoing, None, None, "постоянно")
    assert [a.is_overdue for a in Activity.objects.order_by("position")] == [True, False, False, False]
    annotated = {a.pk: a.overdue_flag for a in Activity.objects.with_overdue()}
    assert annotated == {past.pk: True, future.pk: False, done.pk: False, ongoing.pk: False}
    assert list(Activity.objects.overdue()) == [past]


def test_a_deadline_ending_today_is_not_overdue_yet(activities):
    set_deadline(activities[0], None, days(0))
    assert not Activity.objects.get(pk=activities[0].pk).is_overdue
    assert not Activity.objects.overdue().exists()


def test_in_month_means_the_deadline_touches_the_month(activities):
    a, b, c, d = activities
    set_deadline(a, date(2026, 11, 1), date(2026, 11, 30))  # November
    set_deadline(b, date(2026, 9, 1), date(2027, 5, 31))  # the whole school year
    set_deadline(c, None, date(2026, 11, 15))  # «до 15 ноября»
    set_deadline(d, date(2026, 12, 1), date(2026, 12, 31))  # December
    found = set(Activity.objects.in_month(date(2026, 11, 29)).values_list("pk", flat=True))
    assert found == {a.pk, b.pk, c.pk}


def test_deadline_is_stored_as_text_and_dates(activities):
    activity = activities[0]
    activity.set_deadline(parse_deadline("ежеквартально, октябрь–ноябрь", 2026))
    activity.save()
    activity.refresh_from_db()
    assert activity.deadline.text == "ежеквартально, октябрь–ноябрь"
    assert (activity.deadline_start, activity.deadline_end) == (date(2026, 10, 1), date(2026, 11, 30))
    assert activity.deadline.recurrence == "quarterly"
    activity.set_deadline(None)
    assert activity.deadline_text == "" and activity.deadline_end is None


def test_responsible_user_is_related_to_the_activity(activities, organization):
    mentor = make_user(Role.MENTOR, organization=organization)
    other = make_user(Role.MENTOR, organization=organization)
    assign(activities[0], mentor)
    assert activities[0].is_related_user(mentor)
    assert not activities[0].is_related_user(other)
    assert list(Activity.objects.of_user(mentor)) == [activities[0]]


@pytest.mark.parametrize(
    "model",
    [
        Programme,
        ProgrammeTarget,
        Roadmap,
        Stage,
        Activity,
        ActivityResponsible,
        Evidence,
        Risk,
        DraftImport,
        ReminderLog,
        Notification,
    ],
)
def test_queries_outside_a_scope_raise(model, activities):
    with scope(), pytest.raises(ScopeError):  # a scope without organizations: tenancy is enforced
        list(model.objects.all())


def test_a_scope_shows_only_its_organization(activities, other_organization):
    make_roadmap(other_organization, activities=2, stages=1)
    with scopes_disabled():
        assert Activity.objects.count() == 6
    with organization_scope(other_organization):
        assert Activity.objects.count() == 2
        assert set(Activity.objects.values_list("organization_id", flat=True)) == {other_organization.pk}


def test_changes_of_people_and_status_are_recorded(activities, organization):
    activity = activities[0]
    activity.status = Activity.Status.IN_PROGRESS
    activity.save()
    assert [h.history_type for h in activity.history.order_by("history_date")] == ["+", "~"]
    row = assign(activity, make_user(Role.CURATOR, organization=organization))
    assert row.history.count() == 1


def test_every_model_belongs_to_an_organization():
    from django.apps import apps

    for model in [*apps.get_app_config("roadmaps").get_models(), Notification]:
        if model.__name__.startswith("Historical"):
            continue
        field = model._meta.get_field("organization")
        assert not field.null and field.db_index, model.__name__
