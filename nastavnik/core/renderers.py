"""The form renderer: Django's Jinja2 renderer, with the plain inputs and selects written in Python.

Django renders every widget through a template, and a select's every option through an `{% include %}` of
select_option.html (which includes attrs.html in turn): a filter form of the bases or the matching page's run
form cost 1.5–2 ms a page, more than the table of mentees. The widgets whose templates are only
`input.html` (text, number, e-mail, date, checkbox...) and the plain select (`select.html` with
`select_option.html` options) are written here by Python functions that produce exactly what those Jinja2
templates produce — the same escaping (markupsafe, as Jinja2 autoescapes), the same white space; every other
widget (radio buttons, check box lists, textareas, split date and time...) goes through its template as before.
tests/core/test_renderers.py renders every kind of widget both ways and compares the HTML.

`form_templates/` keeps select.html and input.html with the options and attributes written inline, for the
widgets that still render through a template and include them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import Jinja2
from django.http import HttpRequest
from django.utils.functional import cached_property
from markupsafe import escape

OWN_TEMPLATES = Path(__file__).resolve().parent / "form_templates"
DJANGO_TEMPLATES = Path(django.forms.__file__).resolve().parent / "jinja2"
WIDGETS = "django/forms/widgets/"
#: Django's widget templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        [
            "input",
            "checkbox",
            "color",
            "date",
            "datetime",
            "email",
            "file",
            "hidden",
            "number",
            "password",
            "search",
            "tel",
            "text",
            "time",
            "url",
        ]
    )
)
OPTION = f"{WIDGETS}select_option.html"


def attributes(attrs: Mapping[str, Any]) -> str:
    """attrs.html: ` name="value"` per attribute, ` name` for True, nothing for False."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: Mapping[str, Any]) -> str:
    """input.html."""
    value = widget["value"]
    shown = f' value="{escape(value)}"' if value is not None else ""
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}'
        f"{attributes(widget['attrs'])}>"
    )


def select_html(widget: Mapping[str, Any]) -> str | None:
    """select.html with select_option.html options; None when an option has a template of its own."""
    parts = [f'<select name="{escape(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{escape(option["value"])}"{attributes(option["attrs"])}>'
                f"{escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


WRITERS: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    **dict.fromkeys(INPUTS, input_html),
    f"{WIDGETS}select.html": select_html,
}


class FormRenderer(Jinja2):
    @cached_property
    def engine(self) -> Any:
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [OWN_TEMPLATES, DJANGO_TEMPLATES],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        writer = WRITERS.get(template_name)
        if writer is not None and "widget" in context:
            html = writer(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)
