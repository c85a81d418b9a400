"""Guessing passwords: after five wrong attempts the account is locked from that address, in Russian."""

from django.urls import reverse

from tests.builders import PASSWORD, make_user


def _attempt(client, password):
    return client.post(
        reverse("accounts:login"),
        {"username": "target@school.ru", "password": password},
        REMOTE_ADDR="10.1.2.3",
    )


def test_repeated_wrong_passwords_lock_the_account(client, organization, settings):
    make_user(email="target@school.ru")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, "wrong").status_code == 200
    locked = _attempt(client, "wrong")
    assert locked.status_code == 429
    assert "Вход временно заблокирован" in locked.content.decode()
    # Even the right password is refused while the lock holds.
    again = _attempt(client, PASSWORD)
    assert again.status_code == 429
    assert not again.wsgi_request.user.is_authenticated


def test_lock_expires_after_cooloff(client, organization, settings):
    from axes.models import AccessAttempt

    make_user(email="target@school.ru")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "wrong")
    assert _attempt(client, PASSWORD).status_code == 429
    AccessAttempt.objects.all().delete()  # what the cool-off does when it passes
    assert _attempt(client, PASSWORD).status_code == 302


def test_a_few_mistakes_do_not_lock(client, organization):
    make_user(email="target@school.ru")
    _attempt(client, "wrong")
    _attempt(client, "wrong")
    assert _attempt(client, PASSWORD).status_code == 302
