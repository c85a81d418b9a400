"""Changes made outside this app that change what the public page may show: its cache is dropped at once.

A publication or personal-data consent given, revoked or deleted, a person renamed or a birth date corrected,
an honor board entry deleted with its mentor: the organization's page version is incremented
(`services.touch`, one UPDATE), so the next visitor gets a freshly built page. The participants app knows
nothing of the public page; this app listens. (Bulk writes send no signals: the bases' bulk import only
creates people, who are on no honor board yet.)
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from nastavnik.participants.models import Consent, Participant

from .models import HonorBoardEntry
from .services import touch

#: Fields of a person whose change may change the public page (a name shown, an adult becoming a minor).
PUBLIC_FIELDS = frozenset({"last_name", "first_name", "patronymic", "birth_date", "category"})


@receiver(post_save, sender=Consent, dispatch_uid="public_consent_saved")
@receiver(post_delete, sender=Consent, dispatch_uid="public_consent_deleted")
@receiver(post_delete, sender=HonorBoardEntry, dispatch_uid="public_entry_deleted")
def _changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        touch(instance.organization_id)


@receiver(post_save, sender=Participant, dispatch_uid="public_participant_saved")
def _person_saved(sender: type, instance: Participant, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if kwargs.get("raw") or kwargs.get("created"):
        return
    if update_fields is None or PUBLIC_FIELDS & set(update_fields):
        touch(instance.organization_id)
