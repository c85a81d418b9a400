"""The respondent's pages: the form behind a personal link, its autosave and the thanks page.

No account: the token is the key. A scope on the invitation's organization opens only after the token
resolved to an invitation, and the services are told that nobody acts (`acting_user=None`): the answers
are the invited participant's, whoever's browser session the link was opened in.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nastavnik.core.tenancy import organization_scope

from .. import services
from ..models import Invitation, Question

CLOSED = {
    "unknown": (
        404,
        gettext_noop("Ссылка не найдена"),
        gettext_noop(
            "Проверьте, что ссылка скопирована полностью, или попросите куратора программы прислать её ещё раз."
        ),
    ),
    Invitation.Status.EXPIRED: (
        410,
        gettext_noop("Срок действия ссылки истёк"),
        gettext_noop("Попросите куратора программы продлить ссылку или прислать новую."),
    ),
    Invitation.Status.REVOKED: (
        410,
        gettext_noop("Ссылка больше не действует"),
        gettext_noop("Куратор программы отозвал эту ссылку. Если это ошибка, обратитесь к нему."),
    ),
    Invitation.Status.SUBMITTED: (
        410,
        gettext_noop("Анкета уже отправлена"),
        gettext_noop("Повторно отправить анкету нельзя. Спасибо за ваши ответы!"),
    ),
}


def _closed(request: HttpRequest, status: str, invitation: Invitation | None = None) -> HttpResponse:
    code, title, text = CLOSED.get(status, CLOSED["unknown"])
    return render(
        request,
        "questionnaires/public_closed.html",
        {"title": _(title), "text": _(text), "invitation": invitation},
        status=code,
    )


def _autosave_status(request: HttpRequest, *, error: str = "", saved: bool = False) -> HttpResponse:
    context: dict[str, object] = {"error": error}
    if saved:
        context["saved_at"] = timezone.localtime()
    return render(request, "questionnaires/_autosave.html", context)


def _closed_title(status: str) -> str:
    return _(CLOSED.get(status, CLOSED["unknown"])[1])


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    if invitation is None:
        return _closed(request, "unknown")
    with organization_scope(invitation.organization_id):
        if invitation.submitted_at is not None and request.method == "GET":
            return redirect("questionnaires:thanks", token)
        if not invitation.is_usable:
            return _closed(request, invitation.status, invitation)
        errors: dict[int, str] = {}
        if request.method == "POST":
            try:
                result = services.save_answers(
                    invitation, request.POST, acting_user=None, submit=request.POST.get("action") == "submit"
                )
            except services.InvitationClosed as closed:
                return _closed(request, closed.status, invitation)
            if result.submitted:
                return redirect("questionnaires:thanks", token)
            if result.ok:
                messages.success(
                    request,
                    _("Ответы сохранены. Вернуться к анкете можно по этой же ссылке до %(date)s.")
                    % {"date": timezone.localtime(invitation.expires_at).strftime("%d.%m.%Y")},
                )
                return redirect("questionnaires:respond", token)
            sections, errors = result.form, result.errors
        else:
            services.mark_opened(invitation)
            sections = services.build_form(invitation.questionnaire, invitation)
        return render(
            request,
            "questionnaires/respond.html",
            {
                "invitation": invitation,
                "questionnaire": invitation.questionnaire,
                "organization": invitation.organization,
                "sections": sections,
                "errors": errors,
            },
        )


@never_cache
@require_POST
def autosave(request: HttpRequest, token: str, question: int) -> HttpResponse:
    """Save one answer as the respondent goes (htmx); answers a small status fragment."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return _closed(request, "unknown")
    with organization_scope(invitation.organization_id):
        if not invitation.is_usable:
            return _autosave_status(request, error=_closed_title(invitation.status))
        if not Question.objects.filter(pk=question, questionnaire=invitation.questionnaire_id).exists():
            return HttpResponse(_("Вопрос не найден."), status=404)
        try:
            result = services.save_answers(invitation, request.POST, acting_user=None, only=[question])
        except services.InvitationClosed as closed:
            return _autosave_status(request, error=_closed_title(closed.status))
        return _autosave_status(request, error=result.errors.get(question, ""), saved=True)


@never_cache
@require_GET
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    if invitation is None:
        return _closed(request, "unknown")
    if invitation.submitted_at is None:
        return redirect("questionnaires:respond", token)
    return render(
        request,
        "questionnaires/thanks.html",
        {
            "invitation": invitation,
            "questionnaire": invitation.questionnaire,
            "organization": invitation.organization,
        },
    )
