"""Paired before/after statistics for the growth of participants (stage 2 of the methodology's monitoring).

Pure: SciPy and NumPy only, no Django. `paired_change` is the one function the pages, the API and the
documents use, so that every place says the same thing in the same words.

Method (written down here because a school reads the verdict, not the formula):

* pairs with a missing value on either side are dropped; ``n`` is the number of complete pairs;
* ``effect_size`` is Cohen's d of the differences (d_z): mean(after − before) / sd(after − before, ddof=1);
* its 95 % confidence interval is exact under normal differences: the noncentral t distribution with
  n − 1 degrees of freedom is inverted at the observed t = d·√n (the two noncentrality parameters for which
  the observed t is the 97.5th and the 2.5th percentile), divided by √n;
* ``p_value`` is the two-sided Wilcoxon signed-rank test (``scipy.stats.wilcoxon``, zero differences dropped
  as Wilcoxon proposed; the exact or normal-approximation method is SciPy's automatic choice); all
  differences zero → p = 1;
* with fewer than 5 pairs nothing is concluded: p, d and the interval are None;
* the verdict is «заметный рост» / «заметное снижение» when p < 0.05, else «изменение в пределах случайного».

When all differences are equal and non-zero d is infinite: it is reported as None (no interval), while the
Wilcoxon p-value still speaks. No value is ever NaN or infinite, so the dict goes to JSON as is.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import optimize, stats

MIN_PAIRS = 5
ALPHA = 0.05


def gettext_noop(message: str) -> str:
    """Marks a message id for `makemessages` (it looks for this name) without importing Django: the verdicts
    stay Russian in data and documents, and pages translate them."""
    return message


VERDICT_GROWTH = gettext_noop("заметный рост")
VERDICT_DECLINE = gettext_noop("заметное снижение")
VERDICT_CHANCE = gettext_noop("изменение в пределах случайного")
VERDICT_TOO_FEW = gettext_noop("мало данных для вывода (меньше 5 пар)")
VERDICTS = (VERDICT_GROWTH, VERDICT_DECLINE, VERDICT_CHANCE, VERDICT_TOO_FEW)


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _complete_pairs(
    before: Sequence[float | None], after: Sequence[float | None]
) -> tuple[np.ndarray, np.ndarray]:
    if len(before) != len(after):
        raise ValueError("before and after must have the same length")
    kept = [
        (float(b), float(a))
        for b, a in zip(before, after, strict=True)
        if b is not None and a is not None and math.isfinite(float(b)) and math.isfinite(float(a))
    ]
    if not kept:
        return np.empty(0), np.empty(0)
    pairs = np.array(kept, dtype=float)
    return pairs[:, 0], pairs[:, 1]


def wilcoxon_p(diff: np.ndarray) -> float:
    """Two-sided Wilcoxon signed-rank p-value of the differences; 1.0 when every difference is zero."""
    if not np.any(diff != 0):
        return 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "exact p-value unavailable with ties": SciPy falls back, we accept
        result = stats.wilcoxon(diff, zero_method="wilcox", alternative="two-sided")
    p = float(result.pvalue)
    return p if math.isfinite(p) else 1.0


def cohens_d_ci(d: float, n: int, level: float = 0.95) -> tuple[float | None, float | None]:
    """Confidence interval of Cohen's d_z by inverting the noncentral t distribution (df = n − 1)."""
    df = n - 1
    t_obs = d * math.sqrt(n)
    upper_tail = (1 + level) / 2  # 0.975
    lower_tail = (1 - level) / 2  # 0.025

    def solve(target: float) -> float | None:
        def f(ncp: float) -> float:
            return float(stats.nct.cdf(t_obs, df, ncp)) - target

        span = max(10.0, abs(t_obs) * 2 + 10)
        lo, hi = t_obs - span, t_obs + span
        try:
            if f(lo) * f(hi) > 0:
                return None
            return float(optimize.brentq(f, lo, hi, xtol=1e-10))
        except (ValueError, RuntimeError):
            return None

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ncp_low = solve(upper_tail)
        ncp_high = solve(lower_tail)
    low = None if ncp_low is None else ncp_low / math.sqrt(n)
    high = None if ncp_high is None else ncp_high / math.sqrt(n)
    return _finite(low), _finite(high)


def paired_change(before: Sequence[float | None], after: Sequence[float | None]) -> dict[str, Any]:
    """The paired change of one measure: n, means, mean change, d with its 95 % CI, Wilcoxon p, verdict."""
    b, a = _complete_pairs(before, after)
    n = int(b.size)
    result: dict[str, Any] = {
        "n": n,
        "mean_before": _finite(b.mean()) if n else None,
        "mean_after": _finite(a.mean()) if n else None,
        "mean_change": _finite((a - b).mean()) if n else None,
        "effect_size": None,
        "ci_low": None,
        "ci_high": None,
        "p_value": None,
        "conclusive": False,
        "verdict": VERDICT_TOO_FEW,
    }
    if n < MIN_PAIRS:
        return result
    diff = a - b
    p = wilcoxon_p(diff)
    sd = float(diff.std(ddof=1))
    mean = float(diff.mean())
    if sd > 0 and math.isfinite(sd):
        d = mean / sd
        result["effect_size"] = _finite(d)
        result["ci_low"], result["ci_high"] = cohens_d_ci(d, n)
    elif mean == 0:
        result["effect_size"] = 0.0
    conclusive = p < ALPHA and mean != 0
    result["p_value"] = p
    result["conclusive"] = conclusive
    if conclusive:
        result["verdict"] = VERDICT_GROWTH if mean > 0 else VERDICT_DECLINE
    else:
        result["verdict"] = VERDICT_CHANCE
    return result
