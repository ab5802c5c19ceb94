"""The tables a build writes: token rows grouped into sentence lists, the documents table.

Token columns become pyarrow list arrays over one offsets array (no Python loop over tokens);
every column of the token table is written (:data:`~corpus_tools.dataset.schema.TOKEN_LIST_FIELDS`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from corpus_tools.corpus import Corpus
from corpus_tools.dataset.schema import FIELDS, TOKEN_LIST_FIELDS, DatasetError
from corpus_tools.tokenize import TOKEN_COLUMNS

__all__ = ["documents_frame", "quiet_progress", "sentence_columns"]


def _str_array(values: pd.Series) -> pa.Array:
    if isinstance(values.dtype, pd.CategoricalDtype):  # token-table strings are categories
        values = values.astype("str")
    arr = pa.array(values, type=pa.string(), from_pandas=True)  # NA -> null, no Python loop
    # arrow-backed pandas columns (e.g. the stanza token table) come back chunked
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _flat_array(values: pd.Series, dtype: str) -> pa.Array:
    """One token-table column as a pyarrow array (strings may be null, other columns not)."""
    if dtype in ("str", "category"):
        return _str_array(values)
    if values.isna().any():
        raise DatasetError(
            f"the token table's {values.name!r} column has missing values; it must not"
        )
    return pa.array(values.to_numpy(dtype))


def sentence_columns(tokens: pd.DataFrame, codes: np.ndarray) -> dict[str, pa.Array]:
    """Group token rows (already in order) into one list per sentence with pyarrow offsets."""
    key = tokens["doc"].ne(tokens["doc"].shift()) | tokens["sentence"].ne(
        tokens["sentence"].shift()
    )
    starts_at = np.flatnonzero(key.to_numpy())
    offsets = pa.array(np.append(starts_at, len(tokens)).astype(np.int32), type=pa.int32())

    def lists(values: pa.Array) -> pa.Array:
        return pa.ListArray.from_arrays(offsets, values)

    cols: dict[str, pa.Array] = {
        "doc_id": pa.array(tokens["doc"].to_numpy(object)[starts_at], type=pa.string()),
        "sentence": pa.array(tokens["sentence"].to_numpy(np.int32)[starts_at], type=pa.int32()),
    }
    for name, column in TOKEN_LIST_FIELDS.items():
        cols[name] = lists(_flat_array(tokens[column], TOKEN_COLUMNS[column]))
    cols["brand_tags"] = lists(pa.array(codes.astype(np.int64)))
    return cols


@cache
def _seed_sources() -> dict[str, dict[str, Any]]:
    raw = resources.files("corpus_tools.data").joinpath("seed_sources.json").read_text("utf-8")
    return dict(json.loads(raw)["documents"])


def documents_frame(corpus: Corpus, tokens: pd.DataFrame) -> pd.DataFrame:
    sources = _seed_sources()
    n_tok = tokens.groupby("doc", sort=False).size()
    n_sent = tokens.groupby("doc", sort=False)["sentence"].nunique()
    rows = []
    for d in corpus:
        meta = sources.get(d.name, {})
        if meta.get("sha256") != d.sha256:  # metadata belongs to that exact file only
            meta = {}
        rows.append(
            {
                "id": d.id,
                "title": d.title,
                "text": d.text,
                "source_file": d.name,
                "sha256": d.sha256,
                "n_chars": len(d.text),
                "n_sentences": int(n_sent.get(d.id, 0)),
                "n_tokens": int(n_tok.get(d.id, 0)),
                "outlet": meta.get("outlet"),
                "topic": meta.get("topic"),
                "notes": meta.get("notes"),
            }
        )
    return pd.DataFrame(rows, columns=list(FIELDS["documents"]))


@contextmanager
def quiet_progress() -> Iterator[None]:
    from datasets.utils.tqdm import (
        are_progress_bars_disabled,
        disable_progress_bars,
        enable_progress_bars,
    )

    was_disabled = are_progress_bars_disabled()
    disable_progress_bars()
    try:
        yield
    finally:
        if not was_disabled:
            enable_progress_bars()
