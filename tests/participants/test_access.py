"""Who sees what in the bases, for every role; strangers get 404; revocation leaves only the curator."""

import pytest
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.participants.models import Consent
from nastavnik.participants.services import add_guardian
from tests.builders import (
    ALL_ROLES,
    assign,
    give_consent,
    make_mentee,
    make_mentor,
    make_participant,
    make_pupil,
    make_user,
)

STAFF = {Role.DIRECTOR, Role.DEPUTY, Role.CURATOR, Role.WORKING_GROUP}
CURATION = {Role.CURATOR, Role.WORKING_GROUP}

BASE_PAGES = [
    "participants:mentees",
    "participants:mentors",
    "participants:register",
    "participants:partners",
    "participants:mentees_export",
    "participants:mentors_export",
    "participants:register_export",
]
CHANGE_BASE_PAGES = ["participants:person_add", "participants:import"]


@pytest.fixture
def child(organization):
    p = make_pupil(organization, last_name="Смирнов", first_name="Артём")
    give_consent(p, given_by=Consent.GivenBy.PARENT)
    make_mentee(organization, participant=p)
    return p


@pytest.fixture
def mentor_person(organization):
    p = make_participant(organization, last_name="Кузнецова", first_name="Елена")
    make_mentor(organization, participant=p)
    give_consent(p)
    return p


def person_urls(org, child, mentor_person):
    s = org.slug
    return {
        "view": reverse("participants:person", args=[s, child.pk]),
        "edit": reverse("participants:person_edit", args=[s, child.pk]),
        "mentee_profile": reverse("participants:mentee_profile", args=[s, child.pk]),
        "request_add": reverse("participants:request_add", args=[s, child.pk]),
        "consent_add": reverse("participants:consent_add", args=[s, child.pk]),
        "consent_link": reverse("participants:consent_link_create", args=[s, child.pk]),
        "mentor_profile": reverse("participants:mentor_profile", args=[s, mentor_person.pk]),
        "competence_add": reverse("participants:competence_add", args=[s, mentor_person.pk]),
        "mentor_status": reverse("participants:mentor_status", args=[s, mentor_person.pk]),
        "interview_add": reverse("participants:interview_add", args=[s, mentor_person.pk]),
        "training_add": reverse("participants:training_add", args=[s, mentor_person.pk]),
    }


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", BASE_PAGES)
def test_bases_are_for_programme_staff(role, name, login, organization, child, mentor_person):
    user = make_user(role, organization=organization)
    response = login(user).get(reverse(name, args=[organization.slug]))
    assert response.status_code == (200 if role in STAFF else 404)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", CHANGE_BASE_PAGES)
def test_adding_and_importing_are_for_curation(role, name, login, organization):
    user = make_user(role, organization=organization)
    response = login(user).get(reverse(name, args=[organization.slug]))
    assert response.status_code == (200 if role in CURATION else 404)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_unrelated_roles_on_a_persons_pages(role, login, organization, child, mentor_person):
    client = login(make_user(role, organization=organization))
    urls = person_urls(organization, child, mentor_person)
    for key, url in urls.items():
        status = client.get(url).status_code
        if key == "view":
            expected = 200 if role in STAFF else 404
        elif key in {"consent_add", "consent_link"}:
            expected = 200 if role == Role.CURATOR else 404
        else:
            expected = 200 if role in CURATION else 404
        assert status == expected, (key, status)


def test_strangers_get_404_and_anonymous_users_go_to_log_in(
    client, login, organization, stranger, child, mentor_person
):
    urls = person_urls(organization, child, mentor_person)
    consent = child.consents.get()
    urls["scan"] = reverse("participants:consent_scan", args=[organization.slug, child.pk, consent.pk])
    urls["revoke"] = reverse("participants:consent_revoke", args=[organization.slug, child.pk, consent.pk])
    for url in urls.values():
        assert client.get(url).status_code == 302
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    stranger_client = login(stranger)
    for url in urls.values():
        assert stranger_client.get(url).status_code == 404
    # the stranger's own organization in the URL does not help either
    other = stranger.memberships.get().organization
    assert stranger_client.get(reverse("participants:person", args=[other.slug, child.pk])).status_code == 404


def test_curator_sees_all_object_pages(login, curator, organization, child, mentor_person):
    client = login(curator)
    for url in person_urls(organization, child, mentor_person).values():
        assert client.get(url).status_code == 200, url


def test_the_person_themself_their_parent_and_their_mentor_see_the_page(
    login, organization, child, mentor_person
):
    url = reverse("participants:person", args=[organization.slug, child.pk])
    own = make_user(Role.MENTEE, organization=organization)
    child.user = own
    child.save()
    parent = make_user(Role.PARENT, organization=organization)
    add_guardian(child, parent, acting_user=None)
    mentor_user = make_user(Role.MENTOR, organization=organization)
    mentor_person.user = mentor_user
    mentor_person.save()
    other_mentor = make_user(Role.MENTOR, organization=organization)
    make_mentor(organization, participant=make_participant(organization, user=other_mentor))

    assert login(own).get(url).status_code == 200
    assert login(parent).get(url).status_code == 200
    assert login(mentor_user).get(url).status_code == 404  # not yet assigned
    assign(mentor_person.mentor_profile, child.mentee_profile)
    assert login(mentor_user).get(url).status_code == 200
    assert login(other_mentor).get(url).status_code == 404
    # a mentor sees their own profile, not another mentor's
    own_profile = reverse("participants:person", args=[organization.slug, mentor_person.pk])
    assert login(mentor_user).get(own_profile).status_code == 200
    assert login(other_mentor).get(own_profile).status_code == 404
    # a related person may not edit
    assert (
        login(parent).get(reverse("participants:person_edit", args=[organization.slug, child.pk])).status_code
        == 404
    )
    # a member of the organization who is not related sees nothing
    assert login(make_user(Role.PARENT, organization=organization)).get(url).status_code == 404


def test_a_related_user_of_another_organization_sees_nothing(login, organization, other_organization, child):
    parent = make_user(Role.PARENT, organization=other_organization)
    add_guardian(child, parent, acting_user=None)
    url = reverse("participants:person", args=[organization.slug, child.pk])
    assert login(parent).get(url).status_code == 404


@pytest.mark.parametrize("role", ALL_ROLES)
def test_after_revocation_only_the_curator_sees_the_person(role, login, organization, child):
    parent = make_user(Role.PARENT, organization=organization)
    add_guardian(child, parent, acting_user=None)
    consent = child.consents.get()
    consent.revoked_at = consent.given_at
    consent.save()
    user = parent if role == Role.PARENT else make_user(role, organization=organization)
    client = login(user)
    url = reverse("participants:person", args=[organization.slug, child.pk])
    assert client.get(url).status_code == (200 if role == Role.CURATOR else 404)
    if role in STAFF:
        listing = client.get(reverse("participants:mentees", args=[organization.slug]))
        assert ("Смирнов Артём" in listing.content.decode()) is (role == Role.CURATOR)


def test_unknown_ids_are_404(login, curator, organization):
    client = login(curator)
    assert client.get(reverse("participants:person", args=[organization.slug, 999999])).status_code == 404
    assert client.get(f"/o/{organization.slug}/people/abc/").status_code == 404
