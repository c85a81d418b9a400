"""Consents: the curator's scans and links, the parent's page by link (no account) and "my data"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_scopes import scopes_disabled

from nastavnik.accounts.permissions import can
from nastavnik.audit.services import AccessKind, record_access
from nastavnik.core.tenancy import organization_scope
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization

from .. import forms, queries, services
from ..models import Consent, ConsentRequest, MentorAssignment, Participant
from .common import Request, add_errors, file_response, form_page, person_form_page, person_of


def _consent_person(request: Request, org: str, pk: int) -> tuple[Organization, Participant]:
    """A person whose consents this user manages (the curator, a parent, the adult themself), else 404."""
    organization, participant = person_of(request, org, pk)
    if not queries.may_manage_consent(request.user, participant):
        raise Http404
    return organization, participant


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request: Request, org: str, pk: int) -> HttpResponse:
    organization, participant = _consent_person(request, org, pk)
    initial = {
        "given_at": timezone.localdate(),
        "given_by": Consent.GivenBy.PARENT if participant.is_minor else Consent.GivenBy.SELF,
    }
    form = forms.ConsentScanForm(request.POST or None, request.FILES or None, initial=initial)

    def save(given_at: dt.date, **data: Any) -> None:
        moment = timezone.make_aware(dt.datetime.combine(given_at, dt.time(12, 0)))
        services.record_consent(
            participant, acting_user=request.user, given_at=min(moment, timezone.now()), **data
        )

    return person_form_page(
        request,
        organization,
        participant,
        form,
        save,
        success=_("Согласие записано."),
        title=_("Согласие (скан)"),
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_link_create(request: Request, org: str, pk: int) -> HttpResponse:
    organization, participant = _consent_person(request, org, pk)
    if not can(request.user, "participants.change_participant", participant):
        raise Http404
    form = forms.ConsentLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent_request = services.create_consent_request(
            participant, acting_user=request.user, **form.cleaned_data
        )
        url = request.build_absolute_uri(consent_request.get_absolute_url())
        messages.success(
            request,
            _("Ссылка для законного представителя (действует 14 дней): %(url)s") % {"url": url},
        )
        return redirect(participant.get_absolute_url())
    return form_page(
        request,
        organization,
        form,
        _("Ссылка для согласия"),
        participant=participant,
        submit=_("Создать ссылку"),
    )


@login_required
@require_POST
def consent_link_cancel(request: Request, org: str, pk: int, request_id: int) -> HttpResponse:
    _organization, participant = _consent_person(request, org, pk)
    consent_request = get_object_or_404(ConsentRequest, pk=request_id, participant=participant)
    services.cancel_consent_request(consent_request, acting_user=request.user)
    messages.success(request, _("Ссылка отменена."))
    return redirect(participant.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request: Request, org: str, pk: int, consent_id: int) -> HttpResponse:
    organization, participant = _consent_person(request, org, pk)
    consent = get_object_or_404(Consent, pk=consent_id, participant=participant)
    form = forms.RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_consent(consent, acting_user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Согласие отозвано."))
            if can(request.user, "participants.view_participant", participant):
                return redirect(participant.get_absolute_url())
            return redirect("participants:me", organization.slug)
    return form_page(
        request,
        organization,
        form,
        _("Отзыв согласия"),
        participant=participant,
        submit=_("Отозвать согласие"),
    )


@login_required
def consent_scan(request: Request, org: str, pk: int, consent_id: int) -> FileResponse:
    organization, participant = _consent_person(request, org, pk)
    consent = get_object_or_404(Consent, pk=consent_id, participant=participant)
    if not consent.scan:
        raise Http404
    record_access(request, organization, AccessKind.CONSENT_SCAN, participant)
    return file_response(consent.scan)


@require_http_methods(["GET", "POST"])
def consent_link(request: HttpRequest, token: str) -> HttpResponse:
    """The page a parent opens from the link: no account, a phone, one checkbox. Nobody is logged in, so
    the services are told that no person acts (`acting_user=None`); the token is the permission."""
    if len(token) > 64:
        raise Http404
    with scopes_disabled():
        consent_request = (
            ConsentRequest.objects.select_related("participant", "organization").filter(token=token).first()
        )
    if consent_request is None:
        raise Http404
    with organization_scope(consent_request.organization_id):
        consent = Consent.objects.filter(request=consent_request).first()
        form = forms.ParentConsentForm(
            request.POST or None, initial={"representative_name": consent_request.representative_name}
        )
        revoke_form = forms.RevokeForm(request.POST or None, prefix="revoke")
        if request.method == "POST":
            if request.POST.get("action") == "revoke" and consent and consent.revoked_at is None:
                if consent_request.expires_at > timezone.now() and revoke_form.is_valid():
                    services.revoke_consent(
                        consent,
                        acting_user=None,
                        reason=revoke_form.cleaned_data["reason"] or _("отозвано по ссылке"),
                    )
                    return redirect(consent_request.get_absolute_url())
            elif request.POST.get("action") == "decline" and consent_request.is_usable:
                services.decline_consent_request(consent_request, acting_user=None)
                return redirect(consent_request.get_absolute_url())
            elif form.is_valid():
                try:
                    services.confirm_consent_request(
                        consent_request,
                        form.cleaned_data["representative_name"],
                        form.cleaned_data["agree"],
                        acting_user=None,
                    )
                except ValidationError as exc:
                    add_errors(form, exc)
                else:
                    return redirect(consent_request.get_absolute_url())
        context = {
            "consent_request": consent_request,
            "consent": consent,
            "form": form,
            "revoke_form": revoke_form,
            # One-time: once answered (or expired, cancelled) the link no longer names the child.
            "child": consent_request.participant.short_name if consent_request.is_usable else "",
            "organization": consent_request.organization,
            "expired": consent_request.expires_at <= timezone.now(),
        }
        return render(request, "participants/consent_link.html", context)


# --- "my data" -------------------------------------------------------------------------------------------
@login_required
def me(request: Request, org: str) -> HttpResponse:
    organization = get_organization(request, org)
    user = request.user
    own = list(Participant.objects.filter(organization=organization, user=user).prefetch_related("consents"))
    wards = list(
        Participant.objects.filter(organization=organization, guardianships__user=user)
        .prefetch_related("consents")
        .distinct()
    )
    assignments = list(
        MentorAssignment.objects.filter(organization=organization, mentor_profile__participant__user=user)
        .select_related("mentee_profile__participant")
        .prefetch_related("mentee_profile__participant__consents")
        .order_by("mentee_profile__participant__last_name")
    )
    my_mentees = [a.mentee_profile.participant for a in assignments]
    people = [
        {
            "participant": participant,
            "is_ward": participant in wards,
            "can_give": participant in wards or not participant.is_minor,
            "valid": participant.valid_consent,
            "consents": participant._personal_data_consents()
            + [c for c in participant.consents.all() if c.kind != Consent.Kind.PERSONAL_DATA],
            "visible": can(user, "participants.view_participant", participant),
        }
        for participant in own + [w for w in wards if w not in own]
    ]
    return render(
        request,
        "participants/me.html",
        {
            "organization": organization,
            "people": people,
            "my_mentees": [p for p in my_mentees if not p.is_hidden_by_revocation],
            "consent_kinds": Consent.Kind.choices,
        },
    )


@login_required
@require_POST
def me_consent_give(request: Request, org: str, pk: int) -> HttpResponse:
    organization = get_organization(request, org)
    participant = get_object_or_404(Participant, organization=organization, pk=pk)
    if not queries.may_give_consent_in_account(request.user, participant):
        raise Http404
    kind = request.POST.get("kind", Consent.Kind.PERSONAL_DATA)
    try:
        services.give_consent_in_account(participant, acting_user=request.user, kind=kind)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Спасибо! Согласие записано."))
    return redirect("participants:me", organization.slug)


@login_required
@require_POST
def me_consent_revoke(request: Request, org: str, pk: int, consent_id: int) -> HttpResponse:
    organization = get_organization(request, org)
    participant = get_object_or_404(Participant, organization=organization, pk=pk)
    consent = get_object_or_404(Consent, pk=consent_id, participant=participant)
    if not (
        participant.is_self_or_guardian(request.user)
        and queries.may_manage_consent(request.user, participant)
    ):
        raise Http404
    try:
        services.revoke_consent(
            consent, acting_user=request.user, reason=request.POST.get("reason", "")[:2000]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Согласие отозвано. Данные скрыты от всех, кроме куратора."))
    return redirect("participants:me", organization.slug)
