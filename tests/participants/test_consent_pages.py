"""The parent's side of consent: the link without an account and the "my data" page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.participants import services
from nastavnik.participants.models import Consent, ConsentRequest
from tests.builders import (
    assign,
    give_consent,
    make_mentee,
    make_mentor,
    make_participant,
    make_pupil,
    make_user,
)


@pytest.fixture
def link(organization, curator):
    child = make_pupil(organization, last_name="Смирнов", first_name="Артём", patronymic="Дмитриевич")
    make_mentee(organization, participant=child)
    return services.create_consent_request(child, acting_user=curator)


def test_parent_confirms_by_link_without_an_account(client, link, organization):
    url = link.get_absolute_url()
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Смирнов А.Д." in text and organization.full_name in text
    assert "Смирнов Артём Дмитриевич" not in text  # only the short name is shown by the link
    bad = client.post(url, {"action": "confirm", "representative_name": "Смирнова Анна Сергеевна"})
    assert bad.status_code == 200 and not Consent.objects.exists()
    response = client.post(
        url, {"action": "confirm", "representative_name": "Смирнова Анна Сергеевна", "agree": "on"}
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.given_by, consent.method, consent.representative_name) == (
        "parent",
        "link",
        "Смирнова Анна Сергеевна",
    )
    assert link.participant.has_valid_consent
    assert "Спасибо! Согласие получено" in client.get(url).content.decode()
    # the parent may revoke from the same link while it is valid
    response = client.post(url, {"action": "revoke", "revoke-reason": "Передумали"})
    consent.refresh_from_db()
    assert consent.revoked_at is not None and consent.revoke_reason == "Передумали"
    assert "Согласие отозвано" in client.get(url).content.decode()


def test_unknown_expired_and_cancelled_links(client, link, curator):
    assert client.get(reverse("participants:consent_link", args=["nope"])).status_code == 404
    assert client.get(reverse("participants:consent_link", args=["x" * 500])).status_code == 404
    ConsentRequest.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    page = client.get(link.get_absolute_url()).content.decode()
    assert "Ссылка больше не действует" in page
    response = client.post(
        link.get_absolute_url(), {"action": "confirm", "representative_name": "Смирнова Анна", "agree": "on"}
    )
    assert response.status_code == 200 and not Consent.objects.exists()


@pytest.fixture
def family(organization):
    parent = make_user(Role.PARENT, organization=organization, last_name="Смирнова", first_name="Анна")
    son = make_pupil(organization, last_name="Смирнов", first_name="Артём")
    daughter = make_pupil(organization, age=16, last_name="Смирнова", first_name="Дарья")
    give_consent(son, given_by=Consent.GivenBy.PARENT)
    for child in (son, daughter):
        services.add_guardian(child, parent, acting_user=None)
        make_mentee(organization, participant=child)
    return parent, son, daughter


def test_parent_sees_only_own_children_and_confirms_and_revokes(login, organization, family):
    parent, son, daughter = family
    stranger_child = make_pupil(organization, last_name="Чужой")
    client = login(parent)
    me = reverse("participants:me", args=[organization.slug])
    page = client.get(me).content.decode()
    assert "Смирнов Артём" in page and "Смирнова Дарья" in page and "Чужой" not in page
    response = client.post(reverse("participants:me_consent_give", args=[organization.slug, daughter.pk]))
    assert response.status_code == 302
    assert daughter.has_valid_consent
    consent = daughter.consents.get()
    assert (consent.method, consent.recorded_by) == ("account", parent)
    # another child's consent is not theirs to give
    other_url = reverse("participants:me_consent_give", args=[organization.slug, stranger_child.pk])
    assert client.post(other_url).status_code == 404
    assert not stranger_child.consents.exists()
    revoke = reverse(
        "participants:me_consent_revoke", args=[organization.slug, son.pk, son.consents.get().pk]
    )
    assert client.post(revoke, {"reason": "Переезжаем"}).status_code == 302
    son.refresh_from_db()
    son = type(son).objects.get(pk=son.pk)
    assert son.is_hidden_by_revocation
    page = client.get(me).content.decode()
    assert "Смирнов Артём" in page  # the parent still sees their child on "my data"
    assert client.get(reverse("participants:person", args=[organization.slug, son.pk])).status_code == 404


def test_parent_cannot_revoke_a_strangers_consent(login, organization, family):
    parent, *_ = family
    other = make_pupil(organization)
    consent = give_consent(other, given_by="parent")
    url = reverse("participants:me_consent_revoke", args=[organization.slug, other.pk, consent.pk])
    assert login(parent).post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_mentee_sees_own_data_and_mentor_sees_own_mentees(login, organization):
    mentee_user = make_user(Role.MENTEE, organization=organization)
    me_person = make_participant(
        organization, user=mentee_user, last_name="Ахмедов", category="young_specialist"
    )
    give_consent(me_person)
    mentee = make_mentee(organization, participant=me_person)
    mentor_user = make_user(Role.MENTOR, organization=organization)
    mentor = make_mentor(
        organization, participant=make_participant(organization, user=mentor_user, last_name="Кузнецова")
    )
    other = make_mentee(organization, participant=make_participant(organization, last_name="Посторонний"))
    me = reverse("participants:me", args=[organization.slug])
    page = login(mentee_user).get(me).content.decode()
    assert "Ахмедов" in page and "Отозвать согласие" in page and "Посторонний" not in page
    assign(mentor, mentee)
    page = login(mentor_user).get(me).content.decode()
    assert "Мои наставляемые" in page and "Ахмедов" in page and "Посторонний" not in page
    assert other  # exists, yet unseen
    services.revoke_consent(me_person.consents.get(), acting_user=None, reason="Передумал")
    assert "Ахмедов" not in login(mentor_user).get(me).content.decode()  # revoked: hidden from the mentor


def test_me_page_for_someone_without_records(login, organization):
    page = login(make_user(Role.PARTNER, organization=organization)).get(
        reverse("participants:me", args=[organization.slug])
    )
    assert "нет записей, связанных с вашей учётной записью" in page.content.decode()
