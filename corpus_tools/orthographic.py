"""Orthographic words from a clitic-segmented token table, without tokenising again.

:func:`~corpus_tools.segment.split_clitics` turns an orthographic word such as ``وبالشركة``
into the rows ``و`` + ``ب`` + ``الشركة`` that share the word's span (``token_start``/
``token_end``). :func:`orthographic_words` undoes that: each run of rows of one document with
the same span whose pieces are all Arabic becomes one row again, exactly the row
``tokenize(corpus, segmentation="orthographic")`` gives. A proclitic on a Latin word or a
number (``وIntel`` → ``و`` + ``Intel``) stays split, as the orthographic tokenizer leaves it.

Kept in its own module (not in :mod:`corpus_tools.segment`, which is near the size limit);
it reuses the string building of :mod:`corpus_tools.tokenize` and the column rebuilding of
:mod:`corpus_tools.segment`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from corpus_tools.segment import _arrow, _repeated, _with_pieces
from corpus_tools.signature import extend_signature
from corpus_tools.tokenize import _codepoints, _strings

__all__ = ["orthographic_words"]

#: Columns the rules annotator leaves missing; a merged word has none of a piece's values.
_ANALYSIS_COLUMNS = ("lemma", "lemma_raw", "upos", "feats")


@dataclass(frozen=True)
class _Merge:
    """Which input rows survive (``source``) and which of the output rows are merged words."""

    source: np.ndarray  # int64: input row of each output row (the first piece of a word)
    merged: np.ndarray  # int64: output positions of the merged words
    dropped: np.ndarray  # bool per input row: a later piece folded into its word


def _doc_codes(doc: pd.Series) -> tuple[np.ndarray, pd.Index]:
    if isinstance(doc.dtype, pd.CategoricalDtype):
        return doc.cat.codes.to_numpy().astype(np.int64), doc.cat.categories
    codes, uniques = pd.factorize(doc)
    return codes.astype(np.int64), pd.Index(uniques)


def _plan(tokens: pd.DataFrame, doc: np.ndarray) -> _Merge:
    """Group ids from a cumsum of "new word" flags; a group merges when it has several rows
    and no piece that is not Arabic (counted per group with one bincount)."""
    t_start = tokens["token_start"].to_numpy()
    t_end = tokens["token_end"].to_numpy()
    new = np.ones(len(tokens), dtype=bool)
    new[1:] = (doc[1:] != doc[:-1]) | (t_start[1:] != t_start[:-1]) | (t_end[1:] != t_end[:-1])
    group = np.cumsum(new) - 1
    arabic = (tokens["script"] == "arabic").to_numpy(dtype=bool, na_value=False)
    size = np.bincount(group)
    foreign = np.bincount(group, weights=~arabic, minlength=len(size)) > 0
    merge = (size > 1) & ~foreign
    dropped = ~new & merge[group]
    source = np.flatnonzero(~dropped)
    return _Merge(source, np.flatnonzero(merge[group[source]]), dropped)


def _word_strings(
    texts: Mapping[str, str], doc_ids: pd.Index, doc: np.ndarray, start: np.ndarray, end: np.ndarray
) -> pd.Series:
    """``text[start:end]`` of each merged word, cut from the UTF-8 texts in C++ (the texts of
    the documents concerned are joined in table order, so the spans stay ordered)."""
    order, first = np.unique(doc, return_index=True)
    order = order[np.argsort(first)]
    chosen = []
    for code in order.tolist():
        name = str(doc_ids[code])
        if name not in texts:
            raise ValueError(f"orthographic_words: no text for document {name!r}")
        chosen.append(texts[name])
    lengths = np.array([len(t) for t in chosen], dtype=np.int64)
    position = np.empty(len(doc_ids), dtype=np.int64)
    position[order] = np.arange(len(order))
    bad = np.flatnonzero((start < 0) | (end > lengths[position[doc]]) | (end < start))
    if len(bad):
        i = int(bad[0])
        raise ValueError(
            f"orthographic_words: span {start[i]}:{end[i]} outside the text of document "
            f"{str(doc_ids[doc[i]])!r} ({lengths[position[doc[i]]]} characters)"
        )
    offsets = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    joined = "\n".join(chosen)
    shift = offsets[position[doc]]
    return _strings(joined, _codepoints(joined), start + shift, end + shift)


def _renumbered(index: np.ndarray, plan: _Merge) -> np.ndarray:
    """Word numbers after dropping the folded pieces (numbering restarts where it was 0)."""
    run_first = np.maximum.accumulate(np.where(index == 0, np.arange(len(index)), 0))
    before = np.cumsum(plan.dropped) - plan.dropped  # folded rows before row r
    src = plan.source
    return np.asarray(index[src] - (before[src] - before[run_first[src]]), dtype=np.int32)


def _cleared(column: pd.Series, plan: _Merge) -> pd.Series:
    """An analysis column with the merged words missing (unused categories dropped)."""
    repeated = _repeated(column, plan.source)
    if not isinstance(column.dtype, pd.CategoricalDtype):
        out = pd.Series(repeated).astype(column.dtype)
        out.iloc[plan.merged] = None
        return out
    codes = column.cat.codes.to_numpy()[plan.source].copy()
    codes[plan.merged] = -1
    cat = pd.Categorical.from_codes(codes, dtype=column.dtype)
    return pd.Series(cat.remove_unused_categories())


def orthographic_words(
    tokens: pd.DataFrame,
    texts: Mapping[str, str],
    norm: Callable[[pd.Series], pd.Series],
) -> pd.DataFrame:
    """The orthographic token table of a clitic-segmented one, without tokenising again.

    Each run of consecutive rows of one document sharing ``token_start``/``token_end`` whose
    pieces are all Arabic becomes one row: ``start``/``end`` the word's span, ``surface`` =
    ``form`` = ``texts[doc][start:end]``, ``norm`` = ``norm(surface)``, ``clitic`` False,
    ``part`` 0, ``lemma``/``lemma_raw``/``upos``/``feats`` missing; ``index`` is renumbered.
    Runs holding a Latin or digit piece (``وIntel``) stay split. On a rules table the result
    equals ``tokenize(corpus, segmentation="orthographic")`` (values, dtypes, signature).
    ``texts`` maps document id → text; ``norm`` is the normaliser (as for
    :func:`~corpus_tools.segment.split_clitics`).
    """
    signature = tokens.attrs.get("signature")
    attrs = {**tokens.attrs, "signature": extend_signature(signature, segmentation="orthographic")}
    doc, doc_ids = _doc_codes(tokens["doc"])
    plan = _plan(tokens, doc)
    if not len(plan.merged):  # nothing split, or only proclitics on Latin words and numbers
        out = tokens.copy()
        out.attrs = attrs
        return out
    src = plan.source[plan.merged]
    start = tokens["token_start"].to_numpy()[src]
    end = tokens["token_end"].to_numpy()[src]
    words = _word_strings(texts, doc_ids, doc[src], start, end)
    categories = pd.Series(words.cat.categories, dtype="str")
    codes = pa.array(words.cat.codes.to_numpy().astype(np.int64))
    surface = _arrow(categories).take(codes)
    new = {"surface": surface, "form": surface, "norm": _arrow(norm(categories)).take(codes)}
    data: dict[str, object] = {}
    for name in tokens.columns:
        if name in new:
            data[name] = _with_pieces(tokens[name], plan.source, plan.merged, new[name])
        elif name in _ANALYSIS_COLUMNS:
            data[name] = _cleared(tokens[name], plan)
        else:
            data[name] = _repeated(tokens[name], plan.source)
    updates = {"start": start, "end": end, "clitic": False, "part": 0}
    for name, values in updates.items():
        if name in data:
            data[name][plan.merged] = values  # type: ignore[index]
    if "index" in data:
        data["index"] = _renumbered(tokens["index"].to_numpy(), plan)
    out = pd.DataFrame(data, copy=False)
    out.attrs = attrs
    return out
