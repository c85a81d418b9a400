"""The pairing's page, read side: who is in it, the plans, the meetings with the feedback this viewer may see,
and what waits for the viewer — in a fixed number of queries.

Who sees what of feedback: the curator everything; other programme staff and the mentor the scores and the
comments not marked private; a mentee their own feedback; a parent that feedback was given, never the child's
scores or words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.models import User
from nastavnik.accounts.permissions import can, is_curator
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import Participant, hidden_label
from nastavnik.participants.queries import annotate_consent
from nastavnik.questionnaires.models import Invitation, Questionnaire
from nastavnik.questionnaires.services import invitation_url

from .models import DevelopmentPlan, Feedback, Goal, Meeting, Pairing, PairingMember, PlanTask
from .services.meetings import suggest_kind

MENTOR = "mentor__participant__"
MENTEE = "mentee__participant__"


def pairing_queryset(organization: Organization) -> QuerySet[Pairing]:
    members = annotate_consent(PairingMember.objects.select_related("mentee__participant"), prefix=MENTEE)
    return (
        annotate_consent(Pairing.objects.filter(organization=organization), prefix=MENTOR)
        .select_related("mentor__participant", "form", "role_model", "order", "organization")
        .prefetch_related(Prefetch("members", queryset=members.order_by(f"{MENTEE}last_name", "pk")))
    )


@dataclass
class FeedbackView:
    author: str
    is_mentor: bool
    usefulness: int | None
    comfort: int | None
    comment: str
    private: bool


@dataclass
class MeetingView:
    meeting: Meeting
    feedback: list[FeedbackView] = field(default_factory=list)
    given_by_me: bool = False
    can_give: bool = False
    waiting_for: list[str] = field(default_factory=list)


@dataclass
class PlanView:
    plan: DevelopmentPlan
    title: str
    goals: list[Goal]
    tasks_total: int = 0
    tasks_done: int = 0

    @property
    def progress(self) -> int | None:
        return round(100 * self.tasks_done / self.tasks_total) if self.tasks_total else None


@dataclass
class PairingPage:
    pairing: Pairing
    mentor_name: str
    members: list[tuple[PairingMember, str]]
    plans: list[PlanView]
    upcoming: list[MeetingView]
    past: list[MeetingView]
    stage: str
    suggested_kind: str
    waiting: list[str] = field(default_factory=list)
    my_participant_ids: set[int] = field(default_factory=set)
    is_mentor: bool = False
    is_mentee: bool = False
    can_manage: bool = False
    can_end: bool = False
    final_held: bool = False
    #: The viewer's open link to the final questionnaire (a mentee of a completed pairing).
    final_questionnaire_url: str = ""


def _name(participant: Participant, revoked_at: dt.datetime | None, curator: bool) -> str:
    return hidden_label() if revoked_at is not None and not curator else participant.full_name


def pairing_page(pairing: Pairing, user: User, now: dt.datetime | None = None) -> PairingPage:
    """Everything the pairing's page shows to this user (6 queries whatever the size of the pairing)."""
    now = now or timezone.now()
    organization = pairing.organization
    curator = bool(is_curator(user, organization))
    staff = can(user, "mentoring.view_pairings", organization)
    mine = {
        p.pk
        for p in [pairing.mentor.participant, *(m.mentee.participant for m in pairing.members.all())]
        if p.user_id == user.pk
    }
    is_mentor = pairing.mentor.participant_id in mine
    is_mentee = bool(mine - {pairing.mentor.participant_id})
    members = [
        (m, _name(m.mentee.participant, m.annotated_revoked_at, curator)) for m in pairing.members.all()
    ]
    names = {m.mentee.participant_id: name for m, name in members}
    mentor_name = _name(pairing.mentor.participant, pairing.annotated_revoked_at, curator)
    names[pairing.mentor.participant_id] = mentor_name

    tasks = PlanTask.objects.order_by("position", "pk")
    plans = list(
        DevelopmentPlan.objects.filter(pairing=pairing)
        .select_related("member__mentee__participant")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("tasks", queryset=tasks)
                ),
            )
        )
        .order_by("pk")
    )
    plan_views = []
    for plan in plans:
        goals = list(plan.goals.all())
        all_tasks = [t for g in goals for t in g.tasks.all()]
        title = names.get(plan.member.mentee.participant_id, "") if plan.member else ""
        plan_views.append(
            PlanView(
                plan=plan,
                title=title,
                goals=goals,
                tasks_total=len(all_tasks),
                tasks_done=sum(t.status == PlanTask.Status.DONE for t in all_tasks),
            )
        )

    meetings = list(
        Meeting.objects.filter(pairing=pairing)
        .prefetch_related(Prefetch("feedback", queryset=Feedback.objects.order_by("created_at", "pk")))
        .order_by("starts_at", "pk")
    )
    givers = {m.mentee.participant_id for m, _ in members} | {pairing.mentor.participant_id}
    upcoming, past = [], []
    for meeting in meetings:
        view = MeetingView(meeting=meeting)
        given = {f.participant_id for f in meeting.feedback.all()}
        if meeting.status == Meeting.Status.HELD:
            view.given_by_me = bool(mine & given)
            view.can_give = bool((mine & givers) - given)
            view.waiting_for = [
                names[p] for p in sorted(givers - given) if p != pairing.mentor.participant_id
            ]
            view.feedback = [
                _feedback_view(f, names, user, mine, curator, staff, is_mentor)
                for f in meeting.feedback.all()
            ]
        if meeting.status == Meeting.Status.SCHEDULED and meeting.starts_at >= now:
            upcoming.append(view)
        else:
            past.append(view)
    held_kinds = [v.meeting.kind for v in past if v.meeting.status == Meeting.Status.HELD]
    page = PairingPage(
        pairing=pairing,
        mentor_name=mentor_name,
        members=members,
        plans=plan_views,
        upcoming=upcoming,
        past=list(reversed(past)),
        stage=held_kinds[-1] if held_kinds else "not_started",
        suggested_kind=suggest_kind(held_kinds),
        my_participant_ids=mine,
        is_mentor=is_mentor,
        is_mentee=is_mentee,
        can_manage=can(user, "mentoring.manage_work", pairing),
        can_end=can(user, "mentoring.manage_pairings", organization),
        final_held=Meeting.Kind.FINAL in held_kinds,
    )
    if pairing.status == Pairing.Status.COMPLETED and is_mentee:
        page.final_questionnaire_url = _final_questionnaire_url(
            pairing, mine - {pairing.mentor.participant_id}
        )
    page.waiting = _waiting(page, now)
    return page


def _final_questionnaire_url(pairing: Pairing, people: set[int]) -> str:
    invitation = (
        Invitation.objects.filter(
            participant_id__in=people,
            questionnaire__purpose=Questionnaire.Purpose.SATISFACTION_MENTEE_FINAL,
            submitted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-pk")
        .first()
    )
    return invitation_url(invitation) if invitation else ""


def _feedback_view(
    feedback: Feedback,
    names: dict[int, str],
    user: User,
    mine: set[int],
    curator: bool,
    staff: bool,
    is_mentor: bool,
) -> FeedbackView:
    own = feedback.participant_id in mine
    author = names.get(feedback.participant_id, "")
    if curator or own:
        return FeedbackView(
            author,
            feedback.is_mentor,
            feedback.usefulness,
            feedback.comfort,
            feedback.comment,
            feedback.private,
        )
    if staff or is_mentor:
        comment = "" if feedback.private else feedback.comment
        return FeedbackView(author, feedback.is_mentor, feedback.usefulness, feedback.comfort, comment, False)
    # A parent (or a mentee of a group looking at others): that feedback was given, nothing of its content.
    return FeedbackView(author, feedback.is_mentor, None, None, "", False)


def _waiting(page: PairingPage, now: dt.datetime) -> list[str]:
    """What this viewer should do now, in plain words."""
    waiting: list[str] = []
    if page.final_questionnaire_url:
        waiting.append(_("Заполните итоговую анкету: как прошла работа с наставником"))
    for view in page.past:
        if view.can_give:
            waiting.append(
                _("Оставьте обратную связь о встрече %(date)s")
                % {"date": f"{timezone.localtime(view.meeting.starts_at):%d.%m.%Y}"}
            )
    if page.can_manage:
        today = timezone.localdate(now)
        for plan in page.plans:
            for goal in plan.goals:
                for task in goal.tasks.all():
                    if task.status != PlanTask.Status.DONE and task.due and task.due <= today:
                        waiting.append(
                            _("Срок задачи «%(task)s»: %(due)s")
                            % {"task": task.title, "due": f"{task.due:%d.%m.%Y}"}
                        )
        overdue = [
            v for v in page.past if v.meeting.status == Meeting.Status.SCHEDULED and v.meeting.starts_at < now
        ]
        for view in overdue:
            waiting.append(
                _("Отметьте, состоялась ли встреча %(date)s")
                % {"date": f"{timezone.localtime(view.meeting.starts_at):%d.%m.%Y}"}
            )
    return waiting


def viewer_participant(pairing: Pairing, user: User) -> Participant | None:
    """The participant of the pairing that this user is (mentor or mentee themself), for feedback."""
    if pairing.mentor.participant.user_id == user.pk:
        return pairing.mentor.participant
    for member in pairing.members.all():
        if member.mentee.participant.user_id == user.pk:
            return member.mentee.participant
    return None
