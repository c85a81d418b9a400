"""A validated matching problem (index-based arrays); parse.py builds one from the JSON-like dict."""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NoReturn

import numpy as np

from .errors import InstanceError
from .features import SAME_PERSON_REASON
from .fit import FitReasons

DEFAULT_RANK_WEIGHT = 10.0

TOP_LEVEL_KEYS = (
    "mentors",
    "mentees",
    "scores",
    "features",
    "mentor_rankings",
    "mentee_rankings",
    "locked",
    "forbidden",
    "rank_weight",
)


class RankTable(Mapping[int, np.ndarray]):
    """Rankings of one side, stored flat: owner indices, list lengths and the concatenated lists.

    Flat storage lets the preference matrices be filled by one scatter instead of a loop over owners;
    ``table[owner]`` still gives one owner's list (partner indices, best first).
    """

    def __init__(self, owners: np.ndarray, lengths: np.ndarray, flat: np.ndarray) -> None:
        self.owners, self.lengths, self.flat = owners, lengths, flat
        ends = np.cumsum(lengths)
        self._where = {
            int(o): (int(e - k), int(e))
            for o, k, e in zip(owners.tolist(), lengths.tolist(), ends.tolist(), strict=True)
        }

    @classmethod
    def empty(cls) -> RankTable:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, none)

    def __getitem__(self, owner: int) -> np.ndarray:
        start, end = self._where[owner]
        return self.flat[start:end]

    def __iter__(self) -> Iterator[int]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def positions(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(owner of each entry, partner, 0-based place) for vectorised fills of (n, m) matrices."""
        own = np.repeat(self.owners, self.lengths)
        pos = np.arange(self.flat.size) - np.repeat(np.cumsum(self.lengths) - self.lengths, self.lengths)
        return own, self.flat, pos


@dataclass(eq=False)
class Problem:
    """Everything the solvers need, as arrays indexed by mentee (rows) and mentor (columns).

    Build it with ``Problem.build`` (ids, checked) or ``parse_instance`` (a JSON dict); the solvers
    trust its invariants: capacities cover the locked pairs, locked pairs are allowed, rankings hold
    valid distinct indices.
    """

    mentor_ids: tuple[str, ...]
    mentee_ids: tuple[str, ...]
    capacity: np.ndarray  # (m,) int64
    scores: np.ndarray  # (n, m) float64, the fit
    allowed: np.ndarray  # (n, m) bool: not forbidden, not the same person, mentee not blocked
    locked: tuple[tuple[int, int], ...] = ()
    excluded: Mapping[int, str] = field(default_factory=dict)  # mentee index -> reason it is never matched
    # Rankings as partner indices, best first: mentee -> mentors and mentor -> mentees.
    mentee_rankings: RankTable = field(default_factory=RankTable.empty)
    mentor_rankings: RankTable = field(default_factory=RankTable.empty)
    rank_weight: float = DEFAULT_RANK_WEIGHT
    reasons: FitReasons | None = None

    @property
    def n_mentees(self) -> int:
        return len(self.mentee_ids)

    @property
    def n_mentors(self) -> int:
        return len(self.mentor_ids)

    @classmethod
    def build(
        cls,
        mentor_ids: Sequence[str],
        mentee_ids: Sequence[str],
        capacity: Sequence[int] | np.ndarray,
        scores: Any = None,
        *,
        locked: Iterable[Sequence[str]] = (),
        forbidden: Iterable[Sequence[str]] = (),
        mentee_rankings: Mapping[str, Sequence[str]] | None = None,
        mentor_rankings: Mapping[str, Sequence[str]] | None = None,
        excluded: Mapping[str, str] | None = None,
        mentor_persons: Sequence[str | None] | None = None,
        mentee_persons: Sequence[str | None] | None = None,
        rank_weight: float = DEFAULT_RANK_WEIGHT,
        reasons: FitReasons | None = None,
    ) -> Problem:
        """Check an instance given by ids and turn it into arrays; raises InstanceError in Russian.

        ``scores`` is a mentees x mentors matrix (None: all zero, preferences then come from rankings);
        ``excluded`` maps a mentee id to the reason it may not be matched (e.g. missing consent);
        equal non-empty ``*_persons`` entries mark the same human on both sides (the pair is forbidden).
        """
        mentor_ids = _check_ids(mentor_ids, "наставника")
        mentee_ids = _check_ids(mentee_ids, "наставляемого")
        n, m = len(mentee_ids), len(mentor_ids)
        mentor_index = {x: i for i, x in enumerate(mentor_ids)}
        mentee_index = {x: i for i, x in enumerate(mentee_ids)}

        cap = _check_capacity(capacity, mentor_ids)
        matrix = np.zeros((n, m)) if scores is None else _check_scores(scores, n, m)
        if not isinstance(rank_weight, int | float) or isinstance(rank_weight, bool):
            raise InstanceError("«rank_weight» должен быть неотрицательным числом")
        if not math.isfinite(rank_weight) or rank_weight < 0:
            raise InstanceError("«rank_weight» должен быть неотрицательным числом")

        allowed = np.ones((n, m), dtype=bool)
        forbidden_pairs = set(_pairs(forbidden, "forbidden", mentee_index, mentor_index))
        for i, r in forbidden_pairs:
            allowed[i, r] = False
        if mentor_persons is not None or mentee_persons is not None:
            mentor_persons = list(mentor_persons or [None] * m)
            mentee_persons = list(mentee_persons or [None] * n)
            if len(mentor_persons) != m or len(mentee_persons) != n:
                raise InstanceError("списки person должны совпадать по длине со списками участников")
            _forbid_same_person(allowed, mentor_persons, mentee_persons)

        excluded_idx: dict[int, str] = {}
        for mentee, reason in (excluded or {}).items():
            if mentee not in mentee_index:
                raise InstanceError(f"исключён неизвестный наставляемый «{mentee}»")
            excluded_idx[mentee_index[mentee]] = str(reason)
        if excluded_idx:
            allowed[list(excluded_idx)] = False

        locked_pairs = _pairs(locked, "locked", mentee_index, mentor_index)
        seen: dict[int, int] = {}
        for i, r in locked_pairs:
            pair = f"(«{mentee_ids[i]}», «{mentor_ids[r]}»)"
            if i in seen:
                if seen[i] == r:
                    raise InstanceError(f"пара {pair} закреплена дважды")
                raise InstanceError(
                    f"наставляемый «{mentee_ids[i]}» закреплён за двумя наставниками: "
                    f"«{mentor_ids[seen[i]]}» и «{mentor_ids[r]}»"
                )
            seen[i] = r
            if (i, r) in forbidden_pairs:
                raise InstanceError(f"пара {pair} одновременно закреплена и запрещена")
            if i in excluded_idx:
                raise InstanceError(f"пару {pair} нельзя закрепить: {excluded_idx[i]}")
            if not allowed[i, r]:
                raise InstanceError(f"пару {pair} нельзя закрепить: {SAME_PERSON_REASON}")
        load = np.bincount([r for _, r in locked_pairs], minlength=m) if locked_pairs else np.zeros(m, int)
        for over in np.flatnonzero(load > cap).tolist():
            raise InstanceError(
                f"у наставника «{mentor_ids[over]}» закреплено пар: {load[over]}, а мест только {cap[over]}"
            )

        return cls(
            mentor_ids=mentor_ids,
            mentee_ids=mentee_ids,
            capacity=cap,
            scores=matrix,
            allowed=allowed,
            locked=tuple(locked_pairs),
            excluded=excluded_idx,
            mentee_rankings=_rankings(
                mentee_rankings, "mentee_rankings", mentee_index, mentor_index, "наставляемого", "наставник"
            ),
            mentor_rankings=_rankings(
                mentor_rankings, "mentor_rankings", mentor_index, mentee_index, "наставника", "наставляемый"
            ),
            rank_weight=float(rank_weight),
            reasons=reasons,
        )

    # --- derived arrays shared by the solvers and the report ------------------------------------

    @cached_property
    def locked_mentor(self) -> np.ndarray:
        """(n,) mentor index of each locked mentee, -1 elsewhere."""
        out = np.full(self.n_mentees, -1, dtype=np.int64)
        for i, r in self.locked:
            out[i] = r
        return out

    @cached_property
    def residual_capacity(self) -> np.ndarray:
        """Places left once the locked pairs are seated."""
        load = np.bincount(self.locked_mentor[self.locked_mentor >= 0], minlength=self.n_mentors)
        return self.capacity - load

    @cached_property
    def active(self) -> np.ndarray:
        """(n,) mentees that the solvers place: neither locked nor excluded."""
        act = self.locked_mentor < 0
        if self.excluded:
            act[list(self.excluded)] = False
        return act

    @cached_property
    def _usable(self) -> np.ndarray:
        return np.asarray(self.allowed & self.active[:, None])

    def _rank_key(self, table: RankTable, by_mentee: bool) -> np.ndarray:
        """Weak preference of one side over the other as a "higher is better" matrix (n, m).

        Ranked partners come first in their order, then unranked ones with positive fit by fit;
        -inf marks an unacceptable partner (forbidden, excluded, or unranked with fit <= 0).
        """
        usable = self._usable
        positive = self.scores > 0
        if positive.any():
            key = np.where(usable & positive, self.scores, -np.inf)
        else:
            key = np.full(self.scores.shape, -np.inf)
        if table.flat.size:
            offset = max(float(self.scores.max(initial=0.0)), 0.0) + 1.0
            if (uniform := _uniform_length(table)) is not None:
                # Everyone ranked the same number of partners (full rankings): one 2-D scatter.
                others = table.flat.reshape(len(table.owners), uniform)
                value = offset + np.arange(uniform, 0, -1, dtype=np.float64)
                if by_mentee:
                    key[table.owners[:, None], others] = value
                else:
                    key.T[table.owners[:, None], others] = value
            else:
                own, others, pos = table.positions()
                value = offset + (np.repeat(table.lengths, table.lengths) - pos).astype(np.float64)
                if by_mentee:
                    key[own, others] = value
                else:
                    key[others, own] = value
            if not usable.all():
                key[~usable] = -np.inf
        return key

    @cached_property
    def mentee_key(self) -> np.ndarray:
        """(n, m) how much each mentee wants each mentor; -inf is unacceptable."""
        return self._rank_key(self.mentee_rankings, by_mentee=True)

    @cached_property
    def mentor_key(self) -> np.ndarray:
        """(n, m) how much each mentor wants each mentee; -inf is unacceptable."""
        if not self.mentor_rankings and not self.mentee_rankings:
            return self.mentee_key  # both sides rank by fit: share one array
        return self._rank_key(self.mentor_rankings, by_mentee=False)

    @cached_property
    def acceptable(self) -> np.ndarray:
        """(n, m) pairs both sides accept: allowed, and each side ranked the other or the fit is positive."""
        if self.mentor_key is self.mentee_key:
            return np.asarray(np.isfinite(self.mentee_key))
        return np.asarray(np.isfinite(self.mentee_key) & np.isfinite(self.mentor_key))

    def _bonus(self, table: RankTable, by_mentee: bool) -> np.ndarray | None:
        if not table.flat.size:
            return None
        own, others, pos = table.positions()
        lengths = np.repeat(table.lengths, table.lengths)
        value = (lengths - pos) / lengths
        bonus = np.zeros(self.scores.shape)
        if by_mentee:
            bonus[own, others] = value
        else:
            bonus[others, own] = value
        return bonus

    @cached_property
    def adjusted(self) -> np.ndarray:
        """What the optimal mode maximises: fit + rank_weight x (mentee's + mentor's rank bonus)."""
        total = self.scores
        for bonus in (self._bonus(self.mentee_rankings, True), self._bonus(self.mentor_rankings, False)):
            if bonus is not None and self.rank_weight:
                total = total + self.rank_weight * bonus
        return total


@dataclass(eq=False)
class Matching:
    """A solver's answer: the mentor of each mentee (-1: unmatched), locked pairs included."""

    mentor_of: np.ndarray  # (n,) int64
    mode: str


# --- validation helpers -------------------------------------------------------------------------


def _check_ids(ids: Sequence[Any], whose: str) -> tuple[str, ...]:
    out = tuple(ids)
    seen: set[str] = set()
    for k, ident in enumerate(out, 1):
        if not isinstance(ident, str) or not ident:
            raise InstanceError(f"id {whose} №{k} должен быть непустой строкой, получено {ident!r}")
        if ident in seen:
            raise InstanceError(f"повторяющийся id {whose} «{ident}»")
        seen.add(ident)
    return out


def _check_capacity(capacity: Any, mentor_ids: tuple[str, ...]) -> np.ndarray:
    values = list(capacity)
    if len(values) != len(mentor_ids):
        raise InstanceError(f"ёмкостей {len(values)}, а наставников {len(mentor_ids)}")
    for ident, value in zip(mentor_ids, values, strict=True):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise InstanceError(
                f"ёмкость (capacity) наставника «{ident}» должна быть целым числом, получено {value!r}"
            )
        if value < 0:
            raise InstanceError(
                f"ёмкость (capacity) наставника «{ident}» не может быть отрицательной: {value}"
            )
    return np.asarray(values, dtype=np.int64).reshape(len(mentor_ids))


def _check_scores(scores: Any, n: int, m: int) -> np.ndarray:
    if isinstance(scores, np.ndarray):
        matrix = scores
    else:
        if not isinstance(scores, list | tuple):
            raise InstanceError("«scores» должен быть матрицей чисел: список строк по наставляемым")
        if len(scores) != n:
            raise InstanceError(
                f"«scores» должен содержать {n} строк(и) — по числу наставляемых, а содержит {len(scores)}"
            )
        try:
            parsed: np.ndarray | None = np.asarray(scores) if n else np.zeros((0, m))
        except (ValueError, TypeError):
            parsed = None
        if parsed is None or parsed.ndim != 2 or parsed.dtype.kind not in "iuf":
            _explain_bad_scores(scores, m)
        matrix = parsed
    if matrix.ndim != 2 or matrix.shape != (n, m):
        raise InstanceError(
            f"«scores» должен иметь размер {n} × {m} (наставляемые × наставники), а имеет "
            f"{' × '.join(map(str, matrix.shape))}"
        )
    if matrix.dtype.kind not in "iuf":
        raise InstanceError("«scores» должен содержать только числа")
    matrix = np.ascontiguousarray(matrix, dtype=np.float64)
    if not np.isfinite(matrix).all():
        i, r = np.argwhere(~np.isfinite(matrix))[0]
        raise InstanceError(f"«scores»[{i}][{r}] не является конечным числом: {matrix[i, r]}")
    return matrix


def _explain_bad_scores(scores: Sequence[Any], m: int) -> NoReturn:
    for i, row in enumerate(scores):
        if not isinstance(row, list | tuple):
            raise InstanceError(f"строка «scores»[{i}] должна быть списком чисел")
        if len(row) != m:
            raise InstanceError(
                f"строка «scores»[{i}] должна содержать {m} чисел — по числу наставников, а содержит {len(row)}"
            )
        for r, value in enumerate(row):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InstanceError(f"«scores»[{i}][{r}] должен быть числом, получено {value!r}")
    raise InstanceError("«scores» должен быть матрицей чисел")


def _pairs(
    pairs: Iterable[Sequence[str]],
    name: str,
    mentee_index: Mapping[str, int],
    mentor_index: Mapping[str, int],
) -> list[tuple[int, int]]:
    if isinstance(pairs, str | bytes | Mapping) or not isinstance(pairs, Iterable):
        raise InstanceError(f"«{name}» должен быть списком пар [id наставляемого, id наставника]")
    out = []
    for k, pair in enumerate(pairs):
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise InstanceError(f"«{name}»[{k}] должен быть парой [id наставляемого, id наставника]")
        mentee, mentor = pair
        if not isinstance(mentee, str) or mentee not in mentee_index:
            raise InstanceError(f"«{name}»[{k}]: неизвестный наставляемый «{mentee}»")
        if not isinstance(mentor, str) or mentor not in mentor_index:
            raise InstanceError(f"«{name}»[{k}]: неизвестный наставник «{mentor}»")
        out.append((mentee_index[mentee], mentor_index[mentor]))
    return out


def _forbid_same_person(
    allowed: np.ndarray, mentor_persons: Sequence[str | None], mentee_persons: Sequence[str | None]
) -> None:
    by_person: dict[str, list[int]] = {}
    for r, person in enumerate(mentor_persons):
        if person:
            by_person.setdefault(person, []).append(r)
    for i, person in enumerate(mentee_persons):
        if person and person in by_person:
            allowed[i, by_person[person]] = False


def _uniform_length(table: RankTable) -> int | None:
    lengths = table.lengths
    return int(lengths[0]) if lengths.size and (lengths == lengths[0]).all() else None


def _rankings(
    rankings: Mapping[str, Sequence[str]] | None,
    name: str,
    owner_index: Mapping[str, int],
    other_index: Mapping[str, int],
    owner_word: str,
    other_word: str,
) -> RankTable:
    if rankings is None:
        return RankTable.empty()
    if not isinstance(rankings, Mapping):
        raise InstanceError(f"«{name}» должен быть объектом {{id: [id, …]}}")
    owners = []
    lists = []
    for owner, ranking in rankings.items():
        if owner not in owner_index:
            raise InstanceError(f"«{name}»: рейтинг неизвестного {owner_word} «{owner}»")
        if isinstance(ranking, str) or not isinstance(ranking, list | tuple):
            raise InstanceError(f"«{name}»: рейтинг {owner_word} «{owner}» должен быть списком id")
        owners.append(owner_index[owner])
        lists.append(ranking)
    if not owners:
        return RankTable.empty()
    lengths = np.fromiter((len(x) for x in lists), dtype=np.int64, count=len(lists))
    flat = list(itertools.chain.from_iterable(lists))
    try:
        # itemgetter looks all ids up in one C loop: ~2x faster than a Python-level map.
        found = operator.itemgetter(*flat)(other_index) if len(flat) > 1 else [other_index[x] for x in flat]
    except (KeyError, TypeError):
        for owner, ranking in zip(rankings, lists, strict=True):
            for other in ranking:
                if not isinstance(other, str) or other not in other_index:
                    raise InstanceError(
                        f"«{name}»: в рейтинге {owner_word} «{owner}» неизвестный {other_word} «{other}»"
                    ) from None
        raise
    indices = np.fromiter(found, dtype=np.int64, count=len(flat))
    table = RankTable(np.asarray(owners, dtype=np.int64), lengths, indices)
    # Duplicates: an owner listing the same partner twice would give it two places.
    seen = np.zeros((len(owner_index), len(other_index)), dtype=bool)
    if (uniform := _uniform_length(table)) is not None:
        seen[table.owners[:, None], indices.reshape(len(owners), uniform)] = True
    else:
        own, _, _ = table.positions()
        seen[own, indices] = True
    if int(seen.sum()) != len(flat):
        for owner, ranking in zip(rankings, lists, strict=True):
            if len(set(ranking)) != len(ranking):
                dup = next(x for x in ranking if ranking.count(x) > 1)
                raise InstanceError(f"«{name}»: в рейтинге {owner_word} «{owner}» «{dup}» указан дважды")
    return table


# --- from a JSON dict ---------------------------------------------------------------------------
