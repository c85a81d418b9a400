"""Who may open which questionnaire page: curation manages, administration reads results, nobody else.

Pages whose only URL argument is the organization are also walked by tests/organizations/test_scoping.py;
here every page with object ids is checked for every role, for a stranger and for an anonymous visitor.
Each role walks all pages in one test (fresh objects per request): the same checks as one test per page
and role, without hashing 200 passwords.
"""

import pytest
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.questionnaires.models import Question, Questionnaire, Section
from tests.builders import ALL_ROLES, copy, invite, make_participant, make_user

MANAGERS = {Role.CURATOR, Role.WORKING_GROUP}
READERS = MANAGERS | {Role.DIRECTOR, Role.DEPUTY}


def make_objects(organization) -> dict:
    """Fresh objects for one request (some requests delete or change what they touch)."""
    questionnaire = copy("mentee", organization)
    return {
        "pk": questionnaire.pk,
        "section": Section.objects.filter(questionnaire=questionnaire).first().pk,
        "question": Question.objects.filter(questionnaire=questionnaire).first().pk,
        "invitation": invite(questionnaire, make_participant(organization, mentee=True)).pk,
        "template": Questionnaire.shipped.get(code="mentee").pk,
    }


@pytest.fixture
def objects(organization):
    return make_objects(organization)


# (url name, argument key, method, who may)
PAGES = [
    ("index", None, "get", READERS),
    ("create", None, "get", MANAGERS),
    ("template", "template", "get", MANAGERS),
    ("copy", "template", "post", MANAGERS),
    ("editor", "pk", "get", MANAGERS),
    ("preview", "pk", "get", MANAGERS),
    ("delete", "pk", "post", MANAGERS),
    ("section_add", "pk", "post", MANAGERS),
    ("section_edit", "section", "post", MANAGERS),
    ("section_move", "section", "post", MANAGERS),
    ("section_delete", "section", "post", MANAGERS),
    ("question_add", "section", "get", MANAGERS),
    ("question_edit", "question", "get", MANAGERS),
    ("question_move", "question", "post", MANAGERS),
    ("question_delete", "question", "post", MANAGERS),
    ("send", "pk", "get", MANAGERS),
    ("invitations", "pk", "get", MANAGERS),
    ("invitations_xlsx", "pk", "get", MANAGERS),
    ("invitation_revoke", "invitation", "post", MANAGERS),
    ("invitation_resend", "invitation", "post", MANAGERS),
    ("results", "pk", "get", READERS),
    ("results_xlsx", "pk", "get", READERS),
]


def _walk(client, organization):
    """(page name, allowed roles, response) for every page, each on fresh objects."""
    for name, key, method, allowed in PAGES:
        objects = make_objects(organization)
        args = [organization.slug] + ([objects[key]] if key else [])
        yield name, allowed, getattr(client, method)(reverse(f"questionnaires:{name}", args=args))


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_on_every_page(login, organization, role):
    client = login(make_user(role, organization=organization))
    for name, allowed, response in _walk(client, organization):
        if role in allowed:
            assert response.status_code in (200, 302), (name, response.status_code)
            if response.status_code == 302:
                assert "/accounts/login/" not in response["Location"], name
        else:
            assert response.status_code == 404, (name, response.status_code)


def test_stranger_gets_404_everywhere(login, organization, stranger):
    for name, _allowed, response in _walk(login(stranger), organization):
        assert response.status_code == 404, name


def test_anonymous_is_sent_to_login_everywhere(client, organization):
    for name, _allowed, response in _walk(client, organization):
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


@pytest.mark.parametrize(
    ("name", "key"),
    [("editor", "pk"), ("question_edit", "question"), ("results", "pk"), ("invitation_revoke", "invitation")],
)
def test_own_url_with_foreign_ids_is_404(login, organization, other_organization, name, key):
    """A curator of A puts B's object id into A's URL: still 404."""
    foreign_questionnaire = copy("mentee", other_organization)
    foreign = {
        "pk": foreign_questionnaire.pk,
        "question": Question.objects.filter(questionnaire=foreign_questionnaire).first().pk,
        "invitation": invite(foreign_questionnaire, make_participant(other_organization)).pk,
    }
    curator = make_user(Role.CURATOR, organization=organization)
    method = "post" if name == "invitation_revoke" else "get"
    response = getattr(login(curator), method)(
        reverse(f"questionnaires:{name}", args=[organization.slug, foreign[key]])
    )
    assert response.status_code == 404


def test_a_shipped_templates_sections_are_not_editable(login, curator, organization):
    section = Section.shipped.first()
    response = login(curator).post(
        reverse("questionnaires:section_edit", args=[organization.slug, section.pk]), {"title": "Взлом"}
    )
    assert response.status_code == 404
    section.refresh_from_db()
    assert section.title != "Взлом"


def test_administration_sees_results_but_no_manage_controls(login, organization, objects):
    director = make_user(Role.DIRECTOR, organization=organization)
    client = login(director)
    index = client.get(reverse("questionnaires:index", args=[organization.slug])).content.decode()
    assert "Скопировать в организацию" not in index
    assert reverse("questionnaires:results", args=[organization.slug, objects["pk"]]) in index
    assert (
        'href="{}"'.format(reverse("questionnaires:editor", args=[organization.slug, objects["pk"]]))
        not in index
    )


def test_menu_shows_questionnaires_to_readers_only(login, organization):
    for role in ALL_ROLES:
        user = make_user(role, organization=organization)
        page = login(user).get(reverse("organizations:detail", args=[organization.slug])).content.decode()
        link = reverse("questionnaires:index", args=[organization.slug])
        assert (link in page) == (role in READERS), role


def test_revoked_consent_hides_the_person_from_all_but_the_curator(login, organization):
    from django.utils import timezone

    from nastavnik.participants.models import Consent
    from nastavnik.questionnaires import services
    from tests.builders import post_data, questions, simple_questionnaire

    questionnaire = simple_questionnaire(organization, ("short_text", {"text": "Ваше хобби"}))
    person = make_participant(organization, mentee=True, last_name="Отозвавший")
    invitation = invite(questionnaire, person)
    services.save_answers(
        invitation, post_data({questions(questionnaire)[0]: "Шахматы"}), acting_user=None, submit=True
    )
    Consent.objects.create(participant=person, organization=organization, revoked_at=timezone.now())
    pages = [
        reverse("questionnaires:results", args=[organization.slug, questionnaire.pk]),
        reverse("questionnaires:invitations", args=[organization.slug, questionnaire.pk]),
        reverse("questionnaires:send", args=[organization.slug, questionnaire.pk]),
    ]
    for role, sees in [(Role.CURATOR, True), (Role.WORKING_GROUP, False), (Role.DIRECTOR, False)]:
        client = login(make_user(role, organization=organization))
        for url in pages:
            response = client.get(url)
            if response.status_code == 404:
                assert role == Role.DIRECTOR
                continue
            assert ("Отозвавший" in response.content.decode()) == sees, (role, url)
