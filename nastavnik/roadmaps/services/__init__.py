"""Every write of the roadmaps app, a module per job: importing a file through the preview (`drafts`),
writing a roadmap from a draft or a template (`imports`), an activity's status and proof (`activities`),
and binding responsible people (`responsible`). The read side is `roadmaps.queries`.

Views, management commands, tasks and tests call these functions. Each takes the keyword-only
`acting_user` (None: no person, e.g. the system) and records it; none checks permissions — whoever
calls it does that where the request enters (the view, the command). Each validates its input, raises
`RoadmapError` with a Russian message, and writes in one transaction.
"""

from __future__ import annotations

from .activities import (
    ACTIVITY_TEXTS,
    add_evidence,
    append_note,
    mark_done,
    set_status,
    update_activity,
    validate_evidence_file,
    validate_evidence_url,
)
from .base import (
    DRAFT_LIFETIME_HOURS,
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_SIZE,
    MAX_YEAR,
    MIN_YEAR,
    ROADMAP_UPLOAD_EXTENSIONS,
    ROADMAP_UPLOAD_MAX_SIZE,
    RoadmapError,
)
from .drafts import (
    FORM_MISMATCH,
    PREVIEW_FIELDS,
    correct_draft,
    import_draft,
    preview_rows,
    read_draft,
    save_draft,
)
from .imports import create_programme_from_template, delete_roadmap, find_or_create_programme, import_roadmap
from .responsible import bind_responsible

__all__ = [
    "ACTIVITY_TEXTS",
    "DRAFT_LIFETIME_HOURS",
    "EVIDENCE_EXTENSIONS",
    "EVIDENCE_MAX_SIZE",
    "FORM_MISMATCH",
    "MAX_YEAR",
    "MIN_YEAR",
    "PREVIEW_FIELDS",
    "ROADMAP_UPLOAD_EXTENSIONS",
    "ROADMAP_UPLOAD_MAX_SIZE",
    "RoadmapError",
    "add_evidence",
    "append_note",
    "bind_responsible",
    "correct_draft",
    "create_programme_from_template",
    "delete_roadmap",
    "find_or_create_programme",
    "import_draft",
    "import_roadmap",
    "mark_done",
    "preview_rows",
    "read_draft",
    "save_draft",
    "set_status",
    "update_activity",
    "validate_evidence_file",
    "validate_evidence_url",
]
