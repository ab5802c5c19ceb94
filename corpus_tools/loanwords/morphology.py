"""Inflected forms of common Arabic words, which are not names.

The Arabic word list holds word forms as written, so an inflected form it happens to lack
(a verb's plural or dual: يبدأون، دمجتا; a noun's sound plural or dual construct: غرامات،
شركتا) would otherwise look unfamiliar. A word is an *inflected native word* when, after any
proclitic, it ends in a sound plural or dual suffix and what remains is a common Arabic
word (Zipf frequency ≥ :data:`COMMON_ZIPF` in ``data/wordfreq_ar.tsv``, not a stopword,
three letters or more). Transliterated names end in the same letters (كانون، ريفيان), so
the remainder must be common: of the 1,049 Arabic-script words of the brand lexicon and the
gold files, two are taken for inflected words (تشيان، نيكون); with a floor of 3.5 it would
be twelve, and a bare -ا suffix (ميتا، سورا) or a nisba -ي (ميني، سيري) many more.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from corpus_tools.loanwords.wordlists import PREFIXES, fold, prefixes_of, stopwords
from corpus_tools.normalize import normalize
from corpus_tools.segment import lexicon

__all__ = ["COMMON_ZIPF", "inflected_native", "is_inflected_native"]

#: Zipf frequency (log10 occurrences per billion words) of a common Arabic word.
COMMON_ZIPF = 4.0
#: Suffix → how the remaining stem is written alone: sound plurals and duals (يبدأون،
#: تنفيان، مبرمجين) keep the stem; -ات plurals drop a ة (غرامات → غرامة or غرام); -تا is a
#: noun's dual in construct (شركتا → شركة) or a feminine dual verb (دمجتا → دمج). A bare -ا
#: (the masculine dual verb, أسسا) is left out: too many names end in ا (ميتا، سورا).
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "ون": ("",),
    "ين": ("",),
    "ان": ("",),
    "ات": ("", "ة"),
    "تا": ("ة", ""),
}


@cache
def _common_words() -> frozenset[str]:
    """Folded common Arabic words (Zipf ≥ :data:`COMMON_ZIPF`), stopwords left out."""
    zipf = lexicon()
    common = zipf.index[zipf.to_numpy() >= COMMON_ZIPF].tolist()
    stop = frozenset(_folded(sorted(stopwords())))
    return frozenset(_folded(common)) - stop


def _folded(words: list[str]) -> list[str]:
    """Normalised and folded words, in one pass over their joined text."""
    return fold(normalize("\n".join(words))).split("\n") if words else []


@lru_cache(maxsize=1 << 16)
def is_inflected_native(word: str) -> bool:
    """Is the folded ``word`` a sound plural or dual of a common Arabic word (after any
    proclitic)?"""
    common = _common_words()
    for p in prefixes_of(word):
        stem = word[len(p) :]
        for suffix, endings in _SUFFIXES.items():
            base = stem[: -len(suffix)]
            if (
                stem.endswith(suffix)
                and len(base) >= 3
                and any(fold(base + e) in common for e in endings)
            ):
                return True
    return False


def inflected_native(words: Sequence[str]) -> np.ndarray:
    """:func:`is_inflected_native` of each folded word (bool array), vectorised over the
    words with Arrow kernels: per suffix and proclitic, the remainders are looked up in one
    ``is_in``."""
    arr = pa.array(list(words), type=pa.string())
    out = np.zeros(len(arr), dtype=bool)
    lengths = _numpy(pc.utf8_length(arr))
    common = pa.array(sorted(_common_words()), type=pa.string())
    for suffix, endings in _SUFFIXES.items():
        idx = np.flatnonzero(_numpy(pc.ends_with(arr, suffix)))
        sub = arr.take(pa.array(idx, type=pa.int64()))
        for p in PREFIXES:
            fits = lengths[idx] >= len(p) + len(suffix) + 3
            if p:
                fits &= _numpy(pc.starts_with(sub, p))
            rows = np.flatnonzero(fits)
            stems = sub.take(pa.array(rows, type=pa.int64()))
            base = pc.utf8_slice_codeunits(stems, len(p), -len(suffix))
            for e in endings:
                whole = pc.binary_join_element_wise(base, fold(e), "") if e else base
                out[idx[rows[_numpy(pc.is_in(whole, value_set=common))]]] = True
    return out


def _numpy(values: pa.Array) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=values.type.to_pandas_dtype())
