"""Session rules on top of Django's: an idle timeout per kind of user, and the second factor gate."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import twofactor
from .models import Coordination, Membership
from .permissions import PROGRAMME_STAFF

LAST_SEEN = "last_seen"
IDLE_TIMEOUT = "idle_timeout"
#: The last-seen time is written at most once a minute, so most requests do not save the session.
TOUCH_EVERY_SECONDS = 60


def idle_timeout_for(user: Any) -> int:
    """Seconds of inactivity after which the session ends: shorter for those who see whole bases."""
    staff = (
        user.is_superuser
        or user.is_staff
        or Membership.objects.filter(user=user, role__in=PROGRAMME_STAFF).exists()
        or Coordination.objects.filter(user=user).exists()
    )
    return settings.SESSION_IDLE_TIMEOUT_STAFF if staff else settings.SESSION_IDLE_TIMEOUT_OTHERS


def start_session(request: HttpRequest, user: Any) -> None:
    """At login (the user_logged_in signal): the idle clock and what the second factor asks."""
    session = request.session
    session[LAST_SEEN] = int(time.time())
    session[IDLE_TIMEOUT] = idle_timeout_for(user)
    state = twofactor.state_at_login(user)
    if state:
        session[twofactor.SESSION_STATE] = state
    else:
        session.pop(twofactor.SESSION_STATE, None)


class SessionIdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            last = session.get(LAST_SEEN)
            timeout = session.get(IDLE_TIMEOUT, settings.SESSION_IDLE_TIMEOUT_STAFF)
            if last is None or now - last > timeout:
                # A session idle too long, or one from before idle timeouts: log in again.
                logout(request)
                messages.info(request, _("Сеанс завершён из-за бездействия. Войдите снова."))
                return redirect_to_login(request.get_full_path())
            if now - last >= TOUCH_EVERY_SECONDS:
                session[LAST_SEEN] = now
        return self.get_response(request)


#: Paths a user who still owes the second factor may open: the factor pages, logout, static files.
_OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/static/", "/i18n/")


def _redirect(view: str, request: HttpRequest) -> HttpResponseRedirect:
    """To the code or enrolment page; the page asked for is kept in the session (never taken from the
    query string, so the second step cannot be turned into an open redirect)."""
    if request.method == "GET":
        request.session[twofactor.SESSION_NEXT] = request.get_full_path()
    return HttpResponseRedirect(reverse(view))


class TwoFactorMiddleware:
    """Sends a user who logged in with the password only to the code page (a device exists) or to
    enrolment (a superuser without a device, or staff of an organization that requires it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = request.session.get(twofactor.SESSION_STATE) if request.user.is_authenticated else None
        if state and not request.path.startswith(_OPEN_PREFIXES) and not twofactor.is_verified(request.user):
            if state == twofactor.VERIFY:
                return _redirect("accounts:two_factor_verify", request)
            return _redirect("accounts:two_factor_setup", request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, twofactor.TwoFactorRequired):
            messages.warning(
                request,
                _("Организация требует от сотрудников двухфакторной аутентификации. Подключите её."),
            )
            return _redirect("accounts:two_factor_setup", request)
        return None
