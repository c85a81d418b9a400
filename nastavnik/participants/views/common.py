"""What the pages of the bases share: the typed request, a person looked up with a permission, form pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from nastavnik.accounts.permissions import require
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization

from ..models import MenteeProfile, MentorProfile, Participant

T = TypeVar("T")


class Request(AuthenticatedHttpRequest):
    """A request behind `login_required`, with django-htmx's details (HtmxMiddleware sets them)."""

    htmx: HtmxDetails


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def person_of(
    request: HttpRequest, org: str, pk: int, action: str = "participants.view_participant"
) -> tuple[Organization, Participant]:
    """The organization and one of its participants, or 404 when the user may not do `action` on them."""
    organization = get_organization(request, org)
    participant: Participant = get_object_or_404(
        Participant.objects.select_related("organization", "user"), organization=organization, pk=pk
    )
    require(request.user, action, participant)
    return organization, participant


def mentee_profile(participant: Participant) -> MenteeProfile | None:
    return MenteeProfile.objects.filter(participant=participant).select_related("form").first()


def mentor_profile(participant: Participant) -> MentorProfile | None:
    return MentorProfile.objects.filter(participant=participant).select_related("partner").first()


def or_404(found: T | None) -> T:
    if found is None:
        raise Http404
    return found


def form_page(
    request: HttpRequest,
    organization: Organization,
    form: forms.BaseForm,
    title: str,
    *,
    participant: Participant | None = None,
    multipart: bool = False,
    submit: str | None = None,
) -> HttpResponse:
    return render(
        request,
        "participants/form_page.html",
        {
            "organization": organization,
            "form": form,
            "title": title,
            "participant": participant,
            "multipart": multipart,
            "submit": submit or _("Сохранить"),
        },
    )


def saved(request: HttpRequest, form: forms.BaseForm, save: Callable[..., object], success: str) -> bool:
    """The shape of every form about one person: on a valid POST `save(**cleaned_data)` writes through a
    service; its ValidationError lands on the form, success is reported. True when written."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(**form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc)
        return False
    messages.success(request, success)
    return True


def person_form_page(
    request: HttpRequest,
    organization: Organization,
    participant: Participant,
    form: forms.BaseForm,
    save: Callable[..., object],
    *,
    success: str,
    title: str,
    multipart: bool = False,
) -> HttpResponse:
    """A form about one person: written → back to the person's card; otherwise the form (with errors)."""
    if saved(request, form, save, success):
        return redirect(participant.get_absolute_url())
    return form_page(request, organization, form, title, participant=participant, multipart=multipart)


def file_response(field_file: FieldFile) -> FileResponse:
    """The stored file as a download (FileResponse streams it), 404 when it is gone from the disk."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    name = Path(field_file.name or "").name.split("-", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)
