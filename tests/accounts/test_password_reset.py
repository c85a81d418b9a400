"""Password reset by e-mail: a link that works once, and no hint whether an address exists."""

import re

from django.core import mail
from django.urls import reverse

from tests.builders import make_user


def test_reset_sends_a_russian_link_that_sets_a_new_password(client, db):
    make_user(email="teacher@school.ru")
    response = client.post(reverse("accounts:password_reset"), {"email": "teacher@school.ru"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "смена пароля" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Новый пароль" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nov1y-parol-dlya-shkoly", "new_password2": "Nov1y-parol-dlya-shkoly"},
    )
    assert done.status_code == 302
    login = client.post(
        reverse("accounts:login"), {"username": "teacher@school.ru", "password": "Nov1y-parol-dlya-shkoly"}
    )
    assert login.status_code == 302


def test_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@school.ru"})
    assert response.status_code == 302
    assert mail.outbox == []
