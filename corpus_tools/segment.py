"""Clitic segmentation of Arabic words, as UD/PADT counts words, without a statistical model.

An Arabic orthographic word may hold several syntactic words: ``وبالشركة`` is ``و`` + ``ب`` +
``الشركة``, ``نشرتها`` is ``نشرت`` + ``ها``. Following the conventions of the Prague Arabic
Dependency Treebank as used in Universal Dependencies:

* the proclitics ``و`` ``ف`` (conjunctions), ``ب`` ``ل`` ``ك`` (prepositions) and ``س`` (future,
  only before an imperfective prefix ``ي ت ن أ``) are words of their own, at most one
  conjunction followed by at most one of the others;
* the pronominal enclitics (``ه ها هم هما هن ك كم كما كن ي نا ني``) are words of their own;
* the article ``ال`` stays on its word; after ``ل`` it loses its ``ا`` in writing
  (``للشركة``) and is restored in ``form``: ``ل`` + ``الشركة``.

Deciding a split
----------------
A word like ``ولد`` (boy) or ``بلد`` (country) starts with a proclitic letter but is not a
clitic compound. Every split a word allows is weighed with evidence that generalises beyond
any training text: the frequency of the remaining stem as a written word (wordfreq's Arabic
list, ``data/wordfreq_ar.tsv``, Zipf scale) and the morphology of the remainder:

* the stem must be a known word form (an enclitic may change its last letter back to the
  free form: ``حكومت``\\ ``ه`` → ``حكومة``, ``علي``\\ ``ه`` → ``على``), of at least three letters
  unless it is a closed-class two-letter word (``قد``, ``هو``, ``أن`` …), or empty when a
  preposition takes only a pronoun (``به``, ``لها``);
* an enclitic never follows the article (``الكتابه`` is not ``الكتاب`` + ``ه``);
* a proclitic followed by the article (``بالشركة``, ``للشركة``) is favoured;
* each clitic carries a weight (``data/clitics_ar.json``).

The split with the highest ``Zipf(stem) + weights`` wins if it beats ``Zipf(word)`` (a word
missing from the list scores ``unknown_word``): ``وقال`` (Zipf 5.28) splits because ``قال``
(6.01) explains it, ``ولد`` (5.45) stays whole because ``لد`` (3.18) does not. The weights were
fitted on the train split of UD Arabic-PUD (PADT style) and checked on its dev split; see
``benchmarks/bench_segment.py`` for the scores on its test split.

Speed: every distinct word type is segmented once, the candidate splits of all types are
scored together with pyarrow string kernels and numpy, and the result is broadcast to the
tokens; only the split types are turned into pieces in Python.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from corpus_tools.charsets import ARABIC_LETTER

__all__ = [
    "SEGMENTATIONS",
    "CliticRules",
    "Piece",
    "WordSplits",
    "clitic_rules",
    "lexicon",
    "segment_types",
    "segment_word",
    "split_clitics",
]

#: Values of ``segmentation=``: syntactic words (clitics split) or orthographic words.
SEGMENTATIONS = ("clitics", "orthographic")

_LETTER = re.compile(f"[{ARABIC_LETTER}]")
_ARTICLE = "ال"
_ALEF = pa.scalar("ا", pa.large_string())
_EMPTY = pa.scalar("", pa.large_string())


def _join(left: pa.Array | pa.Scalar, right: pa.Array) -> pa.Array:
    """Element-wise concatenation of large strings."""
    return pc.binary_join_element_wise(left, right, _EMPTY)


@dataclass(frozen=True)
class CliticRules:
    """The clitic inventory and weights of ``data/clitics_ar.json`` (see its ``_source``)."""

    proclitic_weights: Mapping[str, float]
    future_before: str
    enclitic_weights: Mapping[str, float]
    two_proclitics: float
    article_follows: float
    pronoun_only: float
    unknown_word: float
    function_words: frozenset[str]
    stem_endings: Mapping[str, str]


@cache
def clitic_rules() -> CliticRules:
    """Load ``data/clitics_ar.json``."""
    text = resources.files("corpus_tools.data").joinpath("clitics_ar.json").read_text("utf-8")
    raw = json.loads(text)
    return CliticRules(
        proclitic_weights=raw["proclitic_weights"],
        future_before=raw["future_before"],
        enclitic_weights=raw["enclitic_weights"],
        two_proclitics=float(raw["two_proclitics"]),
        article_follows=float(raw["article_follows"]),
        pronoun_only=float(raw["pronoun_only"]),
        unknown_word=float(raw["unknown_word"]),
        function_words=frozenset(raw["function_words"]),
        stem_endings=raw["stem_endings"],
    )


@cache
def lexicon() -> pd.Series:
    """Zipf frequency (float64) of Arabic word forms, indexed by form (``data/wordfreq_ar.tsv``)."""
    path = resources.files("corpus_tools.data").joinpath("wordfreq_ar.tsv")
    with path.open("r", encoding="utf-8") as fh:
        table = pd.read_csv(
            fh, sep="\t", comment="#", header=None, names=["form", "zipf"],
            dtype={"form": "str", "zipf": "float64"}, keep_default_na=False, quoting=3,
        )  # fmt: skip
    return pd.Series(table["zipf"].to_numpy(), index=pd.Index(table["form"], dtype="str"))


# --- candidate splits ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Prefix:
    """A chain of proclitics as written at the start of a word."""

    match: str  # what the word must start with (``سي`` for the future ``س`` before ``ي``)
    letters: str  # the proclitics, one letter each (``وب`` = ``و`` + ``ب``)
    restore: bool  # ``ل`` before an article written ``ل``: the stem is ``ا`` + the rest
    weight: float


@cache
def _prefixes() -> tuple[_Prefix, ...]:
    rules = clitic_rules()
    w = rules.proclitic_weights
    out = []
    for conj in ("", "و", "ف"):
        base = w.get(conj, 0.0) if conj else 0.0
        options = [("", "", False, 0.0)] if conj else []
        options += [(p, p, False, w[p]) for p in ("ب", "ل", "ك")]
        options += [("س" + v, "س", False, w["س"]) for v in rules.future_before]
        options.append(("لل", "ل", True, w["ل"] + rules.article_follows))
        for match, letter, restore, weight in options:
            two = rules.two_proclitics if conj and letter else 0.0
            out.append(_Prefix(conj + match, conj + letter, restore, base + weight + two))
    return tuple(out)


@cache
def _lexicon_arrays() -> tuple[pa.Array, np.ndarray]:
    """The lexicon as a pyarrow value set (forms) and its Zipf values with a trailing NaN."""
    lex = lexicon()
    forms = pa.array(lex.index.to_numpy(dtype=object), pa.large_string())
    return forms, np.append(lex.to_numpy(dtype=np.float64), np.nan)


def _strings(values: Iterable[str]) -> pa.Array:
    return pa.array(sorted(values), pa.large_string())


def _lookup(keys: pa.Array) -> np.ndarray:
    """Zipf frequency of each key, NaN when the form is not in the lexicon (a C++ hash join)."""
    forms, zipf = _lexicon_arrays()
    pos = pc.index_in(keys, value_set=forms).fill_null(len(forms))
    return zipf[np.asarray(pos, dtype=np.int64)]


def _with_free_ending(stems: pa.Array) -> pa.Array:
    """The stem with its last letter spelled as in the free form (``حكومت`` → ``حكومة``)."""
    endings = clitic_rules().stem_endings
    spelled, free = _strings(endings), pa.array([endings[k] for k in sorted(endings)])
    last = pc.utf8_slice_codeunits(stems, -1)
    which = pc.index_in(last, value_set=spelled)
    mapped = pc.coalesce(pc.take(free.cast(pa.large_string()), which), last)
    return _join(pc.utf8_slice_codeunits(stems, 0, -1), mapped)


@dataclass(frozen=True)
class _Split:
    """One (prefix, suffix) split applied to the words ``rows`` that allow it."""

    rows: np.ndarray
    prefix: _Prefix | None
    suffix: str
    stems: pa.Array
    stem_len: np.ndarray

    def keys(self) -> list[pa.Array]:
        """Forms to look up: the stem (with ``ا`` restored), and its free spelling."""
        first = _join(_ALEF, self.stems) if self.prefix and self.prefix.restore else self.stems
        return [first, _with_free_ending(self.stems)] if self.suffix else [first]


class _Affixes:
    """Which words start or end with a given string: the first/last k letters of every word
    dictionary-encoded once, so each test is an integer comparison (cheap for any size)."""

    def __init__(self, skeletons: pa.Array, heads: Iterable[int], tails: Iterable[int]) -> None:
        self._n = len(skeletons)
        self._codes: dict[tuple[str, int], tuple[np.ndarray, dict[str, int]]] = {}
        for side, sizes in (("head", heads), ("tail", tails)):
            for k in sizes:
                piece = (
                    pc.utf8_slice_codeunits(skeletons, 0, k)
                    if side == "head"
                    else pc.utf8_slice_codeunits(skeletons, -k)
                )
                enc = piece.dictionary_encode()
                where = {v: i for i, v in enumerate(enc.dictionary.to_pylist())}
                self._codes[side, k] = (np.asarray(enc.indices, dtype=np.int64), where)

    def mask(self, side: str, affix: str) -> np.ndarray:
        if not affix:
            return np.ones(self._n, dtype=bool)
        codes, where = self._codes[side, len(affix)]
        return np.asarray(codes == where.get(affix, -1), dtype=bool)


def _splits(skeletons: pa.Array, length: np.ndarray) -> list[_Split]:
    """Every (prefix, suffix) split that some word allows, with its stems."""
    suffixes = sorted(clitic_rules().enclitic_weights, key=len, reverse=True)
    prefixes = _prefixes()
    affixes = _Affixes(skeletons, {len(p.match) for p in prefixes}, {len(s) for s in suffixes})
    ends = {s: affixes.mask("tail", s) for s in ("", *suffixes)}
    out = []
    for prefix in (None, *prefixes):
        starts = affixes.mask("head", prefix.match if prefix else "")
        if prefix and not starts.any():
            continue
        cut = len(prefix.letters) if prefix else 0
        for suffix in ("", *suffixes):
            if (prefix is None and not suffix) or (suffix and prefix and prefix.restore):
                continue
            stem_len = length - cut - len(suffix)
            rows = np.flatnonzero(starts & ends[suffix] & (stem_len >= 0))
            if len(rows):
                stop = -len(suffix) if suffix else None
                stems = pc.utf8_slice_codeunits(skeletons.take(pa.array(rows)), cut, stop)
                out.append(_Split(rows, prefix, suffix, stems, stem_len[rows]))
    return out


def _split_score(split: _Split, zipf: np.ndarray) -> np.ndarray:
    """Score of one split for its words, from the Zipf values of its keys; NaN = not allowed."""
    rules = clitic_rules()
    prefix, suffix, stems, stem_len = split.prefix, split.suffix, split.stems, split.stem_len
    article = np.asarray(pc.starts_with(stems, _ARTICLE), dtype=bool)
    if suffix:
        zipf[article] = np.nan
        if prefix and prefix.letters[-1] in "بلك" and len(prefix.letters) <= 2:
            zipf[stem_len == 0] = rules.pronoun_only
    two = stem_len == 2
    if two.any():
        closed = np.asarray(pc.is_in(stems, value_set=_strings(rules.function_words)), dtype=bool)
        zipf[two & ~closed] = np.nan
    zipf[stem_len == 1] = np.nan
    score = zipf + (prefix.weight if prefix else 0.0) + rules.enclitic_weights.get(suffix, 0.0)
    if prefix and not prefix.restore:
        score = score + np.where(article & (stem_len >= 4), rules.article_follows, 0.0)
    return score


@dataclass(frozen=True)
class WordSplits:
    """The chosen split of every word type (0/0/False: the word stays whole).

    Counted in letters (diacritics and tatweel are cut around). Any segmenter that fills
    these three arrays can drive :func:`split_clitics` (``decide=``), e.g. to compare
    analysers on the same token table (``benchmarks/bench_segment.py``).
    """

    n_proclitics: np.ndarray  # int64: proclitic letters split off the front
    suffix_len: np.ndarray  # int64: letters of the enclitic split off the end
    restore: np.ndarray  # bool: ``ل`` + restored article


def _best_splits(skeletons: pa.Array) -> WordSplits:
    """Score every allowed split of every skeleton and keep the best one per word.

    All stems of all splits are looked up in the lexicon in one hash join.
    """
    n = len(skeletons)
    length = np.asarray(pc.utf8_length(skeletons), dtype=np.int64)
    splits = _splits(skeletons, length)
    key_lists = [sp.keys() for sp in splits]
    flat_keys = [skeletons] + [k for keys in key_lists for k in keys]
    zipf = _lookup(pa.concat_arrays(flat_keys))
    bounds = np.cumsum([0] + [len(k) for k in flat_keys])
    whole = zipf[: bounds[1]]
    best = np.where(np.isnan(whole), clitic_rules().unknown_word, whole)
    n_pro = np.zeros(n, dtype=np.int64)
    suffix_len = np.zeros(n, dtype=np.int64)
    restore = np.zeros(n, dtype=bool)
    j = 1
    for split, keys in zip(splits, key_lists, strict=True):
        values = [zipf[bounds[j + i] : bounds[j + i + 1]] for i in range(len(keys))]
        j += len(keys)
        score = _split_score(split, values[0] if len(values) == 1 else np.fmax(*values))
        better = score > best[split.rows]  # NaN never wins; ties keep the earlier split
        win = split.rows[better]
        best[win] = score[better]
        n_pro[win] = len(split.prefix.letters) if split.prefix else 0
        suffix_len[win] = len(split.suffix)
        restore[win] = bool(split.prefix and split.prefix.restore)
    return WordSplits(n_pro, suffix_len, restore)


# --- the same decision, one word at a time (small inputs, and the reference for tests) -----------
@cache
def _lexicon_dict() -> dict[str, float]:
    lex = lexicon()
    return dict(zip(lex.index.tolist(), lex.to_numpy().tolist(), strict=True))


def _word_split_score(stem: str, prefix: _Prefix | None, suffix: str) -> float:
    """:func:`_split_score` for one word (NaN = not allowed); same arithmetic, same order."""
    rules, lex = clitic_rules(), _lexicon_dict()
    nan = float("nan")
    key = "ا" + stem if prefix and prefix.restore else stem
    zipf = lex.get(key, nan)
    if suffix:
        free = stem[:-1] + rules.stem_endings.get(stem[-1:], stem[-1:])
        zipf = float(np.fmax(zipf, lex.get(free, nan)))
    article = stem.startswith(_ARTICLE)
    if suffix:
        if article:
            zipf = nan
        if prefix and prefix.letters[-1] in "بلك" and len(prefix.letters) <= 2 and not stem:
            zipf = rules.pronoun_only
    if (len(stem) == 2 and stem not in rules.function_words) or len(stem) == 1:
        zipf = nan
    score = zipf + (prefix.weight if prefix else 0.0) + rules.enclitic_weights.get(suffix, 0.0)
    if prefix and not prefix.restore:
        score = score + (rules.article_follows if article and len(stem) >= 4 else 0.0)
    return score


def _best_split_of(skeleton: str) -> tuple[int, int, bool]:
    """(proclitic letters, enclitic length, restored article) of one word's letters."""
    rules = clitic_rules()
    best = _lexicon_dict().get(skeleton, rules.unknown_word)
    choice = (0, 0, False)
    suffixes = sorted(rules.enclitic_weights, key=len, reverse=True)
    for prefix in (None, *_prefixes()):
        if prefix and not skeleton.startswith(prefix.match):
            continue
        cut = len(prefix.letters) if prefix else 0
        for suffix in ("", *suffixes):
            if (prefix is None and not suffix) or (suffix and prefix and prefix.restore):
                continue
            if not skeleton.endswith(suffix) or len(skeleton) - cut - len(suffix) < 0:
                continue
            stem = skeleton[cut : len(skeleton) - len(suffix)]
            score = _word_split_score(stem, prefix, suffix)
            if score > best:
                best = score
                choice = (cut, len(suffix), bool(prefix and prefix.restore))
    return choice


# --- pieces -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Piece:
    """One syntactic word of an orthographic word: its span within the word and its form.

    ``start``/``end`` are offsets into the word; a restored article word is not a contiguous
    piece, so it spans the whole word (``surface`` = the word) while ``form`` is ``الشركة``.
    """

    start: int
    end: int
    form: str
    proclitic: bool


def _pieces(word: str, n_pro: int, suffix_len: int, restore: bool) -> list[Piece]:
    """Cut ``word`` (which may carry diacritics or tatweel) after its ``n_pro`` first letters
    and before its last ``suffix_len`` letters; marks stay with the letter before them."""
    letters = [m.start() for m in _LETTER.finditer(word)]
    cuts = [0] + [letters[k] for k in range(1, n_pro + 1)]
    stem_end = letters[len(letters) - suffix_len] if suffix_len else len(word)
    pieces = [Piece(a, b, word[a:b], True) for a, b in pairwise(cuts)]
    stem_start = cuts[-1]
    if restore:
        pieces.append(Piece(0, len(word), "ا" + word[stem_start:stem_end], False))
    elif stem_end > stem_start:
        pieces.append(Piece(stem_start, stem_end, word[stem_start:stem_end], False))
    if suffix_len:
        pieces.append(Piece(stem_end, len(word), word[stem_end:], False))
    return pieces


#: Below this many word types the split is decided word by word in Python (no per-call
#: overhead of some hundred pyarrow kernels); both paths give the same result.
SMALL = 256


def _decide(words: pd.Series) -> tuple[WordSplits, np.ndarray]:
    """The best split of every word and whether the word is letters only (no marks)."""
    skeleton = _skeletons(words)
    plain = (skeleton.str.len() == words.str.len()).to_numpy(dtype=bool)
    if len(words) >= SMALL:
        return _best_splits(_arrow(skeleton)), plain
    chosen = [_best_split_of(w) for w in skeleton.tolist()]
    n_pro = np.array([c[0] for c in chosen], dtype=np.int64)
    suffix_len = np.array([c[1] for c in chosen], dtype=np.int64)
    restore = np.array([c[2] for c in chosen], dtype=bool)
    return WordSplits(n_pro, suffix_len, restore), plain


def _skeletons(words: pd.Series) -> pd.Series:
    """The Arabic letters of each word (marks, tatweel and anything else dropped), in C++."""
    letters = pc.replace_substring_regex(_arrow(words), f"[^{ARABIC_LETTER}]", "")
    return pd.Series(letters, dtype="str", index=words.index)


def _split_pieces(words: pd.Series) -> dict[int, list[Piece]]:
    """The pieces of the words that split, by position in ``words`` (the others stay whole)."""
    best, _ = _decide(words)
    split = np.flatnonzero((best.n_proclitics > 0) | (best.suffix_len > 0))
    return _pieces_of(words.tolist(), best, split)


def _pieces_of(words: list[str], best: WordSplits, which: np.ndarray) -> dict[int, list[Piece]]:
    return {
        i: _pieces(
            words[i], int(best.n_proclitics[i]), int(best.suffix_len[i]), bool(best.restore[i])
        )
        for i in which.tolist()
    }


def segment_types(types: Sequence[str] | pd.Series) -> list[list[Piece]]:
    """Segment distinct Arabic word types; one list of :class:`Piece` per type.

    A word that stays whole gives a single piece spanning it. The words may carry diacritics
    and tatweel: the split is decided on their letters and cut around the marks.
    """
    words = pd.Series(list(types), dtype="str")
    split = _split_pieces(words)
    return [split.get(i, [Piece(0, len(w), w, False)]) for i, w in enumerate(words.tolist())]


def segment_word(word: str) -> list[str]:
    """The forms of the syntactic words of one Arabic word (``للشركة`` → ``['ل', 'الشركة']``)."""
    return [p.form for p in segment_types([word])[0]]


# --- token tables -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _FlatPieces:
    """The pieces of all split types, type after type (flat arrays, for broadcasting)."""

    count: np.ndarray  # int64 per type: number of pieces (1 for a word that stays whole)
    first: np.ndarray  # int64 per split type: position of its first piece (0 for the others)
    start: np.ndarray
    end: np.ndarray
    surface: np.ndarray
    form: np.ndarray
    proclitic: np.ndarray


def _stem_and_suffix(
    sub: pa.Array,
    at: np.ndarray,
    n_pro: int,
    suf: int,
    restored: bool,
    has_stem: bool,
    length: np.ndarray,
    out: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> None:
    """Write the stem piece (if any) and the enclitic piece (if any) of words ``sub``."""
    start, end, surface, form = out
    stem_end = length - suf
    if has_stem:
        stem = np.asarray(pc.utf8_slice_codeunits(sub, n_pro, -suf if suf else None), dtype=object)
        if restored:
            start[at], end[at] = 0, length
            surface[at] = np.asarray(sub, dtype=object)
            form[at] = np.asarray(_join(_ALEF, pa.array(stem, pa.large_string())), dtype=object)
        else:
            start[at], end[at], surface[at], form[at] = n_pro, stem_end, stem, stem
        at = at + 1
    if suf:
        tail = np.asarray(pc.utf8_slice_codeunits(sub, -suf), dtype=object)
        start[at], end[at], surface[at], form[at] = stem_end, length, tail, tail


def _flatten(
    words: pd.Series, decide: Callable[[pd.Series], WordSplits] | None = None
) -> _FlatPieces:
    """Segment ``words`` and lay the pieces of the split ones out flat, type after type.

    Words made of letters only (nearly all) are cut with pyarrow slices, grouped by their
    number of proclitics, enclitic length and restored article; words with diacritics or
    tatweel go through :func:`_pieces`.
    """
    if decide is None:
        best, plain = _decide(words)
    else:
        best = decide(words)
        plain = (_skeletons(words).str.len() == words.str.len()).to_numpy(dtype=bool)
    arr = _arrow(words)
    length = np.asarray(pc.utf8_length(arr), dtype=np.int64)
    stem_len = length - best.n_proclitics - best.suffix_len
    has_stem = (stem_len > 0) | best.restore
    count = best.n_proclitics + (best.suffix_len > 0) + has_stem
    count[(best.n_proclitics == 0) & (best.suffix_len == 0)] = 1
    by_word = ~plain if len(words) >= SMALL else np.ones(len(words), dtype=bool)
    marked = np.flatnonzero(by_word & (count > 1))
    word_list = words.tolist()
    marked_pieces = _pieces_of(word_list, best, marked)
    for i, plist in marked_pieces.items():
        count[i] = len(plist)
    split = count > 1
    first = np.zeros(len(words), dtype=np.int64)  # only split words have pieces
    first[split] = np.concatenate(([0], np.cumsum(count[split])[:-1]))
    total = int(count[split].sum())
    start = np.zeros(total, dtype=np.int64)
    end = np.zeros(total, dtype=np.int64)
    proclitic = np.zeros(total, dtype=bool)
    surface = np.empty(total, dtype=object)
    form = np.empty(total, dtype=object)
    groups = pd.DataFrame(
        {"p": best.n_proclitics, "s": best.suffix_len, "r": best.restore, "h": has_stem}
    )[~by_word & (count > 1)]
    for (n_pro, suf, restored, stem), rows_df in groups.groupby(["p", "s", "r", "h"]):
        rows = rows_df.index.to_numpy()
        sub = arr.take(pa.array(rows))
        at = first[rows]
        for k in range(int(n_pro)):
            start[at + k], end[at + k], proclitic[at + k] = k, k + 1, True
            surface[at + k] = form[at + k] = np.asarray(pc.utf8_slice_codeunits(sub, k, k + 1))
        _stem_and_suffix(
            sub, at + int(n_pro), int(n_pro), int(suf), bool(restored), bool(stem),
            length[rows], (start, end, surface, form),
        )  # fmt: skip
    for i, plist in marked_pieces.items():
        word = word_list[i]
        for k, p in enumerate(plist):
            at = first[i] + k
            start[at], end[at], proclitic[at] = p.start, p.end, p.proclitic
            surface[at], form[at] = word[p.start : p.end], p.form
    return _FlatPieces(count, first, start, end, surface, form, proclitic)


def _arrow(column: pd.Series) -> pa.Array:
    """A ``str`` column as one pyarrow large_string array (zero copy for arrow-backed columns)."""
    arr = pa.array(column)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr.cast(pa.large_string())


def _surface_codes(surface: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes and distinct values of a surface column (categorical or plain)."""
    if isinstance(surface.dtype, pd.CategoricalDtype):
        return surface.cat.codes.to_numpy().astype(np.int64), surface.cat.categories
    codes, uniques = pd.factorize(surface)
    return codes.astype(np.int64), pd.Index(uniques)


def split_clitics(
    tokens: pd.DataFrame,
    norm: Callable[[pd.Series], pd.Series] | None = None,
    decide: Callable[[pd.Series], WordSplits] | None = None,
) -> pd.DataFrame:
    """Expand the Arabic words of an orthographic token table into syntactic words.

    Only rows with ``script == "arabic"`` that are not already a split-off clitic are
    segmented; each distinct surface is segmented once (:func:`segment_types`) and the result
    is broadcast to its tokens. The rows of a split word get ``start``/``end``/``surface`` of
    their piece (the whole word for a restored article), ``form`` (with the restored ``ا``),
    ``norm`` (``norm(form)``, when ``norm`` is given), ``clitic`` for proclitics, ``part``
    (word number in the orthographic token) and the word's span in ``token_start``/
    ``token_end``; ``index`` is renumbered within each document. ``decide`` replaces the
    lexicon-based decision (a callable from the distinct words to :class:`WordSplits`).
    """
    arabic = (tokens["script"] == "arabic").to_numpy(dtype=bool, na_value=False)
    rows = np.flatnonzero(arabic & ~tokens["clitic"].to_numpy(dtype=bool))
    all_codes, values = _surface_codes(tokens["surface"])
    used, codes = np.unique(all_codes[rows], return_inverse=True)
    words = pd.Series(values.take(used), dtype="str")
    flat = _flatten(words, decide)
    if (flat.count == 1).all():
        return tokens
    repeat = np.ones(len(tokens), dtype=np.int64)
    repeat[rows] = flat.count[codes]
    source = np.repeat(np.arange(len(tokens)), repeat)
    type_of = np.full(len(tokens), -1, dtype=np.int64)
    type_of[rows] = codes
    t = type_of[source]
    in_split = np.flatnonzero((t >= 0) & (flat.count[np.maximum(t, 0)] > 1))
    k = np.arange(len(source)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    piece = flat.first[t[in_split]] + k[in_split]
    return _expanded(tokens, source, in_split, piece, k[in_split], flat, norm)


def _str_column(values: pa.Array) -> pd.Series:
    return pd.Series(values.to_pandas(), dtype="str")


def _with_pieces(
    column: pd.Series, source: np.ndarray, in_split: np.ndarray, new: np.ndarray
) -> pd.Series:
    """A string column repeated along ``source`` with the rows ``in_split`` set to ``new``.

    A ``category`` column stays one (sorted categories that all occur, as ``astype`` gives);
    its strings are never materialised per row.
    """
    if not isinstance(column.dtype, pd.CategoricalDtype):
        gather = source.copy()
        gather[in_split] = len(column) + np.arange(len(in_split))
        both = pa.concat_arrays([_arrow(column), pa.array(new, pa.large_string())])
        return _str_column(both.take(gather))
    old = _arrow(pd.Series(column.cat.categories))
    new_values = pa.array(new, pa.large_string())
    union = pc.unique(pa.concat_arrays([old, new_values]))
    categories = union.take(pc.sort_indices(union))  # code-point order, as sorted() gives
    remap = np.asarray(pc.index_in(old, value_set=categories), dtype=np.int64)
    old_codes = column.cat.codes.to_numpy()
    codes = np.where(old_codes >= 0, remap[np.maximum(old_codes, 0)], -1)[source]
    codes[in_split] = np.asarray(pc.index_in(new_values, value_set=categories), dtype=np.int64)
    used = np.bincount(codes[codes >= 0], minlength=len(categories)) > 0  # drop unused ones
    compact = np.cumsum(used) - 1
    codes = np.where(codes >= 0, compact[np.maximum(codes, 0)], -1)
    kept = pd.Index(
        categories.filter(pa.array(used)).to_pandas(), dtype=column.cat.categories.dtype
    )
    return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(kept)))


def _repeated(column: pd.Series, source: np.ndarray) -> object:
    """Any column repeated along ``source`` (categorical codes, arrow strings or numpy)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()[source]
        return pd.Series(pd.Categorical.from_codes(codes, dtype=column.dtype))
    if column.dtype == "str":
        return _str_column(_arrow(column).take(source))
    return column.to_numpy()[source]


def _renumbered(index: np.ndarray, repeat: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Word numbers within each document after row ``r`` became ``repeat[r]`` rows."""
    extra = np.cumsum(repeat - 1) - (repeat - 1)  # rows added before row r
    doc_first = np.maximum.accumulate(np.where(index == 0, np.arange(len(index)), 0))
    k = np.arange(len(source)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    shift = extra - extra[doc_first]
    return np.asarray(index[source] + shift[source] + k, dtype=np.int32)


def _expanded(
    tokens: pd.DataFrame,
    source: np.ndarray,
    in_split: np.ndarray,
    piece: np.ndarray,
    part: np.ndarray,
    flat: _FlatPieces,
    norm: Callable[[pd.Series], pd.Series] | None,
) -> pd.DataFrame:
    """The expanded table: row ``i`` repeats ``tokens`` row ``source[i]``; rows ``in_split``
    become piece ``piece`` of their word (no Python work per token)."""
    new_strings = {"surface": flat.surface[piece], "form": flat.form[piece]}
    if norm is not None:
        normed = norm(pd.Series(flat.form, dtype="str")).to_numpy(dtype=object)
        new_strings["norm"] = normed[piece]
    data: dict[str, object] = {}
    for name in tokens.columns:
        if name in new_strings:
            data[name] = _with_pieces(tokens[name], source, in_split, new_strings[name])
        else:
            data[name] = _repeated(tokens[name], source)
    word_start = tokens["start"].to_numpy()[source[in_split]]
    updates = {
        "token_start": word_start,
        "token_end": tokens["end"].to_numpy()[source[in_split]],
        "start": word_start + flat.start[piece],
        "end": word_start + flat.end[piece],
        "clitic": flat.proclitic[piece],
        "part": part.astype(np.int8),
    }
    for name, values in updates.items():
        data[name][in_split] = values  # type: ignore[index]
    repeat = np.bincount(source, minlength=len(tokens))
    data["index"] = _renumbered(tokens["index"].to_numpy(), repeat, source)
    out = pd.DataFrame(data, copy=False)
    out.attrs = dict(tokens.attrs)
    return out
