"""Read side of the matching pages: a stored run joined with today's people and rules, in a fixed number of queries.

A run of a big organization holds thousands of pairs, so the run page shows them a page of mentors at a
time and loads only the people on that page; compare works on the stored ids and loads only the mentees
placed differently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count

from nastavnik.accounts.models import User
from nastavnik.accounts.permissions import is_curator
from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.models import Organization
from nastavnik.participants.models import MenteeProfile, MentorProfile, hidden_label
from nastavnik.participants.queries import annotate_consent, copy_annotations

from .models import MatchingRule, MatchingRun
from .problem import P

MENTORS_PER_PAGE = 40
UNMATCHED_PER_PAGE = 100


def load_profiles(
    model: type[MenteeProfile] | type[MentorProfile],
    organization: Organization,
    ids: Iterable[Any],
    curator: bool,
    related: Sequence[str] = ("participant",),
) -> dict[int, Any]:
    """Profiles by pk with `display_name`: a person whose consent was revoked is named to the curator only."""
    ids = sorted({i for i in ids if isinstance(i, int)})
    if not ids:
        return {}
    qs = annotate_consent(model.objects.filter(organization=organization, pk__in=ids), prefix=P)
    rows = copy_annotations(qs.select_related(*related))
    for profile in rows:
        hidden = profile.participant.is_hidden_by_revocation and not curator
        profile.display_name = hidden_label() if hidden else profile.participant.full_name
        profile.hidden = hidden
    return {p.pk: p for p in rows}


def rules_of(
    organization: Organization, mentee_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], str]:
    qs = MatchingRule.objects.filter(organization=organization)
    if mentee_ids is not None:
        qs = qs.filter(mentee_id__in=list(mentee_ids))
    return {
        (mentee, mentor): kind for mentee, mentor, kind in qs.values_list("mentee_id", "mentor_id", "kind")
    }


@dataclass
class PairRow:
    mentee: MenteeProfile
    mentor: MentorProfile
    score: float
    reasons: list[str]
    locked: bool  # locked when the run was made
    rule: str | None  # the rule now
    error: str = ""

    @property
    def dom_id(self) -> str:
        return f"pair-{self.mentee.pk}-{self.mentor.pk}"

    @property
    def changed(self) -> bool:
        """The rule now differs from what this run used: a rerun would change the proposal."""
        return (self.rule == MatchingRule.Kind.LOCK) != self.locked or self.rule == MatchingRule.Kind.FORBID


@dataclass
class MentorGroup:
    mentor: MentorProfile
    capacity: int
    pairs: list[dict] = field(default_factory=list)  # the stored pairs of this mentor
    rows: list[PairRow] = field(default_factory=list)  # filled for the groups on the shown page


@dataclass
class UnmatchedRow:
    mentee: MenteeProfile
    reason: str
    excluded: bool  # by a hard rule (consent): cannot be locked


@dataclass
class RunView:
    run: MatchingRun
    groups: list[MentorGroup]  # the page of mentors with mentees
    page: Page
    idle: list[MentorGroup]  # mentors without mentees in this run
    unmatched: list[UnmatchedRow]
    unmatched_page: Page
    excluded_mentors: list[tuple[MentorProfile, str]]
    warnings: list[str]
    rankings: dict[str, Any]
    all_groups: list[MentorGroup] = field(default_factory=list)

    @property
    def lockable_mentors(self) -> list[MentorProfile]:
        """Mentors with a free place in this run: an unmatched mentee may be locked to them."""
        return [g.mentor for g in self.all_groups if g.capacity > len(g.pairs)]

    @property
    def unmatched_reasons(self) -> list[tuple[str, int]]:
        return Counter(u.reason for u in self.unmatched).most_common()


def result_of(run: MatchingRun) -> dict[str, Any]:
    return run.result if isinstance(run.result, dict) else {}


def _page(items: list[Any], per_page: int, number: Any) -> Page[Any]:
    return Paginator(items, per_page).get_page(number)


def run_view(run: MatchingRun, user: User, page: Any = 1, unmatched_page: Any = 1) -> RunView:
    """What the run page shows: a page of mentors with their mentees, and a page of the unmatched.

    Four queries (mentors, mentees of the page, rules, nothing else) whatever the number of pairs.
    """
    organization = run.organization
    curator = is_curator(user, organization)
    result = result_of(run)
    pairs = result.get("pairs") or []
    mentor_entries = result.get("mentors") or []
    unmatched = result.get("unmatched") or []
    excluded_mentors = result.get("excluded_mentors") or []
    mentors = load_profiles(
        MentorProfile,
        organization,
        [m["id"] for m in mentor_entries]
        + [p["mentor"] for p in pairs]
        + [e["mentor"] for e in excluded_mentors],
        curator,
    )
    groups: dict[int, MentorGroup] = {}
    for entry in mentor_entries:
        mentor = mentors.get(entry["id"])
        if mentor is not None:
            groups[mentor.pk] = MentorGroup(mentor=mentor, capacity=int(entry.get("capacity", 0)))
    for pair in pairs:
        mentor = mentors.get(pair["mentor"])
        if mentor is not None:  # None: deleted since the run
            groups.setdefault(mentor.pk, MentorGroup(mentor=mentor, capacity=mentor.capacity)).pairs.append(
                pair
            )
    ordered = sorted(
        groups.values(),
        key=lambda g: (g.mentor.participant.last_name, g.mentor.participant.first_name, g.mentor.pk),
    )
    busy = [g for g in ordered if g.pairs]
    shown = _page(busy, MENTORS_PER_PAGE, page)
    lonely = _page(unmatched, UNMATCHED_PER_PAGE, unmatched_page)
    wanted = [p["mentee"] for g in shown.object_list for p in g.pairs] + [
        u["mentee"] for u in lonely.object_list
    ]
    mentees = load_profiles(MenteeProfile, organization, wanted, curator, related=("participant", "form"))
    rules = rules_of(organization, mentees)
    for group in shown.object_list:
        for pair in group.pairs:
            mentee = mentees.get(pair["mentee"])
            if mentee is not None:
                group.rows.append(_row(mentee, group.mentor, pair, rules))
    return RunView(
        run=run,
        groups=list(shown.object_list),
        page=shown,
        idle=[g for g in ordered if not g.pairs],
        unmatched=[
            UnmatchedRow(mentee=mentees[u["mentee"]], reason=u["reason"], excluded=bool(u.get("excluded")))
            for u in lonely.object_list
            if u["mentee"] in mentees
        ],
        unmatched_page=lonely,
        excluded_mentors=[
            (mentors[e["mentor"]], e["reason"]) for e in excluded_mentors if e["mentor"] in mentors
        ],
        warnings=list(result.get("warnings") or []),
        rankings=result.get("rankings") or {},
        all_groups=ordered,
    )


def _row(
    mentee: MenteeProfile, mentor: MentorProfile, pair: dict[str, Any], rules: dict[tuple[int, int], str]
) -> PairRow:
    return PairRow(
        mentee=mentee,
        mentor=mentor,
        score=float(pair.get("score", 0)),
        reasons=list(pair.get("reasons") or []),
        locked=bool(pair.get("locked")),
        rule=rules.get((mentee.pk, mentor.pk)),
    )


def pair_row(run: MatchingRun, user: User, mentee: MenteeProfile, mentor: MentorProfile) -> PairRow | None:
    """One row of the run page (after htmx changed its rule), or None when the run did not propose this pair."""
    pair = next(
        (
            p
            for p in result_of(run).get("pairs") or []
            if p["mentee"] == mentee.pk and p["mentor"] == mentor.pk
        ),
        None,
    )
    if pair is None:
        return None
    curator = is_curator(user, run.organization)
    mentee = load_profiles(MenteeProfile, run.organization, [mentee.pk], curator)[mentee.pk]
    mentor = load_profiles(MentorProfile, run.organization, [mentor.pk], curator)[mentor.pk]
    return _row(mentee, mentor, pair, rules_of(run.organization, [mentee.pk]))


def most_common_form(run: MatchingRun) -> MentoringForm | None:
    """The form of mentoring most mentees of the run's pairs asked for (the approval form's suggestion)."""
    if run.form_id:
        return run.form
    ids = [p["mentee"] for p in result_of(run).get("pairs") or []]
    top = (
        MenteeProfile.objects.filter(organization=run.organization, pk__in=ids, form__isnull=False)
        .values("form")
        .annotate(n=Count("pk"))
        .order_by("-n", "form")
        .first()
    )
    return MentoringForm.objects.filter(pk=top["form"]).first() if top else None


# --- compare -------------------------------------------------------------------------------------------------
@dataclass
class Difference:
    mentee: MenteeProfile
    first: MentorProfile | None
    second: MentorProfile | None
    first_score: float | None
    second_score: float | None


def _placement(run: MatchingRun) -> dict[int, tuple[int | None, float | None]]:
    result = result_of(run)
    out: dict[int, tuple[int | None, float | None]] = {
        p["mentee"]: (p["mentor"], p.get("score")) for p in result.get("pairs") or []
    }
    for u in result.get("unmatched") or []:
        out.setdefault(u["mentee"], (None, None))
    return out


def differences(first: MatchingRun, second: MatchingRun, user: User) -> list[Difference]:
    """Mentees whose mentor differs between two runs (unmatched counts as "no mentor"); 2 queries."""
    a, b = _placement(first), _placement(second)
    changed = [pk for pk in a.keys() | b.keys() if a.get(pk, (None, None))[0] != b.get(pk, (None, None))[0]]
    if not changed:
        return []
    organization = first.organization
    curator = is_curator(user, organization)
    mentees = load_profiles(MenteeProfile, organization, changed, curator)
    mentor_ids = [x.get(pk, (None, None))[0] for pk in changed for x in (a, b)]
    mentors = load_profiles(MentorProfile, organization, [i for i in mentor_ids if i is not None], curator)
    rows = []
    for pk in changed:
        if pk not in mentees:
            continue
        (ma, sa), (mb, sb) = a.get(pk, (None, None)), b.get(pk, (None, None))
        first_mentor = mentors.get(ma) if ma is not None else None
        second_mentor = mentors.get(mb) if mb is not None else None
        rows.append(Difference(mentees[pk], first_mentor, second_mentor, sa, sb))
    rows.sort(key=lambda d: (d.mentee.participant.last_name, d.mentee.participant.first_name, d.mentee.pk))
    return rows


def same_settings(first: MatchingRun, second: MatchingRun) -> bool:
    return first.form_id == second.form_id and (first.weights or {}) == (second.weights or {})
