"""Invitations: who may be invited to a questionnaire, sending it to a base, revoking and resending links.

The rules for who may be invited live here only (`invitees`); the send page shows them and `send_to_base`
applies them again when the form comes back, so a stale page cannot invite anyone it should not.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from nastavnik.core.history import set_history_user
from nastavnik.participants.models import MenteeProfile, MentorProfile, Participant
from nastavnik.participants.queries import annotate_consent

from ..models import INVITATION_DAYS, Invitation, Question, QuestionKind, Questionnaire
from .common import require_own
from .mail import email_invitations

if TYPE_CHECKING:
    from nastavnik.accounts.models import User
    from nastavnik.organizations.models import Organization

MAX_EXPIRY_DAYS = 180

#: Why a person of the base cannot be invited (codes; the labels are shown on the send page).
ALREADY_INVITED = "invited"
CONSENT_REVOKED = "revoked"
BLOCKED_LABELS = {
    ALREADY_INVITED: gettext_noop("уже приглашён"),
    CONSENT_REVOKED: gettext_noop("согласие отозвано"),
}
BASES = ("mentees", "mentors", "all")


def invitation_url(invitation: Invitation) -> str:
    return str(settings.SITE_URL).rstrip("/") + reverse("questionnaires:respond", args=[invitation.token])


# --- who may be invited ---------------------------------------------------------------------------------------
def people_of_base(
    organization: Organization, base: str = "mentees", category: str = "", group: str = ""
) -> QuerySet[Participant]:
    """The people of a base (mentees, mentors or both), narrowed by category and class."""
    people = Participant.objects.filter(organization=organization)
    if base == "mentors":
        people = people.filter(mentor_profile__isnull=False)
    elif base == "all":
        people = people.filter(Q(mentee_profile__isnull=False) | Q(mentor_profile__isnull=False))
    else:
        people = people.filter(mentee_profile__isnull=False)
    if category:
        people = people.filter(category=category)
    group = group.strip()
    if group:
        # Not iexact: SQLite folds the case of ASCII letters only, and classes are "7Б".
        people = people.filter(group__in={group, group.upper(), group.lower()})
    return _loaded(people)


def _loaded(people: QuerySet[Participant]) -> QuerySet[Participant]:
    """`people` with what the invitation rules read (profiles, consents), in the order of the lists."""
    return (
        people.select_related("mentee_profile", "mentor_profile")
        .prefetch_related("consents")
        .order_by("last_name", "first_name", "pk")
    )


@dataclass(frozen=True)
class Invitee:
    """A person of the base as the send page lists them; `blocked` says why they cannot be invited."""

    person: Participant
    blocked: str = ""

    @property
    def blocked_label(self) -> str:
        return _(BLOCKED_LABELS[self.blocked]) if self.blocked else ""

    @property
    def no_consent(self) -> bool:
        return not self.person.has_valid_consent

    @property
    def category(self) -> str:
        return str(self.person.get_category_display()) if self.person.category else ""


def invitees(
    questionnaire: Questionnaire, people: Iterable[Participant], *, with_revoked: bool
) -> list[Invitee]:
    """Who of `people` may be invited: not those who already hold a live link to this questionnaire, not
    those who revoked their consent to personal-data processing. People who revoked their consent are
    listed (as blocked) only `with_revoked` — for the curator, who alone still sees them."""
    people = list(people)
    invited = set(
        Invitation.objects.filter(
            questionnaire=questionnaire, revoked_at__isnull=True, participant__in=[p.pk for p in people]
        ).values_list("participant_id", flat=True)
    )
    result = []
    for person in people:
        revoked = person.is_hidden_by_revocation
        if revoked and not with_revoked:
            continue
        blocked = ALREADY_INVITED if person.pk in invited else CONSENT_REVOKED if revoked else ""
        result.append(Invitee(person=person, blocked=blocked))
    return result


def _is_mentee_side(participant: Participant, questionnaire: Questionnaire) -> bool:
    if questionnaire.audience == Questionnaire.Audience.MENTEE:
        return True
    if questionnaire.audience == Questionnaire.Audience.MENTOR:
        return False
    return hasattr(participant, "mentee_profile") and not hasattr(participant, "mentor_profile")


def people_to_rank_for(questionnaire: Questionnaire, participants: list[Participant]) -> dict[int, list[int]]:
    """Whom each invitee ranks after the group meeting: the other side.

    When the invited people include both mentees and mentors (the curator sends the questionnaire to the
    participants of one group meeting), each ranks the invited people of the other side; otherwise all
    mentors (or mentees) of the organization that are still in the base.
    """
    organization = questionnaire.organization
    mentees = [p.pk for p in participants if hasattr(p, "mentee_profile")]
    mentors = [p.pk for p in participants if hasattr(p, "mentor_profile")]
    if not (mentees and mentors):
        if not mentors:
            mentors = list(
                annotate_consent(MentorProfile.objects.filter(organization=organization), "participant__")
                .filter(annotated_revoked_at__isnull=True)
                .exclude(status=MentorProfile.Status.EXCLUDED)
                .order_by("participant__last_name", "participant__first_name")
                .values_list("participant_id", flat=True)
            )
        if not mentees:
            mentees = list(
                annotate_consent(MenteeProfile.objects.filter(organization=organization), "participant__")
                .filter(annotated_revoked_at__isnull=True)
                .exclude(status__in=[MenteeProfile.Status.COMPLETED, MenteeProfile.Status.LEFT])
                .order_by("participant__last_name", "participant__first_name")
                .values_list("participant_id", flat=True)
            )
    return {
        p.pk: [x for x in (mentors if _is_mentee_side(p, questionnaire) else mentees) if x != p.pk]
        for p in participants
    }


# --- sending --------------------------------------------------------------------------------------------------
@dataclass
class SendResult:
    created: list[Invitation] = field(default_factory=list)
    skipped_invited: int = 0
    skipped_revoked: int = 0
    #: Links handed to the background worker to be e-mailed (see tasks.email_invitation_links).
    emails_queued: int = 0

    @property
    def without_email(self) -> list[Invitation]:
        return [i for i in self.created if not i.participant.email]


def _expiry(days: int) -> datetime.datetime:
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise ValidationError(_("Срок действия ссылки — от 1 до %(max)s дней.") % {"max": MAX_EXPIRY_DAYS})
    return timezone.now() + datetime.timedelta(days=days)


def send_to_base(
    questionnaire: Questionnaire,
    participants: QuerySet[Participant],
    *,
    acting_user: User | None,
    expires_in_days: int = INVITATION_DAYS,
    send_email: bool = True,
) -> SendResult:
    """Invite many participants at once (bulk) and e-mail the links to those who have an e-mail.

    Whoever `invitees` blocks is skipped and counted; the rest get one invitation each. The e-mails go
    out from the background worker (a school's whole base over SMTP would outlast a web request); the
    task is enqueued in the same transaction as the invitations, so neither exists without the other.
    """
    require_own(questionnaire)
    organization = questionnaire.organization
    expires_at = _expiry(expires_in_days)
    if not Question.objects.filter(questionnaire=questionnaire).exists():
        raise ValidationError(_("В анкете нет ни одного вопроса."))
    result = SendResult()
    with transaction.atomic():
        people = _loaded(participants.filter(organization=organization))
        chosen = []
        for invitee in invitees(questionnaire, people, with_revoked=True):
            if invitee.blocked == ALREADY_INVITED:
                result.skipped_invited += 1
            elif invitee.blocked == CONSENT_REVOKED:
                result.skipped_revoked += 1
            else:
                chosen.append(invitee.person)
        ranking = Question.objects.filter(questionnaire=questionnaire, kind=QuestionKind.RANKING).exists()
        ranks = people_to_rank_for(questionnaire, chosen) if ranking else {}
        objs = [
            Invitation(
                questionnaire=questionnaire,
                organization=organization,
                participant=person,
                created_by=acting_user,
                expires_at=expires_at,
                people_to_rank=ranks.get(person.pk, []),
            )
            for person in chosen
        ]
        result.created = bulk_create_with_history(objs, Invitation, batch_size=500, default_user=acting_user)
        for invitation, person in zip(result.created, chosen, strict=True):
            invitation.participant = person
        to_email = [i.pk for i in result.created if i.participant.email]
        if send_email and to_email:
            from ..tasks import email_invitation_links

            email_invitation_links.enqueue(to_email)
            result.emails_queued = len(to_email)
    return result


# --- one invitation -------------------------------------------------------------------------------------------
@transaction.atomic
def revoke_invitation(invitation: Invitation, *, acting_user: User | None) -> Invitation:
    if invitation.submitted_at is not None:
        raise ValidationError(_("Анкета уже заполнена: ссылку отозвать нельзя."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        set_history_user(invitation, acting_user)
        invitation.save(update_fields=["revoked_at"])
    return invitation


def resend_invitation(
    invitation: Invitation, *, acting_user: User | None, expires_in_days: int = INVITATION_DAYS
) -> Invitation:
    """Send the same link again; an expired link is extended first."""
    if invitation.submitted_at is not None:
        raise ValidationError(_("Анкета уже заполнена."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("Ссылка отозвана: отправьте анкету заново."))
    if invitation.is_expired:
        invitation.expires_at = _expiry(expires_in_days)
        set_history_user(invitation, acting_user)
        invitation.save(update_fields=["expires_at"])
    if not invitation.participant.email:
        raise ValidationError(_("У участника нет e-mail: скопируйте ссылку и передайте её лично."))
    sent, _failed = email_invitations([invitation])
    if not sent:
        raise ValidationError(_("Письмо не удалось отправить. Попробуйте позже или передайте ссылку лично."))
    return invitation
