"""Lean token tables for counting: only the columns a count reads, tokenised once per chunk type.

A word list or a collocation count reads a few columns of the token table (``doc``, the counted
attribute, ``norm``, ``script``, sometimes ``sentence``, ``surface`` or ``residue``) and never the
offsets. :func:`lean_tokens` gives exactly those columns of :func:`~corpus_tools.tokenize.tokenize`
(same values and signature; ``category`` columns whose categories come in order of first
appearance rather than sorted, which no count looks at) at a fraction of the cost:

* every document is cut at white space into *chunks* (vectorised, on code points);
* each distinct chunk is tokenised once, by the rules annotator itself: no token crosses white
  space, and nothing the annotator decides about a token (its span, script, clitic split, norm)
  looks beyond the white space around it, so a chunk is tokenised alike wherever it occurs. A
  corpus of 2M tokens holds about 260k distinct chunks;
* the chunks' tokens are laid out along the corpus with numpy (a CSR expansion: no Python per
  token);
* the two things that do look across white space are computed on the expanded sequence with the
  annotator's own functions: sentence ends (a ``.`` after a space still belongs to the run of
  final punctuation before it; line breaks) and scraper residue (whole lines).

``tests/test_lean_tokens.py`` checks the equality on random mixed Arabic/Latin/punctuation text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from corpus_tools.corpus import Corpus, residue_spans
from corpus_tools.normalize import DEFAULT_STEPS, normalize_series, normalizer
from corpus_tools.segment import _flatten
from corpus_tools.tokenize import (
    _CLOSERS,
    _SENT_FINAL,
    PARAGRAPHS,
    SCRIPTS,
    SP,
    _breaks_between,
    _check_segmentation,
    _clitics,
    _codepoints,
    _labels,
    _luts,
    _token_spans,
    empty_token_table,
    script_codes,
    sentence_numbers,
    token_signature,
    tokenize,
    utf8_pieces,
)

__all__ = ["LEAN_COLUMNS", "lean_tokens"]

#: Columns :func:`lean_tokens` can give.
LEAN_COLUMNS = ("doc", "sentence", "surface", "form", "norm", "script", "clitic", "residue")
_TYPE_COLUMNS = ("surface", "form", "norm", "script", "clitic")


@dataclass(frozen=True)
class _Chunks:
    """The white-space chunks of the joined documents: one entry per occurrence."""

    chunk: np.ndarray  # int64 id of the distinct chunk
    start: np.ndarray  # int64 code-point offsets in the joined text
    end: np.ndarray
    distinct: list[str]  # the distinct chunks, by id


@cache
def _space() -> np.ndarray:
    """Whether each BMP code point separates tokens (the annotator's own class table)."""
    return np.asarray(_luts()[0] == SP, dtype=bool)


def _chunks(joined: str, cp: np.ndarray) -> _Chunks | None:
    """Cut the text at the annotator's own separators (None: lone surrogates, not UTF-8)."""
    space = _space()
    if len(cp) and int(cp.max()) > 0xFFFF:
        # astral characters stay inside chunks (the tokenizer decides what they are)
        inside = ~space[np.minimum(cp, 0xFFFF)] | (cp > 0xFFFF)
    else:
        inside = ~space[cp]
    # chunk edges alternate: start, end, start, end ...
    edges = np.flatnonzero(inside[1:] != inside[:-1]) + 1
    if len(inside) and inside[0]:
        edges = np.concatenate(([0], edges))
    if len(inside) and inside[-1]:
        edges = np.concatenate((edges, [len(inside)]))
    start, end = edges[0::2].astype(np.int64), edges[1::2].astype(np.int64)
    pieces = utf8_pieces(joined, cp, start, end)
    if pieces is None:
        return None
    encoded = pieces.dictionary_encode()
    chunk = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return _Chunks(chunk, start, end, encoded.dictionary.to_pylist())


@dataclass(frozen=True)
class _Types:
    """The tokens of every distinct chunk, chunk after chunk (one row per token)."""

    surface: pa.Array  # large_string per row
    form: pa.Array
    script: np.ndarray  # index into SCRIPTS
    clitic: np.ndarray
    start: np.ndarray  # int64 offsets within the chunk
    end: np.ndarray
    first: np.ndarray  # int64 per chunk: its first row
    count: np.ndarray  # int64 per chunk: its number of tokens (0 for format controls alone)
    steps: Sequence[str]
    signature: str

    def column(self, name: str) -> pd.Series:
        """``surface``, ``form``, ``norm`` or ``script`` per row, as a ``category`` column
        (categories in order of first appearance: the counts never look at their order)."""
        if name == "script":
            return _labels(self.script, SCRIPTS)
        if name == "norm":  # each distinct form normalised once
            forms = self.form.dictionary_encode()
            norms = _normalized(forms.dictionary, self.steps).dictionary_encode()
            values = pd.Index(norms.dictionary, dtype="str")
            return _category(_indices(norms)[_indices(forms)], values)
        encoded = (self.surface if name == "surface" else self.form).dictionary_encode()
        return _category(_indices(encoded), pd.Index(encoded.dictionary, dtype="str"))


def _normalized(forms: pa.Array, steps: Sequence[str]) -> pa.Array:
    """``normalize_series`` of distinct forms, in one pass over one string: no chunk holds a
    line break (it separates chunks), and every step leaves ``\\n`` alone."""
    values = forms.to_pylist()
    joined = "\n".join(values)
    if joined.count("\n") != max(len(values) - 1, 0):  # pragma: no cover - never from chunks
        return pa.array(normalize_series(pd.Series(values, dtype="str"), steps).tolist())
    return pa.array(normalizer(steps)(joined).split("\n") if values else [], pa.large_string())


def _indices(encoded: pa.DictionaryArray) -> np.ndarray:
    return np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)


def _category(codes: np.ndarray, categories: pd.Index) -> pd.Series:
    dtype = pd.CategoricalDtype(categories)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype, validate=False))


def _types(distinct: list[str], steps: Sequence[str], segmentation: str) -> _Types:
    """Tokenise the distinct chunks at once, as one text with a space between them.

    The annotator's own steps, minus what only the token table needs: spans and scripts
    (:mod:`corpus_tools.tokenize`), then the clitic pieces of each distinct Arabic word
    (:mod:`corpus_tools.segment`); ``norm`` of each distinct form when asked for.
    """
    _check_segmentation(segmentation)
    text = " ".join(distinct)
    cp = _codepoints(text)
    starts, ends, first_cls = _token_spans(cp)
    surface = utf8_pieces(text, cp, starts, ends)
    assert surface is not None  # the chunks were cut from valid UTF-8
    script = script_codes(cp, starts, ends, first_cls)
    clitic = _clitics(starts, ends, first_cls, script, pd.Series(surface, dtype="str"))[0]
    rows = _Rows(np.arange(len(starts)), np.zeros(len(starts), np.int64), starts, ends, clitic)
    form = surface
    if segmentation == "clitics":
        rows, surface, form = _pieces(rows, surface, np.flatnonzero((script == 0) & ~clitic))
    lengths = np.fromiter((len(c) + 1 for c in distinct), dtype=np.int64, count=len(distinct))
    offset = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    chunk_of_row = np.searchsorted(offset, rows.start, side="right") - 1
    count = np.bincount(chunk_of_row, minlength=len(distinct)).astype(np.int64)
    return _Types(
        surface,
        form,
        script[rows.source],
        rows.clitic,
        rows.start - offset[chunk_of_row],
        rows.end - offset[chunk_of_row],
        np.concatenate(([0], np.cumsum(count)[:-1])),
        count,
        steps,
        token_signature("rules", steps, segmentation=segmentation),
    )


@dataclass(frozen=True)
class _Rows:
    """Token rows: the orthographic token each comes from, its piece number and span."""

    source: np.ndarray
    part: np.ndarray
    start: np.ndarray
    end: np.ndarray
    clitic: np.ndarray


def _pieces(rows: _Rows, surface: pa.Array, arabic: np.ndarray) -> tuple[_Rows, pa.Array, pa.Array]:
    """Split the Arabic words ``arabic`` (row numbers) into their syntactic words, as
    :func:`~corpus_tools.segment.split_clitics` does (each distinct word segmented once)."""
    if not len(arabic):
        return rows, surface, surface
    encoded = surface.take(pa.array(arabic)).dictionary_encode()
    word_of = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    flat = _flatten(pd.Series(encoded.dictionary, dtype="str"))
    repeat = np.ones(len(rows.source), dtype=np.int64)
    repeat[arabic] = flat.count[word_of]
    source, part = _expand_with_part(repeat)
    type_of = np.full(len(rows.source), -1, dtype=np.int64)
    type_of[arabic] = word_of
    t = type_of[source]
    split = np.flatnonzero((t >= 0) & (flat.count[np.maximum(t, 0)] > 1))
    piece = flat.first[t[split]] + part[split]
    start, end = rows.start[source], rows.end[source]
    clitic = rows.clitic[source]
    word_start = start[split]
    start[split] = word_start + flat.start[piece]
    end[split] = word_start + flat.end[piece]
    clitic[split] = flat.proclitic[piece]
    gather = source.copy()
    gather[split] = len(surface) + piece
    new_surface = pa.concat_arrays([surface, pa.array(flat.surface, pa.large_string())])
    new_form = pa.concat_arrays([surface, pa.array(flat.form, pa.large_string())])
    take = pa.array(gather)
    return _Rows(source, part, start, end, clitic), new_surface.take(take), new_form.take(take)


def _expand_with_part(repeat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row ``i`` repeated ``repeat[i]`` times; the source row and the copy number of each."""
    source = np.repeat(np.arange(len(repeat), dtype=np.int64), repeat)
    part = np.arange(len(source), dtype=np.int64) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    return source, part


def _expand(first: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``first[i] .. first[i] + count[i] - 1`` for every i, and the i of each row."""
    owner, k = _expand_with_part(count)
    return first[owner] + k, owner


def _categorical(column: pd.Series, rows: np.ndarray) -> pd.Series:
    codes = column.cat.codes.to_numpy()[rows]
    assert isinstance(column.dtype, pd.CategoricalDtype)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=column.dtype, validate=False))


def lean_tokens(
    corpus: Corpus,
    columns: Iterable[str],
    *,
    steps: Sequence[str] = DEFAULT_STEPS,
    segmentation: str = "clitics",
    paragraphs: str = "line",
) -> pd.DataFrame:
    """``tokenize(corpus, ...)[columns]``, computed once per distinct white-space chunk.

    ``columns`` are taken from :data:`LEAN_COLUMNS`; the table equals the rules annotator's
    (values, dtypes and ``attrs["signature"]``; categories are not sorted), in document order.
    """
    wanted = list(dict.fromkeys(columns))
    unknown = sorted(set(wanted) - set(LEAN_COLUMNS))
    if unknown:
        raise ValueError(f"lean_tokens gives {LEAN_COLUMNS}, not {unknown}")
    if paragraphs not in PARAGRAPHS:
        raise ValueError(f"paragraphs must be one of {PARAGRAPHS}, got {paragraphs!r}")
    docs = list(corpus)
    joined = "\n".join(d.text for d in docs)
    cp = _codepoints(joined)
    chunks = _chunks(joined, cp)
    if chunks is None:  # lone surrogates (never from load_corpus): the annotator's own path
        full = tokenize(corpus, steps=steps, segmentation=segmentation, paragraphs=paragraphs)
        return full[wanted]
    types = _types(chunks.distinct, steps, segmentation)
    rows, occurrence = _expand(types.first[chunks.chunk], types.count[chunks.chunk])
    if not len(rows):
        table = empty_token_table()[wanted]
        table.attrs["signature"] = types.signature
        return table
    start = chunks.start[occurrence] + types.start[rows]
    end = chunks.start[occurrence] + types.end[rows]
    lengths = np.array([len(d.text) + 1 for d in docs], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    doc_code = np.searchsorted(offsets, chunks.start[occurrence], side="right") - 1
    data: dict[str, object] = {}
    for name in wanted:
        if name == "doc":
            data[name] = _labels(doc_code, [d.id for d in docs])
        elif name == "sentence":
            data[name] = _sentences(types, rows, cp, (start, end), doc_code, paragraphs)
        elif name == "residue":
            chunk_spans = (chunks.start[occurrence], chunks.end[occurrence])
            data[name] = _residue(corpus, offsets, (start, end), chunk_spans)
        elif name == "clitic":
            data[name] = types.clitic[rows]
        else:
            data[name] = _categorical(types.column(name), rows)
    table = pd.DataFrame(data)
    table.attrs["signature"] = types.signature
    del types, chunks
    pa.default_memory_pool().release_unused()  # the chunk strings: give the memory back now
    return table


def _sentences(
    types: _Types,
    rows: np.ndarray,
    cp: np.ndarray,
    spans: tuple[np.ndarray, np.ndarray],
    doc_code: np.ndarray,
    paragraphs: str,
) -> np.ndarray:
    """The ``sentence`` column: the annotator's rule on the expanded tokens, numbered per doc.

    The rule runs on the orthographic tokens in the annotator and on the syntactic words here:
    clitic pieces are Arabic letters, never final punctuation or closers, so they start no run
    and end no sentence; the boundaries are the same.
    """
    start, end = spans
    final = np.asarray(pc.is_in(types.surface, pa.array(sorted(_SENT_FINAL))), dtype=bool)[rows]
    closer = np.asarray(pc.is_in(types.surface, pa.array(sorted(_CLOSERS))), dtype=bool)[rows]
    line_break = _breaks_between(cp, start, end) >= (2 if paragraphs == "blank" else 1)
    sentence = sentence_numbers(final, closer, start[1:] == end[:-1], line_break)
    first_token = np.searchsorted(doc_code, doc_code, side="left")
    return np.asarray(sentence - sentence[first_token], dtype=np.int32)


def _residue(
    corpus: Corpus,
    offsets: np.ndarray,
    spans: tuple[np.ndarray, np.ndarray],
    chunk_spans: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Tokens inside a residue span of their document (whole lines: few spans).

    Chunk spans ascend along the tokens (a token's own span need not: a restored article word
    starts where its proclitic does), so each residue span looks only at the tokens of the
    chunks it touches.
    """
    start, end = spans
    chunk_start, chunk_end = chunk_spans
    residue = residue_spans(corpus)
    inside = np.zeros(len(start), dtype=bool)
    code_of = {d.id: i for i, d in enumerate(corpus)}
    doc_offset = offsets[[code_of[str(d)] for d in residue["doc"]]].astype(np.int64)
    for r_start, r_end in zip(
        residue["start"].to_numpy() + doc_offset,
        residue["end"].to_numpy() + doc_offset,
        strict=True,
    ):
        lo = int(np.searchsorted(chunk_end, r_start, side="right"))
        hi = int(np.searchsorted(chunk_start, r_end, side="left"))
        inside[lo:hi] |= (start[lo:hi] >= r_start) & (end[lo:hi] <= r_end)
    return inside
