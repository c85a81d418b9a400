"""Every write of the mentoring app: pairings, their members, and the order that approves them.

Matching proposes pairs; `create_pairings` makes them real in one transaction: the order, one pairing per
mentor (a group when the mentor takes several mentees), the members with their fit and reasons, the
participants' `MentorAssignment` rows, the mentees' status «в паре», and the generated Word order.

`MentorAssignment` (participants app) is the visibility link: through it a mentor sees their mentees'
cards (`Participant.is_related_user`). Mentoring services maintain it; nothing else should create one
for an approved pairing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.methodology.models import MentoringForm, RoleModel
from nastavnik.organizations.models import Organization
from nastavnik.participants import services as participants
from nastavnik.participants.models import MenteeProfile, MentorProfile

from ..documents import PAIRINGS_TITLE, OrderRow, PairingsOrder, build_pairings_order, initials_first
from ..models import Order, Pairing, PairingMember

MAX_NUMBER_LENGTH = 50
#: Orders outside these years are typing mistakes (a year of 0202, 20250).
ORDER_YEARS = range(2000, 2101)
#: Mentor statuses that become «действующий» when the mentor gets an approved pairing.
ACTIVATED_FROM = (MentorProfile.Status.SELECTED, MentorProfile.Status.TRAINED)


@dataclass
class ProposedMember:
    mentee: MenteeProfile
    score: float | None = None
    reasons: str = ""


@dataclass
class ProposedPairing:
    """A mentor with the mentees an approval gives them (one: a pair, several: a group)."""

    mentor: MentorProfile
    members: list[ProposedMember] = field(default_factory=list)


def clean_order_fields(
    organization: Organization,
    number: str,
    date: dt.date | None,
    form: MentoringForm | None,
    role_model: RoleModel | None,
) -> str:
    """Validate what an order needs; returns the number with spaces normalised. Russian messages."""
    number = " ".join(str(number or "").split())
    errors: list[str] = []
    if not number:
        errors.append(_("Укажите номер приказа."))
    elif len(number) > MAX_NUMBER_LENGTH:
        errors.append(_("Номер приказа длиннее %(n)s символов.") % {"n": MAX_NUMBER_LENGTH})
    if not isinstance(date, dt.date):
        errors.append(_("Укажите дату приказа."))
    elif date.year not in ORDER_YEARS:
        errors.append(_("Проверьте дату приказа: %(date)s.") % {"date": f"{date:%d.%m.%Y}"})
    if form is None:
        errors.append(_("Выберите форму наставничества."))
    elif form.organization_id not in (None, organization.pk) or not form.is_active:
        errors.append(
            _("Форма наставничества «%(form)s» недоступна этой организации.") % {"form": form.title}
        )
    elif role_model is not None and role_model.form_id != form.pk:
        errors.append(
            _("Ролевая модель «%(role)s» не относится к форме «%(form)s».")
            % {"role": role_model.title, "form": form.title}
        )
    if errors or date is None:
        raise ValidationError(errors)
    same_year = Order.objects.filter(organization=organization, date__year=date.year).values_list(
        "number", flat=True
    )
    if any(existing.casefold() == number.casefold() for existing in same_year):
        raise ValidationError(
            _("Приказ № %(number)s за %(year)s год уже есть; укажите другой номер.")
            % {"number": number, "year": date.year}
        )
    return number


def _first_in_role(organization: Organization, role: str) -> User | None:
    membership = (
        Membership.objects.filter(organization=organization, role=role)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _director(organization: Organization) -> str:
    user = _first_in_role(organization, Role.DIRECTOR)
    return initials_first(user.last_name, user.first_name, user.patronymic) if user else ""


def _curator(organization: Organization) -> str:
    user = _first_in_role(organization, Role.CURATOR)
    return user.get_short_name() if user else ""


def _mentee_label(mentee: MenteeProfile) -> str:
    person = mentee.participant
    return f"{person.full_name} ({person.group})" if person.group else person.full_name


def order_document(order: Order, pairings: Sequence[Pairing]) -> bytes:
    """The Word file of a pairings order; `pairings` come with mentor, members, form and role model loaded."""
    organization = order.organization
    rows = tuple(
        OrderRow(
            mentor=p.mentor.participant.full_name,
            mentees=tuple(_mentee_label(m.mentee) for m in p.members.all()),
            form=p.form.title,
            role_model=p.role_model.title if p.role_model is not None else "",
        )
        for p in pairings
    )
    return build_pairings_order(
        PairingsOrder(
            organization_full_name=organization.full_name,
            organization_short_name=organization.short_name,
            number=order.number,
            date=order.date,
            rows=rows,
            director=_director(organization),
            curator=_curator(organization),
            title=order.title,
        )
    )


def _activate_mentor(mentor: MentorProfile, order: Order, *, acting_user: User | None) -> None:
    """A mentor with an approved pairing is «действующий»; the change is logged like any other."""
    if mentor.status not in ACTIVATED_FROM:
        return
    participants.change_mentor_status(
        mentor,
        MentorProfile.Status.ACTIVE,
        acting_user=acting_user,
        note=_("Закреплён наставником: %(order)s") % {"order": order},
    )
    mentor.status = MentorProfile.Status.ACTIVE


@transaction.atomic
def create_pairings(
    organization: Organization,
    proposals: Sequence[ProposedPairing],
    *,
    acting_user: User | None,
    order_number: str,
    order_date: dt.date | None,
    form: MentoringForm | None,
    role_model: RoleModel | None = None,
) -> Order:
    """Create the order, the pairings with their members and assignments, and the order's Word file.

    Callers check permission and that the people may still be paired (matching's `approve_run` does);
    this function checks the order's own fields and the organization of every person. One transaction:
    any failure leaves nothing behind, the file included.
    """
    number = clean_order_fields(organization, order_number, order_date, form, role_model)
    proposals = [p for p in proposals if p.members]
    if not proposals:
        raise ValidationError(_("Нет ни одной пары для утверждения."))
    seen: set[int] = set()
    for proposal in proposals:
        if proposal.mentor.organization_id != organization.pk:
            raise ValidationError(_("Наставник из другой организации."))
        for member in proposal.members:
            if member.mentee.organization_id != organization.pk:
                raise ValidationError(_("Наставляемый из другой организации."))
            if member.mentee.pk in seen:
                raise ValidationError(
                    _("Наставляемый %(name)s указан в двух парах.")
                    % {"name": member.mentee.participant.short_name}
                )
            seen.add(member.mentee.pk)

    approver = acting_user
    assert order_date is not None  # clean_order_fields refused a missing date
    now = timezone.now()
    order = Order.objects.create(
        organization=organization,
        number=number,
        date=order_date,
        title=PAIRINGS_TITLE,
        kind=Order.Kind.PAIRINGS,
        created_by=approver,
    )
    proposals = sorted(proposals, key=lambda p: (p.mentor.participant.full_name, p.mentor.pk))
    # Bulk writes with their audit rows: an approval of a whole school is a few thousand rows.
    pairings = bulk_create_with_history(
        [
            Pairing(
                organization=organization,
                mentor=proposal.mentor,
                form=form,
                role_model=role_model,
                kind=Pairing.Kind.GROUP if len(proposal.members) > 1 else Pairing.Kind.INDIVIDUAL,
                status=Pairing.Status.ACTIVE,
                approved_at=now,
                approved_by=approver,
                order=order,
            )
            for proposal in proposals
        ],
        Pairing,
        default_user=approver,
    )
    members = bulk_create_with_history(
        [
            PairingMember(
                pairing=pairing,
                organization=organization,
                mentee=item.mentee,
                score=item.score,
                reasons=item.reasons,
            )
            for pairing, proposal in zip(pairings, proposals, strict=True)
            for item in proposal.members
        ],
        PairingMember,
        default_user=approver,
    )
    by_pairing: dict[int, list[PairingMember]] = {}
    for member in members:
        by_pairing.setdefault(member.pairing_id, []).append(member)
    participants.assign_mentors(
        [(p.mentor, item.mentee) for p in proposals for item in p.members], acting_user=acting_user
    )
    changed = []
    for pairing, proposal in zip(pairings, proposals, strict=True):
        pairing._prefetched_objects_cache = {"members": by_pairing.get(pairing.pk, [])}
        for item in proposal.members:
            if item.mentee.status != MenteeProfile.Status.MATCHED:
                item.mentee.status = MenteeProfile.Status.MATCHED
                changed.append(item.mentee)
        _activate_mentor(proposal.mentor, order, acting_user=acting_user)
    if changed:
        bulk_update_with_history(changed, MenteeProfile, ["status"], default_user=approver)

    content = order_document(order, pairings)
    order.file.save(f"prikaz-{order.pk}.docx", ContentFile(content), save=False)
    try:
        order.save(update_fields=["file"])
    except Exception:
        order.file.delete(save=False)
        raise
    return order
