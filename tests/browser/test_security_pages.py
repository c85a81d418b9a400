"""The new security pages in a real browser: enrolling two-factor authentication from the QR page,
the code asked after the password, the recovery codes, the access log and the 429 page — each passes
axe-core WCAG 2.1 A/AA."""

import base64
import re

from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in

CURATOR = "curator@demo.nastavnik.ru"


def _code(secret: str, drift: int = 0) -> str:
    return f"{totp(base64.b32decode(secret), 30, 0, 6, drift):06d}"


def test_a_curator_enrols_two_factor_and_logs_in_with_a_code(page, live_server, demo):
    log_in(page, live_server, CURATOR)
    page.goto(f"{live_server.url}/accounts/security/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Безопасность")
    assert_accessible(page)
    page.get_by_role("button", name="Включить").click()
    expect(page.get_by_role("img", name="QR-код для приложения-аутентификатора")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Код из приложения").fill(_code(secret))
    page.get_by_role("button", name="Подтвердить").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Коды восстановления")
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)
    page.get_by_role("button", name="Я сохранил коды").click()

    page.get_by_text(re.compile("Гаджиева")).first.click()
    page.get_by_role("button", name="Выйти").click()
    log_in(page, live_server, CURATOR)
    expect(page.get_by_role("heading", level=1)).to_have_text("Код подтверждения")
    assert_accessible(page)
    page.get_by_label("Код из приложения или код восстановления").fill(_code(secret, drift=1))
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Здравствуйте, Патимат!")


def test_the_access_log_page(page, live_server, demo):
    log_in(page, live_server, CURATOR)
    page.get_by_role("link", name="Организация").first.click()
    page.get_by_role("link", name="Безопасность: двухфакторная аутентификация сотрудников").click()
    expect(
        page.get_by_label(
            "Требовать от администрации, куратора и рабочей группы двухфакторную аутентификацию"
        )
    ).not_to_be_checked()
    assert_accessible(page)
    page.get_by_role("link", name="Наставляемые").first.click()
    page.locator("table a").first.click()
    page.get_by_role("link", name="Журнал доступа").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Журнал доступа")
    expect(page.get_by_role("cell", name="карточка участника")).to_be_visible()
    assert_accessible(page)


def test_password_spraying_gets_a_russian_429_page(page, live_server, demo, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 1
    log_in(page, live_server, "director@demo.nastavnik.ru", password="Summer2026!")
    log_in(page, live_server, CURATOR)
    expect(page.get_by_role("heading", level=1)).to_have_text("Слишком много попыток")
    assert_accessible(page)


def test_a_parent_refuses_on_the_consent_link_and_the_link_is_spent(page, live_server, demo):
    from django_scopes import scopes_disabled

    from nastavnik.accounts.models import User
    from nastavnik.participants import services
    from nastavnik.participants.models import Participant

    with scopes_disabled():
        child = Participant.objects.filter(category=Participant.Category.PUPIL).order_by("pk").first()
        link = services.create_consent_request(child, acting_user=User.objects.get(email=CURATOR))
        name = child.short_name
    page.goto(f"{live_server.url}{link.get_absolute_url()}")
    expect(page.get_by_text(name)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Не даю согласия").click()
    expect(page.get_by_role("status")).to_contain_text("Вы отказались дать согласие")
    assert name not in page.content()
    assert_accessible(page)
