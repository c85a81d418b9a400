"""Password spraying from one address and floods of password-reset mail are slowed with a Russian 429."""

from django.core import mail
from django.urls import reverse

from tests.builders import PASSWORD, make_user


def _login(client, email, password, ip="10.1.2.3"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_one_address_trying_many_accounts_is_blocked(client, organization, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 6
    victims = [make_user(email=f"teacher{i}@school.ru") for i in range(8)]
    # One wrong password per account: django-axes (account + address) never locks any of them...
    for victim in victims[:6]:
        assert _login(client, victim.email, "Summer2026!").status_code == 200
    # ...but the address as a whole is now refused, even with a right password, in Russian.
    blocked = _login(client, victims[6].email, PASSWORD)
    assert blocked.status_code == 429
    assert "слишком много неудачных попыток входа в разные учётные записи" in blocked.content.decode()
    assert not blocked.wsgi_request.user.is_authenticated
    # Another address (another school) is not affected.
    assert _login(client, victims[7].email, PASSWORD, ip="10.9.9.9").status_code == 302


def test_a_school_behind_one_address_is_not_blocked_by_a_few_typos(client, organization, settings):
    users = [make_user(email=f"pupil{i}@school.ru") for i in range(5)]
    for user in users:
        assert _login(client, user.email, "typo").status_code == 200
    for user in users:
        assert _login(client, user.email, PASSWORD).status_code == 302
        client.logout()


def _reset(client, email, ip="10.1.2.3"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_is_limited_per_address_of_mail(client, db, settings):
    settings.PASSWORD_RESET_EMAIL_LIMIT = 3
    make_user(email="victim@school.ru")
    for i in range(3):
        assert _reset(client, "victim@school.ru", ip=f"10.0.0.{i}").status_code == 302
    assert len(mail.outbox) == 3
    refused = _reset(client, "Victim@School.ru", ip="10.0.0.99")
    assert refused.status_code == 429
    assert "Слишком много запросов на восстановление пароля" in refused.content.decode()
    assert len(mail.outbox) == 3


def test_password_reset_is_limited_per_ip(client, db, settings):
    settings.PASSWORD_RESET_IP_LIMIT = 4
    for i in range(4):
        assert _reset(client, f"someone{i}@school.ru").status_code == 302
    assert _reset(client, "someone-else@school.ru").status_code == 429
    assert _reset(client, "someone-else@school.ru", ip="10.7.7.7").status_code == 302


def test_behind_a_proxy_the_limit_counts_the_client_not_the_proxy(client, organization, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    user = make_user(email="teacher@school.ru")

    def via_proxy(password, client_ip, forged=""):
        chain = f"{forged}, {client_ip}" if forged else client_ip
        return client.post(
            reverse("accounts:login"),
            {"username": user.email, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=chain,
        )

    assert via_proxy("wrong", "203.0.113.5").status_code == 200
    # A forged left-most address does not help the attacker: the proxy's entry on the right counts.
    assert via_proxy("wrong", "203.0.113.5", forged="198.51.100.1").status_code == 200
    assert via_proxy(PASSWORD, "203.0.113.5").status_code == 429
    # Everybody else behind the same proxy still logs in.
    assert via_proxy(PASSWORD, "203.0.113.77").status_code == 302
