"""Small request helpers shared by the apps' views."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from nastavnik.accounts.http import AuthenticatedHttpRequest

__all__ = ["AuthenticatedHttpRequest", "safe_next"]


def safe_next(request: HttpRequest, fallback: str, target: str | None = None) -> str:
    """Where to go after a form: the `next` the page sent (or `target`) if it stays on this site, else
    `fallback` — never an open redirect to another host or to plain http from https."""
    if target is None:
        target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback
