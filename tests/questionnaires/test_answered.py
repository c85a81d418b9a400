"""The bases' filter "answered a questionnaire", contributed by questionnaires: submitted responses only."""

from django.urls import reverse

from nastavnik.participants.filters import LIST_FILTERS
from nastavnik.questionnaires import services
from nastavnik.questionnaires.answered import ANSWERED
from nastavnik.questionnaires.models import Response
from tests.builders import invite, make_participant, post_data, questions, simple_questionnaire


def _names(response) -> set[str]:
    return {n for n in ["Черновиков", "Отправкин", "Молчунов"] if n in response.content.decode()}


def test_only_submitted_responses_count_as_answered(login, curator, organization):
    questionnaire = simple_questionnaire(organization, ("short_text", {"text": "Что мешает?"}))
    (question,) = questions(questionnaire)
    drafter = make_participant(organization, mentee=True, last_name="Черновиков")
    sender = make_participant(organization, mentee=True, last_name="Отправкин")
    make_participant(organization, mentee=True, last_name="Молчунов")
    # autosave keeps one answer and leaves the response open: a draft, not an answer
    services.save_answers(
        invite(questionnaire, drafter),
        post_data({question: "пока думаю"}),
        acting_user=None,
        only=[question.pk],
    )
    assert services.save_answers(
        invite(questionnaire, sender), post_data({question: "Открытые уроки"}), acting_user=None, submit=True
    ).submitted
    assert Response.objects.filter(participant=drafter, submitted_at__isnull=True).exists()

    assert LIST_FILTERS["answered"] is ANSWERED  # registered by QuestionnairesConfig.ready()
    client = login(curator)
    url = reverse("participants:mentees", args=[organization.slug])
    page = client.get(url)
    assert page.status_code == 200 and "answered" in page.context["filter_form"].fields
    answered = client.get(f"{url}?answered=yes")
    assert answered.status_code == 200 and _names(answered) == {"Отправкин"}
    not_answered = client.get(f"{url}?answered=no")
    assert not_answered.status_code == 200 and _names(not_answered) == {"Черновиков", "Молчунов"}
    mentors_url = reverse("participants:mentors", args=[organization.slug])
    assert client.get(f"{mentors_url}?answered=yes").status_code == 200
