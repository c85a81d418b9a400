"""The methodology's questionnaires ship as templates; a curator copies one into the organization."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.questionnaires import services
from nastavnik.questionnaires.defaults import TEMPLATES
from nastavnik.questionnaires.models import Question, Questionnaire, Section
from tests.builders import copy, make_user, template

PURPOSES = {
    "mentor_candidate",
    "mentee",
    "preferences",
    "satisfaction_mentor_interim",
    "satisfaction_mentee_interim",
    "satisfaction_mentor_final",
    "satisfaction_mentee_final",
    "programme_quality",
    # stage 1 of monitoring (issue 11): per form of mentoring, at the start and at the end
    "expectations_mentee",
    "expectations_mentor",
    "results_mentee",
    "results_mentor",
    "curator",
}


def test_every_standard_questionnaire_is_shipped(db):
    shipped = Questionnaire.shipped.all()
    assert {q.purpose for q in shipped} == PURPOSES
    assert all(q.is_template and q.organization_id is None for q in shipped)
    assert Question.shipped.count() > 60


def test_shipped_templates_are_consistent(db):
    """Every shipped question passes the same checks as a curator's question."""
    for data in TEMPLATES:
        for section in data["sections"]:
            for q in section["questions"]:
                problems = services.question_problems(
                    q["kind"], q["options"], q["options_source"], q["scale_min"], q["scale_max"], q["maps_to"]
                )
                assert problems == [], (q["text"], problems)


def test_templates_map_the_answers_the_bases_need(db):
    def maps(code):
        return set(Question.shipped.filter(questionnaire__code=code).values_list("maps_to", flat=True))

    assert {"mentee.requests", "mentee.goals"} <= maps("mentee")
    assert {"mentor.competences", "mentor.capacity", "mentor.availability", "participant.subject"} <= maps(
        "mentor-candidate"
    )
    assert Question.shipped.filter(questionnaire__code="preferences", kind="ranking").exists()
    comfort = Question.shipped.get(
        questionnaire__code="satisfaction-mentee-final",
        text="Насколько комфортным было общение с наставником?",
    )
    assert (comfort.kind, comfort.scale_min, comfort.scale_max) == ("scale", 1, 10)
    assert set(
        Question.shipped.filter(questionnaire__code="programme-quality", kind="scale").values_list(
            "scale_max", flat=True
        )
    ) == {5}


def test_copy_template_copies_sections_and_questions_in_order(organization, curator):
    original = template("mentor-candidate")
    questionnaire = services.copy_template(original, organization, acting_user=curator)
    assert questionnaire.organization == organization
    assert questionnaire.source_template == original
    assert not questionnaire.is_template
    copied = list(
        Question.objects.filter(questionnaire=questionnaire)
        .order_by("section__position", "position")
        .values_list("section__title", "text", "kind", "maps_to", "options_source", "required")
    )
    shipped = list(
        Question.shipped.filter(questionnaire=original)
        .order_by("section__position", "position")
        .values_list("section__title", "text", "kind", "maps_to", "options_source", "required")
    )
    assert copied == shipped
    assert set(
        Section.objects.filter(questionnaire=questionnaire).values_list("organization", flat=True)
    ) == {organization.pk}
    assert set(
        Question.objects.filter(questionnaire=questionnaire).values_list("organization", flat=True)
    ) == {organization.pk}


def test_copying_leaves_the_template_untouched(organization):
    before = Question.shipped.count()
    q = copy("mentee", organization)
    services.delete_question(Question.objects.filter(questionnaire=q).first(), acting_user=None)
    assert Question.shipped.count() == before


def test_copy_of_a_foreign_questionnaire_is_refused(login, curator, organization, other_organization):
    foreign = copy("mentee", other_organization)
    with pytest.raises(ValidationError):
        services.copy_template(foreign, organization, acting_user=None)
    response = login(curator).post(reverse("questionnaires:copy", args=[organization.slug, foreign.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.MENTOR, Role.MENTEE, Role.DIRECTOR, Role.PARENT])
def test_only_curation_copies(login, organization, role):
    """The copy view checks the permission (the service trusts its caller)."""
    client = login(make_user(role, organization=organization))
    response = client.post(reverse("questionnaires:copy", args=[organization.slug, template("mentee").pk]))
    assert response.status_code == 404
    assert not Questionnaire.objects.filter(organization=organization).exists()


def test_working_group_copies(organization):
    user = make_user(Role.WORKING_GROUP, organization=organization)
    assert (
        services.copy_template(template("mentee"), organization, acting_user=user).organization
        == organization
    )


def test_shipped_templates_are_read_only(db):
    with pytest.raises(ValidationError):
        services.update_questionnaire(template("mentee"), acting_user=None, title="Моя")
    with pytest.raises(ValidationError):
        services.add_section(template("mentee"), acting_user=None)
