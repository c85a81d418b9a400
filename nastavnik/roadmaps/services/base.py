"""What every roadmaps service shares: the domain error, the limits and the cleaning of draft values."""

from __future__ import annotations

from datetime import date

#: Proof documents people upload: office documents, PDF and photos of paper documents.
EVIDENCE_EXTENSIONS = frozenset(
    {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png", ".txt"}
)
EVIDENCE_MAX_SIZE = 10 * 1024 * 1024
ROADMAP_UPLOAD_EXTENSIONS = frozenset({".docx", ".xlsx", ".pdf", ".txt"})
ROADMAP_UPLOAD_MAX_SIZE = 10 * 1024 * 1024
MIN_YEAR, MAX_YEAR = 2000, 2100
#: An import draft the curator left unfinished is dropped after this many hours.
DRAFT_LIFETIME_HOURS = 24


class RoadmapError(ValueError):
    """A request the roadmaps app refuses; `message` is in the active language (a Russian message id
    translated) and shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_text(value: object, limit: int | None = None) -> str:
    """A draft value as one line of text (None → ""), cut to the column's `limit`."""
    text = " ".join(str(value).split()) if value is not None else ""
    return text[:limit] if limit else text


def iso_date(value: object) -> date | None:
    """A date from the draft's ISO text; anything else is no date."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
