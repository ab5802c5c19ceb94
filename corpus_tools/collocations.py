"""Window-based collocations: surface co-occurrence counts, association scores, networks.

Counting is separate from scoring (Evert 2008): :func:`cooccurrences` turns a token table into
one 2×2 contingency table per (node, collocate) pair; :mod:`corpus_tools.association` scores
them; :func:`collocations` ranks; :func:`collocation_network` links nodes to collocates
GraphColl-style (Brezina, McEnery & Wattam 2015).

Surface co-occurrence and its contingency table
-----------------------------------------------
Following Evert (2008, §3.1 and §5.1; "Corpora and collocations") and CQPweb's collocation
tables, the sample is the set of N corpus positions (tokens left after ``exclude``), and every
position is classified twice: *inside or outside the node's span* (rows) and *is or is not the
collocate* (columns):

* the **span** of one node instance at position i is the positions i−L … i−1 and i+1 … i+R,
  clipped to the sentence (``within_sentence=True``) or the document; the node instance itself
  is never in its own span;
* the spans of all instances of the node are **pooled** and a position covered by several of
  them (overlapping windows) is counted **once**: every corpus position then falls into exactly
  one cell of Evert's (2008, §5.1) 2×2 table of token positions, which is what makes the
  marginals add up. (This is our decision where tools differ: counting a position once per
  window, as NLTK's window finder does, lets O11 exceed C1.) Another instance of the node lying
  inside a span is an ordinary token of it, so self-pairs (w, w) are counted, as adjacent
  bigram counts do;
* ``O11`` = number of tokens of the collocate inside the pooled span, ``R1`` = size of the
  pooled span (window slots, overlaps once), ``C1`` = corpus frequency of the collocate,
  ``N`` = corpus size; hence ``O11 ≤ min(R1, C1)`` and the other cells are never negative:
  ``O12 = R1 − O11`` (other tokens in the span), ``O21 = C1 − O11`` (collocate tokens outside),
  ``O22 = N − R1 − C1 + O11``, ``E11 = R1·C1/N``.

Without overlaps ``R1`` is CQPweb's "number of tokens in the window" (window slots),
``(L + R) × f(node)`` minus what sentence or document edges cut off; pooling only removes the
double counts that would make O11 exceed C1. With ``window=(0, 1)`` O11 is the ordered adjacent
bigram count, ``R1`` the number of node tokens that have a right neighbour, ``C1`` the unigram
frequency and ``N`` the token count (NLTK's marginals except at sentence ends).

``exclude`` removes tokens *from the stream* before windows are laid out (punctuation takes no
window slot and is not part of N); the token-level filters ``collocate_upos``,
``collocate_exclude`` and ``node_upos`` keep every slot but decide which tokens may count as
the collocate (they then also define C1: e.g. the frequency of ``كبير`` *as an ADJ*) or as a
node instance.

Everything is vectorised: words are integer ids (``pandas.factorize``), every offset of the
window is one shifted view of the id array, overlaps are removed by comparing the node ids of
the offsets that cover the same position, and pairs are counted with ``bincount`` on a dense
table for pairs of the :data:`DENSE` most frequent words and by sorting ``int64`` codes
``id1·V + id2`` for the rest. There is no Python loop over tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.association import MEASURES, NODE_FREQUENCY_MEASURES, check_measures
from corpus_tools.collocation_stream import DEFAULT_EXCLUDE, _node_ids, _prepare, _Stream, _window
from corpus_tools.signature import extend_signature

__all__ = [
    "COOCCURRENCE_COLUMNS",
    "check_measures",
    "collocation_network",
    "collocations",
    "cooccurrences",
]

#: Columns of :func:`cooccurrences`, in order.
COOCCURRENCE_COLUMNS = ("w1", "w2", "o11", "r1", "c1", "n", "o12", "o21", "o22", "e11", "f1")

# --- counting ---------------------------------------------------------------------------------


def _rooms(seg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tokens available to the left / right of each position inside its segment."""
    m = len(seg)
    pos = np.arange(m, dtype=np.int64)
    new_seg = np.empty(m, dtype=bool)
    new_seg[:1] = True
    np.not_equal(seg[1:], seg[:-1], out=new_seg[1:])
    seg_first = np.flatnonzero(new_seg)
    seg_last = np.append(seg_first[1:], m) - 1
    k = np.cumsum(new_seg) - 1  # segment number of each position
    # int16 (clipped) keeps the per-offset comparisons cheap; windows are far shorter than 32767
    left = np.minimum(pos - seg_first[k], 32767).astype(np.int16)
    right = np.minimum(seg_last[k] - pos, 32767).astype(np.int16)
    return left, right


#: Pairs of two of the DENSE most frequent words are counted in a dense DENSE×DENSE table
#: (``bincount``) instead of being sorted; in Zipfian text that is about half of all pairs.
DENSE = 2048


def _count(
    stream: _Stream, node_ids: np.ndarray | None, left: int, right: int, min_cofreq: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pooled-span counts: (pair w1 ids, pair w2 ids, O11, R1 per id, C1 per id, freq per id).

    Pairs come ordered by (w1 id, w2 id); pairs with O11 < ``min_cofreq`` are dropped here
    already (they never reach a DataFrame).
    """
    ids = stream.ids
    m = len(ids)
    v = len(stream.vocab)
    freq = np.bincount(ids, minlength=v).astype(np.int64)
    c1 = np.bincount(ids[stream.coll_ok], minlength=v).astype(np.int64)
    r1 = np.zeros(v, dtype=np.int64)
    if m == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, r1, c1, freq
    node_mask = stream.node_ok if node_ids is None else stream.node_ok & np.isin(ids, node_ids)
    # frequent × frequent pairs go to a dense DENSE×DENSE table (bincount), the rest become
    # int64 codes id1·V + id2 and are sorted; per-position lookups avoid per-pair gathers
    dense = min(DENSE, v)
    rank = np.argsort(-freq, kind="stable")
    slot_of = np.full(v, -1, dtype=np.int32)
    slot_of[rank[:dense]] = np.arange(dense, dtype=np.int32)
    slot = slot_of[ids]
    masks, span_slots = _offset_masks(stream, node_mask, slot >= 0, left, right)
    w = left + right
    nodes_at = np.flatnonzero(span_slots[w : w + m])
    r1 += np.bincount(ids[nodes_at], weights=span_slots[w : w + m][nodes_at], minlength=v).astype(
        np.int64
    )
    del span_slots, nodes_at
    dense_codes, codes = _pair_codes(masks, ids, slot, dense=dense, v=v, w=w)
    del masks
    table = np.bincount(dense_codes, minlength=dense * dense) if len(dense_codes) else None
    del dense_codes
    uniq, o11 = _sorted_runs(codes, min_cofreq)
    del codes
    if table is not None:
        uniq, o11 = _with_dense_pairs(uniq, o11, table, rank[:dense], v=v, min_cofreq=min_cofreq)
    return uniq // v, uniq % v, o11.astype(np.int64), r1, c1, freq


def _padded(a: np.ndarray, w: int) -> np.ndarray:
    """``a`` with ``w`` zeros (False) on each side, so that shifted views stay in bounds."""
    pad = np.zeros(w, a.dtype)
    return np.concatenate([pad, a, pad])


def _fresh_masks(
    ids: np.ndarray, node_mask: np.ndarray, right_room: np.ndarray, w: int
) -> dict[int, np.ndarray]:
    """fresh[k][p] (padded) is False where positions p and p + k hold instances of the same node
    type in one segment: a position in both their spans belongs to the pooled span only once."""
    m = len(ids)
    fresh: dict[int, np.ndarray] = {}
    for k in range(1, min(w, m - 1) + 1):
        rep = node_mask[:-k] & node_mask[k:] & (ids[:-k] == ids[k:]) & (right_room[:-k] >= k)
        if rep.any():
            ok = np.ones(m + 2 * w, dtype=bool)
            ok[w : w + m - k] = ~rep
            fresh[k] = ok
    return fresh


def _offset_masks(
    stream: _Stream, node_mask: np.ndarray, is_dense: np.ndarray, left: int, right: int
) -> tuple[list[tuple[int, np.ndarray, np.ndarray]], np.ndarray]:
    """Per offset ``d``: the collocate positions ``j`` first counted for a node at ``j - d``,
    split into dense × dense pairs and the rest; and per node instance (padded) the number of
    positions it adds to R1. A position in the spans of two instances of one node counts once.
    """
    m = len(node_mask)
    left_room, right_room = _rooms(stream.seg)
    w = left + right  # the largest distance between two node instances covering one position
    fresh = _fresh_masks(stream.ids, node_mask, right_room, w)
    pad_node, pad_dense = _padded(node_mask, w), _padded(is_dense, w)
    coll_dense = is_dense & stream.coll_ok
    span_slots = np.zeros(m + 2 * w, dtype=np.int16)  # per node instance: positions it adds to R1
    done: list[int] = []
    masks: list[tuple[int, np.ndarray, np.ndarray]] = []
    for d in [d for k in range(1, max(left, right) + 1) for d in (-k, k) if -left <= d <= right]:
        # collocate position j, node instance at j - d (views of the padded arrays)
        lo, hi_ = w - d, w - d + m
        first = pad_node[lo:hi_] & ((left_room >= d) if d > 0 else (right_room >= -d))
        for e in done:
            if abs(d - e) in fresh:
                hi = max(d, e)  # the left one of the two instances sits at j - max(d, e)
                first &= fresh[abs(d - e)][w - hi : w - hi + m]
        done.append(d)
        span_slots[lo:hi_] += first
        both = first & coll_dense & pad_dense[lo:hi_]
        rest = first & stream.coll_ok
        rest &= ~both
        masks.append((d, both, rest))
    return masks, span_slots


def _pair_codes(
    masks: list[tuple[int, np.ndarray, np.ndarray]],
    ids: np.ndarray,
    slot: np.ndarray,
    *,
    dense: int,
    v: int,
    w: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each counted pair as a code: ``slot1·dense + slot2`` (int32) for dense × dense pairs,
    ``id1·V + id2`` (int64) for the rest; written into preallocated arrays, offset by offset."""
    m = len(ids)
    pad_id, pad_slot = _padded(ids, w), _padded(slot, w)
    n_dense = sum(int(np.count_nonzero(both)) for _, both, _ in masks)
    n_sparse = sum(int(np.count_nonzero(rest)) for _, _, rest in masks)
    dense_codes = np.empty(n_dense, dtype=np.int32)
    codes = np.empty(n_sparse, dtype=np.int64)
    i_dense = i_sparse = 0
    for d, both, rest in masks:
        lo, hi_ = w - d, w - d + m
        k = int(np.count_nonzero(both))
        np.multiply(pad_slot[lo:hi_][both], dense, out=dense_codes[i_dense : i_dense + k])
        dense_codes[i_dense : i_dense + k] += slot[both]
        i_dense += k
        k = int(np.count_nonzero(rest))
        np.multiply(pad_id[lo:hi_][rest], np.int64(v), out=codes[i_sparse : i_sparse + k])
        codes[i_sparse : i_sparse + k] += ids[rest]
        i_sparse += k
    return dense_codes, codes


def _sorted_runs(codes: np.ndarray, min_cofreq: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct codes and how often each occurs (at least ``min_cofreq``); sorts ``codes``."""
    if not len(codes):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    codes.sort()
    starts = np.empty(len(codes), dtype=bool)
    starts[0] = True
    np.not_equal(codes[1:], codes[:-1], out=starts[1:])
    first_idx = np.flatnonzero(starts)
    del starts
    o11 = np.empty(len(first_idx), dtype=np.int64)  # run lengths, no temporary copy
    np.subtract(first_idx[1:], first_idx[:-1], out=o11[:-1])
    o11[-1] = len(codes) - first_idx[-1]
    keep = o11 >= min_cofreq
    return codes[first_idx[keep]], o11[keep]


def _with_dense_pairs(
    uniq: np.ndarray,
    o11: np.ndarray,
    table: np.ndarray,
    words: np.ndarray,
    *,
    v: int,
    min_cofreq: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The sparse pairs plus the dense table's cells (``words``: the id of each slot), as
    codes ``id1·V + id2`` in increasing order."""
    dense = len(words)
    cells = np.flatnonzero(table >= max(min_cofreq, 1))
    uniq_dense = words[cells // dense] * np.int64(v) + words[cells % dense]
    uniq = np.concatenate([uniq, uniq_dense])
    o11 = np.concatenate([o11, table[cells]])
    order = np.argsort(uniq, kind="stable")
    return uniq[order], o11[order]


def _pairs(
    stream: _Stream,
    counted: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    *,
    min_cofreq: int,
    min_freq: int,
) -> dict[str, np.ndarray]:
    """Numeric columns of the filtered pairs: ``a``/``b`` (word ids), ``o11``, ``r1``, ``c1``, ``n``."""
    a, b, o11, r1_t, c1_t, freq = counted
    keep = o11 >= min_cofreq
    if min_freq > 1:
        keep &= (freq[a] >= min_freq) & (c1_t[b] >= min_freq)
    a, b, o11 = a[keep], b[keep], o11[keep]
    node_freq = np.bincount(stream.ids[stream.node_ok], minlength=len(stream.vocab))
    return {
        "a": a,
        "b": b,
        "o11": o11,
        "r1": r1_t[a],
        "c1": c1_t[b],
        "n": np.full(len(o11), len(stream.ids), dtype=np.int64),
        "f1": node_freq[a].astype(np.int64),
    }


def _measure(name: str, pairs: dict[str, np.ndarray]) -> np.ndarray:
    """One measure on the pairs; Rychlý's logDice gets the node frequency as its R1."""
    r1 = pairs["f1"] if name in NODE_FREQUENCY_MEASURES else pairs["r1"]
    return MEASURES[name](pairs["o11"], r1, pairs["c1"], pairs["n"])


def _frame(
    stream: _Stream, pairs: dict[str, np.ndarray], extra: dict[str, np.ndarray] | None = None
) -> pd.DataFrame:
    """The documented DataFrame (strings materialised once, for the rows kept, in their order)."""
    o11, r1, c1, n = pairs["o11"], pairs["r1"], pairs["c1"], len(stream.ids)
    return pd.DataFrame(  # fresh arrays: copy=False skips pandas' block consolidation copy
        {
            "w1": pd.Series(stream.vocab.take(pairs["a"]), dtype="str"),
            "w2": pd.Series(stream.vocab.take(pairs["b"]), dtype="str"),
            "o11": o11,
            "r1": r1,
            "c1": c1,
            "n": pairs["n"],
            "o12": r1 - o11,
            "o21": c1 - o11,
            "o22": n - r1 - c1 + o11,
            "e11": r1.astype(np.float64) * c1 / n if n else np.zeros(len(o11)),
            "f1": pairs["f1"],
            **(extra or {}),
        },
        copy=False,
    )


def _count_signature(
    stream: _Stream, left: int, right: int, node: Any, min_cofreq: int, min_freq: int
) -> str:
    return extend_signature(
        stream.base_signature,
        cooccurrence="surface",
        window=f"L{left}R{right}",
        **stream.settings,
        node=_node_signature(node),
        min_cofreq=min_cofreq,
        min_freq=min_freq,
    )


def cooccurrences(
    tokens: pd.DataFrame | Sequence[str],
    *,
    window: tuple[int, int] | int = (5, 5),
    by: str = "norm",
    node: str | Iterable[str] | None = None,
    within_sentence: bool = True,
    min_cofreq: int = 1,
    min_freq: int = 1,
    exclude: Any = DEFAULT_EXCLUDE,
    collocate_exclude: Any = (),
    node_upos: str | Iterable[str] | None = None,
    collocate_upos: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Surface co-occurrence counts as contingency tables (Evert 2008; see the module doc).

    Parameters
    ----------
    tokens : token table (see :func:`corpus_tools.tokenize.tokenize`) or a plain sequence of
        words (taken as one document and one sentence; ``exclude`` then works per word type):
        a list, or — without the cost of converting Python strings — a pandas ``str`` Series
        or a pyarrow string array.
    window : ``(L, R)`` tokens to the left and right of the node (an int means ``(k, k)``);
        ``(0, 1)`` gives ordered adjacent bigrams.
    by : the column that defines a word: ``"surface"``, ``"form"``, ``"norm"`` or ``"lemma"``
        (NA lemmas fall back to ``norm``).
    node : a term, several terms (each its own node), or None for every word type.
        With ``by="norm"``/``"lemma"`` the term is also tried in normalised form. A node
        that is not in the corpus gives an empty table and a
        :class:`~corpus_tools.kwic.NoMatchWarning`.
    within_sentence : clip windows at sentence ends (they never cross documents).
    min_cofreq : keep pairs with ``o11 ≥ min_cofreq``.
    min_freq : keep pairs whose node and collocate occur at least ``min_freq`` times.
    exclude : tokens removed from the stream before counting (keywords of
        :data:`corpus_tools.frequency.EXCLUDE_KEYWORDS` — ``"punct"``, ``"digits"``, ``"latin"``,
        ``"stopwords"``, ``"residue"`` — and/or sets of terms). Default ``("punct", "residue")``.
    collocate_exclude : same vocabulary, but the tokens keep their window slots and are only
        barred from being counted as collocates.
    node_upos, collocate_upos : UD POS tags a node instance / a collocate token must have
        (e.g. ``node_upos="NOUN", collocate_upos=("ADJ",)``); needs a ``upos`` column.

    Returns
    -------
    DataFrame, one row per (node, collocate) pair, ordered by node then collocate (first
    appearance in the corpus):

    ``w1`` (node), ``w2`` (collocate), ``o11`` (collocate tokens in the pooled node span),
    ``r1`` (size of the pooled span), ``c1`` (corpus frequency of the collocate, after
    collocate filters), ``n`` (tokens in the stream), ``o12 = r1 − o11``, ``o21 = c1 − o11``,
    ``o22 = n − r1 − c1 + o11`` (int64), ``e11 = r1·c1/n`` (float64), ``f1`` (the node's
    frequency in the stream, after ``node_upos``: the f(x) of Rychlý's ``log_dice``).
    ``attrs["signature"]`` extends the token table's signature with the settings.
    """
    left, right = _window(window)
    stream = _prepare(
        tokens,
        by=by,
        within_sentence=within_sentence,
        exclude=exclude,
        collocate_exclude=collocate_exclude,
        node_upos=node_upos,
        collocate_upos=collocate_upos,
    )
    counted = _count(stream, _node_ids(stream, node, by), left, right, min_cofreq)
    table = _frame(stream, _pairs(stream, counted, min_cofreq=min_cofreq, min_freq=min_freq))
    table.attrs["signature"] = _count_signature(stream, left, right, node, min_cofreq, min_freq)
    return table


def _node_signature(node: str | Iterable[str] | None) -> str:
    if node is None:
        return "all"
    terms = [node] if isinstance(node, str) else [str(x) for x in node]
    return "+".join(terms) if len(terms) <= 5 else f"{len(terms)}terms"


# --- scoring and ranking ----------------------------------------------------------------------


def _rank_order(score: np.ndarray, node: np.ndarray | None, top: int | None) -> np.ndarray:
    """Row order: descending score, NaN last, ties in table order (first appearance of node,
    then collocate). With ``node`` (ids, table order) each node's block is ranked and cut to
    ``top`` separately. Stable sorts on numeric keys only: a total, reproducible order."""
    key = -np.where(np.isnan(score), -np.inf, score)
    # stable sorts: equal keys keep table order
    order = np.argsort(key, kind="stable") if node is None else np.lexsort((key, node))
    if top is None:
        return order
    if node is None:
        return order[:top]
    sorted_nodes = node[order]
    starts = np.flatnonzero(np.r_[True, sorted_nodes[1:] != sorted_nodes[:-1]])
    block_start = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return order[np.arange(len(order)) - block_start < top]


def _scored(
    stream: _Stream,
    pairs: dict[str, np.ndarray],
    names: tuple[str, ...],
    key: str,
    per_node: bool,
    top: int | None,
) -> pd.DataFrame:
    scores = {m: _measure(m, pairs) for m in names}
    order = _rank_order(scores[key], pairs["a"] if per_node else None, top)
    kept = {k: v[order] for k, v in pairs.items()}
    return _frame(stream, kept, {m: v[order] for m, v in scores.items()})


def collocations(
    tokens: pd.DataFrame | Sequence[str],
    *,
    node: str | Iterable[str] | None = None,
    window: tuple[int, int] | int = (5, 5),
    measures: str | Iterable[str] = ("g2", "log_dice", "mi"),
    min_cofreq: int = 3,
    top: int | None = 50,
    sort_by: str | None = None,
    by: str = "norm",
    **count_options: Any,
) -> pd.DataFrame:
    """Collocates of a node (or all pairs), scored and ranked.

    Parameters
    ----------
    tokens, node, window, by : as in :func:`cooccurrences`.
    measures : names from :data:`corpus_tools.association.MEASURES`. ``log_dice`` is Rychlý's
        (2008) logDice on the node frequency ``f1`` (Sketch Engine, #LancsBox);
        ``log_dice_span`` the same formula on the span size ``r1`` (lower by about
        ``log2(L + R)``); every other measure uses the 2×2 table ``o11, r1, c1, n``.
    min_cofreq : minimum co-occurrence frequency (filtering does not change the statistics).
    top : rows to keep per node (per node when ``node`` is given, overall otherwise); None = all.
    sort_by : measure to rank by (default: the first of ``measures``), descending, NaN last,
        ties in table order (first appearance in the corpus of node, then collocate).
    **count_options : ``within_sentence``, ``min_freq``, ``exclude``, ``collocate_exclude``,
        ``node_upos``, ``collocate_upos`` of :func:`cooccurrences`.

    Returns
    -------
    DataFrame in rank order with the columns of :func:`cooccurrences` (``w1, w2, o11, r1, c1,
    n, o12, o21, o22, e11``) followed by one float64 column per measure.
    ``attrs["signature"]`` records window, ``by``, exclusions, measures, thresholds and version.
    """
    names = check_measures(measures)
    key = sort_by or names[0]
    if key not in names:
        names = (*names, *check_measures(key))
    left, right = _window(window)
    min_freq = count_options.pop("min_freq", 1)
    stream = _stream_for(tokens, by, count_options)
    counted = _count(stream, _node_ids(stream, node, by), left, right, min_cofreq)
    pairs = _pairs(stream, counted, min_cofreq=min_cofreq, min_freq=min_freq)
    ranked = _scored(stream, pairs, names, key, per_node=node is not None, top=top)
    signature = _count_signature(stream, left, right, node, min_cofreq, min_freq)
    ranked.attrs["signature"] = extend_signature(signature, measures=names, sort_by=key, top=top)
    return ranked


def _stream_for(tokens: pd.DataFrame | Sequence[str], by: str, options: dict[str, Any]) -> _Stream:
    stream = _prepare(
        tokens,
        by=by,
        within_sentence=options.pop("within_sentence", True),
        exclude=options.pop("exclude", DEFAULT_EXCLUDE),
        collocate_exclude=options.pop("collocate_exclude", ()),
        node_upos=options.pop("node_upos", None),
        collocate_upos=options.pop("collocate_upos", None),
    )
    if options:
        raise TypeError(f"unexpected options {sorted(options)}")
    return stream


def collocation_network(
    tokens: pd.DataFrame | Sequence[str],
    nodes: str | Iterable[str],
    *,
    window: tuple[int, int] | int = (5, 5),
    measure: str = "log_dice",
    threshold: float | None = None,
    min_cofreq: int = 3,
    top: int | None = 10,
    depth: int = 1,
    by: str = "norm",
    **count_options: Any,
) -> pd.DataFrame:
    """A GraphColl-style collocation network (Brezina, McEnery & Wattam 2015).

    Starting from ``nodes``, every collocate with ``o11 ≥ min_cofreq`` and
    ``score ≥ threshold`` (the ``top`` best per node) becomes an edge; with ``depth > 1`` the new
    collocates are expanded in turn (collocates of collocates), each word at most once.
    Counting and scoring are those of :func:`collocations` (one pass over the corpus per level).

    Returns
    -------
    DataFrame of directed edges (node → collocate), in expansion and rank order:
    ``source``, ``target``, ``depth`` (1 = collocate of a start node), ``o11``, ``r1``, ``c1``,
    ``n``, ``f1`` (node frequency), ``score`` (the ``measure``). ``attrs["signature"]`` records all settings;
    ``attrs["measure"]`` and ``attrs["threshold"]`` name the score. Draw it with any graph
    layout: sources and targets are the words, ``score`` the edge weight.
    """
    (name,) = check_measures(measure)
    if depth < 1:
        raise ValueError(f"depth must be ≥ 1, got {depth}")
    left, right = _window(window)
    min_freq = count_options.pop("min_freq", 1)
    stream = _stream_for(tokens, by, count_options)
    frontier = _node_ids(stream, nodes, by)
    assert frontier is not None
    rank = partial(
        _ranked_collocates,
        stream,
        name=name,
        window=(left, right),
        threshold=threshold,
        min_cofreq=min_cofreq,
        min_freq=min_freq,
        top=top,
    )
    out = _expand_network(stream, frontier, rank, depth=depth, name=name)
    out.attrs["signature"] = extend_signature(
        stream.base_signature,
        network="graphcoll",
        window=f"L{left}R{right}",
        **stream.settings,
        nodes=_node_signature(nodes),
        measure=name,
        threshold=threshold,
        min_cofreq=min_cofreq,
        min_freq=min_freq,
        top=top,
        depth=depth,
    )
    out.attrs["measure"] = name
    out.attrs["threshold"] = threshold
    return out


def _expand_network(
    stream: _Stream,
    frontier: np.ndarray,
    rank: Callable[[np.ndarray], pd.DataFrame],
    *,
    depth: int,
    name: str,
) -> pd.DataFrame:
    """Breadth first: the new collocates of one level are the nodes of the next."""
    seen = set(frontier.tolist())
    edges = []
    for level in range(1, depth + 1):
        if not len(frontier):
            break
        ranked = rank(frontier)
        if not len(ranked):
            break
        edges.append(_edges(ranked, name, level))
        targets = stream.vocab.get_indexer(pd.Index(ranked["w2"].unique(), dtype="str"))
        new = [t for t in targets.tolist() if t not in seen]
        seen.update(new)
        frontier = np.array(sorted(new), dtype=np.int64)
    return pd.concat(edges, ignore_index=True) if edges else _no_edges()


def _ranked_collocates(
    stream: _Stream,
    frontier: np.ndarray,
    name: str,
    *,
    window: tuple[int, int],
    threshold: float | None,
    min_cofreq: int,
    min_freq: int,
    top: int | None,
) -> pd.DataFrame:
    """The ``top`` collocates of each node in ``frontier`` scoring at least ``threshold``."""
    counted = _count(stream, frontier, window[0], window[1], min_cofreq)
    pairs = _pairs(stream, counted, min_cofreq=min_cofreq, min_freq=min_freq)
    if threshold is not None:
        with np.errstate(invalid="ignore"):
            passing = _measure(name, pairs) >= threshold
        pairs = {k: v[passing] for k, v in pairs.items()}
    return _scored(stream, pairs, (name,), name, per_node=True, top=top)


_EDGE_COLUMNS = ("source", "target", "depth", "o11", "r1", "c1", "n", "f1", "score")


def _edges(ranked: pd.DataFrame, name: str, level: int) -> pd.DataFrame:
    """One network level: an edge node → collocate per ranked pair."""
    return pd.DataFrame(
        {
            "source": ranked["w1"],
            "target": ranked["w2"],
            "depth": np.full(len(ranked), level, dtype=np.int64),
            "o11": ranked["o11"],
            "r1": ranked["r1"],
            "c1": ranked["c1"],
            "n": ranked["n"],
            "f1": ranked["f1"],
            "score": ranked[name],
        }
    )


def _no_edges() -> pd.DataFrame:
    out = pd.DataFrame(
        {
            c: pd.Series([], dtype="str" if c in ("source", "target") else "int64")
            for c in _EDGE_COLUMNS
        }
    )
    out["score"] = out["score"].astype(np.float64)
    return out
