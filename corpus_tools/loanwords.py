"""Loanword usage: English brand names in Arabic text, in Latin and in Arabic script.

Arabic news writes brands in Latin script (``أعلنت IBM وMeta``, ``لـSora``, ``«OpenAI»``) and
transliterated into Arabic script with unstable spelling (جوجل/غوغل, فيسبوك/فيس بوك), glued to
proclitics (وجوجل, لمايكروسوفت, الفيسبوك) and next to native look-alikes (ابل "camels", سورا
"wall", ميتا "dead"). :func:`brand_mentions` finds them, following the annotation standard of
``../shared/eval/brand_mentions/GUIDELINES.md`` (spans exclude clitics, tatweel, quotes and ``#``;
multiword names are one span; model numbers are excluded; domain forms keep the TLD);
:func:`brand_usage` summarises how each brand is written; :func:`evaluate_mentions` scores
predicted spans against a gold file (span-exact micro precision/recall/F1).

How a mention is found (every step is a named *heuristic*; :data:`HEURISTICS` lists them and
``brand_mentions(..., heuristics=...)`` switches them off one by one for ablation):

``lexicon``
    Brand lexicon ``data/brands.tsv`` (canonical name, kind, Latin forms, Arabic spellings).
    Arabic spellings are matched on normalised text (:mod:`corpus_tools.normalize`) after a
    transliteration *fold* (``data/loanwords.json``: g → ج for غ/ق/گ, v → ف for ڤ, p → ب for پ,
    چ → تش, hamza seats → carrier, ی → ي), after a proclitic sequence (و ف ب ل ك ال لل and their
    combinations) and with whole-word boundaries; multiword names may be separated by spaces,
    dots (``إيه.آي``) or dashes (``دال – إي``). Latin forms match case-insensitively, except forms
    that are common English words (``Apple``, ``Signal``), which must be capitalised as listed.
``variants``
    Spellings generated from the listed ones: optional internal long vowels (ميكروسوفت →
    ميكروسفت; not a vowel letter next to another one, ديلويت ↛ ديليت), joined or split
    multiword names (فيس بوك ↔ فيسبوك), and a Latin ``I``/``l`` homoglyph (``OpenAl``). A
    generated spelling that is a native Arabic word (``data/wordlist_ar.txt``) is discarded.
``context``
    Spellings flagged ambiguous in the lexicon (ابل, سورا, ميتا, كروم ...) count only with
    supporting evidence in the document: a classifier noun before them (شركة، تطبيق ...),
    the same brand elsewhere in the document in Latin script or in an unambiguous spelling,
    another brand right next to them (``آبل وجوجل``), or quotes around them. Switching this
    heuristic off accepts every ambiguous spelling.
``latin_shape``
    Unknown Latin-script names, detected by script and shape: acronyms, camelCase, letters
    with digits, capitalised words that are not common English words (``data/wordlist_en.txt``).
    Excluded: generic technology terms (GPS, USB, AMOLED), organisations (NASA, CERN), model
    and version designators after a product (``S8``, ``Lite``, ``Oreo``) and trailing
    qualifiers or model codes of an unknown name (``Touchwiz Grace UX`` → ``Touchwiz``), lone
    qualifiers, people (two or more capitalised non-English words, unless the last is a
    name tail of ``loanwords.json``: ``Google Play``, ``Boston Dynamics``), names introduced by
    a non-brand head noun (مبادرة، قمة، فيلم ...), acronyms glossing a translated Arabic name
    (``الاتحاد الدولي للاتصالات (ITU)``). Capitalised common English words and single letters
    need a classifier noun before them, or an Arabic transliteration right before them (see
    ``gloss``).
``english_french``
    Lowercase English words become ``english``; runs with French function words, elisions or
    accents (``Sommet pour l’action``), or made of French-only words, become ``foreign``.
``gloss``
    An Arabic-script word (or two or three) right before a Latin brand, or before its
    parenthesised Latin form, whose consonant skeleton matches it (``سبوتيفاي Spotify``). A
    capitalised English word with an exactly matching transliteration right before it becomes
    a brand too (``تيليجرام Telegram``, ``أمازون Amazon``). A proclitic written before a
    hamza-seated alef is split off (``وألفابت`` = و + ألفابت).
``doc_latin``
    An Arabic-script word elsewhere in the document whose consonant skeleton equals that of a
    Latin brand of the document (``Perplexity`` … ``بيربلكسيتي``); native words are excluded.
``classifier``
    Up to three Arabic-script words right after a classifier noun (``شركة أنثروبيك``) that
    look like a transliteration: not a stopword or assimilated loanword, not definite, no
    ح ع ظ ض or hamza seat, no Arabic derivational template (تفعيل، مفعول، -ية، -ات), and a
    character-trigram transliteration score (:meth:`Lexicon.translit_score`, trained on the
    loaded lexicon's spellings against the Arabic word list) of at least ``TSCORE_UNLISTED``,
    or ``TSCORE_LISTED`` for words of the Arabic word list (which holds famous brands such as
    فيسبوك and آيفون, so list membership alone no longer vetoes), ``TSCORE_DEFINITE`` after a
    definite classifier noun. A Latin personal name right after the words vetoes them.
``propagate``
    Every other occurrence in the document, with or without proclitics, of an Arabic-script
    name found by ``classifier``, ``gloss`` or ``doc_latin``.
``assimilated``
    Established loanwords in Arabic script (تكنولوجيا، الإنترنت، ديمقراطية), category
    ``assimilated``; they never count as brands.

Categories: ``brand`` (the graded category), ``english`` (non-brand English words and generic
terms in Latin script), ``foreign`` (non-English Latin script), ``assimilated``.

The ``OpenAl`` typo of seed 000 (lowercase L for capital I) is annotated as a ``brand`` mention
of OpenAI, as the guidelines ask for misspellings ("annotated as found"); the ``variants``
heuristic finds it through the I/l homoglyph.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from corpus_tools.normalize import normalize
from corpus_tools.signature import extend_signature

if TYPE_CHECKING:
    from corpus_tools.corpus import Corpus, Document

__all__ = [
    "CATEGORIES",
    "HEURISTICS",
    "MENTION_COLUMNS",
    "Lexicon",
    "brand_mentions",
    "brand_usage",
    "evaluate_mentions",
    "load_lexicon",
    "mention_errors",
    "read_gold",
    "skeleton",
]

CATEGORIES = ("brand", "english", "foreign", "assimilated")

HEURISTICS: tuple[str, ...] = (
    "lexicon",
    "variants",
    "context",
    "latin_shape",
    "english_french",
    "gloss",
    "doc_latin",
    "classifier",
    "propagate",
    "assimilated",
)

#: Columns of the mentions table, in order.
MENTION_COLUMNS: dict[str, str] = {
    "doc": "str",
    "start": "int64",
    "end": "int64",
    "surface": "str",
    "brand": "str",
    "script": "str",
    "category": "str",
    "clitic": "str",
    "sentence": "int32",
    "source": "str",
    "in_lexicon": "bool",
}

# Proclitic sequences of the guidelines (و ف ب ل ك ال لل), shortest first so that a name that
# itself begins with و or ال (وايمو, اليكسا) is tried whole before a clitic is split off.
_PREFIXES: tuple[str, ...] = tuple(
    sorted(
        {a + b + c for a in ("", "و", "ف") for b in ("", "ب", "ل", "ك") for c in ("", "ال")}
        | {"لل", "ولل", "فلل"},
        key=len,
    )
)
_PREFIX_SET = frozenset(_PREFIXES)
_PREFIX_RE = re.compile(r"^(?:[وف]?(?:لل|[بلك])?(?:ال)?)")


@lru_cache(maxsize=1 << 18)
def _prefixes_of(norm: str) -> list[str]:
    """The proclitic splits a word allows, shortest first (``"وبالعالم"`` → "", و, وب, وبال)."""
    m = _PREFIX_RE.match(norm)
    longest = m.group(0) if m else ""
    return [
        longest[:k]
        for k in range(len(longest) + 1)
        if longest[:k] in _PREFIX_SET and len(norm) - k >= 2
    ]


_AR_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
_QUOTES = frozenset("\"'“”«»‘’„‟‹›()[]#")
_CLAUSE_END = frozenset(".،,؛;:!?؟\n")
_NAME_GAP = re.compile(r"[ \t\u00a0]*[.\-–—‐][ \t\u00a0]*|[ \t\u00a0]+")
_AR_DOMAIN = ("كوم", "نت", "اورج")
_LATIN_TLD = re.compile(r"\.(?:com|net|org|ai|io|co|gov|edu|tv|me)$", re.IGNORECASE)
_FRENCH_CHARS = re.compile(r"[àâäçéèêëîïôöùûüÿœæ]", re.IGNORECASE)
_UNIT = re.compile(r"^\d+(?:[.,]\d+)?[A-Za-z]{1,3}$")
_CODE = re.compile(r"^[A-Za-z]{1,2}\d+[A-Za-z]?$|^\d+$")


# --------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------
def _data_text(name: str) -> str:
    return resources.files("corpus_tools.data").joinpath(name).read_text("utf-8")


def _wordlist(name: str) -> frozenset[str]:
    return frozenset(
        line.strip()
        for line in _data_text(name).splitlines()
        if line.strip() and not line.startswith("#")
    )


@cache
def _lists() -> dict[str, Any]:
    return json.loads(_data_text("loanwords.json"))


@cache
def _fold_table() -> dict[int, str]:
    return {ord(k): v for k, v in _lists()["transliteration"]["fold"].items()}


_LIGHT_STEPS = (
    "presentation_forms",
    "controls",
    "diacritics",
    "tatweel",
    "alef_maqsura",
    "digits",
    "casefold",
)


def _light(text: str) -> str:
    """Normalise but keep hamza seats (أبل Apple vs ابل/إبل camels)."""
    return normalize(text, _LIGHT_STEPS)


def _fold(norm: str) -> str:
    """Transliteration fold of an already normalised string (both lexicon and text get it)."""
    return norm.translate(_fold_table())


@cache
def _native_folded() -> frozenset[str]:
    words = _wordlist("wordlist_ar.txt") | {normalize(w) for w in _wordlist("stopwords_ar.txt")}
    return frozenset(_fold(w) for w in words)


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(normalize(w) for w in _wordlist("stopwords_ar.txt"))


@cache
def _english() -> frozenset[str]:
    return _wordlist("wordlist_en.txt")


@cache
def _english_dictionary() -> frozenset[str]:
    """Common English words that are dictionary words (no brand names such as ``microsoft``)."""
    return _wordlist("wordlist_en_dictionary.txt")


@cache
def _french_only() -> frozenset[str]:
    return _wordlist("wordlist_fr_only.txt")


@cache
def _normset(key: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in _lists()[key]["words"])


@cache
def _lowerset(key: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _lists()[key]["words"])


@cache
def _assimilated() -> dict[str, str]:
    return {normalize(k): v for k, v in _lists()["assimilated"]["words"].items()}


# --------------------------------------------------------------------------------------------
# lexicon
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Entry:
    canonical: str
    listed: bool  # a spelling of the data file (not generated)
    ambiguous: frozenset[str]  # spellings (hamza kept) that need supporting context


@dataclass(frozen=True)
class Lexicon:
    """The brand lexicon compiled for lookup.

    Attributes
    ----------
    table : one row per brand (``canonical``, ``kind``, ``origin``, ``latin``, ``arabic``,
        ``ambiguous``; the last three are tuples of strings).
    arabic : folded word tuple → entry, listed and generated spellings.
    latin : lowercased word tuple → (canonical, exact form or ``None`` when case-insensitive).
    """

    table: pd.DataFrame
    arabic: dict[tuple[str, ...], _Entry] = field(repr=False)
    latin: dict[tuple[str, ...], list[tuple[str, str | None]]] = field(repr=False)
    first_words: frozenset[str] = field(repr=False)
    max_words: int = 1
    max_latin_words: int = 1
    translit: Mapping[str, float] = field(default_factory=dict, repr=False)

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
        grams = _trigrams(folded)
        if not grams or not self.translit:
            return float("-inf")
        default = self.translit.get("", 0.0)
        return sum(self.translit.get(g, default) for g in grams) / len(grams)

    @property
    def canonicals(self) -> frozenset[str]:
        return frozenset(self.table["canonical"].str.casefold())


def _trigrams(word: str) -> list[str]:
    w = f"^{word}$"
    return [w[i : i + 3] for i in range(len(w) - 2)]


def _train_translit(spellings: Iterable[str]) -> dict[str, float]:
    """Per-trigram log-odds, brand spellings (folded words) vs the Arabic word list."""
    brand_words = {w for w in spellings if len(w) >= 3}
    native = _native_folded() - brand_words
    bc: Counter[str] = Counter(g for w in brand_words for g in _trigrams(w))
    nc: Counter[str] = Counter(g for w in native for g in _trigrams(w))
    vocab = len(set(bc) | set(nc)) + 1
    bt, nt = sum(bc.values()) + 0.5 * vocab, sum(nc.values()) + 0.5 * vocab
    out = {
        g: float(np.log((bc[g] + 0.5) / bt) - np.log((nc[g] + 0.5) / nt)) for g in set(bc) | set(nc)
    }
    out[""] = float(np.log(0.5 / bt) - np.log(0.5 / nt))  # unseen trigram
    return out


def _split_field(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip()) if value else ()


def _vowel_variants(word: str, max_drop: int = 2) -> set[str]:
    """Drop up to ``max_drop`` internal long vowels (ا و ي, not the first letter)."""
    vowels = _lists()["transliteration"]["long_vowels"]
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


def _join_variants(words: tuple[str, ...]) -> set[tuple[str, ...]]:
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
    exclude : canonical names to leave out (leave-lexicon-out evaluation).
    origins : keep only entries of these origins (``general``, ``seed``, ``eval``).
    variants : generate spelling variants (heuristic ``variants``).
    """
    text = Path(path).read_text("utf-8") if path else _data_text("brands.tsv")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    header, body = rows[0], rows[1:]
    for i, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise ValueError(
                f"{path or 'brands.tsv'}: data row {i}: {len(row)} fields, expected {len(header)}"
            )
    table = pd.DataFrame(body, columns=header)
    drop = {e.casefold() for e in exclude}
    table = table[
        ~table["canonical"].str.casefold().isin(drop) & table["origin"].isin(list(origins))
    ]
    table = table.assign(
        latin=table["latin"].map(_split_field),
        arabic=table["arabic"].map(_split_field),
        ambiguous=table["ambiguous"].map(_split_field),
    ).reset_index(drop=True)

    native = _native_folded()
    english = _english_dictionary()
    arabic: dict[tuple[str, ...], _Entry] = {}
    generated: dict[tuple[str, ...], _Entry] = {}
    latin: dict[tuple[str, ...], list[tuple[str, str | None]]] = {}
    for canonical, forms, spellings, ambiguous in zip(
        table["canonical"], table["latin"], table["arabic"], table["ambiguous"], strict=True
    ):
        amb = frozenset(_light(a) for a in ambiguous)
        for sp in spellings:
            words = tuple(_fold(normalize(w)) for w in re.split(r"[\s.\-–]+", sp) if w)
            key = words
            mine = frozenset(a for a in amb if _fold(normalize(a)) == " ".join(words))
            arabic.setdefault(key, _Entry(canonical, True, mine))
            if not variants:
                continue
            cands: set[tuple[str, ...]] = set()
            if len(words) > 1:
                cands |= _join_variants(words)
            for w_i, w in enumerate(words):
                if len(w) >= 5:
                    for v in _vowel_variants(w):
                        cands.add((*words[:w_i], v, *words[w_i + 1 :]))
            for c in cands:
                if c in arabic or (len(c) == 1 and c[0] in native):
                    continue
                generated.setdefault(c, _Entry(canonical, False, frozenset()))
        for form in forms:
            words_l = tuple(form.split())
            key_l = tuple(w.casefold() for w in words_l)
            plain_word = len(words_l) == 1 and form[1:].islower() and key_l[0] in english
            exact = form if plain_word else None
            latin.setdefault(key_l, []).append((canonical, exact))
            if variants and "I" in form:  # I/l homoglyph: OpenAl
                alt = form.replace("I", "l")
                latin.setdefault(tuple(w.casefold() for w in alt.split()), []).append(
                    (canonical, alt)
                )
    for gen_key, gen_entry in generated.items():
        arabic.setdefault(gen_key, gen_entry)
    first = frozenset(k[0] for k in arabic if len(k) > 1)
    listed_words = {
        _fold(normalize(w))
        for sps in table["arabic"]
        for sp in sps
        for w in re.split(r"[\s.\-–]+", sp)
        if w
    }
    return Lexicon(
        table=table,
        arabic=arabic,
        latin=latin,
        first_words=first,
        max_words=max(len(k) for k in arabic) if arabic else 1,
        max_latin_words=max(len(k) for k in latin) if latin else 1,
        translit=_train_translit(listed_words),
    )


@cache
def _default_lexicon() -> Lexicon:
    return load_lexicon()


# --------------------------------------------------------------------------------------------
# consonant skeletons (transliteration keys)
# --------------------------------------------------------------------------------------------
_LATIN_SKEL = [
    ("sch", "S"),
    ("tch", "S"),
    ("ch(?=r)", "K"),
    ("ch", "S"),
    ("sh", "S"),
    ("ph", "F"),
    ("th", "T"),
    ("ck", "K"),
    ("qu", "K"),
    ("gh", "K"),
    ("x", "KS"),
    ("c(?=[eiy])", "S"),
    ("c", "K"),
    ("q", "K"),
    ("g", "K"),
    ("j", "K"),
    ("k", "K"),
    ("b", "B"),
    ("p", "B"),
    ("v", "F"),
    ("f", "F"),
    ("z", "Z"),
    ("s", "S"),
    ("d", "D"),
    ("t", "T"),
    ("l", "L"),
    ("m", "M"),
    ("n", "N"),
    ("r", "R"),
    ("h", ""),
    ("w", ""),
    ("y", ""),
    ("[aeiou]", ""),
]
_LATIN_SKEL_RE = re.compile("|".join(f"({p})" for p, _ in _LATIN_SKEL))
_AR_SKEL = str.maketrans(
    {
        "ب": "B",
        "ت": "T",
        "ث": "T",
        "ط": "T",
        "ج": "K",
        "غ": "K",
        "ق": "K",
        "ك": "K",
        "خ": "K",
        "د": "D",
        "ض": "D",
        "ذ": "Z",
        "ز": "Z",
        "ظ": "Z",
        "س": "S",
        "ص": "S",
        "ش": "S",
        "ف": "F",
        "ل": "L",
        "م": "M",
        "ن": "N",
        "ر": "R",
        "ه": "",
        "ح": "",
        "ع": "",
        "ا": "",
        "و": "",
        "ي": "",
        "ى": "",
        "ء": "",
        "ة": "",
        "أ": "",
        "إ": "",
        "آ": "",
        "ؤ": "",
        "ئ": "",
    }
)


def _collapse(s: str) -> str:
    return "".join(c for i, c in enumerate(s) if i == 0 or c != s[i - 1])


@lru_cache(maxsize=1 << 18)
def _ar_skeleton(norm: str) -> str:
    """Skeleton of an already normalised Arabic string (the hot path of ``doc_latin``)."""
    return _collapse(_fold(norm).translate(_AR_SKEL))


@lru_cache(maxsize=1 << 16)
def skeleton(name: str) -> str:
    """Consonant skeleton of a Latin or Arabic-script name, for transliteration matching.

    Latin and Arabic letters map onto the same consonant classes (b/p/ب → B, g/j/k/q/ج/غ/ق/ك →
    K, f/v/ف → F, s/ch/sh/س/ص/ش → S ...); vowels, h, w and y (ا و ي ه ح ع) are dropped and
    doubled classes collapse, so ``skeleton("Spotify") == skeleton("سبوتيفاي") == "SBTF"``.
    """
    if _AR_LETTER.search(name):
        s = _fold(normalize(name)).translate(_AR_SKEL)
    else:
        low = name.casefold()
        s = "".join(
            _LATIN_SKEL[m.lastindex - 1][1] if m.lastindex else ""
            for m in _LATIN_SKEL_RE.finditer(low)
        )
    s = re.sub(r"[^A-Z]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


# --------------------------------------------------------------------------------------------
# detection
# --------------------------------------------------------------------------------------------
@dataclass
class _Doc:
    """Per-document arrays of the token table (positions are row numbers inside the doc)."""

    id: str
    text: str
    start: np.ndarray
    end: np.ndarray
    surface: list[str]
    norm: list[str]
    script: list[str]
    clitic: np.ndarray
    sentence: np.ndarray
    residue: np.ndarray
    code: np.ndarray  # word-type code per token (index into _Types arrays)


@dataclass
class _Types:
    """Per word type attributes, computed once per distinct ``norm`` (vocabulary-sized work)."""

    norms: np.ndarray
    analysis: list[tuple[str, tuple[str, ...] | None, str | None]]
    lex_hit: np.ndarray
    is_cls: np.ndarray
    assim: list[tuple[str, str] | None]
    assim_hit: np.ndarray
    # doc_latin: skeleton of the whole word and of the word without its longest proclitic,
    # as integer ids (-1: not a candidate: too short, a stopword, not Arabic)
    skel_whole: np.ndarray
    skel_stem: np.ndarray
    prefix: list[str]
    skel_ids: dict[str, int]
    lex: Lexicon | None = None
    # unknown-name evidence, computed on demand for the few types that need it (words after
    # a classifier noun; the vocabulary of a document with a newly found name)
    _namelike: dict[tuple[int, bool], bool] = field(default_factory=dict)
    _stems: dict[int, frozenset[str]] = field(default_factory=dict)

    def namelike(self, code: int, strict: bool = False) -> bool:
        got = self._namelike.get((code, strict))
        if got is None:
            assert self.lex is not None
            got = _is_namelike(str(self.norms[code]), self.lex, strict)
            self._namelike[(code, strict)] = got
        return got

    def stems(self, code: int) -> frozenset[str]:
        got = self._stems.get(code)
        if got is None:
            norm = str(self.norms[code])
            got = frozenset(_fold(norm[len(p) :]) for p in _prefixes_of(norm) or [""])
            self._stems[code] = got
        return got


def _longest_prefix(norm: str) -> str:
    found = _prefixes_of(norm)
    return found[-1] if found else ""


@cache
def _skeleton_table() -> dict[int, str]:
    """One translate table doing the transliteration fold and the skeleton classes together."""
    chars = {chr(c) for c in range(0x0621, 0x06FF)} | set(_lists()["transliteration"]["fold"])
    return {ord(c): _fold(c).translate(_AR_SKEL) for c in chars}


def _build_types(norms: np.ndarray, is_arabic: np.ndarray, lex: Lexicon) -> _Types:
    pos_set, table, stop = _normset("classifiers"), _assimilated(), _stopwords()
    analysis: list[tuple[str, tuple[str, ...] | None, str | None]] = []
    is_cls = np.zeros(len(norms), dtype=bool)
    assim: list[tuple[str, str] | None] = []
    for k, (norm, ar) in enumerate(zip(norms, is_arabic, strict=True)):
        if not ar:
            analysis.append(("", None, None))
            assim.append(None)
            continue
        analysis.append(_analyse_arabic_type(norm, lex))
        stems = _strip_clitics(norm) or [norm]
        is_cls[k] = any(x in pos_set for x in stems)
        hit = None
        for p in _prefixes_of(norm):
            if norm[len(p) :] in table:
                hit = (p, table[norm[len(p) :]])
                break
        assim.append(hit)
    # skeletons for the whole vocabulary at once (pandas string methods, one pass per column)
    words = pd.Series(np.where(is_arabic, norms, ""), dtype=object)
    prefix = [_longest_prefix(w) for w in words]
    bare = pd.Series([w[len(p) :] for w, p in zip(words, prefix, strict=True)], dtype=object)
    skel_table = _skeleton_table()
    ids: dict[str, int] = {}

    def skel_ids(col: pd.Series) -> np.ndarray:
        sk = col.str.translate(skel_table).str.replace(r"(.)\1+", r"\1", regex=True)
        ok = (col.str.len() >= 4) & ~col.isin(stop)
        return np.array(
            [ids.setdefault(k, len(ids)) if g else -1 for k, g in zip(sk, ok, strict=True)],
            dtype=np.int64,
        )

    return _Types(
        lex=lex,
        norms=norms,
        analysis=analysis,
        lex_hit=np.array([a[1] is not None or a[2] is not None for a in analysis], dtype=bool),
        is_cls=is_cls,
        assim=assim,
        assim_hit=np.array([a is not None for a in assim], dtype=bool),
        skel_whole=skel_ids(words),
        skel_stem=skel_ids(bare),
        prefix=prefix,
        skel_ids=ids,
    )


#: Transliteration-score thresholds (:meth:`Lexicon.translit_score`) for an unknown Arabic-script
#: word to count as a name after a classifier noun: a word of the Arabic word list must look
#: clearly transliterated (the list holds famous brands such as فيسبوك, so membership alone
#: cannot veto), a word outside it only not clearly native.
TSCORE_LISTED = 0.0
TSCORE_UNLISTED = -0.5
TSCORE_DEFINITE = 1.0
#: Letters English names are (almost) never transliterated with: ح ع ظ ض and the hamza seats
#: ء ئ ؤ (word-initial أ/إ/آ are common in transliterations and allowed), and a final ـاء.
_NATIVE_LETTERS = re.compile(r"[حعظضءئؤ]|اء$")
#: Derivational templates that veto a word of the Arabic word list as a name (تفعيل، مفعول،
#: مستفعل، -ات، -ية ...); -ون/-ين are left out: أمازون، آيفون، لينكدين.
_LISTED_TEMPLATES = re.compile(
    r"^(?:مست|است|ال)|^ت..ي.$|^م..و.$|^م.ا..$|(?:ات|ية|ة|ها|هم|نا)$"
    r"|^ا..ا.$|^ا.ت.ا.$|^ان..ا.$"  # verbal nouns إفعال، افتعال، انفعال (إنتاج، اختبار، انتقال)
)
#: Short words that end multiword names although they are also Arabic words (آب "app").
_NAME_TAILS = frozenset({"اب"})
#: Arabic spellings of Latin letter names, which continue a name (لينكد إن is not among them:
#: إن, أو, في are function words far more often).
_LETTER_NAMES = frozenset(
    normalize(w)
    for w in (
        "إيه",
        "بي",
        "سي",
        "دي",
        "إي",
        "إف",
        "جي",
        "إتش",
        "آي",
        "جيه",
        "كيه",
        "إل",
        "إم",
        "كيو",
        "آر",
        "إس",
        "تي",
        "يو",
        "دبليو",
        "إكس",
        "واي",
        "زد",
        "زي",
    )
)


def _is_namelike(norm: str, lex: Lexicon, strict: bool = False) -> bool:
    """May this Arabic word type be an unknown name (right after a classifier noun)?

    Not a stopword, assimilated loanword or place name (``places`` in ``data/loanwords.json``;
    after any proclitic), at least three letters, not
    definite, none of :data:`_NATIVE_LETTERS`, no derivational template of
    :data:`_LISTED_TEMPLATES`, and a transliteration score (:meth:`Lexicon.translit_score`) of
    at least ``TSCORE_LISTED`` for words of the Arabic word list (which holds famous brands
    such as فيسبوك, so membership alone cannot veto) or ``TSCORE_UNLISTED`` otherwise. The
    whole word is scored: a name right after its classifier noun carries no proclitic
    (شركة وايمو: و is part of the name). ``strict`` (after a definite classifier noun,
    ``الهاتف سيصل``: often a verb follows) raises the word-list threshold to
    ``TSCORE_DEFINITE``.
    """
    stop, assim = _stopwords(), _assimilated()
    splits = _prefixes_of(norm) or [""]
    if len(norm) < 3 or norm in stop:
        return False
    if any(norm[len(p) :] in stop or norm[len(p) :] in assim for p in splits):
        return False
    if any(norm[len(p) :] in _normset("places") for p in splits):  # places are never brands
        return False
    if (norm.startswith("ال") and len(norm) >= 5) or _NATIVE_LETTERS.search(norm):
        return False
    if any(_LISTED_TEMPLATES.search(norm[len(p) :]) for p in splits):
        return False
    native = _native_folded()
    listed = any(_fold(norm[len(p) :]) in native for p in splits)
    if listed:
        return lex.translit_score(_fold(norm)) >= (TSCORE_DEFINITE if strict else TSCORE_LISTED)
    return lex.translit_score(_fold(norm)) >= TSCORE_UNLISTED


@dataclass
class _Cand:
    doc: str
    start: int
    end: int
    brand: str
    script: str
    category: str
    clitic: str
    tok: int  # first token
    tok_end: int  # last token (inclusive)
    source: str
    priority: int
    ambiguous: bool = False
    in_lexicon: bool = False


def _strip_prefix_len(surface: str, n_norm: int) -> int:
    """Length in ``surface`` of its first ``n_norm`` normalised letters (+ tatweel/diacritics)."""
    if n_norm == 0:
        return 0
    i, seen = 0, 0
    while i < len(surface) and seen < n_norm:
        seen += len(normalize(surface[i]))
        i += 1
    while i < len(surface) and normalize(surface[i]) == "":
        i += 1
    return i


def _analyse_arabic_type(norm: str, lex: Lexicon) -> tuple[str, tuple[str, ...] | None, str | None]:
    """(prefix, single-word key or None, multiword first word or None) for one word type."""
    single: tuple[str, ...] | None = None
    first: str | None = None
    prefix = ""
    for p in _prefixes_of(norm):
        f = _fold(norm[len(p) :])
        hit_single = (f,) in lex.arabic
        hit_first = f in lex.first_words
        if hit_single or hit_first:
            return p, (f,) if hit_single else None, f if hit_first else None
    return prefix, single, first


def _doc_arrays(tokens: pd.DataFrame, texts: Mapping[str, str], codes: np.ndarray) -> list[_Doc]:
    out = []
    residue = tokens["residue"] if "residue" in tokens else pd.Series(False, index=tokens.index)
    for doc_id, idx in tokens.groupby("doc", sort=False).indices.items():
        sub = tokens.iloc[idx]
        out.append(
            _Doc(
                id=str(doc_id),
                text=texts[str(doc_id)],
                start=sub["start"].to_numpy(np.int64),
                end=sub["end"].to_numpy(np.int64),
                surface=sub["surface"].tolist(),
                norm=sub["norm"].tolist(),
                script=sub["script"].tolist(),
                clitic=sub["clitic"].to_numpy(bool),
                sentence=sub["sentence"].to_numpy(np.int32),
                residue=residue.iloc[idx].to_numpy(bool),
                code=codes[idx],
            )
        )
    return out


def _gap(d: _Doc, i: int) -> str:
    """Text between token ``i - 1`` and token ``i``."""
    return d.text[d.end[i - 1] : d.start[i]]


def _clitic_before(d: _Doc, i: int) -> str:
    """Proclitic token written onto (or detached right before) a Latin word."""
    if i > 0 and d.clitic[i - 1] and d.sentence[i - 1] == d.sentence[i]:
        return d.surface[i - 1]
    return ""


@lru_cache(maxsize=1 << 18)
def _strip_clitics(norm: str) -> list[str]:
    return [norm[len(p) :] for p in _prefixes_of(norm)]


def _head_before(d: _Doc, i: int, window: int) -> tuple[str | None, int]:
    """Nearest classifier (``+``) or non-brand head noun (``-``) before token ``i``.

    Skips quotes, brackets, clitic tokens and Latin words; stops at clause punctuation.
    Returns (sign or None, distance in Arabic words).
    """
    pos_set, neg_set = _normset("classifiers"), _normset("negative_heads")
    seen = 0
    j = i - 1
    while j >= 0 and seen < window:
        s = d.surface[j]
        if d.script[j] == "punct":
            if any(c in _CLAUSE_END for c in s):
                break
            j -= 1
            continue
        if "\n" in _gap(d, j + 1):
            break
        if d.script[j] == "arabic" and not d.clitic[j]:
            seen += 1
            for stem in _strip_clitics(d.norm[j]) or [d.norm[j]]:
                if stem in pos_set:
                    return "+", seen
                if stem in neg_set:
                    return "-", seen
        j -= 1
    return None, seen


def _arabic_lexicon(d: _Doc, lex: Lexicon, types: _Types, cands: list[_Cand]) -> None:
    for i in np.flatnonzero(types.lex_hit[d.code] & ~d.clitic & ~d.residue).tolist():
        prefix, single, first = types.analysis[d.code[i]]
        if single is None and first is None:
            continue
        best: tuple[int, tuple[str, ...]] | None = None
        if first is not None:
            words = [first]
            j = i
            while len(words) < lex.max_words and j + 1 < len(d.script):
                j += 1
                # a dot or dash inside the name: إيه.آي, دال – إي
                if (
                    d.script[j] == "punct"
                    and d.surface[j] in ".-–—‐"
                    and j + 1 < len(d.script)
                    and re.fullmatch(r"[ \t\u00a0]*", _gap(d, j) + _gap(d, j + 1))
                ):
                    j += 1
                elif not _NAME_GAP.fullmatch(_gap(d, j)):
                    break
                if d.script[j] != "arabic" or "\n" in _gap(d, j):
                    break
                words.append(_fold(d.norm[j]))
                if tuple(words) in lex.arabic:
                    best = (j, tuple(words))
        if best is None and single is not None:
            best = (i, single)
        if best is None:
            continue
        j, key = best
        entry = lex.arabic[key]
        start = int(d.start[i]) + _strip_prefix_len(d.surface[i], len(prefix))
        end = int(d.end[j])
        # domain form: أمازون.كوم
        if (
            j + 2 < len(d.script)
            and d.surface[j + 1] == "."
            and d.norm[j + 2] in _AR_DOMAIN
            and d.start[j + 1] == d.end[j]
            and d.start[j + 2] == d.end[j + 1]
        ):
            end, j = int(d.end[j + 2]), j + 2
        written = _light(d.text[start:end])
        cands.append(
            _Cand(
                d.id,
                start,
                end,
                entry.canonical,
                "arabic",
                "brand",
                d.text[d.start[i] : start],
                i,
                j,
                "lexicon" if entry.listed else "variants",
                0 if entry.listed else 1,
                ambiguous=written in entry.ambiguous,
                in_lexicon=True,
            )
        )


def _latin_runs(d: _Doc) -> list[list[int]]:
    """Maximal runs of Latin/digit tokens separated by plain spaces (no punctuation, no newline)."""
    script = np.asarray(d.script, dtype=object)
    ok = ((script == "latin") | (script == "digit")) & ~d.residue
    idx = np.flatnonzero(ok).tolist()
    runs: list[list[int]] = []
    for i in idx:  # Latin/digit tokens only (a few per cent of the text)
        if (
            runs
            and runs[-1][-1] == i - 1
            and d.sentence[i] == d.sentence[i - 1]
            and re.fullmatch(r"[ \t\u00a0]+", _gap(d, i))
        ):
            runs[-1].append(i)
        else:
            runs.append([i])
    return [r for r in runs if any(d.script[i] == "latin" for i in r)]


def _is_french(words: Sequence[str]) -> bool:
    fw = frozenset(_lists()["french_function_words"])
    parts = [p for w in words for p in re.split(r"['’]", w.casefold()) if p]
    if any(_FRENCH_CHARS.search(w) for w in words):
        return True
    if any(re.search(r"^[ldjnmst]['’]", w.casefold()) for w in words):
        return True
    if sum(p in fw for p in parts) >= 1 and len(parts) >= 2:
        return True
    lows = [w.casefold() for w in words if w.isalpha()]
    return (
        bool(lows)
        and all(w in _french_only() or w in fw for w in lows)
        and any(w in _french_only() for w in lows)
        and not any(w.isupper() and len(w) > 1 for w in words)
    )


def _latin_segments(
    d: _Doc, run: list[int], lex: Lexicon, heur: frozenset[str]
) -> list[tuple[int, int, str | None, bool]]:
    """Split a run into (first, last, canonical or None, exact-lexicon) segments."""
    out: list[tuple[int, int, str | None, bool]] = []
    k = 0
    words = [d.surface[i] for i in run]
    while k < len(run):
        hit = None
        if "lexicon" in heur:
            for n in range(min(lex.max_latin_words, len(run) - k), 0, -1):
                ws = words[k : k + n]
                surf = " ".join(ws)
                key_surf = _LATIN_TLD.sub("", surf) if n == 1 else surf
                key = tuple(w.casefold() for w in key_surf.split())
                for canonical, exact in lex.latin.get(key, []):
                    has_tld = key_surf != surf
                    if exact is not None and not has_tld and not key_surf[:1].isupper():
                        continue  # a common English word as a name must be capitalised: Apple
                    if len(key_surf) == 1 and _head_before(d, run[k], 1)[0] != "+":
                        continue  # a one-letter name (X) needs its classifier: منصة X
                    if (
                        exact is not None
                        and exact != exact.replace("I", "l")
                        and "variants" not in heur
                    ):
                        continue
                    hit = (k, k + n - 1, canonical)
                    break
                if hit:
                    break
        if hit:
            out.append((run[hit[0]], run[hit[1]], hit[2], True))
            k = hit[1] + 1
            continue
        if d.script[run[k]] == "digit":  # numbers end names: Windows 10, USB 3.1 Type C
            k += 1
            continue
        # unknown segment: extend while not starting a lexicon hit
        a = k
        k += 1
        while k < len(run) and d.script[run[k]] != "digit":
            key1 = (words[k].casefold(),)
            if key1 in lex.latin and "lexicon" in heur:
                break
            w = words[k]
            lower_prev = words[k - 1][:1].islower()
            if w[:1].islower() != lower_prev and w.casefold() not in _lists()["english_connectors"]:
                break
            k += 1
        out.append((run[a], run[k - 1], None, False))
    return out


def _classify_unknown_latin(
    d: _Doc, a: int, b: int, prev_anchor: bool, prev_foreign: bool, heur: frozenset[str]
) -> str | None:
    """Category of an unknown Latin segment: brand, english, foreign or None (not a loanword)."""
    words = [d.surface[i] for i in range(a, b + 1) if d.script[i] == "latin"]
    if not words:
        return None
    text = " ".join(d.surface[i] for i in range(a, b + 1))
    low = [w.casefold() for w in words]
    generic, orgs = _lowerset("generic_terms"), _lowerset("organisations")
    english = _english()
    generic_words = {w for term in generic for w in term.split()}
    if text.casefold() in generic or all(w in generic_words or _UNIT.match(w) for w in low):
        return "english"
    if text.casefold() in orgs or (len(words) == 1 and low[0] in orgs):
        return None
    if "english_french" in heur and _is_french(words):
        return "foreign"
    if prev_foreign and all(w.isupper() for w in words):
        return "foreign" if "english_french" in heur else None
    if all(w[:1].islower() and not re.search(r"[A-Z]", w[1:]) for w in words):
        if "english_french" not in heur:
            return None
        return "english" if all(w in english or w in generic for w in low) else None
    if "latin_shape" not in heur:
        return None
    if all(_UNIT.match(w) for w in words):
        return None
    qualifiers = _lowerset("qualifiers")
    if all(w in qualifiers for w in low):  # a lone qualifier or codename: Lite, Oreo, Pro Max
        return "brand" if _head_before(d, a, 1)[0] == "+" else None
    if prev_anchor and (
        all(w in qualifiers or _CODE.match(w) or len(w) <= 2 for w in low) or len(words) <= 2
    ):
        return None
    sign, dist = _head_before(d, a, 8)
    if sign == "-":
        return None
    positive = sign == "+" and dist <= 2
    camel = any(re.search(r"[a-z][A-Z]", w) or re.match(r"^[a-z]+[A-Z]", w) for w in words)
    acronym = any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words)
    digits = any(re.search(r"\d", w) and re.search(r"[A-Za-z]", w) for w in words)
    titles = [w for w in words if w[:1].isupper()]
    dictionary = _english_dictionary()
    non_english = [w for w in titles if w.casefold() not in dictionary and not w.isupper()]
    if len(words) == 1 and len(words[0]) == 1:
        return "brand" if positive and dist == 1 else None
    if all(re.fullmatch(r"[\d.,x×X]+", w) for w in words):
        return None
    if digits and not camel and all(_CODE.match(w) for w in words):
        return "brand" if positive and dist == 1 else None
    # acronym glossing a translated Arabic name: الاتحاد الدولي للاتصالات (ITU)
    if not positive and a > 0 and d.surface[a - 1] == "(" and _translated_before(d, a - 1):
        return None
    connectors = set(_lists()["english_connectors"])
    if (
        len(titles) >= 2
        and len(titles) == len(words)
        and non_english
        and not (camel or acronym or digits)
        and not connectors & set(low)
        and low[-1] not in _lowerset("name_tails")
    ):
        return None  # a person: Pavel Durov (but Google Play, Boston Dynamics are names)
    if camel or acronym or digits or non_english:
        return "brand"
    return "brand" if positive else "english"


def _translated_before(d: _Doc, j: int) -> bool:
    """True when the two Arabic words before position ``j`` are native words (a translation)."""
    native = _native_folded()
    got = 0
    k = j - 1
    while k >= 0 and got < 2:
        if d.script[k] == "punct" and d.surface[k] in _QUOTES:
            k -= 1
            continue
        if d.script[k] != "arabic" or d.clitic[k]:
            return False
        stems = _strip_clitics(d.norm[k]) or [d.norm[k]]
        if not any(_fold(s) in native for s in stems):
            return False
        got += 1
        k -= 1
    return got == 2


def _latin(
    d: _Doc, lex: Lexicon, heur: frozenset[str], cands: list[_Cand], anchors: set[int]
) -> None:
    prev_foreign_end = -10
    for run in _latin_runs(d):
        for a, last, canonical, _exact in _latin_segments(d, run, lex, heur):
            b = last
            while b > a and d.script[b] == "digit":  # trim digits at the edge: "Windows 10"
                b -= 1
            if d.script[a] == "digit" and canonical is None:
                continue
            start, end = int(d.start[a]), int(d.end[b])
            cl = _clitic_before(d, a)
            if canonical is not None:
                cands.append(
                    _Cand(
                        d.id,
                        start,
                        end,
                        canonical,
                        "latin",
                        "brand",
                        cl,
                        a,
                        b,
                        "lexicon",
                        0,
                        in_lexicon=True,
                    )
                )
                anchors.add(b)
                continue
            # trailing qualifiers and model codes are not part of the name (Touchwiz Grace UX)
            quals = _lowerset("qualifiers")
            while b > a and (
                d.script[b] == "digit"
                or d.surface[b].casefold() in quals
                or _CODE.match(d.surface[b])
            ):
                b -= 1
            end = int(d.end[b])
            prev_anchor = _anchor_before(d, a, anchors)
            between = d.text[d.end[prev_foreign_end] : start] if prev_foreign_end >= 0 else "x"
            prev_foreign = (
                prev_foreign_end >= 0
                and not re.search(r"[\u0621-\u064A]{3,}", between)
                and len(between) < 8
            )
            cat = _classify_unknown_latin(d, a, b, prev_anchor, prev_foreign, heur)
            if cat is None:
                continue
            if cat == "foreign":
                prev_foreign_end = b
            if cat in ("brand", "english"):
                anchors.add(b)
            surface = d.text[start:end]
            cands.append(
                _Cand(
                    d.id,
                    start,
                    end,
                    surface if cat == "brand" else surface.casefold(),
                    "latin",
                    cat,
                    cl,
                    a,
                    b,
                    "latin_shape" if cat == "brand" else "english_french",
                    2,
                )
            )


def _merge_runs(d: _Doc, cands: list[_Cand], first: int) -> None:
    """Join neighbouring foreign (or english) pieces of one Latin run into one span."""
    i = first
    while i + 1 < len(cands):
        a, b = cands[i], cands[i + 1]
        same = a.category == b.category and a.category in ("foreign", "english")
        if same and re.fullmatch(r"[ \t\u00a0]+", d.text[a.end : b.start]):
            surface = d.text[a.start : b.end]
            cands[i] = _Cand(
                a.doc,
                a.start,
                b.end,
                surface.casefold(),
                "latin",
                a.category,
                a.clitic,
                a.tok,
                b.tok_end,
                a.source,
                a.priority,
            )
            del cands[i + 1]
            continue
        i += 1


def _anchor_before(d: _Doc, a: int, anchors: set[int]) -> bool:
    """Is the segment right after a product name (+ version number)? (``آيفون X``, ``S8 بلس``)"""
    j = a - 1
    while (
        j >= 0
        and (d.script[j] == "digit" or d.surface[j] in (".", "+"))
        and not _gap(d, j + 1).count("\n")
    ):
        j -= 1
    return j >= 0 and j in anchors and not re.search(r"[^\s]", _gap(d, j + 1).replace("\u00a0", ""))


def _skeleton_match(a: str, b: str) -> bool:
    if len(a) < 2 or len(b) < 2:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) >= 4:
        return _edit1(a, b)
    return False


def _edit1(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


def _gloss(d: _Doc, cands: list[_Cand], taken: np.ndarray, exact: bool = False) -> list[_Cand]:
    """Arabic words right before a Latin brand whose skeleton matches it (``exact``: equal
    skeletons only, no one-edit tolerance)."""
    out = []
    for c in cands:
        if c.script != "latin" or c.category != "brand":
            continue
        lat = skeleton(d.text[c.start : c.end])
        j = c.tok - 1
        if j >= 0 and d.clitic[j]:
            j -= 1
        while j >= 0 and d.script[j] == "punct" and d.surface[j] in _QUOTES:
            j -= 1
        words: list[int] = []
        k = j
        while k >= 0 and len(words) < 3 and d.script[k] == "arabic" and not d.clitic[k]:
            if words and not _NAME_GAP.fullmatch(_gap(d, k + 1)):
                break
            words.insert(0, k)
            k -= 1
        for n in range(1, len(words) + 1):
            idx = words[-n:]
            if taken[idx].any():
                break
            first = idx[0]
            for p in _PREFIXES:
                if not d.norm[first].startswith(p):
                    continue
                if not p and _hamza_boundary(d.surface[first]):
                    continue  # وألفابت: و + ألفابت
                ar = d.norm[first][len(p) :] + "".join(d.norm[t] for t in idx[1:])
                if n == 1 and (
                    ar in _stopwords() or (len(lat) < 3 and _fold(ar) in _native_folded())
                ):
                    continue
                ar_sk = _ar_skeleton(ar)
                if len(ar) >= 3 and (ar_sk == lat if exact else _skeleton_match(ar_sk, lat)):
                    start = int(d.start[first]) + _strip_prefix_len(d.surface[first], len(p))
                    out.append(
                        _Cand(
                            d.id,
                            start,
                            int(d.end[idx[-1]]),
                            c.brand,
                            "arabic",
                            "brand",
                            d.text[d.start[first] : start],
                            first,
                            idx[-1],
                            "gloss",
                            3,
                            in_lexicon=c.in_lexicon,
                        )
                    )
                    break
            else:
                continue
            break
    return out


def _hamza_boundary(surface: str) -> bool:
    """A proclitic letter written before a hamza-seated alef (وأمازون): the alef starts a new
    word, because transliterations write a W sound plus vowel as وا, never وأ."""
    return len(surface) > 2 and surface[0] in "وفبلك" and surface[1] in "أإآ"


def _doc_latin(d: _Doc, cands: list[_Cand], taken: np.ndarray, types: _Types) -> list[_Cand]:
    """Arabic words anywhere in the document whose skeleton equals a Latin brand's."""
    keys: dict[str, tuple[str, bool]] = {}
    for c in cands:
        if c.script == "latin" and c.category == "brand":
            sk = skeleton(d.text[c.start : c.end])
            if len(sk) >= 3:
                keys.setdefault(sk, (c.brand, c.in_lexicon))
    if not keys:
        return []
    native = _native_folded()
    out = []
    key_ids = {types.skel_ids[k]: k for k in keys if k in types.skel_ids}
    if not key_ids:
        return []
    want = np.zeros(len(types.skel_ids) + 1, dtype=bool)
    want[list(key_ids)] = True  # index -1 (no skeleton) is the extra last cell, never wanted
    whole, stem_ids = types.skel_whole[d.code], types.skel_stem[d.code]
    elig = (want[whole] | want[stem_ids]) & ~taken & ~d.clitic
    for i in np.flatnonzero(elig).tolist():
        code = int(d.code[i])
        options = [("", int(whole[i])), (types.prefix[code], int(stem_ids[i]))]
        if _hamza_boundary(d.surface[i]):  # وألفابت: و + ألفابت (not وال + فابت)
            one = d.norm[i][:1]
            options = [(one, types.skel_ids.get(_ar_skeleton(d.norm[i][1:]), -1))]
        for p, sid in options:
            if sid < 0 or sid not in key_ids:
                continue
            stem = d.norm[i][len(p) :]
            sk = key_ids[sid]
            hit = keys.get(sk)
            # a native-looking word needs a longer skeleton to be trusted (كرم vs Chrome)
            if hit and (len(sk) >= 4 or _fold(stem) not in native):
                start = int(d.start[i]) + _strip_prefix_len(d.surface[i], len(p))
                out.append(
                    _Cand(
                        d.id,
                        start,
                        int(d.end[i]),
                        hit[0],
                        "arabic",
                        "brand",
                        d.text[d.start[i] : start],
                        i,
                        i,
                        "doc_latin",
                        4,
                        in_lexicon=hit[1],
                    )
                )
                break
    return out


def _classifier(d: _Doc, taken: np.ndarray, types: _Types) -> list[_Cand]:
    """Unknown Arabic-script names right after a classifier noun (شركة أنثروبيك).

    The word must be name-like (:func:`_name_evidence`): not a stopword, not an assimilated
    loanword, not definite, and spelled like a transliteration (score ≥ ``TSCORE_LISTED`` for
    words of the Arabic word list, ≥ ``TSCORE_UNLISTED`` otherwise). Up to three such words
    in a row form one name.
    """
    pos_set, stop = _normset("classifiers"), _stopwords()
    out: list[_Cand] = []
    n = len(d.script)
    cls_pos = np.flatnonzero(types.is_cls[d.code]).tolist()
    if not cls_pos:
        return out
    vocab = {_fold(str(types.norms[c])) for c in np.unique(d.code).tolist()}

    def split_off(norm: str) -> str:
        """The proclitic of ``norm`` when its stem is written bare elsewhere in the document."""
        for p in reversed(_prefixes_of(norm)):
            if p and "ال" not in p and len(norm) - len(p) >= 4 and _fold(norm[len(p) :]) in vocab:
                return p
        return ""

    for i in cls_pos:
        if i >= n - 1 or "\n" in d.text[d.end[i] : d.start[i + 1]]:
            continue
        j = i + 1
        while j < n and d.script[j] == "punct" and d.surface[j] in "\"“”«»'":
            j += 1
        idx: list[int] = []
        definite = any(x.startswith("ال") for x in _strip_clitics(d.norm[i]) or [d.norm[i]])
        while (
            j < n and len(idx) < 3 and d.script[j] == "arabic" and not taken[j] and not d.clitic[j]
        ):
            code = int(d.code[j])
            nxt_digit = j + 1 < n and d.script[j + 1] == "digit"
            cont = bool(idx) and (
                (d.norm[j] in _LETTER_NAMES and not nxt_digit)  # not a model code: إس 9
                or types.assim_hit[code]
                or (len(d.norm[j]) <= 2 and not nxt_digit and d.norm[j] not in stop)
                or d.norm[j] in _NAME_TAILS  # واتس آب
            )
            if not (types.namelike(code, definite and not idx) or cont) or d.norm[j] in pos_set:
                break
            if idx and (split_off(d.norm[j]) or not _NAME_GAP.fullmatch(_gap(d, j))):
                break  # جوجل وأمازون: two names
            idx.append(j)
            j += 1
        if idx and _person_after(d, idx[-1]):
            continue  # مؤسس التطبيق بافل دوروف Pavel Durov
        if idx:
            p = split_off(d.norm[idx[0]])
            start = int(d.start[idx[0]]) + _strip_prefix_len(d.surface[idx[0]], len(p))
            out.append(
                _Cand(
                    d.id,
                    start,
                    int(d.end[idx[-1]]),
                    normalize(d.text[start : int(d.end[idx[-1]])]),
                    "arabic",
                    "brand",
                    d.text[d.start[idx[0]] : start],
                    idx[0],
                    idx[-1],
                    "classifier",
                    5,
                )
            )
    return out


def _person_after(d: _Doc, j: int) -> bool:
    """Is token ``j`` followed by a Latin personal name (two or more capitalised words that
    are neither English dictionary words nor lexicon names: ``Pavel Durov``)?"""
    k = j + 1
    while k < len(d.script) and d.script[k] == "punct" and d.surface[k] in '(«"“':
        k += 1
    words = []
    while k < len(d.script) and d.script[k] == "latin":
        words.append(d.surface[k])
        k += 1
        if k < len(d.script) and not re.fullmatch(r"[ \t\u00a0]+", _gap(d, k)):
            break
    dictionary = _english_dictionary()
    return len(words) >= 2 and all(
        w[:1].isupper() and w[1:].islower() and w.casefold() not in dictionary for w in words
    )


def _propagate(d: _Doc, found: list[_Cand], taken: np.ndarray, types: _Types) -> list[_Cand]:
    """Other occurrences in the document of an Arabic-script name found by evidence.

    A name confirmed once (by a classifier noun, a Latin gloss or the Latin form elsewhere)
    is the same name wherever the document writes it again, with or without proclitics.
    """
    names: dict[tuple[str, ...], _Cand] = {}
    for c in found:
        if c.script != "arabic" or c.category != "brand":
            continue
        words = [_fold(normalize(w)) for w in d.text[c.start : c.end].split()]
        if words and len(words[0]) >= 3:
            names.setdefault(tuple(words), c)
    if not names:
        return []
    firsts = {k[0] for k in names}
    codes = np.unique(d.code)
    hit_codes = [c for c in codes.tolist() if types.stems(c) & firsts]
    if not hit_codes:
        return []
    out = []
    n = len(d.script)
    for i in np.flatnonzero(np.isin(d.code, hit_codes) & ~taken & ~d.clitic).tolist():
        for p in _prefixes_of(d.norm[i]) or [""]:
            first = _fold(d.norm[i][len(p) :])
            if first not in firsts:
                continue
            best = None
            for key, c in names.items():
                if key[0] != first:
                    continue
                j, ok = i, True
                for w in key[1:]:
                    j += 1
                    if (
                        j >= n
                        or taken[j]
                        or d.script[j] != "arabic"
                        or _fold(d.norm[j]) != w
                        or not _NAME_GAP.fullmatch(_gap(d, j))
                    ):
                        ok = False
                        break
                if ok and (best is None or len(key) > len(best[0])):
                    best = (key, c, j)
            if best is None:
                continue
            key, c, j = best
            start = int(d.start[i]) + _strip_prefix_len(d.surface[i], len(p))
            out.append(
                _Cand(
                    d.id,
                    start,
                    int(d.end[j]),
                    c.brand,
                    "arabic",
                    "brand",
                    d.text[d.start[i] : start],
                    i,
                    j,
                    "propagate",
                    7,
                    in_lexicon=c.in_lexicon,
                )
            )
            break
    return out


_NATIVE_TEMPLATES = re.compile(
    r"^(?:مست|است|انت|ال)|^ت..ي.$|^م..و.$|^م.ا..$|(?:ات|ون|ين|ية|ة|ها|هم|نا)$"
)


def _looks_transliterated(norm: str, native: frozenset[str], stop: frozenset[str]) -> bool:
    """Orthographic cues of a transliterated name, for words without other evidence.

    Not a native word (after any proclitic), at least five letters with two long-vowel
    letters (foreign names spell their vowels out) or a letter foreign to Arabic (پ گ ڤ چ),
    and none of the common Arabic derivational templates (تفعيل، مفعول، مستفعل، -ات، -ية).
    """
    if any(_fold(s) in native or s in stop for s in [*_strip_clitics(norm), norm]):
        return False
    if re.search(r"[پگڤچژ]", norm):
        return True
    if len(norm) < 5 or _NATIVE_TEMPLATES.search(norm):
        return False
    return sum(c in "اوي" for c in norm[1:]) >= 2


def _assimilated_cands(d: _Doc, taken: np.ndarray, types: _Types) -> list[_Cand]:
    out = []
    for i in np.flatnonzero(types.assim_hit[d.code] & ~taken & ~d.clitic).tolist():
        hit = types.assim[d.code[i]]
        assert hit is not None
        p, english = hit
        start = int(d.start[i]) + _strip_prefix_len(d.surface[i], len(p))
        out.append(
            _Cand(
                d.id,
                start,
                int(d.end[i]),
                english,
                "arabic",
                "assimilated",
                d.text[d.start[i] : start],
                i,
                i,
                "assimilated",
                6,
            )
        )
    return out


def _has_evidence(d: _Doc, c: _Cand, cands: list[_Cand]) -> bool:
    """Supporting context for an ambiguous spelling (see the ``context`` heuristic)."""
    for o in cands:
        if o is c or o.category != "brand":
            continue
        if o.brand == c.brand and (o.script == "latin" or not o.ambiguous):
            return True
        near = 0 < c.tok - o.tok_end <= 3 or 0 < o.tok - c.tok_end <= 3
        if near and d.sentence[o.tok] == d.sentence[c.tok]:
            return True  # a brand right next to it: آبل وجوجل, "سيري" من آبل
    sign, _dist = _head_before(d, c.tok, 2)
    if sign == "+":
        return True
    before = d.text[max(0, c.start - 1) : c.start]
    after = d.text[c.end : c.end + 1]
    return bool(before and after and before in "\"“«'" and after in "\"”»'")


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    cands = sorted(cands, key=lambda c: (c.start, c.priority, -(c.end - c.start)))
    kept: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (c.priority, -(c.end - c.start), c.start)):
        if any(c.start < k.end and k.start < c.end for k in kept):
            continue
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def _detect_doc(d: _Doc, lex: Lexicon, types: _Types, heur: frozenset[str]) -> list[_Cand]:
    cands: list[_Cand] = []
    anchors: set[int] = set()
    if "lexicon" in heur:
        _arabic_lexicon(d, lex, types, cands)
        anchors.update(c.tok_end for c in cands)
    n_before = len(cands)
    _latin(d, lex, heur, cands, anchors)
    _merge_runs(d, cands, n_before)
    cands = _resolve(cands)
    if "context" in heur:
        ok = [c for c in cands if not c.ambiguous or _has_evidence(d, c, cands)]
        good_brands = {c.brand for c in ok if c.ambiguous}
        cands = [c for c in cands if not c.ambiguous or c in ok or c.brand in good_brands]
    taken = np.zeros(len(d.script), dtype=bool)
    for c in cands:
        taken[c.tok : c.tok_end + 1] = True
    extra: list[_Cand] = []
    if "gloss" in heur:
        # a capitalised English word glossing the Arabic transliteration right before it is
        # a name: تيليجرام Telegram, أمازون Amazon (exact consonant skeleton, 3+ classes)
        titled = [
            c
            for c in cands
            if c.script == "latin"
            and c.category == "english"
            and d.text[c.start : c.start + 1].isupper()
            and len(skeleton(d.text[c.start : c.end])) >= 3
        ]
        if titled:
            shadow = [
                _Cand(**{**c.__dict__, "category": "brand", "brand": d.text[c.start : c.end]})
                for c in titled
            ]
            for lat, c in zip(titled, shadow, strict=True):
                got = _gloss(d, [c], taken, exact=True)
                if got:
                    lat.category, lat.brand, lat.source = "brand", c.brand, "gloss"
                    extra += got
        extra += _gloss(d, cands, taken)
    if "doc_latin" in heur:
        extra += _doc_latin(d, cands, taken, types)
    if "classifier" in heur:
        extra += _classifier(d, taken, types)
    if "propagate" in heur and extra:
        found = _resolve(cands + extra)
        taken2 = np.zeros(len(d.script), dtype=bool)
        for c in found:
            taken2[c.tok : c.tok_end + 1] = True
        evidence = [c for c in found if c.source in ("gloss", "doc_latin", "classifier")]
        extra += _propagate(d, evidence, taken2, types)
    if "assimilated" in heur:
        extra += _assimilated_cands(d, taken, types)
    return _resolve(cands + extra)


def _texts(corpus: Corpus | Document | str) -> dict[str, str]:
    if isinstance(corpus, str):
        return {"": corpus}
    from corpus_tools.corpus import Document

    docs = [corpus] if isinstance(corpus, Document) else list(corpus)
    return {d.id: d.text for d in docs}


def brand_mentions(
    corpus: Corpus | Document | str,
    tokens: pd.DataFrame | None = None,
    *,
    lexicon: Lexicon | None = None,
    heuristics: Iterable[str] = HEURISTICS,
) -> pd.DataFrame:
    """Find brand names and other English loanwords in Arabic text.

    Parameters
    ----------
    corpus : a :class:`~corpus_tools.corpus.Corpus`, a :class:`Document` or a plain string
        (document id ``""``).
    tokens : its token table (:func:`corpus_tools.tokenize.tokenize`); computed when omitted.
    lexicon : a compiled lexicon (:func:`load_lexicon`); default ``data/brands.tsv``.
    heuristics : names from :data:`HEURISTICS` to use (all by default).

    Returns
    -------
    DataFrame, one row per mention, in document order:

    ``doc`` (document id), ``start``, ``end`` (offsets into ``doc.text``;
    ``text[start:end] == surface``), ``surface``, ``brand`` (canonical English name; an unknown
    brand keeps its surface, normalised for Arabic script; the English source word for
    ``assimilated``), ``script`` (``latin``/``arabic``), ``category`` (``brand``/``english``/
    ``foreign``/``assimilated``), ``clitic`` (the proclitic written onto the name, ``""`` if
    none), ``sentence`` (0-based sentence of the document), ``source`` (the heuristic that found
    it), ``in_lexicon`` (the brand is in the lexicon). ``attrs["signature"]`` extends the token
    table's signature with the lexicon and heuristics.
    """
    from corpus_tools.tokenize import tokenize

    heur = frozenset(heuristics)
    unknown = heur - set(HEURISTICS)
    if unknown:
        raise ValueError(f"unknown heuristic(s) {sorted(unknown)}; choose from {list(HEURISTICS)}")
    if lexicon is None:
        lexicon = _default_lexicon() if "variants" in heur else load_lexicon(variants=False)
    if tokens is None:
        tokens = tokenize(corpus)
    texts = _texts(corpus)
    # per word type (vocabulary-sized work), not per token
    codes, norms = pd.factorize(tokens["norm"].astype(object).fillna(""))
    is_ar = pd.Series(False, index=range(len(norms)))
    ar_codes = np.unique(codes[(tokens["script"] == "arabic").to_numpy()])
    is_ar.iloc[ar_codes] = True
    types = _build_types(np.asarray(norms, dtype=object), is_ar.to_numpy(bool), lexicon)
    rows: list[_Cand] = []
    sentences: list[int] = []
    for d in _doc_arrays(tokens, texts, codes):
        found = _detect_doc(d, lexicon, types, heur)
        rows.extend(found)
        sentences.extend(int(d.sentence[c.tok]) for c in found)
    lex_names = lexicon.canonicals
    df = pd.DataFrame(
        {
            "doc": [c.doc for c in rows],
            "start": [c.start for c in rows],
            "end": [c.end for c in rows],
            "surface": [texts[c.doc][c.start : c.end] for c in rows],
            "brand": [c.brand for c in rows],
            "script": [c.script for c in rows],
            "category": [c.category for c in rows],
            "clitic": [c.clitic for c in rows],
            "sentence": sentences,
            "source": [c.source for c in rows],
            "in_lexicon": [c.in_lexicon or c.brand.casefold() in lex_names for c in rows],
        }
    ).astype(MENTION_COLUMNS)
    df.attrs["signature"] = extend_signature(
        tokens.attrs.get("signature"),
        task="loanwords",
        lexicon=f"brands.tsv:{len(lexicon.table)}",
        heuristics="+".join(h for h in HEURISTICS if h in heur),
    )
    return df


# --------------------------------------------------------------------------------------------
# usage analysis
# --------------------------------------------------------------------------------------------
def brand_usage(
    mentions: pd.DataFrame, corpus: Corpus | Document | str | None = None
) -> pd.DataFrame:
    """How each brand is written: script shares, spellings, clitics, glosses and head nouns.

    Parameters
    ----------
    mentions : the table of :func:`brand_mentions` (only ``category == "brand"`` rows count).
    corpus : the same corpus, needed for glossing and head nouns (read from the text around
        each mention); without it those columns are empty.

    Returns
    -------
    DataFrame, one row per brand, most frequent first: ``brand``, ``total``, ``latin``,
    ``arabic`` (counts), ``latin_share``, ``arabic_share``, ``documents`` (number of documents),
    ``variants`` (``surface:count`` joined with ``; ``, most frequent first), ``n_variants``,
    ``clitic_rate`` (share of mentions with a proclitic written onto the name), ``glossed``
    (mentions glossed in the other script: the other script in brackets right after the name,
    the name in brackets right after the other script — ``أوبنهايمر (Oppenheimer)`` — or the
    same brand in the other script written next to it — ``تيليجرام Telegram``), ``heads`` (classifier nouns right before the mention,
    ``noun:count``), ``n_headed``.
    """
    m = mentions[mentions["category"] == "brand"]
    texts = _texts(corpus) if corpus is not None else {}
    pos_set = _normset("classifiers")
    recs = []
    for brand, g in m.groupby("brand", sort=False):
        heads: Counter[str] = Counter()
        glossed = 0
        spans = list(zip(g["doc"], g["start"], g["end"], g["script"], strict=True))
        for doc, s, e, sc in spans:
            text = texts.get(doc)
            if text is None:
                continue
            left = text[max(0, s - 40) : s]
            right = text[e : e + 40]
            other = r"[A-Za-z]" if sc == "arabic" else r"[\u0621-\u064A]"
            # a gloss is the other script in brackets right after the name, the name in
            # brackets right after the other script, or the same brand in the other script
            # written next to it (تيليجرام Telegram); plain neighbouring words do not count
            in_brackets_after = re.match(rf"^\s*[(\[]\s*{other}", right)
            in_brackets_itself = re.search(rf"{other}\S*\s*[(\[]\s*$", left)
            twin = any(
                d2 == doc and sc2 != sc and (0 <= s2 - e <= 3 or 0 <= s - e2 <= 3)
                for d2, s2, e2, sc2 in spans
            )
            if in_brackets_after or in_brackets_itself or twin:
                glossed += 1
            words = re.findall(r"[\u0621-\u064A\u0640\u064B-\u0652]+|[A-Za-z0-9]+", left)
            if words and _AR_LETTER.match(words[-1]):
                w = normalize(words[-1])
                for stem in _strip_clitics(w) or [w]:
                    if stem in pos_set:
                        heads[stem] += 1
                        break
        variants = g["surface"].value_counts()
        n = len(g)
        n_lat = int((g["script"] == "latin").sum())
        recs.append(
            {
                "brand": brand,
                "total": n,
                "latin": n_lat,
                "arabic": n - n_lat,
                "latin_share": n_lat / n,
                "arabic_share": (n - n_lat) / n,
                "documents": int(g["doc"].nunique()),
                "variants": "; ".join(
                    f"{k}:{v}" for k, v in sorted(variants.items(), key=lambda kv: (-kv[1], kv[0]))
                ),
                "n_variants": len(variants),
                "clitic_rate": float((g["clitic"] != "").mean()),
                "glossed": glossed,
                "heads": "; ".join(
                    f"{k}:{v}" for k, v in sorted(heads.items(), key=lambda kv: (-kv[1], kv[0]))
                ),
                "n_headed": sum(heads.values()),
            }
        )
    cols = [
        "brand",
        "total",
        "latin",
        "arabic",
        "latin_share",
        "arabic_share",
        "documents",
        "variants",
        "n_variants",
        "clitic_rate",
        "glossed",
        "heads",
        "n_headed",
    ]
    out = pd.DataFrame(recs, columns=cols)
    if len(out):
        out = out.sort_values(
            ["total", "brand"], ascending=[False, True], kind="stable"
        ).reset_index(drop=True)
    out.attrs["signature"] = extend_signature(mentions.attrs.get("signature"), table="brand_usage")
    return out


# --------------------------------------------------------------------------------------------
# evaluation
# --------------------------------------------------------------------------------------------
def read_gold(path: str | Path, corpus: Corpus | None = None) -> pd.DataFrame:
    """Read and check a gold JSONL file: :func:`corpus_tools.gold.read_gold` (the one reader)."""
    from corpus_tools.gold import read_gold as read_checked_gold

    return read_checked_gold(path, corpus)


def _doc_key(doc: pd.Series) -> pd.Series:
    return doc.astype("str").str.replace(r"\.txt$", "", regex=True)


def _aligned(pred: pd.DataFrame, gold: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    p = pred[pred["category"] == "brand"] if "category" in pred else pred
    g = gold[gold["category"] == "brand"] if "category" in gold else gold
    p = p.assign(key=_doc_key(p["doc"]))
    g = g.assign(key=_doc_key(g["doc"]))
    gk = set(zip(g["key"], g["start"], g["end"], strict=True))
    pk = set(zip(p["key"], p["start"], p["end"], strict=True))
    p = p.assign(match=[k in gk for k in zip(p["key"], p["start"], p["end"], strict=True)])
    g = g.assign(match=[k in pk for k in zip(g["key"], g["start"], g["end"], strict=True)])
    return p, g


def _in_lex(brands: pd.Series, lexicon: Lexicon) -> pd.Series:
    names = lexicon.canonicals | {f.casefold() for forms in lexicon.table["latin"] for f in forms}
    return brands.str.casefold().isin(names)


def evaluate_mentions(
    pred: pd.DataFrame, gold: pd.DataFrame, *, lexicon: Lexicon | None = None
) -> pd.DataFrame:
    """Span-exact micro precision, recall and F1 of ``category == "brand"`` mentions.

    A predicted mention is correct when its (document, start, end) equals a gold mention's
    (document names are compared without ``.txt``). Precision = TP / (TP + FP), recall =
    TP / (TP + FN), F1 = 2PR / (P + R) (van Rijsbergen 1979; micro-averaged over mentions).

    Returns
    -------
    DataFrame with one row per slice — ``all``, ``script=latin``, ``script=arabic``,
    ``lexicon=in``, ``lexicon=out`` (brand in the lexicon or not, judged on each side's own
    canonical name) — and columns ``slice``, ``tp``, ``fp``, ``fn``, ``precision``, ``recall``,
    ``f1``, ``gold``, ``predicted``.
    """
    lexicon = lexicon or _default_lexicon()
    p, g = _aligned(pred, gold)
    p = p.assign(inlex=_in_lex(p["brand"], lexicon))
    g = g.assign(inlex=_in_lex(g["brand"], lexicon))
    slices = {
        "all": (pd.Series(True, index=p.index), pd.Series(True, index=g.index)),
        "script=latin": (p["script"] == "latin", g["script"] == "latin"),
        "script=arabic": (p["script"] == "arabic", g["script"] == "arabic"),
        "lexicon=in": (p["inlex"], g["inlex"]),
        "lexicon=out": (~p["inlex"], ~g["inlex"]),
    }
    recs = []
    for name, (pm, gm) in slices.items():
        tp = int(g.loc[gm, "match"].sum())
        fp = int((~p.loc[pm, "match"]).sum())
        fn = int((~g.loc[gm, "match"]).sum())
        prec = tp / (tp + fp) if tp + fp else float("nan")
        rec = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * prec * rec / (prec + rec) if tp else (0.0 if tp + fp + fn else float("nan"))
        recs.append(
            {
                "slice": name,
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": prec,
                "recall": rec,
                "f1": f1,
                "gold": int(gm.sum()),
                "predicted": int(pm.sum()),
            }
        )
    out = pd.DataFrame(recs)
    out.attrs["signature"] = extend_signature(pred.attrs.get("signature"), eval="span-exact-micro")
    return out


def mention_errors(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Misses and false alarms: ``kind`` (``miss``/``false_alarm``), ``doc``, ``start``, ``end``,
    ``surface``, ``brand``, ``script``, ``source`` (the heuristic, for false alarms)."""
    p, g = _aligned(pred, gold)
    miss = g.loc[~g["match"], ["doc", "start", "end", "surface", "brand", "script"]].assign(
        kind="miss", source=""
    )
    fa = p.loc[~p["match"], ["doc", "start", "end", "surface", "brand", "script"]].assign(
        kind="false_alarm", source=p.loc[~p["match"], "source"] if "source" in p else ""
    )
    out = pd.concat([miss, fa], ignore_index=True)
    out = out.assign(doc=_doc_key(out["doc"]))
    return (
        out[["kind", "doc", "start", "end", "surface", "brand", "script", "source"]]
        .sort_values(["kind", "doc", "start"], kind="stable")
        .reset_index(drop=True)
    )
