"""Helpers of every endpoint: the caller, the organization of a slug, pagination, reference data by code."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from nastavnik.accounts.models import User
from nastavnik.methodology.models import MentoringForm, RoleModel
from nastavnik.organizations.access import get_organization as _get_organization
from nastavnik.organizations.models import Organization

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 2**31

T = TypeVar("T")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,64}")


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
    """The organization of a slug in the URL: 404 for strangers, for roles without `action`, and for anything
    that cannot be a slug (NUL and the like must not reach the database)."""
    if not SLUG.fullmatch(slug):
        raise Http404
    return _get_organization(request, slug, action)


def page(rows: Sequence[T], paging: Paging) -> tuple[list[T], int]:
    return list(rows[paging.offset : paging.offset + paging.limit]), len(rows)


def mentoring_form(org: Organization, code: str, field: str = "form") -> MentoringForm:
    """A form of mentoring available to the organization by code: its own copy before the shipped one."""
    form = (
        MentoringForm.available_to(org)
        .filter(code=code)
        .order_by(F("organization_id").asc(nulls_last=True), "pk")
        .first()
    )
    if form is None:
        raise ValidationError({field: _("Неизвестная форма наставничества.")})
    return form


def role_model(form: MentoringForm, pk: int | None) -> RoleModel | None:
    """The role model `pk` of the form (None when not given); a role model of another form is refused."""
    if pk is None:
        return None
    found = RoleModel.objects.filter(pk=pk, form=form).first()
    if found is None:
        raise ValidationError({"role_model": _("Ролевая модель не относится к выбранной форме.")})
    return found
