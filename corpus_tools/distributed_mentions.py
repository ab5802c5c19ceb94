"""Brand mentions by shards of whole documents, in this process or on Dask.

:func:`sharded_mentions` cuts a corpus into shards of whole documents, runs
:func:`~corpus_tools.loanwords.brand_mentions` on each (one after another in this process, or as
Dask tasks on a ``distributed.Client``: a ``LocalCluster`` of worker processes or an existing
cluster) and joins the shard tables in corpus order. Detection is document-local (every piece
of evidence, from the lexicon to propagation, looks inside one document), so the joined table
equals ``brand_mentions(corpus)``: the same rows, dtypes and signature::

    from dask.distributed import Client, LocalCluster
    import corpus_tools as ct

    corpus = ct.read_corpus("seeds")               # lists the files, reads nothing yet
    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
        mentions = ct.sharded_mentions(corpus, exclude_brands=["Google"], client=client)

Each shard is tokenised the way the detector reads text (orthographic words,
:func:`~corpus_tools.loanwords.detection.orthographic_tokens`). A worker process builds the
lexicon once, with the excluded brands left out of every knowledge source
(:func:`~corpus_tools.loanwords.load_lexicon`), and keeps it for its later shards.

:func:`sharded_brand_usage` gives :func:`~corpus_tools.loanwords.brand_usage`'s table without
holding the texts in one place: every column but two is a function of the mentions alone; the
two read from the text around each mention (``glossed``, ``n_headed``) are counted per shard,
where the text is, and added per brand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_tools.loanwords.detection import HEURISTICS
from corpus_tools.shards import DocumentShard, LazyCorpus, Shard, cut_shards

if TYPE_CHECKING:
    import pandas as pd

    from corpus_tools.corpus import Corpus
    from corpus_tools.loanwords import Lexicon

__all__ = ["sharded_brand_usage", "sharded_mentions"]

#: The columns of brand_usage read from the text around each mention (added over shards).
_TEXT_COUNTS = ["glossed", "n_headed"]


@dataclass(frozen=True)
class _Found:
    """One shard's mentions, its per-brand text counts (when asked) and its token count."""

    mentions: pd.DataFrame
    text_counts: pd.DataFrame | None
    tokens: int


@cache
def _lexicon(exclude: tuple[str, ...], variants: bool) -> Lexicon:
    """The lexicon without the excluded brands, built once per process (a worker's later shards
    reuse it)."""
    from corpus_tools.loanwords import load_lexicon

    return load_lexicon(exclude=exclude, variants=variants)


def _detect_shard(shard: Shard | DocumentShard, options: dict[str, Any]) -> _Found:
    """``brand_mentions`` of one shard (on whichever process runs it)."""
    from corpus_tools.loanwords import brand_mentions
    from corpus_tools.loanwords.detection import orthographic_tokens

    corpus = shard.read()
    tokens = orthographic_tokens(corpus, None)
    heur = options["heuristics"]
    exclude = options["exclude_brands"]
    # with no exclusion brand_mentions takes its own cached default lexicon
    lexicon = _lexicon(exclude, "variants" in heur) if exclude else None
    mentions = brand_mentions(corpus, tokens, lexicon=lexicon, heuristics=heur)
    counts = _text_counts(mentions, corpus) if options["usage"] else None
    return _Found(mentions, counts, len(tokens))


def _text_counts(mentions: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Per brand, the usage counts read from this shard's texts (brand, glossed, n_headed)."""
    from corpus_tools.loanwords import brand_usage

    return brand_usage(mentions, corpus)[["brand", *_TEXT_COUNTS]]


def _run(
    shards: Sequence[Shard | DocumentShard],
    options: dict[str, Any],
    client: Any,
    progress: bool | None,
) -> list[_Found]:
    """Every shard's result, in corpus order (on a cluster they finish in any order)."""
    from corpus_tools.distributed import run_in_order

    return run_in_order(
        _detect_shard, shards, {"options": options}, client=client, desc="loanwords",
        progress=progress, size=lambda found: found.tokens,
    )  # fmt: skip


def _detect(
    corpus: LazyCorpus | Corpus | str | Path | Sequence[str | Path],
    *,
    usage: bool,
    heuristics: Iterable[str] = HEURISTICS,
    exclude_brands: Iterable[str] = (),
    client: Any = None,
    shard_bytes: int | None = None,
    progress: bool | None = None,
) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """The joined mentions table and (``usage``) every shard's per-brand text counts."""
    options = {
        "heuristics": tuple(heuristics),  # brand_mentions checks the names
        "exclude_brands": tuple(exclude_brands),
        "usage": usage,
    }
    found = _run(cut_shards(corpus, shard_bytes), options, client, progress)
    mentions = _concat_mentions([f.mentions for f in found])
    return mentions, [f.text_counts for f in found if f.text_counts is not None]


def _concat_mentions(tables: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Shard tables → one, in corpus order; the shards must agree on the signature."""
    import pandas as pd

    signatures = sorted({str(t.attrs.get("signature")) for t in tables})
    if len(signatures) > 1:
        raise RuntimeError(
            "the shards were detected with different setups (other versions on the workers?): "
            + " ≠ ".join(signatures)
        )
    kept = [t for t in tables if len(t)] or list(tables[:1])  # empty ones carry no dtype news
    table = pd.concat(kept, ignore_index=True)
    table.attrs = dict(tables[0].attrs)
    return table


def sharded_mentions(
    corpus: LazyCorpus | Corpus | str | Path | Sequence[str | Path],
    *,
    heuristics: Iterable[str] = HEURISTICS,
    exclude_brands: Iterable[str] = (),
    client: Any = None,
    shard_bytes: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """:func:`~corpus_tools.loanwords.brand_mentions` of a corpus shard by shard, here or on Dask.

    Parameters
    ----------
    corpus : a lazily read corpus (:func:`~corpus_tools.shards.read_corpus`) or paths, whose
        files each shard reads where it runs (on a cluster: a folder every worker sees); or a
        :class:`~corpus_tools.corpus.Corpus` in memory, whose documents travel with the tasks.
    heuristics, exclude_brands : as :func:`brand_mentions`; each process builds the lexicon
        without the excluded brands once.
    client : a ``distributed.Client`` to run the shards on (None: this process).
    shard_bytes : text per shard (default: one shard up to 32 MB, else 8 MB).
    progress : shards done and tokens/s on stderr (default: when stderr is a terminal).

    Returns
    -------
    DataFrame
        The table of ``brand_mentions(corpus)`` (columns
        :data:`~corpus_tools.loanwords.MENTION_COLUMNS`, one row per mention in document
        order), with the same dtypes and ``attrs["signature"]``.
    """
    mentions, _ = _detect(
        corpus,
        usage=False,
        heuristics=heuristics,
        exclude_brands=exclude_brands,
        client=client,
        shard_bytes=shard_bytes,
        progress=progress,
    )
    return mentions


def sharded_brand_usage(
    corpus: LazyCorpus | Corpus | str | Path | Sequence[str | Path], **options: Any
) -> pd.DataFrame:
    """:func:`~corpus_tools.loanwords.brand_usage` of the corpus's mentions, shard by shard.

    ``options`` are those of :func:`sharded_mentions`. Returns the table of
    ``brand_usage(brand_mentions(corpus), corpus)`` (columns
    :data:`~corpus_tools.loanwords.USAGE_COLUMNS`, same order, dtypes and signature); the texts
    are read only on the shards.
    """
    import pandas as pd

    from corpus_tools.loanwords import brand_usage

    mentions, counts = _detect(corpus, usage=True, **options)
    table = brand_usage(mentions)  # without texts: glossed and n_headed are 0 here
    per_brand = pd.concat(counts, ignore_index=True).groupby("brand", sort=False).sum()
    for column in _TEXT_COUNTS:
        table[column] = table["brand"].map(per_brand[column]).astype("int64")
    return table
