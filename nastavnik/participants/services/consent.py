"""Consents: signed scans, links for parents, consent in the account, revocation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.core.history import set_history_user

from ..models import (
    Consent,
    ConsentRequest,
    Participant,
)
from .common import save_checked

if TYPE_CHECKING:
    from nastavnik.accounts.models import User


@transaction.atomic
def record_consent(
    participant: Participant,
    *,
    acting_user: User | None,
    kind: str = Consent.Kind.PERSONAL_DATA,
    given_by: str = Consent.GivenBy.SELF,
    representative_name: str = "",
    given_at: dt.datetime | None = None,
    scan: File[bytes] | None = None,
) -> Consent:
    """A signed paper consent: the curator uploads its scan."""
    representative_name = " ".join((representative_name or "").split())
    if given_by == Consent.GivenBy.PARENT and not representative_name:
        raise ValidationError(_("Укажите ФИО законного представителя, подписавшего согласие."))
    if given_by == Consent.GivenBy.SELF and participant.is_minor and kind == Consent.Kind.PERSONAL_DATA:
        raise ValidationError(
            _(
                "Участник несовершеннолетний: согласие на обработку персональных данных даёт законный представитель."
            )
        )
    if not scan:
        raise ValidationError(_("Приложите скан подписанного согласия."))
    if given_at and given_at > timezone.now():
        raise ValidationError(_("Дата согласия ещё не наступила."))
    consent = Consent(
        participant=participant,
        organization_id=participant.organization_id,
        kind=kind,
        given_by=given_by,
        representative_name=representative_name if given_by == Consent.GivenBy.PARENT else "",
        given_at=given_at or timezone.now(),
        method=Consent.Method.SCAN,
        scan=scan,
        recorded_by=acting_user,
    )
    save_checked(consent, acting_user)
    return consent


@transaction.atomic
def create_consent_request(
    participant: Participant,
    *,
    acting_user: User | None,
    kind: str = Consent.Kind.PERSONAL_DATA,
    representative_name: str = "",
) -> ConsentRequest:
    """A link for a parent to confirm consent on a phone without an account; valid 14 days."""
    request = ConsentRequest(
        participant=participant,
        organization_id=participant.organization_id,
        kind=kind,
        representative_name=" ".join((representative_name or "").split()),
        created_by=acting_user,
    )
    save_checked(request, acting_user)
    return request


@transaction.atomic
def cancel_consent_request(request: ConsentRequest, *, acting_user: User | None) -> ConsentRequest:
    if request.used_at is None and request.cancelled_at is None:
        request.cancelled_at = timezone.now()
        request.save(update_fields=["cancelled_at"])
    return request


@transaction.atomic
def confirm_consent_request(
    request: ConsentRequest, representative_name: str, agree: bool, *, acting_user: User | None
) -> Consent:
    """The parent opened the link and ticked "I agree": the consent is recorded as given by the parent."""
    given, request = request, ConsentRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_usable:
        raise ValidationError(_("Ссылка больше не действует. Попросите куратора прислать новую."))
    if not agree:
        raise ValidationError(_("Отметьте, что вы согласны."))
    name = " ".join((representative_name or "").split())
    if len(name.split()) < 2:
        raise ValidationError(_("Укажите фамилию, имя и отчество законного представителя."))
    if len(name) > 300:
        raise ValidationError(_("Слишком длинное ФИО."))
    now = timezone.now()
    consent = Consent(
        participant=request.participant,
        organization_id=request.organization_id,
        kind=request.kind,
        given_by=Consent.GivenBy.PARENT,
        representative_name=name,
        given_at=now,
        method=Consent.Method.LINK,
        request=request,
        recorded_by=acting_user,
    )
    set_history_user(consent, acting_user)
    consent.save()
    request.used_at = given.used_at = now
    request.save(update_fields=["used_at"])
    return consent


@transaction.atomic
def decline_consent_request(request: ConsentRequest, *, acting_user: User | None) -> None:
    """The parent refused on the link: no consent is recorded and the link is spent, so that it no
    longer shows the child's name to whoever holds it (one-time links, docs/decisions.md). Nobody is
    logged in on the link (`acting_user=None`); the token is the permission."""
    locked = ConsentRequest.objects.select_for_update().get(pk=request.pk)
    if not locked.is_usable:
        raise ValidationError(_("Ссылка больше не действует. Попросите куратора прислать новую."))
    locked.used_at = request.used_at = timezone.now()
    locked.save(update_fields=["used_at"])


@transaction.atomic
def give_consent_in_account(
    participant: Participant, *, acting_user: User, kind: str = Consent.Kind.PERSONAL_DATA
) -> Consent:
    """A parent (or an adult participant) confirms consent on "my data": the account identifies them.

    The view checks `queries.may_give_consent_in_account` first; here the same rule is the domain's: only
    a legal representative or the adult person themself gives consent."""
    user = acting_user
    is_guardian = participant.guardians.filter(pk=user.pk).exists()
    is_adult_self = participant.user_id == user.pk and not participant.is_minor
    if not (is_guardian or is_adult_self):
        raise ValidationError(_("Согласие даёт законный представитель или сам совершеннолетний участник."))
    if kind not in Consent.Kind.values:
        raise ValidationError(_("Неизвестный вид согласия."))
    consent = Consent(
        participant=participant,
        organization_id=participant.organization_id,
        kind=kind,
        given_by=Consent.GivenBy.PARENT if is_guardian else Consent.GivenBy.SELF,
        representative_name=user.get_full_name() if is_guardian else "",
        given_at=timezone.now(),
        method=Consent.Method.ACCOUNT,
        recorded_by=user,
    )
    set_history_user(consent, acting_user)
    consent.save()
    return consent


@transaction.atomic
def revoke_consent(consent: Consent, *, acting_user: User | None, reason: str = "") -> Consent:
    """Revocation hides the person from everybody but the curator; the history keeps the record."""
    if consent.revoked_at is not None:
        raise ValidationError(_("Согласие уже отозвано."))
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise ValidationError(_("Слишком длинная причина."))
    given = consent
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        raise ValidationError(_("Согласие уже отозвано."))
    consent.revoked_at = given.revoked_at = timezone.now()
    consent.revoked_by = given.revoked_by = acting_user
    consent.revoke_reason = given.revoke_reason = reason
    set_history_user(consent, acting_user)
    consent.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return consent
