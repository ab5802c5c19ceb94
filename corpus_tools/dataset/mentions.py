"""Mention tables coming into a build: the gold file and the check against the texts.

:func:`read_mentions` reads a gold file (JSON lines) with the package's one gold reader,
:func:`corpus_tools.gold.read_gold`; :func:`prepare_mentions` checks any mention
table against the corpus (offsets give the surface back, known documents, no overlapping brand
mentions) and gives it the mention table's dtypes. Columns a supplied table does not record stay
null rather than being guessed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from corpus_tools.corpus import Corpus
from corpus_tools.dataset.schema import OPTIONAL_MENTION_COLUMNS, DatasetError
from corpus_tools.loanwords import MENTION_COLUMNS

__all__ = ["GOLD_COLUMNS", "prepare_mentions", "read_mentions"]

#: the columns of a gold mentions file (``category`` optional, ``brand`` by default)
GOLD_COLUMNS = ("doc", "start", "end", "surface", "brand", "script", "category")


def read_mentions(path: str | Path, corpus: Corpus | None = None) -> pd.DataFrame:
    """Read and check a gold mentions file: :func:`corpus_tools.gold.read_gold` (the one reader)."""
    from corpus_tools.gold import read_gold

    return read_gold(path, corpus)


def prepare_mentions(mentions: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Check mentions against the texts; map ``doc`` (id or file name) to the document id."""
    missing = [c for c in GOLD_COLUMNS[:6] if c not in mentions.columns]
    if missing:
        raise DatasetError(f"mentions lack the column(s) {', '.join(missing)}")
    m = mentions.copy()
    if "category" not in m.columns:
        m["category"] = "brand"
    by_name = {d.name: d.id for d in corpus}
    ids = set(corpus.ids)
    m["doc"] = m["doc"].astype("str").map(lambda d: d if d in ids else by_name.get(d, d))
    unknown = sorted(set(m["doc"]) - ids)
    if unknown:
        raise DatasetError(f"mentions name document(s) not in the corpus: {', '.join(unknown[:5])}")
    # the dtypes of the mentions table (corpus_tools.loanwords.MENTION_COLUMNS); columns a
    # supplied table does not record stay null rather than being guessed
    for column in OPTIONAL_MENTION_COLUMNS:
        if column not in m.columns:
            m[column] = None
    recorded = [c for c in MENTION_COLUMNS if m[c].notna().all()]
    m = m.astype({c: MENTION_COLUMNS[c] for c in recorded})
    # One check per mention (not per token): offsets must give the surface back.
    for doc, start, end, surface in m[["doc", "start", "end", "surface"]].itertuples(index=False):
        text = corpus[doc].text
        if not 0 <= start < end <= len(text) or text[start:end] != surface:
            raise DatasetError(
                f"{corpus[doc].name}: mention {surface!r} at [{start}, {end}) does not match the text "
                f"(text there: {text[start:end]!r})"
            )
    order = pd.Categorical(m["doc"], categories=corpus.ids).codes
    m = m.assign(_order=order).sort_values(["_order", "start", "end", "category"], kind="stable")
    brands = m[m["category"] == "brand"]
    same_doc = brands["doc"].to_numpy()[1:] == brands["doc"].to_numpy()[:-1]
    overlap = same_doc & (brands["start"].to_numpy()[1:] < brands["end"].to_numpy()[:-1])
    if overlap.any():
        i = int(np.flatnonzero(overlap)[0])
        a, b = brands.iloc[i], brands.iloc[i + 1]
        raise DatasetError(
            f"{corpus[a['doc']].name}: brand mentions overlap: {a['surface']!r} [{a['start']}, {a['end']}) "
            f"and {b['surface']!r} [{b['start']}, {b['end']})"
        )
    return m.drop(columns="_order").reset_index(drop=True)
