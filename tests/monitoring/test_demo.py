"""The demo school's monitoring is not empty, and a second load adds nothing."""

from nastavnik.core.demo import SCHOOL, load_demo
from nastavnik.monitoring.indicators import organization_indicators
from nastavnik.monitoring.models import Contingent, MeasureValue, RegionalTarget, Swot
from nastavnik.monitoring.results import monitoring_results
from nastavnik.organizations.models import Organization
from nastavnik.roadmaps.queries import current_academic_year


def test_demo_school_has_monitoring(db):
    load_demo()
    school = Organization.objects.get(slug=SCHOOL)
    year = current_academic_year()
    items = {i.code: i for i in organization_indicators(school, year)}
    learners = items["learners_involved"]
    assert (
        learners.denominator == 281
        and learners.target is not None
        and learners.status in ("on_track", "behind")
    )
    assert items["pairings_active"].value >= 1
    results = monitoring_results(school, year)
    assert results["stage1"]["swot"]["strengths"]
    verdicts = [m for m in results["stage2"]["measures"] if m["p_value"] is not None]
    assert verdicts, results["stage2"]
    counts = (
        Contingent.objects.count(),
        MeasureValue.objects.count(),
        RegionalTarget.objects.count(),
        Swot.objects.count(),
    )
    load_demo()
    assert (
        Contingent.objects.count(),
        MeasureValue.objects.count(),
        RegionalTarget.objects.count(),
        Swot.objects.count(),
    ) == counts
