"""Pydantic schemas shared by the endpoints: the frame's (lists, people, ids, text) and each area's."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

#: Ids are 64-bit in the database; a larger number can name nothing (and must not reach the driver).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(_("Недопустимый символ NUL в тексте."))
    return value


def Text(max_length: int) -> type[str]:  # noqa: N802 - reads as a type in signatures
    """A string of at most `max_length` characters without NUL (PostgreSQL cannot store it)."""
    return Annotated[  # type: ignore[return-value]
        str, StringConstraints(max_length=max_length), AfterValidator(_no_nul)
    ]


class Page(Schema):
    count: int


class Person(Schema):
    id: int
    name: str


class Membership(Schema):
    organization: str
    roles: list[str]


class Coordination(Schema):
    region: str
    municipality: str | None


class Me(Schema):
    id: int
    email: str
    name: str
    memberships: list[Membership]
    coordinations: list[Coordination]
    calendar_url: str


class OrganizationOut(Schema):
    slug: str
    name: str
    kind: str
    region: str
    municipality: str


class OrganizationPage(Page):
    items: list[OrganizationOut]


# --- pairs at work ------------------------------------------------------------------------------------------
Stage = Literal["not_started", "intro", "trial", "planning", "working", "final"]
MeetingKind = Literal["intro", "trial", "planning", "working", "final"]
TaskStatus = Literal["planned", "in_progress", "done"]


class PairingItem(Schema):
    id: int
    mentor: Person
    mentees: list[Person]
    form: str
    role_model: str | None
    kind: Literal["individual", "group"]
    status: Literal["active", "completed", "ended_early", "cancelled"]
    stage: Stage
    last_meeting_at: dt.datetime | None
    next_meeting_at: dt.datetime | None
    meetings_held: int
    feedback_missing: int
    feedback_average: float | None
    needs_attention: bool
    attention_reasons: list[str]


class PairingPage(Page):
    items: list[PairingItem]


class FeedbackOut(Schema):
    author: str
    is_mentor: bool
    usefulness: int | None
    comfort: int | None
    comment: str
    private: bool


class MeetingOut(Schema):
    id: int
    kind: MeetingKind
    status: Literal["scheduled", "held", "cancelled", "missed"]
    starts_at: dt.datetime
    duration_minutes: int
    place: str
    url: str
    topic: str
    notes: str
    cancel_reason: str
    feedback: list[FeedbackOut]


class TaskOut(Schema):
    id: int
    title: str
    due: dt.date | None
    status: TaskStatus
    result: str


class GoalOut(Schema):
    id: int
    plan: int
    title: str
    description: str
    tasks: list[TaskOut]


class GoalPage(Page):
    items: list[GoalOut]


class TaskPage(Page):
    items: list[TaskOut]


class PlanOut(Schema):
    id: int
    mentee: Person | None
    goals: list[GoalOut]


class PairingDetail(PairingItem):
    meetings: list[MeetingOut]
    plan: list[PlanOut]


class PairingIn(Schema):
    mentor: Id
    mentees: list[Id] = Field(min_length=1, max_length=50)
    form: Text(64)  # type: ignore[valid-type]
    role_model: Id | None = None
    kind: Literal["individual", "group"] = "individual"


class MeetingIn(Schema):
    kind: MeetingKind
    starts_at: dt.datetime
    duration_minutes: int = Field(45, ge=5, le=600)
    place: Text(200) = ""  # type: ignore[valid-type]
    url: Text(500) = ""  # type: ignore[valid-type]
    topic: Text(300) = ""  # type: ignore[valid-type]
    held: bool = False
    notes: Text(5000) = ""  # type: ignore[valid-type]


class HeldIn(Schema):
    notes: Text(5000) = ""  # type: ignore[valid-type]


class CancelIn(Schema):
    reason: Text(300) = ""  # type: ignore[valid-type]
    missed: bool = False


class FeedbackIn(Schema):
    usefulness: int = Field(ge=1, le=10)
    comfort: int = Field(ge=1, le=10)
    comment: Text(2000) = ""  # type: ignore[valid-type]
    private: bool = False


class GoalIn(Schema):
    title: Text(300)  # type: ignore[valid-type]
    description: Text(5000) = ""  # type: ignore[valid-type]
    plan: Id | None = None


class TaskIn(Schema):
    title: Text(300)  # type: ignore[valid-type]
    due: dt.date | None = None
    result: Text(300) = ""  # type: ignore[valid-type]


class TaskStatusIn(Schema):
    status: TaskStatus


class CompleteIn(Schema):
    summary: Text(5000)  # type: ignore[valid-type]


class EndIn(Schema):
    reason: Literal["incompatibility", "moved", "illness", "participant_wish", "left_organization", "other"]
    comment: Text(5000) = ""  # type: ignore[valid-type]
