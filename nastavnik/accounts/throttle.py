"""Small fixed-window counters in the shared cache: password spraying from one address, password reset.

django-axes locks one account from one address; these limits add what it cannot: many accounts tried
from one address, and the reset form used to flood an inbox or to probe from many addresses.
"""

from __future__ import annotations

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def forwarded_client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind `TRUSTED_PROXY_COUNT` reverse proxies the address the
    outermost trusted proxy saw (counted from the right of X-Forwarded-For, which a client cannot forge).
    django-axes uses it too (AXES_CLIENT_IP_CALLABLE), so every limit counts the same address."""
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return chain[-hops] if len(chain) >= hops else remote


def client_ip(request: HttpRequest) -> str:
    return get_client_ip_address(request) or "unknown"


def _key(scope: str, value: str) -> str:
    # Hash the value: e-mail addresses must not appear in cache keys (and keys have a length limit).
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}"


def count(scope: str, value: str) -> int:
    return int(cache.get(_key(scope, value), 0))


def hit(scope: str, value: str, window_seconds: int) -> int:
    """Count one event; the window starts at the first event. Returns the count so far."""
    key = _key(scope, value)
    if cache.add(key, 1, window_seconds):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        return 1


# --- logins from one address ---------------------------------------------------------------------------
LOGIN_FAILURES = "login-ip"


def login_window() -> int:
    return settings.LOGIN_IP_WINDOW_MINUTES * 60


def login_blocked(request: HttpRequest) -> bool:
    return count(LOGIN_FAILURES, client_ip(request)) >= settings.LOGIN_IP_FAILURE_LIMIT


def login_failed(request: HttpRequest) -> None:
    hit(LOGIN_FAILURES, client_ip(request), login_window())


# --- password reset ------------------------------------------------------------------------------------
RESET_IP = "reset-ip"
RESET_EMAIL = "reset-email"


def password_reset_allowed(request: HttpRequest, email: str) -> bool:
    """Count one reset request; False once the address or the e-mail went over its limit."""
    window = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
    by_ip = hit(RESET_IP, client_ip(request), window)
    by_email = hit(RESET_EMAIL, email, window)
    return by_ip <= settings.PASSWORD_RESET_IP_LIMIT and by_email <= settings.PASSWORD_RESET_EMAIL_LIMIT
