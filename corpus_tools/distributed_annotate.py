"""Annotation by shards of whole documents, in this process or on Dask: the table of annotate().

:func:`sharded_annotate` cuts a corpus into shards of whole documents, runs
:func:`corpus_tools.annotate.annotate` on each (one after another in this process, or as Dask
tasks on a ``distributed.Client``: a ``LocalCluster`` of worker processes or an existing cluster)
and joins the shard tables in corpus order. Every annotator works document by document (rules
tokens, stanza's paragraphs, the Latin-word fix, the residue marks), so the joined table equals
``annotate(corpus)``: the same rows, dtypes, categories and signature::

    from dask.distributed import Client, LocalCluster
    import corpus_tools as ct

    corpus = ct.read_corpus("seeds")               # lists the files, reads nothing yet
    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
        tokens = ct.sharded_annotate(corpus, "stanza", client=client)

Stanza on a cluster:

* **Models load once per worker process.** :mod:`corpus_tools.stanza_backend` keeps one
  pipeline per model folder in each process, and a Dask worker process outlives its tasks, so a
  worker loads the models for its first shard and reuses them for every later one. One stanza
  call runs at a time in a process (a lock): worker threads never share a pipeline at once.
* **The annotation cache is shared.** Workers read and write the cache folder ``cache_dir``
  (else each worker's default, :func:`corpus_tools.paths.default_cache_dir`); an entry is written
  to a temporary file named for its host, process and thread and renamed into place, so two
  workers storing one document at once leave one whole entry, and every entry is verified when
  read (:mod:`corpus_tools.annotation_cache`).
* **One setup.** Each shard's signature names its models (a hash of every model file) and
  stanza's version; the shard tables are joined only when all agree, so a worker with other
  models is an error, not a silently mixed table.

Shard size: ``shard_bytes`` of text; by default stanza on a cluster cuts shards of
:data:`STANZA_SHARD_BYTES`, so that the workers share even a small corpus, and everything else
follows :func:`~corpus_tools.shards.shard_bounds` (one shard up to 32 MB, else 8 MB).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from corpus_tools.annotate import DEFAULT_ANNOTATOR, resolve_annotator
from corpus_tools.shards import DocumentShard, LazyCorpus, Shard, cut_shards
from corpus_tools.signature import extend_signature

if TYPE_CHECKING:
    import pandas as pd

    from corpus_tools.corpus import Corpus

__all__ = ["STANZA_SHARD_BYTES", "concat_token_tables", "sharded_annotate"]

#: Default shard of stanza on a cluster: 1 MB of Arabic text (about 90k words) takes one core
#: about a minute at stanza's 1,000–2,500 words/s: long enough to dwarf the task overhead,
#: short enough that a few megabytes keep every worker busy.
STANZA_SHARD_BYTES = 1_000_000

_STANZA_LOCK = threading.Lock()  # one stanza call per process at a time (see the docstring)


def _annotate_shard(
    shard: Shard | DocumentShard, annotator: str, options: dict[str, Any]
) -> pd.DataFrame:
    """``annotate`` of one shard's documents (on whichever process runs it)."""
    from corpus_tools.annotate import annotate

    corpus = shard.read()
    one_at_a_time: AbstractContextManager[Any] = (
        _STANZA_LOCK if annotator == "stanza" else nullcontext()
    )
    with one_at_a_time:
        return annotate(corpus, annotator, **options)  # type: ignore[arg-type]


def sharded_annotate(
    corpus: LazyCorpus | Corpus | str | Path | Sequence[str | Path],
    annotator: Literal["rules", "stanza", "auto"] = DEFAULT_ANNOTATOR,
    *,
    client: Any = None,
    shard_bytes: int | None = None,
    progress: bool | None = None,
    model_dir: str | os.PathLike[str] | None = None,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    paragraphs: Literal["line", "blank"] = "line",
    norm_steps: Sequence[str] | None = None,
    threads: int | None = None,
) -> pd.DataFrame:
    """:func:`~corpus_tools.annotate.annotate` of a corpus shard by shard, here or on Dask.

    Parameters
    ----------
    corpus : a lazily read corpus (:func:`~corpus_tools.shards.read_corpus`) or paths, whose
        files each shard reads where it runs (on a cluster: a folder every worker sees); or a
        :class:`~corpus_tools.corpus.Corpus` in memory, whose documents travel with the tasks.
    annotator : as :func:`annotate`; ``auto`` is resolved here, on the client's models.
    client : a ``distributed.Client`` to run the shards on (None: this process).
    shard_bytes : text per shard (default: see the module docstring).
    progress : shards done and words/s on stderr (default: when stderr is a terminal).
    model_dir, cache, cache_dir, paragraphs, norm_steps, threads : as :func:`annotate`; paths
        are read on the workers, and the cache folder is shared by every worker that sees it.

    Returns
    -------
    DataFrame
        The token table of :func:`annotate` (same columns, rows, dtypes and categories), with
        the same ``attrs["signature"]``.

    Raises
    ------
    ValueError
        The shards were annotated with different setups (models or versions differ between
        workers).
    """
    backend = resolve_annotator(annotator, model_dir)
    if shard_bytes is None and client is not None and backend == "stanza":
        shard_bytes = STANZA_SHARD_BYTES
    shards = cut_shards(corpus, shard_bytes)
    alone = client is None and len(shards) == 1  # the backend's own progress bar, if any
    options = {
        "model_dir": model_dir,
        "cache": cache,
        "cache_dir": cache_dir,
        "progress": progress if alone else False,
        "paragraphs": paragraphs,
        "norm_steps": None if norm_steps is None else tuple(norm_steps),
        "threads": threads,
    }
    tables = _annotate_all(shards, backend, options, client, progress=False if alone else progress)
    table = concat_token_tables(tables)
    if annotator == "auto":
        table.attrs["signature"] = extend_signature(table.attrs["signature"], requested="auto")
    return table


def _annotate_all(
    shards: Sequence[Shard | DocumentShard],
    backend: str,
    options: dict[str, Any],
    client: Any,
    *,
    progress: bool | None,
) -> list[pd.DataFrame]:
    """The shards' token tables in corpus order (on the cluster in any order, then sorted)."""
    from corpus_tools.distributed import run_in_order

    kwargs = {"annotator": backend, "options": options}
    return run_in_order(
        _annotate_shard, shards, kwargs, client=client, desc="annotate", progress=progress,
        size=len, unit="words",
    )  # fmt: skip


def concat_token_tables(tables: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Token tables of consecutive shards → the one table the annotator gives the whole corpus.

    String columns stay categories (a code per token, no string): each shard's categories are
    the values it holds, sorted, so their sorted union is exactly what the whole table holds.
    The signatures must agree (:class:`ValueError` otherwise); it is kept in ``attrs``.
    """
    import pandas as pd
    from pandas.api.types import union_categoricals

    signatures = sorted({str(t.attrs.get("signature")) for t in tables})
    if len(signatures) > 1:
        raise ValueError(
            "the shards were annotated with different setups (do the workers have other models "
            "or versions?): " + " ≠ ".join(signatures)
        )
    kept = [t for t in tables if len(t)] or list(tables[:1])
    columns: dict[str, Any] = {}
    for name, dtype in kept[0].dtypes.items():
        parts = [t[name] for t in kept]
        if isinstance(dtype, pd.CategoricalDtype):
            columns[str(name)] = pd.Series(union_categoricals(parts, sort_categories=True))
        else:
            columns[str(name)] = pd.concat(parts, ignore_index=True)
    table = pd.DataFrame(columns)
    table.attrs["signature"] = signatures[0]
    return table
