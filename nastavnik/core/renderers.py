"""The form renderer: Django's Jinja2 renderer, with two of its widget templates replaced by faster ones.

Django renders a select's every option through an `{% include %}` of select_option.html, which includes
attrs.html in turn: a filter form of the bases had some 200 options a page, each two template renders, more
than the table of mentees. `form_templates/` holds select.html and input.html with the option and the
attributes written inline; they write the same HTML (tests/core/test_renderers.py renders every widget both
ways). Every other widget template is Django's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import Jinja2
from django.utils.functional import cached_property

OWN_TEMPLATES = Path(__file__).resolve().parent / "form_templates"
DJANGO_TEMPLATES = Path(django.forms.__file__).resolve().parent / "jinja2"


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
