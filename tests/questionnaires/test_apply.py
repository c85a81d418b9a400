"""Submitted answers flow into the bases through `maps_to`, idempotently; rankings are kept for matching."""

import pytest
from django.utils.datastructures import MultiValueDict

from nastavnik.methodology.models import MentoringForm
from nastavnik.participants.models import (
    MenteeProfile,
    MenteeRequest,
    MentorCompetence,
    MentorProfile,
    Participant,
    RequestTopic,
)
from nastavnik.questionnaires import services
from nastavnik.questionnaires.models import Invitation, Question, Response
from tests.builders import copy, invite, make_participant, post_data, questions, simple_questionnaire


def test_every_target_has_one_handler():
    """Each place an answer can go (`maps_to`) has a handler, and the editor offers exactly those."""
    from nastavnik.questionnaires.models import MapsTo

    targets = set(MapsTo.values) - {MapsTo.NOTHING}
    assert set(services.HANDLERS) == targets
    assert set(services.MAPPING_KINDS) == targets


def _by_maps(questionnaire, maps_to, kind=None):
    qs = Question.objects.filter(questionnaire=questionnaire, maps_to=maps_to)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.get()


def _choices(invitation, question):
    form = services.build_form(invitation.questionnaire, invitation)
    return next(fq.choices for s in form for fq in s.questions if fq.question.pk == question.pk)


def test_a_mentees_difficulties_and_goals_become_requests(organization, mentee):
    questionnaire = copy("mentee", organization)
    invitation = invite(questionnaire, mentee)
    difficulties = _by_maps(questionnaire, "mentee.requests", "multiple_choice")
    own_words = _by_maps(questionnaire, "mentee.requests", "long_text")
    goals = _by_maps(questionnaire, "mentee.goals", "multiple_choice")
    goal_words = _by_maps(questionnaire, "mentee.goals", "long_text")
    offered = _choices(invitation, difficulties)
    # A young specialist sees the teachers' catalogue, not the pupils'.
    titles = {label for _v, label in offered}
    assert "Дисциплина на уроке" in titles
    assert "Трудности в общении со сверстниками" not in titles
    chosen = [value for value, label in offered if label in {"Дисциплина на уроке", "Работа с родителями"}]
    goal = next(value for value, _label in _choices(invitation, goals))
    result = services.save_answers(
        invitation,
        post_data(
            {
                difficulties: chosen,
                own_words: "Не успеваю проверять тетради\nДисциплина на уроке",
                goals: [goal],
                goal_words: "Выступить на педсовете",
            }
        ),
        acting_user=None,
        submit=True,
    )
    assert result.submitted
    requests = MenteeRequest.objects.filter(mentee=mentee.mentee_profile)
    assert {r.topic.title for r in requests if r.topic} == {
        "Дисциплина на уроке",
        "Работа с родителями",
        RequestTopic.objects.get(pk=int(goal)).title,
    }
    assert {r.text for r in requests if not r.topic} == {
        "Не успеваю проверять тетради",
        "Дисциплина на уроке",
        "Выступить на педсовете",
    }
    assert {r.source for r in requests} == {MenteeRequest.Source.QUESTIONNAIRE}
    assert Response.objects.get(invitation=invitation).applied_at is not None


def test_applying_twice_adds_nothing(organization, mentee):
    questionnaire = copy("mentee", organization)
    invitation = invite(questionnaire, mentee)
    difficulties = _by_maps(questionnaire, "mentee.requests", "multiple_choice")
    chosen = [v for v, _l in _choices(invitation, difficulties)[:3]]
    services.save_answers(invitation, post_data({difficulties: chosen}), acting_user=None, submit=True)
    response = Response.objects.get(invitation=invitation)
    before = MenteeRequest.objects.count()
    services.apply_response(response, acting_user=None)
    services.apply_response(response, acting_user=None)
    assert MenteeRequest.objects.count() == before == 3


def test_requests_already_in_the_base_are_not_duplicated(organization, mentee):
    topic = RequestTopic.objects.get(title="Дисциплина на уроке", organization=None)
    MenteeRequest.objects.create(
        mentee=mentee.mentee_profile,
        organization=organization,
        topic=topic,
        source=MenteeRequest.Source.PSYCHOLOGIST,
    )
    questionnaire = copy("mentee", organization)
    invitation = invite(questionnaire, mentee)
    difficulties = _by_maps(questionnaire, "mentee.requests", "multiple_choice")
    services.save_answers(
        invitation, post_data({difficulties: [str(topic.pk)]}), acting_user=None, submit=True
    )
    assert MenteeRequest.objects.filter(mentee=mentee.mentee_profile).count() == 1


def test_a_mentor_questionnaire_fills_the_mentor_profile(organization, mentor):
    questionnaire = copy("mentor-candidate", organization)
    invitation = invite(questionnaire, mentor)
    competences = _by_maps(questionnaire, "mentor.competences", "multiple_choice")
    offered = dict((label, value) for value, label in _choices(invitation, competences))
    # A mentor of a school sees what teachers and pupils may ask for.
    assert "Подготовка к олимпиаде" in offered and "Применение ИКТ" in offered
    assert "Практика" not in offered  # the college catalogue
    forms_question = _by_maps(questionnaire, "mentor.forms")
    form_value = _choices(invitation, forms_question)[0][0]
    capacity = _by_maps(questionnaire, "mentor.capacity")
    availability = _by_maps(questionnaire, "mentor.availability")
    result = services.save_answers(
        invitation,
        post_data(
            {
                _by_maps(questionnaire, "participant.subject"): "Математика",
                _by_maps(questionnaire, "mentor.experience"): "Учитель высшей категории",
                competences: [offered["Применение ИКТ"], offered["Подготовка к олимпиаде"]],
                _by_maps(questionnaire, "mentor.competences", "long_text"): "Шахматы\nПрименение ИКТ",
                forms_question: [form_value],
                capacity: "5",  # the option "5 и более"
                availability: ["2", "3"],
                Question.objects.get(
                    questionnaire=questionnaire, text="Был ли у вас опыт наставничества?"
                ): "yes",
            }
        ),
        acting_user=None,
        submit=True,
    )
    assert result.submitted, result.errors
    mentor.refresh_from_db()
    profile = MentorProfile.objects.get(participant=mentor)
    assert mentor.subject == "Математика"
    assert profile.experience == "Учитель высшей категории"
    assert profile.capacity == 5
    assert profile.availability == ["В будни после уроков", "В субботу"]
    assert list(profile.forms.values_list("pk", flat=True)) == [int(form_value)]
    competences_rows = MentorCompetence.objects.filter(mentor=profile)
    assert {(c.title, c.topic_id is not None) for c in competences_rows} == {
        ("Применение ИКТ", True),
        ("Подготовка к олимпиаде", True),
        ("Шахматы", False),
    }
    services.apply_response(Response.objects.get(invitation=invitation), acting_user=None)
    assert MentorCompetence.objects.filter(mentor=profile).count() == 3


def test_profiles_are_created_for_people_not_yet_in_the_base(organization):
    newcomer = make_participant(organization)
    questionnaire = copy("mentor-candidate", organization)
    invitation = invite(questionnaire, newcomer)
    data = {
        _by_maps(questionnaire, "participant.subject"): "Физика",
        _by_maps(questionnaire, "mentor.competences", "long_text"): "Робототехника",
        _by_maps(questionnaire, "mentor.capacity"): "2",
        _by_maps(questionnaire, "mentor.availability"): ["1"],
        Question.objects.get(questionnaire=questionnaire, text="Был ли у вас опыт наставничества?"): "no",
    }
    competences = _by_maps(questionnaire, "mentor.competences", "multiple_choice")
    data[competences] = [_choices(invitation, competences)[0][0]]
    assert services.save_answers(invitation, post_data(data), acting_user=None, submit=True).submitted
    profile = MentorProfile.objects.get(participant=newcomer)
    assert profile.organization == organization
    assert profile.capacity == 2


def test_mentee_form_and_scale_capacity(organization, mentee):
    form = MentoringForm.available_to(organization).first()
    questionnaire = simple_questionnaire(
        organization,
        ("single_choice", {"text": "Форма", "options_source": "forms", "maps_to": "mentee.form"}),
        (
            "single_choice",
            {
                "text": "Предмет",
                "options": [{"value": "1", "label": "Химия"}, {"value": "2", "label": "Право"}],
                "maps_to": "participant.subject",
            },
        ),
    )
    invitation = invite(questionnaire, mentee)
    form_q, subject_q = questions(questionnaire)
    services.save_answers(
        invitation, post_data({form_q: str(form.pk), subject_q: "2"}), acting_user=None, submit=True
    )
    assert MenteeProfile.objects.get(participant=mentee).form == form
    assert Participant.objects.get(pk=mentee.pk).subject == "Право"


def test_a_foreign_catalogue_topic_is_refused(organization, other_organization, mentee):
    foreign = RequestTopic.objects.create(
        organization=other_organization, title="Чужая тема", kind="difficulty"
    )
    questionnaire = copy("mentee", organization)
    invitation = invite(questionnaire, mentee)
    difficulties = _by_maps(questionnaire, "mentee.requests", "multiple_choice")
    result = services.save_answers(
        invitation, post_data({difficulties: [str(foreign.pk)]}), acting_user=None, submit=True
    )
    assert not result.submitted
    assert result.errors[difficulties.pk] == "Выберите вариант из списка."
    assert not MenteeRequest.objects.exists()


def test_an_organizations_own_topics_are_offered(organization, mentee):
    own = RequestTopic.objects.create(
        organization=organization, title="Работа с интерактивной доской", kind="difficulty"
    )
    questionnaire = copy("mentee", organization)
    invitation = invite(questionnaire, mentee)
    assert (str(own.pk), own.title) in _choices(
        invitation, _by_maps(questionnaire, "mentee.requests", "multiple_choice")
    )


def test_drafts_do_not_flow(organization, mentee):
    questionnaire = copy("mentee", organization)
    invitation = invite(questionnaire, mentee)
    difficulties = _by_maps(questionnaire, "mentee.requests", "multiple_choice")
    services.save_answers(
        invitation, post_data({difficulties: [_choices(invitation, difficulties)[0][0]]}), acting_user=None
    )
    services.apply_response(Response.objects.get(invitation=invitation), acting_user=None)
    assert not MenteeRequest.objects.exists()


# --- rankings -----------------------------------------------------------------------------------------------------
@pytest.fixture
def meeting(organization):
    mentees = [make_participant(organization, mentee=True, category="pupil") for _ in range(3)]
    mentors = [make_participant(organization, mentor=True) for _ in range(2)]
    return mentees, mentors


def test_preferences_after_the_group_meeting(organization, meeting):
    mentees, mentors = meeting
    outsider = make_participant(organization, mentor=True)
    questionnaire = copy("preferences", organization)
    people = Participant.objects.filter(pk__in=[p.pk for p in mentees + mentors])
    result = services.send_to_base(questionnaire, people, acting_user=None, send_email=False)
    invitations = {i.participant_id: i for i in result.created}
    # Everybody ranks the invited people of the other side, never themselves nor the outsider.
    assert invitations[mentees[0].pk].people_to_rank == [
        m.pk for m in sorted(mentors, key=lambda p: p.last_name)
    ]
    assert set(invitations[mentors[0].pk].people_to_rank) == {m.pk for m in mentees}
    assert outsider.pk not in invitations[mentees[0].pk].people_to_rank
    ranking = Question.objects.get(questionnaire=questionnaire, kind="ranking")
    first = invitations[mentees[0].pk]
    services.save_answers(
        first, post_data({ranking: [str(mentors[1].pk), str(mentors[0].pk)]}), acting_user=None, submit=True
    )
    second = invitations[mentors[0].pk]
    services.save_answers(
        second, post_data({ranking: [str(mentees[2].pk), "", ""]}), acting_user=None, submit=True
    )
    draft = invitations[mentees[1].pk]
    services.save_answers(draft, post_data({ranking: [str(mentors[0].pk)]}), acting_user=None)
    assert services.rankings_for(organization, questionnaire) == {
        mentees[0].pk: [mentors[1].pk, mentors[0].pk],
        mentors[0].pk: [mentees[2].pk],
    }


def test_ranking_someone_outside_the_list_is_refused(organization, meeting):
    mentees, mentors = meeting
    questionnaire = copy("preferences", organization)
    result = services.send_to_base(
        questionnaire, Participant.objects.filter(pk=mentees[0].pk), acting_user=None, send_email=False
    )
    invitation = result.created[0]
    # Sent to mentees only: they rank all mentors of the organization.
    assert set(invitation.people_to_rank) == {m.pk for m in mentors}
    ranking = Question.objects.get(questionnaire=questionnaire, kind="ranking")
    bad = services.save_answers(
        invitation, post_data({ranking: [str(mentees[1].pk)]}), acting_user=None, submit=True
    )
    assert bad.errors[ranking.pk] == "Выберите участника из списка."
    twice = services.save_answers(
        invitation, post_data({ranking: [str(mentors[0].pk)] * 2}), acting_user=None, submit=True
    )
    assert twice.errors[ranking.pk] == "Каждого участника можно поставить только на одно место."
    assert Invitation.objects.get(pk=invitation.pk).submitted_at is None


def test_rankings_of_another_organization_are_not_mixed_in(organization, other_organization, meeting):
    questionnaire = copy("preferences", organization)
    assert services.rankings_for(other_organization, questionnaire) == {}


def test_ranking_page_lists_the_people(client, organization, meeting):
    mentees, mentors = meeting
    questionnaire = copy("preferences", organization)
    invitation = services.send_to_base(
        questionnaire, Participant.objects.filter(pk=mentees[0].pk), acting_user=None, send_email=False
    ).created[0]
    page = client.get(f"/q/{invitation.token}/").content.decode()
    for mentor in mentors:
        assert mentor.full_name in page
    assert "1-е место" in page and "2-е место" in page
    assert mentees[1].full_name not in page


def test_answers_of_a_questionnaire_without_mapping_change_nothing(organization, mentee):
    questionnaire = copy("satisfaction-mentee-final", organization)
    invitation = invite(questionnaire, mentee)
    data = MultiValueDict()
    for q in questions(questionnaire):
        if q.kind == "scale":
            data.setlist(q.field_name, ["8"])
        elif q.kind == "yes_no":
            data.setlist(q.field_name, ["yes"])
    assert services.save_answers(invitation, data, acting_user=None, submit=True).submitted
    assert not MenteeRequest.objects.exists()


def test_a_failing_transfer_keeps_the_submission(organization, mentee, monkeypatch):
    from django.core.exceptions import ValidationError

    from nastavnik.participants import services as participant_services

    def broken(*args, **kwargs):
        raise ValidationError("Не вышло")

    monkeypatch.setattr(participant_services, "add_request", broken)
    questionnaire = copy("mentee", organization)
    invitation = invite(questionnaire, mentee)
    words = _by_maps(questionnaire, "mentee.requests", "long_text")
    difficulties = _by_maps(questionnaire, "mentee.requests", "multiple_choice")
    data = post_data({words: "Помогите", difficulties: [_choices(invitation, difficulties)[0][0]]})
    assert services.save_answers(invitation, data, acting_user=None, submit=True).submitted
    response = Response.objects.get(invitation=invitation)
    assert response.submitted_at is not None and response.applied_at is None
    assert not MenteeRequest.objects.exists()


def test_the_command_transfers_responses_left_behind(organization, mentee, monkeypatch):
    from django.core.management import CommandError, call_command

    questionnaire = copy("mentee", organization)
    invitation = invite(questionnaire, mentee)
    words = _by_maps(questionnaire, "mentee.requests", "long_text")
    difficulties = _by_maps(questionnaire, "mentee.requests", "multiple_choice")
    from nastavnik.questionnaires.services import apply as transfer

    with monkeypatch.context() as patch:
        patch.setattr(transfer, "apply_response", lambda response, *, acting_user: None)
        data = post_data(
            {words: "Помогите с журналом", difficulties: [_choices(invitation, difficulties)[0][0]]}
        )
        assert services.save_answers(invitation, data, acting_user=None, submit=True).submitted
    assert not MenteeRequest.objects.exists()
    call_command("apply_questionnaire_responses", organization.slug)
    assert MenteeRequest.objects.count() == 2
    call_command("apply_questionnaire_responses", organization.slug, "--all")
    assert MenteeRequest.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("apply_questionnaire_responses", "no-such-school")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_runs_outside_any_transaction(organization, mentee):
    """Regression: apply_response locks the participant's row, which PostgreSQL allows only inside a
    transaction; the command runs in autocommit mode (no test transaction around it here, unlike the
    tests above), so a transfer that is not atomic itself raised TransactionManagementError."""
    from django.core.management import call_command
    from django.db import connection

    questionnaire = copy("mentee", organization)
    invitation = invite(questionnaire, mentee)
    words = _by_maps(questionnaire, "mentee.requests", "long_text")
    difficulties = _by_maps(questionnaire, "mentee.requests", "multiple_choice")
    topic = _choices(invitation, difficulties)[0][0]
    data = post_data({words: "Помогите с журналом", difficulties: [topic]})
    assert services.save_answers(invitation, data, acting_user=None, submit=True).submitted
    MenteeRequest.objects.all().delete()
    Response.objects.update(applied_at=None)
    assert connection.get_autocommit()
    call_command("apply_questionnaire_responses", organization.slug)
    assert set(MenteeRequest.objects.values_list("topic_id", "text")) == {
        (int(topic), ""),
        (None, "Помогите с журналом"),
    }
    response = Response.objects.get()
    assert response.applied_at is not None
    summary = services.apply_response(response, acting_user=None)
    assert summary.requests_created == 0


@pytest.mark.parametrize(
    ("label", "expected"), [("Женщина", "female"), ("Мужчина", "male"), ("Не имеет значения", "")]
)
def test_the_preferred_gender_of_the_mentor_reaches_the_profile(organization, mentee, label, expected):
    questionnaire = copy("mentee", organization)
    invitation = invite(questionnaire, mentee)
    question = _by_maps(questionnaire, "mentee.preferred_gender")
    value = next(v for v, shown in _choices(invitation, question) if shown == label)
    answers = {question: value}
    for required in Question.objects.filter(questionnaire=questionnaire, required=True):
        first = _choices(invitation, required)[0][0]
        answers[required] = [first] if required.kind == "multiple_choice" else first
    result = services.save_answers(invitation, post_data(answers), acting_user=None, submit=True)
    assert result.submitted
    assert MenteeProfile.objects.get(participant=mentee).preferred_mentor_gender == expected


def _revoke(person):
    from django.utils import timezone

    from nastavnik.participants.models import Consent

    Consent.objects.create(participant=person, organization=person.organization, revoked_at=timezone.now())


def test_people_who_revoked_consent_are_not_offered_for_ranking(client, organization, meeting):
    mentees, mentors = meeting
    _revoke(mentors[1])
    questionnaire = copy("preferences", organization)
    invitation = services.send_to_base(
        questionnaire, Participant.objects.filter(pk=mentees[0].pk), acting_user=None, send_email=False
    ).created[0]
    assert invitation.people_to_rank == [mentors[0].pk]
    # Revoked after the link was sent: the public page no longer names them, nor accepts them.
    _revoke(mentors[0])
    page = client.get(f"/q/{invitation.token}/").content.decode()
    assert mentors[0].full_name not in page and mentors[1].full_name not in page
    ranking = Question.objects.get(questionnaire=questionnaire, kind="ranking")
    bad = services.save_answers(invitation, post_data({ranking: [str(mentors[0].pk)]}), acting_user=None)
    assert bad.errors[ranking.pk] == "Выберите участника из списка."


def test_results_hide_ranked_people_who_revoked_consent_from_all_but_the_curator(organization, meeting):
    from nastavnik.questionnaires import results

    mentees, mentors = meeting
    questionnaire = copy("preferences", organization)
    invitation = services.send_to_base(
        questionnaire, Participant.objects.filter(pk=mentees[0].pk), acting_user=None, send_email=False
    ).created[0]
    ranking = Question.objects.get(questionnaire=questionnaire, kind="ranking")
    services.save_answers(invitation, post_data({ranking: [str(mentors[0].pk)]}), acting_user=None)
    Response.objects.filter(invitation=invitation).update(submitted_at=invitation.created_at)
    _revoke(mentors[0])
    assert results.collect(questionnaire, with_revoked=True).labels.people == {
        mentors[0].pk: mentors[0].full_name
    }
    assert results.collect(questionnaire, with_revoked=False).labels.people == {
        mentors[0].pk: "скрыт (согласие отозвано)"
    }
