"""The indicators on the dashboard: this year's values against targets and a chart of each over the years.

Reads `monitoring.indicators` (the formulas live there) and draws with `core.charts`; every chart comes with the
rows of its table of numbers (`core/_chart.html`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from nastavnik.core.charts import format_value, line_chart
from nastavnik.monitoring.indicators import Indicator, indicators_over_years
from nastavnik.monitoring.models import Contingent
from nastavnik.organizations.models import Organization
from nastavnik.roadmaps.models import academic_year_label

#: How many academic years the charts show, the current one last.
HISTORY_YEARS = 4
#: Message ids, translated when shown (`IndicatorCard.status_label`).
STATUS_LABELS = {
    "on_track": gettext_noop("в графике"),
    "behind": gettext_noop("отстаёт"),
    "no_target": gettext_noop("цель не задана"),
    "no_data": gettext_noop("нет данных"),
}


def unit_of(indicator: Indicator) -> str:
    return "%" if indicator.is_share else ""


@dataclass
class IndicatorCard:
    indicator: Indicator
    svg: str = ""
    caption: str = ""
    rows: list[tuple[str, str]] = field(default_factory=list)
    headers: tuple[str, str] = ("", "")

    @property
    def value_text(self) -> str:
        return format_value(self.indicator.value, unit_of(self.indicator))

    @property
    def target_text(self) -> str:
        if self.indicator.target is None:
            return "—"
        text = format_value(self.indicator.target, unit_of(self.indicator))
        return f"{text} ({self.indicator.target_year})" if self.indicator.target_year else text

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS.get(self.indicator.status, self.indicator.status))


@dataclass
class IndicatorSection:
    academic_year: int
    cards: list[IndicatorCard]
    has_contingent: bool

    @property
    def indicators(self) -> list[Indicator]:
        return [card.indicator for card in self.cards]

    @property
    def behind(self) -> list[Indicator]:
        return [i for i in self.indicators if i.status == "behind"]


def _targets(indicator: Indicator, years: list[int]) -> list[tuple[str, float]]:
    if indicator.target is None:
        return []
    if indicator.target_year in years:
        return [(academic_year_label(indicator.target_year), float(indicator.target))]
    label = (
        _("цель к %(year)s") % {"year": indicator.target_year}
        if indicator.target_year
        else pgettext("indicator target", "цель")
    )
    return [(label, float(indicator.target))]


def indicator_section(organization: Organization, academic_year: int) -> IndicatorSection:
    """This year's indicators and their history (what `monitoring.indicators.indicator_history` computes, with
    the current year's set reused rather than computed twice); one set of queries for all the years."""
    years = list(range(academic_year - HISTORY_YEARS + 1, academic_year + 1))
    by_year = indicators_over_years([organization.pk], years)
    history: dict[str, list[tuple[int, float | None]]] = {}
    items: list[Indicator] = []
    for year in years:
        items = by_year[year][organization.pk]
        for item in items:
            history.setdefault(item.code, []).append((year, item.value))
    cards = []
    for indicator in items:
        points = [(academic_year_label(year), value) for year, value in history.get(indicator.code, [])]
        card = IndicatorCard(indicator)
        unit = unit_of(indicator)
        if any(value is not None for _label, value in points):
            card.svg = line_chart(
                [(str(indicator.title), points)],
                title=_("%(title)s по учебным годам") % {"title": indicator.title},
                unit=unit,
                targets=_targets(indicator, years),
            )
            card.caption = _("%(title)s по учебным годам") % {"title": indicator.title}
            card.rows = [(label, format_value(value, unit)) for label, value in points]
            card.headers = (_("Учебный год"), str(indicator.title))
        cards.append(card)
    has_contingent = Contingent.objects.filter(
        organization=organization, academic_year=academic_year
    ).exists()
    return IndicatorSection(academic_year, cards, has_contingent)
