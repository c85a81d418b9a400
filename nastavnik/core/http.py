"""Small request helpers shared by the apps' views."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from nastavnik.accounts.http import AuthenticatedHttpRequest

__all__ = ["AuthenticatedHttpRequest", "safe_next"]


def is_local_path(target: str) -> bool:
    """A path on this site: one leading "/", no scheme, no host, no backslash or control character.

    `redirect()` treats anything without "/" or "." as a URL name (a bare word → NoReverseMatch, a 500), and
    browsers read "//host", "/\\host" or "/\tfoo" as another site: only a plain absolute path passes.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return False
    return url_has_allowed_host_and_scheme(target, allowed_hosts=None, require_https=False)


def safe_next(request: HttpRequest, fallback: str, target: str | None = None) -> str:
    """Where to go after a form: the `next` the page sent (or `target`) if it is a local path, else
    `fallback` — never an open redirect to another host, and never a bare word that `redirect()` would
    try to reverse."""
    if target is None:
        target = request.POST.get("next") or request.GET.get("next") or ""
    if is_local_path(target):
        return target
    return fallback
