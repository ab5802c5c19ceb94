"""Transliteration keys: consonant skeletons shared by Latin and Arabic script, and the
character-trigram transliteration score.

The tables live in ``data/loanwords.json`` (section ``transliteration``: ``fold``,
``latin_skeleton``, ``arabic_skeleton``); this module only compiles and applies them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache

import numpy as np

from corpus_tools.charsets import ARABIC_BLOCKS, HAS_ARABIC
from corpus_tools.loanwords.wordlists import fold, lists, native_folded
from corpus_tools.normalize import normalize

__all__ = [
    "ar_skeleton",
    "arabic_skeletons",
    "hamza_boundary",
    "skeleton",
    "skeleton_match",
    "skeleton_table",
    "squeeze_lines",
    "train_translit",
    "translit_score",
    "trigrams",
]


@cache
def _latin_rules() -> tuple[re.Pattern[str], tuple[str, ...]]:
    rules = lists()["transliteration"]["latin_skeleton"]
    pattern = re.compile("|".join(f"({p})" for p, _ in rules))
    return pattern, tuple(cls for _, cls in rules)


@cache
def _arabic_classes() -> dict[int, str]:
    return str.maketrans(lists()["transliteration"]["arabic_skeleton"])


def _collapse(s: str) -> str:
    return "".join(c for i, c in enumerate(s) if i == 0 or c != s[i - 1])


@lru_cache(maxsize=1 << 18)
def ar_skeleton(norm: str) -> str:
    """Skeleton of an already normalised Arabic string (the hot path of ``doc_latin``)."""
    return _collapse(fold(norm).translate(_arabic_classes()))


@cache
def skeleton_table() -> dict[int, str]:
    """One translate table doing the transliteration fold and the skeleton classes together."""
    lo, hi = ARABIC_BLOCKS[0]
    chars = {chr(c) for c in range(lo, hi)} | set(lists()["transliteration"]["fold"])
    return {ord(c): fold(c).translate(_arabic_classes()) for c in chars}


@lru_cache(maxsize=1 << 16)
def skeleton(name: str) -> str:
    """Consonant skeleton of a Latin or Arabic-script name, for transliteration matching.

    Latin and Arabic letters map onto the same consonant classes (b/p/ب → B, g/j/k/q/ج/غ/ق/ك →
    K, f/v/ف → F, s/ch/sh/س/ص/ش → S ...); vowels, h, w and y (ا و ي ه ح ع) are dropped and
    doubled classes collapse, so ``skeleton("Spotify") == skeleton("سبوتيفاي") == "SBTF"``.
    """
    if HAS_ARABIC.search(name):
        s = fold(normalize(name)).translate(_arabic_classes())
    else:
        pattern, classes = _latin_rules()
        s = "".join(
            classes[m.lastindex - 1] if m.lastindex else ""
            for m in pattern.finditer(name.casefold())
        )
    s = re.sub(r"[^A-Z]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


_NOT_CLASS = re.compile(r"[^A-Z]")
_DOUBLED = re.compile(r"(.)\1+")


def skeletons(names: list[str]) -> list[str]:
    """:func:`skeleton` of many names (same results): the Arabic-script ones are normalised,
    folded and classed in one pass over their joined text (every step maps characters one by
    one and leaves the separator alone)."""
    arabic = [n for n in names if "\n" not in n and HAS_ARABIC.search(n)]
    parts = fold(normalize("\n".join(arabic))).translate(_arabic_classes()).split("\n")
    if not arabic or len(parts) != len(arabic):
        return [skeleton(n) for n in names]
    classed = dict(zip(arabic, parts, strict=True))
    out = []
    for n in names:
        s = classed.get(n)
        out.append(skeleton(n) if s is None else _DOUBLED.sub(r"\1", _NOT_CLASS.sub("", s)))
    return out


def arabic_skeletons(words: list[str]) -> list[str]:
    """:func:`skeleton` of many Arabic-script words (same results, vectorised): one
    translate over their joined text, then one numpy pass (:func:`squeeze_lines`)."""
    if not words:
        return []
    joined = fold(normalize("\n".join(words))).translate(_arabic_classes())
    parts = joined.split("\n")
    if len(parts) != len(words):
        return skeletons(words)
    return squeeze_lines(joined, classes_only=True).split("\n")


def squeeze_lines(text: str, classes_only: bool = False) -> str:
    """``re.sub(r"(.)\1+", r"\1", line)`` on every line of ``text`` at once (a run of one
    character becomes one; line breaks stay); with ``classes_only`` every character other
    than the skeleton classes A–Z is dropped first (``re.sub("[^A-Z]", "", line)``)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if classes_only:
        codes = codes[((codes >= ord("A")) & (codes <= ord("Z"))) | (codes == ord("\n"))]
    repeat = np.zeros(len(codes), dtype=bool)
    repeat[1:] = (codes[1:] == codes[:-1]) & (codes[1:] != ord("\n"))
    return codes[~repeat].tobytes().decode("utf-32-le")


def _edit1(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


def skeleton_match(a: str, b: str) -> bool:
    """Equal skeletons, or one edit apart when both have four classes or more."""
    if len(a) < 2 or len(b) < 2:
        return False
    if a == b:
        return True
    return min(len(a), len(b)) >= 4 and _edit1(a, b)


def hamza_boundary(surface: str) -> bool:
    """A proclitic letter written before a hamza-seated alef (وأمازون): the alef starts a new
    word, because transliterations write a W sound plus vowel as وا, never وأ."""
    return len(surface) > 2 and surface[0] in "وفبلك" and surface[1] in "أإآ"


def trigrams(word: str) -> list[str]:
    """Character trigrams of ``word`` with ``^``/``$`` boundary marks."""
    w = f"^{word}$"
    return [w[i : i + 3] for i in range(len(w) - 2)]


def train_translit(spellings: Iterable[str], exclude: Iterable[str] = ()) -> dict[str, float]:
    """Per-trigram log-odds, brand spellings (folded words) vs the Arabic word list.

    log P(g | spellings) − log P(g | native words), add-½ smoothed; the key ``""`` holds the
    value of an unseen trigram. Words of ``exclude`` (left-out brands) are no training data.
    """
    brand_words = {w for w in spellings if len(w) >= 3}
    native = native_folded() - brand_words - set(exclude)
    bc: Counter[str] = Counter(g for w in brand_words for g in trigrams(w))
    nc: Counter[str] = Counter(g for w in native for g in trigrams(w))
    vocab = len(set(bc) | set(nc)) + 1
    bt, nt = sum(bc.values()) + 0.5 * vocab, sum(nc.values()) + 0.5 * vocab
    out = {
        g: float(np.log((bc[g] + 0.5) / bt) - np.log((nc[g] + 0.5) / nt)) for g in set(bc) | set(nc)
    }
    out[""] = float(np.log(0.5 / bt) - np.log(0.5 / nt))  # unseen trigram
    return out


def translit_score(table: Mapping[str, float], folded: str) -> float:
    """Mean trigram log-odds of a folded word under ``table`` (:func:`train_translit`)."""
    grams = trigrams(folded)
    if not grams or not table:
        return float("-inf")
    default = table.get("", 0.0)
    return sum(table.get(g, default) for g in grams) / len(grams)
