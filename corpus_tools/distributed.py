"""Word lists, collocations, keyness and KWIC over a sharded corpus: one process or Dask.

The shard functions of :mod:`corpus_tools.counting` run here one after another in this process
(the default: nothing to install), or as Dask tasks (``pip install 'corpus_tools[dask]'``) on a
``distributed.Client``: a ``LocalCluster`` of worker processes on this machine or an existing
cluster (``Client("tcp://HOST:8786")``). Dask does the scheduling, data movement and spilling;
this module only says which function runs on which shard and merges the partial tables in
corpus order, so the results equal the in-memory functions' whatever runs them::

    from dask.distributed import Client, LocalCluster
    import corpus_tools as ct

    corpus = ct.read_corpus("seeds")               # lists the files, reads nothing yet
    words = ct.sharded_frequencies(corpus)         # one process, one shard at a time
    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
        same = ct.sharded_frequencies(corpus, client=client)

Word lists, keyness and collocations of the rules annotator read only a few columns of the
token table, so their shards are tokenised into lean tables
(:func:`~corpus_tools.lean_tokens.lean_tokens`: once per distinct white-space chunk, equal to
the annotator's columns; :func:`count_columns` says which); KWIC needs the offsets and gets the
full table. Collocation pairs are the one table too large to gather: each shard cuts its pairs
into buckets by a hash of the node word; every bucket is added up by one task (Dask moves the
pieces, a shuffle), in one process the pieces wait on disk. Progress (shards done, tokens per
second) goes to stderr with tqdm, only when stderr is a terminal, unless ``progress=False``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from corpus_tools.counting import (
    GapSums,
    PairCounts,
    PairPiece,
    WordCounts,
    collocation_table,
    count_pairs,
    count_words,
    gaps_of_items,
    merge_gaps,
    merge_pair_marginals,
    merge_words_mapped,
    reduce_bucket,
    sort_pairs_by_term,
    word_list,
)
from corpus_tools.shards import LazyCorpus, Shard, read_corpus

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DaskUnavailable",
    "connect",
    "count_columns",
    "sharded_collocations",
    "sharded_frequencies",
    "sharded_keyness",
    "sharded_kwic",
]


class DaskUnavailable(ImportError):
    """``--workers``/``--scheduler`` or ``client=`` without the ``dask`` extra installed."""


def connect(workers: int | None = None, scheduler: str | None = None) -> Any:
    """A ``distributed.Client``: on an existing scheduler, or on a new local cluster of processes.

    ``workers`` worker processes of one thread each (the counting is numpy: one thread per
    process avoids oversubscribing the cores). Close the client (and its cluster) when done.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise DaskUnavailable(
            "running on several workers needs Dask: pip install 'corpus_tools[dask]'"
        ) from None
    if scheduler:
        return Client(scheduler, timeout="10s")
    cluster = LocalCluster(
        n_workers=workers or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: several clusters may run on one machine
        memory_limit=0,
    )
    return Client(cluster)


# --- running shard functions -------------------------------------------------------------------
@dataclass
class _Done:
    """A shard result and the tokens it covered (for the tokens-per-second figure)."""

    value: Any
    tokens: int


def _run_on_shard(
    func: Callable[..., Any],
    shard: Shard,
    kwargs: dict[str, Any],
    columns: tuple[str, ...] | None = None,
) -> _Done:
    """Read, tokenise and count one shard (on whichever process runs it)."""
    corpus = shard.read()
    tokens = _tokenized(corpus, columns)
    return _Done(func(tokens, corpus, shard, **kwargs), len(tokens))


def _tokenized(corpus: Any, columns: tuple[str, ...] | None) -> pd.DataFrame:
    """The rules annotator's token table, or only ``columns`` of it (see :mod:`lean_tokens`)."""
    if columns is not None:
        from corpus_tools.lean_tokens import lean_tokens

        return lean_tokens(corpus, columns)
    from corpus_tools.tokenize import tokenize

    return tokenize(corpus)


def _tokens(shard: Shard, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    return _tokenized(shard.read(), columns)


def count_columns(by: str, *excludes: Any, sentences: bool) -> tuple[str, ...] | None:
    """The token-table columns a count by ``by`` reads (None: it needs the whole table).

    ``excludes``: the exclusion specs that apply (e.g. node and collocate exclusions);
    ``sentences``: n-grams or windows stop at sentence ends.
    """
    from corpus_tools.exclusions import _exclusion_items

    if by not in ("surface", "form", "norm"):
        return None
    columns = ["doc", by, "norm", "script"] + (["sentence"] if sentences else [])
    for exclude in excludes:
        for item in _exclusion_items(exclude):
            if item == "residue":
                columns.append("residue")
            elif not isinstance(item, str):  # terms match surface or norm
                columns.append("surface")
    return tuple(dict.fromkeys(columns))


def _progress(total: int, desc: str, enabled: bool | None) -> Any:
    from tqdm import tqdm

    show = sys.stderr.isatty() if enabled is None else enabled
    return tqdm(total=total, desc=desc, unit="shard", disable=not show, file=sys.stderr)


def run_in_order(
    func: Callable[..., Any],
    shards: Sequence[Any],
    kwargs: dict[str, Any],
    *,
    client: Any,
    desc: str,
    progress: bool | None,
    size: Callable[[Any], int],
    unit: str = "tokens",
) -> list[Any]:
    """``func(shard, **kwargs)`` for every shard, the results in corpus order, with progress.

    In one process the shards run one after another. With a client they run as Dask tasks,
    finish in any order and are put back in order; on an error the shards not yet run are
    cancelled. ``size(result)`` is what the progress bar counts (``unit`` per second).
    """
    bar = _progress(len(shards), desc, progress)
    start, done = time.perf_counter(), 0

    def tick(result: Any) -> Any:
        nonlocal done
        done += size(result)
        rate = done / max(time.perf_counter() - start, 1e-9)
        bar.set_postfix_str(f"{done:,} {unit}, {rate:,.0f} {unit}/s", refresh=False)
        bar.update(1)
        return result

    try:
        if client is None:
            return [tick(func(shard, **kwargs)) for shard in shards]
        return _gathered_in_order(client, func, shards, kwargs, tick)
    finally:
        bar.close()


def _gathered_in_order(
    client: Any,
    func: Callable[..., Any],
    shards: Sequence[Any],
    kwargs: dict[str, Any],
    tick: Callable[[Any], Any],
) -> list[Any]:
    from dask.distributed import as_completed

    futures = client.map(func, shards, pure=False, **kwargs)
    order = {future.key: k for k, future in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    try:
        for future in as_completed(futures):
            results[order[future.key]] = tick(future.result())
            future.release()
    except BaseException:
        client.cancel(futures)  # the shards not yet run
        raise
    return results


def _imap(
    func: Callable[..., Any],
    shards: Sequence[Shard],
    kwargs: dict[str, Any],
    *,
    client: Any,
    desc: str,
    progress: bool | None,
    columns: tuple[str, ...] | None = None,
) -> Iterator[Any]:
    """``func(tokens, corpus, shard, **kwargs)`` for each shard, results in corpus order.

    In one process the shards run lazily, one at a time (memory: one shard). With a client they
    run as Dask tasks; results are taken in order and released as soon as they are merged.
    """
    bar = _progress(len(shards), desc, progress)
    start, tokens = time.perf_counter(), 0

    def tick(done: _Done) -> None:
        nonlocal tokens
        tokens += done.tokens
        rate = tokens / max(time.perf_counter() - start, 1e-9)
        bar.set_postfix_str(f"{tokens:,} tokens, {rate:,.0f} tokens/s", refresh=False)
        bar.update(1)

    try:
        if client is None:
            for shard in shards:
                done = _run_on_shard(func, shard, kwargs, columns)
                tick(done)
                yield done.value
            return
        from dask.distributed import as_completed

        n = len(shards)
        futures = client.map(_run_on_shard, [func] * n, shards, [kwargs] * n, [columns] * n)
        for future in as_completed(futures):
            tick(future.result())
        for future in futures:
            yield future.result().value
            future.release()
    finally:
        bar.close()


def _shards(
    corpus: LazyCorpus | str | Path | Sequence[str | Path], shard_bytes: int | None
) -> list[Shard]:
    lazy = corpus if isinstance(corpus, LazyCorpus) else read_corpus(corpus)
    return lazy.shards(shard_bytes)


def _fold(values: Iterable[Any], merge: Callable[[Any, Any], Any]) -> Any:
    merged = None
    for value in values:
        merged = value if merged is None else merge(merged, value)
    return merged


# --- word lists ---------------------------------------------------------------------------------
def _words_of_shard(tokens: pd.DataFrame, corpus: Any, shard: Shard, **options: Any) -> WordCounts:
    return count_words(tokens, corpus.ids, first_doc=shard.first_doc, **options)


def sharded_frequencies(
    corpus: LazyCorpus | str | Path | Sequence[str | Path],
    *,
    by: str = "norm",
    ngram: int = 1,
    min_freq: int = 1,
    exclude: Any = (),
    dispersion: bool = True,
    arf: bool = True,
    normalize_by: str = "words",
    client: Any = None,
    shard_bytes: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """:func:`~corpus_tools.frequency.frequencies` of a corpus read shard by shard.

    The same table as ``frequencies(tokenize(load_corpus(paths)), ...)`` with ``parts="doc"``
    (ARF equal up to float rounding: its gap sums are added in another order). ARF needs the
    global frequencies, hence a second pass over the shards; ``arf=False`` skips it (the
    column is then NaN). ``client``: a ``distributed.Client`` to run the shards on.
    """
    options = {"by": by, "ngram": ngram, "exclude": exclude}
    shards = _shards(corpus, shard_bytes)
    columns = count_columns(by, exclude, sentences=ngram > 1)
    if client is None and len(shards) == 1:  # fits in one shard: the in-memory function
        from corpus_tools.frequency import frequencies

        table = frequencies(
            _tokens(shards[0], columns),
            min_freq=min_freq,
            dispersion=dispersion,
            normalize_by=normalize_by,
            **options,
        )
        if dispersion and not arf:
            table["arf"] = np.nan
        return table
    with_arf = dispersion and arf
    with tempfile.TemporaryDirectory(prefix="corpus_tools-items-") as spill:
        run = _WordShards(
            shards, {**options, "dispersion": dispersion, "keep_items": with_arf}, columns
        )
        counts = run.count(client, progress, Path(spill))
        gaps = run.gaps(counts, client) if with_arf and counts.n_items else None
    return word_list(
        counts,
        gaps,
        min_freq=min_freq,
        dispersion=dispersion,
        normalize_by=normalize_by,
        **options,
    )


@dataclass
class _WordShards:
    """Counting a word list shard by shard, and ARF's second pass over the kept item ids.

    In one process each shard's item ids wait in a file; on Dask they stay with the shard's
    partial on its worker, and only the per-term counts travel to the client.
    """

    shards: Sequence[Shard]
    options: dict[str, Any]
    columns: tuple[str, ...] | None = None  # the token-table columns counting reads
    remaps: list[np.ndarray] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)  # paths, or futures of the partials

    pairs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)

    def _add(self, merged: WordCounts | None, partial: WordCounts) -> WordCounts:
        """Merge the vocabularies now; keep the (term, document) pairs aside (on merged ids)
        and join them once at the end, rather than copying the growing arrays per shard."""
        self.sizes.append(partial.n_items)
        pairs = (partial.pair_term, partial.pair_part, partial.v)
        empty = np.zeros(0, dtype=np.int32)
        partial = replace(partial, pair_term=empty, pair_part=empty, v=empty)
        if merged is None:
            merged, ids = partial, np.arange(len(partial.terms), dtype=np.int64)
        else:
            merged, ids = merge_words_mapped(merged, partial)
        self.remaps.append(ids)
        self.pairs.append((ids[pairs[0]].astype(np.int32), pairs[1], pairs[2]))
        return merged

    def _with_pairs(self, merged: WordCounts) -> WordCounts:
        term, part, v = sort_pairs_by_term(self.pairs)
        return replace(merged, pair_term=term, pair_part=part, v=v)

    def count(self, client: Any, progress: bool | None, spill: Path) -> WordCounts:
        merged: WordCounts | None = None
        if client is None:
            results = _imap(
                _words_of_shard, self.shards, self.options, client=None, desc="counting",
                progress=progress, columns=self.columns,
            )  # fmt: skip
            for shard, partial in zip(self.shards, results, strict=True):
                if partial.items is not None:
                    path = spill / f"items{shard.index:06d}.npy"
                    np.save(path, partial.items)
                    self.items.append(path)
                    partial.items = None
                merged = self._add(merged, partial)
        else:
            futures = _map_on_cluster(
                client, _words_of_shard, self.shards, self.options, "counting", progress,
                self.columns,
            )  # fmt: skip
            self.items = futures
            for future in futures:
                merged = self._add(merged, client.submit(_without_items, future).result())
        assert merged is not None
        return self._with_pairs(merged)

    def gaps(self, counts: WordCounts, client: Any) -> GapSums:
        offsets = np.concatenate([[0], np.cumsum(self.sizes)[:-1]]).astype(np.int64)
        seg = counts.n_items / counts.freq.astype(np.float64)
        if client is None:
            results: Iterable[GapSums] = (
                gaps_of_items(
                    np.load(path), remap, counts.freq, offset=int(offset), n_items=counts.n_items
                )
                for path, remap, offset in zip(self.items, self.remaps, offsets, strict=True)
            )
        else:
            freq = client.scatter(counts.freq, broadcast=True)
            futures = [
                client.submit(_gaps_of_partial, partial, remap, int(offset), freq, counts.n_items)
                for partial, remap, offset in zip(self.items, self.remaps, offsets, strict=True)
            ]
            results = (future.result() for future in futures)
        return _fold(results, lambda a, b: merge_gaps(a, b, seg))


def _without_items(partial: WordCounts) -> WordCounts:
    return replace(partial, items=None)


def _gaps_of_partial(
    partial: WordCounts, remap: np.ndarray, offset: int, freq: np.ndarray, n_items: int
) -> GapSums:
    assert partial.items is not None
    return gaps_of_items(partial.items, remap, freq, offset=offset, n_items=n_items)


def _map_on_cluster(
    client: Any,
    func: Callable[..., Any],
    shards: Sequence[Shard],
    options: dict[str, Any],
    desc: str,
    progress: bool | None,
    columns: tuple[str, ...] | None = None,
) -> list[Any]:
    """Run ``func`` on every shard on the cluster; futures of the results (kept on workers)."""
    from dask.distributed import as_completed

    n = len(shards)
    counted = client.map(_run_on_shard, [func] * n, shards, [options] * n, [columns] * n)
    values = client.map(_value, counted)
    bar = _progress(len(shards), desc, progress)
    start, tokens = time.perf_counter(), 0
    for future in as_completed(counted):
        tokens += client.submit(_token_count, future).result()
        rate = tokens / max(time.perf_counter() - start, 1e-9)
        bar.set_postfix_str(f"{tokens:,} tokens, {rate:,.0f} tokens/s", refresh=False)
        bar.update(1)
    bar.close()
    return values


# --- collocations -------------------------------------------------------------------------------
def _pairs_of_shard(tokens: pd.DataFrame, corpus: Any, shard: Shard, **options: Any) -> PairCounts:
    spill = options.pop("spill")
    prefix = None if spill is None else Path(spill) / f"shard{shard.index:06d}"
    return count_pairs(tokens, spill=prefix, **options)


def _without_pieces(partial: PairCounts) -> PairCounts:
    """The per-word counts of a shard, without its pairs (small: travels to the client)."""
    return PairCounts(
        partial.vocab,
        partial.freq,
        partial.c1,
        partial.r1,
        partial.node_freq,
        partial.n,
        [],
        partial.base_signature,
        partial.settings,
    )


def _piece(partial: PairCounts, bucket: int) -> PairPiece | Path:
    return partial.pieces[bucket]


def sharded_collocations(
    corpus: LazyCorpus | str | Path | Sequence[str | Path],
    *,
    node: str | Iterable[str] | None = None,
    window: tuple[int, int] | int = (5, 5),
    measures: str | Iterable[str] = ("g2", "log_dice", "mi"),
    min_cofreq: int = 3,
    min_freq: int = 1,
    top: int | None = 50,
    sort_by: str | None = None,
    by: str = "norm",
    buckets: int | None = None,
    client: Any = None,
    shard_bytes: int | None = None,
    progress: bool | None = None,
    **count_options: Any,
) -> pd.DataFrame:
    """:func:`~corpus_tools.collocations.collocations` of a corpus read shard by shard.

    Every pair of every shard is kept until all are added (``min_cofreq`` applies to the
    corpus-wide O11), so memory is bounded by one bucket of pairs: ``buckets`` (default: one per
    shard) cuts the pair table by a hash of the node word. In one process the buckets wait in a
    temporary folder; on Dask they stay in the workers' memory and each bucket is added by one
    task. ``count_options``: ``within_sentence``, ``exclude``, ``collocate_exclude``,
    ``node_upos``, ``collocate_upos`` as in :func:`cooccurrences`.
    """
    from corpus_tools.association import check_measures
    from corpus_tools.collocation_stream import _window

    check_measures(measures)
    window = _window(window)
    shards = _shards(corpus, shard_bytes)
    columns = _pair_columns(by, count_options)
    scoring: dict[str, Any] = {"measures": measures, "min_cofreq": min_cofreq, "top": top}
    scoring |= {"min_freq": min_freq, "sort_by": sort_by, "node": node, "window": window}
    if client is None and len(shards) == 1:  # fits in one shard: the in-memory function
        from corpus_tools.collocations import collocations

        return collocations(_tokens(shards[0], columns), by=by, **scoring, **count_options)
    n_buckets = buckets or max(1, min(len(shards), 256))
    options = {"window": window, "by": by, "node": node, "n_buckets": n_buckets, **count_options}
    with tempfile.TemporaryDirectory(prefix="corpus_tools-pairs-") as spill:
        if client is None:
            marginals, reduced, first = _pairs_in_process(
                shards, {**options, "spill": spill}, n_buckets, min_cofreq, progress, columns
            )
        else:
            marginals, reduced, first = _pairs_on_cluster(
                client, shards, {**options, "spill": None}, n_buckets, min_cofreq, progress,
                columns,
            )  # fmt: skip
    return collocation_table(
        marginals, reduced, base_signature=first.base_signature, settings=first.settings, **scoring
    )


def _pair_columns(by: str, count_options: dict[str, Any]) -> tuple[str, ...] | None:
    """The token-table columns a co-occurrence count reads (None: POS filters need them all)."""
    from corpus_tools.collocation_stream import DEFAULT_EXCLUDE

    if count_options.get("node_upos") is not None or count_options.get("collocate_upos"):
        return None
    excludes = (
        count_options.get("exclude", DEFAULT_EXCLUDE),
        count_options.get("collocate_exclude", ()),
    )
    return count_columns(by, *excludes, sentences=count_options.get("within_sentence", True))


def _pairs_in_process(
    shards: Sequence[Shard],
    options: dict[str, Any],
    n_buckets: int,
    min_cofreq: int,
    progress: bool | None,
    columns: tuple[str, ...] | None,
) -> tuple[Any, list[tuple[np.ndarray, np.ndarray]], PairCounts]:
    """Count shard after shard (pairs spilled to disk), then add each bucket up."""
    run: dict[str, Any] = {"client": None, "desc": "pairs", "progress": progress}
    partials = list(_imap(_pairs_of_shard, shards, options, **run, columns=columns))
    marginals = merge_pair_marginals(partials)
    n_vocab = len(marginals.vocab)
    reduced = [
        reduce_bucket([p.pieces[k] for p in partials], marginals.remaps, n_vocab, min_cofreq)
        for k in range(n_buckets)
    ]
    return marginals, reduced, partials[0]


def _pairs_on_cluster(
    client: Any,
    shards: Sequence[Shard],
    options: dict[str, Any],
    n_buckets: int,
    min_cofreq: int,
    progress: bool | None,
    columns: tuple[str, ...] | None = None,
) -> tuple[Any, list[tuple[np.ndarray, np.ndarray]], PairCounts]:
    """Count on the workers, bring only the per-word counts here, add each bucket on a worker."""
    from dask.distributed import wait

    partials = _map_on_cluster(client, _pairs_of_shard, shards, options, "pairs", progress, columns)
    small = client.gather(client.map(_without_pieces, partials))
    marginals = merge_pair_marginals(small)
    remaps = client.scatter(marginals.remaps, broadcast=False)
    n_vocab = len(marginals.vocab)
    reduced = []
    for k in range(n_buckets):
        pieces = [client.submit(_piece, p, k, pure=False) for p in partials]
        reduced.append(client.submit(_reduce, pieces, remaps, n_vocab, min_cofreq, pure=False))
    wait(reduced)
    out = client.gather(reduced)
    for future in partials:
        future.release()
    return marginals, out, small[0]


def _value(done: _Done) -> Any:
    return done.value


def _token_count(done: _Done) -> int:
    return done.tokens


def _reduce(
    pieces: list[PairPiece], remaps: list[np.ndarray], n_vocab: int, min_cofreq: int
) -> tuple[np.ndarray, np.ndarray]:
    return reduce_bucket(pieces, remaps, n_vocab, min_cofreq)


# --- keyness and KWIC ---------------------------------------------------------------------------
def sharded_keyness(
    target: LazyCorpus | str | Path | Sequence[str | Path] | pd.DataFrame,
    reference: LazyCorpus | str | Path | Sequence[str | Path] | pd.DataFrame,
    *,
    by: str = "norm",
    exclude: Any = ("punct",),
    client: Any = None,
    shard_bytes: int | None = None,
    progress: bool | None = None,
    **options: Any,
) -> pd.DataFrame:
    """:func:`~corpus_tools.keyness.keyness` of two corpora counted shard by shard.

    Either side may also be a word list (DataFrame with ``term``, ``freq``). ``options`` are
    those of :func:`keyness` (``min_freq``, ``sort_by``, ``reference_includes_target`` ...).
    """
    import pandas as pd

    from corpus_tools.keyness import keyness

    def word_list_of(side: Any) -> pd.DataFrame:
        if isinstance(side, pd.DataFrame):
            return side
        return sharded_frequencies(
            side,
            by=by,
            exclude=exclude,
            dispersion=False,
            client=client,
            shard_bytes=shard_bytes,
            progress=progress,
            normalize_by=options.get("normalize_by", "words"),
        )

    return keyness(word_list_of(target), word_list_of(reference), by=by, exclude=exclude, **options)


def _kwic_of_shard(tokens: pd.DataFrame, corpus: Any, shard: Shard, **options: Any) -> Any:
    from corpus_tools.kwic import kwic

    return kwic(tokens, corpus=corpus, **options)


def sharded_kwic(
    corpus: LazyCorpus | str | Path | Sequence[str | Path],
    query: str,
    *,
    client: Any = None,
    shard_bytes: int | None = None,
    progress: bool | None = None,
    **options: Any,
) -> pd.DataFrame:
    """:func:`~corpus_tools.kwic.kwic` over the shards (lines in corpus order, exact text)."""
    import pandas as pd

    from corpus_tools.kwic import KwicTable

    shards = _shards(corpus, shard_bytes)
    tables = list(
        _imap(
            _kwic_of_shard,
            shards,
            {"query": query, **options},
            client=client,
            desc="kwic",
            progress=progress,
        )
    )
    out = KwicTable(pd.concat(tables, ignore_index=True))
    out.attrs = dict(tables[0].attrs)
    return out
