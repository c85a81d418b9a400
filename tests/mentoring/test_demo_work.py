"""The demo shows the whole of stage 6 at once, and loading it twice changes nothing."""

import io

from django.core.management import call_command

from nastavnik.mentoring import overview
from nastavnik.mentoring.models import Feedback, Meeting, Pairing
from nastavnik.organizations.models import Organization


def test_demo_programme_in_the_middle_of_its_year(db):
    call_command("load_demo", stdout=io.StringIO())
    school = Organization.objects.get(slug="sosh5-edissiya")
    rows = overview.with_attention(overview.pairings_overview(school), school)
    assert {p.status for p in rows} == {Pairing.Status.ACTIVE, Pairing.Status.COMPLETED}
    assert any(p.kind == Pairing.Kind.GROUP for p in rows)
    assert any(p.attention_reasons for p in rows)
    assert {p.stage for p in rows} >= {None, "intro", "planning", "final"}
    mine = next(
        p
        for p in rows
        if p.mentor.participant.user and p.mentor.participant.user.email == "mentor@demo.nastavnik.ru"
    )
    assert mine.meetings_held == 3 and mine.next_meeting_at is not None and mine.tasks_total == 3
    counts = (Meeting.objects.count(), Feedback.objects.count(), Pairing.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Meeting.objects.count(), Feedback.objects.count(), Pairing.objects.count()) == counts
