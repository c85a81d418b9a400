"""The bases of the programme, by area (Django finds every model through this package).

Everything here belongs to one organization: rows carry a non-null `organization` and a scoped default
manager (`core.ownership.OrganizationOwned`), except the shared catalogue rows of RequestTopic.
"""

from .consent import (
    CONSENT_LINK_DAYS,
    Consent,
    ConsentKind,
    ConsentRequest,
    _consent_expiry,
    _consent_token,
    consent_scan_path,
)
from .people import (
    ADULT_AGE,
    Guardianship,
    ImportBatch,
    Participant,
    Partner,
    Priority,
    RequestTopic,
    adult_cutoff,
    hidden_label,
    make_search_name,
    minor_by,
)
from .profiles import (
    MENTOR_TRANSITIONS,
    Interview,
    MenteeProfile,
    MenteeRequest,
    MentorAssignment,
    MentorCompetence,
    MentorProfile,
    MentorStatusChange,
    TrainingRecord,
    certificate_path,
    request_label,
)

__all__ = [
    "ImportJob",
    "ADULT_AGE",
    "CONSENT_LINK_DAYS",
    "MENTOR_TRANSITIONS",
    "Consent",
    "ConsentKind",
    "ConsentRequest",
    "Guardianship",
    "ImportBatch",
    "Interview",
    "MenteeProfile",
    "MenteeRequest",
    "MentorAssignment",
    "MentorCompetence",
    "request_label",
    "MentorProfile",
    "MentorStatusChange",
    "Participant",
    "Partner",
    "Priority",
    "RequestTopic",
    "TrainingRecord",
    "_consent_expiry",
    "_consent_token",
    "adult_cutoff",
    "certificate_path",
    "consent_scan_path",
    "hidden_label",
    "make_search_name",
    "minor_by",
]


from ..import_jobs import ImportJob  # noqa: E402  (the model of background imports)
