"""Exact counting over shards: partial count tables that merge associatively.

A corpus too large for one token table is processed as shards of whole documents
(:mod:`corpus_tools.shards`). Each shard yields *partial* count tables on integer ids with the
shard's own vocabulary; partials merge by uniting vocabularies (first appearance kept, so ids
follow corpus order as ``pandas.factorize`` numbers them in memory) and adding counts. Nothing
is thresholded before the last merge, and scoring uses the very functions the in-memory path
uses (:func:`corpus_tools.frequency.partition_dispersion`, the measures of
:mod:`corpus_tools.association` through :mod:`corpus_tools.collocations`), so every statistic
equals the in-memory result.

========================  =========================================================================
partial                   contents, merge
========================  =========================================================================
:class:`WordCounts`       terms; (term, document, count) triples; N items; W word tokens.
                          Documents never straddle shards: merging is concatenation (after
                          renumbering the right side's terms); triples are sorted once, at scoring.
:class:`GapSums`          second pass for ARF (it needs the global ``f``): per term the sum of
                          ``min(gap, N/f)`` over gaps inside the partial, first and last position.
                          Merging A with the *next* B adds ``min(first_B − last_A, N/f)``:
                          associative, not commutative (shards stay in corpus order).
:class:`PairCounts`       collocations: vocabulary; per word freq, C1, R1 and node frequency; N;
                          the (w1, w2, O11) pairs cut into buckets by a hash of w1's string, so
                          that each bucket is merged on its own (the shuffle), in bounded memory.
========================  =========================================================================
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.signature import extend_signature

__all__ = [
    "GapSums",
    "PairCounts",
    "PairPiece",
    "WordCounts",
    "collocation_table",
    "count_pairs",
    "count_words",
    "gaps_of_items",
    "merge_gaps",
    "merge_pair_marginals",
    "merge_words",
    "merge_words_mapped",
    "reduce_bucket",
    "sort_pairs_by_term",
    "union_vocabulary",
    "word_list",
]


def union_vocabulary(left: pd.Index, right: pd.Index) -> tuple[pd.Index, np.ndarray]:
    """``left`` followed by the words of ``right`` it lacks, and the ids of ``right`` in it."""
    ids = left.get_indexer(right).astype(np.int64)
    new = ids < 0
    ids[new] = len(left) + np.arange(int(new.sum()), dtype=np.int64)
    return left.append(right[new]), ids


def _str_index(values: Any) -> pd.Index:
    return pd.Index(pd.Series(values, dtype="str").to_numpy(), dtype="str")


# --- word lists ---------------------------------------------------------------------------------
@dataclass
class WordCounts:
    """Partial word list of consecutive shards (see the module docstring).

    ``pair_term``/``pair_part``/``v`` are empty when dispersion is not wanted; ``freq`` is the
    frequency of each term; ``parts`` counts the documents seen (empty ones included).
    """

    terms: pd.Index
    freq: np.ndarray
    pair_term: np.ndarray
    pair_part: np.ndarray
    v: np.ndarray
    n_items: int
    n_words: int
    signature: str | None
    items: np.ndarray | None = None  # the shard's item sequence (term ids), kept for ARF


def count_words(
    tokens: pd.DataFrame,
    doc_ids: Sequence[str],
    *,
    first_doc: int = 0,
    by: str = "norm",
    ngram: int = 1,
    exclude: Any = (),
    dispersion: bool = True,
    keep_items: bool = False,
) -> WordCounts:
    """Count one shard's token table; documents are numbered ``first_doc + i`` by ``doc_ids``.

    ``keep_items`` keeps the term id of every item in order (4 bytes per item) so that ARF's
    second pass needs no second tokenisation (:func:`gaps_of_items`).
    """
    from corpus_tools.frequency import counted_items, word_token_count

    term, item, rows = counted_items(tokens, by=by, ngram=ngram, exclude=exclude)
    freq = np.bincount(item, minlength=len(term)).astype(np.int64)
    empty = np.zeros(0, dtype=np.int32)
    pair_term, pair_part, v = empty, empty, empty
    if dispersion and len(item):
        doc = pd.Categorical(tokens["doc"].astype("str"), categories=list(doc_ids)).codes
        n_docs = max(len(doc_ids), 1)
        keys, counts = np.unique(item * n_docs + doc[rows].astype(np.int64), return_counts=True)
        pair_term = (keys // n_docs).astype(np.int32)
        pair_part = (keys % n_docs + first_doc).astype(np.int32)
        v = counts.astype(np.int32)
    return WordCounts(
        _str_index(term),
        freq,
        pair_term,
        pair_part,
        v,
        len(item),
        word_token_count(tokens),
        tokens.attrs.get("signature"),
        item.astype(np.int32) if keep_items else None,
    )


def merge_words(left: WordCounts, right: WordCounts) -> WordCounts:
    """Add two partial word lists (``right`` may come from any shards not in ``left``)."""
    return merge_words_mapped(left, right)[0]


def merge_words_mapped(left: WordCounts, right: WordCounts) -> tuple[WordCounts, np.ndarray]:
    """:func:`merge_words`, and the ids of ``right``'s terms in the merged vocabulary."""
    terms, ids = union_vocabulary(left.terms, right.terms)
    freq = np.zeros(len(terms), dtype=np.int64)
    freq[: len(left.freq)] = left.freq
    np.add.at(freq, ids, right.freq)
    return WordCounts(
        terms,
        freq,
        np.concatenate([left.pair_term, ids[right.pair_term].astype(np.int32)]),
        np.concatenate([left.pair_part, right.pair_part]),
        np.concatenate([left.v, right.v]),
        left.n_items + right.n_items,
        left.n_words + right.n_words,
        left.signature if left.signature is not None else right.signature,
    ), ids


def _sorted_pairs(counts: WordCounts) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(term, part, v) grouped by term, parts ascending and renumbered 0..n-1; part sizes.

    Partials of disjoint documents concatenated in corpus order have their parts ascending
    already, so a stable sort by term suffices; pairs counted twice (overlapping partials)
    are added up. The columns stay int32 (a pair costs 12 bytes, plus the 8 of the sort
    order while sorting): this is the peak of a large word list.
    """
    n_docs = int(counts.pair_part.max()) + 1 if len(counts.pair_part) else 0
    present = np.zeros(n_docs, dtype=bool)
    present[counts.pair_part] = True
    n_parts = int(present.sum())
    rank = (np.cumsum(present) - 1).astype(np.int32)  # documents with items, numbered 0..n-1
    if _ascending(counts.pair_term):  # joined in term order already: no copy
        term, part, v = counts.pair_term, rank[counts.pair_part], counts.v
    else:
        order = np.argsort(counts.pair_term, kind="stable")
        term, part, v = counts.pair_term[order], rank[counts.pair_part[order]], counts.v[order]
        del order
    same = (term[1:] == term[:-1]) & (part[1:] <= part[:-1])
    if same.any():  # out of order or repeated: the general way
        keys, inverse = np.unique(
            term.astype(np.int64) * max(n_parts, 1) + part, return_inverse=True
        )
        v = np.bincount(inverse, weights=v, minlength=len(keys)).astype(np.int64)
        term, part = keys // max(n_parts, 1), keys % max(n_parts, 1)
    size = np.bincount(part, weights=v, minlength=n_parts)
    return term, part, v, size


def _ascending(values: np.ndarray) -> bool:
    return bool(len(values) < 2 or (values[1:] >= values[:-1]).all())


def sort_pairs_by_term(
    pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Join (term, part, v) pieces of consecutive partials and sort them by term (stable).

    The pieces list is emptied column by column as it is joined, so that a large word list
    holds at most one column twice.
    """
    columns = [list(c) for c in zip(*pieces, strict=True)] if pieces else [[], [], []]
    pieces.clear()
    empty = np.zeros(0, dtype=np.int32)
    term = np.concatenate(columns[0]) if columns[0] else empty
    columns[0].clear()
    order = np.argsort(term, kind="stable")
    term = term[order]
    out = [term]
    for column in columns[1:]:
        joined = np.concatenate(column) if column else empty
        column.clear()
        out.append(joined[order])
        del joined
    return out[0], out[1], out[2]


def _dispersion_by_term_blocks(
    pair_term: np.ndarray,
    pair_part: np.ndarray,
    v: np.ndarray,
    size: np.ndarray,
    freq: np.ndarray,
    block: int = 1 << 21,
) -> dict[str, np.ndarray]:
    """:func:`partition_dispersion` over blocks of whole terms (bounded temporaries).

    Every statistic is per term, so each block of about ``block`` pairs is scored on its own
    with the corpus-wide part sizes; the sums per term run in the same order as in one go.
    """
    from corpus_tools.frequency import partition_dispersion

    cuts = np.searchsorted(pair_term, np.arange(0, len(freq), 1), side="left")
    edges = [0]
    while edges[-1] < len(freq):  # term boundaries about `block` pairs apart
        target = cuts[edges[-1]] + block
        nxt = int(np.searchsorted(cuts, target, side="right"))
        edges.append(min(max(nxt, edges[-1] + 1), len(freq)))
    columns: dict[str, list[np.ndarray]] = {}
    for t0, t1 in itertools.pairwise(edges):
        lo, hi = cuts[t0], (cuts[t1] if t1 < len(freq) else len(pair_term))
        part = partition_dispersion(
            pair_term[lo:hi] - t0, pair_part[lo:hi], v[lo:hi], size, freq[t0:t1]
        )
        for name, values in part.items():
            columns.setdefault(name, []).append(np.atleast_1d(values))
    return {name: np.concatenate(chunks) for name, chunks in columns.items()}


# --- ARF: second pass ---------------------------------------------------------------------------
@dataclass
class GapSums:
    """Per term (global ids, ascending): Σ min(gap, N/f) inside the partial, first, last."""

    term: np.ndarray
    inner: np.ndarray
    first: np.ndarray
    last: np.ndarray


def gaps_of_items(
    items: np.ndarray, remap: np.ndarray, freq: np.ndarray, *, offset: int, n_items: int
) -> GapSums:
    """ARF's second pass over one shard's items (shard term ids, in order).

    ``remap`` maps the shard's term ids to the merged ones, ``freq`` is the corpus frequency
    of every merged term, and the shard's first item sits at corpus position ``offset``.
    """
    gid = remap[items]
    if not len(gid):  # nothing counted in this shard
        empty = np.zeros(0, dtype=np.int64)
        return GapSums(empty, np.zeros(0), empty, empty)
    order = np.lexsort((np.arange(len(gid)), gid))
    g = gid[order]
    pos = (order + offset).astype(np.int64)
    start = np.flatnonzero(np.diff(g, prepend=-1))
    end = np.append(start[1:], len(g)) - 1
    seg = n_items / freq[g].astype(np.float64)
    inside = np.ones(len(g), dtype=bool)
    inside[start] = False  # the first occurrence of each term has no gap inside the partial
    gaps = np.minimum(np.diff(pos, prepend=0).astype(np.float64), seg)
    group = np.cumsum(~inside) - 1
    inner = np.bincount(group[inside], gaps[inside], minlength=len(start)).astype(np.float64)
    return GapSums(g[start], inner, pos[start], pos[end])


def merge_gaps(left: GapSums, right: GapSums, seg: np.ndarray) -> GapSums:
    """Join the gap sums of consecutive stretches of the corpus (``left`` comes first)."""
    term = np.concatenate([left.term, right.term])
    order = np.argsort(term, kind="stable")  # a term in both: left's entry, then right's
    term = term[order]
    inner = np.concatenate([left.inner, right.inner])[order]
    first = np.concatenate([left.first, right.first])[order]
    last = np.concatenate([left.last, right.last])[order]
    both = np.flatnonzero(term[1:] == term[:-1])
    inner[both] += inner[both + 1] + np.minimum(first[both + 1] - last[both], seg[term[both]])
    last[both] = last[both + 1]
    keep = np.ones(len(term), dtype=bool)
    keep[both + 1] = False
    return GapSums(term[keep], inner[keep], first[keep], last[keep])


def _arf(gaps: GapSums, freq: np.ndarray, n_items: int) -> np.ndarray:
    """ARF (Savický & Hlaváčová 2002) once all gaps are in: add the cyclic gap, divide by ℓ."""
    seg = n_items / freq.astype(np.float64)
    total = np.zeros(len(freq))
    cyclic = gaps.first + n_items - gaps.last
    total[gaps.term] = gaps.inner + np.minimum(cyclic, seg[gaps.term])
    with np.errstate(divide="ignore", invalid="ignore"):
        return total / seg


def word_list(
    counts: WordCounts,
    gaps: GapSums | None = None,
    *,
    by: str = "norm",
    ngram: int = 1,
    min_freq: int = 1,
    exclude: Any = (),
    dispersion: bool = True,
    normalize_by: str = "words",
) -> pd.DataFrame:
    """The word list of merged partials: the table :func:`frequencies` gives in memory."""
    from corpus_tools.exclusions import _exclusion_signature
    from corpus_tools.frequency import _dispersion_table, _word_list_frame

    freq = counts.freq
    base = counts.n_words if normalize_by == "words" else counts.n_items
    data: dict[str, Any] = {
        "term": pd.Series(counts.terms, dtype="str"),
        "freq": freq,
        "per_million": freq / base * 1e6 if base else np.zeros(len(freq)),
    }
    n_parts = 0
    if dispersion:
        pair_term, pair_part, v, size = _sorted_pairs(counts)
        n_parts = len(size)
        if counts.n_items:
            data.update(_dispersion_by_term_blocks(pair_term, pair_part, v, size, freq))
            data["arf"] = _arf(gaps, freq, counts.n_items) if gaps is not None else np.nan
        else:  # nothing counted: the in-memory function's empty columns
            no_items = np.zeros(0, dtype=np.int64)
            data.update(_dispersion_table(no_items, no_items, freq)[0])
    out = _word_list_frame(data, min_freq)
    out.attrs["signature"] = extend_signature(
        counts.signature,
        analysis="frequencies",
        by=by,
        ngram=ngram,
        min_freq=min_freq,
        exclude=_exclusion_signature(exclude),
        parts="doc" if dispersion else "none",
        per_million=normalize_by,
    )
    out.attrs["n_items"] = int(counts.n_items)
    out.attrs["n_words"] = int(counts.n_words)
    out.attrs["normalize_by"] = normalize_by
    out.attrs["n_parts"] = n_parts
    out.attrs["by"] = by
    return out


# --- collocations -------------------------------------------------------------------------------
@dataclass
class PairPiece:
    """The pairs of one bucket of one shard, on the shard's word ids."""

    a: np.ndarray
    b: np.ndarray
    o11: np.ndarray

    def save(self, path: Path) -> Path:
        np.savez(path, a=self.a, b=self.b, o11=self.o11)
        return path

    @classmethod
    def load(cls, piece: PairPiece | Path) -> PairPiece:
        if isinstance(piece, PairPiece):
            return piece
        with np.load(piece) as f:
            return cls(f["a"], f["b"], f["o11"])


@dataclass
class PairCounts:
    """Partial co-occurrence counts of one shard (see the module docstring)."""

    vocab: pd.Index
    freq: np.ndarray
    c1: np.ndarray
    r1: np.ndarray
    node_freq: np.ndarray
    n: int
    pieces: list[PairPiece | Path]
    base_signature: str | None
    settings: dict[str, Any]


def _bucket_of(vocab: pd.Index, n_buckets: int) -> np.ndarray:
    """Bucket of each word, from a hash of its string: the same in every shard."""
    hashed = pd.util.hash_array(vocab.to_numpy(dtype=object), categorize=False)
    return (hashed % np.uint64(n_buckets)).astype(np.int64)


def count_pairs(
    tokens: pd.DataFrame,
    *,
    window: tuple[int, int],
    by: str = "norm",
    node: Any = None,
    n_buckets: int = 1,
    spill: Path | None = None,
    **options: Any,
) -> PairCounts:
    """Count one shard's pooled-span co-occurrences, all of them (no threshold yet).

    The pairs are cut into ``n_buckets`` by a hash of the node word; with ``spill`` (a file
    name prefix) each bucket is written to ``{spill}-{bucket}.npz`` instead of kept in memory.
    """
    from corpus_tools.collocation_stream import _node_ids
    from corpus_tools.collocations import _count, _stream_for

    left, right = window
    stream = _stream_for(tokens, by, dict(options))
    a, b, o11, r1, c1, freq = _count(stream, _node_ids(stream, node, by), left, right, 1)
    node_freq = np.bincount(stream.ids[stream.node_ok], minlength=len(stream.vocab))
    bucket = _bucket_of(stream.vocab, n_buckets)[a]
    order = np.argsort(bucket, kind="stable")  # pairs stay ordered by (a, b) in each bucket
    bounds = np.searchsorted(bucket[order], np.arange(n_buckets + 1))
    pieces: list[PairPiece | Path] = []
    for k in range(n_buckets):
        sel = order[bounds[k] : bounds[k + 1]]
        piece = PairPiece(
            a[sel].astype(np.int32), b[sel].astype(np.int32), o11[sel].astype(np.int32)
        )
        pieces.append(piece.save(Path(f"{spill}-{k}.npz")) if spill is not None else piece)
    return PairCounts(
        stream.vocab,
        freq,
        c1,
        r1,
        node_freq.astype(np.int64),
        len(stream.ids),
        pieces,
        stream.base_signature,
        stream.settings,
    )


@dataclass
class PairMarginals:
    """Merged per-word counts of all shards and each shard's word ids in the merged vocabulary."""

    vocab: pd.Index
    freq: np.ndarray
    c1: np.ndarray
    r1: np.ndarray
    node_freq: np.ndarray
    n: int
    remaps: list[np.ndarray]


def merge_pair_marginals(partials: Sequence[PairCounts]) -> PairMarginals:
    """Unite the shards' vocabularies (in corpus order) and add their per-word counts."""
    vocab: pd.Index = pd.Index([], dtype="str")
    remaps = []
    for part in partials:
        vocab, ids = union_vocabulary(vocab, part.vocab)
        remaps.append(ids)
    sums = {}
    for name in ("freq", "c1", "r1", "node_freq"):
        total = np.zeros(len(vocab), dtype=np.int64)
        for part, ids in zip(partials, remaps, strict=True):
            total[ids] += getattr(part, name)  # ids are distinct within one shard
        sums[name] = total
    n = sum(p.n for p in partials)
    return PairMarginals(vocab, sums["freq"], sums["c1"], sums["r1"], sums["node_freq"], n, remaps)


def reduce_bucket(
    pieces: Sequence[PairPiece | Path], remaps: Sequence[np.ndarray], n_words: int, min_cofreq: int
) -> tuple[np.ndarray, np.ndarray]:
    """Add one bucket's pieces of all shards; keep pairs with O11 ≥ ``min_cofreq``.

    Returns the pair keys ``w1·V + w2`` on merged ids (ascending) and their O11.
    """
    keys = []
    counts = []
    for piece, ids in zip(pieces, remaps, strict=True):
        p = PairPiece.load(piece)
        keys.append(ids[p.a] * np.int64(n_words) + ids[p.b])
        counts.append(p.o11)
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    uniq, inverse = np.unique(np.concatenate(keys), return_inverse=True)
    o11 = np.bincount(inverse, weights=np.concatenate(counts), minlength=len(uniq)).astype(np.int64)
    keep = o11 >= min_cofreq
    return uniq[keep], o11[keep]


def collocation_table(
    marginals: PairMarginals,
    reduced: Sequence[tuple[np.ndarray, np.ndarray]],
    *,
    base_signature: str | None,
    settings: dict[str, Any],
    window: tuple[int, int],
    node: Any = None,
    measures: str | Iterable[str] = ("g2", "log_dice", "mi"),
    min_cofreq: int = 3,
    min_freq: int = 1,
    top: int | None = 50,
    sort_by: str | None = None,
) -> pd.DataFrame:
    """Score and rank the merged pairs exactly as :func:`collocations` does in memory."""
    from corpus_tools.association import check_measures
    from corpus_tools.collocation_stream import _Stream
    from corpus_tools.collocations import _count_signature, _scored

    names = check_measures(measures)
    key = sort_by or names[0]
    if key not in names:
        names = (*names, *check_measures(key))
    v = len(marginals.vocab)
    keys = np.concatenate([k for k, _ in reduced]) if reduced else np.zeros(0, np.int64)
    o11 = np.concatenate([o for _, o in reduced]) if reduced else np.zeros(0, np.int64)
    order = np.argsort(keys, kind="stable")
    keys, o11 = keys[order], o11[order]
    a, b = keys // max(v, 1), keys % max(v, 1)
    keep = o11 >= min_cofreq
    if min_freq > 1:
        keep &= (marginals.freq[a] >= min_freq) & (marginals.c1[b] >= min_freq)
    a, b, o11 = a[keep], b[keep], o11[keep]
    pairs = {
        "a": a,
        "b": b,
        "o11": o11,
        "r1": marginals.r1[a],
        "c1": marginals.c1[b],
        "n": np.full(len(o11), marginals.n, dtype=np.int64),
        "f1": marginals.node_freq[a],
    }
    # _frame reads only the vocabulary and N (len(ids)) from the stream: a zero-copy stand-in
    ids = np.broadcast_to(np.int32(0), (marginals.n,))
    flag = np.broadcast_to(True, (marginals.n,))
    stream = _Stream(ids, marginals.vocab, ids, flag, flag, base_signature, settings)
    ranked = _scored(stream, pairs, names, key, per_node=node is not None, top=top)
    count_sig = _count_signature(stream, *window, node, min_cofreq, min_freq)
    ranked.attrs["signature"] = extend_signature(count_sig, measures=names, sort_by=key, top=top)
    return ranked
