"""Pages of a list without a separate COUNT query when the whole list fits on its first page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def get_page(queryset: QuerySet[Any], number: Any, per_page: int) -> Page[Any]:
    """`Paginator(queryset, per_page).get_page(number)`, the same Page, one query less for a short list.

    Asked for the first page (no number, or "1"), the rows are read with one row more than a page: when they
    fit, their number is the list's count and the COUNT query of the paginator is not made (most schools'
    bases fit on one page); when they do not, they are the first page and the list is counted (two queries, as
    Django's). Any other page is paginated as Django does."""
    if number in (None, "", "1", 1):
        rows = list(queryset[: per_page + 1])
        if len(rows) <= per_page:
            return Paginator(rows, per_page).page(1)
        # longer than a page: the rows read are the first page, the paginator counts the list when asked
        return Page(rows[:per_page], 1, Paginator(queryset, per_page))
    return Paginator(queryset, per_page).get_page(number)
