"""The matching problem built from the organization's real bases (the read side of matching).

`build_problem` turns the base of mentees and the register of mentors into the pure engine's input
(features, the fit matrix with reasons, rankings from the preference questionnaire, locks and forbids,
hard rules) with a fixed number of queries. Nothing here writes.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from nastavnik.mentoring.models import Pairing, PairingMember
from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import (
    MenteeProfile,
    MenteeRequest,
    MentorCompetence,
    MentorProfile,
    adult_cutoff,
    minor_by,
)
from nastavnik.participants.queries import (
    NO_CONSENT,
    annotate_consent,
    can_be_paired,
    consent_facts,
    copy_annotations,
    pairing_block,
)
from nastavnik.questionnaires.models import Questionnaire
from nastavnik.questionnaires.services import rankings_for

from .engine import (
    FitWeights,
    InstanceError,
    MenteeFeatures,
    MentorFeatures,
    Problem,
    fit_matrix,
)
from .models import MatchingRule, OrganizationThesaurusEntry, RegionThesaurusEntry

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


def _check_form(organization: Organization, form: MentoringForm | None) -> None:
    if form is not None and form.organization_id not in (None, organization.pk):
        raise ValidationError(_("Эта форма наставничества принадлежит другой организации."))


def load_bases(
    organization: Organization, form: MentoringForm | None = None, *, features: bool = True
) -> Bases:
    """Mentees in the base and mentors in the register, with consent and free places; 4-6 queries.

    With a form, mentees of that form and mentors who offer it (or have named no form yet) take part.
    `features=False` skips requests and competences (the summary on the index page needs only counts).
    """
    _check_form(organization, form)
    mentees: QuerySet[MenteeProfile] = MenteeProfile.objects.filter(
        organization=organization, status__in=BASE_STATUSES
    )
    mentors: QuerySet[MentorProfile] = MentorProfile.objects.filter(
        organization=organization, status__in=REGISTER_STATUSES
    )
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


def bases_summary(organization: Organization) -> dict[str, Any]:
    """The index page's figures about the bases before a run, as `load_bases(organization)` counts them, without
    loading the people: the bases and the consents are read as plain values (4 simple queries, no model objects)
    and `pairing_block` gives each person's reason."""
    consents = consent_facts(organization)
    cutoff = adult_cutoff()

    def reason(person: int, birth_date: Any, category: str) -> str:
        minor = minor_by(birth_date, category, cutoff)
        facts = consents.get(person, NO_CONSENT)
        return str(
            pairing_block(
                hidden=facts.revoked_at is not None, has_consent=facts.valid_for(minor), minor=minor
            )
        )

    mentee_reasons: Counter[str] = Counter()
    n_mentees = 0
    for person, birth_date, category in (
        MenteeProfile.objects.filter(organization=organization, status__in=BASE_STATUSES)
        .order_by()
        .values_list("participant_id", f"{P}birth_date", f"{P}category")
    ):
        n_mentees += 1
        blocked = reason(person, birth_date, category)
        if blocked:
            mentee_reasons[blocked] += 1
    load = dict(
        PairingMember.objects.filter(organization=organization, pairing__status=Pairing.Status.ACTIVE)
        .order_by()
        .values_list("pairing__mentor_id")
        .annotate(n=Count("pk"))
        .values_list("pairing__mentor_id", "n")
    )
    mentor_reasons: Counter[str] = Counter()
    n_mentors = ready = places = 0
    for pk, capacity, person, birth_date, category in (
        MentorProfile.objects.filter(organization=organization, status__in=REGISTER_STATUSES)
        .order_by()
        .values_list("pk", "capacity", "participant_id", f"{P}birth_date", f"{P}category")
    ):
        n_mentors += 1
        blocked = reason(person, birth_date, category)
        busy = load.get(pk, 0)
        free = max(capacity - busy, 0)
        if not blocked and free == 0:
            blocked = str(no_free_places_reason(capacity, busy))
        if blocked:
            mentor_reasons[blocked] += 1
        else:
            ready += 1
            places += free
    return {
        "mentees": n_mentees,
        "mentees_ready": n_mentees - sum(mentee_reasons.values()),
        "mentee_reasons": sorted(mentee_reasons.items(), key=lambda item: (-item[1], item[0])),
        "mentors": n_mentors,
        "mentors_ready": ready,
        "mentor_reasons": sorted(mentor_reasons.items(), key=lambda item: (-item[1], item[0])),
        "places": places,
    }


# --- features ------------------------------------------------------------------------------------------------
def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in _SPLIT.split(text or "") if part.strip())


def _strings(value: Any) -> tuple[str, ...]:
    """A JSON list of strings as the engine wants it; anything else in the field is ignored."""
    if not isinstance(value, list):
        return ()
    return tuple(item.strip() for item in value if isinstance(item, str) and item.strip())


def mentor_features(mentor: MentorProfile, organization: Organization) -> MentorFeatures:
    person = mentor.participant
    competences: list[str] = []
    for competence in mentor.competences.all():
        competences.append(competence.title)
        if competence.topic is not None and competence.topic.title.casefold() != competence.title.casefold():
            competences.append(competence.topic.title)
    return MentorFeatures(
        competences=tuple(competences),
        subjects=_split(person.subject),
        experience_years=float(person.experience_years) if person.experience_years is not None else None,
        forms=tuple(f.title for f in mentor.forms.all()),
        availability=_strings(mentor.availability),
        organization=mentor.partner.name if mentor.partner is not None else organization.short_name,
        gender=_GENDER.get(person.gender),
        person=str(person.pk),
    )


def mentee_features(mentee: MenteeProfile, organization: Organization) -> MenteeFeatures:
    """A request naming a catalogue topic is matched by the topic's title (mentor competences link to the
    same catalogue); a free-text request by its text."""
    person = mentee.participant
    requests = []
    for request in mentee.requests.all():
        text = request.topic.title if request.topic is not None else request.text
        if text and text.strip():
            requests.append(text.strip())
    return MenteeFeatures(
        requests=tuple(requests),
        subjects=_split(person.subject),
        experience_years=float(person.experience_years) if person.experience_years is not None else None,
        form=mentee.form.title if mentee.form is not None else None,
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


def preference_rankings(organization: Organization) -> tuple[Questionnaire | None, dict[int, list[int]]]:
    """(questionnaire, {participant id: [participant ids, best first]}) of the latest preference
    questionnaire; (None, {}) when there is none."""
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


def _rankings(
    organization: Organization, mentees: list[MenteeProfile], mentors: list[MentorProfile]
) -> Rankings:
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


def who(profile: MenteeProfile | MentorProfile) -> str:
    return profile.participant.short_name


def _rules(
    organization: Organization,
    mentees: list[MenteeProfile],
    mentors: list[MentorProfile],
    bases: Bases,
    capacity: dict[int, int],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """Locks and forbids among the people of this problem; locks that cannot hold become warnings."""
    mentee_by_pk = {m.pk: m for m in mentees}
    mentor_by_pk = {m.pk: m for m in mentors}
    locked: list[tuple[str, str]] = []
    forbidden: list[tuple[str, str]] = []
    warnings: list[str] = []
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
        label = f"{who(mentee)} — {who(mentor)}"
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


def thesaurus_lines(organization: Organization) -> list[str]:
    """The lines added to the shipped thesaurus for this organization: its region's, then its own (two queries)."""
    region = RegionThesaurusEntry.objects.filter(region__municipalities__organizations=organization)
    own = OrganizationThesaurusEntry.objects.filter(organization=organization)
    return [*region.values_list("line", flat=True), *own.values_list("line", flat=True)]


def build_problem(
    organization: Organization,
    form: MentoringForm | None = None,
    weights: Mapping[str, Any] | FitWeights | None = None,
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
        {
            (organization.short_name, m.partner.name)
            for m in mentors
            if m.partner is not None and m.partner.name
        }
    )
    scores, reasons = fit_matrix(
        mentor_feats, mentee_feats, fit_weights, partners=partners, thesaurus=thesaurus_lines(organization)
    )
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
