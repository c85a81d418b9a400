"""Services: the mentor's path, consents and links, pairing readiness, requests and competences."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.participants import queries, services
from nastavnik.participants.models import Consent, ConsentRequest, MentorStatusChange, RequestTopic
from tests.builders import (
    PDF,
    give_consent,
    make_mentee,
    make_mentor,
    make_participant,
    make_pupil,
    make_user,
)


def test_mentor_goes_along_the_path_with_dated_decisions(organization, curator):
    mentor = make_mentor(organization)
    for status in ["interviewed", "selected", "trained", "active", "resting", "active"]:
        services.change_mentor_status(mentor, status, acting_user=curator, note=f"решение: {status}")
        mentor.refresh_from_db()
        assert mentor.status == status
    changes = list(MentorStatusChange.objects.filter(mentor=mentor).order_by("changed_at", "pk"))
    assert [(c.from_status, c.to_status) for c in changes][:2] == [
        ("potential", "interviewed"),
        ("interviewed", "selected"),
    ]
    assert all(c.changed_by == curator and c.organization_id == organization.pk for c in changes)
    assert mentor.history.count() == 1 + len(changes)


def test_forbidden_transitions_are_explained_in_russian(organization, curator):
    mentor = make_mentor(organization)
    with pytest.raises(ValidationError) as excinfo:
        services.change_mentor_status(mentor, "active", acting_user=curator)
    message = excinfo.value.messages[0]
    assert "Из статуса «потенциальный» нельзя перейти в «действующий»" in message
    assert "«собеседование пройдено»" in message
    with pytest.raises(ValidationError, match="уже в статусе"):
        services.change_mentor_status(mentor, "potential", acting_user=curator)
    with pytest.raises(ValidationError, match="Неизвестный"):
        services.change_mentor_status(mentor, "boss", acting_user=curator)
    with pytest.raises(ValidationError, match="основание исключения"):
        services.change_mentor_status(mentor, "excluded", acting_user=curator)
    services.change_mentor_status(mentor, "excluded", acting_user=curator, note="Отказался")
    assert queries.allowed_statuses(mentor) == ["potential"]


def test_only_curation_changes_a_mentors_status(organization, login):
    """The check is at the boundary: the status page answers 404 to roles outside curation."""
    mentor = make_mentor(organization)
    url = reverse("participants:mentor_status", args=[organization.slug, mentor.participant_id])
    for role in [Role.DIRECTOR, Role.MENTOR, Role.PARENT]:
        response = login(make_user(role, organization=organization)).post(url, {"status": "interviewed"})
        assert response.status_code == 404
    mentor.refresh_from_db()
    assert mentor.status == "potential" and not MentorStatusChange.objects.exists()


def test_can_be_paired(organization):
    adult = make_participant(organization)
    ok, reason = queries.can_be_paired(adult)
    assert not ok and "Нет действующего согласия" in reason
    give_consent(adult)
    assert queries.can_be_paired(adult) == (True, "")

    child = make_pupil(organization)
    give_consent(child)  # by the child: not enough
    ok, reason = queries.can_be_paired(child)
    assert not ok and "Несовершеннолетнего нельзя включить в пару" in reason
    consent = give_consent(child, given_by=Consent.GivenBy.PARENT)
    assert queries.can_be_paired(child)[0]
    services.revoke_consent(consent, acting_user=None, reason="Заявление родителя")
    ok, reason = queries.can_be_paired(child)
    assert not ok and "отозвано" in reason


def test_record_consent_validates(organization, curator):
    child = make_pupil(organization)
    scan = SimpleUploadedFile("scan.pdf", PDF)
    with pytest.raises(ValidationError, match="законного представителя"):
        services.record_consent(child, acting_user=curator, given_by="parent", scan=scan)
    with pytest.raises(ValidationError, match="несовершеннолетний"):
        services.record_consent(child, acting_user=curator, given_by="self", scan=scan)
    with pytest.raises(ValidationError, match="скан"):
        services.record_consent(
            child, acting_user=curator, given_by="parent", representative_name="Петрова А. И."
        )
    consent = services.record_consent(
        child, acting_user=curator, given_by="parent", representative_name=" Петрова  Анна ", scan=scan
    )
    assert consent.representative_name == "Петрова Анна"
    assert consent.recorded_by == curator and consent.method == "scan"
    assert child.has_valid_consent


def test_working_group_and_mentors_do_not_manage_consent(organization, login):
    """The check is at the boundary: the consent page answers 404 to everyone but who manages consent."""
    child = make_pupil(organization)
    url = reverse("participants:consent_add", args=[organization.slug, child.pk])
    for role in [Role.WORKING_GROUP, Role.DIRECTOR, Role.MENTOR]:
        client = login(make_user(role, organization=organization))
        assert client.get(url).status_code == 404
        data = {
            "kind": "personal_data",
            "given_by": "parent",
            "representative_name": "Петрова Анна",
            "given_at": timezone.localdate().isoformat(),
            "scan": SimpleUploadedFile("scan.pdf", PDF),
        }
        assert client.post(url, data).status_code == 404
    assert not Consent.objects.exists()


def test_consent_link_confirmed_by_a_parent(organization, curator):
    child = make_pupil(organization)
    link = services.create_consent_request(child, acting_user=curator, representative_name="Петрова Анна")
    assert link.is_usable and len(link.token) >= 40
    assert link.expires_at - timezone.now() > dt.timedelta(days=13)
    with pytest.raises(ValidationError, match="согласны"):
        services.confirm_consent_request(link, "Петрова Анна Ивановна", agree=False, acting_user=None)
    with pytest.raises(ValidationError, match="фамилию, имя"):
        services.confirm_consent_request(link, "Анна", agree=True, acting_user=None)
    consent = services.confirm_consent_request(link, "Петрова Анна Ивановна", agree=True, acting_user=None)
    assert (consent.given_by, consent.method, consent.request) == ("parent", "link", link)
    assert child.has_valid_consent
    with pytest.raises(ValidationError, match="больше не действует"):
        services.confirm_consent_request(link, "Петрова Анна Ивановна", agree=True, acting_user=None)


def test_expired_and_cancelled_links_do_not_work(organization, curator):
    child = make_pupil(organization)
    expired = services.create_consent_request(child, acting_user=curator)
    ConsentRequest.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        services.confirm_consent_request(expired, "Петрова Анна Ивановна", agree=True, acting_user=None)
    cancelled = services.cancel_consent_request(
        services.create_consent_request(child, acting_user=curator), acting_user=curator
    )
    with pytest.raises(ValidationError):
        services.confirm_consent_request(cancelled, "Петрова Анна Ивановна", agree=True, acting_user=None)
    assert not child.consents.exists()


def test_revocation_is_in_the_audit_log(organization, curator):
    p = make_participant(organization)
    consent = give_consent(p)
    services.revoke_consent(consent, acting_user=curator, reason="Заявление")
    records = list(consent.history.order_by("history_date"))
    assert records[-1].revoked_at is not None
    assert records[-1].revoke_reason == "Заявление"
    assert records[-1].history_type == "~"
    with pytest.raises(ValidationError, match="уже отозвано"):
        services.revoke_consent(consent, acting_user=curator)


def test_parent_confirms_in_their_account(organization):
    child = make_pupil(organization)
    parent = make_user(Role.PARENT, organization=organization)
    with pytest.raises(ValidationError):
        services.give_consent_in_account(child, acting_user=parent)
    services.add_guardian(child, parent, acting_user=None)
    consent = services.give_consent_in_account(child, acting_user=parent)
    assert (consent.given_by, consent.method, consent.representative_name) == (
        "parent",
        "account",
        parent.get_full_name(),
    )
    assert child.has_valid_consent
    # a minor cannot consent for themself in their account
    own = make_user(Role.MENTEE, organization=organization)
    child.user = own
    child.save()
    with pytest.raises(ValidationError):
        services.give_consent_in_account(child, acting_user=own)


def test_requests_and_competences(organization, curator, other_organization):
    mentee = make_mentee(organization)
    topic = RequestTopic.objects.get(organization=None, title="Работа с родителями")
    request = services.add_request(mentee, acting_user=curator, topic=topic, source="attestation")
    assert request.label == "Работа с родителями" and request.organization_id == organization.pk
    assert (
        services.add_request(mentee, acting_user=curator, text="  Боюсь открытых уроков ").text
        == "Боюсь открытых уроков"
    )
    with pytest.raises(ValidationError):
        services.add_request(mentee, acting_user=curator)
    foreign = RequestTopic.objects.create(organization=other_organization, title="Чужой")
    with pytest.raises(ValidationError, match="другой организации"):
        services.add_request(mentee, acting_user=curator, topic=foreign)
    mentor = make_mentor(organization)
    assert services.add_competence(mentor, acting_user=curator, topic=topic).title == "Работа с родителями"
    with pytest.raises(ValidationError):
        services.add_competence(mentor, acting_user=curator)


def test_interview_and_training(organization, curator):
    mentor = make_mentor(organization)
    interview = services.record_interview(
        mentor, acting_user=curator, date=timezone.localdate(), notes="Готов"
    )
    assert interview.interviewer == curator
    with pytest.raises(ValidationError):
        services.record_interview(
            mentor, acting_user=curator, date=timezone.localdate() + dt.timedelta(days=2)
        )
    training = services.record_training(
        mentor,
        acting_user=curator,
        course="Наставничество в школе",
        hours=36,
        date=timezone.localdate(),
        certificate=SimpleUploadedFile("cert.pdf", PDF),
    )
    assert training.certificate.name.endswith("cert.pdf")
    with pytest.raises(ValidationError):
        services.record_training(mentor, acting_user=curator, course="", date=timezone.localdate())


def test_assign_mentor_checks_organizations(organization, other_organization):
    mentor = make_mentor(organization)
    with pytest.raises(ValidationError, match="разных организаций"):
        services.assign_mentor(mentor, make_mentee(other_organization), acting_user=None)
    p = make_participant(organization)
    with pytest.raises(ValidationError, match="самому себе"):
        services.assign_mentor(
            make_mentor(organization, participant=p),
            make_mentee(organization, participant=p),
            acting_user=None,
        )
    mentee = make_mentee(organization)
    assert services.assign_mentor(mentor, mentee, acting_user=None) == services.assign_mentor(
        mentor, mentee, acting_user=None
    )


def test_assign_mentors_in_bulk_checks_skips_existing_and_uses_few_queries(
    organization, other_organization, django_assert_max_num_queries
):
    mentor, other_mentor = make_mentor(organization), make_mentor(organization)
    mentees = [make_mentee(organization) for _ in range(6)]
    existing = services.assign_mentor(mentor, mentees[0], acting_user=None)
    pairs = (
        [(mentor, m) for m in mentees[:3]] + [(other_mentor, m) for m in mentees[3:]] + [(mentor, mentees[1])]
    )
    with django_assert_max_num_queries(2):
        links = services.assign_mentors(pairs, acting_user=None)
    assert links[0] == existing
    assert links[1] is links[-1]
    assert {(a.mentor_profile_id, a.mentee_profile_id) for a in mentor.assignments.all()} == {
        (mentor.pk, m.pk) for m in mentees[:3]
    }
    assert other_mentor.assignments.count() == 3
    assert services.assign_mentors([], acting_user=None) == []
    with pytest.raises(ValidationError, match="разных организаций"):
        services.assign_mentors([(mentor, make_mentee(other_organization))], acting_user=None)
    p = make_participant(organization)
    with pytest.raises(ValidationError, match="самому себе"):
        services.assign_mentors(
            [(make_mentor(organization, participant=p), make_mentee(organization, participant=p))],
            acting_user=None,
        )
