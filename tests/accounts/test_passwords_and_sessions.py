"""Passwords of at least 12 characters that are neither common, numeric nor like the user's own data;
sessions that end after idling (30 minutes for staff, 2 hours for others) and after 12 hours at most."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from nastavnik.accounts.middleware import IDLE_TIMEOUT, LAST_SEEN
from nastavnik.accounts.models import Role
from nastavnik.core.demo import DEMO_PASSWORD, load_demo
from tests.builders import PASSWORD, make_user


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Ab3$efgh", "слишком короткий"),
        ("password1234", "слишком широко распространён"),
        ("839201746352", "состоит только из цифр"),
        ("smirnova.anna1", "слишком похож"),
    ],
)
def test_weak_passwords_are_refused_in_russian(password, reason, db):
    user = make_user(email="smirnova.anna@school.ru", last_name="Смирнова", first_name="Анна")
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert any(reason in message for message in error.value.messages)


def test_a_long_uncommon_password_passes(db):
    validate_password("лиса-прыгает-через-забор", make_user())
    validate_password(PASSWORD, make_user())


def test_password_reset_confirm_enforces_the_validators(client, db):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = make_user()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = reverse("accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    form_url = client.get(url)["Location"]
    response = client.post(form_url, {"new_password1": "short-1", "new_password2": "short-1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "слишком короткий" in page and "12 символов" in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_demo_logins_are_set_without_validation_and_still_work(db):
    """The demo password is shared and printed; it is set with create_user (no validators) on purpose."""
    load_demo()
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "curator@demo.nastavnik.ru", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


# --- sessions -----------------------------------------------------------------------------------------------
def _login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _idle(client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time()) - seconds
    session.save()


@pytest.mark.parametrize(
    ("role", "timeout_setting"),
    [
        (Role.CURATOR, "SESSION_IDLE_TIMEOUT_STAFF"),
        (Role.DIRECTOR, "SESSION_IDLE_TIMEOUT_STAFF"),
        (Role.MENTEE, "SESSION_IDLE_TIMEOUT_OTHERS"),
        (Role.PARENT, "SESSION_IDLE_TIMEOUT_OTHERS"),
    ],
)
def test_idle_timeout_per_kind_of_user(role, timeout_setting, client, organization, settings):
    user = make_user(role, organization=organization)
    timeout = getattr(settings, timeout_setting)
    _login(client, user)
    assert client.session[IDLE_TIMEOUT] == timeout
    _idle(client, timeout - 5)
    assert client.get(reverse("core:home")).status_code == 200
    _idle(client, timeout + 5)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert not client.get(reverse("core:home")).wsgi_request.user.is_authenticated


def test_staff_idle_timeout_is_shorter_than_the_others_and_the_absolute_limit(settings):
    assert settings.SESSION_IDLE_TIMEOUT_STAFF == 30 * 60
    assert settings.SESSION_IDLE_TIMEOUT_STAFF < settings.SESSION_IDLE_TIMEOUT_OTHERS
    assert settings.SESSION_IDLE_TIMEOUT_OTHERS < settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def test_activity_moves_the_idle_clock_without_saving_the_session_on_every_request(client, organization):
    user = make_user(Role.CURATOR, organization=organization)
    _login(client, user)
    before = client.session[LAST_SEEN]
    client.get(reverse("core:home"))
    assert client.session[LAST_SEEN] == before  # within a minute: no write
    _idle(client, 20 * 60)
    client.get(reverse("core:home"))
    assert client.session[LAST_SEEN] >= int(time.time()) - 5  # the clock moved: 20 more minutes


def test_a_session_without_the_idle_clock_must_log_in_again(client, organization):
    user = make_user(Role.CURATOR, organization=organization)
    _login(client, user)
    session = client.session
    del session[LAST_SEEN]
    session.save()
    assert client.get(reverse("core:home")).status_code == 302
