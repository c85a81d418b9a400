"""How the access log names a questionnaire whose results or links were exported."""

from __future__ import annotations

from typing import Any

from .models import Questionnaire


def questionnaire_labels(ids: list[int], user: Any) -> dict[int, str]:
    return dict(Questionnaire.objects.filter(pk__in=ids).values_list("pk", "title"))
