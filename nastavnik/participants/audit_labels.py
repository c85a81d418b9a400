"""How the access log names a participant: the short name, unless this reader may no longer see it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from nastavnik.accounts.permissions import can

from .models import Participant


def participant_labels(ids: list[int], user: Any) -> dict[int, str]:
    people = (
        Participant.objects.filter(pk__in=ids).select_related("organization").prefetch_related("consents")
    )
    return {
        person.pk: person.short_name
        if can(user, "participants.view_participant", person)
        else _("скрыт (согласие отозвано)")
        for person in people
    }
