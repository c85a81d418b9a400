"""Demo pairing: the demo mentor (mentor@) with the demo young teacher (mentee@), as matching proposes it
(fit and reasons from the engine) and approved by an order.

Runs after the participants demo, which creates both people and links the demo accounts to them; without
them it does nothing. Idempotent: once the mentee is in a pairing nothing is created again.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from nastavnik.accounts.models import User
from nastavnik.core.demo import SCHOOL
from nastavnik.core.tenancy import scopes_disabled
from nastavnik.organizations.models import Organization

ORDER_NUMBER = "87-од"
ROLE_MODEL = "Опытный педагог – молодой специалист"


def load_demo_pairings() -> None:
    from nastavnik.mentoring import services
    from nastavnik.mentoring.models import Order, PairingMember
    from nastavnik.methodology.models import MentoringForm, RoleModel
    from nastavnik.participants.models import MenteeProfile, MentorProfile

    from .engine import compute_fit
    from .problem import mentee_features, mentor_features

    with scopes_disabled(), transaction.atomic():
        school = Organization.objects.filter(slug=SCHOOL).first()
        if school is None:
            return
        mentor = (
            MentorProfile.objects.filter(
                organization=school, participant__user__email="mentor@demo.nastavnik.ru"
            )
            .select_related("participant", "partner")
            .first()
        )
        mentee = (
            MenteeProfile.objects.filter(
                organization=school, participant__user__email="mentee@demo.nastavnik.ru"
            )
            .select_related("participant", "form")
            .first()
        )
        if mentor is None or mentee is None or mentor.participant_id == mentee.participant_id:
            return
        if PairingMember.objects.filter(mentee=mentee).exists():
            return
        if Order.objects.filter(organization=school, number=ORDER_NUMBER).exists():
            return
        form = mentee.form or MentoringForm.available_to(school).filter(code="teacher-teacher").first()
        if form is None:
            return
        role_model = RoleModel.objects.filter(form=form, title=ROLE_MODEL).first()
        score, reasons = compute_fit(mentor_features(mentor, school), mentee_features(mentee, school))
        services.create_pairings(
            school,
            [
                services.ProposedPairing(
                    mentor=mentor,
                    members=[
                        services.ProposedMember(
                            mentee=mentee, score=round(score, 4), reasons="; ".join(reasons)
                        )
                    ],
                )
            ],
            acting_user=User.objects.filter(email="curator@demo.nastavnik.ru").first(),
            order_number=ORDER_NUMBER,
            order_date=timezone.localdate(),
            form=form,
            role_model=role_model,
        )
