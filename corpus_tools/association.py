r"""Association measures: pure, vectorised functions of a 2×2 contingency table.

Counting and scoring are separate (Evert 2008): :mod:`corpus_tools.collocations` counts, the
functions here only ever see the four numbers of the *frequency signature* of each pair.
Every measure takes numpy arrays (or scalars, broadcast together) ``o11, r1, c1, n`` and returns
a float64 array of the broadcast shape. They are registered in :data:`MEASURES` under the names
users type (``"g2"``, ``"log_dice"``, ``"mi"`` ...).

Notation (Evert 2008, §5.1; Evert 2004, ch. 2)::

                 w2 (col 1)    ¬w2 (col 2)
    w1 (row 1)     O11           O12         R1 = O11 + O12
    ¬w1 (row 2)    O21           O22         R2 = N − R1
                 C1 = O11+O21  C2 = N − C1   N

    O12 = R1 − O11,   O21 = C1 − O11,   O22 = N − R1 − C1 + O11
    Eij = Ri · Cj / N           (expected frequencies under independence; E11 = R1·C1/N)
    D   = O11 − E11 = (O11·O22 − O12·O21) / N   (every cell deviates from its expectation by ±D)

For window-based (surface) co-occurrence R1 is the number of tokens in the node's spans, C1 the
corpus frequency of the collocate and N the corpus size (see :func:`~corpus_tools.collocations.cooccurrences`).

Conventions
-----------
* **Log bases.** Information-theoretic measures use log2 (``mi``, ``mi2``, ``mi3``, ``local_mi``,
  ``log_dice``, ``odds_ratio``, ``relative_risk``, ``average_mi``, ``log_ratio``); the
  likelihood statistics ``g2``, ``simple_ll`` and ``poisson_stirling`` keep the natural log of
  their definitions; ``fisher`` and ``poisson`` are −log10 p. UCS (Evert's toolkit) writes the
  log-based measures in log10: ``UCS = ours · log10(2)`` for the log2 measures and
  ``UCS = ours / ln(10)`` for ``poisson_stirling``.
* **Two logDice.** ``log_dice`` is Rychlý's (2008) logDice with R1 = the node's frequency
  (Sketch Engine, #LancsBox; see :data:`NODE_FREQUENCY_MEASURES`); ``log_dice_span`` is the same
  formula on the 2×2 table, whose R1 is the window span (lower by about log2 of the span width).
* **Signs.** ``g2``, ``simple_ll``, ``chi2`` and ``chi2_yates`` are two-sided statistics made
  one-sided by a sign: negative when O11 < E11 (repulsion), as in UCS. ``average_mi`` is unsigned.
* **Limits.** ``0 · log 0 = 0`` (``local_mi``, ``g2``, ``average_mi``, ``poisson_stirling``,
  ``simple_ll``). A logarithm of a zero ratio is ``-inf`` (``mi`` with O11 = 0) and a ratio with
  a zero denominator and a positive numerator is ``+inf``; these are the limits of the formulas,
  not errors.
* **NaN** means the measure is undefined for that table, never an overflow: (a) the table is
  impossible (a negative cell, N ≤ 0, or a non-finite input), or (b) the formula is 0/0, which
  happens only when a marginal the measure divides by is zero (e.g. ``mi``/``z`` with R1 = 0 or
  C1 = 0, so E11 = 0; ``chi2`` or ``delta_p`` with R2 = 0 or C2 = 0 — a 2×2 table with an empty
  row or column has no association to measure).
* **Huge counts.** Everything is float64; products are formed from marginals (never factorials)
  and the likelihood terms use ``log1p(±D/Eij)``, so N up to 10^15 neither overflows nor loses
  the small G² values to cancellation.

References
----------
Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and lexicography.
Computational Linguistics 16(1).
Daille, B. (1994). Approche mixte pour l'extraction automatique de terminologie. PhD, Paris 7.
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
Computational Linguistics 19(1).
Evert, S. (2004). The Statistics of Word Cooccurrences: Word Pairs and Collocations. PhD,
Stuttgart (UCS toolkit, http://www.collocations.de).
Evert, S. (2008). Corpora and collocations. In Lüdeling & Kytö (eds.), Corpus Linguistics. An
International Handbook, article 58. Mouton de Gruyter.
Gries, S. Th. (2013). 50-something years of work on collocations. IJCL 18(1).
Hardie, A. (2014). Log Ratio – an informal introduction. CASS blog / CQPweb.
Pedersen, T. & Bruce, R. (1996). What to infer from a description. Tech. report, SMU.
Rychlý, P. (2008). A lexicographer-friendly association score. RASLAN 2008.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "MEASURES",
    "NODE_FREQUENCY_MEASURES",
    "average_mi",
    "check_measures",
    "chi2",
    "chi2_yates",
    "contingency",
    "delta_p",
    "delta_p_rev",
    "dice",
    "fisher",
    "g2",
    "gmean",
    "jaccard",
    "local_mi",
    "log_dice",
    "log_dice_span",
    "log_ratio",
    "mi",
    "mi2",
    "mi3",
    "ms",
    "odds_ratio",
    "poisson",
    "poisson_stirling",
    "relative_risk",
    "score",
    "simple_ll",
    "t",
    "z",
    "z_yates",
]

Array = NDArray[np.float64]
_LN2 = np.log(2.0)
_LN10 = np.log(10.0)


class _Table:
    """The full 2×2 table derived from (o11, r1, c1, n), as float64 arrays.

    Cells and expectations are computed on first use (each measure needs only some of them).
    """

    def __init__(self, o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> None:
        o11, r1, c1, n = np.broadcast_arrays(
            *(np.asarray(x, dtype=np.float64) for x in (o11, r1, c1, n))
        )
        self.o11, self.r1, self.c1, self.n = o11, r1, c1, n

    @cached_property
    def r2(self) -> Array:
        return self.n - self.r1

    @cached_property
    def c2(self) -> Array:
        return self.n - self.c1

    @cached_property
    def o12(self) -> Array:
        return self.r1 - self.o11

    @cached_property
    def o21(self) -> Array:
        return self.c1 - self.o11

    @cached_property
    def o22(self) -> Array:
        return self.r2 - self.o21

    def _div(self, a: Array, b: Array) -> Array:
        with np.errstate(all="ignore"):
            return a * b / self.n

    @cached_property
    def e11(self) -> Array:
        return self._div(self.r1, self.c1)

    @cached_property
    def e12(self) -> Array:
        return self._div(self.r1, self.c2)

    @cached_property
    def e21(self) -> Array:
        return self._div(self.r2, self.c1)

    @cached_property
    def e22(self) -> Array:
        return self._div(self.r2, self.c2)

    @cached_property
    def d(self) -> Array:
        # D = O11 − E11 formed from integers-as-floats (exact up to 2**53) before dividing
        with np.errstate(all="ignore"):
            return (self.o11 * self.n - self.r1 * self.c1) / self.n

    @cached_property
    def bad(self) -> NDArray[np.bool_]:
        o11, r1, c1, n = self.o11, self.r1, self.c1, self.n
        with np.errstate(invalid="ignore"):
            # a negative cell: O11 < 0, O11 > R1, O11 > C1 or O22 < 0
            bad = (o11 < 0) | (o11 > r1) | (o11 > c1) | (self.o22 < 0) | ~(n > 0)
        return bad | ~np.isfinite(o11 + r1 + c1 + n)

    def out(self, values: Array) -> Array:
        """Mask impossible tables with NaN and return a float64 array."""
        values = np.asarray(values, dtype=np.float64)
        bad = self.bad
        if bad.any():
            return np.where(bad, np.nan, values)
        return values


def contingency(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> dict[str, Array]:
    """All cells, marginals and expected frequencies of the 2×2 table.

    Returns
    -------
    dict with float64 arrays ``o11, o12, o21, o22, r1, r2, c1, c2, n, e11, e12, e21, e22``
    (NaN rows where the table is impossible: a negative cell or N ≤ 0).
    """
    tb = _Table(o11, r1, c1, n)
    keys = ("o11", "o12", "o21", "o22", "r1", "r2", "c1", "c2", "n", "e11", "e12", "e21", "e22")
    return {k: tb.out(getattr(tb, k)) for k in keys}


def _olog(o: Array, ratio_minus_one: Array) -> Array:
    """``o · ln(o/e)`` written as ``o · log1p((o − e)/e)``, with ``0 · ln 0 = 0``."""
    return np.where(o > 0, o * np.log1p(ratio_minus_one), 0.0)


def _g2_unsigned(tb: _Table) -> Array:
    d = tb.d
    total = (
        _olog(tb.o11, d / tb.e11)
        + _olog(tb.o12, -d / tb.e12)
        + _olog(tb.o21, -d / tb.e21)
        + _olog(tb.o22, d / tb.e22)
    )
    return np.abs(2.0 * total)


# --- information-theoretic point estimates --------------------------------------------------


def mi(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Pointwise mutual information, log2 (Church & Hanks 1990; Evert 2008).

    ``MI = log2(O11 / E11)``. O11 = 0 → −inf; E11 = 0 (R1 or C1 = 0) → NaN.
    UCS ``am.MI`` = MI · log10(2).
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(np.log2(tb.o11 / tb.e11))


def mi2(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """MI², log2 (Daille 1994): ``log2(O11² / E11)``. O11 = 0 → −inf; E11 = 0 → NaN."""
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(np.log2(tb.o11) + np.log2(tb.o11 / tb.e11))


def mi3(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """MI³, log2 (Daille 1994): ``log2(O11³ / E11)``. O11 = 0 → −inf; E11 = 0 → NaN."""
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(2.0 * np.log2(tb.o11) + np.log2(tb.o11 / tb.e11))


def local_mi(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Local MI, log2 (Evert 2004): ``O11 · log2(O11 / E11)``, 0 when O11 = 0 (0 · log 0 = 0)."""
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        val = np.where(tb.o11 > 0, tb.o11 * np.log2(tb.o11 / tb.e11), 0.0)
        return tb.out(np.where(tb.e11 > 0, val, np.nan))


def average_mi(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Average MI, log2, unsigned (Evert 2004, UCS ``am.average.MI``).

    ``Σij Oij · log2(Oij / Eij) = G² / (2 ln 2)`` (0 · log 0 = 0). The name is historical: the
    sum is not divided by N. UCS ``am.average.MI`` = average_mi · log10(2).
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(_g2_unsigned(tb) / (2.0 * _LN2))


# --- significance statistics ------------------------------------------------------------------


def t(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """t-score (Church et al. 1991; Evert 2008): ``(O11 − E11) / √O11``.

    O11 = 0 with E11 > 0 → −inf (the limit); O11 = E11 = 0 → NaN. Equals NLTK ``student_t``.
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(tb.d / np.sqrt(tb.o11))


def z(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """z-score (Dennis 1965; Evert 2008): ``(O11 − E11) / √E11``. E11 = 0 → NaN."""
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(tb.d / np.sqrt(tb.e11))


def _yates_d(tb: _Table) -> Array:
    # unconditional Yates correction (UCS): move O11 half a unit towards E11, even past it
    return tb.d - 0.5 * np.sign(tb.d)


def z_yates(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """z-score with Yates' continuity correction (Evert 2004; UCS ``am.z.score.corr``).

    ``(O11' − E11) / √E11`` with ``O11' = O11 − ½·sign(O11 − E11)``, applied unconditionally
    (the corrected value may change sign when |O11 − E11| < ½). E11 = 0 → NaN.
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(_yates_d(tb) / np.sqrt(tb.e11))


def g2(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Log-likelihood ratio G², natural log, signed (Dunning 1993; Evert 2008).

    ``G² = ±2 Σij Oij · ln(Oij / Eij)`` (0 · ln 0 = 0), negative when O11 < E11 (UCS
    ``am.log.likelihood``). ``|g2|`` equals NLTK ``likelihood_ratio`` given the same marginals.
    A table with an empty row or column has O = E in every non-empty cell: G² = 0.
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(np.sign(tb.d) * _g2_unsigned(tb))


def simple_ll(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Simple log-likelihood, natural log, signed (Evert 2008, §5.2 and appendix A.1).

    ``±2 · (O11 · ln(O11 / E11) − (O11 − E11))``, negative when O11 < E11; O11 = 0 → −2·E11.
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        val = 2.0 * (_olog(tb.o11, tb.d / tb.e11) - tb.d)
        val = np.where(tb.e11 > 0, val, np.nan)
        return tb.out(np.sign(tb.d) * np.abs(val))


def _chi2_core(tb: _Table, dev: Array) -> Array:
    # N · (N·D)² / (R1 R2 C1 C2) with D replaced by the (possibly corrected) deviation
    return tb.n * (tb.n * dev) ** 2 / (tb.r1 * tb.r2 * tb.c1 * tb.c2)


def chi2(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Pearson's χ², signed (Evert 2008; UCS ``am.chi.squared``).

    ``±N (O11 O22 − O12 O21)² / (R1 R2 C1 C2)``, negative when O11 < E11. ``|chi2|`` equals
    NLTK ``chi_sq``. Any zero marginal → NaN (0/0: no variation in one dimension).
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(np.sign(tb.d) * _chi2_core(tb, tb.d))


def chi2_yates(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """χ² with Yates' correction, unconditional, signed (UCS ``am.chi.squared.corr``).

    ``±N (|O11 O22 − O12 O21| − N/2)² / (R1 R2 C1 C2)``, sign of O11 − E11; the correction
    is applied even when |O11 O22 − O12 O21| < N/2 (Pedersen 1996: table 1,3,3,1 → 0.5).
    Any zero marginal → NaN.
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(np.sign(tb.d) * _chi2_core(tb, np.abs(tb.d) - 0.5))


def poisson_stirling(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Poisson-Stirling, natural log (Quasthoff & Wolff 2002; Evert 2008).

    ``O11 · (ln O11 − ln E11 − 1)``, 0 when O11 = 0. UCS ``am.Poisson.Stirling`` = value / ln 10.
    NLTK's ``poisson_stirling`` differs: it uses log2 and subtracts 1 *outside* the product
    (``O11·(log2(O11/E11) − 1)``).
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        val = np.where(tb.o11 > 0, tb.o11 * (np.log(tb.o11 / tb.e11) - 1.0), 0.0)
        return tb.out(np.where(tb.e11 > 0, val, np.nan))


# --- exact tests ----------------------------------------------------------------------------


def _ratio_sum(
    ratio: Callable[[Array, NDArray[np.intp]], Array], k0: Array, step: float, max_iter: int
) -> tuple[Array, NDArray[np.bool_]]:
    """``Σ_{i≥0} Π_{t<i} ratio(k0 + t·step)`` per row: a tail sum relative to ``pmf(k0)``.

    Successive probabilities are chained with the pmf ratio (no factorials, no overflow); a row
    stops when its next term is below 1e−17 of its sum. Returns (sums, converged mask).
    """
    total: Array = np.ones_like(k0)
    done = np.zeros(k0.shape, dtype=bool)
    active: NDArray[np.intp] = np.arange(k0.size)
    term: Array = np.ones_like(k0)
    k: Array = k0.astype(np.float64).copy()
    for _ in range(max_iter):
        if not active.size:
            break
        term = term * ratio(k, active)
        total[active] += term
        k = k + step
        still = term > 1e-17 * total[active]
        done[active[~still]] = True
        active, term, k = active[still], term[still], k[still]
    return total, done


def _log_upper_tail(sf: Array, cdf_below: Array) -> Array:
    """``ln P(X ≥ k)`` from ``sf = P(X ≥ k)`` and ``cdf_below = P(X < k)``, each where it is accurate.

    Near p = 1 the complement is the accurate number (``log1p(−cdf)``); in the upper tail ``sf``
    is (scipy's boost-based ``sf``; its ``logsf`` loses digits, 7e−10 relative on the UCS gold).
    """
    return np.where(sf > 0.5, np.log1p(-cdf_below), np.log(sf))


def _hypergeom_logpmf(k: Array, nn: Array, c: Array, r: Array) -> Array:
    """``ln P(X = k)`` of the hypergeometric law as a ratio of binomial pmfs (Loader 2000).

    ``h(k) = b(k; C1, p) · b(R1 − k; N − C1, p) / b(R1; N, p)`` holds for any p; with p = R1/N
    every factor is near its mode and scipy's binomial pmf (boost) is accurate to ~1e−16, where
    ``hypergeom.logpmf`` (log-beta differences) loses ~1e−10. Underflowing factors fall back to
    the log-space formula.
    """
    from scipy.stats import binom, hypergeom

    p = r / nn
    parts = (binom.pmf(k, c, p), binom.pmf(r - k, nn - c, p), binom.pmf(r, nn, p))
    val = np.log(parts[0]) + np.log(parts[1]) - np.log(parts[2])
    tiny = ~((parts[0] > 1e-300) & (parts[1] > 1e-300) & (parts[2] > 1e-300))
    if np.any(tiny):
        val = np.where(tiny, np.asarray(hypergeom.logpmf(k, nn, c, r), dtype=np.float64), val)
    return np.asarray(val, dtype=np.float64)


#: Longest tail sum per row in :func:`fisher`; beyond it (standard deviations of ~10^4) scipy's
#: boost-based ``sf``/``cdf`` take over for that row.
FISHER_MAX_TERMS = 100_000


def fisher(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Fisher's exact test, one-sided (attraction), as ``−log10 p`` (Pedersen 1996; Evert 2008).

    ``p = P(X ≥ O11)`` with X hypergeometric (C1 collocate tokens among N, R1 drawn); equals
    scipy ``fisher_exact(table, alternative="greater")`` and UCS ``am.Fisher.pv``.
    Computed from ``ln P(X = O11)`` (scipy ``hypergeom.logpmf``) times a tail sum of pmf ratios
    — the upper tail when O11 is above the mode, else ``1 − P(X < O11)`` from the lower tail —
    so p far below 1e−308 stays finite and a table costs a few hundred steps, not an O(N) sum;
    rows whose tail needs more than :data:`FISHER_MAX_TERMS` steps use scipy's ``sf``/``cdf``.
    NLTK's ``fisher`` returns the *left* tail p = P(X ≤ O11) itself, not −log10 p.
    """
    from scipy.stats import hypergeom

    tb = _Table(o11, r1, c1, n)
    ok = ~tb.bad
    out = np.full(tb.o11.shape, np.nan)
    if not ok.any():
        return out
    k, nn, r, c = tb.o11[ok], tb.n[ok], tb.r1[ok], tb.c1[ok]
    rest = nn - r - c  # O22 − O11 offset: O22 = rest + k
    mode = np.floor((r + 1.0) * (c + 1.0) / (nn + 2.0))
    logp = np.zeros(k.shape)
    with np.errstate(all="ignore"):
        lp0 = _hypergeom_logpmf(k, nn, c, r)
        up = k > mode
        if up.any():
            cu, ru, restu = c[up], r[up], rest[up]

            def ratio_up(j: Array, rows: NDArray[np.intp]) -> Array:  # pmf(j + 1) / pmf(j)
                return (cu[rows] - j) * (ru[rows] - j) / ((j + 1.0) * (restu[rows] + j + 1.0))

            total, conv = _ratio_sum(ratio_up, k[up], 1.0, FISHER_MAX_TERMS)
            vals = lp0[up] + np.log(total)
            logp[up] = np.where(conv, vals, np.nan)
        low = ~up & (k > 0)
        if low.any():
            cl, rl, restl = c[low], r[low], rest[low]

            def ratio_down(j: Array, rows: NDArray[np.intp]) -> Array:  # pmf(j − 1) / pmf(j)
                return j * (restl[rows] + j) / ((cl[rows] - j + 1.0) * (rl[rows] - j + 1.0))

            total, conv = _ratio_sum(ratio_down, k[low], -1.0, FISHER_MAX_TERMS)
            below = np.exp(lp0[low]) * (total - 1.0)  # P(X < O11) = Σ_{j<O11} pmf(j)
            logp[low] = np.where(conv, np.log1p(-np.minimum(below, 1.0)), np.nan)
        slow = np.isnan(logp)
        if slow.any():
            ks, ns, cs, rs = k[slow], nn[slow], c[slow], r[slow]
            sf = np.asarray(hypergeom.sf(ks - 1, ns, cs, rs), dtype=np.float64)
            cdf = np.asarray(hypergeom.cdf(ks - 1, ns, cs, rs), dtype=np.float64)
            logp[slow] = _log_upper_tail(sf, cdf)
        out[ok] = np.maximum(-logp / _LN10, 0.0)
    return out


def poisson(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Poisson test, one-sided (attraction), as ``−log10 p`` (Quasthoff & Wolff 2002; Evert 2008).

    ``p = P(X ≥ O11)``, X ~ Poisson(E11) (scipy ``poisson``); UCS ``am.Poisson.pv``.
    p below 1e−308 is summed in log space, so the score stays finite. E11 = 0 → NaN.
    """
    from scipy.stats import poisson as _poisson

    tb = _Table(o11, r1, c1, n)
    ok = ~tb.bad & (tb.e11 > 0)
    out = np.full(tb.o11.shape, np.nan)
    if not ok.any():
        return out
    k, mu = tb.o11[ok], tb.e11[ok]
    with np.errstate(all="ignore"):
        sf = np.asarray(_poisson.sf(k - 1, mu), dtype=np.float64)
        cdf = np.asarray(_poisson.cdf(k - 1, mu), dtype=np.float64)
        logp = _log_upper_tail(sf, cdf)
        deep = ~(sf > 0) & (k > 0)
        if deep.any():
            kd, mud = k[deep], mu[deep]
            lp0 = np.asarray(_poisson.logpmf(kd, mud), dtype=np.float64)
            total, _ = _ratio_sum(lambda kk, rows: mud[rows] / (kk + 1.0), kd, 1.0, 10_000)
            logp[deep] = lp0 + np.log(total)
        out[ok] = np.maximum(-logp / _LN10, 0.0)
    return out


# --- association strength -------------------------------------------------------------------


def dice(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Dice coefficient (Smadja et al. 1996; Evert 2008): ``2·O11 / (R1 + C1)``. R1 = C1 = 0 → NaN."""
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(2.0 * tb.o11 / (tb.r1 + tb.c1))


def log_dice(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """logDice of Rychlý (2008), with ``r1`` the node's frequency: ``14 + log2(2·f_xy / (f_x + f_y))``.

    Here ``o11`` = f_xy (co-occurrences), ``r1`` = f_x (the *node's* corpus frequency, not the
    size of its window span) and ``c1`` = f_y (the collocate's frequency). This is the
    definition of Rychlý (2008) used by Sketch Engine and #LancsBox, so their thresholds
    (e.g. logDice ≥ 7) transfer; :func:`corpus_tools.collocations.collocations` passes the
    node frequency (column ``f1``) for it. With a window, f_xy may exceed f_x (a node with the
    collocate twice in its span), so the value is not capped at 14; O11 = 0 → −inf.
    For the 2×2-table form with the span size as R1 see :func:`log_dice_span`.
    """
    o11, r1, c1, n = np.broadcast_arrays(
        *(np.asarray(x, dtype=np.float64) for x in (o11, r1, c1, n))
    )
    with np.errstate(all="ignore"):
        value = 14.0 + np.log2(2.0 * o11 / (r1 + c1))
        bad = (o11 < 0) | (r1 < 0) | (o11 > c1) | ~(n > 0) | ~np.isfinite(o11 + r1 + c1 + n)
    return np.where(bad, np.nan, value)


def log_dice_span(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """logDice on the 2×2 table: ``14 + log2(2·O11 / (R1 + C1))`` with R1 the row marginal.

    For window co-occurrence R1 is the size of the node's pooled span (about (L + R) × the
    node frequency), so the value is lower than Rychlý's :func:`log_dice` by roughly
    ``log2(L + R)`` for rare collocates (±5 window: up to 3.3 points) and published logDice
    thresholds do not apply. It equals ``log_dice`` for adjacent bigrams (``window=(0, 1)``,
    where R1 is the node frequency up to sentence ends) and is what corpus_tools reported as
    ``log_dice`` before 2026-12. At most 14, O11 = 0 → −inf.
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(14.0 + np.log2(2.0 * tb.o11 / (tb.r1 + tb.c1)))


def jaccard(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Jaccard coefficient (Evert 2004): ``O11 / (O11 + O12 + O21)``. All three zero → NaN."""
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(tb.o11 / (tb.r1 + tb.c1 - tb.o11))


def ms(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Minimum sensitivity (Pedersen & Bruce 1996): ``min(O11/R1, O11/C1)``. R1 or C1 = 0 → NaN."""
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(np.minimum(tb.o11 / tb.r1, tb.o11 / tb.c1))


def gmean(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Geometric mean of the conditional probabilities (Evert 2004): ``O11 / √(R1·C1)``."""
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(tb.o11 / np.sqrt(tb.r1 * tb.c1))


def odds_ratio(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Log odds ratio, log2, discounted (Evert 2004; UCS ``am.odds.ratio.disc``).

    ``log2( (O11 + ½)(O22 + ½) / ((O12 + ½)(O21 + ½)) )``: adding ½ to every cell keeps the
    value finite when a cell is zero. UCS value = odds_ratio · log10(2).
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        num = (tb.o11 + 0.5) * (tb.o22 + 0.5)
        den = (tb.o12 + 0.5) * (tb.o21 + 0.5)
        return tb.out(np.log2(num / den))


def relative_risk(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Log relative risk, log2 (Evert 2004; UCS ``am.relative.risk``).

    ``log2( (O11 · C2) / (O12 · C1) ) = log2( (O11/C1) / (O12/C2) )``: how much more likely a
    token is to stand in the node's span when it is the collocate than when it is not.
    O11 = 0 → −inf; O12 = 0 < O11 → +inf; 0/0 (O11·C2 = O12·C1 = 0) → NaN.
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(np.log2((tb.o11 * tb.c2) / (tb.o12 * tb.c1)))


def log_ratio(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """Log Ratio (Hardie 2014; CQPweb), log2: ``log2( (O11/R1) / (O21/R2) )``.

    A zero O11 or O21 is replaced by 0.5 (Hardie's discount), so the value stays finite. The
    discount can reverse the direction of a difference (O11 = 0 with 0.5/R1 > O21/R2): the
    value is then 0, so Log Ratio always has the sign of O11 − E11, the sign of ``g2``.
    R1 = 0 or R2 = 0 → NaN (one of the two relative frequencies has no sample).
    """
    tb = _Table(o11, r1, c1, n)
    a = np.where(tb.o11 == 0, 0.5, tb.o11)
    b = np.where(tb.o21 == 0, 0.5, tb.o21)
    with np.errstate(all="ignore"):
        val = np.log2((a / tb.r1) / (b / tb.r2))
        discounted = (tb.o11 == 0) | (tb.o21 == 0)
        val = np.where(discounted & (val * np.sign(tb.d) <= 0), 0.0, val)
        return tb.out(np.where((tb.r1 > 0) & (tb.r2 > 0), val, np.nan))


def delta_p(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """ΔP(2|1) (Gries 2013): ``O11/R1 − O21/R2``, how much w1 raises the probability of w2.

    R1 = 0 or R2 = 0 → NaN.
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(tb.o11 / tb.r1 - tb.o21 / tb.r2)


def delta_p_rev(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> Array:
    """ΔP(1|2) (Gries 2013): ``O11/C1 − O12/C2``, how much w2 raises the probability of w1.

    C1 = 0 or C2 = 0 → NaN.
    """
    tb = _Table(o11, r1, c1, n)
    with np.errstate(all="ignore"):
        return tb.out(tb.o11 / tb.c1 - tb.o12 / tb.c2)


#: Registry of association measures by the names users type (and evaluation tooling calls).
MEASURES: dict[str, Callable[[Any, Any, Any, Any], Array]] = {
    "mi": mi,
    "mi2": mi2,
    "mi3": mi3,
    "local_mi": local_mi,
    "t": t,
    "z": z,
    "z_yates": z_yates,
    "g2": g2,
    "simple_ll": simple_ll,
    "chi2": chi2,
    "chi2_yates": chi2_yates,
    "dice": dice,
    "log_dice": log_dice,
    "log_dice_span": log_dice_span,
    "jaccard": jaccard,
    "ms": ms,
    "gmean": gmean,
    "poisson_stirling": poisson_stirling,
    "odds_ratio": odds_ratio,
    "relative_risk": relative_risk,
    "average_mi": average_mi,
    "delta_p": delta_p,
    "delta_p_rev": delta_p_rev,
    "log_ratio": log_ratio,
    "fisher": fisher,
    "poisson": poisson,
}


#: Measures whose ``r1`` is the node's corpus frequency f(x), not the row marginal of the 2×2
#: table (the window span): collocation tables pass their ``f1`` column to these.
NODE_FREQUENCY_MEASURES: frozenset[str] = frozenset({"log_dice"})


def check_measures(measures: str | Iterable[str]) -> tuple[str, ...]:
    """Validate measure names (one place for every caller); unknown names raise ``ValueError``."""
    names = (measures,) if isinstance(measures, str) else tuple(measures)
    unknown = [m for m in names if m not in MEASURES]
    if unknown or not names:
        raise ValueError(
            f"unknown association measure(s) {unknown}; choose from {sorted(MEASURES)}"
        )
    return names


def score(
    o11: ArrayLike,
    r1: ArrayLike,
    c1: ArrayLike,
    n: ArrayLike,
    measures: str | tuple[str, ...] | list[str],
) -> dict[str, Array]:
    """Compute several measures by name; unknown names raise ``ValueError`` listing the valid ones."""
    names = check_measures(measures)
    return {m: MEASURES[m](o11, r1, c1, n) for m in names}
