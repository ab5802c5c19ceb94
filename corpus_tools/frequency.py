"""Word lists, n-grams and dispersion, with the definitions corpus linguists expect.

:func:`frequencies` turns a token table (see :mod:`corpus_tools.tokenize`) into a word list: one
row per term (a value of any token attribute, or an n-gram of them) with its frequency,
normalised frequency, range and the standard dispersion measures, over documents or any other
partition of the corpus. Everything is counted on integer ids (``pandas.factorize``,
``numpy.bincount``, one sort of integer keys), so the cost grows about linearly with the
corpus; Python only loops over exclusion keywords and n-gram positions (n ≤ 5).

Notation (Gries 2008)
---------------------
The corpus (after exclusions) is a sequence of ``N`` items (tokens, or n-grams) cut into ``n``
non-empty parts; part *i* holds a share ``s_i`` of the items (``Σ s_i = 1``). A term occurs
``f`` times, ``v_i`` of them in part *i*, at item positions ``p_1 < … < p_f``.

* **per million** — ``freq / W · 10⁶`` with ``W`` the corpus's *word tokens*: every token that
  is not punctuation (``script != "punct"``) and whose normalised form is not empty, whatever
  ``exclude`` leaves out, as AntConc and #LancsBox normalise. Excluding stopwords therefore
  does not raise the per-million figure of any other word. ``normalize_by="counted"`` divides
  by ``N`` (the items left after exclusions) instead; both sizes are in ``attrs``
  (``n_words``, ``n_items``).
* **range** — number of parts with ``v_i > 0``; ``range_pct`` = 100 · range / n.
* **Juilland's D** (Juilland & Chang-Rodríguez 1964; Gries 2008 p. 409) — with the part-size
  normalised frequencies ``x_i = v_i / (s_i N)``, ``V = sd(x) / mean(x)`` (population sd, as in
  Juilland's definition) and ``D = 1 − V / √(n − 1)``, clamped to [0, 1]: with unequal parts V
  can exceed √(n − 1), and rounding gives −2·10⁻¹⁶ for a term in a single part; both mean
  "as uneven as possible". Undefined (NaN) for ``n = 1``.
* **DP** (Gries 2008 p. 415) — ``DP = ½ Σ |v_i / f − s_i|``; **DPnorm** (Lijffijt & Gries 2012)
  ``= DP / (1 − min_i s_i)``, which reaches 1 for a term confined to the smallest part.
* **Rosengren's S** (Rosengren 1971; Gries 2008 p. 407) — ``S = (Σ √(s_i v_i))² / f``.
* **Carroll's D2** (Carroll 1970) — entropy of ``x_i / Σ x_j`` divided by ``log2 n``.
* **ARF**, average reduced frequency (Savický & Hlaváčová 2002) — with the cyclic gaps
  ``d_1 = p_1 + N − p_f``, ``d_k = p_k − p_{k−1}`` and ``ℓ = N / f``:
  ``ARF = (1/ℓ) Σ_k min(d_k, ℓ)``; it does not depend on any partition.

**Chunks.** ``chunks=k`` cuts the ``N`` counted items, in corpus order, into ``k`` consecutive
chunks exactly as ``numpy.array_split`` does: the first ``N mod k`` chunks hold
``⌊N/k⌋ + 1`` items, the others ``⌊N/k⌋``. With ``k > N`` the empty chunks are dropped, so
``n = N``.

Test values: Gries's (2008) 50-token toy corpus (term *a*: D = 0.764298, DP = 0.2, DPnorm = 0.25,
S = 0.936847, ARF = 10.8), Lijffijt & Gries (2012) and Carroll (1970), in
``tests/test_frequency.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from corpus_tools.exclusions import (
    EXCLUDE_KEYWORDS,
    _exclusion_signature,
    _norm_column,
    _require,
    exclude_mask,
    stopwords,
)
from corpus_tools.signature import extend_signature

__all__ = [
    "EXCLUDE_KEYWORDS",
    "arf",
    "dispersion",
    "exclude_mask",
    "frequencies",
    "ngram_starts",
    "stopwords",
    "term_by_document",
    "word_token_count",
]

MAX_NGRAM = 5
#: Denominators of ``per_million`` (see the module docstring).
NORMALIZE_BY = ("words", "counted")


# --- single-term reference implementations (pure, for users and tests) ------------------------
def dispersion(counts: Sequence[float], sizes: Sequence[float] | None = None) -> dict[str, float]:
    """Dispersion of one term from its per-part counts ``v_i`` and the part sizes.

    Parameters
    ----------
    counts : frequency of the term in each part (zeros included).
    sizes : size of each part (tokens); equal parts if omitted.

    Returns
    -------
    dict with ``range``, ``juilland_d``, ``dp``, ``dp_norm``, ``rosengren_s``, ``carroll_d2``
    (definitions in the module docstring).
    """
    v = np.asarray(counts, dtype=np.float64)
    size = np.ones_like(v) if sizes is None else np.asarray(sizes, dtype=np.float64)
    if v.shape != size.shape or v.ndim != 1 or len(v) == 0:
        raise ValueError("counts and sizes must be two 1-d sequences of the same, non-zero length")
    if (size <= 0).any():
        raise ValueError("every part must have a positive size")
    n, f = len(v), v.sum()
    s = size / size.sum()
    x = v / size
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.clip(1 - (x.std() / x.mean()) / np.sqrt(n - 1), 0, 1) if n > 1 else np.nan
        dp = 0.5 * np.abs(v / f - s).sum()
        q = x[x > 0] / x.sum()
        d2 = (0.0 - (q * np.log2(q)).sum()) / np.log2(n) if n > 1 else np.nan
        return {
            "range": int((v > 0).sum()),
            "juilland_d": float(d),
            "dp": float(dp),
            "dp_norm": float(dp / (1 - s.min())),
            "rosengren_s": float(np.sqrt(s * v).sum() ** 2 / f),
            "carroll_d2": float(d2),
        }


def arf(positions: Sequence[int], corpus_size: int) -> float:
    """Average reduced frequency (Savický & Hlaváčová 2002) of one term.

    ``positions`` are the term's item positions (any base, strictly increasing after sorting),
    ``corpus_size`` is ``N``. See the module docstring for the formula.
    """
    p = np.sort(np.asarray(positions, dtype=np.float64))
    if len(p) == 0:
        return 0.0
    gaps = np.diff(p, prepend=p[-1] - corpus_size)
    seg = corpus_size / len(p)
    return float(np.minimum(gaps, seg).sum() / seg)


# --- the word list -----------------------------------------------------------------------------
def _segments(tokens: pd.DataFrame) -> np.ndarray:
    """Sentence ids over the whole table (a new id at every document or sentence change)."""
    doc = pd.factorize(tokens["doc"])[0]
    new = np.ones(len(tokens), dtype=bool)
    if "sentence" in tokens.columns:
        sent = tokens["sentence"].to_numpy()
        new[1:] = (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])
    else:
        new[1:] = doc[1:] != doc[:-1]
    return np.cumsum(new)


def ngram_starts(tokens: pd.DataFrame, n: int, keep: np.ndarray | None = None) -> np.ndarray:
    """Row positions where an n-gram of ``n`` kept, consecutive tokens of one sentence starts."""
    if not 1 <= n <= MAX_NGRAM:
        raise ValueError(f"ngram must be between 1 and {MAX_NGRAM}, got {n}")
    rows = len(tokens)
    keep = np.ones(rows, dtype=bool) if keep is None else keep
    m = rows - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.int64)
    valid = keep[:m].copy()
    seg = _segments(tokens) if n > 1 else None
    for k in range(1, n):
        valid &= keep[k : k + m]
        assert seg is not None
        valid &= seg[k : k + m] == seg[:m]
    return np.flatnonzero(valid)


def _array_split_ids(n_items: int, chunks: int) -> np.ndarray:
    """Chunk id of each of ``n_items`` items, the cut of ``numpy.array_split(items, chunks)``."""
    small, extra = divmod(n_items, chunks)
    sizes = np.full(chunks, small, dtype=np.int64)
    sizes[:extra] += 1
    return np.repeat(np.arange(chunks, dtype=np.int64), sizes)


def word_token_count(tokens: pd.DataFrame) -> int:
    """The corpus's word tokens: rows that are not punctuation and whose ``norm`` is not empty.

    This is the denominator of ``per_million`` (and the default corpus size of keyness), the
    same whatever ``exclude`` filters. Without a ``script`` column every row counts as a word.
    """
    words = np.ones(len(tokens), dtype=bool)
    if "script" in tokens.columns:
        words &= (tokens["script"] != "punct").to_numpy(dtype=bool, na_value=True)
    if "norm" in tokens.columns:
        words &= (tokens["norm"] != "").to_numpy(dtype=bool, na_value=True)
    return int(words.sum())


def term_by_document(
    tokens: pd.DataFrame,
    terms: str | Iterable[str] | None = None,
    *,
    by: str = "norm",
    exclude: Any = ("punct",),
    relative: bool = False,
) -> pd.DataFrame:
    """A term × document table: the frequency of each term in each document.

    Parameters
    ----------
    tokens : token table.
    terms : the terms (rows) wanted, in this order; with ``by="norm"`` each is normalised
        first (``OpenAI`` finds ``openai``). None: every term (a wide table: terms × documents).
    by, exclude : what a term is and what is left out, as in :func:`frequencies`.
    relative : per million word tokens of each document (punctuation left out, whatever
        ``exclude`` says, as ``per_million`` of :func:`frequencies`) instead of counts.

    Returns
    -------
    DataFrame indexed by term (rows in the order of ``terms``, else by total frequency then
    term), one column per document in table order: int64 counts, or float64 per million
    with ``relative=True``. ``attrs``: ``signature``, ``doc_words`` (word tokens per document).
    A term that occurs nowhere gives a row of zeros and a
    :class:`~corpus_tools.kwic.NoMatchWarning`.
    """
    _require(tokens, "doc", "term_by_document")
    if by == "norm" and "norm" not in tokens.columns:
        tokens = tokens.assign(norm=_norm_column(tokens))
    _require(tokens, by, f"by={by!r}")
    doc_codes, docs = pd.factorize(tokens["doc"], sort=False)
    keep = ~exclude_mask(tokens, exclude)
    term_codes, vocab = pd.factorize(tokens[by], use_na_sentinel=True)
    keep &= term_codes >= 0
    counts = np.bincount(
        term_codes[keep] * len(docs) + doc_codes[keep], minlength=len(vocab) * len(docs)
    ).reshape(len(vocab), len(docs))
    names = pd.Index(vocab, dtype="str")
    if terms is None:
        order = np.lexsort((np.argsort(np.argsort(names.to_numpy())), -counts.sum(axis=1)))
        rows, index = order, names.take(order)
    else:
        wanted = [terms] if isinstance(terms, str) else [str(t) for t in terms]
        index = pd.Index(_query_forms(wanted, by), dtype="str")
        rows = names.get_indexer(index)
        for term, row in zip(wanted, rows, strict=True):
            if row < 0:
                from corpus_tools.kwic import warn_no_match

                warn_no_match("term", term, by)
    table = np.where(rows[:, None] >= 0, counts[np.maximum(rows, 0)], 0) if len(docs) else counts
    words = _doc_words(tokens, doc_codes, len(docs))
    values = table / np.where(words > 0, words, 1) * 1e6 if relative else table.astype(np.int64)
    out = pd.DataFrame(values, index=index, columns=pd.Index(docs, dtype="str", name="doc"))
    out.index.name = "term"
    out.attrs["doc_words"] = dict(zip(map(str, docs), words.tolist(), strict=True))
    out.attrs["signature"] = extend_signature(
        tokens.attrs.get("signature"),
        analysis="term_by_document",
        by=by,
        exclude=_exclusion_signature(exclude),
        relative="per_million_words" if relative else "no",
    )
    return out


def _query_forms(terms: list[str], by: str) -> list[str]:
    if by != "norm":
        return terms
    from corpus_tools.normalize import normalizer

    run = normalizer()
    return [run(t) for t in terms]


def _doc_words(tokens: pd.DataFrame, doc_codes: np.ndarray, n_docs: int) -> np.ndarray:
    """Word tokens per document (the per-million denominator of :func:`word_token_count`)."""
    words = np.ones(len(tokens), dtype=bool)
    if "script" in tokens.columns:
        words &= (tokens["script"] != "punct").to_numpy(dtype=bool, na_value=True)
    if "norm" in tokens.columns:
        words &= (tokens["norm"] != "").to_numpy(dtype=bool, na_value=True)
    return np.bincount(doc_codes[words], minlength=n_docs).astype(np.int64)


def _part_ids(
    tokens: pd.DataFrame, rows: np.ndarray, parts: Any, chunks: int | None
) -> tuple[np.ndarray, str]:
    """Part id of every counted item (and a label for the signature)."""
    n_items = len(rows)
    if chunks is not None:
        if chunks < 1:
            raise ValueError(f"chunks must be a positive integer, got {chunks}")
        return _array_split_ids(n_items, chunks), f"chunks{chunks}"
    if isinstance(parts, str):
        _require(tokens, parts, f"parts={parts!r}")
        codes = pd.factorize(tokens[parts])[0]
        label = parts
    else:
        arr = np.asarray(parts)
        if len(arr) != len(tokens):
            raise ValueError(
                f"parts has {len(arr)} values but the token table has {len(tokens)} rows"
            )
        codes = pd.factorize(arr)[0]
        label = "custom"
    if (codes[rows] < 0).any():
        raise ValueError("parts has missing values for counted tokens")
    return codes[rows].astype(np.int64), label


def frequencies(
    tokens: pd.DataFrame,
    *,
    by: str = "norm",
    ngram: int = 1,
    min_freq: int = 1,
    exclude: Any = (),
    parts: Any = "doc",
    chunks: int | None = None,
    dispersion: bool = True,
    normalize_by: str = "words",
) -> pd.DataFrame:
    """Word list (or n-gram list) with frequencies and dispersion.

    Parameters
    ----------
    tokens : token table (``corpus_tools.tokenize.tokenize`` or ``annotate``).
    by : token attribute to count: ``"norm"`` (default, as for keyness, collocations and
        kwic; computed from ``surface`` when the table has no ``norm`` column), ``"surface"``,
        ``"form"``, ``"lemma"``, ``"upos"`` or any other column. Tokens where it is missing
        (NA) are not counted.
    ngram : 1 to 5; n-grams never cross a sentence or an excluded token, and are written
        with single spaces between their parts.
    min_freq : keep terms with at least this frequency (applied last: ``N`` is unaffected).
    exclude : what to leave out before counting, see :func:`exclude_mask`
        (e.g. ``("punct", "digits", "stopwords", "residue")``).
    parts : the partition for range and dispersion: a token-table column (default ``"doc"``)
        or an array of part labels, one per token row.
    chunks : instead of ``parts``, cut the counted items into this many consecutive chunks of
        equal size (± 1), as ``numpy.array_split`` does (see the module docstring).
    dispersion : compute the dispersion columns (set False for a plain, faster count).
    normalize_by : denominator of ``per_million``: ``"words"`` (default; the corpus's word
        tokens, :func:`word_token_count`, independent of ``exclude``) or ``"counted"`` (the
        ``N`` items left after exclusions).

    Returns
    -------
    pandas.DataFrame, one row per term, sorted by ``freq`` (descending) then ``term``:

    - ``term`` (str): the attribute value, or the n-gram joined by spaces.
    - ``freq`` (int64): occurrences.
    - ``per_million`` (float64): ``freq / W · 10⁶``, with ``W`` the corpus's word tokens
      (``normalize_by="words"``) or the ``N`` counted items (``normalize_by="counted"``).
    - ``range`` (int64), ``range_pct`` (float64): parts containing the term (count, %).
    - ``juilland_d``, ``dp``, ``dp_norm``, ``rosengren_s``, ``carroll_d2``, ``arf`` (float64):
      dispersion, defined in the module docstring.

    ``attrs`` holds ``signature``, ``n_items`` (``N``), ``n_words`` (``W``), ``n_parts``,
    ``normalize_by`` and ``by``. Empty parts
    (no counted items) are dropped from the partition.
    """
    tokens = _checked_for_frequencies(tokens, by=by, normalize_by=normalize_by)
    term, item, rows = counted_items(tokens, by=by, ngram=ngram, exclude=exclude)
    n_items, n_words = len(item), word_token_count(tokens)
    data = _frequency_columns(term, item, n_words if normalize_by == "words" else n_items)
    part_label, n_parts = "none", 0
    if dispersion:
        part, part_label = _part_ids(tokens, rows, parts, chunks)
        columns, n_parts = _dispersion_table(item, part, data["freq"])
        data.update(columns)
    out = _word_list_frame(data, min_freq)
    out.attrs["signature"] = extend_signature(
        tokens.attrs.get("signature"),
        analysis="frequencies",
        by=by,
        ngram=ngram,
        min_freq=min_freq,
        exclude=_exclusion_signature(exclude),
        parts=part_label,
        per_million=normalize_by,
    )
    out.attrs.update(
        n_items=int(n_items), n_words=n_words, normalize_by=normalize_by, n_parts=n_parts, by=by
    )
    return out


def _frequency_columns(term: pd.Series, item: np.ndarray, base: int) -> dict[str, Any]:
    """``term``, ``freq`` and ``per_million`` (per ``base`` items) of the counted items."""
    freq = np.bincount(item, minlength=len(term)).astype(np.int64)
    return {
        "term": term,
        "freq": freq,
        "per_million": freq / base * 1e6 if base else np.zeros(len(term)),
    }


def _checked_for_frequencies(tokens: pd.DataFrame, *, by: str, normalize_by: str) -> pd.DataFrame:
    """``tokens`` with the columns :func:`frequencies` needs (``norm`` made from ``surface``)."""
    if by == "norm" and "norm" not in tokens.columns and "surface" in tokens.columns:
        tokens = tokens.assign(norm=_norm_column(tokens))
    _require(tokens, by, f"by={by!r}")
    _require(tokens, "doc", "frequencies")
    if normalize_by not in NORMALIZE_BY:
        raise ValueError(f"normalize_by must be one of {NORMALIZE_BY}, got {normalize_by!r}")
    return tokens


def _word_list_frame(data: dict[str, Any], min_freq: int) -> pd.DataFrame:
    """The word list in its documented order: freq descending, then term (code points)."""
    out = pd.DataFrame(data)
    out["term"] = out["term"].astype("str")
    # pyarrow ranks the strings in C++
    term_rank = np.asarray(pc.rank(pa.array(out["term"]), sort_keys="ascending"))
    out = out.take(np.lexsort((term_rank, -out["freq"].to_numpy()))).reset_index(drop=True)
    if min_freq > 1:
        out = out[out["freq"] >= min_freq].reset_index(drop=True)
    return out


def counted_items(
    tokens: pd.DataFrame, *, by: str = "surface", ngram: int = 1, exclude: Any = ()
) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """The counting half of :func:`frequencies`: terms, item ids and item rows.

    Returns ``term`` (str Series, one per distinct term, in order of first appearance),
    ``item`` (int64 term id of every counted item, in corpus order) and ``rows`` (the token
    row where each item starts).
    """
    _require(tokens, by, f"by={by!r}")
    values = tokens[by]
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(tokens) and (codes < 0).all():
        raise ValueError(
            f"the token table has no {by!r} values (all missing); "
            "annotate it with a model that provides them (annotate(..., annotator='stanza'))"
        )
    keep = ~exclude_mask(tokens, exclude) & (codes >= 0)
    rows = ngram_starts(tokens, ngram, keep)

    vocab = pd.Series(uniques, dtype="str").reset_index(drop=True)
    item = codes[rows].astype(np.int64)
    if ngram == 1:
        # Drop types that were all excluded; renumber by gathering (no second hashing pass).
        present = np.flatnonzero(np.bincount(item, minlength=len(uniques)))
        renumber = np.zeros(len(uniques), dtype=np.int64)
        renumber[present] = np.arange(len(present))
        item = renumber[item]
        term = vocab.take(present).reset_index(drop=True)
    else:
        n_types = max(len(uniques), 1)
        for k in range(1, ngram):
            item = pd.factorize(item * n_types + codes[rows + k])[0].astype(np.int64)
        first = _first_occurrences(item)
        term = _term_strings(vocab, codes, rows[first], ngram)
    return term, item, rows


def _first_occurrences(item: np.ndarray) -> np.ndarray:
    """Positions where each id of a ``factorize`` result first appears (ids 0, 1, ... in order)."""
    if len(item) == 0:
        return np.zeros(0, dtype=np.int64)
    # factorize numbers in order of first appearance, so a new id is a new running maximum.
    prev_max = np.maximum.accumulate(np.concatenate([[-1], item[:-1]]))
    return np.flatnonzero(item > prev_max)


def _term_strings(vocab: pd.Series, codes: np.ndarray, starts: np.ndarray, ngram: int) -> pd.Series:
    out = vocab.take(codes[starts]).reset_index(drop=True)
    for k in range(1, ngram):
        out = out + " " + vocab.take(codes[starts + k]).reset_index(drop=True)
    return out


def _dispersion_table(
    item: np.ndarray, part: np.ndarray, freq: np.ndarray
) -> tuple[dict[str, np.ndarray], int]:
    """All dispersion columns at once, from sparse (term, part) counts (vectorised).

    Returns the columns and the number of (non-empty) parts.
    """
    n_terms = len(freq)
    n_items = len(item)
    nan = np.full(n_terms, np.nan)
    if n_items == 0:
        zeros = np.zeros(0, dtype=np.int64)
        return {
            "range": zeros, "range_pct": nan, "juilland_d": nan, "dp": nan, "dp_norm": nan,
            "rosengren_s": nan, "carroll_d2": nan, "arf": nan,
        }, 0  # fmt: skip
    # Renumber parts 0..n-1 in order of appearance, which drops empty parts; contiguous runs
    # (documents, chunks) need no hashing.
    if (np.diff(part) >= 0).all():
        change = np.ones(n_items, dtype=bool)
        change[1:] = part[1:] != part[:-1]
        part = np.cumsum(change) - 1
    else:
        part = pd.factorize(part)[0].astype(np.int64)
    size = np.bincount(part).astype(np.float64)
    n_parts = len(size)

    # One sort of (term, position) keys: positions ascend within each term (needed for ARF),
    # and the (term, part) pairs come out grouped when parts are contiguous runs (documents,
    # chunks). Sorting the composite int64 key is ~3x faster than a stable argsort.
    # Bit fields (term << shift | position) split with shifts, cheaper than divmod.
    shift = int(n_items).bit_length()
    if int(n_terms).bit_length() + shift > 62:  # pragma: no cover - > 2**31 items
        raise ValueError("too many items for one word list")
    composite = np.sort((item << shift) | np.arange(n_items, dtype=np.int64))
    term_s = composite >> shift
    order = composite & ((1 << shift) - 1)
    del composite
    part_s = part[order]
    key = term_s * n_parts + part_s
    if n_items > 1 and not (np.diff(key) >= 0).all():
        key = np.sort(key)
    boundary = np.flatnonzero(np.diff(key)) + 1
    run_start = np.concatenate([[0], boundary])
    v = np.diff(np.concatenate([run_start, [n_items]])).astype(np.float64)
    pair_term = key[run_start] // n_parts
    pair_part = key[run_start] % n_parts

    columns = partition_dispersion(pair_term, pair_part, v, size, freq)
    columns["arf"] = _arf_values(term_s, order, freq, n_items)
    return columns, n_parts


def partition_dispersion(
    pair_term: np.ndarray,
    pair_part: np.ndarray,
    v: np.ndarray,
    size: np.ndarray,
    freq: np.ndarray,
) -> dict[str, np.ndarray]:
    """Range and the partition-based dispersion measures from sparse (term, part) counts.

    ``pair_term``/``pair_part``/``v``: one entry per (term, part) with ``v > 0`` occurrences,
    grouped by term, parts ascending within a term; ``size``: items per (non-empty) part;
    ``freq``: frequency per term. This is the scoring half of the word list: the counts may
    come from one token table or from merged shard partials (:mod:`corpus_tools.counting`).
    """
    n_terms = len(freq)
    n_parts = len(size)
    nan = np.full(n_terms, np.nan)
    share = size / size.sum()
    v = v.astype(np.float64)
    f = freq.astype(np.float64)
    s = share[pair_part]
    x = v / size[pair_part]
    rng = np.bincount(pair_term, minlength=n_terms).astype(np.int64)

    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.bincount(pair_term, x, minlength=n_terms) / n_parts
        dev2: np.ndarray = np.bincount(pair_term, (x - mean[pair_term]) ** 2, minlength=n_terms)
        dev2 = dev2 + (n_parts - rng) * mean**2
        variation = np.sqrt(dev2 / n_parts) / mean
        juilland = np.clip(1 - variation / np.sqrt(n_parts - 1), 0, 1) if n_parts > 1 else nan

        abs_dev = np.bincount(pair_term, np.abs(v / f[pair_term] - s), minlength=n_terms)
        share_in = np.bincount(pair_term, s, minlength=n_terms)
        dp = np.clip(0.5 * (abs_dev + np.clip(1 - share_in, 0, None)), 0, 1)
        dp_norm = dp / (1 - share.min()) if n_parts > 1 else nan

        rosengren = np.bincount(pair_term, np.sqrt(s * v), minlength=n_terms) ** 2 / f

        q = x / np.bincount(pair_term, x, minlength=n_terms)[pair_term]
        entropy = 0.0 - np.bincount(pair_term, q * np.log2(q), minlength=n_terms)
        carroll = entropy / np.log2(n_parts) if n_parts > 1 else nan

    return {
        "range": rng,
        "range_pct": 100.0 * rng / n_parts,
        "juilland_d": np.asarray(juilland, dtype=np.float64),
        "dp": dp,
        "dp_norm": np.asarray(dp_norm, dtype=np.float64),
        "rosengren_s": rosengren,
        "carroll_d2": np.asarray(carroll, dtype=np.float64),
    }


def _arf_values(
    term_s: np.ndarray, order: np.ndarray, freq: np.ndarray, n_items: int
) -> np.ndarray:
    """ARF from cyclic gaps between successive positions of the same term.

    ``term_s``/``order``: term and item position of every item, sorted by (term, position).
    """
    f = freq.astype(np.float64)
    pos = order.astype(np.float64)
    gaps = np.empty(n_items)
    gaps[1:] = pos[1:] - pos[:-1]
    group_start = np.flatnonzero(np.diff(term_s, prepend=-1))
    group_end = np.concatenate([group_start[1:], [n_items]]) - 1
    gaps[group_start] = pos[group_start] + n_items - pos[group_end]
    seg = n_items / f
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.bincount(term_s, np.minimum(gaps, seg[term_s]), minlength=len(f)) / seg
