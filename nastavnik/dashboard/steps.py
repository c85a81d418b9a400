"""«Что сделать дальше»: the next steps derived from what is actually missing, each a link.

`next_steps` is pure over the figures; `resolve` turns the steps into links the user may open (a step whose page
the user may not open, or whose app is not installed, is left out).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nastavnik.accounts.permissions import can

from .figures import Dashboard
from .suggestions import Suggestion


@dataclass(frozen=True)
class Step:
    text: str
    url_name: str
    action: str  # the permission the page needs
    query: str = ""
    urgent: bool = False
    args: tuple[Any, ...] = ()  # URL arguments after the organization's slug


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    urgent: bool


def next_steps(
    dashboard: Dashboard,
    *,
    indicators: Sequence[Any] = (),
    has_contingent: bool = True,
    suggestions: Sequence[Suggestion] = (),
) -> list[Step]:
    """In the order of the programme's cycle: roadmap, bases, questionnaires, pairs, work, monitoring, risks."""
    steps: list[Step] = []
    roadmaps, bases, pairings = dashboard.roadmaps, dashboard.bases, dashboard.pairings
    if roadmaps.roadmap is None:
        steps.append(
            Step(
                _("Загрузите дорожную карту организации (Word, Excel, PDF) или создайте её по шаблону."),
                "roadmaps:import",
                "roadmaps.change_roadmap",
                urgent=True,
            )
        )
    elif roadmaps.overdue:
        steps.append(
            Step(
                ngettext(
                    "Просрочено %(n)s мероприятие дорожной карты: выполните или перенесите срок.",
                    "Просрочено %(n)s мероприятий дорожной карты: выполните или перенесите сроки.",
                    roadmaps.overdue,
                )
                % {"n": roadmaps.overdue},
                "roadmaps:roadmap",
                "roadmaps.view_roadmap",
                query="overdue=1",
                urgent=True,
            )
        )
    if not bases.mentees:
        steps.append(
            Step(
                _("Сформируйте базу наставляемых: импорт из Excel или анкеты по ссылке."),
                "participants:import",
                "participants.change_base",
            )
        )
    if not bases.mentors:
        steps.append(
            Step(
                _("Сформируйте базу наставников: импорт из Excel или анкеты по ссылке."),
                "participants:import",
                "participants.change_base",
            )
        )
    if bases.mentees_without_questionnaire:
        steps.append(
            Step(
                ngettext(
                    "%(n)s наставляемый ещё не получил анкету: отправьте ссылку.",
                    "%(n)s наставляемых ещё не получили анкету: отправьте ссылку.",
                    bases.mentees_without_questionnaire,
                )
                % {"n": bases.mentees_without_questionnaire},
                "questionnaires:index",
                "questionnaires.manage_questionnaires",
            )
        )
    if bases.mentees_without_consent:
        steps.append(
            Step(
                ngettext(
                    "Нет согласия на обработку персональных данных у %(n)s наставляемого.",
                    "Нет согласия на обработку персональных данных у %(n)s наставляемых.",
                    bases.mentees_without_consent,
                )
                % {"n": bases.mentees_without_consent},
                "participants:mentees",
                "participants.view_base",
                query="consent=no",
                urgent=True,
            )
        )
    if bases.mentors_without_consent:
        steps.append(
            Step(
                ngettext(
                    "Нет согласия на обработку персональных данных у %(n)s наставника.",
                    "Нет согласия на обработку персональных данных у %(n)s наставников.",
                    bases.mentors_without_consent,
                )
                % {"n": bases.mentors_without_consent},
                "participants:mentors",
                "participants.view_base",
                query="consent=no",
                urgent=True,
            )
        )
    if bases.mentees_waiting and bases.mentors_in_register:
        steps.append(
            Step(
                ngettext(
                    "%(n)s наставляемый ждёт наставника: подберите пары.",
                    "%(n)s наставляемых ждут наставника: подберите пары.",
                    bases.mentees_waiting,
                )
                % {"n": bases.mentees_waiting},
                "matching:index",
                "matching.run_matching",
            )
        )
    if pairings.attention:
        steps.append(
            Step(
                ngettext(
                    "%(n)s пара требует внимания.",
                    "%(n)s пар требуют внимания.",
                    pairings.attention,
                )
                % {"n": pairings.attention},
                "mentoring:pairings",
                "mentoring.view_pairings",
                query="attention=1",
                urgent=True,
            )
        )
    if not has_contingent:
        steps.append(
            Step(
                _("Введите контингент %(year)s учебного года: без него не посчитать показатели.")
                % {"year": dashboard.academic_year_label},
                "monitoring:contingent",
                "monitoring.change_monitoring",
                args=(dashboard.academic_year,),
            )
        )
    behind = [i for i in indicators if getattr(i, "status", "") == "behind"]
    if behind:
        steps.append(
            Step(
                _("Отстают от цели показатели: %(names)s.")
                % {"names": ", ".join(str(i.title) for i in behind)},
                "dashboard:risks",
                "roadmaps.view_risks",
            )
        )
    if suggestions:
        steps.append(
            Step(
                ngettext(
                    "Данные подсказывают %(n)s риск: посмотрите его и примите в реестр.",
                    "Данные подсказывают %(n)s риска: посмотрите их и примите в реестр.",
                    len(suggestions),
                )
                % {"n": len(suggestions)},
                "dashboard:risks",
                "roadmaps.change_risks",
            )
        )
    if dashboard.risks_to_review:
        steps.append(
            Step(
                ngettext(
                    "Пора пересмотреть %(n)s риск.",
                    "Пора пересмотреть %(n)s рисков.",
                    dashboard.risks_to_review,
                )
                % {"n": dashboard.risks_to_review},
                "dashboard:risks",
                "roadmaps.view_risks",
            )
        )
    return steps


def resolve(steps: Iterable[Step], user: Any, organization: Any) -> list[Link]:
    links = []
    for step in steps:
        if not can(user, step.action, organization):
            continue
        try:
            url = reverse(step.url_name, args=[organization.slug, *step.args])
        except NoReverseMatch:
            continue
        links.append(Link(step.text, f"{url}?{step.query}" if step.query else url, step.urgent))
    return links
