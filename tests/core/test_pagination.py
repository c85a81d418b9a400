"""core.pagination.get_page: the same page as Django's Paginator, without the COUNT for a short list."""

import pytest
from django.core.paginator import Paginator

from nastavnik.core.pagination import get_page
from nastavnik.organizations.models import Organization


def _organizations(n: int, like: Organization) -> None:
    """n organizations more besides `like` (the fixture's), named to sort after it."""
    Organization.objects.bulk_create(
        [
            Organization(
                municipality=like.municipality,
                full_name=f"Школа {i}",
                short_name=f"Я-школа {i:03d}",
                slug=f"school-{i:03d}",
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("n", [0, 1, 5, 6, 7, 13])
@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "x", "-1", "99"])
def test_the_same_page_as_djangos_paginator(organization, n, number):
    _organizations(n, organization)
    qs = Organization.objects.order_by("short_name")
    ours, theirs = get_page(qs, number, 6), Paginator(qs, 6).get_page(number)
    assert list(ours.object_list) == list(theirs.object_list)
    assert (ours.number, ours.paginator.count, ours.paginator.num_pages) == (
        theirs.number,
        theirs.paginator.count,
        theirs.paginator.num_pages,
    )
    assert (ours.has_next(), ours.has_previous(), ours.start_index(), ours.end_index()) == (
        theirs.has_next(),
        theirs.has_previous(),
        theirs.start_index(),
        theirs.end_index(),
    )


def test_a_short_first_page_is_one_query(organization, django_assert_num_queries):
    _organizations(5, organization)
    with django_assert_num_queries(1):
        page = get_page(Organization.objects.order_by("short_name"), None, 6)
        assert page.paginator.count == 6
        assert len(page.object_list) == 6


def test_a_longer_list_is_counted(organization, django_assert_num_queries):
    _organizations(6, organization)
    with django_assert_num_queries(2):  # the first page's rows (one more than a page), the COUNT
        page = get_page(Organization.objects.order_by("short_name"), "1", 6)
        assert page.paginator.count == 7
        assert len(page.object_list) == 6
