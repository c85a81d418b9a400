"""A person of the bases: the card, the forms about them (data, profiles, requests, the mentor's path)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
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

from nastavnik.accounts.models import User
from nastavnik.accounts.permissions import can
from nastavnik.audit.services import AccessKind, record_access
from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization

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
    record_access(request, organization, AccessKind.PERSON, participant)
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


#: Builds the form of a page about a person: (organization, participant) -> (the form, what it writes to).
Build = Callable[[Organization, Participant], tuple[django_forms.BaseForm, Any]]


def _person_form(
    request: Request,
    org: str,
    pk: int,
    build: Build,
    save: Callable[..., object],
    *,
    success: str,
    title: str,
    multipart: bool = False,
) -> HttpResponse:
    """Every form about one person the curation may change: `build` makes the form and names its target (the
    participant, a profile — 404 where the person has none — or the form itself); on a valid POST
    `save(target, acting_user=…, **cleaned_data)` writes through a service."""
    organization, participant = person_of(request, org, pk, CHANGE)
    form, target = build(organization, participant)
    write = partial(save, target, acting_user=request.user)
    return person_form_page(
        request, organization, participant, form, write, success=success, title=title, multipart=multipart
    )


def _save_participant(form: forms.ParticipantForm, *, acting_user: User, **_data: Any) -> None:
    services.save_participant(form.save(commit=False), acting_user=acting_user)


def _save_mentor_profile(
    participant: Participant, *, acting_user: User, forms: Iterable[MentoringForm], **data: Any
) -> None:
    services.ensure_mentor_profile(participant, acting_user=acting_user, forms=list(forms), **data)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: Request, org: str, pk: int) -> HttpResponse:
    def build(_o: Organization, p: Participant) -> tuple[django_forms.BaseForm, Any]:
        form = forms.ParticipantForm(request.POST or None, instance=p)
        return form, form

    return _person_form(
        request,
        org,
        pk,
        build,
        _save_participant,
        success=_("Данные участника сохранены."),
        title=_("Данные участника"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentee_profile_edit(request: Request, org: str, pk: int) -> HttpResponse:
    def build(o: Organization, p: Participant) -> tuple[django_forms.BaseForm, Any]:
        profile = mentee_profile(p) or MenteeProfile(participant=p, organization=o)
        return forms.MenteeProfileForm(request.POST or None, instance=profile, organization=o), p

    return _person_form(
        request,
        org,
        pk,
        build,
        services.ensure_mentee_profile,
        success=_("Профиль наставляемого сохранён."),
        title=_("Профиль наставляемого"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_profile_edit(request: Request, org: str, pk: int) -> HttpResponse:
    def build(o: Organization, p: Participant) -> tuple[django_forms.BaseForm, Any]:
        origin = services.MENTOR_ORIGIN.get(p.category, MentorProfile.Origin.STAFF)
        profile = mentor_profile(p) or MentorProfile(participant=p, organization=o, origin=origin)
        return forms.MentorProfileForm(request.POST or None, instance=profile, organization=o), p

    return _person_form(
        request,
        org,
        pk,
        build,
        _save_mentor_profile,
        success=_("Профиль наставника сохранён."),
        title=_("Профиль наставника"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_add(request: Request, org: str, pk: int) -> HttpResponse:
    return _person_form(
        request,
        org,
        pk,
        lambda o, p: (forms.RequestForm(request.POST or None, organization=o), or_404(mentee_profile(p))),
        services.add_request,
        success=_("Запрос добавлен."),
        title=_("Запрос наставляемого"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def competence_add(request: Request, org: str, pk: int) -> HttpResponse:
    return _person_form(
        request,
        org,
        pk,
        lambda o, p: (forms.CompetenceForm(request.POST or None, organization=o), or_404(mentor_profile(p))),
        services.add_competence,
        success=_("Компетенция добавлена."),
        title=_("Компетенция наставника"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_status(request: Request, org: str, pk: int) -> HttpResponse:
    def build(_o: Organization, p: Participant) -> tuple[django_forms.BaseForm, Any]:
        mentor = or_404(mentor_profile(p))
        return forms.MentorStatusForm(request.POST or None, allowed=queries.allowed_statuses(mentor)), mentor

    return _person_form(
        request,
        org,
        pk,
        build,
        services.change_mentor_status,
        success=_("Статус наставника изменён."),
        title=_("Статус наставника"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_add(request: Request, org: str, pk: int) -> HttpResponse:
    initial = {"date": timezone.localdate()}
    return _person_form(
        request,
        org,
        pk,
        lambda _o, p: (forms.InterviewForm(request.POST or None, initial=initial), or_404(mentor_profile(p))),
        services.record_interview,
        success=_("Собеседование записано."),
        title=_("Собеседование"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def training_add(request: Request, org: str, pk: int) -> HttpResponse:
    return _person_form(
        request,
        org,
        pk,
        lambda _o, p: (
            forms.TrainingForm(request.POST or None, request.FILES or None),
            or_404(mentor_profile(p)),
        ),
        services.record_training,
        success=_("Обучение записано."),
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
    record_access(request, organization, AccessKind.TRAINING_CERTIFICATE, participant)
    return file_response(training.certificate)
