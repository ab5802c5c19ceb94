"""The corpus as a Hugging Face dataset: a Hub-ready folder, its card, the push, the way back.

:func:`build_dataset` writes exactly what a Hub dataset repository holds — ``README.md`` (the
dataset card, YAML front matter + prose) and one parquet file per configuration under
``data/`` — so that ``datasets.load_dataset(folder, "tokens")`` works offline and the same call
with a repo id works once the folder is pushed:

==============  ==================  ========================================================
config          one row per         columns
==============  ==================  ========================================================
``documents``   text                ``id``, ``title``, ``text`` (verbatim), ``source_file``,
                                    ``sha256``, ``n_chars``, ``n_sentences``, ``n_tokens``,
                                    ``outlet``, ``topic``, ``notes``
``tokens``      sentence            ``doc_id``, ``sentence`` and one list per column of the
                                    token table (``tokens``, ``starts``, ``ends``, ``forms``,
                                    ``norms``, ``lemmas``, ``upos``, ``feats``, ``scripts``,
                                    ``clitics``, ``parts``, ``token_starts``, ``token_ends``,
                                    ``residue``), ``brand_tags`` (``List(ClassLabel)``, BIO)
``mentions``    mention             every column of the mention table (``doc_id``, ``start``,
                                    ``end``, ``surface``, ``brand``, ``script``, ``category``,
                                    ``clitic``, ``sentence``, ``source``, ``in_lexicon``) and
                                    ``aligned``
==============  ==================  ========================================================

:func:`load_dataset_tables` turns the folder back into the package's own tables: ``tokens`` *is*
a token table (every column of :data:`corpus_tools.tokenize.TOKEN_COLUMNS`, same dtypes, the
annotator's signature) and ``mentions`` a mention table, so every analysis runs on the loaded
dataset and gives what it gives on ``tokenize(corpus)``.

The card's ``configs:`` and ``dataset_info:`` blocks are written by the helpers that
``Dataset.push_to_hub`` itself uses (``MetadataConfigs.to_dataset_card_data`` and
``DatasetInfosDict.to_dataset_card_data``), and every parquet file carries the features in its
schema metadata, so ``ClassLabel`` names survive either way. Builds are deterministic: the same
corpus and settings give byte-identical files (no dates, no absolute paths, fixed writer).

:func:`push_dataset` uploads such a folder as one commit (``huggingface_hub``); :func:`plan_push`
is everything it does before the network, and is what the tests check. The live upload itself
is not exercised by the test suite (there is no Hub to talk to here).

BIO tags (Ramshaw & Marcus 1995; the CoNLL-2003 convention): a token is ``B-BRAND`` if a brand
mention starts on it, ``I-BRAND`` if it lies inside one, ``O`` otherwise. A mention is
*aligned* when it starts and ends on token boundaries inside one sentence; then the tags give
its span back exactly. A mention that does not align (an Arabic clitic written onto a
transliterated name, ``وجوجل``, is one token for the rules annotator) tags the tokens that
overlap it; such mentions are counted, listed by :func:`build_dataset` and reported in the card,
never dropped.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import re
import shutil
import string
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from corpus_tools._version import __version__
from corpus_tools.annotate import DEFAULT_ANNOTATOR, annotate, check_annotator
from corpus_tools.corpus import Corpus, load_corpus
from corpus_tools.loanwords import MENTION_COLUMNS
from corpus_tools.signature import extend_signature, parse_signature
from corpus_tools.tokenize import TOKEN_COLUMNS

if TYPE_CHECKING:
    from datasets import Dataset, Features

__all__ = [
    "BRAND_LABELS",
    "CONFIGS",
    "DEFAULT_OUT",
    "DEFAULT_REPO_ID",
    "TOKEN_LIST_FIELDS",
    "DatasetBuild",
    "DatasetError",
    "PushError",
    "PushResult",
    "bio_tags",
    "build_dataset",
    "dataset_corpus",
    "dataset_features",
    "format_plan",
    "load_dataset_tables",
    "plan_push",
    "push_dataset",
    "read_mentions",
]

log = logging.getLogger(__name__)

#: Label names of ``tokens.brand_tags`` (``ClassLabel`` order: O = 0, B-BRAND = 1, I-BRAND = 2).
BRAND_LABELS: tuple[str, ...] = ("O", "B-BRAND", "I-BRAND")
#: Configurations, in the order the card lists them (``documents`` is the default one).
CONFIGS: tuple[str, ...] = ("documents", "tokens", "mentions")
#: Repo id written into the card's loading examples unless another is given.
DEFAULT_REPO_ID = "corpus-tools/arabic-ai-news-loanwords"
#: Where ``corpus-tools dataset build`` writes and ``dataset push`` reads by default.
DEFAULT_OUT = "dataset"
PRETTY_NAME = "Arabic AI news with English brand-name loanwords (corpus_tools)"
CARD = "README.md"
_DATA_FILE = "data/{config}/train-00000-of-00001.parquet"
_REPO_MARK = re.compile(r"<!-- corpus_tools: repo_id=(\S+) -->")
_SIZE_CATEGORIES = (
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
)

# Field documentation: the single source for the card's field tables.
_FIELDS: dict[str, dict[str, str]] = {
    "documents": {
        "id": "document id: the file stem (`000_30e8b2e888576925`)",
        "title": "first non-empty line of the text",
        "text": "the full text, verbatim (byte-for-byte the decoded source file)",
        "source_file": "file name of the source text",
        "sha256": "SHA-256 of the raw source file",
        "n_chars": "length of `text` in code points",
        "n_sentences": "number of sentences (rows of `tokens`)",
        "n_tokens": "number of tokens (words) of the document",
        "outlet": "publishing outlet when the text names it, else null",
        "topic": "what the text is about (from reading it), else null",
        "notes": "source notes: genre, residue, oddities kept as found",
    },
    "tokens": {
        "doc_id": "document id (`documents.id`)",
        "sentence": "sentence number within the document, 0-based",
        "tokens": "surface form of each token, exactly `text[start:end]`",
        "starts": "start offset of each token in `documents.text`",
        "ends": "end offset of each token (exclusive)",
        "forms": "syntactic word form (after clitic expansion: `للشركة` → `ل` + `الشركة`)",
        "norms": "normalised form of each token (matching key for counts)",
        "lemmas": "lemma of each word (null when the annotator gives none, as the rules one)",
        "upos": "Universal Dependencies POS tag of each word (null without a tagger)",
        "feats": "Universal Dependencies morphological features (null without a tagger)",
        "scripts": "script of each token: `arabic`, `latin`, `digit`, `punct` or `other`",
        "clitics": "the word is a clitic split off an orthographic token (`و` of `وIntel`)",
        "parts": "number of the word within its orthographic token, 0-based",
        "token_starts": "start offset of the orthographic token the word belongs to",
        "token_ends": "end offset of that orthographic token (exclusive)",
        "residue": "the token lies in scraper residue (a `Loading` label, a share button)",
        "brand_tags": "BIO tag of each token for brand mentions",
    },
    "mentions": {
        "doc_id": "document id (`documents.id`)",
        "start": "start offset in `documents.text`",
        "end": "end offset (exclusive); `text[start:end] == surface`",
        "surface": "the mention as written",
        "brand": "canonical English name (`جوجل` → `Google`)",
        "script": "`latin` or `arabic`",
        "category": "`brand`; detected builds also list `english`, `foreign`, `assimilated` words",
        "clitic": 'proclitic written onto the name (`و` of `وجوجل`), `""` if none; null if not recorded',
        "sentence": "sentence of the mention (`tokens.sentence`); null if not recorded",
        "source": "the evidence that found it (detected builds); null if not recorded",
        "in_lexicon": "the brand is in the package's brand lexicon; null if not recorded",
        "aligned": "the span starts and ends on token boundaries within one sentence",
    },
}


class DatasetError(ValueError):
    """The input cannot be made into a dataset (bad mentions, a folder that is not a build)."""


class PushError(RuntimeError):
    """The upload cannot happen (no token, offline, Hub unreachable or refusing)."""


# --- features ---------------------------------------------------------------------------------
#: The ``tokens`` configuration's list fields, each the column of the token table it holds (every
#: column of ``TOKEN_COLUMNS`` except ``doc``/``sentence``, the row's own fields, and ``index``,
#: the token's position in its document).
TOKEN_LIST_FIELDS: dict[str, str] = {
    "tokens": "surface",
    "starts": "start",
    "ends": "end",
    "forms": "form",
    "norms": "norm",
    "lemmas": "lemma",
    "upos": "upos",
    "feats": "feats",
    "scripts": "script",
    "clitics": "clitic",
    "parts": "part",
    "token_starts": "token_start",
    "token_ends": "token_end",
    "residue": "residue",
}
#: Columns of the ``mentions`` configuration that a supplied mentions table may lack (null then).
_OPTIONAL_MENTION_COLUMNS = ("clitic", "sentence", "source", "in_lexicon")
# pandas dtype of a table column -> datasets Value dtype
_VALUE_DTYPE = {
    "str": "string",
    "category": "string",
    "bool": "bool",
    "int8": "int8",
    "int32": "int32",
    "int64": "int64",
}


def _value(pandas_dtype: str) -> Any:
    from datasets import Value

    return Value(_VALUE_DTYPE[pandas_dtype])


def dataset_features(config: str) -> Features:
    """The ``datasets.Features`` of one configuration (the same for every annotator)."""
    from datasets import ClassLabel, Features, List, Value

    if config == "documents":
        spec: dict[str, Any] = {
            "id": Value("string"),
            "title": Value("string"),
            "text": Value("string"),
            "source_file": Value("string"),
            "sha256": Value("string"),
            "n_chars": Value("int64"),
            "n_sentences": Value("int64"),
            "n_tokens": Value("int64"),
            "outlet": Value("string"),
            "topic": Value("string"),
            "notes": Value("string"),
        }
    elif config == "tokens":
        spec = {"doc_id": Value("string"), "sentence": _value(TOKEN_COLUMNS["sentence"])}
        spec |= {f: List(_value(TOKEN_COLUMNS[c])) for f, c in TOKEN_LIST_FIELDS.items()}
        spec["brand_tags"] = List(ClassLabel(names=list(BRAND_LABELS)))
    elif config == "mentions":
        spec = {"doc_id": Value("string")}
        spec |= {c: _value(t) for c, t in MENTION_COLUMNS.items() if c != "doc"}
        spec["aligned"] = Value("bool")
    else:
        raise DatasetError(
            f"unknown configuration {config!r}; expected one of {', '.join(CONFIGS)}"
        )
    return Features(spec)


# --- mentions ----------------------------------------------------------------------------------
_MENTION_COLUMNS = ("doc", "start", "end", "surface", "brand", "script", "category")


def read_mentions(path: str | Path) -> pd.DataFrame:
    """Read a gold mentions file (JSON lines: ``doc``, ``start``, ``end``, ``surface``, ``brand``,
    ``script`` and optionally ``category``, as in ``shared/eval/brand_mentions/gold.jsonl``).

    Returns
    -------
    DataFrame with columns ``doc``, ``start``, ``end``, ``surface``, ``brand``, ``script``,
    ``category`` (``brand`` where the file has none); ``doc`` as written in the file.
    """
    p = Path(path)
    if not p.is_file():
        raise DatasetError(f"{p}: no such mentions file")
    rows = []
    for lineno, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            rows.append(
                {k: rec[k] for k in _MENTION_COLUMNS[:6]}
                | {"category": rec.get("category", "brand")}
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DatasetError(f"{p}:{lineno}: not a mention record ({exc})") from None
    df = pd.DataFrame(rows, columns=list(_MENTION_COLUMNS))
    df.attrs["signature"] = f"mentions:gold:{p.name}"
    return df


def _prepare_mentions(mentions: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Check mentions against the texts; map ``doc`` (id or file name) to the document id."""
    missing = [c for c in _MENTION_COLUMNS[:6] if c not in mentions.columns]
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
    for column in _OPTIONAL_MENTION_COLUMNS:
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


# --- BIO tags ----------------------------------------------------------------------------------
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


# --- tables --------------------------------------------------------------------------------------
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


def _sentence_columns(tokens: pd.DataFrame, codes: np.ndarray) -> dict[str, pa.Array]:
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


def _documents_frame(corpus: Corpus, tokens: pd.DataFrame) -> pd.DataFrame:
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
    return pd.DataFrame(rows, columns=list(_FIELDS["documents"]))


# --- build ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DatasetBuild:
    """What :func:`build_dataset` wrote.

    Attributes
    ----------
    folder : the dataset folder.
    signature : settings + version of the build (also in the card).
    files : DataFrame ``path`` (relative, POSIX), ``bytes``, ``sha256`` of every file written.
    rows : number of rows per configuration.
    misaligned : the mentions whose span does not fall on token boundaries, with ``reason``.
    """

    folder: Path
    signature: str
    files: pd.DataFrame
    rows: dict[str, int]
    misaligned: pd.DataFrame = field(repr=False)


@contextmanager
def _quiet_progress() -> Iterator[None]:
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


def _mentions_for(corpus: Corpus, tokens: pd.DataFrame | None) -> pd.DataFrame:
    """Detected mentions; ``tokens`` (rules annotator) spares the detector a second tokenisation."""
    from corpus_tools.loanwords import brand_mentions

    return brand_mentions(corpus, tokens)


def _size_category(n: int) -> str:
    return next((name for limit, name in _SIZE_CATEGORIES if n < limit), "n>1M")


def _md_table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _fields_table(config: str, features: Features) -> str:
    rows = [(f"`{name}`", f"`{features[name]!r}`", _FIELDS[config][name]) for name in features]
    return _md_table(("field", "type", "meaning"), rows)


def _mention_wording(source: str, signature: str, gold_name: str) -> dict[str, str]:
    """How the card describes the mentions, by where they came from."""
    if source == "gold":
        return {
            "summary": "gold annotation",
            "note": f"gold annotation (`{gold_name or 'a table'}`)",
            "process": (
                f"Brand mentions come from a hand-made gold annotation (`{gold_name or 'a table'}`) that follows the "
                "corpus_tools brand-mention guidelines: spans exclude attached clitics, quotes and model "
                "numbers; multiword names are one span; one canonical English name per brand."
            ),
            "annotators": "Human annotation, single annotator; no inter-annotator agreement was measured.",
            "kind": "a single annotator's gold annotation",
            "creators": "expert-generated",
        }
    if source == "given":
        return {
            "summary": "supplied to the build",
            "note": f"a mentions table supplied to the build (`{signature}`), offsets checked against the texts",
            "process": (
                f"Brand mentions were supplied to the build as a table (`{signature}`); every offset was "
                "checked against the texts. The build does not record how they were made."
            ),
            "annotators": "Not recorded by the build.",
            "kind": "supplied from outside the build",
            "creators": "other",
        }
    return {
        "summary": "detected by corpus_tools",
        "note": f"detected by `corpus_tools.loanwords` (`{signature}`)",
        "process": (
            "Brand mentions were detected automatically by `corpus_tools.loanwords` (a brand lexicon "
            "with generated spelling variants plus script and context cues), following the same "
            "guidelines as the package's gold annotation; tokens and tags come from the annotator "
            "named above."
        ),
        "annotators": "No human annotators: all annotations are machine-generated.",
        "kind": "machine-detected",
        "creators": "machine-generated",
    }


def _render_card(
    *,
    repo_id: str,
    license: str,
    features: dict[str, Features],
    datasets_: dict[str, Dataset],
    sizes: dict[str, int],
    signature: str,
    token_signature: str,
    annotator: str,
    source: str,
    mentions_signature: str,
    misaligned: pd.DataFrame,
    n_brand: int,
    gold_name: str,
) -> str:
    import pyarrow.compute as pc
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCardData

    gold = source == "gold"
    wording = _mention_wording(source, mentions_signature, gold_name)

    rows = {c: len(datasets_[c]) for c in CONFIGS}
    n_tokens = int(pc.sum(datasets_["documents"].data.table["n_tokens"]).as_py() or 0)
    card_data = DatasetCardData(
        pretty_name=PRETTY_NAME,
        license=license,
        language=["ar"],
        multilinguality="monolingual",
        language_creators=["found"],
        annotations_creators=[wording["creators"]],
        source_datasets=["original"],
        task_categories=["token-classification"],
        task_ids=["named-entity-recognition"],
        size_categories=[_size_category(max(rows.values()))],
        tags=["arabic", "loanwords", "brand-names", "corpus-linguistics", "news"],
    )
    infos = {}
    for config in CONFIGS:
        splits = SplitDict()
        splits.add(
            SplitInfo(
                name="train", num_bytes=datasets_[config].data.nbytes, num_examples=rows[config]
            )
        )
        infos[config] = DatasetInfo(
            config_name=config,
            features=features[config],
            splits=splits,
            download_size=sizes[config],
            dataset_size=datasets_[config].data.nbytes,
        )
    DatasetInfosDict(infos).to_dataset_card_data(card_data)
    MetadataConfigs(
        {
            config: {
                "data_files": [{"split": "train", "path": f"data/{config}/train-*"}],
                **({"default": True} if config == "documents" else {}),
            }
            for config in CONFIGS
        }
    ).to_dataset_card_data(card_data)

    fields = parse_signature(token_signature)
    if misaligned.empty:
        alignment_note = f"All {n_brand} brand mentions fall on token boundaries, so the tags give their spans back exactly."
    else:
        counts = misaligned["reason"].value_counts().sort_index()
        why = ", ".join(f"{k}: {v}" for k, v in counts.items())
        alignment_note = (
            f"{n_brand - len(misaligned)} of {n_brand} brand mentions fall on token boundaries and "
            f"their tags give the spans back exactly; {len(misaligned)} do not ({why}) — typically an "
            "Arabic clitic written onto a transliterated name (`وجوجل`), one token for this annotator — "
            "and their tags mark the whole tokens that contain them (`mentions.aligned` is false for them)."
        )
    stanza = annotator == "stanza"
    names = ", ".join(f"`{n}`" for n in BRAND_LABELS)
    template = (
        resources.files("corpus_tools.data").joinpath("dataset_card_template.md").read_text("utf-8")
    )
    values = {
        "card_data": card_data.to_yaml(),
        "repo_id": repo_id,
        "token_signature": token_signature,
        "mentions_signature": mentions_signature,
        "pretty_name": PRETTY_NAME,
        "license": license,
        "version": __version__,
        "summary": (
            f"{rows['documents']} Arabic news texts ({n_tokens} tokens in {rows['tokens']} sentences) "
            f"with {n_brand} English brand-name mentions ({wording['summary']}), as three tables: the "
            "verbatim texts, one row per sentence with token offsets and BIO brand tags, and the mentions."
        ),
        "n_documents": rows["documents"],
        "configs_table": _md_table(
            ("config", "one row per", "rows", "file", "bytes"),
            [
                (
                    f"`{c}`",
                    {"documents": "text", "tokens": "sentence", "mentions": "mention"}[c],
                    rows[c],
                    f"`{_DATA_FILE.format(config=c)}`",
                    sizes[c],
                )
                for c in CONFIGS
            ],
        ),
        "documents_fields": _fields_table("documents", features["documents"]),
        "tokens_fields": _fields_table("tokens", features["tokens"]),
        "mentions_fields": _fields_table("mentions", features["mentions"]),
        "label_names": names,
        "alignment_note": alignment_note,
        "signature": signature,
        "signature_tex": signature.replace("_", r"\_").replace("|", r"\textbar{}"),
        "annotator": annotator,
        "annotator_note": (
            "stanza (statistical clitic segmentation, lemmas and UPOS; model: "
            f"{fields.get('model', 'see signature')})"
            if stanza
            else "the deterministic rules annotator of `corpus_tools.tokenize` (no lemmas or POS; Arabic "
            "clitics stay attached except on Latin-script words and numbers, `وIntel` → `و` + `Intel`)"
        ),
        "norm_note": f"`{fields.get('norm', 'none')}` (the steps of `corpus_tools.normalize`: presentation "
        "forms, controls, diacritics, tatweel, alef variants, alef maqsura, digits, Latin case)",
        "mentions_note": wording["note"],
        "gold_flag": f" --gold {gold_name or 'FILE'}" if gold else "",
        "outlet_note": "Where a text does not name its outlet, `documents.outlet` is null rather than a guess.",
        "annotation_process": wording["process"],
        "annotators": wording["annotators"],
        "annotator_limits": (
            "Stanza output (segmentation, lemmas, POS) has errors, especially on Latin-script names inside Arabic."
            if stanza
            else "Rules tokens do not split Arabic clitics (`والشركة` is one token) and carry no lemmas or POS."
        ),
        "mentions_kind": wording["kind"],
    }
    return string.Template(template).substitute(values)


def build_dataset(
    corpus: Corpus | str | Path,
    out_dir: str | Path = DEFAULT_OUT,
    *,
    annotator: str = DEFAULT_ANNOTATOR,
    tokens: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
    gold: pd.DataFrame | str | Path | None = None,
    repo_id: str = DEFAULT_REPO_ID,
    license: str = "other",
) -> DatasetBuild:
    """Write the Hub-ready dataset folder: ``README.md`` + ``data/<config>/train-*.parquet``.

    Parameters
    ----------
    corpus : the corpus, or a folder/file to load with :func:`corpus_tools.corpus.load_corpus`.
    out_dir : the folder to write; replaced as a whole if it holds an earlier build, refused if it
        holds anything else. Written to a temporary sibling first, so a failed build leaves the
        old folder untouched.
    annotator : a name of :data:`corpus_tools.annotate.ANNOTATORS` (default ``rules``,
        deterministic), used when ``tokens`` is not given.
    tokens : a token table to use instead of annotating.
    mentions : brand mentions (``doc``, ``start``, ``end``, ``surface``, ``brand``, ``script``,
        ``category``) instead of running the detector.
    gold : gold mentions (a DataFrame or a JSON-lines file); tags then come from the gold.
    repo_id : Hub repo id written into the card's loading examples.
    license : the card's ``license`` field (``other``: the texts keep their publishers' copyright).
    """
    from datasets import Dataset

    out = Path(out_dir)
    check_annotator(annotator)  # before any slow work
    _check_out_dir(out)
    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus)
    if tokens is None:
        tokens = annotate(corpus, annotator=annotator)  # type: ignore[arg-type]
    token_sig = str(tokens.attrs.get("signature") or "annotator:unknown")
    used = parse_signature(token_sig).get("annotator", annotator)
    gold_name = ""
    if gold is not None:
        if not isinstance(gold, pd.DataFrame):
            gold_name = Path(gold).name
            gold = read_mentions(gold)
        raw_mentions, source = gold, "gold"
    elif mentions is not None:
        raw_mentions, source = mentions, "given"
    else:
        rules_tokens = tokens if used == "rules" else None
        raw_mentions, source = _mentions_for(corpus, rules_tokens), "detected"
    mention_sig = str(raw_mentions.attrs.get("signature") or source)
    missing = [c for c in TOKEN_COLUMNS if c not in tokens.columns]
    if missing:
        raise DatasetError(f"the token table lacks the column(s) {', '.join(missing)}")

    order = pd.Categorical(tokens["doc"], categories=corpus.ids).codes
    if (order < 0).any():
        bad = tokens.loc[order < 0, "doc"].iloc[0]
        raise DatasetError(f"the token table names a document not in the corpus: {bad!r}")
    tokens = tokens.assign(_o=order).sort_values(["_o", "index"], kind="stable").drop(columns="_o")
    tokens = tokens.reset_index(drop=True)
    # the loader numbers tokens within each document again; a table with gaps would not come back
    if not (tokens["index"].to_numpy() == tokens.groupby("doc", sort=False).cumcount()).all():
        raise DatasetError(
            "the token table's `index` does not number each document's tokens 0, 1, 2, ... "
            "(a filtered table?); build from the whole token table"
        )
    m = _prepare_mentions(raw_mentions, corpus)
    codes, alignment = bio_tags(tokens, m, corpus)
    m["aligned"] = alignment["aligned"].to_numpy()
    brand = (m["category"] == "brand").to_numpy()
    misaligned = m.loc[
        brand & ~alignment["aligned"].to_numpy(), ["doc", "start", "end", "surface", "brand"]
    ].assign(reason=alignment.loc[brand & ~alignment["aligned"].to_numpy(), "reason"].to_numpy())
    if len(misaligned):
        log.info(
            "%d of %d brand mentions do not fall on token boundaries; their tags cover the containing tokens",
            len(misaligned),
            int(brand.sum()),
        )
    # the detector's own settings (lexicon, heuristics) travel in the dataset signature too
    token_fields = parse_signature(token_sig)
    detector = {
        k: v
        for k, v in parse_signature(mention_sig).items()
        if ":" in mention_sig and k not in token_fields and k not in {"version", "task", "mentions"}
    }
    signature = extend_signature(token_sig, mentions=source, **detector, tags="bio-brand")

    features = {c: dataset_features(c) for c in CONFIGS}
    docs = _documents_frame(corpus, tokens)
    mentions_out = m.rename(columns={"doc": "doc_id"})[list(_FIELDS["mentions"])]
    with _quiet_progress():
        dsets: dict[str, Dataset] = {
            "documents": Dataset.from_pandas(
                docs, features=features["documents"], preserve_index=False
            ),
            "tokens": Dataset.from_dict(
                _sentence_columns(tokens, codes), features=features["tokens"]
            ),
            "mentions": Dataset.from_pandas(
                mentions_out, features=features["mentions"], preserve_index=False
            ),
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        tmp.chmod(0o755)  # mkdtemp makes it private; the build is an ordinary folder
        try:
            sizes = {}
            for config in CONFIGS:
                path = tmp / _DATA_FILE.format(config=config)
                path.parent.mkdir(parents=True, exist_ok=True)
                dsets[config].to_parquet(str(path))
                sizes[config] = path.stat().st_size
            card = _render_card(
                repo_id=repo_id,
                license=license,
                features=features,
                datasets_=dsets,
                sizes=sizes,
                signature=signature,
                token_signature=token_sig,
                annotator=used,
                source=source,
                mentions_signature=mention_sig,
                misaligned=misaligned,
                n_brand=int(brand.sum()),
                gold_name=gold_name,
            )
            (tmp / CARD).write_bytes(card.encode("utf-8"))
            if out.exists():
                shutil.rmtree(out)
            tmp.rename(out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    files = _list_files(out)
    return DatasetBuild(
        folder=out,
        signature=signature,
        files=files[["path", "bytes", "sha256"]],
        rows={c: len(dsets[c]) for c in CONFIGS},
        misaligned=misaligned.reset_index(drop=True),
    )


def _check_out_dir(out: Path) -> None:
    if not out.exists():
        return
    if not out.is_dir():
        raise DatasetError(f"{out}: exists and is not a folder")
    entries = {p.name for p in out.iterdir()}
    if entries and not (
        entries <= {CARD, "data"}
        and (out / CARD).is_file()
        and _REPO_MARK.search((out / CARD).read_text(encoding="utf-8", errors="replace"))
    ):
        raise DatasetError(
            f"{out}: the folder holds files that are not a corpus_tools dataset build; refusing to replace it"
        )


# --- push ----------------------------------------------------------------------------------------
def _list_files(folder: Path) -> pd.DataFrame:
    rows = []
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            rows.append(
                (
                    p.relative_to(folder).as_posix(),
                    len(data),
                    hashlib.sha256(data).hexdigest(),
                    str(p),
                )
            )
    return pd.DataFrame(rows, columns=["path", "bytes", "sha256", "local_path"]).astype(
        {"path": "str", "bytes": "int64", "sha256": "str", "local_path": "str"}
    )


def _card_repo_id(folder: Path) -> str | None:
    found = _REPO_MARK.search((folder / CARD).read_text(encoding="utf-8"))
    return found.group(1) if found else None


def plan_push(folder: str | Path) -> pd.DataFrame:
    """Everything a push uploads, checked: the card and the data files its configs name.

    The folder must be a dataset build: ``README.md`` whose YAML parses as a dataset card with
    ``configs``, every config's data files present, and no other file (nothing stray is ever
    uploaded).

    Returns
    -------
    DataFrame, one row per file to upload, ``README.md`` first then by path: ``path`` (path in
    the repo, POSIX), ``bytes``, ``sha256``, ``local_path``; ``attrs["signature"]`` is the card's.
    """
    from huggingface_hub import DatasetCard

    root = Path(folder)
    if not root.is_dir():
        raise DatasetError(
            f"{root}: no such dataset folder (build it with `corpus-tools dataset build --out {root}`)"
        )
    if not (root / CARD).is_file():
        raise DatasetError(f"{root}: no {CARD} (dataset card); not a dataset build")
    card = DatasetCard((root / CARD).read_text(encoding="utf-8"))
    configs = card.data.to_dict().get("configs") or []
    if not configs:
        raise DatasetError(f"{root / CARD}: the card's YAML has no `configs:`")
    files = _list_files(root)
    wanted: set[str] = {CARD}
    for config in configs:
        for item in config.get("data_files", []):
            paths = item["path"] if isinstance(item, dict) else item
            for pattern in [paths] if isinstance(paths, str) else paths:
                hits = [
                    p
                    for p in files["path"]
                    if Path(p).match(pattern)
                    and Path(p).parts[: len(Path(pattern).parts) - 1] == Path(pattern).parts[:-1]
                ]
                if not hits:
                    raise DatasetError(
                        f"{root}: config {config.get('config_name')!r} names {pattern!r}, but no such file exists"
                    )
                wanted.update(hits)
    stray = sorted(set(files["path"]) - wanted)
    if stray:
        raise DatasetError(
            f"{root}: file(s) not part of the dataset would be uploaded: {', '.join(stray[:5])}; rebuild the folder"
        )
    plan = (
        files.assign(_card=files["path"] != CARD)
        .sort_values(["_card", "path"])
        .drop(columns="_card")
    )
    plan = plan.reset_index(drop=True)
    plan.attrs["signature"] = _card_signature((root / CARD).read_text(encoding="utf-8"))
    return plan


def format_plan(plan: pd.DataFrame, repo_id: str, revision: str | None = None) -> str:
    """The dry-run listing: one line per file (size in bytes and path), then the total."""
    width = max(len(f"{b:,}") for b in plan["bytes"]) if len(plan) else 1
    lines = [f"{b:>{width},}  {p}" for p, b in zip(plan["path"], plan["bytes"], strict=True)]
    lines.append(
        f"{len(plan)} files, {int(plan['bytes'].sum()):,} bytes would be uploaded to "
        f"datasets/{repo_id} (revision {revision or 'main'}) in one commit"
    )
    return "\n".join(lines)


@dataclass(frozen=True)
class PushResult:
    """Outcome of :func:`push_dataset`: the files (see :func:`plan_push`) and the commit URL."""

    repo_id: str
    revision: str
    files: pd.DataFrame
    commit_url: str | None
    dry_run: bool


def _offline() -> bool:
    from huggingface_hub import constants

    env = os.environ.get("HF_HUB_OFFLINE", "").strip().upper()
    return bool(constants.is_offline_mode()) or env in {"1", "ON", "YES", "TRUE"}


def _network_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError]
    # huggingface_hub >= 2 talks through httpx2; older releases through httpx or requests
    for module in ("httpx2", "httpx"):
        with suppress(ImportError):
            errors.append(importlib.import_module(module).TransportError)
    try:
        import requests

        errors.append(requests.exceptions.ConnectionError)
        errors.append(requests.exceptions.Timeout)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


def push_dataset(
    folder: str | Path,
    repo_id: str,
    *,
    private: bool = False,
    revision: str | None = None,
    token: str | None = None,
    dry_run: bool = False,
    commit_message: str | None = None,
) -> PushResult:
    """Upload a built dataset folder to the Hugging Face Hub as one commit.

    Creates the dataset repo if needed (``exist_ok``), the branch ``revision`` if given, then
    commits every file of :func:`plan_push` (``CommitOperationAdd``) with one message. The
    token comes from ``token``, else ``HF_TOKEN`` or the standard login
    (``huggingface_hub.get_token``); it is never printed, logged or written anywhere.

    Raises
    ------
    DatasetError
        the folder is not a build, or its card was built for another repo id.
    PushError
        no token, offline (``HF_HUB_OFFLINE``), the Hub unreachable or refusing. Nothing is
        written locally in any case; a failure before the commit uploads nothing.
    """
    plan = plan_push(folder)
    card_repo = _card_repo_id(Path(folder))
    if card_repo is not None and card_repo != repo_id:
        raise DatasetError(
            f"{folder}: the card was built for {card_repo!r} (its loading examples name it), not {repo_id!r}; "
            f"rebuild with `corpus-tools dataset build --repo-id {repo_id}`"
        )
    branch = revision or "main"
    if dry_run:
        return PushResult(repo_id, branch, plan, None, True)
    if _offline():
        raise PushError(
            "HF_HUB_OFFLINE is set: cannot upload to the Hugging Face Hub; nothing was uploaded"
        )

    from huggingface_hub import CommitOperationAdd, HfApi, get_token
    from huggingface_hub.errors import HfHubHTTPError

    token = token or get_token()
    if not token:
        raise PushError(
            "no Hugging Face token: set HF_TOKEN or log in with `hf auth login`; nothing was uploaded"
        )
    api = HfApi(token=token)
    operations = [
        CommitOperationAdd(path_in_repo=p, path_or_fileobj=lp)
        for p, lp in zip(plan["path"], plan["local_path"], strict=True)
    ]
    message = (
        commit_message or f"Upload dataset built by corpus_tools {__version__} ({len(plan)} files)"
    )
    description = "\n".join(
        [
            f"signature: {plan.attrs.get('signature', '')}",
            "",
            *(f"{b:>12}  {p}" for p, b in zip(plan["path"], plan["bytes"], strict=True)),
        ]
    )
    step = "create the repository"
    try:
        api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        if branch != "main":
            step = f"create the branch {branch!r}"
            api.create_branch(repo_id, branch=branch, repo_type="dataset", exist_ok=True)
        step = "commit the files"
        info = api.create_commit(
            repo_id,
            operations,
            commit_message=message,
            commit_description=description,
            repo_type="dataset",
            revision=branch,
        )
    except _network_errors() as exc:
        raise PushError(
            f"cannot reach the Hugging Face Hub to {step} ({type(exc).__name__}); nothing was committed"
        ) from None
    except HfHubHTTPError as exc:
        raise PushError(
            f"the Hugging Face Hub refused to {step}: {exc}; nothing was committed"
        ) from None
    return PushResult(repo_id, branch, plan, str(getattr(info, "commit_url", "") or ""), False)


# --- the way back --------------------------------------------------------------------------------
_SIGNATURE_MARK = re.compile(r"^<!-- corpus_tools: (\w+)_signature=(.*) -->$", re.MULTILINE)


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

    with _quiet_progress():
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
    mentions = loaded["mentions"].to_pandas().rename(columns={"doc_id": "doc"})
    out = {
        "documents": loaded["documents"].to_pandas(),
        "tokens": _token_table(loaded["tokens"]),
        "mentions": _with_dtypes(mentions, MENTION_COLUMNS | {"aligned": "bool"}),
    }
    signatures = _loaded_signatures(source, revision)
    for name, df in out.items():
        df.attrs["signature"] = signatures.get(name, signatures["dataset"])
        df.attrs["dataset_signature"] = signatures["dataset"]
    return out


def dataset_corpus(documents: pd.DataFrame, source: str = "") -> Corpus:
    """The corpus of a loaded ``documents`` table (texts verbatim, ids, checksums, file names).

    With it, analyses that read the text around a token or a mention (``kwic``,
    ``brand_usage``) run on a loaded dataset alone.
    """
    from corpus_tools.corpus import Document

    docs = tuple(
        Document(id=i, title=t, text=x, path=Path(f), sha256=h)
        for i, t, x, f, h in documents[["id", "title", "text", "source_file", "sha256"]].itertuples(
            index=False
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
    return _with_dtypes(tokens[order], TOKEN_COLUMNS | {"brand_tag": "str"})


def _card_signature(card_text: str) -> str:
    found = re.search(r"^```\n(.+\|version:[^\n]+)\n```$", card_text, re.MULTILINE)
    return found.group(1) if found else ""


def _card_signatures(card_text: str) -> dict[str, str]:
    """The dataset's signature (``dataset``) and those of its tables (``tokens``, ``mentions``)."""
    found = dict(_SIGNATURE_MARK.findall(card_text))
    return found | {"dataset": _card_signature(card_text)}


def _loaded_signatures(source: str | Path, revision: str | None) -> dict[str, str]:
    path = Path(source) / CARD
    if path.is_file():
        return _card_signatures(path.read_text(encoding="utf-8"))
    try:  # a Hub repo: load_dataset has just fetched (and cached) the card
        from huggingface_hub import hf_hub_download
        from huggingface_hub.errors import HfHubHTTPError

        local = hf_hub_download(str(source), CARD, repo_type="dataset", revision=revision)
        return _card_signatures(Path(local).read_text(encoding="utf-8"))
    except (OSError, ValueError, HfHubHTTPError):  # informative only: never fail a load for it
        return {"dataset": ""}
