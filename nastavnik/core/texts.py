"""A message of a pure module (no Django here): a Russian message id and its parameters.

Pure modules mark their ids with `gettext_noop` (by that name: `makemessages` finds the call) and return a `Text`
or raise a `TextError`. `str()` of either is the Russian text, so logs, management commands and a worker that
runs in Russian see what they always saw; the Django caller shows `translated(gettext)` — the reader's language.
`Text.as_data()` / `Text.from_data()` keep the id and parameters in JSON (a background job's stored result) so the
page can translate them when it shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Self


def gettext_noop(message: str) -> str:
    """Marks a message id for `makemessages`; the caller translates it."""
    return message


class Text(str):
    """The Russian text of `id % params`, remembering `id` and `params` (a parameter may be a `Text` itself)."""

    id: str
    params: dict[str, object]

    def __new__(cls, message: str, /, **params: object) -> Self:
        self = super().__new__(cls, message % params if params else message)
        self.id = message
        self.params = params
        return self

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The text in the language of `gettext` (Django's, passed by the caller)."""
        text = gettext(self.id)
        if not self.params:
            return text
        return text % {
            key: value.translated(gettext) if isinstance(value, Text) else value
            for key, value in self.params.items()
        }

    def as_data(self) -> dict[str, Any]:
        """The id and parameters as JSON-ready data."""
        return {
            "id": self.id,
            "params": {
                key: value.as_data() if isinstance(value, Text) else value
                for key, value in self.params.items()
            },
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Text:
        params = {
            key: cls.from_data(value) if isinstance(value, Mapping) else value
            for key, value in (data.get("params") or {}).items()
        }
        return cls(str(data["id"]), **params)


class TextError(ValueError):
    """An error whose `message` is a Russian message id with `params`; `str()` is the Russian text."""

    def __init__(self, message: str, **params: object) -> None:
        self.text = Text(message, **params)
        super().__init__(str(self.text))
        self.message = message
        self.params = params

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The message in the language of `gettext` (Django's, passed by the caller)."""
        return self.text.translated(gettext)
