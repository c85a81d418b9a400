"""The demo case of issue 15: the demo mentor covers the young teacher's request written in her own words."""

from nastavnik.core.demo import load_demo
from nastavnik.core.tenancy import scopes_disabled
from nastavnik.matching.engine import compute_fit
from nastavnik.matching.problem import mentee_features, mentor_features
from nastavnik.participants.models import MenteeRequest, MentorProfile


def test_demo_mentor_covers_hold_discipline_in_class(db):
    load_demo()
    with scopes_disabled():
        requests = list(
            MenteeRequest.objects.select_related("mentee__organization").filter(
                text__startswith="Хочу научиться держать дисциплину на уроке"
            )
        )
        assert requests  # the demo questionnaires submit this request
        cases = []
        for request in requests:
            school = request.mentee.organization
            mentor = MentorProfile.objects.get(
                organization=school, participant__last_name="Кузнецова", participant__first_name="Елена"
            )
            cases.append((mentor_features(mentor, school), mentee_features(request.mentee, school)))
    for mentor_data, mentee_data in cases:
        assert "Дисциплина на уроке" in mentor_data.competences
        _, reasons = compute_fit(mentor_data, mentee_data)
        line = "; ".join(reasons).casefold()
        assert "хочу научиться держать дисциплину на уроке ≈ дисциплина на уроке" in line, line
        assert "не покрыты запросы: хочу научиться держать" not in line
