"""Request and response hardening applied to every page once (issue 13).

`InputCleaningMiddleware` removes NUL characters from everything a client sends as text — query string,
form fields and their names, uploaded file names — before any view, form or the login throttle sees it:
PostgreSQL refuses NUL in text ("A string literal cannot contain NUL"), which turned a stray byte into a 500
wherever text reaches the database, and no legitimate input contains one. A NUL in the path becomes U+FFFD: no page has one, and the token pages answer their own 404.

`HeadersMiddleware` adds the Content-Security-Policy of docs/security-defects.md to every HTML answer and
`Cache-Control: no-store` to every answer for a logged-in user or a token page (personal data must not stay
in a shared computer's browser cache or a proxy); static files are served before it and keep their caching,
and the public pages of /p/ (no personal data but consented adults') mark their answers `public_cache`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.cache import add_never_cache_headers

NUL = "\x00"


def _without_nul(query: QueryDict) -> QueryDict | None:
    """A copy of `query` without NUL characters, or None when there were none (the usual case)."""
    if not any(NUL in key or any(NUL in v for v in values) for key, values in query.lists()):
        return None
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(key.replace(NUL, ""), [v.replace(NUL, "") for v in values])
    cleaned._mutable = False
    return cleaned


class InputCleaningMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path_info:
            # Not a path of the system: the replacement character lets the page say so its own way (a token
            # page's friendly 404) and is harmless to the database, which refuses NUL.
            request.path_info = request.path_info.replace(NUL, "\ufffd")
            request.path = request.path.replace(NUL, "\ufffd")
        cleaned = _without_nul(request.GET)
        if cleaned is not None:
            request.GET = cleaned  # type: ignore[assignment]  # a QueryDict made immutable above
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            try:
                post = request.POST
            except MultiPartParserError:
                # Django marks the body unreadable and answers as it always does for a broken body.
                return self.get_response(request)
            cleaned = _without_nul(post)
            if cleaned is not None:
                request.POST = cleaned  # type: ignore[assignment]  # a QueryDict made immutable above
            for _field, uploads in request.FILES.lists():
                for upload in uploads:
                    if upload.name and NUL in upload.name:
                        upload.name = upload.name.replace(NUL, "")
        return self.get_response(request)


class HeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        # Every answer that reaches Django is a page or file of the system (static files are served by
        # WhiteNoise before this middleware): lists, cards, exports, scans, orders, token pages. None may be
        # kept by a browser or proxy; the few pages without personal data lose nothing by it.
        # The exception: the public pages (public/http.py) mark their answers as anybody's to keep.
        if not getattr(response, "public_cache", False):
            add_never_cache_headers(response)
        return response
