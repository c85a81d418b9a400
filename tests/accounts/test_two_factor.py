"""Two-factor authentication: anyone may turn it on; the login then asks a code after the password;
recovery codes work once; superusers must enrol; an organization may require it of its staff."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nastavnik.accounts.models import Role, User
from nastavnik.accounts.twofactor import SESSION_STATE
from tests.builders import PASSWORD, make_user


def _code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


def _password_login(client, user, next_url=None):
    data = {"username": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 302
    return response


def _enrol(client) -> tuple[TOTPDevice, list[str]]:
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    text = page.content.decode()
    assert "<svg" in text and page.context["secret"] in text
    done = client.post(reverse("accounts:two_factor_setup"), {"code": _code(device)})
    assert done.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    return device, done.context["codes"]


def test_login_without_a_device_is_unchanged(client, organization):
    user = make_user(Role.CURATOR, organization=organization)
    response = _password_login(client, user)
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200
    assert SESSION_STATE not in client.session


def test_any_user_enrols_then_the_login_asks_the_code(client, organization):
    user = make_user(Role.MENTEE, organization=organization)
    _password_login(client, user)
    assert "Выключена" in client.get(reverse("accounts:two_factor")).content.decode()
    device, codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "Включена" in client.get(reverse("accounts:two_factor")).content.decode()
    client.logout()

    home = reverse("organizations:detail", args=[organization.slug])
    _password_login(client, user, next_url=home)
    assert client.get(reverse("accounts:two_factor")).status_code == 302  # no page opens before the code
    asked = client.get(home)
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("accounts:two_factor_verify"))
    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "000000", "next": home})
    assert wrong.status_code == 200 and "Неверный код" in wrong.content.decode()
    # django-otp throttles guessing: right after a wrong code even the right one is refused...
    too_soon = client.post(
        reverse("accounts:two_factor_verify"), {"code": _code(device, drift=1), "next": home}
    )
    assert too_soon.status_code == 200
    # ...until the back-off (1 s, doubling with each failure) has passed.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    right = client.post(reverse("accounts:two_factor_verify"), {"code": _code(device, drift=1), "next": home})
    assert right.status_code == 302 and right["Location"] == home
    assert client.get(home).status_code == 200


def test_recovery_codes_work_once(client, organization):
    user = make_user(Role.CURATOR, organization=organization)
    _password_login(client, user)
    _device, codes = _enrol(client)
    client.logout()
    _password_login(client, user)
    assert client.post(reverse("accounts:two_factor_verify"), {"code": codes[0].upper()}).status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.logout()
    _password_login(client, user)
    again = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200 and "Неверный код" in again.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_a_stolen_password_cannot_replace_or_disable_the_device(client, organization):
    user = make_user(Role.CURATOR, organization=organization)
    _password_login(client, user)
    device, _codes = _enrol(client)
    client.logout()
    _password_login(client, user)  # the attacker knows the password only
    setup = client.get(reverse("accounts:two_factor_setup"))
    assert setup.status_code == 302 and setup["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD}).status_code == 302
    assert TOTPDevice.objects.filter(user=user, confirmed=True).get() == device
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_disabling_needs_the_password(client, organization):
    user = make_user(Role.MENTOR, organization=organization)
    _password_login(client, user)
    _enrol(client)
    client.post(reverse("accounts:two_factor_disable"), {"password": "wrong"})
    assert TOTPDevice.objects.filter(user=user).exists()
    client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_a_superuser_without_a_device_is_sent_to_enrolment(client, db):
    admin = User.objects.create_superuser("root@school.ru", PASSWORD, last_name="А", first_name="Б")
    _password_login(client, admin)
    for url in (reverse("core:home"), reverse("admin:index"), reverse("accounts:two_factor")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    _enrol(client)
    assert client.get(reverse("admin:index")).status_code == 200
    # Turning it off sends them straight back.
    client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_the_admin_login_of_a_superuser_also_asks_for_enrolment(client, db):
    User.objects.create_superuser("root@school.ru", PASSWORD, last_name="А", first_name="Б")
    client.post(reverse("admin:login"), {"username": "root@school.ru", "password": PASSWORD})
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:two_factor_setup")
    )


@pytest.mark.parametrize(
    ("role", "must_enrol"),
    [
        (Role.DIRECTOR, True),
        (Role.DEPUTY, True),
        (Role.CURATOR, True),
        (Role.WORKING_GROUP, True),
        (Role.MENTOR, False),
        (Role.MENTEE, False),
        (Role.PARENT, False),
    ],
)
def test_an_organization_may_require_it_of_its_staff(role, must_enrol, client, organization):
    organization.require_staff_two_factor = True
    organization.save()
    user = make_user(role, organization=organization)
    _password_login(client, user)
    page = client.get(reverse("organizations:detail", args=[organization.slug]))
    if must_enrol:
        assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:two_factor_setup"))
        _enrol(client)
        page = client.get(reverse("organizations:detail", args=[organization.slug]))
    assert page.status_code == 200


def test_the_requirement_does_not_reach_another_organization(client, organization, other_organization):
    other_organization.require_staff_two_factor = True
    other_organization.save()
    user = make_user(Role.CURATOR, organization=organization)
    _password_login(client, user)
    assert client.get(reverse("organizations:detail", args=[organization.slug])).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, organization):
    user = make_user(Role.CURATOR, organization=organization)
    _password_login(client, user)
    _device, old = _enrol(client)
    response = client.post(reverse("accounts:two_factor_recovery_codes"))
    assert response.status_code == 200
    new = response.context["codes"]
    assert set(new).isdisjoint(old)
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(new)


def test_the_enrolment_page_has_no_inline_script_or_style(client, organization):
    _password_login(client, make_user(Role.CURATOR, organization=organization))
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert " style=" not in page and "<style" not in page


def test_the_second_step_returns_to_the_page_asked_for_and_never_to_another_site(client, organization):
    user = make_user(Role.CURATOR, organization=organization)
    _password_login(client, user)
    device, _codes = _enrol(client)
    client.logout()
    _password_login(client, user)
    members = reverse("organizations:members", args=[organization.slug])
    assert client.get(members)["Location"] == reverse("accounts:two_factor_verify")
    response = client.post(
        reverse("accounts:two_factor_verify") + "?next=https://evil.example/",
        {"code": _code(device, drift=1), "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == members


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.DIRECTOR, 302), (Role.CURATOR, 302), (Role.WORKING_GROUP, 404), (Role.MENTOR, 404)],
)
def test_the_director_and_the_curator_turn_the_requirement_on(role, status, login, organization):
    url = reverse("organizations:staff_two_factor", args=[organization.slug])
    client = login(make_user(role, organization=organization))
    assert client.post(url, {"require_staff_two_factor": "on"}).status_code == status
    organization.refresh_from_db()
    assert organization.require_staff_two_factor is (status == 302)


def test_turning_the_requirement_off_needs_a_verified_session(client, organization):
    organization.require_staff_two_factor = True
    organization.save()
    director = make_user(Role.DIRECTOR, organization=organization)
    _password_login(client, director)
    url = reverse("organizations:staff_two_factor", args=[organization.slug])
    refused = client.post(url, {})
    assert refused.status_code == 302 and refused["Location"].startswith(reverse("accounts:two_factor_setup"))
    organization.refresh_from_db()
    assert organization.require_staff_two_factor
    _enrol(client)
    assert client.post(url, {}).status_code == 302
    organization.refresh_from_db()
    assert not organization.require_staff_two_factor


def test_a_stranger_cannot_change_the_requirement(login, stranger, organization):
    url = reverse("organizations:staff_two_factor", args=[organization.slug])
    assert login(stranger).post(url, {"require_staff_two_factor": "on"}).status_code == 404
    organization.refresh_from_db()
    assert not organization.require_staff_two_factor
