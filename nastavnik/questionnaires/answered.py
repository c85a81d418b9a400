"""The bases' filter "answered a questionnaire": a person counts once they SUBMITTED a response.

An autosave draft (a response without `submitted_at`) is not an answer. Registered with the participants
lists from `QuestionnairesConfig.ready()` (participants sits below questionnaires and imports nothing of it).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from nastavnik.participants.filters import ListFilter

from .models import Response


def answered_filter(qs: QuerySet, answered: bool, participant_pk: str) -> QuerySet:
    """Rows whose participant (`participant_pk` is the path to its pk) submitted a response, or did not."""
    submitted = Exists(
        Response.objects.filter(participant=OuterRef(participant_pk), submitted_at__isnull=False)
    )
    return qs.filter(submitted if answered else ~submitted)


ANSWERED = ListFilter(name="answered", label=_("Заполнил анкету"), apply=answered_filter)
