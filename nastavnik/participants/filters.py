"""Filters of the bases that other apps contribute, so that participants imports none of the apps above it.

The lists of mentees and mentors know their own filters (search, category, status, consent…). An app that
knows more about a person — questionnaires knows who answered — registers a yes/no filter here from its
`AppConfig.ready()`, the way demo data joins `core.demo.DEMO_EXTENSIONS`. The filter form shows one choice
per registered filter and `queries` applies it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise

#: (profiles, yes, path to the participant's pk) -> the profiles that match (yes) or do not (no).
ApplyFilter = Callable[[QuerySet, bool, str], QuerySet]


@dataclass(frozen=True)
class ListFilter:
    """A yes/no filter: `name` is its GET parameter, `label` the Russian text over the choice."""

    name: str
    label: str | Promise
    apply: ApplyFilter


#: Registered filters by name, in the order they were registered (the order of the form's fields).
LIST_FILTERS: dict[str, ListFilter] = {}


def register(list_filter: ListFilter) -> None:
    """Add a filter to the lists (idempotent: registering the same name again replaces it)."""
    LIST_FILTERS[list_filter.name] = list_filter
