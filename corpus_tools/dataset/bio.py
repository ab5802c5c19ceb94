"""BIO brand tags for the token rows (Ramshaw & Marcus 1995; the CoNLL-2003 convention).

A token is ``B-BRAND`` if a brand mention starts on it, ``I-BRAND`` if it lies inside one, ``O``
otherwise. A mention is *aligned* when it starts and ends on token boundaries inside one
sentence; then the tags give its span back exactly. A mention that does not align (an Arabic
clitic written onto a transliterated name that the annotator leaves attached, ``وديسكورد`` as
one token) tags the tokens that overlap it; such mentions are counted and reported, never dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corpus_tools.corpus import Corpus
from corpus_tools.dataset.schema import DatasetError

__all__ = ["bio_tags"]


def bio_tags(
    tokens: pd.DataFrame, mentions: pd.DataFrame, corpus: Corpus
) -> tuple[np.ndarray, pd.DataFrame]:
    """BIO codes for every token row, and how each mention lines up with the tokens.

    ``tokens`` must be in document order (corpus order, then ``index``); only mentions with
    ``category == "brand"`` are tagged. The token range of a mention is every token that
    overlaps ``[start, end)``, found by binary search over document-global offsets (vectorised,
    no loop over tokens).

    Returns
    -------
    codes : int8 array, one per token row: 0 = ``O``, 1 = ``B-BRAND``, 2 = ``I-BRAND``.
    alignment : DataFrame, one row per mention (same order as ``mentions``) with ``first``,
        ``stop`` (token row range), ``aligned`` (bool) and ``reason`` (``""`` when aligned,
        else ``inside a token``, ``crosses a sentence boundary`` or ``no token``).
    """
    n = len(tokens)
    stride = max((len(d.text) for d in corpus), default=0) + 1
    doc_code = pd.Categorical(tokens["doc"], categories=corpus.ids).codes.astype(np.int64)
    gs = doc_code * stride + tokens["start"].to_numpy(np.int64)
    ge = doc_code * stride + tokens["end"].to_numpy(np.int64)
    if n and (np.diff(gs) < 0).any():
        raise DatasetError(
            "the token table is not in document order (sort by document, then index)"
        )
    sentence = tokens["sentence"].to_numpy(np.int64)

    m_code = pd.Categorical(mentions["doc"], categories=corpus.ids).codes.astype(np.int64)
    ms = m_code * stride + mentions["start"].to_numpy(np.int64)
    me = m_code * stride + mentions["end"].to_numpy(np.int64)
    # first token whose (running maximum) end lies after the mention start; stop = first token
    # that starts at or after the mention end
    first = np.searchsorted(np.maximum.accumulate(ge) if n else ge, ms, side="right")
    stop = np.searchsorted(gs, me, side="left")
    has = first < stop
    f_idx = np.minimum(first, max(n - 1, 0))
    l_idx = np.clip(stop - 1, 0, max(n - 1, 0))
    if n:
        on_bounds = has & (gs[f_idx] == ms) & (ge[l_idx] == me)
        one_sentence = (
            has & (sentence[f_idx] == sentence[l_idx]) & (doc_code[f_idx] == doc_code[l_idx])
        )
    else:
        on_bounds = one_sentence = np.zeros(len(mentions), dtype=bool)
    aligned = on_bounds & one_sentence
    reason = np.where(
        aligned,
        "",
        np.where(
            ~has, "no token", np.where(~on_bounds, "inside a token", "crosses a sentence boundary")
        ),
    )

    is_brand = (mentions["category"] == "brand").to_numpy() & has
    diff = np.zeros(n + 1, dtype=np.int64)
    np.add.at(diff, first[is_brand], 1)
    np.add.at(diff, stop[is_brand], -1)
    codes = np.where(np.cumsum(diff)[:n] > 0, 2, 0).astype(np.int8)
    codes[first[is_brand]] = 1
    alignment = pd.DataFrame({"first": first, "stop": stop, "aligned": aligned, "reason": reason})
    return codes, alignment
