"""Pages of the bases of mentees and mentors, a person's card, consents, "my data", import and export.

Thin views: each starts with `get_organization` (404 for strangers), checks the object with `require`, and
leaves writing to `services`.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_scopes import scopes_disabled

from nastavnik.accounts.permissions import can, require
from nastavnik.core.tenancy import organization_scope
from nastavnik.organizations.access import get_organization

from . import export, forms, import_jobs, import_views, queries, services, tabular, timeline
from .models import (
    Consent,
    ConsentRequest,
    MenteeProfile,
    MentorAssignment,
    MentorProfile,
    Participant,
    Partner,
    TrainingRecord,
)

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _base_list(request, org, *, kind: str, register: bool = False):
    organization = get_organization(request, org, "participants.view_base")
    form_class = forms.MenteeFilterForm if kind == "mentees" else forms.MentorFilterForm
    filter_form = form_class(
        request.GET or None, organization=organization, with_answered=services.response_model() is not None
    )
    filters = filter_form.filters() if request.GET else {}
    if kind == "mentees":
        qs = queries.mentees(organization, request.user, filters)
    else:
        qs = queries.mentors(organization, request.user, filters, register=register)
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = queries.copy_annotations(page.object_list)
    context = {
        "organization": organization,
        "filter_form": filter_form,
        "page": page,
        "rows": rows,
        "query": _query_without_page(request),
        "can_change": can(request.user, "participants.change_base", organization),
        "kind": kind,
        "register": register,
        "groups": queries.groups(organization),
    }
    partial = f"participants/_{'mentee' if kind == 'mentees' else 'mentor'}_table.html"
    if request.htmx and not request.htmx.boosted:
        return render(request, partial, context)
    template = "participants/register.html" if register else f"participants/{kind}.html"
    return render(request, template, context)


@login_required
def mentees(request, org):
    return _base_list(request, org, kind="mentees")


@login_required
def mentors(request, org):
    return _base_list(request, org, kind="mentors")


@login_required
def register(request, org):
    return _base_list(request, org, kind="mentors", register=True)


def _export(request, org, *, kind: str, register: bool = False) -> HttpResponse:
    organization = get_organization(request, org, "participants.view_base")
    form_class = forms.MenteeFilterForm if kind == "mentees" else forms.MentorFilterForm
    filters = form_class(request.GET, organization=organization).filters() if request.GET else {}
    if kind == "mentees":
        rows = queries.copy_annotations(queries.mentees(organization, request.user, filters))
        content = export.build_workbook("Наставляемые", export.MENTEE_HEADERS, export.mentee_rows(rows))
        name = "baza-nastavlyaemyh"
    else:
        rows = queries.copy_annotations(
            queries.mentors(organization, request.user, filters, register=register)
        )
        if register:
            content = export.build_workbook(
                "Реестр наставников", export.REGISTER_HEADERS, export.register_rows(rows)
            )
            name = "reestr-nastavnikov"
        else:
            content = export.build_workbook("Наставники", export.MENTOR_HEADERS, export.mentor_rows(rows))
            name = "baza-nastavnikov"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{organization.slug}-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    return response


@login_required
def mentees_export(request, org):
    return _export(request, org, kind="mentees")


@login_required
def mentors_export(request, org):
    return _export(request, org, kind="mentors")


@login_required
def register_export(request, org):
    return _export(request, org, kind="mentors", register=True)


# --- a person ------------------------------------------------------------------------------------------
def _person(request, org, pk, action="participants.view_participant"):
    organization = get_organization(request, org)
    participant = get_object_or_404(
        Participant.objects.select_related("organization", "user"), organization=organization, pk=pk
    )
    require(request.user, action, participant)
    return organization, participant


def _mentee_profile(participant):
    return MenteeProfile.objects.filter(participant=participant).select_related("form").first()


def _mentor_profile(participant):
    return MentorProfile.objects.filter(participant=participant).select_related("partner").first()


@login_required
def person(request, org, pk):
    organization, participant = _person(request, org, pk)
    user = request.user
    staff = can(user, "participants.view_base", organization)
    mentee = _mentee_profile(participant)
    mentor = _mentor_profile(participant)
    consents = list(participant.consents.select_related("revoked_by", "recorded_by"))
    participant._prefetched_objects_cache = {"consents": consents}
    can_change = can(user, "participants.change_participant", participant)
    manage_consent = services.may_manage_consent(user, participant)
    paired_ok, paired_reason = services.can_be_paired(participant)
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
        "can_change": can_change,
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


def _form_page(request, organization, form, title, *, participant=None, multipart=False, submit=None):
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


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request, org):
    organization = get_organization(request, org, "participants.change_base")
    form = forms.ParticipantForm(request.POST or None, instance=Participant(organization=organization))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                participant = services.save_participant(form.save(commit=False), by_user=request.user)
                if form.cleaned_data.get("as_mentee"):
                    services.ensure_mentee_profile(participant, by_user=request.user)
                if form.cleaned_data.get("as_mentor"):
                    origin = services.MENTOR_ORIGIN.get(participant.category, MentorProfile.Origin.STAFF)
                    services.ensure_mentor_profile(participant, by_user=request.user, origin=origin)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Участник добавлен."))
            return redirect(participant.get_absolute_url())
    return _form_page(request, organization, form, _("Новый участник"))


def _saved(request, form, save, success: str) -> bool:
    """The shape of every form about one person: on a valid POST `save(**cleaned_data)` writes through a
    service; its ValidationError lands on the form, success is reported. True when written."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(**form.cleaned_data)
    except ValidationError as exc:
        _errors(form, exc)
        return False
    messages.success(request, success)
    return True


def _or_404(profile):
    if profile is None:
        raise Http404
    return profile


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, org, pk):
    organization, participant = _person(request, org, pk, "participants.change_participant")
    form = forms.ParticipantForm(request.POST or None, instance=participant)

    def save(**_data):
        services.save_participant(form.save(commit=False), by_user=request.user)

    if _saved(request, form, save, _("Данные участника сохранены.")):
        return redirect(participant.get_absolute_url())
    return _form_page(request, organization, form, _("Данные участника"), participant=participant)


@login_required
@require_http_methods(["GET", "POST"])
def mentee_profile_edit(request, org, pk):
    organization, participant = _person(request, org, pk, "participants.change_participant")
    profile = _mentee_profile(participant) or MenteeProfile(
        participant=participant, organization=organization
    )
    form = forms.MenteeProfileForm(request.POST or None, instance=profile, organization=organization)
    save = partial(services.ensure_mentee_profile, participant, by_user=request.user)
    if _saved(request, form, save, _("Профиль наставляемого сохранён.")):
        return redirect(participant.get_absolute_url())
    return _form_page(request, organization, form, _("Профиль наставляемого"), participant=participant)


@login_required
@require_http_methods(["GET", "POST"])
def mentor_profile_edit(request, org, pk):
    organization, participant = _person(request, org, pk, "participants.change_participant")
    profile = _mentor_profile(participant) or MentorProfile(
        participant=participant,
        organization=organization,
        origin=services.MENTOR_ORIGIN.get(participant.category, MentorProfile.Origin.STAFF),
    )
    form = forms.MentorProfileForm(request.POST or None, instance=profile, organization=organization)

    def save(forms, **data):
        services.ensure_mentor_profile(participant, by_user=request.user, forms=list(forms), **data)

    if _saved(request, form, save, _("Профиль наставника сохранён.")):
        return redirect(participant.get_absolute_url())
    return _form_page(request, organization, form, _("Профиль наставника"), participant=participant)


@login_required
@require_http_methods(["GET", "POST"])
def request_add(request, org, pk):
    organization, participant = _person(request, org, pk, "participants.change_participant")
    mentee = _or_404(_mentee_profile(participant))
    form = forms.RequestForm(request.POST or None, organization=organization)
    save = partial(services.add_request, mentee, by_user=request.user)
    if _saved(request, form, save, _("Запрос добавлен.")):
        return redirect(participant.get_absolute_url())
    return _form_page(request, organization, form, _("Запрос наставляемого"), participant=participant)


@login_required
@require_http_methods(["GET", "POST"])
def competence_add(request, org, pk):
    organization, participant = _person(request, org, pk, "participants.change_participant")
    mentor = _or_404(_mentor_profile(participant))
    form = forms.CompetenceForm(request.POST or None, organization=organization)
    save = partial(services.add_competence, mentor, by_user=request.user)
    if _saved(request, form, save, _("Компетенция добавлена.")):
        return redirect(participant.get_absolute_url())
    return _form_page(request, organization, form, _("Компетенция наставника"), participant=participant)


@login_required
@require_http_methods(["GET", "POST"])
def mentor_status(request, org, pk):
    organization, participant = _person(request, org, pk, "participants.change_participant")
    mentor = _or_404(_mentor_profile(participant))
    form = forms.MentorStatusForm(request.POST or None, allowed=services.allowed_statuses(mentor))
    save = partial(services.change_mentor_status, mentor, by_user=request.user)
    if _saved(request, form, save, _("Статус наставника изменён.")):
        return redirect(participant.get_absolute_url())
    return _form_page(request, organization, form, _("Статус наставника"), participant=participant)


@login_required
@require_http_methods(["GET", "POST"])
def interview_add(request, org, pk):
    organization, participant = _person(request, org, pk, "participants.change_participant")
    mentor = _or_404(_mentor_profile(participant))
    form = forms.InterviewForm(request.POST or None, initial={"date": timezone.localdate()})
    save = partial(services.record_interview, mentor, by_user=request.user)
    if _saved(request, form, save, _("Собеседование записано.")):
        return redirect(participant.get_absolute_url())
    return _form_page(request, organization, form, _("Собеседование"), participant=participant)


@login_required
@require_http_methods(["GET", "POST"])
def training_add(request, org, pk):
    organization, participant = _person(request, org, pk, "participants.change_participant")
    mentor = _or_404(_mentor_profile(participant))
    form = forms.TrainingForm(request.POST or None, request.FILES or None)
    save = partial(services.record_training, mentor, by_user=request.user)
    if _saved(request, form, save, _("Обучение записано.")):
        return redirect(participant.get_absolute_url())
    return _form_page(
        request, organization, form, _("Обучение наставника"), participant=participant, multipart=True
    )


@login_required
def training_certificate(request, org, pk, training_id):
    organization, participant = _person(request, org, pk)
    training = get_object_or_404(
        TrainingRecord, pk=training_id, organization=organization, mentor__participant=participant
    )
    if not training.certificate:
        raise Http404
    return _file_response(training.certificate)


def _file_response(field_file):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=Path(field_file.name).name.split("-", 1)[-1])


# --- consents --------------------------------------------------------------------------------------------
def _consent_person(request, org, pk):
    organization, participant = _person(request, org, pk)
    if not services.may_manage_consent(request.user, participant):
        raise Http404
    return organization, participant


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request, org, pk):
    organization, participant = _consent_person(request, org, pk)
    initial = {
        "given_at": timezone.localdate(),
        "given_by": Consent.GivenBy.PARENT if participant.is_minor else Consent.GivenBy.SELF,
    }
    form = forms.ConsentScanForm(request.POST or None, request.FILES or None, initial=initial)

    def save(given_at, **data):
        given_at = timezone.make_aware(dt.datetime.combine(given_at, dt.time(12, 0)))
        services.record_consent(
            participant, by_user=request.user, given_at=min(given_at, timezone.now()), **data
        )

    if _saved(request, form, save, _("Согласие записано.")):
        return redirect(participant.get_absolute_url())
    return _form_page(
        request, organization, form, _("Согласие (скан)"), participant=participant, multipart=True
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_link_create(request, org, pk):
    organization, participant = _consent_person(request, org, pk)
    if not can(request.user, "participants.change_participant", participant):
        raise Http404
    form = forms.ConsentLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent_request = services.create_consent_request(
            participant, by_user=request.user, **form.cleaned_data
        )
        url = request.build_absolute_uri(consent_request.get_absolute_url())
        messages.success(
            request,
            _("Ссылка для законного представителя (действует 14 дней): %(url)s") % {"url": url},
        )
        return redirect(participant.get_absolute_url())
    return _form_page(
        request,
        organization,
        form,
        _("Ссылка для согласия"),
        participant=participant,
        submit=_("Создать ссылку"),
    )


@login_required
@require_POST
def consent_link_cancel(request, org, pk, request_id):
    organization, participant = _consent_person(request, org, pk)
    consent_request = get_object_or_404(ConsentRequest, pk=request_id, participant=participant)
    services.cancel_consent_request(consent_request, by_user=request.user)
    messages.success(request, _("Ссылка отменена."))
    return redirect(participant.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request, org, pk, consent_id):
    organization, participant = _consent_person(request, org, pk)
    consent = get_object_or_404(Consent, pk=consent_id, participant=participant)
    form = forms.RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_consent(consent, by_user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Согласие отозвано."))
            if can(request.user, "participants.view_participant", participant):
                return redirect(participant.get_absolute_url())
            return redirect("participants:me", organization.slug)
    return _form_page(
        request,
        organization,
        form,
        _("Отзыв согласия"),
        participant=participant,
        submit=_("Отозвать согласие"),
    )


@login_required
def consent_scan(request, org, pk, consent_id):
    organization, participant = _consent_person(request, org, pk)
    consent = get_object_or_404(Consent, pk=consent_id, participant=participant)
    if not consent.scan:
        raise Http404
    return _file_response(consent.scan)


@require_http_methods(["GET", "POST"])
def consent_link(request, token):
    """The page a parent opens from the link: no account, a phone, one checkbox."""
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
                        consent, reason=revoke_form.cleaned_data["reason"] or _("отозвано по ссылке")
                    )
                    return redirect(consent_request.get_absolute_url())
            elif form.is_valid():
                try:
                    services.confirm_consent_request(
                        consent_request, form.cleaned_data["representative_name"], form.cleaned_data["agree"]
                    )
                except ValidationError as exc:
                    _errors(form, exc)
                else:
                    return redirect(consent_request.get_absolute_url())
        context = {
            "consent_request": consent_request,
            "consent": consent,
            "form": form,
            "revoke_form": revoke_form,
            "child": consent_request.participant.short_name,
            "organization": consent_request.organization,
            "expired": consent_request.expires_at <= timezone.now(),
        }
        return render(request, "participants/consent_link.html", context)


# --- "my data" -------------------------------------------------------------------------------------------
@login_required
def me(request, org):
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
    people = []
    for participant in own + [w for w in wards if w not in own]:
        people.append(
            {
                "participant": participant,
                "is_ward": participant in wards,
                "can_give": participant in wards or not participant.is_minor,
                "valid": participant.valid_consent,
                "consents": participant._personal_data_consents()
                + [c for c in participant.consents.all() if c.kind != Consent.Kind.PERSONAL_DATA],
                "visible": can(user, "participants.view_participant", participant),
            }
        )
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
def me_consent_give(request, org, pk):
    organization = get_organization(request, org)
    participant = get_object_or_404(Participant, organization=organization, pk=pk)
    kind = request.POST.get("kind", Consent.Kind.PERSONAL_DATA)
    try:
        services.give_consent_in_account(participant, request.user, kind=kind)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Спасибо! Согласие записано."))
    return redirect("participants:me", organization.slug)


@login_required
@require_POST
def me_consent_revoke(request, org, pk, consent_id):
    organization = get_organization(request, org)
    participant = get_object_or_404(Participant, organization=organization, pk=pk)
    consent = get_object_or_404(Consent, pk=consent_id, participant=participant)
    if not participant.is_self_or_guardian(request.user):
        raise Http404
    try:
        services.revoke_consent(consent, by_user=request.user, reason=request.POST.get("reason", "")[:2000])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Согласие отозвано. Данные скрыты от всех, кроме куратора."))
    return redirect("participants:me", organization.slug)


# --- partners --------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def partners(request, org):
    organization = get_organization(request, org, "participants.view_base")
    can_change = can(request.user, "participants.change_base", organization)
    form = forms.PartnerForm(request.POST or None) if can_change else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.add_partner(organization, by_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("Партнёр добавлен."))
                return redirect("participants:partners", organization.slug)
    rows = Partner.objects.filter(organization=organization).annotate(mentors_count=Count("mentors"))
    return render(
        request,
        "participants/partners.html",
        {"organization": organization, "partners": rows, "form": form, "can_change": can_change},
    )


# --- import ----------------------------------------------------------------------------------------------
_SESSION_KEY = "participants_imports"


def _import_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _forget_old_uploads(days: int = 1) -> None:
    """Uploads that were never confirmed hold personal data: keep them a day at most."""
    limit = time.time() - days * 86400
    for path in _import_dir().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, org):
    organization = get_organization(request, org, "participants.change_base")
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _forget_old_uploads()
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            import_jobs.read_table_for_page(data, upload.name)  # a large file: its head only
        except tabular.TableError as exc:
            form.add_error("file", str(exc))
        else:
            token = secrets.token_urlsafe(16)
            suffix = Path(upload.name).suffix.lower()
            (_import_dir() / f"{token}{suffix}").write_bytes(data)
            stored = request.session.get(_SESSION_KEY, {})
            stored[token] = {
                "organization": organization.pk,
                "filename": Path(upload.name).name[:200],
                "suffix": suffix,
                "default_role": form.cleaned_data["default_role"],
            }
            request.session[_SESSION_KEY] = stored
            return redirect("participants:import_mapping", organization.slug, token)
    return render(request, "participants/import_upload.html", {"organization": organization, "form": form})


def _preview_row(row) -> list:
    roles = [
        label for flag, label in ((row.is_mentor, _("наставник")), (row.is_mentee, _("наставляемый"))) if flag
    ]
    return [
        row.row,
        row.full_name,
        row.birth_date.strftime("%d.%m.%Y") if row.birth_date else "",
        Participant.Category(row.category).label if row.category else "",
        row.group,
        row.subject,
        ", ".join(str(r) for r in roles),
        "; ".join(row.requests + row.competences),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request, org, token):
    organization = get_organization(request, org, "participants.change_base")
    info = request.session.get(_SESSION_KEY, {}).get(token)
    if not info or info.get("organization") != organization.pk:
        raise Http404
    path = _import_dir() / f"{token}{info['suffix']}"
    if not path.exists():
        raise Http404
    data = path.read_bytes()
    try:
        table = import_jobs.read_table_for_page(data, info["filename"])
    except tabular.TableError:
        raise Http404 from None
    guessed = tabular.guess_mapping(table.headers)
    form = forms.ImportMappingForm(request.POST or None, headers=table.headers, initial_mapping=guessed)
    mapping = guessed
    if request.method == "POST":
        mapping = form.mapping() if form.is_valid() else None
    result = None
    if mapping is not None:
        confirm = request.method == "POST" and request.POST.get("action") == "import"
        if import_jobs.runs_in_background(data):
            return import_views.job_page(request, organization, token, info, form, mapping, confirm)
        result = services.import_participants(
            organization,
            data,
            info["filename"],
            mapping=mapping,
            dry_run=not confirm,
            by_user=request.user,
            default_role=info.get("default_role", "mentee"),
        )
        if confirm and result.ok:
            path.unlink(missing_ok=True)
            stored = request.session.get(_SESSION_KEY, {})
            stored.pop(token, None)
            request.session[_SESSION_KEY] = stored
            messages.success(
                request,
                _("Загружено участников: %(created)s; пропущено повторов: %(dups)s.")
                % {"created": result.created, "dups": len(result.duplicates)},
            )
            return redirect("participants:mentees", organization.slug)
    return render(
        request,
        "participants/import_mapping.html",
        {
            "organization": organization,
            "form": form,
            "result": result,
            "filename": info["filename"],
            "preview": [_preview_row(row) for row in result.preview] if result else [],
            "errors_shown": result.errors[:500] if result else [],
            "action_url": reverse("participants:import_mapping", args=[organization.slug, token]),
        },
    )
