"""Pairings and the orders that approve them (`pairings`), and the work of a pairing (`work`)."""

from .pairings import Order, Pairing, PairingMember, order_file_path
from .work import DevelopmentPlan, Feedback, Goal, Meeting, PlanTask, WorkReminder

__all__ = [
    "DevelopmentPlan",
    "Feedback",
    "Goal",
    "Meeting",
    "Order",
    "Pairing",
    "PairingMember",
    "PlanTask",
    "WorkReminder",
    "order_file_path",
]
