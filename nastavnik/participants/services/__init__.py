"""Every write to the bases goes through here: participants, profiles, requests, consents, mentor statuses.

Functions take objects and the user who acts (`acting_user`, keyword-only, recorded as the author; None for
no person: token pages, commands, the system). They check no permission: the caller does, where the request
enters (views with `permissions.require`, 404 when denied). They validate in Russian and write in one
transaction; errors are `ValidationError`, never Http404.
"""

from .consent import (
    cancel_consent_request,
    confirm_consent_request,
    create_consent_request,
    decline_consent_request,
    give_consent_in_account,
    record_consent,
    revoke_consent,
)
from .imports import MENTOR_ORIGIN, PARTICIPANT_FIELDS, Duplicate, ImportResult, import_participants
from .mentors import assign_mentor, assign_mentors, change_mentor_status, record_interview, record_training
from .people import add_guardian, add_partner, save_participant, set_subject
from .profiles import add_competence, add_request, ensure_mentee_profile, ensure_mentor_profile

__all__ = [
    "MENTOR_ORIGIN",
    "PARTICIPANT_FIELDS",
    "Duplicate",
    "ImportResult",
    "add_competence",
    "add_guardian",
    "add_partner",
    "add_request",
    "assign_mentor",
    "assign_mentors",
    "cancel_consent_request",
    "change_mentor_status",
    "confirm_consent_request",
    "decline_consent_request",
    "create_consent_request",
    "ensure_mentee_profile",
    "ensure_mentor_profile",
    "give_consent_in_account",
    "import_participants",
    "record_consent",
    "record_interview",
    "record_training",
    "revoke_consent",
    "save_participant",
    "set_subject",
]
