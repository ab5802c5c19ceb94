"""A lazily read corpus, cut into shards of whole documents.

:func:`read_corpus` lists the files of a corpus (the same files, in the same order, as
:func:`~corpus_tools.corpus.load_corpus`) without reading them. :meth:`LazyCorpus.shards` cuts
that list into consecutive shards of about ``shard_bytes`` bytes of text each; a shard is read
(strictly, with the errors of ``load_corpus``) only when it is processed, so memory is bounded
by one shard's token table whatever the size of the corpus. Documents never straddle shards,
and neither do sentences, n-grams or collocation windows, so counts over shards add up exactly
(:mod:`corpus_tools.counting`).

A :class:`Shard` is a small picklable record: Dask ships it to a worker, which reads the files
itself (:mod:`corpus_tools.distributed`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus_tools.corpus import Corpus, Document

__all__ = [
    "DEFAULT_SHARD_BYTES",
    "ONE_SHARD_BYTES",
    "DocumentShard",
    "LazyCorpus",
    "Shard",
    "cut_shards",
    "read_corpus",
    "shard_bounds",
]

#: About 0.7 million tokens of Arabic news text (≈ 11 bytes of UTF-8 per token with its space):
#: tokenising a shard peaks at about 0.3 GB, so that a 20M-token word list (shard + merged
#: counts) stays under 1 GB; 16 MB shards peaked at 1.06 GB.
DEFAULT_SHARD_BYTES = 8_000_000
#: A corpus up to this size is one shard when no shard size is asked for: counted in one
#: piece (the in-memory functions, peak ≈ 0.8 GB) it is faster than merging partial tables.
ONE_SHARD_BYTES = 32_000_000


@dataclass(frozen=True)
class Shard:
    """Consecutive documents of a corpus, processed together.

    Attributes
    ----------
    index : shard number (0, 1, ...), in corpus order.
    files : the shard's text files, in corpus order.
    first_doc : corpus-wide number of the shard's first document.
    n_bytes : total size of the files.
    """

    index: int
    files: tuple[Path, ...]
    first_doc: int
    n_bytes: int

    def read(self) -> Corpus:
        """The shard's documents (read and checked as :func:`load_corpus` does)."""
        from corpus_tools.corpus import load_corpus

        return load_corpus(list(self.files))


@dataclass(frozen=True)
class LazyCorpus:
    """The files of a corpus, listed but not read; see :func:`read_corpus`."""

    files: tuple[Path, ...]
    sizes: tuple[int, ...]
    source: str = ""

    def __len__(self) -> int:
        return len(self.files)

    @property
    def n_bytes(self) -> int:
        return sum(self.sizes)

    def shards(self, shard_bytes: int | None = None) -> list[Shard]:
        """Consecutive shards of whole documents, each about ``shard_bytes`` (at least one file).

        By default (None) a corpus of at most :data:`ONE_SHARD_BYTES` is one shard, a larger
        one is cut into shards of :data:`DEFAULT_SHARD_BYTES`.
        """
        return [
            Shard(k, self.files[start:stop], start, sum(self.sizes[start:stop]))
            for k, (start, stop) in enumerate(shard_bounds(self.sizes, shard_bytes))
        ]

    def __iter__(self) -> Iterator[Shard]:
        return iter(self.shards())

    def load(self) -> Corpus:
        """Read the whole corpus into memory (:func:`~corpus_tools.corpus.load_corpus`)."""
        from corpus_tools.corpus import load_corpus

        return load_corpus(list(self.files))


def shard_bounds(sizes: Sequence[int], shard_bytes: int | None = None) -> list[tuple[int, int]]:
    """``(start, stop)`` of consecutive runs of items (documents) of about ``shard_bytes`` each.

    Every run holds at least one item and is cut before the item that would pass
    ``shard_bytes``. None: one run when the total is at most :data:`ONE_SHARD_BYTES`, else runs
    of :data:`DEFAULT_SHARD_BYTES`.
    """
    total_bytes = sum(sizes)
    if shard_bytes is None:
        small = total_bytes <= ONE_SHARD_BYTES
        shard_bytes = max(total_bytes, 1) if small else DEFAULT_SHARD_BYTES
    if shard_bytes < 1:
        raise ValueError(f"shard_bytes must be a positive integer, got {shard_bytes}")
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < len(sizes):
        stop, total = start, 0
        while stop < len(sizes) and (stop == start or total + sizes[stop] <= shard_bytes):
            total += sizes[stop]
            stop += 1
        bounds.append((start, stop))
        start = stop
    return bounds


def read_corpus(paths: str | Path | Sequence[str | Path]) -> LazyCorpus:
    """List a corpus's files (a folder's ``*.txt`` sorted by name, or the files given) lazily.

    Missing paths and empty folders are reported at once (:class:`CorpusError`); the texts are
    read shard by shard when they are processed.
    """
    from corpus_tools.corpus import corpus_files

    found, _skipped = corpus_files(paths)  # the CLI notes what a folder left out
    files = tuple(found)
    source = str(paths) if isinstance(paths, (str, Path)) else ",".join(str(p) for p in paths)
    return LazyCorpus(files, tuple(os.stat(f).st_size for f in files), source)


@dataclass(frozen=True)
class DocumentShard:
    """Consecutive documents already in memory, shipped to a worker with the task."""

    index: int
    documents: tuple[Document, ...]

    def read(self) -> Corpus:
        from corpus_tools.corpus import Corpus

        return Corpus(self.documents)


def cut_shards(
    corpus: LazyCorpus | Corpus | str | Path | Sequence[str | Path], shard_bytes: int | None
) -> list[Shard | DocumentShard]:
    """Shards of whole documents: files read where they run, or documents in memory (cut by
    the same rule, :func:`shard_bounds`, on their UTF-8 sizes; no documents: one empty shard)."""
    from corpus_tools.corpus import Corpus

    if not isinstance(corpus, Corpus):
        lazy = corpus if isinstance(corpus, LazyCorpus) else read_corpus(corpus)
        return list(lazy.shards(shard_bytes))
    docs = corpus.documents
    sizes = [len(d.text.encode("utf-8")) for d in docs]
    bounds = shard_bounds(sizes, shard_bytes) or [(0, 0)]
    return [DocumentShard(k, docs[start:stop]) for k, (start, stop) in enumerate(bounds)]
