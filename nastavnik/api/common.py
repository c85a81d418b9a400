"""Helpers of every endpoint: the caller, the organization of a slug, pagination."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.http import HttpRequest
from ninja import Schema
from pydantic import Field

from nastavnik.accounts.models import User
from nastavnik.organizations.access import get_organization as _get_organization
from nastavnik.organizations.models import Organization

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 2**31

T = TypeVar("T")


class Paging(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def user_of(request: HttpRequest) -> User:
    """The caller (authenticated: every operation requires auth)."""
    user: Any = request.user
    assert isinstance(user, User)
    return user


def organization(
    request: HttpRequest, slug: str, action: str = "organizations.view_organization"
) -> Organization:
    return _get_organization(request, slug, action)


def page(rows: Sequence[T], paging: Paging) -> tuple[list[T], int]:
    return list(rows[paging.offset : paging.offset + paging.limit]), len(rows)
