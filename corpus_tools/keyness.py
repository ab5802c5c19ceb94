"""Keyness: which terms are over- or under-used in a target corpus compared with a reference.

Notation (Rayson & Garside 2000)
--------------------------------
For one term: ``a`` = frequency in the target, ``b`` = frequency in the reference, ``c`` and
``d`` = sizes (items counted) of target and reference, ``N = c + d``. Expected frequencies
``E1 = c (a + b) / N`` and ``E2 = d (a + b) / N``; normalised frequencies ``nt = a / c`` and
``nr = b / d``. Every statistic is *signed*: positive when ``nt > nr`` (a positive keyword),
negative when the term is under-used in the target.

========================  ======================================================================
column                    definition
========================  ======================================================================
``ll_2term``              log-likelihood G² of Rayson & Garside (2000), the UCREL keyness
                          calculator: ``2 (a ln(a/E1) + b ln(b/E2))`` (``0 ln 0 = 0``)
``ll_4term``              G² over the full 2×2 table (Dunning 1993), the form AntConc reports:
                          cells ``a, b, c − a, d − b`` against their expectations. Equal to
                          ``ll_2term`` when the term is a small share of both corpora, larger
                          when it is not (e.g. Gabrielatos & Marchi's example: 38531.76 vs
                          45784.79)
``chi2``                  Pearson's χ² of the 2×2 table, no continuity correction
``p_ll_2term`` ...        upper tail of χ²(1) at ``|statistic|``
``log_ratio``             Hardie (2014): ``log2(nt / nr)``; a zero frequency is replaced by 0.5
                          (as in Hardie's and CQPweb's implementation)
``pct_diff``              %DIFF (Gabrielatos & Marchi 2011): ``100 (nt − nr) / nr``; a zero
                          reference frequency is replaced by 10⁻¹⁸ as the authors do
``simple_maths``          Kilgarriff (2009): ``(fpm_t + k) / (fpm_r + k)`` with frequencies
                          per million and the smoothing parameter ``k`` (``simple_maths_n``)
``bic``                   Wilson (2013): ``ll_2term − ln N`` (1 degree of freedom), signed
                          like ``ll_2term``; positive values are evidence for a difference
``ell``                   effect size for log-likelihood (Johnston et al. 2006):
                          ``|ll_2term| / (N ln min(E1, E2))``
========================  ======================================================================

Test values (Rayson's toy 100/50 in 10,000/100,000 words, Gabrielatos & Marchi 2011,
Kilgarriff 2009, quanteda's keyness test) are in ``tests/test_keyness.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from corpus_tools.signature import extend_signature

__all__ = ["keyness", "keyness_scores", "word_list"]

_PCT_DIFF_ZERO = 1e-18  # Gabrielatos & Marchi's stand-in for a zero reference frequency
_LOG_RATIO_ZERO = 0.5  # Hardie's stand-in for a zero frequency


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x ln(x / y)`` with ``0 ln 0 = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, x * np.log(np.where(x > 0, x, 1.0) / y), 0.0)


def keyness_scores(
    a: Any, b: Any, c: Any, d: Any, *, simple_maths_n: float = 1.0
) -> dict[str, np.ndarray]:
    """All keyness statistics for arrays of ``a, b, c, d`` (see the module docstring).

    Returns
    -------
    dict of float64 arrays: ``ll_2term``, ``p_ll_2term``, ``ll_4term``, ``p_ll_4term``, ``chi2``,
    ``p_chi2``, ``log_ratio``, ``pct_diff``, ``simple_maths``, ``bic``, ``ell``.
    """
    a, b, c, d = (np.asarray(x, dtype=np.float64) for x in (a, b, c, d))
    if (a < 0).any() or (b < 0).any() or (a > c).any() or (b > d).any():
        raise ValueError("frequencies must satisfy 0 <= a <= c and 0 <= b <= d")
    n = c + d
    nt = a / c
    nr = b / d
    sign = np.sign(nt - nr)
    e1 = c * (a + b) / n
    e2 = d * (a + b) / n
    ll2 = 2 * (_xlogy(a, e1) + _xlogy(b, e2))
    # Full table: O11 = a, O12 = b, O21 = c − a, O22 = d − b; row totals c, d.
    e21 = c * (n - a - b) / n
    e22 = d * (n - a - b) / n
    ll4 = 2 * (_xlogy(a, e1) + _xlogy(b, e2) + _xlogy(c - a, e21) + _xlogy(d - b, e22))
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = (a - e1) ** 2 / e1 + (b - e2) ** 2 / e2
        chi2 += (c - a - e21) ** 2 / e21 + (d - b - e22) ** 2 / e22
        chi2 = np.where(a + b > 0, chi2, 0.0)
        log_ratio = np.log2(
            (np.where(a > 0, a, _LOG_RATIO_ZERO) / c) / (np.where(b > 0, b, _LOG_RATIO_ZERO) / d)
        )
        pct_diff = 100 * (nt - nr) / np.where(b > 0, nr, _PCT_DIFF_ZERO)
        simple = (nt * 1e6 + simple_maths_n) / (nr * 1e6 + simple_maths_n)
        ell = ll2 / (n * np.log(np.minimum(e1, e2)))
    ll2 = np.maximum(ll2, 0.0)  # rounding can give -1e-15
    ll4 = np.maximum(ll4, 0.0)
    return {
        "ll_2term": sign * ll2,
        "p_ll_2term": stats.chi2.sf(ll2, 1),
        "ll_4term": sign * ll4,
        "p_ll_4term": stats.chi2.sf(ll4, 1),
        "chi2": sign * chi2,
        "p_chi2": stats.chi2.sf(chi2, 1),
        "log_ratio": log_ratio,
        "pct_diff": pct_diff,
        "simple_maths": simple,
        "bic": sign * (ll2 - np.log(n)),
        "ell": ell,
    }


def word_list(data: Any, *, by: str = "norm", exclude: Any = ()) -> tuple[pd.DataFrame, int, str]:
    """Turn a token table, a word list or a mapping into ``(term, freq)``, size and signature.

    ``data`` may be a token table (counted with :func:`corpus_tools.frequency.frequencies`),
    a DataFrame with ``term`` and ``freq`` columns (e.g. an external frequency list; its size is
    ``attrs["n_items"]`` when set, else the sum of ``freq``), a Series or a mapping term → freq.
    """
    if isinstance(data, pd.DataFrame) and {"term", "freq"} <= set(data.columns):
        wl = data[["term", "freq"]]
        size = int(data.attrs.get("n_items", wl["freq"].sum()))
        sig = data.attrs.get("signature", "wordlist:external")
    elif isinstance(data, pd.DataFrame):
        from corpus_tools.frequency import frequencies

        wl = frequencies(data, by=by, exclude=exclude, dispersion=False)
        size = int(wl.attrs["n_items"])
        sig = wl.attrs["signature"]
        wl = wl[["term", "freq"]]
    elif isinstance(data, (pd.Series, Mapping)):
        s = pd.Series(data)
        wl = pd.DataFrame({"term": s.index.astype(str), "freq": s.to_numpy()})
        size = int(wl["freq"].sum())
        sig = "wordlist:mapping"
    else:
        raise TypeError(
            f"expected a token table, a word list (DataFrame with term, freq) or a mapping, "
            f"got {type(data).__name__}"
        )
    freq = pd.to_numeric(wl["freq"], errors="raise")
    if (freq < 0).any() or freq.isna().any():
        raise ValueError("word-list frequencies must be non-negative numbers")
    clean = pd.DataFrame({"term": wl["term"].astype("str"), "freq": freq.astype(np.int64)})
    summed = clean.groupby("term", sort=True)["freq"].sum().reset_index()
    return summed, size, sig


def keyness(
    target: Any,
    reference: Any,
    *,
    by: str = "norm",
    exclude: Any = ("punct",),
    target_size: int | None = None,
    reference_size: int | None = None,
    reference_includes_target: bool = False,
    simple_maths_n: float = 1.0,
    min_freq: int = 0,
    sort_by: str = "ll_2term",
) -> pd.DataFrame:
    """Keywords of ``target`` against ``reference`` with every standard statistic.

    Parameters
    ----------
    target, reference : token tables, word lists (DataFrames with ``term`` and ``freq``, e.g.
        the output of :func:`~corpus_tools.frequency.frequencies` or an external frequency list)
        or mappings term → frequency. Typical calls: one document vs the rest
        (``keyness(tok[tok.doc == d], tok[tok.doc != d])``), a subcorpus vs the whole corpus
        (``reference_includes_target=True``), the corpus vs an external list
        (``reference=pd.read_csv(...)``, ``reference_size=...``).
    by, exclude : used when a token table is counted (see ``frequencies``).
    target_size, reference_size : corpus sizes ``c`` and ``d``; default: the number of items
        counted (``attrs["n_items"]`` of a word list, else the sum of its frequencies). Give
        ``reference_size`` for a truncated external list.
    reference_includes_target : subtract the target from the reference first (subcorpus vs
        the corpus it belongs to).
    simple_maths_n : Kilgarriff's smoothing parameter ``k`` (1 is his default; 100 favours
        commoner words).
    min_freq : keep terms with at least this frequency in the target (0 keeps terms that only
        occur in the reference, i.e. negative keywords with ``freq_target == 0``).
    sort_by : column to sort by, descending (ties by term).

    Returns
    -------
    pandas.DataFrame, one row per term of either corpus: ``term``, ``freq_target`` (``a``),
    ``freq_reference`` (``b``), ``per_million_target``, ``per_million_reference``, then the
    statistics of :func:`keyness_scores` (``ll_2term``, ``p_ll_2term``, ``ll_4term``,
    ``p_ll_4term``, ``chi2``, ``p_chi2``, ``log_ratio``, ``pct_diff``, ``simple_maths``, ``bic``,
    ``ell``). ``attrs``: ``signature``, ``target_size``, ``reference_size``.
    """
    t_list, t_size, t_sig = word_list(target, by=by, exclude=exclude)
    r_list, r_size, _ = word_list(reference, by=by, exclude=exclude)
    c = int(target_size if target_size is not None else t_size)
    d = int(reference_size if reference_size is not None else r_size)
    merged = t_list.merge(r_list, on="term", how="outer", suffixes=("_target", "_reference"))
    merged = merged.fillna({"freq_target": 0, "freq_reference": 0})
    a = merged["freq_target"].to_numpy(dtype=np.float64)
    b = merged["freq_reference"].to_numpy(dtype=np.float64)
    if reference_includes_target:
        b = b - a
        d = d - c
    if c <= 0 or d <= 0:
        raise ValueError(f"corpus sizes must be positive (target {c}, reference {d})")
    if (a > c).any() or (b > d).any() or (b < 0).any():
        raise ValueError(
            "a frequency exceeds its corpus size, or the reference lacks target terms "
            "(check target_size/reference_size and reference_includes_target)"
        )
    scores = keyness_scores(a, b, c, d, simple_maths_n=simple_maths_n)
    out = pd.DataFrame(
        {
            "term": merged["term"].astype("str"),
            "freq_target": a.astype(np.int64),
            "freq_reference": b.astype(np.int64),
            "per_million_target": a / c * 1e6,
            "per_million_reference": b / d * 1e6,
            **scores,
        }
    )
    if sort_by not in out.columns:
        raise ValueError(f"sort_by must be one of {list(out.columns)}, got {sort_by!r}")
    if min_freq > 0:
        out = out[out["freq_target"] >= min_freq]
    out = out.sort_values(
        [sort_by, "term"], ascending=[False, True], kind="stable", ignore_index=True
    )
    out.attrs["signature"] = extend_signature(
        t_sig,
        analysis="keyness",
        reference_size=d,
        target_size=c,
        reference_includes_target=reference_includes_target,
        simple_maths_n=simple_maths_n,
        min_freq=min_freq,
    )
    out.attrs["target_size"] = c
    out.attrs["reference_size"] = d
    return out
