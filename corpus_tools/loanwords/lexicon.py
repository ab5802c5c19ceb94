"""The brand lexicon: ``data/brands.tsv`` loaded, filtered and compiled for lookup, with the
spelling variants generated from its listed spellings (heuristic ``variants``)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import pandas as pd

from corpus_tools.loanwords.transliteration import train_translit, translit_score
from corpus_tools.loanwords.wordlists import (
    data_text,
    english,
    english_dictionary,
    fold,
    light,
    lists,
    native_folded,
    prefixed_forms,
)
from corpus_tools.normalize import normalize

__all__ = ["ArabicEntry", "LatinEntry", "Lexicon", "default_lexicon", "load_lexicon"]

_WORD_SPLIT = re.compile(r"[\s.\-–]+")


@dataclass(frozen=True)
class ArabicEntry:
    """An Arabic-script spelling of the lexicon (folded word tuple is its key)."""

    canonical: str
    listed: bool  # a spelling of the data file (not generated)
    ambiguous: frozenset[str]  # spellings (hamza kept) that need supporting context


@dataclass(frozen=True)
class LatinEntry:
    """A Latin-script form of the lexicon (lowercased word tuple is its key)."""

    canonical: str
    exact: str | None  # the form to match case-sensitively (common English words), else None


@dataclass(frozen=True)
class Lexicon:
    """The brand lexicon compiled for lookup.

    Attributes
    ----------
    table : one row per brand (``canonical``, ``kind``, ``origin``, ``latin``, ``arabic``,
        ``ambiguous``; the last three are tuples of strings).
    arabic : folded word tuple → :class:`ArabicEntry`, listed and generated spellings.
    latin : lowercased word tuple → list of :class:`LatinEntry`.
    excluded : canonical names left out (``exclude=``), casefolded.
    excluded_spellings : every spelling of the excluded brands (:func:`brand_spellings`),
        removed from the word lists the detector consults (:attr:`native_words` ...).
    translit_words : the spellings the trigram score was trained on (excluded brands never).
    """

    table: pd.DataFrame
    arabic: dict[tuple[str, ...], ArabicEntry] = field(repr=False)
    latin: dict[tuple[str, ...], list[LatinEntry]] = field(repr=False)
    first_words: frozenset[str] = field(repr=False)
    max_words: int = 1
    max_latin_words: int = 1
    translit: Mapping[str, float] = field(default_factory=dict, repr=False)
    excluded: frozenset[str] = frozenset()
    excluded_spellings: frozenset[str] = field(default=frozenset(), repr=False)
    translit_words: frozenset[str] = field(default=frozenset(), repr=False)

    def translit_score(self, folded: str) -> float:
        """Transliteration log-odds per character trigram of a folded Arabic word.

        Mean over the word's trigrams (with ``^``/``$`` boundary marks) of
        log P(g | brand spellings) − log P(g | native words), add-½ smoothed: a
        character-trigram naive Bayes classifier (cf. Cavnar & Trenkle 1994 for n-gram
        language identification). Positive: spelled like the lexicon's transliterations
        (فيسبوك 2.1, أمازون 0.8); negative: like native Arabic words (المحمولة −2.1).
        Trained in :func:`load_lexicon` from the lexicon actually loaded, so brands left out
        (``exclude=``) are never training data.
        """
        return translit_score(self.translit, folded)

    @cached_property
    def prefixed_arabic(self) -> dict[str, tuple[str, tuple[tuple[str, ...] | None, str | None]]]:
        """Folded proclitic + word → (proclitic, (single-word key or None, first word of a
        multiword name or None)) for every word of the Arabic spellings: one dictionary
        lookup per word type replaces trying each proclitic split."""
        singles = {k[0] for k in self.arabic if len(k) == 1}
        words = {
            w: ((w,) if w in singles else None, w if w in self.first_words else None)
            for w in sorted(singles | self.first_words)
        }
        return prefixed_forms(words)

    @cached_property
    def native_words(self) -> frozenset[str]:
        """The folded Arabic word list and stopwords without the excluded brands' spellings
        (the word list holds famous brands such as فيسبوك)."""
        return native_folded() - self.excluded_spellings

    @cached_property
    def english_words(self) -> frozenset[str]:
        """The English word list (``wordlist_en.txt``) without the excluded brands' forms."""
        return english() - self.excluded_spellings

    @cached_property
    def dictionary_words(self) -> frozenset[str]:
        """English dictionary words without the excluded brands' forms."""
        return english_dictionary() - self.excluded_spellings

    @property
    def canonicals(self) -> frozenset[str]:
        return frozenset(self.table["canonical"].str.casefold())


def split_field(value: str) -> tuple[str, ...]:
    """``"a|b"`` → ``("a", "b")`` (the list cells of ``brands.tsv``)."""
    return tuple(v.strip() for v in value.split("|") if v.strip()) if value else ()


def vowel_variants(word: str, max_drop: int = 2) -> set[str]:
    """Drop up to ``max_drop`` internal long vowels (ا و ي, not the first letter)."""
    vowels = lists()["transliteration"]["long_vowels"]
    # not a vowel letter next to another one (ديلويت ↛ ديليت: a diphthong, not a spelled vowel)
    pos = [
        i
        for i, c in enumerate(word)
        if c in vowels
        and i > 0
        and word[i - 1] not in vowels
        and (i + 1 == len(word) or word[i + 1] not in vowels)
    ]
    out = set()
    for k in range(1, max_drop + 1):
        for drop in itertools.combinations(pos, k):
            w = "".join(c for i, c in enumerate(word) if i not in drop)
            if len(w) >= 3:
                out.add(w)
    return out


def join_variants(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every way of joining neighbouring words of a multiword name (فيس بوك → فيسبوك)."""
    out = set()
    for cuts in itertools.product((False, True), repeat=len(words) - 1):
        parts = [words[0]]
        for w, join in zip(words[1:], cuts, strict=True):
            if join:
                parts[-1] += w
            else:
                parts.append(w)
        out.add(tuple(parts))
    return out


def arabic_words(spelling: str) -> tuple[str, ...]:
    """The folded words of an Arabic spelling (split at spaces, dots and dashes)."""
    return tuple(fold(normalize(w)) for w in _WORD_SPLIT.split(spelling) if w)


def generated_spellings(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Spelling variants of one listed spelling: joined/split words, dropped long vowels."""
    cands: set[tuple[str, ...]] = set()
    if len(words) > 1:
        cands |= join_variants(words)
    for w_i, w in enumerate(words):
        if len(w) >= 5:
            for v in vowel_variants(w):
                cands.add((*words[:w_i], v, *words[w_i + 1 :]))
    return cands


def read_brands(path: str | Path | None = None) -> pd.DataFrame:
    """``brands.tsv`` as a table of strings; a row with the wrong field count is an error."""
    text = Path(path).read_text("utf-8") if path else data_text("brands.tsv")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    header, body = rows[0], rows[1:]
    for i, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise ValueError(
                f"{path or 'brands.tsv'}: data row {i}: {len(row)} fields, expected {len(header)}"
            )
    return pd.DataFrame(body, columns=header)


def select_brands(
    table: pd.DataFrame, exclude: Iterable[str], origins: Iterable[str]
) -> pd.DataFrame:
    """Rows kept after leaving out ``exclude`` (canonical names, case-insensitive) and origins
    not in ``origins``; list cells split into tuples."""
    drop = {e.casefold() for e in exclude}
    table = table[
        ~table["canonical"].str.casefold().isin(drop) & table["origin"].isin(list(origins))
    ]
    return table.assign(
        latin=table["latin"].map(split_field),
        arabic=table["arabic"].map(split_field),
        ambiguous=table["ambiguous"].map(split_field),
    ).reset_index(drop=True)


def brand_spellings(table: pd.DataFrame) -> frozenset[str]:
    """Every spelling of the brands of ``table``: folded Arabic words of listed spellings and
    of their generated variants (joined multiword names included), and casefolded Latin forms
    and their words."""
    out: set[str] = set()
    for spellings in table["arabic"]:
        for sp in spellings:
            words = arabic_words(sp)
            out.update(words)
            for variant in generated_spellings(words):
                out.update(variant)
    for forms in table["latin"]:
        for form in forms:
            out.add(form.casefold())
            out.update(w.casefold() for w in form.split())
    return frozenset(out)


def without_spellings(table: pd.DataFrame, spellings: frozenset[str]) -> pd.DataFrame:
    """``table`` without the spellings and Latin forms that contain one of ``spellings`` (words
    of three letters or more) as a word: with Google excluded, Chrome keeps كروم but loses
    جوجل كروم, and Google Play loses every form (they name Google)."""
    names = {w for w in spellings if len(w) >= 3}
    if not names:
        return table

    def arabic_ok(sp: str) -> bool:
        return not names & set(arabic_words(sp))

    def latin_ok(form: str) -> bool:
        return not names & {w.casefold() for w in form.split()}

    return table.assign(
        arabic=table["arabic"].map(lambda sps: tuple(sp for sp in sps if arabic_ok(sp))),
        latin=table["latin"].map(lambda fs: tuple(f for f in fs if latin_ok(f))),
    )


def _compile_arabic(table: pd.DataFrame, variants: bool) -> dict[tuple[str, ...], ArabicEntry]:
    native = native_folded()
    arabic: dict[tuple[str, ...], ArabicEntry] = {}
    generated: dict[tuple[str, ...], ArabicEntry] = {}
    for canonical, spellings, ambiguous in zip(
        table["canonical"], table["arabic"], table["ambiguous"], strict=True
    ):
        amb = frozenset(light(a) for a in ambiguous)
        for sp in spellings:
            words = arabic_words(sp)
            mine = frozenset(a for a in amb if fold(normalize(a)) == " ".join(words))
            arabic.setdefault(words, ArabicEntry(canonical, listed=True, ambiguous=mine))
            if not variants:
                continue
            for c in generated_spellings(words):
                if c in arabic or (len(c) == 1 and c[0] in native):
                    continue
                generated.setdefault(c, ArabicEntry(canonical, listed=False, ambiguous=frozenset()))
    for key, entry in generated.items():
        arabic.setdefault(key, entry)
    return arabic


def _compile_latin(table: pd.DataFrame, variants: bool) -> dict[tuple[str, ...], list[LatinEntry]]:
    english = english_dictionary()
    latin: dict[tuple[str, ...], list[LatinEntry]] = {}
    for canonical, forms in zip(table["canonical"], table["latin"], strict=True):
        for form in forms:
            words = tuple(form.split())
            key = tuple(w.casefold() for w in words)
            plain_word = len(words) == 1 and form[1:].islower() and key[0] in english
            latin.setdefault(key, []).append(LatinEntry(canonical, form if plain_word else None))
            if variants and "I" in form:  # I/l homoglyph: OpenAl
                alt = form.replace("I", "l")
                alt_key = tuple(w.casefold() for w in alt.split())
                latin.setdefault(alt_key, []).append(LatinEntry(canonical, alt))
    return latin


def load_lexicon(
    path: str | Path | None = None,
    *,
    exclude: Iterable[str] = (),
    origins: Iterable[str] = ("general", "seed", "eval"),
    variants: bool = True,
) -> Lexicon:
    """Read and compile the brand lexicon (default ``corpus_tools/data/brands.tsv``).

    Parameters
    ----------
    path : another TSV with the same columns.
    exclude : canonical names to leave out (leave-lexicon-out evaluation): their entries,
        their generated variants, the spellings of other entries that contain them
        (:func:`without_spellings`) and every list trained from the lexicon lose them.
    origins : keep only entries of these origins (``general``, ``seed``, ``eval``).
    variants : generate spelling variants (heuristic ``variants``).
    """
    exclude = tuple(exclude)
    brands = read_brands(path)
    table = select_brands(brands, exclude, origins)
    dropped = select_brands(
        brands[brands["canonical"].str.casefold().isin({e.casefold() for e in exclude})],
        (),
        brands["origin"].unique(),
    )
    spellings_out = brand_spellings(dropped)
    table = without_spellings(table, spellings_out)
    arabic = _compile_arabic(table, variants)
    latin = _compile_latin(table, variants)
    listed_words = {w for sps in table["arabic"] for sp in sps for w in arabic_words(sp)}
    return Lexicon(
        table=table,
        arabic=arabic,
        latin=latin,
        first_words=frozenset(k[0] for k in arabic if len(k) > 1),
        max_words=max(len(k) for k in arabic) if arabic else 1,
        max_latin_words=max(len(k) for k in latin) if latin else 1,
        translit=train_translit(listed_words, exclude=spellings_out),
        translit_words=frozenset(listed_words),
        excluded=frozenset(e.casefold() for e in exclude),
        excluded_spellings=spellings_out,
    )


@cache
def default_lexicon() -> Lexicon:
    """The lexicon of ``data/brands.tsv`` with variants (loaded once)."""
    return load_lexicon()
