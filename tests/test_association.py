"""Association measures against peer outputs (UCS, CQPweb Log Ratio gold, NLTK, scipy) and
published worked examples. Every expected value comes from another tool or a publication."""

from __future__ import annotations

import math
from decimal import Decimal, getcontext
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from corpus_tools.association import MEASURES, contingency, score

LOG10_2 = math.log10(2)
LN10 = math.log(10)

EXPECTED_KEYS = [
    "mi", "mi2", "mi3", "local_mi", "t", "z", "z_yates", "g2", "simple_ll", "chi2", "chi2_yates",
    "dice", "log_dice", "log_dice_span", "jaccard", "ms", "gmean", "poisson_stirling", "odds_ratio", "relative_risk",
    "average_mi", "delta_p", "delta_p_rev", "log_ratio", "fisher", "poisson",
]  # fmt: skip


@pytest.fixture(scope="module")
def ucs(oracles_dir: Path) -> pd.DataFrame:
    return pd.read_csv(oracles_dir / "ucs-gold-100.ds", sep="\t", comment="#")


def test_registry_has_exactly_the_issue_keys():
    assert list(MEASURES) == EXPECTED_KEYS


# --- UCS gold (Evert's toolkit), all 94 pairs ------------------------------------------------
# (UCS column, our measure, factor turning ours into UCS's units)
UCS_COLUMNS = [
    ("am.MI", "mi", LOG10_2),  # UCS writes log10, we log2
    ("am.MI2", "mi2", LOG10_2),
    ("am.MI3", "mi3", LOG10_2),
    ("am.local.MI", "local_mi", LOG10_2),
    ("am.t.score", "t", 1.0),
    ("am.z.score", "z", 1.0),
    ("am.z.score.corr", "z_yates", 1.0),
    ("am.log.likelihood", "g2", 1.0),
    ("am.simple.ll", "simple_ll", 1.0),
    ("am.chi.squared", "chi2", 1.0),
    ("am.chi.squared.corr", "chi2_yates", 1.0),
    ("am.Dice", "dice", 1.0),
    ("am.Jaccard", "jaccard", 1.0),
    ("am.MS", "ms", 1.0),
    ("am.gmean", "gmean", 1.0),
    ("am.Poisson.Stirling", "poisson_stirling", 1 / LN10),  # natural log vs UCS log10
    ("am.odds.ratio.disc", "odds_ratio", LOG10_2),
    ("am.relative.risk", "relative_risk", LOG10_2),
    ("am.average.MI", "average_mi", LOG10_2),
    ("am.Fisher.pv", "fisher", 1.0),
    ("am.Poisson.pv", "poisson", 1.0),
]


def test_ucs_gold_covers_every_am_column(ucs):
    am = {c for c in ucs.columns if c.startswith("am.")}
    assert am - {c for c, _, _ in UCS_COLUMNS} == {"am.random", "am.frequency", "am.odds.ratio"}


@pytest.mark.parametrize(
    ("column", "measure", "factor"), UCS_COLUMNS, ids=[f"{m}-ucs-{c}" for c, m, _ in UCS_COLUMNS]
)
def test_ucs_gold(ucs, column, measure, factor):
    ours = MEASURES[measure](ucs["f"], ucs["f1"], ucs["f2"], ucs["N"]) * factor
    gold = ucs[column].to_numpy(dtype=float)
    # UCS sums the four G² terms O·log(O/E) naively: its own absolute rounding error is about
    # N·ε ≈ 1e-11 (5.8e-9 relative on the pair with G² = 0.0019). Ours agrees to 1e-15 with the
    # exact value (test_g2_exact_decimal), so an absolute slack of 2e-11 covers UCS's rounding.
    atol = 2e-11 if measure in ("g2", "average_mi") else 0.0
    np.testing.assert_allclose(ours, gold, rtol=1e-9, atol=atol)


def test_log_dice_from_ucs_dice(ucs):
    ours = MEASURES["log_dice"](ucs["f"], ucs["f1"], ucs["f2"], ucs["N"])
    np.testing.assert_allclose(ours, 14 + np.log2(ucs["am.Dice"]), rtol=1e-9)


def _g2_decimal(o11: int, r1: int, c1: int, n: int) -> Decimal:
    getcontext().prec = 50
    cells = [
        (o11, Decimal(r1) * c1 / n),
        (r1 - o11, Decimal(r1) * (n - c1) / n),
        (c1 - o11, Decimal(n - r1) * c1 / n),
        (n - r1 - c1 + o11, Decimal(n - r1) * (n - c1) / n),
    ]
    return 2 * sum((Decimal(o) * (Decimal(o) / e).ln() for o, e in cells if o > 0), Decimal(0))


def test_g2_exact_decimal(ucs):
    """50-digit Decimal arithmetic as the referee between float implementations."""
    rows = ucs[["f", "f1", "f2", "N"]].astype(int).itertuples(index=False, name=None)
    exact = np.array([float(_g2_decimal(*r)) for r in rows])
    ours = np.abs(MEASURES["g2"](ucs["f"], ucs["f1"], ucs["f2"], ucs["N"]))
    np.testing.assert_allclose(ours, exact, rtol=1e-12)


# --- CQPweb / Hardie Log Ratio gold ---------------------------------------------------------


def test_log_ratio_gold(oracles_dir: Path):
    gold = pd.read_csv(oracles_dir / "log-ratio-gold.tsv", sep="\t")
    ours = MEASURES["log_ratio"](gold["f"], gold["f1"], gold["f2"], gold["N"])
    np.testing.assert_allclose(ours, gold["lr"], rtol=1e-9)


@pytest.mark.parametrize(
    ("o11", "c1", "expected"),
    [
        pytest.param(15, 18, 9.181834, id="lr-cqpweb-eingebrachten"),
        pytest.param(1189, 2157, 7.156576, id="lr-cqpweb-eingebracht"),
        pytest.param(1178, 4564, 5.336664, id="lr-cqpweb-Entwurf"),
    ],
)
def test_log_ratio_cqpweb_printed(o11, c1, expected):
    # PUBLISHED.md §3.5: N = 19,720,567, R1 = 168,329 tokens in the node windows
    assert float(MEASURES["log_ratio"](o11, 168_329, c1, 19_720_567)) == pytest.approx(
        expected, abs=5e-7
    )


# --- published worked examples ----------------------------------------------------------------


def _marginals(call: str) -> tuple[int, int, int, int]:
    """``f(n_ii,(n_ix,n_xi),N)`` → (o11, r1, c1, n)."""
    nums = [
        int(x)
        for x in call[call.index("(") :]
        .replace("(", " ")
        .replace(")", " ")
        .replace(",", " ")
        .split()
    ]
    return nums[0], nums[1], nums[2], nums[3]


NLTK_DOCTEST = {"student_t": "t", "chi_sq": "chi2", "likelihood_ratio": "g2", "pmi": "mi"}


def test_nltk_doctest_values(published):
    """nltk/test/collocations.doctest (Manning & Schütze 5.3–5.4, Dunning 1993), 6 decimals."""
    checked = 0
    for call, expected in published["nltk_doctest"].items():
        name = call.split("(")[0]
        if name.startswith("ContingencyMeasures."):
            o11, o12, o21, o22 = _marginals(call)
            args = (o11, o11 + o12, o11 + o21, o11 + o12 + o21 + o22)
            name = name.split(".")[1]
        else:
            args = _marginals(call)
        value = float(MEASURES[NLTK_DOCTEST[name]](*args))
        if name in ("chi_sq", "likelihood_ratio"):
            value = abs(value)  # NLTK drops the sign
        assert value == pytest.approx(expected, abs=5e-7), call
        checked += 1
    assert checked == 10


@pytest.mark.parametrize(
    ("measure", "args", "expected"),
    [
        pytest.param("g2", (10, 10, 13, 31777), 167.229804, id="g2-dunning1993-p72"),
        pytest.param("mi", (8, 1105, 44, 15_000_000), 11.269197, id="mi-church-hanks1990-p24"),
        pytest.param("ms", (17, 257, 1018, 1_300_000), 0.016699, id="ms-pedersen-bruce1996-p12"),
        pytest.param(
            "delta_p", (5610, 174548, 7867, 10409868), 0.031920, id="deltap-gries2013-p144"
        ),
        pytest.param(
            "delta_p_rev", (5610, 174548, 7867, 10409868), 0.696864, id="deltap-rev-gries2013-p144"
        ),
        pytest.param("chi2_yates", (1, 4, 4, 8), -0.5, id="chi2-yates-pedersen1996-signed"),
        pytest.param("mi", (2, 3, 3, 9), 1.0, id="mi-quanteda-capital-other"),
        pytest.param("chi2", (2, 3, 3, 9), 2.25, id="chi2-quanteda-capital-other"),
        pytest.param("g2", (2, 3, 3, 9), 2.231436, id="g2-quanteda-capital-other"),
        pytest.param("dice", (2, 3, 3, 9), 0.666667, id="dice-quanteda-capital-other"),
    ],
)
def test_published_2x2(measure, args, expected):
    assert float(MEASURES[measure](*args)) == pytest.approx(expected, abs=5e-7)


def test_phi_squared_church_gale1991():
    # phi² = chi² / N; cells 31950, 12004, 4793, 848330 (Church & Gale 1991 p.12: 0.62)
    o11, o12, o21, o22 = 31950, 12004, 4793, 848330
    n = o11 + o12 + o21 + o22
    assert float(MEASURES["chi2"](o11, o11 + o12, o11 + o21, n)) / n == pytest.approx(
        0.617126, abs=5e-7
    )


# --- NLTK BigramAssocMeasures run here -------------------------------------------------------


def _tables(ucs: pd.DataFrame) -> list[tuple[int, int, int, int]]:
    rows = [tuple(int(x) for x in r) for r in ucs[["f", "f1", "f2", "N"]].itertuples(index=False)]
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(50, 10**7))
        r1, c1 = (int(x) for x in rng.integers(1, n // 2, 2))
        rows.append((int(rng.integers(1, min(r1, c1) + 1)), r1, c1, n))
    return rows


def test_nltk_bigram_measures_agree(ucs):
    """Where definitions agree, NLTK's scores equal ours given the same (n_ii, (n_ix, n_xi), N).

    Differences, each checked below: chi_sq and likelihood_ratio drop the sign; poisson_stirling
    is ``O11·(log2(O11/E11) − 1)`` (log2, −1 outside), ours Evert's ``O11·(ln O11 − ln E11 − 1)``;
    fisher is the *left* tail p = P(X ≤ O11), ours −log10 of the right tail P(X ≥ O11);
    phi_sq = χ²/N. (Marginals: NLTK's finders use unigram counts and the token count; that is a
    counting difference, see tests/test_collocations.py.)
    """
    from nltk.metrics import BigramAssocMeasures as B

    rows = _tables(ucs)
    o11, r1, c1, n = (np.array(x, dtype=np.float64) for x in zip(*rows, strict=True))

    def nltk(fn):
        return np.array([fn(a, (b, c), d) for a, b, c, d in rows])

    ours = score(o11, r1, c1, n, tuple(MEASURES))
    np.testing.assert_allclose(nltk(B.pmi), ours["mi"], rtol=1e-9)
    np.testing.assert_allclose(nltk(B.student_t), ours["t"], rtol=1e-9)
    np.testing.assert_allclose(nltk(B.dice), ours["dice"], rtol=1e-9)
    np.testing.assert_allclose(nltk(B.jaccard), ours["jaccard"], rtol=1e-9)
    np.testing.assert_allclose(nltk(B.chi_sq), np.abs(ours["chi2"]), rtol=1e-9)
    np.testing.assert_allclose(nltk(B.phi_sq), np.abs(ours["chi2"]) / n, rtol=1e-9)
    # NLTK sums the G² terms naively (absolute error ≈ N·ε); 1e-9 relative plus that slack
    np.testing.assert_allclose(
        nltk(B.likelihood_ratio), np.abs(ours["g2"]), rtol=1e-9, atol=n.max() * 1e-15
    )
    np.testing.assert_allclose(nltk(B.poisson_stirling), o11 * (ours["mi"] - 1), rtol=1e-9)


def test_nltk_fisher_is_the_other_tail(ucs):
    from nltk.metrics import BigramAssocMeasures as B

    for a, b, c, d in _tables(ucs)[:60]:
        left = B.fisher(a, (b, c), d)  # P(X <= a)
        # P(X >= a + 1); zero when a is already the largest possible count
        right_of_next = 10 ** -float(MEASURES["fisher"](a + 1, b, c, d)) if a < min(b, c) else 0.0
        assert left == pytest.approx(1 - right_of_next, rel=1e-9, abs=1e-12)


# --- scipy exact tests -------------------------------------------------------------------------


def test_scipy_fisher_exact():
    from scipy.stats import fisher_exact

    rng = np.random.default_rng(3)
    rows = [(1, 4, 4, 8)]  # Pedersen 1996: right-tail p = 0.985714
    for _ in range(100):
        n = int(rng.integers(20, 5000))
        r1, c1 = (int(x) for x in rng.integers(1, n, 2))
        lo, hi = max(0, r1 + c1 - n), min(r1, c1)
        rows.append((int(rng.integers(lo, hi + 1)), r1, c1, n))
    for o11, r1, c1, n in rows:
        table = [[o11, r1 - o11], [c1 - o11, n - r1 - c1 + o11]]
        p = fisher_exact(table, alternative="greater").pvalue
        if p == 0:  # scipy underflows below 1e-308; test_deep_tails_stay_finite covers those
            continue
        assert float(MEASURES["fisher"](o11, r1, c1, n)) == pytest.approx(
            -math.log10(p), rel=1e-9, abs=1e-12
        )
    assert 10 ** -float(MEASURES["fisher"](1, 4, 4, 8)) == pytest.approx(0.985714, abs=5e-7)


def test_scipy_poisson():
    from scipy.stats import poisson

    rng = np.random.default_rng(4)
    for _ in range(100):
        n = int(rng.integers(100, 10**6))
        r1, c1 = (int(x) for x in rng.integers(1, n // 3, 2))
        o11 = int(rng.integers(0, min(r1, c1) + 1))
        p = poisson.sf(o11 - 1, r1 * c1 / n)
        if p == 0:  # scipy underflows below 1e-308; test_deep_tails_stay_finite covers those
            continue
        assert float(MEASURES["poisson"](o11, r1, c1, n)) == pytest.approx(
            -math.log10(p), rel=1e-9, abs=1e-12
        )


# --- edge cases ---------------------------------------------------------------------------------


def test_deep_tails_stay_finite():
    """p far below 1e-308: closed forms with math.lgamma as the independent reference."""
    k, n = 5000, 10**7
    # O11 = R1 = C1 = k: P(X >= k) = P(X = k) = 1 / C(n, k)
    expected = (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / LN10
    assert float(MEASURES["fisher"](k, k, k, n)) == pytest.approx(expected, rel=1e-9)
    # Poisson: k = 1000, mu = E11 = 0.5 → P(X >= k) = e^-mu mu^k / k! · Σ_j mu^j k!/(k+j)!
    k, mu = 1000, 0.5
    series, term, j = 1.0, 1.0, 0
    while term > 1e-18:
        j += 1
        term *= mu / (k + j)
        series += term
    expected = -(-mu + k * math.log(mu) - math.lgamma(k + 1) + math.log(series)) / LN10
    assert float(MEASURES["poisson"](k, 1000, 1000, 2_000_000)) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("name", EXPECTED_KEYS)
def test_huge_counts_no_overflow(name):
    # 10^12 co-occurrences in a 10^15-token sample: every score finite (no overflow, no NaN)
    o11, r1, c1, n = 10**12, 3 * 10**12, 2 * 10**12, 10**15
    value = MEASURES[name](np.array([o11, 10]), np.array([r1, 10**6]), np.array([c1, 10**6]), n)
    assert np.isfinite(value).all()


def test_zero_and_degenerate_cells():
    # o11 = 0 with positive marginals: limits, never NaN
    v = {k: float(f(0, 10, 20, 1000)) for k, f in MEASURES.items()}
    assert v["mi"] == -np.inf
    assert v["mi2"] == -np.inf
    assert v["log_dice"] == -np.inf
    assert v["t"] == -np.inf  # (0 - E11)/sqrt(0)
    assert v["local_mi"] == 0.0
    assert v["poisson_stirling"] == 0.0
    assert v["simple_ll"] == pytest.approx(-2 * 0.2)  # −2·E11
    assert v["fisher"] == 0.0
    assert v["poisson"] == 0.0
    assert v["g2"] < 0
    assert v["chi2"] < 0
    # Hardie's 0 → 0.5 would give log2((0.5/10)/(20/990)) = +1.31 for a repelled pair (G² < 0);
    # Log Ratio keeps the sign of G², so it is 0 here
    assert math.log2((0.5 / 10) / (20 / 990)) > 0
    assert v["log_ratio"] == 0.0
    w = float(MEASURES["log_ratio"](0, 10, 20, 100))  # 0.5/10 < 20/90: the 0.5 agrees with G²
    assert w == pytest.approx(math.log2((0.5 / 10) / (20 / 90)))
    assert all(not math.isnan(x) for x in v.values())
    # N = 1, one token that is both node span and collocate: a table with empty row 2 and column 2
    one = {k: float(f(1, 1, 1, 1)) for k, f in MEASURES.items()}
    assert one["mi"] == 0.0
    assert one["g2"] == 0.0
    assert one["dice"] == 1.0
    assert one["log_dice"] == 14.0
    undefined = {k for k, x in one.items() if math.isnan(x)}  # 0/0: documented in each docstring
    assert undefined == {
        "chi2",
        "chi2_yates",
        "delta_p",
        "delta_p_rev",
        "relative_risk",
        "log_ratio",
    }
    # zero marginals: E11 = 0 makes O/E and (O-E)/sqrt(E) 0/0
    zero = {k: float(f(0, 0, 5, 10)) for k, f in MEASURES.items()}
    assert math.isnan(zero["mi"])
    assert math.isnan(zero["z"])
    assert zero["g2"] == 0.0


def test_impossible_tables_are_nan():
    # O11 > R1, negative cells, N = 0: NaN for every measure, and no warning (pytest: error).
    # Rychlý's log_dice takes the node frequency as R1, which a window count may exceed
    # (a node with the collocate twice in its span): only its own impossible inputs are NaN.
    for args in [(5, 3, 10, 100), (1, 60, 60, 100), (0, 0, 0, 0), (-1, 5, 5, 10)]:
        for name, f in MEASURES.items():
            if name != "log_dice":
                assert math.isnan(float(f(*args))), (name, args)
    for args in [(11, 3, 10, 100), (0, 0, 0, 0), (-1, 5, 5, 10), (1, 2, 3, np.inf)]:
        assert math.isnan(float(MEASURES["log_dice"](*args))), args
    assert float(MEASURES["log_dice"](5, 3, 10, 100)) == pytest.approx(14 + math.log2(10 / 13))


def test_two_log_dice_definitions_hand_worked():
    # Rychlý (2008): f_xy = 6, f_x (node) = 20, f_y = 40 → 14 + log2(12/60) = 11.678072
    assert float(MEASURES["log_dice"](6, 20, 40, 10_000)) == pytest.approx(11.678072, abs=1e-6)
    # the span form with a ±5 window: R1 = 200 span slots → 14 + log2(12/240) = 9.678072
    assert float(MEASURES["log_dice_span"](6, 200, 40, 10_000)) == pytest.approx(9.678072, abs=1e-6)


def test_contingency_cells():
    cells = contingency(2, 3, 4, 10)
    assert [float(cells[k]) for k in ("o11", "o12", "o21", "o22", "r2", "c2")] == [2, 1, 2, 5, 7, 6]
    assert float(cells["e11"]) == pytest.approx(1.2)


def test_score_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown association measure"):
        score(1, 2, 3, 10, ("g2", "llr"))
