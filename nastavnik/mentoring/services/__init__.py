"""Mentoring's writing services, a module per job.

`pairings`: pairings approved by an order (what matching's approval calls); `lifecycle`: a pairing formed by
hand, completed or ended early; `plans`: development plans; `meetings`: the meeting sequence and feedback.
"""

from .lifecycle import complete_pairing, end_pairing, form_pairing
from .meetings import (
    FeedbackExists,
    cancel_meeting,
    give_feedback,
    mark_held,
    schedule_meeting,
    suggest_kind,
    update_meeting,
)
from .pairings import (
    ProposedMember,
    ProposedPairing,
    clean_order_fields,
    create_pairings,
    order_document,
)
from .plans import (
    add_goal,
    add_task,
    delete_goal,
    delete_task,
    ensure_plans,
    set_plan_per_mentee,
    set_task_status,
    update_goal,
)

__all__ = [
    "FeedbackExists",
    "ProposedMember",
    "ProposedPairing",
    "add_goal",
    "add_task",
    "cancel_meeting",
    "clean_order_fields",
    "complete_pairing",
    "create_pairings",
    "delete_goal",
    "delete_task",
    "end_pairing",
    "ensure_plans",
    "form_pairing",
    "give_feedback",
    "mark_held",
    "order_document",
    "schedule_meeting",
    "set_plan_per_mentee",
    "set_task_status",
    "suggest_kind",
    "update_goal",
    "update_meeting",
]
