"""The way back: a built folder (or Hub repo) loaded as the package's own tables.

:func:`load_dataset_tables` loads each configuration with ``datasets.load_dataset``, as an outside
user would, and turns ``tokens`` back into a token table and ``mentions`` into a mention table
with the signatures the card records; :func:`dataset_corpus` turns ``documents`` back into a
:class:`~corpus_tools.corpus.Corpus`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from corpus_tools.corpus import Corpus
from corpus_tools.dataset.card import card_signatures
from corpus_tools.dataset.schema import CARD, CONFIGS, TOKEN_LIST_FIELDS
from corpus_tools.dataset.tables import quiet_progress
from corpus_tools.loanwords import MENTION_COLUMNS
from corpus_tools.tokenize import TOKEN_COLUMNS

if TYPE_CHECKING:
    from datasets import Dataset

__all__ = ["dataset_corpus", "load_dataset_tables"]


def load_dataset_tables(
    source: str | Path,
    *,
    revision: str | None = None,
    cache_dir: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Load the three configurations with ``datasets.load_dataset``, as an outside user would.

    ``source`` is a built folder or a Hub repo id. The ``tokens`` configuration comes back as
    the token table it was built from and ``mentions`` as the mention table, so every analysis
    runs on the loaded dataset (``frequencies(tables["tokens"])``) and gives the same result as
    on the tables the build started from.

    Returns
    -------
    dict of DataFrames:

    ``documents`` : the configuration's columns; ``attrs["signature"]`` is the dataset's.
    ``tokens`` : a token table, every column of :data:`corpus_tools.tokenize.TOKEN_COLUMNS` with
        its dtype (``index`` numbers the tokens of each document), plus ``brand_tag`` (the BIO
        label name); ``attrs["signature"]`` is the annotator's token-table signature.
    ``mentions`` : the mention table (``doc`` and the other columns of
        :data:`corpus_tools.loanwords.MENTION_COLUMNS`; columns the build did not record are
        null) plus ``aligned``; ``attrs["signature"]`` is the mention table's signature.

    Every table also carries the dataset's signature in ``attrs["dataset_signature"]``.
    """
    from datasets import load_dataset

    with quiet_progress():
        loaded = {
            c: load_dataset(
                str(source),
                c,
                split="train",
                revision=revision,
                cache_dir=None if cache_dir is None else str(cache_dir),
            )
            for c in CONFIGS
        }
    documents = loaded["documents"].to_pandas()
    mentions = loaded["mentions"].to_pandas().rename(columns={"doc_id": "doc"})
    out = {
        "documents": documents,
        "tokens": _token_table(loaded["tokens"]),
        "mentions": _with_dtypes(mentions, MENTION_COLUMNS | {"aligned": "bool"}),
    }
    signatures = _loaded_signatures(source, revision)
    for name, df in out.items():
        df.attrs["signature"] = signatures.get(name, signatures["dataset"])
        df.attrs["dataset_signature"] = signatures["dataset"]
    return out


def dataset_corpus(documents: pd.DataFrame | Dataset, source: str = "dataset") -> Corpus:
    """The corpus of a loaded ``documents`` table (texts verbatim, ids, checksums, file names).

    ``documents`` is a DataFrame (or a ``datasets.Dataset``) with ``id``, ``title``, ``text``,
    ``sha256`` and, when present, ``source_file`` (else ``<id>.txt``). With it, analyses that
    read the text around a token or a mention (``kwic``, ``brand_usage``) run on a loaded
    dataset alone, and every offset indexes the published text.
    """
    from corpus_tools.corpus import Document

    if not isinstance(documents, pd.DataFrame):
        documents = documents.to_pandas()
    missing = {"id", "title", "text", "sha256"} - set(documents.columns)
    if missing:
        raise ValueError(f"the documents table lacks the column(s) {sorted(missing)}")
    names = (
        documents["source_file"] if "source_file" in documents.columns else documents["id"] + ".txt"
    )
    docs = tuple(
        Document(id=str(i), title=str(t), text=str(x), path=Path(str(n)), sha256=str(h))
        for i, t, x, n, h in zip(
            documents["id"],
            documents["title"],
            documents["text"],
            names,
            documents["sha256"],
            strict=True,
        )
    )
    return Corpus(docs, source=source)


def _with_dtypes(df: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    """Give each column its table dtype; a column holding nulls gets the nullable variant."""
    nullable = {"bool": "boolean", "int8": "Int8", "int32": "Int32", "int64": "Int64"}
    cast = {
        c: t if t in ("str", "category") or df[c].notna().all() else nullable[t]
        for c, t in dtypes.items()
        if c in df.columns
    }
    return df.astype(cast)


def _token_table(ds: Dataset) -> pd.DataFrame:
    """The ``tokens`` configuration (one row per sentence) back as a token table."""
    import pyarrow.compute as pc

    table = ds.data.table
    parent = pc.list_parent_indices(table["tokens"]).to_numpy()
    cols: dict[str, Any] = {
        "doc": table["doc_id"].to_numpy()[parent],
        "sentence": table["sentence"].to_numpy()[parent],
    }
    for field_name, column in TOKEN_LIST_FIELDS.items():
        if field_name in table.column_names:  # builds before 0.1.0's full table lack some
            cols[column] = pc.list_flatten(table[field_name]).to_numpy(zero_copy_only=False)
    names = np.array(ds.features["brand_tags"].feature.names, dtype=object)
    cols["brand_tag"] = names[pc.list_flatten(table["brand_tags"]).to_numpy()]
    tokens = pd.DataFrame(cols)
    tokens["index"] = tokens.groupby("doc", sort=False).cumcount()
    order = [c for c in TOKEN_COLUMNS if c in tokens.columns] + ["brand_tag"]
    # string columns: categories of the values present, sorted, as tokenize gives them
    return _with_dtypes(tokens[order], TOKEN_COLUMNS | {"brand_tag": "str"})


def _loaded_signatures(source: str | Path, revision: str | None) -> dict[str, str]:
    path = Path(source) / CARD
    if path.is_file():
        return card_signatures(path.read_text(encoding="utf-8"))
    try:  # a Hub repo: load_dataset has just fetched (and cached) the card
        from huggingface_hub import hf_hub_download
        from huggingface_hub.errors import HfHubHTTPError

        local = hf_hub_download(str(source), CARD, repo_type="dataset", revision=revision)
        return card_signatures(Path(local).read_text(encoding="utf-8"))
    except (OSError, ValueError, HfHubHTTPError):  # informative only: never fail a load for it
        return {"dataset": ""}
