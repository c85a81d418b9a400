"""Rendering the row-heavy parts of pages (tables of many rows) with Jinja2.

The Django template engine resolves every `{{ a.b }}` and tag at render time: a table of 35 activity rows was
about 5,000 nodes and 34,000 variable lookups, a third of the roadmap page's time. Jinja2 compiles a template
to Python once, so the same rows cost a fraction of that. The parts live in an app's `jinja2/` directory,
produce the same HTML as the Django templates they replace, and get `request`, `csrf_input` and `csrf_token`
as Django's Jinja2 backend gives them. Autoescaping is on; Jinja2 writes quotes as `&#34;`/`&#39;` where Django writes `&quot;`/`&#x27;` (the same text to a browser).

Translations: `_("…")` in a part is Django's gettext, and `makemessages` finds it (it reads `_("…")` in any
template). It does not read Jinja2's `{% trans %}` blocks, so plural and formatted messages are made in Python
by the view (`ngettext(...) % {...}`), where `makemessages` finds them too.

This engine is not in `settings.TEMPLATES` on purpose: `render()` and `{% include %}` keep finding only the
Django templates; a page calls `render_part` (or a template tag calling it) for the part it renders here.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.backends.jinja2 import Jinja2
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def environment(**options: Any) -> jinja2.Environment:
    """The Jinja2 environment of the parts: autoescaped, with Django's gettext as `_`."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translation.gettext, translation.ngettext, newstyle=True
    )
    return env


@cache
def engine() -> Jinja2:
    return Jinja2(
        {
            "NAME": "parts",
            "DIRS": [],
            "APP_DIRS": True,
            # A missing value renders empty as in Django's templates (not DebugUndefined's `{{ x }}` in DEBUG).
            "OPTIONS": {"environment": "nastavnik.core.rows.environment", "undefined": jinja2.Undefined},
        }
    )


def request_csrf_token(request: HttpRequest) -> str:
    """The request's CSRF token, masked once for all the parts of a page (as the Django templates' `csrf_token`
    is once per render): `get_token` masks the secret anew at every call, which the roadmap's seven parts
    and the header called sixteen times a page. Kept with the secret it masks, so that a token rotated during
    the request (`rotate_token` at login) is masked anew."""
    secret = request.META.get("CSRF_COOKIE")
    cached: tuple[str | None, str] | None = getattr(request, _CSRF_ATTR, None)
    if cached is not None and cached[0] == secret:
        return cached[1]
    token = get_token(request)
    setattr(request, _CSRF_ATTR, (request.META.get("CSRF_COOKIE"), token))
    return token


_CSRF_ATTR = "_nastavnik_parts_csrf_token"


def render_part(name: str, context: dict[str, Any], request: HttpRequest | None = None) -> SafeString:
    """The HTML of the Jinja2 template `name` (under an app's `jinja2/`), safe to put into a Django template.

    `csrf_input` is computed once per request here: the backend's lazy one is evaluated again at every use
    (every row's form), which cost more than the rows themselves."""
    if request is not None:
        token = request_csrf_token(request)
        context = {
            **context,
            "request": request,
            "csrf_input": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token),
            "csrf_token": token,
        }
    template = engine().get_template(name).template
    return mark_safe(template.render(context))  # noqa: S308 (autoescaped)
