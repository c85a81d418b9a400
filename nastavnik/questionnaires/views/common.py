"""What the curator's pages of questionnaires share: the objects of the URL, checked for the organization
and the permission, and small response helpers."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from nastavnik.accounts.models import User
from nastavnik.accounts.permissions import is_curator
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization

from ..models import Invitation, Question, Questionnaire, Section
from ..services import MANAGE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def questionnaire_of(
    request: AuthenticatedHttpRequest, org: str, pk: int, action: str = MANAGE
) -> tuple[Organization, Questionnaire]:
    organization = get_organization(request, org, action)
    questionnaire: Questionnaire = get_object_or_404(
        Questionnaire.objects.filter(organization=organization).select_related("source_template"), pk=pk
    )
    questionnaire.organization = organization
    return organization, questionnaire


def section_of(request: AuthenticatedHttpRequest, org: str, pk: int) -> tuple[Organization, Section]:
    organization = get_organization(request, org, MANAGE)
    section: Section = get_object_or_404(
        Section.objects.filter(organization=organization).select_related("questionnaire__organization"), pk=pk
    )
    return organization, section


def question_of(request: AuthenticatedHttpRequest, org: str, pk: int) -> tuple[Organization, Question]:
    organization = get_organization(request, org, MANAGE)
    question: Question = get_object_or_404(
        Question.objects.filter(organization=organization).select_related(
            "questionnaire__organization", "section"
        ),
        pk=pk,
    )
    return organization, question


def invitation_of(request: AuthenticatedHttpRequest, org: str, pk: int) -> tuple[Organization, Invitation]:
    organization = get_organization(request, org, MANAGE)
    invitation: Invitation = get_object_or_404(
        Invitation.objects.filter(organization=organization).select_related(
            "participant", "questionnaire", "organization"
        ),
        pk=pk,
    )
    return organization, invitation


def sees_revoked(user: User, organization: Organization) -> bool:
    """Only the curator still sees people who revoked their consent (as in the bases)."""
    return is_curator(user, organization)


def show_error(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def attempt(request: HttpRequest, action: Callable[[], object], success: str = "") -> bool:
    """Run one service call of a POST: its refusal (ValidationError) becomes the page's error message,
    its success the `success` message. True when it went through."""
    try:
        action()
    except ValidationError as error:
        show_error(request, error)
        return False
    if success:
        messages.success(request, success)
    return True


def editor_url(questionnaire: Questionnaire, anchor: str = "") -> str:
    organization = questionnaire.organization
    if organization is None:  # shipped templates have no editor
        raise ValueError("A shipped template has no editor.")
    url = reverse("questionnaires:editor", args=[organization.slug, questionnaire.pk])
    return f"{url}#{anchor}" if anchor else url


def xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def page_bounds(request: HttpRequest, total: int, per_page: int) -> tuple[int, int, int]:
    """(page number, first index, last index) of a list split into pages; bad numbers mean page 1."""
    pages = max(1, -(-total // per_page))
    try:
        number = min(max(1, int(request.GET.get("page", 1))), pages)
    except (TypeError, ValueError):
        number = 1
    return number, (number - 1) * per_page, number * per_page
