"""Matching engine: fit of mentor-mentee pairs and the optimal / stable assignment (no Django here)."""

from .api import MODES, load_instance, run_cli, run_instance, solve
from .errors import InstanceError
from .features import CONSENT_REASON, MenteeFeatures, MentorFeatures, hard_rule_violation
from .fit import CRITERIA, FitReasons, FitWeights, compute_fit, fit_matrix
from .instance import Matching, Problem
from .optimal import solve_optimal
from .parse import parse_instance
from .report import ALL_BUSY, NO_ACCEPTABLE, blocking_mask, build_report, count_blocking_pairs, format_text
from .stable import solve_stable

__all__ = [
    "ALL_BUSY",
    "CONSENT_REASON",
    "CRITERIA",
    "MODES",
    "NO_ACCEPTABLE",
    "FitReasons",
    "FitWeights",
    "InstanceError",
    "Matching",
    "MenteeFeatures",
    "MentorFeatures",
    "Problem",
    "blocking_mask",
    "build_report",
    "compute_fit",
    "count_blocking_pairs",
    "fit_matrix",
    "format_text",
    "hard_rule_violation",
    "load_instance",
    "parse_instance",
    "run_cli",
    "run_instance",
    "solve",
    "solve_optimal",
    "solve_stable",
]
