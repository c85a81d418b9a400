"""Demo questionnaires: the mentee and mentor templates copied into the demo school, links, a few answers.

Nobody acts (`acting_user=None`): the demo is loaded by the system, and the answers come from token pages.

Runs after the participants demo (it needs their demo people); without them it does nothing. Idempotent:
copies and invitations are found before they are created, answers are given only once.
"""

from django.db import transaction
from django.utils.datastructures import MultiValueDict

from nastavnik.core.demo import SCHOOL
from nastavnik.core.tenancy import scopes_disabled
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import Participant

from . import services
from .models import Invitation, MapsTo, QuestionKind, Questionnaire

INVITED = 4
SUBMITTED = {"mentee": 2, "mentor-candidate": 1}
TEXTS: dict[str, str] = {
    MapsTo.MENTEE_REQUESTS: "Хочу научиться держать дисциплину на уроке\nНужна помощь с рабочей программой",
    MapsTo.MENTEE_GOALS: "Подготовить открытый урок к весне",
    MapsTo.MENTOR_EXPERIENCE: "Двадцать лет в школе, руководитель ШМО, победитель муниципального конкурса «Учитель года».",
    MapsTo.MENTOR_COMPETENCES: "Подготовка к олимпиадам\nПроектная деятельность",
}


def _answers(
    sections: list[services.FormSection], participant: Participant, offset: int
) -> MultiValueDict[str, str]:
    data: MultiValueDict[str, str] = MultiValueDict()
    for section in sections:
        for fq in section.questions:
            q = fq.question
            values: list[str] = []
            if q.maps_to == MapsTo.PARTICIPANT_SUBJECT:
                values = [participant.subject or "Математика"]
            elif q.maps_to in TEXTS and q.is_text:
                values = [TEXTS[q.maps_to]]
            elif q.kind == QuestionKind.SINGLE_CHOICE and fq.choices:
                values = [fq.choices[offset % len(fq.choices)][0]]
            elif q.kind == QuestionKind.MULTIPLE_CHOICE and fq.choices:
                values = [value for n, (value, _label) in enumerate(fq.choices) if (n + offset) % 3 == 0][:4]
            elif q.kind == QuestionKind.SCALE:
                values = [str(q.scale_max - offset % 3)]
            elif q.kind == QuestionKind.YES_NO:
                values = ["yes" if offset % 2 == 0 else "no"]
            elif q.kind == QuestionKind.RANKING:
                values = [str(pk) for pk in fq.people[:3]]
            elif q.kind == QuestionKind.LONG_TEXT and q.required:
                values = ["Нужна поддержка в первые месяцы работы."]
            data.setlist(q.field_name, values)
    return data


@transaction.atomic
def load_demo_questionnaires() -> None:
    with scopes_disabled():
        school = Organization.objects.filter(slug=SCHOOL).first()
        if school is None:
            return
        for code, profile in (("mentee", "mentee_profile"), ("mentor-candidate", "mentor_profile")):
            people = list(
                Participant.objects.filter(organization=school, **{f"{profile}__isnull": False}).order_by(
                    "pk"
                )[:INVITED]
            )
            template = Questionnaire.shipped.filter(code=code).first()
            if not people or template is None:
                continue
            questionnaire = Questionnaire.objects.filter(
                organization=school, source_template=template
            ).first()
            if questionnaire is None:
                questionnaire = services.copy_template(template, school, acting_user=None)
            if Invitation.objects.filter(questionnaire=questionnaire).exists():
                continue
            result = services.send_to_base(
                questionnaire,
                Participant.objects.filter(pk__in=[p.pk for p in people]),
                acting_user=None,
                send_email=False,
            )
            for offset, invitation in enumerate(result.created[: SUBMITTED[code]]):
                sections = services.build_form(questionnaire, invitation)
                services.save_answers(
                    invitation,
                    _answers(sections, invitation.participant, offset),
                    acting_user=None,
                    submit=True,
                )
