"""paired_change agrees with scipy.stats and never returns NaN, whatever the data (ties, zeros, constants)."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from nastavnik.monitoring.stats import (
    VERDICT_CHANCE,
    VERDICT_DECLINE,
    VERDICT_GROWTH,
    VERDICT_TOO_FEW,
    VERDICTS,
    cohens_d_ci,
    paired_change,
)

values = st.one_of(st.none(), st.integers(0, 10).map(float), st.floats(-1e3, 1e3, allow_nan=False))
pairs = st.lists(st.tuples(values, values), max_size=40)


@given(pairs)
@settings(max_examples=200, deadline=None)
def test_agrees_with_scipy_and_is_json_safe(rows):
    before = [b for b, _ in rows]
    after = [a for _, a in rows]
    result = paired_change(before, after)
    json.dumps(result, allow_nan=False)  # no NaN, no infinity
    kept = [(b, a) for b, a in rows if b is not None and a is not None]
    assert result["n"] == len(kept)
    assert result["verdict"] in VERDICTS
    if len(kept) < 5:
        assert result["p_value"] is None and result["effect_size"] is None and result["ci_low"] is None
        assert result["conclusive"] is False and result["verdict"] == VERDICT_TOO_FEW
        return
    b = np.array([x for x, _ in kept])
    a = np.array([y for _, y in kept])
    diff = a - b
    assert result["mean_change"] == pytest.approx(diff.mean(), abs=1e-9)
    if np.any(diff != 0):
        expected_p = sps.wilcoxon(a, b).pvalue
        if math.isfinite(expected_p):
            assert result["p_value"] == pytest.approx(expected_p)
    else:
        assert result["p_value"] == 1.0
    sd = diff.std(ddof=1)
    if sd > 0:
        assert result["effect_size"] == pytest.approx(diff.mean() / sd)
        if result["ci_low"] is not None and result["ci_high"] is not None:
            assert result["ci_low"] <= result["effect_size"] <= result["ci_high"]
    if result["conclusive"]:
        assert result["p_value"] < 0.05
        assert result["verdict"] == (VERDICT_GROWTH if result["mean_change"] > 0 else VERDICT_DECLINE)
    else:
        assert result["verdict"] == VERDICT_CHANCE


def test_missing_values_drop_the_pair():
    result = paired_change([1, None, 3, 4, 5, 6], [2, 5, None, 5, 6, 7])
    assert result["n"] == 4 and result["verdict"] == VERDICT_TOO_FEW
    assert result["mean_before"] == 4.0 and result["mean_after"] == 5.0


def test_clear_growth_is_conclusive():
    before = [3, 3.5, 4, 3.2, 3.8, 3.1, 3.6, 4.1, 3.3, 3.9]
    after = [x + 0.5 + 0.1 * (i % 3) for i, x in enumerate(before)]
    result = paired_change(before, after)
    assert result["conclusive"] and result["verdict"] == VERDICT_GROWTH
    assert result["ci_low"] > 0


def test_clear_decline_and_noise():
    before = list(range(10))
    assert paired_change(before, [x - 1 - (x % 2) for x in before])["verdict"] == VERDICT_DECLINE
    noise = paired_change([5, 6, 5, 6, 5, 6], [6, 5, 6, 5, 5, 6])
    assert noise["verdict"] == VERDICT_CHANCE and not noise["conclusive"]


def test_constant_differences_give_no_infinite_effect():
    result = paired_change([1, 2, 3, 4, 5, 6, 7], [2, 3, 4, 5, 6, 7, 8])
    assert result["effect_size"] is None and result["ci_low"] is None
    assert result["p_value"] == pytest.approx(sps.wilcoxon([1] * 7).pvalue)
    json.dumps(result, allow_nan=False)


def test_all_equal_is_no_change():
    result = paired_change([4] * 6, [4] * 6)
    assert result["p_value"] == 1.0 and result["effect_size"] == 0.0 and not result["conclusive"]


def test_ci_is_the_noncentral_t_inversion():
    # At the lower bound the observed t is the 97.5th percentile of the noncentral t (and the upper: 2.5th).
    d, n = 0.8, 12
    low, high = cohens_d_ci(d, n)
    t = d * math.sqrt(n)
    assert sps.nct.cdf(t, n - 1, low * math.sqrt(n)) == pytest.approx(0.975, abs=1e-6)
    assert sps.nct.cdf(t, n - 1, high * math.sqrt(n)) == pytest.approx(0.025, abs=1e-6)


def test_lengths_must_match():
    with pytest.raises(ValueError):
        paired_change([1, 2], [1])
