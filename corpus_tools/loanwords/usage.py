"""How brands are written: tidy usage tables built from the mentions table.

:func:`brand_usage` gives one row per brand (script shares, clitics, glosses, counts);
:func:`brand_variants` one row per brand × written form; :func:`brand_heads` one row per
brand × classifier noun written right before it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from corpus_tools.charsets import ARABIC_LETTER, ARABIC_MARK, HAS_ARABIC
from corpus_tools.loanwords.detection import texts_of
from corpus_tools.loanwords.wordlists import normset, strip_clitics
from corpus_tools.normalize import normalize
from corpus_tools.signature import extend_signature

if TYPE_CHECKING:
    from corpus_tools.corpus import Corpus, Document

__all__ = ["USAGE_COLUMNS", "brand_heads", "brand_usage", "brand_variants"]

#: Columns of :func:`brand_usage`, in order.
USAGE_COLUMNS = (
    "brand",
    "total",
    "latin",
    "arabic",
    "latin_share",
    "arabic_share",
    "documents",
    "n_variants",
    "clitic_rate",
    "glossed",
    "n_headed",
)
_OTHER_SCRIPT = {"arabic": "[A-Za-z]", "latin": f"[{ARABIC_LETTER}]"}
_WORD = re.compile(f"[{ARABIC_LETTER}{ARABIC_MARK}]+|[A-Za-z0-9]+")
_WINDOW = 40  # characters of context read on each side of a mention


def _brands(mentions: pd.DataFrame) -> pd.DataFrame:
    return mentions[mentions["category"] == "brand"]


def _is_glossed(text: str, start: int, end: int, script: str, twin: bool) -> bool:
    """The other script in brackets right after the name, the name in brackets right after
    the other script (``أوبنهايمر (Oppenheimer)``), or the same brand in the other script
    written next to it (``twin``: ``تيليجرام Telegram``); plain neighbouring words do not
    count."""
    other = _OTHER_SCRIPT[script]
    right = text[end : end + _WINDOW]
    left = text[max(0, start - _WINDOW) : start]
    in_brackets_after = re.match(rf"^\s*[(\[]\s*{other}", right)
    in_brackets_itself = re.search(rf"{other}\S*\s*[(\[]\s*$", left)
    return bool(in_brackets_after or in_brackets_itself or twin)


def _head_noun(text: str, start: int) -> str:
    """The classifier noun (normalised, proclitic removed) right before a mention, or ``""``."""
    words = _WORD.findall(text[max(0, start - _WINDOW) : start])
    if not words or not HAS_ARABIC.match(words[-1]):
        return ""
    w = normalize(words[-1])
    classifiers = normset("classifiers")
    return next((s for s in strip_clitics(w) or [w] if s in classifiers), "")


def _twins(g: pd.DataFrame) -> pd.Series:
    """Mentions with a mention of the same brand in the other script within 3 characters."""
    spans = list(zip(g["doc"], g["start"], g["end"], g["script"], strict=True))
    return pd.Series(
        [
            any(
                d2 == d and sc2 != sc and (0 <= s2 - e <= 3 or 0 <= s - e2 <= 3)
                for d2, s2, e2, sc2 in spans
            )
            for d, s, e, sc in spans
        ],
        index=g.index,
        dtype=bool,
    )


def _context_columns(m: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """``glossed`` (bool) and ``head`` (str) per brand mention, read from the text."""
    if not len(m):
        return m.assign(glossed=pd.Series(dtype=bool), head=pd.Series(dtype=str))
    twin = pd.concat([_twins(g) for _, g in m.groupby("brand", sort=False)]).reindex(m.index)
    glossed, heads = [], []
    rows = zip(m["doc"], m["start"], m["end"], m["script"], twin, strict=True)
    for doc, start, end, script, is_twin in rows:
        text = texts.get(str(doc))
        glossed.append(text is not None and _is_glossed(text, start, end, script, is_twin))
        heads.append(_head_noun(text, start) if text is not None else "")
    return m.assign(glossed=glossed, head=heads)


def brand_usage(
    mentions: pd.DataFrame, corpus: Corpus | Document | str | None = None
) -> pd.DataFrame:
    """How each brand is written: script shares, documents, clitics, glosses and head nouns.

    Parameters
    ----------
    mentions : the table of :func:`brand_mentions` (only ``category == "brand"`` rows count).
    corpus : the same corpus, needed for glossing and head nouns (read from the text around
        each mention); without it those counts are 0.

    Returns
    -------
    DataFrame, one row per brand, most frequent first (columns :data:`USAGE_COLUMNS`):
    ``brand``, ``total``, ``latin``, ``arabic`` (counts), ``latin_share``, ``arabic_share``,
    ``documents`` (number of documents), ``n_variants`` (distinct written forms; the forms are
    in :func:`brand_variants`), ``clitic_rate`` (share of mentions with a proclitic written
    onto the name), ``glossed`` (mentions glossed in the other script: the other script in
    brackets right after the name, the name in brackets right after the other script —
    ``أوبنهايمر (Oppenheimer)`` — or the same brand in the other script written next to it —
    ``تيليجرام Telegram``), ``n_headed`` (mentions right after a classifier noun; the nouns are
    in :func:`brand_heads`).
    """
    m = _context_columns(_brands(mentions), texts_of(corpus) if corpus is not None else {})
    latin = m["script"] == "latin"
    out = (
        m.assign(
            is_latin=latin,
            is_arabic=~latin,
            has_clitic=m["clitic"] != "",
            headed=m["head"] != "",
        )
        .groupby("brand", sort=False)
        .agg(
            total=("doc", "size"),
            latin=("is_latin", "sum"),
            arabic=("is_arabic", "sum"),
            documents=("doc", "nunique"),
            n_variants=("surface", "nunique"),
            clitic_rate=("has_clitic", "mean"),
            glossed=("glossed", "sum"),
            n_headed=("headed", "sum"),
        )
        .reset_index()
    )
    out = out.assign(
        latin_share=out["latin"] / out["total"], arabic_share=out["arabic"] / out["total"]
    )
    out = out.astype(
        dict.fromkeys(
            ("total", "latin", "arabic", "documents", "n_variants", "glossed", "n_headed"), "int64"
        )
    )
    out = out[list(USAGE_COLUMNS)].sort_values(
        ["total", "brand"], ascending=[False, True], kind="stable"
    )
    out = out.reset_index(drop=True)
    out.attrs["signature"] = extend_signature(mentions.attrs.get("signature"), table="brand_usage")
    return out


def brand_variants(mentions: pd.DataFrame) -> pd.DataFrame:
    """Written forms of each brand: one row per brand × form.

    Returns
    -------
    DataFrame with columns ``brand``, ``variant`` (the surface as written), ``script``,
    ``count``; brands in :func:`brand_usage` order (most frequent first), forms most frequent
    first, ties by form.
    """
    m = _brands(mentions)
    out = m.groupby(["brand", "surface", "script"], sort=False).size().reset_index(name="count")
    out = out.rename(columns={"surface": "variant"})
    return _in_brand_order(out, m, "variant", "brand_variants", mentions)


def brand_heads(mentions: pd.DataFrame, corpus: Corpus | Document | str) -> pd.DataFrame:
    """Classifier nouns written right before each brand (شركة OpenAI): one row per brand × noun.

    Returns
    -------
    DataFrame with columns ``brand``, ``head`` (normalised noun without proclitics),
    ``count``; brands in :func:`brand_usage` order, nouns most frequent first, ties by noun.
    Brands never written after a classifier noun have no row.
    """
    m = _context_columns(_brands(mentions), texts_of(corpus))
    headed = m[m["head"] != ""]
    out = headed.groupby(["brand", "head"], sort=False).size().reset_index(name="count")
    return _in_brand_order(out, m, "head", "brand_heads", mentions)


def _in_brand_order(
    out: pd.DataFrame, m: pd.DataFrame, key: str, table: str, mentions: pd.DataFrame
) -> pd.DataFrame:
    totals = m.groupby("brand").size()
    order = totals.reset_index(name="total").sort_values(
        ["total", "brand"], ascending=[False, True], kind="stable"
    )
    rank = pd.Series(range(len(order)), index=order["brand"].to_numpy())
    out = out.assign(
        _rank=out["brand"].map(rank).astype("int64"), count=out["count"].astype("int64")
    )
    out = out.sort_values(["_rank", "count", key], ascending=[True, False, True], kind="stable")
    out = out.drop(columns="_rank").reset_index(drop=True)
    out.attrs["signature"] = extend_signature(mentions.attrs.get("signature"), table=table)
    return out
