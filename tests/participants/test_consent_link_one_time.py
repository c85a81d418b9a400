"""The parent's consent link names the child only until it is answered: one-time after use."""

import pytest

from nastavnik.participants import services
from nastavnik.participants.models import Consent, ConsentRequest
from tests.builders import make_mentee, make_pupil

NAME = "Смирнов А.Д."


@pytest.fixture
def link(organization, curator):
    child = make_pupil(organization, last_name="Смирнов", first_name="Артём", patronymic="Дмитриевич")
    make_mentee(organization, participant=child)
    return services.create_consent_request(child, acting_user=curator)


def test_after_consent_is_given_the_link_no_longer_names_the_child(client, link):
    url = link.get_absolute_url()
    assert NAME in client.get(url).content.decode()
    response = client.post(
        url, {"action": "confirm", "representative_name": "Смирнова Анна Сергеевна", "agree": "on"}
    )
    assert response.status_code == 302
    page = client.get(url)
    assert page.status_code == 200
    assert NAME not in page.content.decode() and "Спасибо! Согласие получено" in page.content.decode()
    # A second confirmation through the same link records nothing more.
    client.post(url, {"action": "confirm", "representative_name": "Другой Человек Иванович", "agree": "on"})
    assert Consent.objects.count() == 1


def test_the_parent_may_refuse_and_then_the_link_is_spent(client, link):
    url = link.get_absolute_url()
    response = client.post(url, {"action": "decline"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.used_at is not None and not Consent.objects.exists()
    page = client.get(url).content.decode()
    assert NAME not in page and "Вы отказались дать согласие" in page
    # Refused once, the link cannot be used to consent afterwards.
    client.post(url, {"action": "confirm", "representative_name": "Смирнова Анна Сергеевна", "agree": "on"})
    assert not Consent.objects.exists()


def test_after_revocation_through_the_link_the_child_is_not_named_either(client, link):
    url = link.get_absolute_url()
    client.post(url, {"action": "confirm", "representative_name": "Смирнова Анна Сергеевна", "agree": "on"})
    client.post(url, {"action": "revoke", "revoke-reason": "Передумали"})
    page = client.get(url).content.decode()
    assert "Согласие отозвано" in page and NAME not in page


def test_a_cancelled_link_does_not_name_the_child_or_accept_a_refusal(client, link, curator):
    services.cancel_consent_request(link, acting_user=curator)
    url = link.get_absolute_url()
    assert NAME not in client.get(url).content.decode()
    client.post(url, {"action": "decline"})
    assert ConsentRequest.objects.get().used_at is None
