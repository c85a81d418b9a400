"""Sending a questionnaire to a base and the list of its invitations (links, statuses, revoke, resend)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from nastavnik.audit.services import AccessKind, record_access
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.participants.models import Participant
from nastavnik.participants.queries import annotate_consent

from .. import results as results_module
from .. import services
from ..forms import BaseFilterForm, SendForm
from ..models import Invitation, Question, QuestionKind
from .common import attempt, invitation_of, page_bounds, questionnaire_of, sees_revoked, show_error, xlsx

PER_PAGE = 200


def _sent_message(result: services.SendResult, send_email: bool) -> str:
    parts = [_("Приглашений создано: %(n)s.") % {"n": len(result.created)}]
    if result.emails_queued:
        parts.append(_("Писем с ссылками отправляется: %(n)s.") % {"n": result.emails_queued})
    if result.without_email or not send_email:
        parts.append(_("Ссылки без e-mail скопируйте со страницы или скачайте списком в XLSX."))
    if result.skipped_invited:
        parts.append(_("Уже были приглашены: %(n)s.") % {"n": result.skipped_invited})
    if result.skipped_revoked:
        parts.append(_("Пропущены (согласие отозвано): %(n)s.") % {"n": result.skipped_revoked})
    return " ".join(parts)


@login_required
def send(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization, questionnaire = questionnaire_of(request, org, pk)
    filters = BaseFilterForm(request.POST if request.method == "POST" else request.GET or None)
    base = filters.cleaned_data if filters.is_valid() else {}
    rows = services.invitees(
        questionnaire,
        services.people_of_base(
            organization, base.get("base") or "mentees", base.get("category", ""), base.get("group", "")
        ),
        with_revoked=sees_revoked(request.user, organization),
    )
    choices = [(row.person.pk, row.person.full_name) for row in rows if not row.blocked]
    form = SendForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.send_to_base(
                questionnaire,
                Participant.objects.filter(pk__in=form.cleaned_data["participant"]),
                acting_user=request.user,
                expires_in_days=form.cleaned_data["expires_in_days"],
                send_email=form.cleaned_data["send_email"],
            )
        except ValidationError as error:
            show_error(request, error)
        else:
            messages.success(request, _sent_message(result, form.cleaned_data["send_email"]))
            return redirect("questionnaires:invitations", organization.slug, questionnaire.pk)
    has_ranking = Question.objects.filter(questionnaire=questionnaire, kind=QuestionKind.RANKING).exists()
    return render(
        request,
        "questionnaires/send.html",
        {
            "organization": organization,
            "questionnaire": questionnaire,
            "filters": filters if filters.is_bound else BaseFilterForm(),
            "form": form,
            "rows": rows,
            "selectable": len(choices),
            "has_ranking": has_ranking,
        },
    )


@login_required
def invitations(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization, questionnaire = questionnaire_of(request, org, pk)
    rows: QuerySet[Invitation] = Invitation.objects.filter(questionnaire=questionnaire)
    if not sees_revoked(request.user, organization):
        rows = annotate_consent(rows, "participant__").filter(annotated_revoked_at__isnull=True)
    now = timezone.now()
    counts = rows.aggregate(
        **{
            status: Count("pk", filter=Invitation.status_q(status, now))
            for status in Invitation.Status.values
        }
    )
    status = request.GET.get("status", "")
    if status in Invitation.Status.values:
        rows = rows.filter(Invitation.status_q(status, now))
    else:
        status = ""
    total = counts[status] if status else sum(counts.values())
    number, start, end = page_bounds(request, total, PER_PAGE)
    page = list(
        rows.select_related("participant").order_by(
            "participant__last_name", "participant__first_name", "-created_at", "pk"
        )[start:end]
    )
    for invitation in page:
        invitation.freeze_status()
        invitation.url = services.invitation_url(invitation)  # type: ignore[attr-defined]  # for the template
    return render(
        request,
        "questionnaires/invitations.html",
        {
            "organization": organization,
            "questionnaire": questionnaire,
            "invitations": page,
            "statuses": [(value, label, counts[value]) for value, label in Invitation.Status.choices],
            "status": status,
            "total": total,
            "page_number": number,
            "has_previous": number > 1,
            "has_next": end < total,
        },
    )


@login_required
def invitations_xlsx(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization, questionnaire = questionnaire_of(request, org, pk)
    content = results_module.links_xlsx(questionnaire, with_revoked=sees_revoked(request.user, organization))
    record_access(request, organization, AccessKind.QUESTIONNAIRE_LINKS, questionnaire)
    return xlsx(content, f"links-{questionnaire.pk}.xlsx")


#: What the invitations page may do to one link: the service and the message when it went through.
INVITATION_CHANGES: dict[str, tuple[Callable[..., Invitation], str]] = {
    "revoke": (services.revoke_invitation, gettext_noop("Ссылка отозвана: %(name)s.")),
    "resend": (services.resend_invitation, gettext_noop("Ссылка отправлена повторно: %(email)s.")),
}


@login_required
@require_POST
def invitation_change(
    request: AuthenticatedHttpRequest, org: str, invitation: int, change: str
) -> HttpResponse:
    """Revoke or resend one link (`change`, fixed by the URL)."""
    organization, row = invitation_of(request, org, invitation)
    service, success = INVITATION_CHANGES[change]
    person = row.participant
    attempt(
        request,
        lambda: service(row, acting_user=request.user),
        _(success) % {"name": person.full_name, "email": person.email},
    )
    return redirect("questionnaires:invitations", organization.slug, row.questionnaire_id)
