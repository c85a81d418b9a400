"""The calendar: a user's secret feed (no login: the token is the key), one meeting's .ics, resetting the link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_scopes import scopes_disabled

from nastavnik.accounts.models import User
from nastavnik.accounts.permissions import organization_ids
from nastavnik.core.http import AuthenticatedHttpRequest, safe_next
from nastavnik.core.tenancy import organization_scope

from .. import calendar
from .work import get_meeting

CALENDAR_MIME = "text/calendar; charset=utf-8"


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR_MIME)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's meetings for Яндекс, Google or Outlook: found by the secret token, inside that user's scope."""
    if len(token) < 20 or len(token) > 64:
        raise Http404
    with scopes_disabled():
        user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404
    with organization_scope(*organization_ids(user)):
        content = calendar.calendar_bytes(calendar.user_meetings(user, timezone.now()), "Наставничество")
    return _ics(content, "nastavnik.ics")


@login_required
@require_GET
def meeting_ics(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org, pk, "mentoring.view_pairing")
    return _ics(calendar.calendar_bytes([meeting], "Наставничество"), f"vstrecha-{meeting.pk}.ics")


@login_required
@require_POST
def email_reminders(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn e-mail reminders on or off for oneself (the in-app notifications stay)."""
    request.user.email_reminders = request.POST.get("on") == "1"
    request.user.save(update_fields=["email_reminders"])
    messages.success(
        request,
        _("Напоминания будут приходить и на почту.")
        if request.user.email_reminders
        else _("Письма с напоминаниями отключены; уведомления в приложении остаются."),
    )
    return redirect(safe_next(request, "/"))


@login_required
@require_POST
def reset(request: AuthenticatedHttpRequest) -> HttpResponse:
    calendar.reset_token(request.user)
    messages.success(request, _("Создана новая ссылка на календарь; старая больше не работает."))
    return redirect(safe_next(request, "/"))
