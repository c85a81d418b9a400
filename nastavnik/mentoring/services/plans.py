"""Individual development plans: goals (started from the mentee's requests, editable) and their tasks."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.core.history import set_history_user

from ..models import DevelopmentPlan, Goal, Pairing, PairingMember, PlanTask

if TYPE_CHECKING:
    from nastavnik.accounts.models import User
    from nastavnik.participants.models import MenteeRequest

TITLE_LIMIT = 300


def _title(text: str, what: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"title": _("Укажите %(what)s.") % {"what": what}})
    if len(text) > TITLE_LIMIT:
        raise ValidationError({"title": _("Не длиннее %(n)s символов.") % {"n": TITLE_LIMIT}})
    return text


@transaction.atomic
def ensure_plans(pairing: Pairing, *, acting_user: User | None) -> list[DevelopmentPlan]:
    """The plans of a pairing, created when missing: one per mentee, or one for the group.

    A new plan starts with a goal per request of its mentee (the requests the matching paired them on).
    """
    members = list(pairing.members.select_related("mentee"))
    wanted: list[PairingMember | None] = (
        list(members) if pairing.plan_per_mentee or len(members) <= 1 else [None]
    )
    existing = {p.member_id: p for p in DevelopmentPlan.objects.filter(pairing=pairing)}
    plans = []
    for member in wanted:
        key = member.pk if member else None
        plan = existing.get(key)
        if plan is None:
            plan = DevelopmentPlan(
                organization_id=pairing.organization_id,
                pairing=pairing,
                member=member,
                created_by=acting_user,
            )
            set_history_user(plan, acting_user)
            plan.save()
            requests = member.mentee.requests.select_related("topic") if member else []
            for position, request in enumerate(requests):
                add_goal(
                    plan,
                    acting_user=acting_user,
                    title=_request_title(request),
                    request=request,
                    position=position,
                )
        plans.append(plan)
    return plans


def _request_title(request: MenteeRequest) -> str:
    text = request.topic.title if request.topic is not None else request.text
    text = " ".join(text.split())
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1] + "…"


@transaction.atomic
def set_plan_per_mentee(pairing: Pairing, per_mentee: bool, *, acting_user: User | None) -> Pairing:
    """For a group: a plan per mentee or one for the group. Only while no plan has goals yet."""
    if pairing.plan_per_mentee == per_mentee:
        return pairing
    if Goal.objects.filter(plan__pairing=pairing).exists():
        raise ValidationError(_("План уже заполнен: сначала удалите цели, потом меняйте вид плана."))
    DevelopmentPlan.objects.filter(pairing=pairing).delete()
    pairing.plan_per_mentee = per_mentee
    set_history_user(pairing, acting_user)
    pairing.save(update_fields=["plan_per_mentee"])
    return pairing


@transaction.atomic
def add_goal(
    plan: DevelopmentPlan,
    *,
    acting_user: User | None,
    title: str,
    description: str = "",
    request: MenteeRequest | None = None,
    position: int | None = None,
) -> Goal:
    if request is not None and (plan.member is None or request.mentee_id != plan.member.mentee_id):
        raise ValidationError(_("Запрос другого наставляемого."))
    if position is None:
        position = (Goal.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0) + 1
    goal = Goal(
        organization_id=plan.organization_id,
        plan=plan,
        title=_title(title, _("цель")),
        description=(description or "").strip()[:5000],
        request=request,
        position=position,
    )
    set_history_user(goal, acting_user)
    goal.save()
    return goal


@transaction.atomic
def update_goal(goal: Goal, *, acting_user: User | None, title: str, description: str = "") -> Goal:
    goal.title = _title(title, _("цель"))
    goal.description = (description or "").strip()[:5000]
    set_history_user(goal, acting_user)
    goal.save(update_fields=["title", "description"])
    return goal


@transaction.atomic
def delete_goal(goal: Goal, *, acting_user: User | None) -> None:
    set_history_user(goal, acting_user)
    goal.delete()


@transaction.atomic
def add_task(
    goal: Goal,
    *,
    acting_user: User | None,
    title: str,
    due: dt.date | None = None,
    result: str = "",
) -> PlanTask:
    position = (PlanTask.objects.filter(goal=goal).aggregate(m=Max("position"))["m"] or 0) + 1
    task = PlanTask(
        organization_id=goal.organization_id,
        goal=goal,
        title=_title(title, _("задачу")),
        due=due,
        result=" ".join((result or "").split())[:TITLE_LIMIT],
        position=position,
    )
    task.full_clean(exclude=["organization", "goal"], validate_unique=False)
    set_history_user(task, acting_user)
    task.save()
    return task


@transaction.atomic
def set_task_status(task: PlanTask, status: str, *, acting_user: User | None) -> PlanTask:
    if status not in PlanTask.Status.values:
        raise ValidationError({"status": _("Неизвестный статус задачи.")})
    task.status = status
    task.done_at = timezone.now() if status == PlanTask.Status.DONE else None
    set_history_user(task, acting_user)
    task.save(update_fields=["status", "done_at"])
    return task


@transaction.atomic
def delete_task(task: PlanTask, *, acting_user: User | None) -> None:
    set_history_user(task, acting_user)
    task.delete()


def progress(tasks_total: int, tasks_done: int) -> int | None:
    """Percent of the plan's tasks done; None for a plan without tasks."""
    return round(100 * tasks_done / tasks_total) if tasks_total else None
