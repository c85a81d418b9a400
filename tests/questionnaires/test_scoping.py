"""Tenancy: questionnaire rows cannot be read outside a scope, and a scope shows one organization only."""

import pytest
from django_scopes import ScopeError, scope, scopes_disabled

from nastavnik.questionnaires.defaults import TEMPLATES
from nastavnik.questionnaires.models import Answer, Invitation, Question, Questionnaire, Response, Section
from tests.builders import copy, invite


@pytest.mark.parametrize("model", [Questionnaire, Section, Question, Invitation, Response, Answer])
def test_query_outside_a_scope_raises(db, model):
    with scope(), pytest.raises(ScopeError):  # a scope without the organization dimension
        list(model.objects.all())


def test_a_scope_sees_its_organization_only(organization, other_organization, mentee):
    mine = copy("mentee", organization)
    theirs = copy("mentee", other_organization)
    invite(mine, mentee)
    with scope(organization=[organization.pk]):
        assert list(Questionnaire.objects.all()) == [mine]
        assert not Question.objects.filter(questionnaire=theirs).exists()
        assert Invitation.objects.count() == 1
        # Shipped templates are reference data, readable in any scope through their own manager.
        assert Questionnaire.shipped.count() == len(TEMPLATES)
        assert Section.shipped.exists()
    with scopes_disabled():
        assert Questionnaire.objects.filter(organization__isnull=False).count() == 2
