"""Risks the data suggests («предложить риск»): the curator accepts one with a click, nothing is written here.

Signals of the work of pairs (`mentoring.overview`: idle pairs, missing feedback, low marks) and indicators behind
their target each give one suggestion with a stable key; a key whose risk is open in the register is not proposed
again. Pure over the dashboard's figures and the indicators (any objects with the monitoring `Indicator` fields).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from nastavnik.core.charts import format_value
from nastavnik.roadmaps.models import Risk

from .figures import Dashboard

LOW, MEDIUM, HIGH = Risk.Level.LOW, Risk.Level.MEDIUM, Risk.Level.HIGH


@dataclass(frozen=True)
class Suggestion:
    key: str
    risk: str
    mitigation: str
    probability: int
    impact: int
    reason: str  # why the data suggests it, with the figures

    @property
    def level(self) -> int:
        return self.probability * self.impact


def _probability(part: int, whole: int) -> int:
    share = part / whole if whole else 0
    return HIGH if share >= 0.3 else MEDIUM if share >= 0.1 else LOW


def suggested_risks(dashboard: Dashboard, indicators: Iterable[Any] = ()) -> list[Suggestion]:
    """What to propose now, highest level first."""
    pairings = dashboard.pairings
    active = pairings.active
    out: list[Suggestion] = []
    if pairings.idle:
        out.append(
            Suggestion(
                key="idle_pairs",
                risk=_("Наставнические пары перестают встречаться, программа не даёт результата."),
                mitigation=_(
                    "Связаться с наставниками пар без встреч, назначить ближайшие встречи, "
                    "при необходимости пересмотреть состав пар."
                ),
                probability=_probability(pairings.idle, active),
                impact=HIGH,
                reason=_("Пар без встреч дольше %(days)s дн.: %(n)s из %(total)s активных.")
                % {"days": dashboard.organization.pairing_idle_days, "n": pairings.idle, "total": active},
            )
        )
    if pairings.feedback_missing:
        out.append(
            Suggestion(
                key="feedback_missing",
                risk=_("Нет обратной связи от наставляемых: куратор не видит, помогают ли встречи."),
                mitigation=_(
                    "Напомнить наставляемым об обратной связи после встреч, обсудить её на встрече куратора "
                    "с наставниками."
                ),
                probability=_probability(pairings.feedback_missing, active),
                impact=MEDIUM,
                reason=_("Пар, где после встреч нет обратной связи: %(n)s из %(total)s активных.")
                % {"n": pairings.feedback_missing, "total": active},
            )
        )
    if pairings.low_feedback:
        out.append(
            Suggestion(
                key="low_feedback",
                risk=_("Наставляемые низко оценивают встречи: пары могут распасться."),
                mitigation=_(
                    "Поговорить с участниками пар с низкой оценкой, при несовместимости сменить наставника."
                ),
                probability=_probability(pairings.low_feedback, active),
                impact=MEDIUM,
                reason=_("Пар со средней оценкой встреч ниже 5 из 10: %(n)s из %(total)s активных.")
                % {"n": pairings.low_feedback, "total": active},
            )
        )
    for indicator in indicators:
        if getattr(indicator, "status", "") != "behind":
            continue
        unit = " %" if indicator.is_share else ""
        out.append(
            Suggestion(
                key=f"indicator:{indicator.code}"[:64],
                risk=_("Показатель «%(title)s» не достигнет цели.") % {"title": indicator.title},
                mitigation=_(
                    "Разобрать причины отставания с рабочей группой и добавить мероприятия в дорожную карту."
                ),
                probability=HIGH,
                impact=HIGH,
                reason=_("Сейчас %(value)s%(unit)s при цели %(target)s%(unit)s к %(year)s году.")
                % {
                    "value": _fmt(indicator.value),
                    "target": _fmt(indicator.target),
                    "unit": unit,
                    "year": indicator.target_year or "",
                },
            )
        )
    fresh = [s for s in out if s.key not in dashboard.open_sources]
    return sorted(fresh, key=lambda s: -s.level)


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return format_value(value, "")
