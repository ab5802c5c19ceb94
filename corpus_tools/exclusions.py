"""What ``exclude`` leaves out of a word list (punctuation, digits, Latin, stopwords, residue,
term sets) and the stopword list; re-exported by :mod:`corpus_tools.frequency`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

#: Keywords understood by ``exclude`` (anything else must be an iterable of terms).
EXCLUDE_KEYWORDS: dict[str, str] = {
    "punct": "punctuation tokens (script == 'punct')",
    "digits": "numbers (script == 'digit')",
    "latin": "Latin-script words (script == 'latin')",
    "stopwords": "Arabic stopwords of stopwords-iso (data/stopwords_ar.txt) and the clitics "
    "split off by corpus_tools.segment (data/clitics_ar.json), matched on `norm`",
    "residue": "tokens inside scraper residue (column `residue`)",
}


_SCRIPT_KEYWORDS = {"punct": "punct", "digits": "digit", "latin": "latin"}


# --- stopwords and exclusions ------------------------------------------------------------------
@cache
def stopwords() -> frozenset[str]:
    """The Arabic stopword list shipped in ``data/stopwords_ar.txt`` (stopwords-iso, MIT).

    Entries are verbatim (some carry diacritics); :func:`exclude_mask` compares their
    normalised forms with the token table's ``norm`` column.
    """
    text = resources.files("corpus_tools.data").joinpath("stopwords_ar.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def _normalized_stopwords() -> frozenset[str]:
    from corpus_tools.normalize import normalizer
    from corpus_tools.segment import clitic_rules

    run = normalizer()
    # the clitics the segmenter splits off (ل, ه, ها ...) are function words too
    rules = clitic_rules()
    clitics = {*rules.proclitic_weights, *rules.enclitic_weights}
    return frozenset(run(w) for w in (*stopwords(), *clitics))


def _norm_column(tokens: pd.DataFrame) -> pd.Series:
    if "norm" in tokens.columns:
        return tokens["norm"]
    from corpus_tools.normalize import normalize_series

    return normalize_series(tokens["surface"])


def _in(values: pd.Series, terms: Iterable[str]) -> np.ndarray:
    return values.isin(list(terms)).to_numpy(dtype=bool, na_value=False)


def exclude_mask(tokens: pd.DataFrame, exclude: Any = ()) -> np.ndarray:
    """Boolean mask (True = leave out) of the tokens matched by ``exclude``.

    Parameters
    ----------
    tokens : token table.
    exclude : a keyword, an iterable of terms, or a tuple/list mixing both. Keywords:
        ``"punct"``, ``"digits"``, ``"latin"`` (by the ``script`` column), ``"stopwords"``
        (:func:`stopwords` and the proclitics and pronominal enclitics that clitic segmentation
        makes words of their own, compared after normalisation with ``norm`` and ``lemma``) and
        ``"residue"``
        (the ``residue`` column). A set (or list, tuple of non-keywords, Series ...) of terms
        excludes every token whose ``surface`` is one of them or whose ``norm`` equals one of
        their normalised forms, e.g. ``exclude=("punct", {"قال", "وقال"})``.
        Whatever ``exclude`` says, tokens whose normalised form is empty (a lone tatweel used
        as a dash, ``ــ``, or a stray diacritic) are left out: they are no word of any list.

    Returns
    -------
    numpy.ndarray of bool, one value per row of ``tokens``.
    """
    mask = np.zeros(len(tokens), dtype=bool)
    if "norm" in tokens.columns:
        mask |= (tokens["norm"] == "").to_numpy(dtype=bool, na_value=False)
    for item in _exclusion_items(exclude):
        if isinstance(item, str):
            if item in _SCRIPT_KEYWORDS:
                _require(tokens, "script", f"exclude={item!r}")
                mask |= (tokens["script"] == _SCRIPT_KEYWORDS[item]).to_numpy(
                    dtype=bool, na_value=False
                )
            elif item == "stopwords":
                mask |= _in(_norm_column(tokens), _normalized_stopwords())
                if "lemma" in tokens.columns:  # lemmas are normalised like norm (هُوَ -> هو)
                    mask |= _in(tokens["lemma"], _normalized_stopwords())
            elif item == "residue":
                _require(tokens, "residue", "exclude='residue'")
                mask |= tokens["residue"].to_numpy(dtype=bool, na_value=False)
        else:
            from corpus_tools.normalize import normalizer

            run = normalizer()
            mask |= _in(tokens["surface"], item)
            mask |= _in(_norm_column(tokens), {run(t) for t in item})
    return mask


def _exclusion_items(exclude: Any) -> list[str | list[str]]:
    """Split ``exclude`` into keywords and term lists, rejecting unknown keywords clearly."""
    if exclude is None:
        return []
    if isinstance(exclude, str):
        exclude = (exclude,)
    items: list[str | list[str]] = []
    for item in exclude if isinstance(exclude, (tuple, list)) else (exclude,):
        if isinstance(item, str):
            if item not in EXCLUDE_KEYWORDS:
                raise ValueError(
                    f"unknown exclusion {item!r}; keywords are {sorted(EXCLUDE_KEYWORDS)}; "
                    f"to exclude terms pass a set, e.g. exclude=({{{item!r}}},)"
                )
            items.append(item)
        else:
            items.append([str(t) for t in item])
    return items


def _exclusion_signature(exclude: Any) -> str:
    parts = []
    for item in _exclusion_items(exclude):
        if isinstance(item, str):
            parts.append(item)
        else:
            digest = hashlib.sha256("\n".join(sorted(set(item))).encode()).hexdigest()[:8]
            parts.append(f"terms{len(set(item))}-{digest}")
    return "+".join(parts) or "none"


def _require(tokens: pd.DataFrame, column: str, why: str) -> None:
    if column not in tokens.columns:
        raise ValueError(
            f"{why} needs the token-table column {column!r} (columns: {list(tokens.columns)})"
        )
