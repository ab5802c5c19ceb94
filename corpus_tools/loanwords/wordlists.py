"""The word lists and tables the detector reads (``corpus_tools/data/``), loaded once.

Everything here is data access: the Arabic and English word lists, the sections of
``data/loanwords.json`` (classifier nouns, place names, transliteration fold ...), the light
normalisation that keeps hamza seats, and the proclitic splits of a word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources
from typing import Any, TypeVar

from corpus_tools.normalize import normalize

__all__ = [
    "PREFIXES",
    "assimilated",
    "data_text",
    "english",
    "english_dictionary",
    "fold",
    "fold_table",
    "french_only",
    "light",
    "lists",
    "lowerset",
    "native_folded",
    "normset",
    "prefixed_forms",
    "prefixes_of",
    "proclitic_runs",
    "stopwords",
    "strip_clitics",
    "unit_words",
    "wordlist",
]

# Proclitic sequences of the guidelines (و ف ب ل ك ال لل), shortest first so that a name that
# itself begins with و or ال (وايمو, اليكسا) is tried whole before a clitic is split off.
PREFIXES: tuple[str, ...] = tuple(
    sorted(
        {a + b + c for a in ("", "و", "ف") for b in ("", "ب", "ل", "ك") for c in ("", "ال")}
        | {"لل", "ولل", "فلل"},
        key=len,
    )
)
_PREFIX_SET = frozenset(PREFIXES)
_PREFIX_RE = re.compile(r"^(?:[وف]?(?:لل|[بلك])?(?:ال)?)")

_LIGHT_STEPS = (
    "presentation_forms",
    "controls",
    "diacritics",
    "tatweel",
    "alef_maqsura",
    "digits",
    "casefold",
)


def data_text(name: str) -> str:
    """Text of a file of ``corpus_tools/data/``."""
    return resources.files("corpus_tools.data").joinpath(name).read_text("utf-8")


def wordlist(name: str) -> frozenset[str]:
    """A one-word-a-line list of ``corpus_tools/data/`` (``#`` lines are its header)."""
    return frozenset(
        line.strip()
        for line in data_text(name).splitlines()
        if line.strip() and not line.startswith("#")
    )


@cache
def lists() -> dict[str, Any]:
    """``data/loanwords.json``."""
    return json.loads(data_text("loanwords.json"))


@lru_cache(maxsize=1 << 18)
def prefixes_of(norm: str) -> list[str]:
    """The proclitic splits a word allows, shortest first (``"وبالعالم"`` → "", و, وب, وبال)."""
    m = _PREFIX_RE.match(norm)
    longest = m.group(0) if m else ""
    return [
        longest[:k]
        for k in range(len(longest) + 1)
        if longest[:k] in _PREFIX_SET and len(norm) - k >= 2
    ]


def proclitic_runs(words: list[str]) -> list[str]:
    """The longest proclitic sequence written at the start of each word (what
    :func:`prefixes_of` cuts into splits, before its stem-length rule)."""
    return [m.group(0) if m else "" for m in map(_PREFIX_RE.match, words)]


V = TypeVar("V")


def prefixed_forms(words: Mapping[str, V]) -> dict[str, tuple[str, V]]:
    """Every proclitic + word form → (proclitic, value); the shortest proclitic wins, as in
    :func:`prefixes_of` (stems of two letters or more)."""
    out: dict[str, tuple[str, V]] = {}
    for p in PREFIXES:
        for w, v in words.items():
            if len(w) >= 2:
                out.setdefault(p + w, (p, v))
    return out


@lru_cache(maxsize=1 << 18)
def strip_clitics(norm: str) -> list[str]:
    """The stems left by each proclitic split of ``norm`` (shortest prefix first)."""
    return [norm[len(p) :] for p in prefixes_of(norm)]


@cache
def fold_table() -> dict[int, str]:
    return {ord(k): v for k, v in lists()["transliteration"]["fold"].items()}


def light(text: str) -> str:
    """Normalise but keep hamza seats (أبل Apple vs ابل/إبل camels)."""
    return normalize(text, _LIGHT_STEPS)


def fold(norm: str) -> str:
    """Transliteration fold of an already normalised string (both lexicon and text get it)."""
    return norm.translate(fold_table())


@cache
def stopwords() -> frozenset[str]:
    return frozenset(normalize(w) for w in wordlist("stopwords_ar.txt"))


@cache
def native_folded() -> frozenset[str]:
    """The Arabic word list and stopwords, normalised and folded."""
    words = wordlist("wordlist_ar.txt") | stopwords()
    return frozenset(fold(w) for w in words)


@cache
def english() -> frozenset[str]:
    return wordlist("wordlist_en.txt")


@cache
def english_dictionary() -> frozenset[str]:
    """Common English words that are dictionary words (no brand names such as ``microsoft``)."""
    return wordlist("wordlist_en_dictionary.txt")


@cache
def french_only() -> frozenset[str]:
    return wordlist("wordlist_fr_only.txt")


@cache
def normset(key: str) -> frozenset[str]:
    """The ``words`` of a section of ``loanwords.json``, normalised (Arabic lists)."""
    return frozenset(normalize(w) for w in lists()[key]["words"])


@cache
def lowerset(key: str) -> frozenset[str]:
    """The ``words`` of a section of ``loanwords.json``, casefolded (Latin lists)."""
    return frozenset(w.casefold() for w in lists()[key]["words"])


@cache
def assimilated() -> dict[str, str]:
    """Assimilated loanword (normalised Arabic) → English source word, units of measurement
    included (:func:`unit_words`)."""
    words = {normalize(k): v for k, v in lists()["assimilated"]["words"].items()}
    return words | {k: v for k, v in unit_words().items() if k not in words}


@cache
def unit_words() -> dict[str, str]:
    """Prefixed units of measurement (``units`` of ``loanwords.json``), normalised →
    English: every SI prefix written onto every unit (ميليمتر → millimetre). A unit alone is
    left to the other evidence: بايت and بت also begin names (بايت دانس)."""
    section = lists()["units"]
    units = {normalize(k): v for k, v in section["units"].items()}
    prefixes = {normalize(k): v for k, v in section["prefixes"].items()}
    combined = {p + u: pe + ue for p, pe in prefixes.items() for u, ue in units.items()}
    return combined
