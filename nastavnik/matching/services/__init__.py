"""Matching's writing services, one module per job: runs, the curator's rules, approval.

The read side (the problem built from the bases, features, rankings) is `matching.problem`; it is re-exported
here for the callers that used to find everything in one module.
"""

from ..problem import (
    BASE_STATUSES,
    REGISTER_STATUSES,
    Bases,
    MatchingInput,
    build_problem,
    clean_weights,
    load_bases,
    mentee_features,
    mentor_features,
    no_free_places_reason,
    preference_rankings,
)
from .approval import RunConflict, approve_run
from .rules import clear_rule, set_rule
from .runs import clean_mode, rerun, run_matching
from .thesaurus import (
    add_organization_entry,
    add_region_entry,
    clean_line,
    delete_organization_entry,
    delete_region_entry,
)

__all__ = [
    "add_organization_entry",
    "add_region_entry",
    "clean_line",
    "delete_organization_entry",
    "delete_region_entry",
    "BASE_STATUSES",
    "REGISTER_STATUSES",
    "RunConflict",
    "Bases",
    "MatchingInput",
    "approve_run",
    "build_problem",
    "clean_mode",
    "clean_weights",
    "clear_rule",
    "load_bases",
    "mentee_features",
    "mentor_features",
    "no_free_places_reason",
    "preference_rankings",
    "rerun",
    "run_matching",
    "set_rule",
]
