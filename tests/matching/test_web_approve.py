"""The approve form: validation messages in Russian, then pairings page with the order link."""

import datetime as dt

import pytest
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.matching import services
from nastavnik.mentoring.models import Order, Pairing
from nastavnik.participants.models import MenteeProfile
from tests.builders import make_matchable_mentee, make_user, role_model


def _approve(organization, run):
    return reverse("matching:approve", args=[organization.slug, run.pk])


@pytest.mark.parametrize("role", [Role.CURATOR, Role.DIRECTOR, Role.DEPUTY])
def test_approval_leads_to_the_pairings_page_with_the_order(role, login, organization, base, run):
    user = make_user(role, organization=organization)
    client = login(user)
    page = client.get(_approve(organization, run)).content.decode()
    assert f'value="{base["form"].pk}" selected' in page  # the mentees' form is proposed
    data = {
        "number": "112-од",
        "date": "2025-09-01",
        "form": base["form"].pk,
        "role_model": role_model(base["form"]).pk,
    }
    response = client.post(_approve(organization, run), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("mentoring:pairings", args=[organization.slug])
    order = Order.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Пары утверждены" in page
    assert reverse("mentoring:order_download", args=[organization.slug, order.pk]) in page
    assert "Кузнецова Елена Сергеевна" in page and "групповая" in page
    assert Pairing.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Обязательное поле"),
        ({"number": "1", "date": "вчера", "form": "FORM"}, "Введите правильную дату"),
        ({"number": "1", "date": "2025-02-30", "form": "FORM"}, "Введите правильную дату"),
        ({"number": "1", "date": "1900-01-01", "form": "FORM"}, "Проверьте дату приказа"),
        ({"number": "1" * 51, "date": "2025-09-01", "form": "FORM"}, "не более 50"),
        ({"number": "1", "date": "2025-09-01", "form": "999999"}, "Выберите корректный вариант"),
        ({"number": "1", "date": "2025-09-01", "form": "abc"}, "Выберите корректный вариант"),
        (
            {"number": "1", "date": "2025-09-01", "form": "FORM", "role_model": "OTHER"},
            "не относится к форме",
        ),
        (
            {"number": "1", "date": "2025-09-01", "form": "FORM", "role_model": "9" * 30},
            "Выберите корректный вариант",
        ),
    ],
)
def test_bad_approval_input_shows_russian_errors(data, message, login, curator, organization, base, run):
    from tests.builders import pupil_form

    values = dict(data)
    if values.get("form") == "FORM":
        values["form"] = base["form"].pk
    if values.get("role_model") == "OTHER":
        values["role_model"] = role_model(pupil_form()).pk
    response = login(curator).post(_approve(organization, run), values)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Order.objects.exists()


def test_duplicate_number_is_shown(login, curator, organization, base, run):
    Order.objects.create(organization=organization, number="112-од", date="2025-01-10", title="Другой")
    data = {"number": "112-од", "date": "2025-09-01", "form": base["form"].pk}
    response = login(curator).post(_approve(organization, run), data)
    assert response.status_code == 400
    assert "Приказ № 112-од за 2025 год уже есть" in response.content.decode()


def test_stale_run_is_shown(login, curator, organization, base, run):
    MenteeProfile.objects.filter(pk=base["mentees"][0].pk).update(status=MenteeProfile.Status.LEFT)
    data = {"number": "1", "date": "2025-09-01", "form": base["form"].pk}
    response = login(curator).post(_approve(organization, run), data)
    assert response.status_code == 400
    assert "Базы изменились после подбора" in response.content.decode()


def test_empty_run_is_shown(login, curator, organization, base):
    MenteeProfile.objects.update(status=MenteeProfile.Status.LEFT)
    make_matchable_mentee(organization, consent=False)
    empty = services.run_matching(organization, "optimal", acting_user=curator)
    assert empty.pairs_count == 0
    data = {"number": "1", "date": "2025-09-01", "form": base["form"].pk}
    response = login(curator).post(_approve(organization, empty), data)
    assert response.status_code == 400
    assert "нет ни одной пары" in response.content.decode()


def test_approved_run_redirects_to_the_pairings(login, curator, organization, base, run):
    services.approve_run(run, "1", dt.date(2025, 9, 1), base["form"], acting_user=curator)
    response = login(curator).get(_approve(organization, run))
    assert response.status_code == 302
    page = login(curator).get(reverse("matching:run", args=[organization.slug, run.pk])).content.decode()
    assert "Подбор утверждён приказом № 1" in page
    assert "Закрепить" not in page


@pytest.mark.parametrize("role", [Role.WORKING_GROUP, Role.MENTOR, Role.MENTEE, Role.PARENT, Role.PARTNER])
def test_other_roles_cannot_approve(role, login, organization, base, run):
    data = {"number": "1", "date": "2025-09-01", "form": base["form"].pk}
    assert (
        login(make_user(role, organization=organization)).post(_approve(organization, run), data).status_code
        == 404
    )
    assert not Order.objects.exists()


def test_stranger_cannot_approve(login, stranger, organization, base, run):
    data = {"number": "1", "date": "2025-09-01", "form": base["form"].pk}
    assert login(stranger).post(_approve(organization, run), data).status_code == 404
