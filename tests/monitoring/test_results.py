"""Stage 1 and stage 2 of a year: response rates, items, expectations against results, open answers,
feedback per form and per pairing, the SWOT, the growth measures; the shipped stage-1 templates."""

import datetime as dt

import pytest
from django.utils import timezone

from nastavnik.monitoring.models import Measure, MeasureValue
from nastavnik.monitoring.results import describe, monitoring_results
from nastavnik.questionnaires.defaults import FORM_ITEMS
from nastavnik.questionnaires.models import Questionnaire
from tests.builders import (
    copy,
    invite,
    make_feedback,
    make_meeting,
    make_mentee,
    make_mentor,
    make_organization,
    make_pairing,
    make_participant,
    make_response,
    questions,
)

pytestmark = pytest.mark.django_db
YEAR = 2025


def at(month, day=10, year=2025):
    return dt.datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


def test_every_form_has_expectations_and_results_with_the_same_items_for_both_sides():
    for form in FORM_ITEMS:
        for audience in ("mentee", "mentor"):
            start = Questionnaire.shipped.get(code=f"expectations-{audience}-{form}")
            end = Questionnaire.shipped.get(code=f"results-{audience}-{form}")
            assert (start.purpose, end.purpose) == (f"expectations_{audience}", f"results_{audience}")
            scales = lambda q: [x.text for x in questions(q) if x.kind == "scale"]  # noqa: E731
            assert scales(start) == scales(end) and len(scales(start)) >= 4
            kinds = {x.kind for x in questions(end)}
            assert {"scale", "yes_no", "long_text"} <= kinds
            assert all((x.scale_min, x.scale_max) == (1, 10) for x in questions(end) if x.kind == "scale")
    assert Questionnaire.shipped.get(code="curator").purpose == "curator"


def test_stage1_rates_items_open_answers_and_expectations_vs_results():
    org = make_organization()
    start = copy("expectations-mentee-pupil-pupil", org)
    end = copy("results-mentee-pupil-pupil", org)
    people = [make_participant(org) for _ in range(6)]
    first_item = questions(start)[0]
    end_items = {q.text: q for q in questions(end)}
    yes_no = next(q for q in questions(end) if q.kind == "yes_no")
    text = next(q for q in questions(end) if q.kind == "long_text")
    for n, person in enumerate(people):
        make_response(start, person, {first_item: 5 + n % 2}, submitted_at=at(9, 15))
        make_response(
            end,
            person,
            {
                end_items[first_item.text]: 8 + n % 2,
                yes_no: n != 0,
                text: "Стало легче учиться" if n < 2 else "",
            },
            submitted_at=at(5, 20, 2026),
        )
    invite(start, make_participant(org))  # invited, never answered
    Questionnaire.objects.filter(pk=start.pk).update(updated_at=timezone.now())
    result = monitoring_results(org, YEAR)["stage1"]
    by_title = {q["title"]: q for q in result["questionnaires"]}
    starting = by_title[start.title]
    assert starting["submitted"] == 6 and starting["invited"] >= 6
    item = next(i for i in by_title[end.title]["items"] if i["question"] == first_item.text)
    assert (item["n"], item["mean"]) == (6, 8.5)
    share = next(i for i in by_title[end.title]["items"] if i["kind"] == "yes_no")
    assert share["mean"] == pytest.approx(83.33)
    (open_answers,) = [o for o in by_title[end.title]["open_answers"] if o["question"] == text.text]
    assert open_answers["answers"] == ["Стало легче учиться"]
    (row,) = [r for r in result["expectations_vs_results"] if r["item"] == first_item.text]
    assert row["audience"] == "mentee" and row["expectation"]["mean"] == 5.5 and row["result"]["mean"] == 8.5
    assert row["paired"]["n"] == 6 and row["paired"]["verdict"] == "заметный рост"


def test_response_rate_counts_invitations_of_the_year():
    org = make_organization()
    q = copy("satisfaction-mentee-final", org)
    a, b = make_participant(org), make_participant(org)
    make_response(q, a, {questions(q)[2]: 7})
    invite(q, b)
    from nastavnik.questionnaires.models import Invitation

    Invitation.objects.filter(organization=org).update(created_at=at(10))
    from nastavnik.questionnaires.models import Response

    Response.objects.filter(organization=org).update(submitted_at=at(11))
    (row,) = monitoring_results(org, YEAR)["stage1"]["questionnaires"]
    assert (row["invited"], row["submitted"], row["response_rate"]) == (2, 1, 50.0)


def test_feedback_per_form_and_per_pairing_and_stage2():
    org = make_organization()
    mentee = make_mentee(org)
    mentor = make_mentor(org)
    pairing = make_pairing(org, mentor, mentee, approved_at=at(9, 2))
    meeting = make_meeting(pairing, at(10))
    make_feedback(meeting, mentee.participant, usefulness=6, comfort=8)
    make_feedback(meeting, mentor.participant, usefulness=10, comfort=10, is_mentor=True)
    make_feedback(make_meeting(pairing, at(10, year=2024)), mentee.participant)  # another year
    measure = Measure.objects.get(organization=None, code="olympiads")
    MeasureValue.objects.create(
        organization=org,
        participant=mentee.participant,
        measure=measure,
        academic_year=YEAR,
        before=1,
        after=3,
    )
    stage = monitoring_results(org, YEAR)
    (form,) = stage["stage1"]["feedback_by_form"]
    assert (form["meetings"], form["feedback"], form["from_mentees"], form["usefulness"]) == (1, 2, 1, 8.0)
    (one,) = stage["stage1"]["feedback_by_pairing"]
    assert one["pairing_id"] == pairing.pk
    (growth,) = stage["stage2"]["measures"]
    assert growth["code"] == "olympiads" and growth["n"] == 1 and growth["p_value"] is None
    assert growth["verdict"].startswith("мало данных")
    assert stage["stage1"]["swot"] is None


def test_describe():
    assert describe([]) == {"n": 0, "mean": None, "sd": None}
    assert describe([4.0]) == {"n": 1, "mean": 4.0, "sd": None}
    assert describe([1.0, 3.0]) == {"n": 2, "mean": 2.0, "sd": 1.41}


def test_roadmap_import_guesses_the_indicator_code():
    from nastavnik.roadmaps.models import Programme, ProgrammeTarget
    from nastavnik.roadmaps.services.imports import _add_targets

    org = make_organization()
    programme = Programme.objects.create(
        organization=org, title="П", academic_year_from=2024, academic_year_to=2026
    )
    _add_targets(
        programme,
        [
            {
                "text": "не менее 70 % обучающихся в возрасте от 10 до 18 лет",
                "percent": 70,
                "by": "2024-12-31",
            },
            {"text": "50 % молодых специалистов", "percent": 50, "by": None},
        ],
    )
    codes = dict(ProgrammeTarget.objects.filter(programme=programme).values_list("percent", "indicator_code"))
    assert codes == {70: "learners_involved", 50: "young_specialists_involved"}
