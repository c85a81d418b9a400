"""Matching on the organization's real bases: problem building, runs, curator's rules, approval.

`build_problem` turns the base of mentees and the register of mentors into the pure engine's input
(features, the fit matrix with reasons, rankings from the preference questionnaire, locks and forbids,
hard rules) with a fixed number of queries. `run_matching` solves and stores a snapshot
(`MatchingRun.result`), `set_rule`/`clear_rule` keep the curator's overrides, and `approve_run` turns a
run into pairings and the order in one transaction (through `mentoring.services.create_pairings`).
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.permissions import require
from nastavnik.mentoring import services as mentoring
from nastavnik.mentoring.models import Pairing, PairingMember
from nastavnik.methodology.models import MentoringForm, RoleModel
from nastavnik.participants.models import (
    MenteeProfile,
    MenteeRequest,
    MentorCompetence,
    MentorProfile,
)
from nastavnik.participants.queries import copy_annotations
from nastavnik.participants.services import annotate_consent, can_be_paired

from .engine import (
    CRITERIA,
    MODES,
    FitWeights,
    InstanceError,
    MenteeFeatures,
    MentorFeatures,
    Problem,
    build_report,
    fit_matrix,
    solve,
)
from .engine.report import LOCKED_REASON
from .models import MatchingRule, MatchingRun

log = logging.getLogger(__name__)

#: Mentees waiting for a mentor: the base (stage 2) minus those already in a pairing or gone.
BASE_STATUSES = (MenteeProfile.Status.NEW, MenteeProfile.Status.IN_BASE)
#: Mentors the matching may use: the register without those resting (stage 4).
REGISTER_STATUSES = (MentorProfile.Status.SELECTED, MentorProfile.Status.TRAINED, MentorProfile.Status.ACTIVE)
RESULT_VERSION = 1
P = "participant__"
_SPLIT = re.compile(r"[,;\n]+")
_GENDER = {"female": "ж", "male": "м"}


def no_free_places_reason(capacity: int, load: int) -> str:
    return _("все места заняты: наставляемых %(load)s из %(capacity)s") % {"load": load, "capacity": capacity}


# --- loading the bases ---------------------------------------------------------------------------------------
@dataclass
class Bases:
    """The people of one matching: who takes part and who is left out, and why."""

    mentees: list[MenteeProfile]  # in the base (and of the form), consent checked
    mentors: list[MentorProfile]  # in the register (and offering the form)
    mentee_excluded: dict[int, str] = field(default_factory=dict)  # mentee pk -> reason
    mentor_excluded: dict[int, str] = field(default_factory=dict)  # mentor pk -> reason
    free_places: dict[int, int] = field(default_factory=dict)  # mentor pk -> places left

    @property
    def usable_mentors(self) -> list[MentorProfile]:
        return [m for m in self.mentors if m.pk not in self.mentor_excluded]


def _check_form(organization, form: MentoringForm | None) -> None:
    if form is not None and form.organization_id not in (None, organization.pk):
        raise ValidationError(_("Эта форма наставничества принадлежит другой организации."))


def load_bases(organization, form: MentoringForm | None = None, *, features: bool = True) -> Bases:
    """Mentees in the base and mentors in the register, with consent and free places; 4-6 queries.

    With a form, mentees of that form and mentors who offer it (or have named no form yet) take part.
    `features=False` skips requests and competences (the summary on the index page needs only counts).
    """
    _check_form(organization, form)
    mentees = MenteeProfile.objects.filter(organization=organization, status__in=BASE_STATUSES)
    mentors = MentorProfile.objects.filter(organization=organization, status__in=REGISTER_STATUSES)
    if form is not None:
        mentees = mentees.filter(form=form)
        offering = MentorProfile.forms.through.objects.filter(mentoringform_id=form.pk).values(
            "mentorprofile_id"
        )
        any_form = MentorProfile.forms.through.objects.values("mentorprofile_id")
        mentors = mentors.filter(Q(pk__in=offering) | ~Q(pk__in=any_form))
    mentees = annotate_consent(mentees, prefix=P).select_related("participant", "form")
    mentors = annotate_consent(mentors, prefix=P).select_related("participant", "partner")
    if features:
        mentees = mentees.prefetch_related(
            Prefetch(
                "requests", queryset=MenteeRequest.objects.select_related("topic").order_by("-priority", "pk")
            )
        )
        mentors = mentors.prefetch_related(
            "forms", Prefetch("competences", queryset=MentorCompetence.objects.select_related("topic"))
        )
    order = ("participant__last_name", "participant__first_name", "participant__patronymic", "pk")
    mentee_list = copy_annotations(mentees.order_by(*order))
    mentor_list = copy_annotations(mentors.order_by(*order))

    load = dict(
        PairingMember.objects.filter(
            organization=organization,
            pairing__status=Pairing.Status.ACTIVE,
            pairing__mentor__in=[m.pk for m in mentor_list],
        )
        .values_list("pairing__mentor_id")
        .annotate(n=Count("pk"))
        .values_list("pairing__mentor_id", "n")
    )
    bases = Bases(mentees=mentee_list, mentors=mentor_list)
    for mentee in mentee_list:
        ok, reason = can_be_paired(mentee.participant)
        if not ok:
            bases.mentee_excluded[mentee.pk] = str(reason)
    for mentor in mentor_list:
        ok, reason = can_be_paired(mentor.participant)
        busy = load.get(mentor.pk, 0)
        bases.free_places[mentor.pk] = max(mentor.capacity - busy, 0)
        if not ok:
            bases.mentor_excluded[mentor.pk] = str(reason)
        elif bases.free_places[mentor.pk] == 0:
            bases.mentor_excluded[mentor.pk] = no_free_places_reason(mentor.capacity, busy)
    return bases


# --- features ------------------------------------------------------------------------------------------------
def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in _SPLIT.split(text or "") if part.strip())


def _strings(value: Any) -> tuple[str, ...]:
    """A JSON list of strings as the engine wants it; anything else in the field is ignored."""
    if not isinstance(value, list):
        return ()
    return tuple(item.strip() for item in value if isinstance(item, str) and item.strip())


def mentor_features(mentor: MentorProfile, organization) -> MentorFeatures:
    person = mentor.participant
    competences: list[str] = []
    for competence in mentor.competences.all():
        competences.append(competence.title)
        if competence.topic_id and competence.topic.title.casefold() != competence.title.casefold():
            competences.append(competence.topic.title)
    return MentorFeatures(
        competences=tuple(competences),
        subjects=_split(person.subject),
        experience_years=float(person.experience_years) if person.experience_years is not None else None,
        forms=tuple(f.title for f in mentor.forms.all()),
        availability=_strings(mentor.availability),
        organization=mentor.partner.name if mentor.partner_id else organization.short_name,
        gender=_GENDER.get(person.gender),
        person=str(person.pk),
    )


def mentee_features(mentee: MenteeProfile, organization) -> MenteeFeatures:
    """A request naming a catalogue topic is matched by the topic's title (mentor competences link to the
    same catalogue); a free-text request by its text."""
    person = mentee.participant
    requests = []
    for request in mentee.requests.all():
        text = request.topic.title if request.topic_id else request.text
        if text and text.strip():
            requests.append(text.strip())
    return MenteeFeatures(
        requests=tuple(requests),
        subjects=_split(person.subject),
        experience_years=float(person.experience_years) if person.experience_years is not None else None,
        form=mentee.form.title if mentee.form_id else None,
        organization=organization.short_name,
        gender=_GENDER.get(person.gender),
        preferred_gender=_GENDER.get(mentee.preferred_mentor_gender),
        person=str(person.pk),
        minor=person.is_minor,
        consent=person.has_valid_consent,
    )


# --- rankings from the preference questionnaire --------------------------------------------------------------
@dataclass
class Rankings:
    mentee: dict[str, list[str]] = field(default_factory=dict)
    mentor: dict[str, list[str]] = field(default_factory=dict)
    questionnaire_id: int | None = None
    questionnaire_title: str = ""


def preference_rankings(organization) -> tuple[Any, dict[int, list[int]]]:
    """(questionnaire, {participant id: [participant ids, best first]}) of the latest preference
    questionnaire; (None, {}) when there is none or the questionnaires app cannot answer."""
    try:
        from nastavnik.questionnaires.models import Questionnaire
        from nastavnik.questionnaires.services import rankings_for
    except ImportError:  # pragma: no cover - the questionnaires app is optional for matching
        return None, {}
    questionnaire = (
        Questionnaire.objects.filter(organization=organization, purpose=Questionnaire.Purpose.PREFERENCES)
        .order_by("-created_at", "-pk")
        .first()
    )
    if questionnaire is None:
        return None, {}
    try:
        return questionnaire, rankings_for(organization, questionnaire)
    except Exception:  # a broken questionnaire must not stop matching: rankings only refine the fit
        log.exception("rankings of questionnaire %s could not be read", questionnaire.pk)
        return questionnaire, {}


def _rankings(organization, mentees: list[MenteeProfile], mentors: list[MentorProfile]) -> Rankings:
    questionnaire, raw = preference_rankings(organization)
    result = Rankings(
        questionnaire_id=getattr(questionnaire, "pk", None), questionnaire_title=str(questionnaire or "")
    )
    mentee_of = {m.participant_id: str(m.pk) for m in mentees}
    mentor_of = {m.participant_id: str(m.pk) for m in mentors}
    for person, ranked in raw.items():
        if not isinstance(ranked, list | tuple):
            continue
        for owner, others, target in (
            (mentee_of, mentor_of, result.mentee),
            (mentor_of, mentee_of, result.mentor),
        ):
            if person not in owner:
                continue
            listed = list(dict.fromkeys(others[x] for x in ranked if x in others and x != person))
            if listed:
                target[owner[person]] = listed
    return result


# --- the problem ---------------------------------------------------------------------------------------------
@dataclass
class MatchingInput:
    """The engine's problem plus what the web side needs to show and store it."""

    problem: Problem
    bases: Bases
    mentees: list[MenteeProfile]  # rows of the problem
    mentors: list[MentorProfile]  # columns of the problem
    weights: FitWeights
    rankings: Rankings
    warnings: list[str] = field(default_factory=list)


def clean_weights(weights: Mapping[str, Any] | FitWeights | None) -> FitWeights:
    """Weights from a form or JSON; wrong names, negative or non-numbers raise ValidationError in Russian."""
    if isinstance(weights, FitWeights):
        return weights
    if weights is not None and not isinstance(weights, Mapping):
        raise ValidationError(_("Веса критериев заданы неверно."))
    try:
        return FitWeights.from_mapping(weights)
    except (InstanceError, TypeError) as exc:
        raise ValidationError(_("Веса критериев: %(error)s.") % {"error": exc}) from None


def _who(profile) -> str:
    return profile.participant.short_name


def _rules(organization, mentees, mentors, bases: Bases, capacity: dict[int, int]):
    """Locks and forbids among the people of this problem; locks that cannot hold become warnings."""
    mentee_by_pk = {m.pk: m for m in mentees}
    mentor_by_pk = {m.pk: m for m in mentors}
    locked, forbidden, warnings = [], [], []
    lock_count: Counter[int] = Counter()
    locked_mentees: set[int] = set()
    rules = MatchingRule.objects.filter(organization=organization).order_by("created_at", "pk")
    for rule in rules:
        mentee, mentor = mentee_by_pk.get(rule.mentee_id), mentor_by_pk.get(rule.mentor_id)
        if mentee is None or mentor is None:
            continue
        pair = (str(mentee.pk), str(mentor.pk))
        if rule.kind == MatchingRule.Kind.FORBID:
            forbidden.append(pair)
            continue
        label = f"{_who(mentee)} — {_who(mentor)}"
        if mentee.pk in bases.mentee_excluded:
            warnings.append(
                _("Закрепление %(pair)s не учтено: %(reason)s")
                % {"pair": label, "reason": bases.mentee_excluded[mentee.pk]}
            )
        elif mentee.participant_id == mentor.participant_id:
            warnings.append(_("Закрепление %(pair)s не учтено: это один и тот же человек.") % {"pair": label})
        elif mentee.pk in locked_mentees:
            warnings.append(
                _("Закрепление %(pair)s не учтено: наставляемый уже закреплён.") % {"pair": label}
            )
        elif lock_count[mentor.pk] >= capacity[mentor.pk]:
            warnings.append(
                _("Закрепление %(pair)s не учтено: у наставника нет свободных мест.") % {"pair": label}
            )
        else:
            locked.append(pair)
            lock_count[mentor.pk] += 1
            locked_mentees.add(mentee.pk)
    return locked, forbidden, warnings


def build_problem(
    organization, form: MentoringForm | None = None, weights: Mapping[str, Any] | FitWeights | None = None
) -> MatchingInput:
    """The engine's Problem for the organization's bases now; a bounded number of queries (about 10)."""
    fit_weights = clean_weights(weights)
    bases = load_bases(organization, form)
    mentees = bases.mentees
    mentors = bases.usable_mentors
    capacity = {m.pk: bases.free_places[m.pk] for m in mentors}
    mentor_feats = [mentor_features(m, organization) for m in mentors]
    mentee_feats = [mentee_features(m, organization) for m in mentees]
    partners = sorted(
        {(organization.short_name, m.partner.name) for m in mentors if m.partner_id and m.partner.name}
    )
    scores, reasons = fit_matrix(mentor_feats, mentee_feats, fit_weights, partners=partners)
    rankings = _rankings(organization, mentees, mentors)
    locked, forbidden, warnings = _rules(organization, mentees, mentors, bases, capacity)
    try:
        problem = Problem.build(
            [str(m.pk) for m in mentors],
            [str(m.pk) for m in mentees],
            [capacity[m.pk] for m in mentors],
            scores,
            locked=locked,
            forbidden=forbidden,
            mentee_rankings=rankings.mentee,
            mentor_rankings=rankings.mentor,
            excluded={str(pk): reason for pk, reason in bases.mentee_excluded.items()},
            mentor_persons=[str(m.participant_id) for m in mentors],
            mentee_persons=[str(m.participant_id) for m in mentees],
            reasons=reasons,
        )
    except InstanceError as exc:  # pre-validation above should make this unreachable
        raise ValidationError(_("Подбор невозможен: %(error)s.") % {"error": exc}) from None
    return MatchingInput(
        problem=problem,
        bases=bases,
        mentees=mentees,
        mentors=mentors,
        weights=fit_weights,
        rankings=rankings,
        warnings=warnings,
    )


# --- runs ----------------------------------------------------------------------------------------------------
def clean_mode(mode: Any) -> str:
    if mode not in MODES:
        raise ValidationError(
            _(
                "Неизвестный режим подбора: ожидается optimal (наибольшая совместимость) или stable (устойчивый)."
            )
        )
    return mode


def _result(data: MatchingInput, report: dict[str, Any]) -> dict[str, Any]:
    locked = {(data.problem.mentee_ids[i], data.problem.mentor_ids[r]) for i, r in data.problem.locked}
    pairs = [
        {
            "mentee": int(p["mentee"]),
            "mentor": int(p["mentor"]),
            "score": p["score"],
            "reasons": [r for r in p.get("reasons", []) if r != LOCKED_REASON],
            "locked": (p["mentee"], p["mentor"]) in locked,
        }
        for p in report["pairs"]
    ]
    bases = data.bases
    return {
        "version": RESULT_VERSION,
        "pairs": pairs,
        "unmatched": [
            {
                "mentee": int(u["mentee"]),
                "reason": u["reason"],
                "excluded": int(u["mentee"]) in bases.mentee_excluded,
            }
            for u in report["unmatched"]
        ],
        "mentors": [{"id": m.pk, "capacity": bases.free_places[m.pk]} for m in data.mentors],
        "excluded_mentors": [
            {"mentor": pk, "reason": reason} for pk, reason in bases.mentor_excluded.items()
        ],
        "total_score": report["total_score"],
        "blocking_pairs": report["blocking_pairs"],
        "counts": {
            "mentees": len(bases.mentees),
            "mentees_excluded": len(bases.mentee_excluded),
            "mentors": len(bases.mentors),
            "mentors_excluded": len(bases.mentor_excluded),
            "places": sum(bases.free_places[m.pk] for m in data.mentors),
        },
        "rankings": {
            "questionnaire": data.rankings.questionnaire_id,
            "title": data.rankings.questionnaire_title,
            "mentees": len(data.rankings.mentee),
            "mentors": len(data.rankings.mentor),
        },
        "warnings": data.warnings,
    }


def run_matching(
    organization,
    mode: str,
    user=None,
    form: MentoringForm | None = None,
    weights: Mapping[str, Any] | FitWeights | None = None,
) -> MatchingRun:
    """Solve the organization's bases now and store the proposal; nothing else changes."""
    if user is not None:
        require(user, "matching.run_matching", organization)
    mode = clean_mode(mode)
    data = build_problem(organization, form, weights)
    report = build_report(data.problem, solve(data.problem, mode), explain=True)
    result = _result(data, report)
    return MatchingRun.objects.create(
        organization=organization,
        mode=mode,
        form=form,
        weights={name: getattr(data.weights, name) for name in CRITERIA},
        result=result,
        total_score=result["total_score"],
        pairs_count=len(result["pairs"]),
        unmatched_count=len(result["unmatched"]),
        blocking_pairs=result["blocking_pairs"],
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


def rerun(run: MatchingRun, user=None, mode: str | None = None) -> MatchingRun:
    """The same settings again, on the bases and rules as they are now."""
    return run_matching(run.organization, mode or run.mode, user, form=run.form, weights=run.weights or None)


# --- the curator's rules -------------------------------------------------------------------------------------
def _check_people(organization, mentee: MenteeProfile, mentor: MentorProfile) -> None:
    if mentee.organization_id != organization.pk or mentor.organization_id != organization.pk:
        raise ValidationError(_("Наставник и наставляемый должны быть из этой организации."))


@transaction.atomic
def set_rule(
    organization, mentee: MenteeProfile, mentor: MentorProfile, kind: str, user=None
) -> MatchingRule:
    """Lock (always pair) or forbid (never pair) one mentor-mentee pair for the next runs.

    A mentee is locked to one mentor at most: locking to another mentor moves the lock.
    """
    if user is not None:
        require(user, "matching.run_matching", organization)
    _check_people(organization, mentee, mentor)
    if kind not in MatchingRule.Kind.values:
        raise ValidationError(_("Неизвестное правило: «закрепить» или «запретить»."))
    if mentee.participant_id == mentor.participant_id:
        raise ValidationError(_("Участник не может быть наставником самому себе."))
    if kind == MatchingRule.Kind.LOCK:
        ok, reason = can_be_paired(mentee.participant)
        if not ok:
            raise ValidationError(_("Нельзя закрепить пару: %(reason)s") % {"reason": reason})
        if mentee.status not in BASE_STATUSES:
            raise ValidationError(
                _("Нельзя закрепить пару: наставляемый не в базе (статус «%(status)s»).")
                % {"status": mentee.get_status_display()}
            )
        if mentor.status not in REGISTER_STATUSES:
            raise ValidationError(
                _("Нельзя закрепить пару: наставник не в реестре (статус «%(status)s»).")
                % {"status": mentor.get_status_display()}
            )
        busy = PairingMember.objects.filter(
            organization=organization, pairing__mentor=mentor, pairing__status=Pairing.Status.ACTIVE
        ).count()
        locks = (
            MatchingRule.objects.filter(organization=organization, mentor=mentor, kind=MatchingRule.Kind.LOCK)
            .exclude(mentee=mentee)
            .count()
        )
        if busy + locks >= mentor.capacity:
            raise ValidationError(
                _(
                    "У наставника %(name)s нет свободных мест: может взять %(capacity)s, занято и закреплено %(used)s."
                )
                % {"name": _who(mentor), "capacity": mentor.capacity, "used": busy + locks}
            )
        MatchingRule.objects.filter(
            organization=organization, mentee=mentee, kind=MatchingRule.Kind.LOCK
        ).exclude(mentor=mentor).delete()
    rule, _created = MatchingRule.objects.update_or_create(
        organization=organization,
        mentee=mentee,
        mentor=mentor,
        defaults={"kind": kind, "created_by": user if getattr(user, "is_authenticated", False) else None},
    )
    return rule


@transaction.atomic
def clear_rule(organization, mentee: MenteeProfile, mentor: MentorProfile, user=None) -> bool:
    """Remove the lock or forbid of a pair; False when there was none."""
    if user is not None:
        require(user, "matching.run_matching", organization)
    _check_people(organization, mentee, mentor)
    deleted, _detail = MatchingRule.objects.filter(
        organization=organization, mentee=mentee, mentor=mentor
    ).delete()
    return bool(deleted)


# --- approval ------------------------------------------------------------------------------------------------
def _stale_problems(run: MatchingRun, mentees: dict[int, MenteeProfile], mentors: dict[int, MentorProfile]):
    """Why the proposal no longer matches the bases (people changed status, consent, places)."""
    problems = []
    pairs = run.result.get("pairs") or []
    in_pairing = set(
        PairingMember.objects.filter(
            organization=run.organization, mentee__in=list(mentees), pairing__status=Pairing.Status.ACTIVE
        ).values_list("mentee_id", flat=True)
    )
    for pair in pairs:
        mentee = mentees.get(pair["mentee"])
        if mentee is None:
            problems.append(_("наставляемый удалён из базы"))
            continue
        name = _who(mentee)
        if mentee.status not in BASE_STATUSES or mentee.pk in in_pairing:
            problems.append(
                _("%(name)s — уже не в базе наставляемых (статус «%(status)s»)")
                % {"name": name, "status": mentee.get_status_display()}
            )
            continue
        ok, reason = can_be_paired(mentee.participant)
        if not ok:
            problems.append(f"{name} — {reason}")
    wanted = Counter(pair["mentor"] for pair in pairs)
    busy = dict(
        PairingMember.objects.filter(
            organization=run.organization,
            pairing__mentor__in=list(mentors),
            pairing__status=Pairing.Status.ACTIVE,
        )
        .values_list("pairing__mentor_id")
        .annotate(n=Count("pk"))
        .values_list("pairing__mentor_id", "n")
    )
    for mentor_pk, count in wanted.items():
        mentor = mentors.get(mentor_pk)
        if mentor is None:
            problems.append(_("наставник удалён из базы"))
            continue
        name = _who(mentor)
        if mentor.status not in REGISTER_STATUSES:
            problems.append(
                _("%(name)s — наставник не в реестре (статус «%(status)s»)")
                % {"name": name, "status": mentor.get_status_display()}
            )
            continue
        ok, reason = can_be_paired(mentor.participant)
        if not ok:
            problems.append(f"{name} — {reason}")
        elif busy.get(mentor_pk, 0) + count > mentor.capacity:
            problems.append(
                _(
                    "%(name)s — не хватает мест: может взять %(capacity)s, уже в парах %(busy)s, в подборе %(count)s"
                )
                % {"name": name, "capacity": mentor.capacity, "busy": busy.get(mentor_pk, 0), "count": count}
            )
    return problems


def _load_people(run: MatchingRun) -> tuple[dict[int, MenteeProfile], dict[int, MentorProfile]]:
    pairs = run.result.get("pairs") or []
    mentees = copy_annotations(
        annotate_consent(
            MenteeProfile.objects.filter(organization=run.organization, pk__in=[p["mentee"] for p in pairs]),
            prefix=P,
        ).select_related("participant")
    )
    mentors = copy_annotations(
        annotate_consent(
            MentorProfile.objects.filter(organization=run.organization, pk__in=[p["mentor"] for p in pairs]),
            prefix=P,
        ).select_related("participant")
    )
    return {m.pk: m for m in mentees}, {m.pk: m for m in mentors}


def approve_run(
    run: MatchingRun,
    user,
    order_number: str,
    order_date,
    form: MentoringForm | None,
    role_model: RoleModel | None = None,
) -> Any:
    """Turn a run into pairings, assignments and the order (returned) in one transaction.

    Refused with a Russian message when the run is empty or already approved, when the bases changed
    since the run (a mentee paired elsewhere, consent revoked, a mentor left the register or has no
    place), or when the order's fields are wrong (number taken this year, form of another organization).
    """
    organization = run.organization
    if user is not None:
        require(user, "matching.approve_pairings", organization)
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().select_related("organization").get(pk=run.pk)
        if run.is_approved:
            raise ValidationError(
                _("Этот подбор уже утверждён: %(order)s.") % {"order": run.order or "приказ"}
            )
        pairs = run.result.get("pairs") if isinstance(run.result, dict) else None
        if not pairs:
            raise ValidationError(_("В этом подборе нет ни одной пары — утверждать нечего."))
        mentees, mentors = _load_people(run)
        problems = _stale_problems(run, mentees, mentors)
        if problems:
            shown = "; ".join(problems[:5]) + ("; …" if len(problems) > 5 else "")
            raise ValidationError(
                _("Базы изменились после подбора: %(problems)s. Пересчитайте подбор.") % {"problems": shown}
            )
        grouped: dict[int, list[mentoring.ProposedMember]] = defaultdict(list)
        for pair in pairs:
            grouped[pair["mentor"]].append(
                mentoring.ProposedMember(
                    mentee=mentees[pair["mentee"]],
                    score=pair.get("score"),
                    reasons="; ".join(pair.get("reasons") or []),
                )
            )
        proposals = [
            mentoring.ProposedPairing(mentor=mentors[pk], members=items) for pk, items in grouped.items()
        ]
        order = mentoring.create_pairings(
            organization,
            proposals,
            user=user,
            order_number=order_number,
            order_date=order_date,
            form=form,
            role_model=role_model,
        )
        try:
            run.approved_at = timezone.now()
            run.approved_by = user if getattr(user, "is_authenticated", False) else None
            run.order = order
            run.save(update_fields=["approved_at", "approved_by", "order"])
        except Exception:
            order.file.delete(save=False)
            raise
    return order
