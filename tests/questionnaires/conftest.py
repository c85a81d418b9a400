"""Fixtures for questionnaire tests (the builders are in tests/builders.py)."""

import pytest

from nastavnik.participants.models import Participant
from tests.builders import make_participant


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks (the e-mails of a send) run inside the test, as a worker would run them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def mentee(organization):
    return make_participant(
        organization, mentee=True, category=Participant.Category.YOUNG_SPECIALIST, first_name="Руслан"
    )


@pytest.fixture
def mentor(organization):
    return make_participant(organization, mentor=True, subject="")
