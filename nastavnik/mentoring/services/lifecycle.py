"""A pairing's life outside matching: formed by hand, completed after the final meeting, or ended early.

A pairing formed by hand follows the rules of matching — consent (a minor needs a parent's), the mentee in
the base and not in another active pairing, the mentor in the register with a free place, nobody their own
mentor. Ending a pairing early sends its mentees back to the base, so the next matching can find them a mentor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.core.history import set_history_user
from nastavnik.participants import queries as participant_queries
from nastavnik.participants import services as participants
from nastavnik.participants.models import MenteeProfile, MentorAssignment, MentorProfile, Participant
from nastavnik.questionnaires import services as questionnaire_services
from nastavnik.questionnaires.models import Questionnaire

from ..models import Meeting, Pairing, PairingMember

if TYPE_CHECKING:
    from nastavnik.accounts.models import User
    from nastavnik.methodology.models import MentoringForm, RoleModel
    from nastavnik.organizations.models import Organization

#: Mentees who may be put into a pairing by hand (the base), and mentors who may take them (the register).
FREE_MENTEE_STATUSES = (MenteeProfile.Status.NEW, MenteeProfile.Status.IN_BASE)
REGISTER_STATUSES = (MentorProfile.Status.SELECTED, MentorProfile.Status.TRAINED, MentorProfile.Status.ACTIVE)
SUMMARY_LIMIT = 5000


def _check_pairable(
    organization: Organization, mentor: MentorProfile, mentees: Sequence[MenteeProfile]
) -> None:
    errors: list[str] = []
    if not mentees:
        raise ValidationError(_("Выберите хотя бы одного наставляемого."))
    if len({m.pk for m in mentees}) != len(mentees):
        errors.append(_("Наставляемый указан дважды."))
    if mentor.organization_id != organization.pk or any(
        m.organization_id != organization.pk for m in mentees
    ):
        raise ValidationError(_("Наставник и наставляемые должны быть из этой организации."))
    if mentor.status not in REGISTER_STATUSES:
        errors.append(
            _("Наставник не в реестре (статус «%(status)s»).") % {"status": mentor.get_status_display()}
        )
    ok, reason = participant_queries.can_be_paired(mentor.participant)
    if not ok:
        errors.append(_("Наставник: %(reason)s") % {"reason": reason})
    busy = set(
        PairingMember.objects.filter(
            organization=organization, mentee__in=mentees, pairing__status=Pairing.Status.ACTIVE
        ).values_list("mentee_id", flat=True)
    )
    for mentee in mentees:
        name = mentee.participant.short_name
        if mentee.participant_id == mentor.participant_id:
            errors.append(_("%(name)s не может быть наставником самому себе.") % {"name": name})
        if mentee.status not in FREE_MENTEE_STATUSES or mentee.pk in busy:
            errors.append(_("%(name)s уже не в базе наставляемых или в другой паре.") % {"name": name})
        ok, reason = participant_queries.can_be_paired(mentee.participant)
        if not ok:
            errors.append(f"{name}: {reason}")
    load = PairingMember.objects.filter(
        organization=organization, pairing__mentor=mentor, pairing__status=Pairing.Status.ACTIVE
    ).count()
    if load + len(mentees) > mentor.capacity:
        errors.append(
            _("У наставника нет мест: может взять %(capacity)s, уже в парах %(load)s, добавляется %(n)s.")
            % {"capacity": mentor.capacity, "load": load, "n": len(mentees)}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def form_pairing(
    organization: Organization,
    mentor: MentorProfile,
    mentees: Sequence[MenteeProfile],
    *,
    acting_user: User | None,
    form: MentoringForm,
    role_model: RoleModel | None = None,
    group: bool | None = None,
) -> Pairing:
    """A pairing formed by the curator by hand (not through a matching run), with the same rules."""
    mentor = MentorProfile.objects.select_for_update().select_related("participant").get(pk=mentor.pk)
    mentees = (
        list(
            MenteeProfile.objects.select_for_update()
            .select_related("participant")
            .filter(pk__in=[m.pk for m in mentees])
            .order_by("pk")
        )
        if mentees
        else []
    )
    _check_pairable(organization, mentor, mentees)
    if form.organization_id not in (None, organization.pk) or not form.is_active:
        raise ValidationError({"form": _("Эта форма наставничества недоступна организации.")})
    if role_model is not None and role_model.form_id != form.pk:
        raise ValidationError({"role_model": _("Ролевая модель не относится к выбранной форме.")})
    is_group = len(mentees) > 1 if group is None else group
    pairing = Pairing(
        organization=organization,
        mentor=mentor,
        form=form,
        role_model=role_model,
        kind=Pairing.Kind.GROUP if is_group else Pairing.Kind.INDIVIDUAL,
        status=Pairing.Status.ACTIVE,
        approved_at=timezone.now(),
        approved_by=acting_user,
    )
    set_history_user(pairing, acting_user)
    pairing.save()
    for mentee in mentees:
        member = PairingMember(
            organization=organization, pairing=pairing, mentee=mentee, reasons=_("сформирована куратором")
        )
        set_history_user(member, acting_user)
        member.save()
        mentee.status = MenteeProfile.Status.MATCHED
        set_history_user(mentee, acting_user)
        mentee.save(update_fields=["status"])
    participants.assign_mentors([(mentor, m) for m in mentees], acting_user=acting_user)
    if mentor.status != MentorProfile.Status.ACTIVE:
        participants.change_mentor_status(
            mentor,
            MentorProfile.Status.ACTIVE,
            acting_user=acting_user,
            note=_("Закреплён наставником куратором"),
        )
    return pairing


@transaction.atomic
def complete_pairing(pairing: Pairing, *, acting_user: User | None, summary: str) -> Pairing:
    """The mentor closes the work after the final meeting with a short summary."""
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if pairing.status != Pairing.Status.ACTIVE:
        raise ValidationError(_("Пара уже не действует."))
    if not Meeting.objects.filter(
        pairing=pairing, kind=Meeting.Kind.FINAL, status=Meeting.Status.HELD
    ).exists():
        raise ValidationError(_("Завершить работу можно после проведённой итоговой встречи."))
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Напишите коротко об итогах работы.")})
    pairing.status = Pairing.Status.COMPLETED
    pairing.summary = summary[:SUMMARY_LIMIT]
    pairing.ended_at = timezone.now()
    set_history_user(pairing, acting_user)
    pairing.save(update_fields=["status", "summary", "ended_at"])
    _release_mentees(pairing, MenteeProfile.Status.COMPLETED, acting_user=acting_user)
    offer_final_questionnaire(pairing, acting_user=acting_user)
    return pairing


def final_questionnaire(organization_id: int) -> Questionnaire | None:
    """The organization's latest final questionnaire for mentees (its copy of the methodology's form)."""
    return (
        Questionnaire.objects.filter(
            organization_id=organization_id, purpose=Questionnaire.Purpose.SATISFACTION_MENTEE_FINAL
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def offer_final_questionnaire(pairing: Pairing, *, acting_user: User | None) -> int:
    """Invite the pairing's mentees to the final questionnaire (the links go out by e-mail and show on the
    pairing's page). Without such a questionnaire in the organization nothing happens: the curator sends it
    later from «Анкеты». Returns how many were invited."""
    questionnaire = final_questionnaire(pairing.organization_id)
    if questionnaire is None:
        return 0
    people = Participant.objects.filter(pk__in=pairing.members.values("mentee__participant_id"))
    try:
        result = questionnaire_services.send_to_base(questionnaire, people, acting_user=acting_user)
    except ValidationError:  # an empty questionnaire: completing the pairing matters more
        return 0
    return len(result.created)


@transaction.atomic
def end_pairing(pairing: Pairing, *, acting_user: User | None, reason: str, comment: str = "") -> Pairing:
    """The curator ends a pairing early; its mentees go back to the base for the next matching."""
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if pairing.status != Pairing.Status.ACTIVE:
        raise ValidationError(_("Пара уже не действует."))
    if reason not in Pairing.EndReason.values:
        raise ValidationError({"reason": _("Укажите причину досрочного прекращения.")})
    comment = (comment or "").strip()
    if reason == Pairing.EndReason.OTHER and not comment:
        raise ValidationError({"comment": _("Поясните причину прекращения.")})
    pairing.status = Pairing.Status.ENDED_EARLY
    pairing.end_reason = reason
    pairing.end_comment = comment[:SUMMARY_LIMIT]
    pairing.ended_at = timezone.now()
    set_history_user(pairing, acting_user)
    pairing.save(update_fields=["status", "end_reason", "end_comment", "ended_at"])
    Meeting.objects.filter(pairing=pairing, status=Meeting.Status.SCHEDULED).update(
        status=Meeting.Status.CANCELLED, cancel_reason=_("пара прекращена")
    )
    _release_mentees(pairing, MenteeProfile.Status.IN_BASE, acting_user=acting_user)
    return pairing


def _release_mentees(pairing: Pairing, status: str, *, acting_user: User | None) -> None:
    """Mentees leave the pairing's mentor: their status changes and the mentor no longer sees them."""
    mentees = [m.mentee for m in pairing.members.select_related("mentee")]
    for mentee in mentees:
        mentee.status = status
        set_history_user(mentee, acting_user)
        mentee.save(update_fields=["status"])
    MentorAssignment.objects.filter(mentor_profile_id=pairing.mentor_id, mentee_profile__in=mentees).delete()
