"""The dataset's schema: configurations, their ``datasets.Features`` and the field documentation.

One place says what each configuration holds: :data:`CONFIGS`, :func:`dataset_features` (the
``Features`` every parquet file and the card carry), :data:`FIELDS` (the meaning of every field,
the single source of the card's field tables) and :data:`TOKEN_LIST_FIELDS` (which column of the
token table each list field of ``tokens`` holds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corpus_tools.loanwords import MENTION_COLUMNS
from corpus_tools.tokenize import TOKEN_COLUMNS

if TYPE_CHECKING:
    from datasets import Features

__all__ = [
    "BRAND_LABELS",
    "CARD",
    "CONFIGS",
    "DATA_FILE",
    "DEFAULT_OUT",
    "DEFAULT_REPO_ID",
    "FIELDS",
    "OPTIONAL_MENTION_COLUMNS",
    "PRETTY_NAME",
    "TOKEN_LIST_FIELDS",
    "DatasetError",
    "PushError",
    "dataset_features",
]

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
DATA_FILE = "data/{config}/train-00000-of-00001.parquet"
# Field documentation: the single source for the card's field tables.
FIELDS: dict[str, dict[str, str]] = {
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
        "lemmas": "lemma of each word, normalised like `norms` (null without a lemmatiser)",
        "lemmas_raw": "lemma of each word as the model gives it (with its diacritics)",
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
    "lemmas_raw": "lemma_raw",
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
OPTIONAL_MENTION_COLUMNS = ("clitic", "sentence", "source", "in_lexicon")
# pandas dtype of a table column -> datasets Value dtype
_VALUE_DTYPE = {
    "str": "string",
    "category": "string",  # token-table strings are categories
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
