"""Pairs at work: pairings, meetings, feedback, development plans, completion and ending early.

Each endpoint checks exactly what the page of the same action checks (mentoring/views/work.py and
pairings.py): the object is looked up inside the caller's tenancy scope, then `permissions.require`
answers 404 for anything the caller may not see or do. Writes go through mentoring.services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from nastavnik.accounts.permissions import can, is_curator, organization_ids, require
from nastavnik.mentoring import detail, overview, services
from nastavnik.mentoring.models import Goal, Meeting, Pairing, PlanTask
from nastavnik.mentoring.services.lifecycle import FREE_MENTEE_STATUSES, REGISTER_STATUSES
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import (
    Guardianship,
    MenteeProfile,
    MentorProfile,
    Participant,
    hidden_label,
)

from ..common import Paging, mentoring_form, organization, page, role_model, user_of
from ..errors import ERRORS
from ..schemas import (
    MAX_ID,
    CancelIn,
    CompleteIn,
    EndIn,
    FeedbackIn,
    FeedbackOut,
    GoalIn,
    GoalOut,
    GoalPage,
    HeldIn,
    MeetingIn,
    MeetingOut,
    PairingDetail,
    PairingIn,
    PairingItem,
    PairingPage,
    TaskIn,
    TaskOut,
    TaskPage,
    TaskStatusIn,
)

router = Router(tags=["pairs at work"])
Pk = Path(..., ge=1, le=MAX_ID)


# --- reading ------------------------------------------------------------------------------------------------
def _person(
    participant: Participant | overview.MemberRow, revoked_at: dt.datetime | None, curator: bool
) -> dict[str, Any]:
    hidden = revoked_at is not None and not curator
    return {"id": participant.pk, "name": hidden_label() if hidden else participant.short_name}


def _item(pairing: Any, curator: bool, sees_scores: bool) -> dict[str, Any]:
    reasons = list(pairing.attention_reasons) if sees_scores else []
    return {
        "id": pairing.pk,
        "mentor": _person(pairing.mentor.participant, pairing.annotated_revoked_at, curator),
        "mentees": [
            _person(overview.member_person(m), m.annotated_revoked_at, curator)
            for m in overview.members_of(pairing)
        ],
        "form": pairing.form.code,
        "role_model": pairing.role_model.title if pairing.role_model else None,
        "kind": pairing.kind,
        "status": pairing.status,
        "stage": pairing.stage or "not_started",
        "last_meeting_at": pairing.last_meeting_at,
        "next_meeting_at": pairing.next_meeting_at,
        "meetings_held": pairing.meetings_held,
        "feedback_missing": pairing.feedback_missing,
        "feedback_average": (
            round(pairing.feedback_average, 2)
            if sees_scores and pairing.feedback_average is not None
            else None
        ),
        "needs_attention": bool(reasons),
        "attention_reasons": reasons,
    }


def _own_filter(org: Organization, user: Any) -> Q:
    """Pairings where the user is the mentor, a mentee, or a parent of a mentee."""
    own = Participant.objects.filter(organization=org, user=user).values("pk")
    wards = Guardianship.objects.filter(organization=org, user=user).values("participant_id")
    people = Q(members__mentee__participant__in=own) | Q(members__mentee__participant__in=wards)
    return Q(pk__in=Pairing.objects.filter(Q(mentor__participant__in=own) | people).values("pk"))


def _visible_rows(
    org: Organization, user: Any, status: str | None
) -> tuple[list[overview.OverviewRow], set[int] | None]:
    """The overview's plain rows this user may list (id order), and the pairings whose scores they see
    (None: all of them, for programme staff; else the pairings they mentor)."""
    rows = sorted(overview.overview_rows(org, status=status), key=lambda r: r.pk)
    if can(user, "mentoring.view_pairings", org):
        return rows, None
    own = set(Pairing.objects.filter(_own_filter(org, user)).values_list("pk", flat=True))
    mentored = set(
        Pairing.objects.filter(organization=org, mentor__participant__user=user).values_list("pk", flat=True)
    )
    return [r for r in rows if r.pk in own], mentored


def _items(
    org: Organization, user: Any, rows: list[overview.OverviewRow], scored: set[int] | None
) -> list[dict[str, Any]]:
    curator = bool(is_curator(user, org))
    return [_item(p, curator, scored is None or p.pk in scored) for p in overview.load_page(org, rows)]


def _pairing_item(request: HttpRequest, pairing: Pairing) -> dict[str, Any]:
    """One pairing as a list item; the caller already checked that the user may see it."""
    user = user_of(request)
    org = pairing.organization
    staff = can(user, "mentoring.view_pairings", org)
    scored = None if staff else ({pairing.pk} if pairing.mentor.participant.user_id == user.pk else set())
    return _items(org, user, overview.overview_rows(org, pairing_id=pairing.pk), scored)[0]


@router.get(
    "/organizations/{slug}/pairings/",
    response={200: PairingPage, **ERRORS},
    summary="Pairings of an organization",
)
def pairings(
    request: HttpRequest,
    slug: str,
    paging: Query[Paging],
    status: Pairing.Status | None = None,
    needs_attention: bool | None = None,
) -> dict[str, Any]:
    user = user_of(request)
    org = organization(request, slug)
    rows, scored = _visible_rows(org, user, status)
    if needs_attention is not None:
        rows = [
            r
            for r in rows
            if bool(r.attention_reasons and (scored is None or r.pk in scored)) == needs_attention
        ]
    shown, count = page(rows, paging)
    return {"items": _items(org, user, shown, scored), "count": count}


def _pairing(request: HttpRequest, pk: int, action: str) -> Pairing:
    """The pairing `pk` of one of the caller's organizations, with the page's query; 404 when not allowed."""
    user = user_of(request)
    org_id = (
        Pairing.objects.filter(pk=pk, organization_id__in=organization_ids(user))
        .values_list("organization_id", flat=True)
        .first()
    )
    if org_id is None:
        raise Http404
    org = Organization.objects.select_related("municipality__region").get(pk=org_id)
    pairing: Pairing = get_object_or_404(detail.pairing_queryset(org), pk=pk)
    require(user, action, pairing)
    return pairing


def _meetings(page_: detail.PairingPage) -> list[dict[str, Any]]:
    views = sorted([*page_.upcoming, *page_.past], key=lambda v: (v.meeting.starts_at, v.meeting.pk))
    # The meeting's notes are the mentor's record: shown to those who manage the work, as on the page.
    return [_meeting_out(v.meeting, v.feedback, notes=page_.can_manage) for v in views]


def _meeting_out(
    meeting: Meeting, feedback: list[detail.FeedbackView] | None = None, *, notes: bool = True
) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "kind": meeting.kind,
        "status": meeting.status,
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "url": meeting.url,
        "topic": meeting.topic,
        "notes": meeting.notes if notes else "",
        "cancel_reason": meeting.cancel_reason,
        "feedback": [FeedbackOut(**f.__dict__).dict() for f in feedback or []],
    }


def _task_out(task: PlanTask) -> dict[str, Any]:
    return {"id": task.pk, "title": task.title, "due": task.due, "status": task.status, "result": task.result}


def _goal_out(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "plan": goal.plan_id,
        "title": goal.title,
        "description": goal.description,
        "tasks": [_task_out(t) for t in goal.tasks.all()],
    }


@router.get(
    "/pairings/{pk}",
    response={200: PairingDetail, **ERRORS},
    summary="One pairing with its meetings and plan",
)
def pairing(request: HttpRequest, pk: int = Pk) -> dict[str, Any]:
    user = user_of(request)
    item = _pairing(request, pk, "mentoring.view_pairing")
    page_ = detail.pairing_page(item, user)
    curator = bool(is_curator(user, item.organization))
    members = {m.mentee.participant_id: m for m, _name in page_.members}
    plans = []
    for plan in page_.plans:
        member = members.get(plan.plan.member.mentee.participant_id) if plan.plan.member else None
        plans.append(
            {
                "id": plan.plan.pk,
                "mentee": _person(member.mentee.participant, member.annotated_revoked_at, curator)
                if member
                else None,
                "goals": [_goal_out(g) for g in plan.goals],
            }
        )
    return {**_pairing_item(request, item), "meetings": _meetings(page_), "plan": plans}


# --- writing ------------------------------------------------------------------------------------------------
@router.post(
    "/organizations/{slug}/pairings/", response={201: PairingItem, **ERRORS}, summary="Form a pairing by hand"
)
def pairing_new(request: HttpRequest, slug: str, data: PairingIn) -> Status[dict[str, Any]]:
    user = user_of(request)
    org = organization(request, slug, "mentoring.manage_pairings")
    mentor = MentorProfile.objects.filter(
        organization=org, status__in=REGISTER_STATUSES, pk=data.mentor
    ).first()
    if mentor is None:
        raise ValidationError({"mentor": _("Наставник не найден среди действующих наставников организации.")})
    ids = sorted(set(data.mentees))
    mentees = list(
        MenteeProfile.objects.filter(organization=org, status__in=FREE_MENTEE_STATUSES, pk__in=ids)
    )
    if len(mentees) != len(ids):
        raise ValidationError({"mentees": _("Наставляемые должны быть из базы организации и ещё без пары.")})
    if data.kind == Pairing.Kind.INDIVIDUAL and len(mentees) != 1:
        raise ValidationError({"mentees": _("У индивидуальной пары один наставляемый.")})
    form = mentoring_form(org, data.form)
    model = role_model(form, data.role_model)
    created = services.form_pairing(
        org,
        mentor,
        mentees,
        acting_user=user,
        form=form,
        role_model=model,
        group=data.kind == Pairing.Kind.GROUP,
    )
    created.organization = org
    return Status(201, _pairing_item(request, created))


M = TypeVar("M", bound=Model)


def _owned(
    request: HttpRequest, qs: QuerySet[M], pk: int, action: str, pairing_of: Callable[[M], Pairing]
) -> M:
    """An object of the caller's organizations whose pairing allows `action`, else 404."""
    user = user_of(request)
    obj: M = get_object_or_404(qs.filter(organization_id__in=organization_ids(user)), pk=pk)
    require(user, action, pairing_of(obj))
    return obj


def _meeting(request: HttpRequest, pk: int, action: str) -> Meeting:
    qs = Meeting.objects.select_related("pairing__mentor__participant", "pairing__organization")
    qs = qs.prefetch_related("pairing__members__mentee__participant")
    return _owned(request, qs, pk, action, lambda m: m.pairing)


_url = URLValidator(schemes=["http", "https"])


@router.post(
    "/pairings/{pk}/meetings/", response={201: MeetingOut, **ERRORS}, summary="Schedule or log a meeting"
)
def meeting_new(request: HttpRequest, data: MeetingIn, pk: int = Pk) -> Status[dict[str, Any]]:
    item = _pairing(request, pk, "mentoring.manage_work")
    if data.url:
        try:
            _url(data.url)
        except ValidationError:
            raise ValidationError({"url": _("Ссылка должна начинаться с http:// или https://.")}) from None
    starts_at = data.starts_at
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if not dt.datetime(1900, 1, 2, tzinfo=dt.UTC) < starts_at < dt.datetime(9999, 1, 1, tzinfo=dt.UTC):
        raise ValidationError({"starts_at": _("Недопустимая дата встречи.")})
    meeting = services.schedule_meeting(
        item,
        acting_user=user_of(request),
        kind=data.kind,
        starts_at=starts_at,
        duration_minutes=data.duration_minutes,
        place=data.place,
        url=data.url,
        topic=data.topic,
        held=data.held,
        notes=data.notes,
    )
    return Status(201, _meeting_out(meeting))


@router.post("/meetings/{pk}/held", response={200: MeetingOut, **ERRORS}, summary="Mark a meeting held")
def meeting_held(request: HttpRequest, data: HeldIn, pk: int = Pk) -> dict[str, Any]:
    meeting = _meeting(request, pk, "mentoring.manage_work")
    return _meeting_out(services.mark_held(meeting, acting_user=user_of(request), notes=data.notes))


@router.post(
    "/meetings/{pk}/cancel",
    response={200: MeetingOut, **ERRORS},
    summary="Cancel a meeting (or mark it missed)",
)
def meeting_cancel(request: HttpRequest, data: CancelIn, pk: int = Pk) -> dict[str, Any]:
    meeting = _meeting(request, pk, "mentoring.manage_work")
    done = services.cancel_meeting(
        meeting, acting_user=user_of(request), reason=data.reason, missed=data.missed
    )
    return _meeting_out(done)


@router.post(
    "/meetings/{pk}/feedback",
    response={201: FeedbackOut, **ERRORS},
    summary="Give feedback on a held meeting",
)
def feedback(request: HttpRequest, data: FeedbackIn, pk: int = Pk) -> Status[dict[str, Any]]:
    user = user_of(request)
    meeting = _meeting(request, pk, "mentoring.give_feedback")
    me = detail.viewer_participant(meeting.pairing, user)
    if me is None:  # programme staff outside the pair have nothing to give
        raise Http404
    given = services.give_feedback(
        meeting,
        me,
        acting_user=user,
        usefulness=data.usefulness,
        comfort=data.comfort,
        comment=data.comment,
        private=data.private,
    )
    return Status(
        201,
        {
            "author": me.short_name,
            "is_mentor": given.is_mentor,
            "usefulness": given.usefulness,
            "comfort": given.comfort,
            "comment": given.comment,
            "private": given.private,
        },
    )


# --- the development plan -----------------------------------------------------------------------------------
def _goals(pairing: Pairing) -> list[Goal]:
    return list(
        Goal.objects.filter(plan__pairing=pairing)
        .prefetch_related("tasks")
        .order_by("plan_id", "position", "pk")
    )


@router.get(
    "/pairings/{pk}/plan/goals", response={200: GoalPage, **ERRORS}, summary="Goals of the pairing's plan"
)
def goals(request: HttpRequest, paging: Query[Paging], pk: int = Pk) -> dict[str, Any]:
    item = _pairing(request, pk, "mentoring.view_pairing")
    rows, count = page([_goal_out(g) for g in _goals(item)], paging)
    return {"items": rows, "count": count}


@router.post("/pairings/{pk}/plan/goals", response={201: GoalOut, **ERRORS}, summary="Add a goal to the plan")
def goal_new(request: HttpRequest, data: GoalIn, pk: int = Pk) -> Status[dict[str, Any]]:
    user = user_of(request)
    item = _pairing(request, pk, "mentoring.manage_work")
    plans = services.ensure_plans(item, acting_user=user)
    if data.plan is not None:
        chosen = [p for p in plans if p.pk == data.plan]
        if not chosen:
            raise ValidationError({"plan": _("Такого плана у этой пары нет.")})
        plan = chosen[0]
    elif len(plans) == 1:
        plan = plans[0]
    else:
        raise ValidationError({"plan": _("У каждого наставляемого свой план: укажите plan.")})
    goal = services.add_goal(plan, acting_user=user, title=data.title, description=data.description)
    return Status(201, _goal_out(goal))


def _goal(request: HttpRequest, pk: int, action: str) -> Goal:
    qs = Goal.objects.select_related("plan__pairing__mentor__participant", "plan__pairing__organization")
    qs = qs.prefetch_related("plan__pairing__members__mentee__participant")
    return _owned(request, qs, pk, action, lambda g: g.plan.pairing)


@router.get("/goals/{pk}/tasks", response={200: TaskPage, **ERRORS}, summary="Tasks of a goal")
def tasks(request: HttpRequest, paging: Query[Paging], pk: int = Pk) -> dict[str, Any]:
    goal = _goal(request, pk, "mentoring.view_pairing")
    rows, count = page([_task_out(t) for t in goal.tasks.order_by("position", "pk")], paging)
    return {"items": rows, "count": count}


@router.post("/goals/{pk}/tasks", response={201: TaskOut, **ERRORS}, summary="Add a task to a goal")
def task_new(request: HttpRequest, data: TaskIn, pk: int = Pk) -> Status[dict[str, Any]]:
    goal = _goal(request, pk, "mentoring.manage_work")
    task = services.add_task(
        goal, acting_user=user_of(request), title=data.title, due=data.due, result=data.result
    )
    return Status(201, _task_out(task))


@router.patch("/tasks/{pk}", response={200: TaskOut, **ERRORS}, summary="Change a task's status")
def task_status(request: HttpRequest, data: TaskStatusIn, pk: int = Pk) -> dict[str, Any]:
    user = user_of(request)
    qs = PlanTask.objects.select_related("goal__plan__pairing__mentor__participant")
    task = _owned(request, qs, pk, "mentoring.manage_work", lambda t: t.goal.plan.pairing)
    return _task_out(services.set_task_status(task, data.status, acting_user=user))


# --- completion and ending early ----------------------------------------------------------------------------
@router.post(
    "/pairings/{pk}/complete",
    response={200: PairingItem, **ERRORS},
    summary="Complete a pairing after its final meeting",
)
def complete(request: HttpRequest, data: CompleteIn, pk: int = Pk) -> dict[str, Any]:
    item = _pairing(request, pk, "mentoring.manage_work")
    services.complete_pairing(item, acting_user=user_of(request), summary=data.summary)
    return _pairing_item(request, item)


@router.post("/pairings/{pk}/end", response={200: PairingItem, **ERRORS}, summary="End a pairing early")
def end(request: HttpRequest, data: EndIn, pk: int = Pk) -> dict[str, Any]:
    user = user_of(request)
    item = _pairing(request, pk, "mentoring.view_pairing")
    require(user, "mentoring.manage_pairings", item.organization)
    services.end_pairing(item, acting_user=user, reason=data.reason, comment=data.comment)
    return _pairing_item(request, item)
