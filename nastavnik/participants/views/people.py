"""A person of the bases: the card, the forms about them (data, profiles, requests, the mentor's path)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nastavnik.accounts.permissions import can
from nastavnik.organizations.access import get_organization

from .. import forms, queries, services, timeline
from ..models import MenteeProfile, MentorAssignment, MentorProfile, Participant, TrainingRecord
from .common import (
    Request,
    add_errors,
    file_response,
    form_page,
    mentee_profile,
    mentor_profile,
    or_404,
    person_form_page,
    person_of,
)

CHANGE = "participants.change_participant"


@login_required
def person(request: Request, org: str, pk: int) -> HttpResponse:
    organization, participant = person_of(request, org, pk)
    user = request.user
    staff = can(user, "participants.view_base", organization)
    mentee = mentee_profile(participant)
    mentor = mentor_profile(participant)
    consents = list(participant.consents.select_related("revoked_by", "recorded_by"))
    participant._prefetched_objects_cache = {"consents": consents}  # type: ignore[attr-defined]  # read by the consent properties
    manage_consent = queries.may_manage_consent(user, participant)
    paired_ok, paired_reason = queries.can_be_paired(participant)
    context = {
        "organization": organization,
        "participant": participant,
        "mentee": mentee,
        "mentor": mentor,
        "requests": list(mentee.requests.select_related("topic")) if mentee else [],
        "competences": list(mentor.competences.select_related("topic")) if mentor else [],
        "mentor_forms": list(mentor.forms.all()) if mentor else [],
        "interviews": list(mentor.interviews.select_related("interviewer")) if mentor else [],
        "trainings": list(mentor.trainings.all()) if mentor else [],
        "consents": consents,
        "consent_requests": list(participant.consent_requests.all()[:10]) if manage_consent else [],
        "staff": staff,
        "can_change": can(user, CHANGE, participant),
        "manage_consent": manage_consent,
        "paired_ok": paired_ok,
        "paired_reason": paired_reason,
        "events": timeline.events(participant, mentee, mentor) if staff else [],
        "mentors_of": list(
            MentorAssignment.objects.filter(mentee_profile__participant=participant).select_related(
                "mentor_profile__participant"
            )
        ),
        "mentees_of": list(
            MentorAssignment.objects.filter(mentor_profile__participant=participant).select_related(
                "mentee_profile__participant"
            )
        )
        if staff or participant.user_id == user.pk
        else [],
    }
    return render(request, "participants/person.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: Request, org: str) -> HttpResponse:
    organization = get_organization(request, org, "participants.change_base")
    form = forms.ParticipantForm(request.POST or None, instance=Participant(organization=organization))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                participant = services.save_participant(form.save(commit=False), acting_user=request.user)
                if form.cleaned_data.get("as_mentee"):
                    services.ensure_mentee_profile(participant, acting_user=request.user)
                if form.cleaned_data.get("as_mentor"):
                    origin = services.MENTOR_ORIGIN.get(participant.category, MentorProfile.Origin.STAFF)
                    services.ensure_mentor_profile(participant, acting_user=request.user, origin=origin)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Участник добавлен."))
            return redirect(participant.get_absolute_url())
    return form_page(request, organization, form, _("Новый участник"))


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: Request, org: str, pk: int) -> HttpResponse:
    organization, participant = person_of(request, org, pk, CHANGE)
    form = forms.ParticipantForm(request.POST or None, instance=participant)

    def save(**_data: Any) -> None:
        services.save_participant(form.save(commit=False), acting_user=request.user)

    return person_form_page(
        request,
        organization,
        participant,
        form,
        save,
        success=_("Данные участника сохранены."),
        title=_("Данные участника"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentee_profile_edit(request: Request, org: str, pk: int) -> HttpResponse:
    organization, participant = person_of(request, org, pk, CHANGE)
    profile = mentee_profile(participant) or MenteeProfile(participant=participant, organization=organization)
    form = forms.MenteeProfileForm(request.POST or None, instance=profile, organization=organization)

    def save(**data: Any) -> None:
        services.ensure_mentee_profile(participant, acting_user=request.user, **data)

    return person_form_page(
        request,
        organization,
        participant,
        form,
        save,
        success=_("Профиль наставляемого сохранён."),
        title=_("Профиль наставляемого"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_profile_edit(request: Request, org: str, pk: int) -> HttpResponse:
    organization, participant = person_of(request, org, pk, CHANGE)
    profile = mentor_profile(participant) or MentorProfile(
        participant=participant,
        organization=organization,
        origin=services.MENTOR_ORIGIN.get(participant.category, MentorProfile.Origin.STAFF),
    )
    form = forms.MentorProfileForm(request.POST or None, instance=profile, organization=organization)

    def save(forms: Any, **data: Any) -> None:
        services.ensure_mentor_profile(participant, acting_user=request.user, forms=list(forms), **data)

    return person_form_page(
        request,
        organization,
        participant,
        form,
        save,
        success=_("Профиль наставника сохранён."),
        title=_("Профиль наставника"),
    )


def _profile_form(
    request: Request,
    org: str,
    pk: int,
    *,
    role: str,
    make_form: Callable[[Any, Any], django_forms.BaseForm],
    save: Callable[..., object],
    success: str,
    title: str,
    multipart: bool = False,
) -> HttpResponse:
    """A form that adds to the person's mentee or mentor profile (404 when they have none):
    `make_form(organization, profile)` builds it, `save(profile, acting_user=…, **cleaned_data)` writes."""
    organization, participant = person_of(request, org, pk, CHANGE)
    profile = or_404(mentee_profile(participant) if role == "mentee" else mentor_profile(participant))
    form = make_form(organization, profile)

    def write(**data: Any) -> None:
        save(profile, acting_user=request.user, **data)

    return person_form_page(
        request, organization, participant, form, write, success=success, title=title, multipart=multipart
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_add(request: Request, org: str, pk: int) -> HttpResponse:
    return _profile_form(
        request,
        org,
        pk,
        role="mentee",
        save=services.add_request,
        success=_("Запрос добавлен."),
        make_form=lambda organization, _p: forms.RequestForm(request.POST or None, organization=organization),
        title=_("Запрос наставляемого"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def competence_add(request: Request, org: str, pk: int) -> HttpResponse:
    return _profile_form(
        request,
        org,
        pk,
        role="mentor",
        save=services.add_competence,
        success=_("Компетенция добавлена."),
        make_form=lambda organization, _p: forms.CompetenceForm(
            request.POST or None, organization=organization
        ),
        title=_("Компетенция наставника"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_status(request: Request, org: str, pk: int) -> HttpResponse:
    return _profile_form(
        request,
        org,
        pk,
        role="mentor",
        save=services.change_mentor_status,
        make_form=lambda _o, mentor: forms.MentorStatusForm(
            request.POST or None, allowed=queries.allowed_statuses(mentor)
        ),
        success=_("Статус наставника изменён."),
        title=_("Статус наставника"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_add(request: Request, org: str, pk: int) -> HttpResponse:
    today: dt.date = timezone.localdate()
    return _profile_form(
        request,
        org,
        pk,
        role="mentor",
        save=services.record_interview,
        success=_("Собеседование записано."),
        make_form=lambda _o, _p: forms.InterviewForm(request.POST or None, initial={"date": today}),
        title=_("Собеседование"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def training_add(request: Request, org: str, pk: int) -> HttpResponse:
    return _profile_form(
        request,
        org,
        pk,
        role="mentor",
        save=services.record_training,
        success=_("Обучение записано."),
        make_form=lambda _o, _p: forms.TrainingForm(request.POST or None, request.FILES or None),
        title=_("Обучение наставника"),
        multipart=True,
    )


@login_required
def training_certificate(request: Request, org: str, pk: int, training_id: int) -> FileResponse:
    organization, participant = person_of(request, org, pk)
    training = get_object_or_404(
        TrainingRecord, pk=training_id, organization=organization, mentor__participant=participant
    )
    if not training.certificate:
        raise Http404
    return file_response(training.certificate)
