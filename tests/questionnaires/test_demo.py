"""The demo school gets the mentee and mentor questionnaires with links and a few answers; twice is once."""

from nastavnik.core.demo import SCHOOL, load_demo
from nastavnik.participants.models import MenteeRequest
from nastavnik.questionnaires.models import Answer, Invitation, Questionnaire, Response


def _counts():
    return [m.objects.count() for m in (Questionnaire, Invitation, Response, Answer, MenteeRequest)]


def test_demo_questionnaires(db):
    load_demo()
    school = Questionnaire.objects.filter(organization__slug=SCHOOL)
    assert {q.source_template.code for q in school} == {"mentee", "mentor-candidate"}
    assert Invitation.objects.filter(organization__slug=SCHOOL).count() >= 4
    submitted = Response.objects.filter(submitted_at__isnull=False)
    assert 2 <= submitted.count() <= 3
    assert all(r.applied_at is not None for r in submitted)
    assert Invitation.objects.filter(submitted_at__isnull=True).exists()  # links still to fill in
    before = _counts()
    load_demo()
    assert _counts() == before


def test_demo_without_participants_does_nothing(db, monkeypatch):
    from nastavnik.core import demo

    monkeypatch.setattr(
        demo, "DEMO_EXTENSIONS", [e for e in demo.DEMO_EXTENSIONS if "participants" not in e.__module__]
    )
    load_demo()
    assert not Questionnaire.objects.filter(organization__isnull=False).exists()
