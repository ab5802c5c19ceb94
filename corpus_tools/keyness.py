"""Keyness: which terms are over- or under-used in a target corpus compared with a reference.

Notation (Rayson & Garside 2000)
--------------------------------
For one term: ``a`` = frequency in the target, ``b`` = frequency in the reference, ``c`` and
``d`` = sizes (items counted) of target and reference, ``N = c + d``. Expected frequencies
``E1 = c (a + b) / N`` and ``E2 = d (a + b) / N``; normalised frequencies ``nt = a / c`` and
``nr = b / d``. Every statistic but ``ell`` and the p-values is *signed*: positive when ``nt > nr`` (a
positive keyword), negative when the term is under-used in the target.

The statistics are registered in :data:`KEYNESS` (names validated in :func:`check_statistics`);
``ll_4term``, ``chi2`` and ``log_ratio`` are the association measures ``g2``, ``chi2`` and
``log_ratio`` of :mod:`corpus_tools.association` applied to the 2×2 table
``O11 = a, R1 = c, C1 = a + b, N = c + d``.

Corpus sizes ``c`` and ``d`` of a token table are its word tokens
(:func:`corpus_tools.frequency.word_token_count`), whatever ``exclude`` leaves out, as
AntConc and #LancsBox count them; ``normalize_by="counted"`` uses the items counted instead.

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
                          (as in Hardie's and CQPweb's implementation), and where that stand-in
                          would reverse the direction of the difference the value is 0, so
                          Log Ratio always has the sign of ``ll_2term``
``pct_diff``              %DIFF (Gabrielatos & Marchi 2011): ``100 (nt − nr) / nr``; a zero
                          reference frequency is replaced by 10⁻¹⁸ as the authors do
``simple_maths``          Kilgarriff (2009): ``(fpm_t + k) / (fpm_r + k)`` with frequencies
                          per million and the smoothing parameter ``k`` (``simple_maths_n``)
``bic``                   Wilson (2013): ``ll_2term − ln N`` (1 degree of freedom), signed
                          like ``ll_2term``; positive values are evidence for a difference
``ell``                   effect size for log-likelihood (Johnston et al. 2006), in [0, 1]:
                          ``|ll_2term| / (−2 (a + b) ln p_min)`` with ``p_min = min(c, d)/N``
                          (G² divided by its largest possible value; unsigned)
========================  ======================================================================

Test values (Rayson's toy 100/50 in 10,000/100,000 words, Gabrielatos & Marchi 2011,
Kilgarriff 2009, quanteda's keyness test) are in ``tests/test_keyness.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from corpus_tools.association import MEASURES
from corpus_tools.frequency import NORMALIZE_BY, frequencies
from corpus_tools.signature import extend_signature

__all__ = [
    "KEYNESS",
    "P_VALUES",
    "KeynessTable",
    "check_statistics",
    "keyness",
    "keyness_scores",
    "word_list",
]

_PCT_DIFF_ZERO = 1e-18  # Gabrielatos & Marchi's stand-in for a zero reference frequency


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x ln(x / y)`` with ``0 ln 0 = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, x * np.log(np.where(x > 0, x, 1.0) / y), 0.0)


@dataclass(frozen=True)
class KeynessTable:
    """Frequencies ``a, b`` and corpus sizes ``c, d`` of the terms (float64 arrays).

    As a 2×2 table of :mod:`corpus_tools.association` (rows: target, reference; columns: the
    term, other words): ``O11 = a``, ``R1 = c``, ``C1 = a + b``, ``N = c + d``.
    """

    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    d: np.ndarray

    @property
    def n(self) -> np.ndarray:
        return self.c + self.d

    @property
    def sign(self) -> np.ndarray:
        # sign(a/c − b/d) = sign(ad − bc), exact on integer counts
        return np.sign(self.a * self.d - self.b * self.c)

    def association(self, measure: str) -> np.ndarray:
        """A measure of :data:`corpus_tools.association.MEASURES` on this table."""
        return MEASURES[measure](self.a, self.c, self.a + self.b, self.n)


def _ll_2term_unsigned(t: KeynessTable) -> np.ndarray:
    e1 = t.c * (t.a + t.b) / t.n
    e2 = t.d * (t.a + t.b) / t.n
    return np.maximum(2 * (_xlogy(t.a, e1) + _xlogy(t.b, e2)), 0.0)  # rounding can give -1e-15


def ll_2term(t: KeynessTable) -> np.ndarray:
    """Signed G² of Rayson & Garside (2000), ``2 (a ln(a/E1) + b ln(b/E2))``."""
    return t.sign * _ll_2term_unsigned(t)


def ll_4term(t: KeynessTable) -> np.ndarray:
    """Signed G² over the full 2×2 table (Dunning 1993): :func:`corpus_tools.association.g2`."""
    return np.where(t.a + t.b > 0, t.association("g2"), 0.0)


def chi2(t: KeynessTable) -> np.ndarray:
    """Signed Pearson χ² of the 2×2 table: :func:`corpus_tools.association.chi2`."""
    return np.where(t.a + t.b > 0, t.association("chi2"), 0.0)


def log_ratio(t: KeynessTable) -> np.ndarray:
    """Hardie (2014) with his 0.5 for a zero frequency: :func:`corpus_tools.association.log_ratio`.

    Where the stand-in would make the ratio point against the observed difference (a = 0 with
    ``0.5/c > b/d``), the value is 0: Log Ratio always has the sign of ``ll_2term``.
    """
    return t.association("log_ratio")


def pct_diff(t: KeynessTable) -> np.ndarray:
    """%DIFF (Gabrielatos & Marchi 2011), ``100 (nt − nr) / nr``, with their 10⁻¹⁸ for nr = 0."""
    nt, nr = t.a / t.c, t.b / t.d
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100 * (nt - nr) / np.where(t.b > 0, nr, _PCT_DIFF_ZERO)


def simple_maths(t: KeynessTable, k: float = 1.0) -> np.ndarray:
    """Kilgarriff (2009): ``(fpm_t + k) / (fpm_r + k)``, frequencies per million."""
    return (t.a / t.c * 1e6 + k) / (t.b / t.d * 1e6 + k)


def bic(t: KeynessTable) -> np.ndarray:
    """Wilson (2013): ``ll_2term − ln N``, signed like ``ll_2term``."""
    return t.sign * (_ll_2term_unsigned(t) - np.log(t.n))


def ell(t: KeynessTable) -> np.ndarray:
    """Effect size for log-likelihood (Johnston, Berry & Mielke 2006), in [0, 1].

    ``ll_2term`` is a goodness-of-fit G² of the term's ``f = a + b`` occurrences against the
    shares ``c/N`` and ``d/N``; it is largest when all ``f`` fall in the category with the
    smallest expected share ``p_min = min(c, d)/N``: ``G²max = −2 f ln p_min``. ELL is
    ``|ll_2term| / G²max`` (0 for f = 0). UCREL's calculator prints ``G² / (N ln E_min)``, which
    has the sign of ``ln E_min`` and leaves [0, 1]; we do not reproduce it.
    """
    f = t.a + t.b
    p_min = np.minimum(t.c, t.d) / t.n
    with np.errstate(divide="ignore", invalid="ignore"):
        value = _ll_2term_unsigned(t) / (-2.0 * f * np.log(p_min))
    return np.where(f > 0, np.clip(value, 0.0, 1.0), 0.0)


#: Keyness statistics by the names users type (the output columns of :func:`keyness`).
KEYNESS: dict[str, Callable[..., np.ndarray]] = {
    "ll_2term": ll_2term,
    "ll_4term": ll_4term,
    "chi2": chi2,
    "log_ratio": log_ratio,
    "pct_diff": pct_diff,
    "simple_maths": simple_maths,
    "bic": bic,
    "ell": ell,
}
#: p-value columns: upper tail of χ²(1) at the absolute value of the named statistic.
P_VALUES = {"p_ll_2term": "ll_2term", "p_ll_4term": "ll_4term", "p_chi2": "chi2"}
_ORDER = ("ll_2term", "p_ll_2term", "ll_4term", "p_ll_4term", "chi2", "p_chi2",
          "log_ratio", "pct_diff", "simple_maths", "bic", "ell")  # fmt: skip


def check_statistics(names: str | Iterable[str] | None) -> tuple[str, ...]:
    """Validate keyness statistic names (``None`` = all, in the documented column order)."""
    if names is None:
        return _ORDER
    chosen = (names,) if isinstance(names, str) else tuple(names)
    unknown = [m for m in chosen if m not in KEYNESS and m not in P_VALUES]
    if unknown or not chosen:
        raise ValueError(
            f"unknown keyness statistic(s) {unknown}; choose from {sorted([*KEYNESS, *P_VALUES])}"
        )
    return chosen


def keyness_scores(
    a: Any,
    b: Any,
    c: Any,
    d: Any,
    *,
    simple_maths_n: float = 1.0,
    statistics: str | Iterable[str] | None = None,
) -> dict[str, np.ndarray]:
    """Keyness statistics for arrays of ``a, b, c, d`` (see the module docstring).

    ``statistics`` names the columns wanted (default: all). Returns a dict of float64 arrays,
    by default ``ll_2term``, ``p_ll_2term``, ``ll_4term``, ``p_ll_4term``, ``chi2``,
    ``p_chi2``, ``log_ratio``, ``pct_diff``, ``simple_maths``, ``bic``, ``ell``.
    """
    names = check_statistics(statistics)
    a, b, c, d = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (a, b, c, d)))
    if (a < 0).any() or (b < 0).any() or (a > c).any() or (b > d).any():
        raise ValueError("frequencies must satisfy 0 <= a <= c and 0 <= b <= d")
    table = KeynessTable(a, b, c, d)
    out: dict[str, np.ndarray] = {}
    for name in names:
        if name in P_VALUES:
            stat = out.get(P_VALUES[name])
            stat = KEYNESS[P_VALUES[name]](table) if stat is None else stat
            out[name] = stats.chi2.sf(np.abs(stat), 1)
        elif name == "simple_maths":
            out[name] = simple_maths(table, simple_maths_n)
        else:
            out[name] = KEYNESS[name](table)
    return out


def _list_size(attrs: Mapping[Any, Any], total: int, normalize_by: str) -> int:
    """Corpus size of a word list: word tokens, items counted, or the sum of its frequencies."""
    if normalize_by == "words" and "n_words" in attrs:
        return int(attrs["n_words"])
    return int(attrs.get("n_items", total))


def word_list(
    data: Any, *, by: str = "norm", exclude: Any = (), normalize_by: str = "words"
) -> tuple[pd.DataFrame, int, str]:
    """Turn a token table, a word list or a mapping into ``(term, freq)``, size and signature.

    ``data`` may be a token table (counted with :func:`corpus_tools.frequency.frequencies`),
    a DataFrame with ``term`` and ``freq`` columns (e.g. an external frequency list), a Series
    or a mapping term → freq. The size is the corpus's word tokens (``attrs["n_words"]``) with
    ``normalize_by="words"``, else the items counted (``attrs["n_items"]``); a list without
    these attributes has the sum of its frequencies as its size.
    """
    if normalize_by not in NORMALIZE_BY:
        raise ValueError(f"normalize_by must be one of {NORMALIZE_BY}, got {normalize_by!r}")
    if isinstance(data, pd.DataFrame) and {"term", "freq"} <= set(data.columns):
        wl = data[["term", "freq"]]
        size = _list_size(data.attrs, int(wl["freq"].sum()), normalize_by)
        sig = data.attrs.get("signature", "wordlist:external")
    elif isinstance(data, pd.DataFrame):
        wl = frequencies(data, by=by, exclude=exclude, dispersion=False)
        size = _list_size(wl.attrs, 0, normalize_by)
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
    normalize_by: str = "words",
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
    target_size, reference_size : corpus sizes ``c`` and ``d``; default: the word tokens of a
        token table (punctuation left out, whatever ``exclude`` says; ``attrs["n_words"]`` of
        a word list), or the items counted with ``normalize_by="counted"``; a list without
        these attributes: the sum of its frequencies. Give ``reference_size`` for a truncated
        external list.
    reference_includes_target : subtract the target from the reference first (subcorpus vs
        the corpus it belongs to).
    simple_maths_n : Kilgarriff's smoothing parameter ``k`` (1 is his default; 100 favours
        commoner words).
    min_freq : keep terms with at least this frequency in the target (0 keeps terms that only
        occur in the reference, i.e. negative keywords with ``freq_target == 0``).
    sort_by : column to sort by, descending (ties by term).
    normalize_by : ``"words"`` or ``"counted"``, the default corpus sizes (see above).

    Returns
    -------
    pandas.DataFrame, one row per term of either corpus: ``term``, ``freq_target`` (``a``),
    ``freq_reference`` (``b``), ``per_million_target``, ``per_million_reference``, then the
    statistics of :func:`keyness_scores` (``ll_2term``, ``p_ll_2term``, ``ll_4term``,
    ``p_ll_4term``, ``chi2``, ``p_chi2``, ``log_ratio``, ``pct_diff``, ``simple_maths``, ``bic``,
    ``ell``). ``attrs``: ``signature``, ``target_size``, ``reference_size``.
    """
    t_list, t_size, t_sig = word_list(target, by=by, exclude=exclude, normalize_by=normalize_by)
    r_list, r_size, _ = word_list(reference, by=by, exclude=exclude, normalize_by=normalize_by)
    c = int(target_size if target_size is not None else t_size)
    d = int(reference_size if reference_size is not None else r_size)
    terms, a, b, c, d = _aligned_frequencies(
        t_list, r_list, c, d, reference_includes_target=reference_includes_target
    )
    out = _ranked_keywords(
        _keyness_table(terms, a, b, c, d, simple_maths_n=simple_maths_n),
        sort_by=sort_by,
        min_freq=min_freq,
    )
    out.attrs["signature"] = extend_signature(
        t_sig,
        analysis="keyness",
        reference_size=d,
        target_size=c,
        reference_includes_target=reference_includes_target,
        simple_maths_n=simple_maths_n,
        min_freq=min_freq,
        sizes=normalize_by,
    )
    out.attrs["target_size"] = c
    out.attrs["reference_size"] = d
    return out


def _aligned_frequencies(
    t_list: pd.DataFrame,
    r_list: pd.DataFrame,
    c: int,
    d: int,
    *,
    reference_includes_target: bool,
) -> tuple[pd.Series, np.ndarray, np.ndarray, int, int]:
    """Terms of either list with their frequencies ``a``, ``b`` and the sizes ``c``, ``d``
    (the target taken out of the reference first if it is part of it), checked."""
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
    return merged["term"].astype("str"), a, b, c, d


def _keyness_table(
    terms: pd.Series, a: np.ndarray, b: np.ndarray, c: int, d: int, *, simple_maths_n: float
) -> pd.DataFrame:
    """One row per term: frequencies, frequencies per million words, every statistic."""
    scores = keyness_scores(a, b, c, d, simple_maths_n=simple_maths_n)
    return pd.DataFrame(
        {
            "term": terms,
            "freq_target": a.astype(np.int64),
            "freq_reference": b.astype(np.int64),
            "per_million_target": a / c * 1e6,
            "per_million_reference": b / d * 1e6,
            **scores,
        }
    )


def _ranked_keywords(out: pd.DataFrame, *, sort_by: str, min_freq: int) -> pd.DataFrame:
    """Terms with at least ``min_freq`` in the target, by ``sort_by`` descending, ties by term."""
    if sort_by not in out.columns:
        raise ValueError(f"sort_by must be one of {list(out.columns)}, got {sort_by!r}")
    if min_freq > 0:
        out = out[out["freq_target"] >= min_freq]
    return out.sort_values(
        [sort_by, "term"], ascending=[False, True], kind="stable", ignore_index=True
    )
