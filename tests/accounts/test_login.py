"""Logging in by e-mail, logging out, argon2 hashes, and the Russian login page."""

from django.urls import reverse

from nastavnik.accounts.models import Role
from tests.builders import PASSWORD, make_user


def test_login_page_is_russian(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ru">' in page
    assert "Вход в систему" in page
    assert "Электронная почта" in page


def test_login_by_email_case_insensitive_then_home(client, organization):
    user = make_user(Role.CURATOR, organization=organization, email="kurator@school.ru")
    response = client.post(reverse("accounts:login"), {"username": "Kurator@School.RU", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    response = client.get(reverse("core:home"))
    assert f"Здравствуйте, {user.first_name}!" in response.content.decode()


def test_wrong_password_gets_russian_message(client, organization):
    make_user(Role.CURATOR, organization=organization, email="kurator@school.ru")
    response = client.post(reverse("accounts:login"), {"username": "kurator@school.ru", "password": "nope"})
    assert response.status_code == 200
    assert "Неверная электронная почта или пароль" in response.content.decode()


def test_passwords_are_hashed_with_argon2(db):
    from django.conf import settings as django_settings

    # Production settings (the tests swap in a cheaper Argon2 in front of them).
    assert "django.contrib.auth.hashers.Argon2PasswordHasher" in django_settings.PASSWORD_HASHERS
    user = make_user()
    assert user.password.startswith("argon2$argon2id$")


def test_logout_needs_post_and_ends_session(login, curator):
    client = login(curator)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
