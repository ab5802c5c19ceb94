"""What the evidence functions work on: candidate mentions, per-document token arrays, and
per-word-type attributes computed once per distinct normalised form."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from corpus_tools.loanwords.lexicon import Lexicon
from corpus_tools.loanwords.transliteration import skeleton_table, squeeze_lines
from corpus_tools.loanwords.wordlists import (
    PREFIXES,
    assimilated,
    fold,
    fold_table,
    normset,
    prefixed_forms,
    prefixes_of,
    stopwords,
    strip_clitics,
)
from corpus_tools.normalize import normalize

if TYPE_CHECKING:
    from corpus_tools.loanwords.pruning import StemOptions

__all__ = [
    "CLAUSE_END",
    "NAME_GAP",
    "QUOTES",
    "Candidate",
    "DocArrays",
    "WordTypes",
    "build_types",
    "clitic_before",
    "doc_arrays",
    "gap",
    "head_before",
    "is_namelike",
    "strip_prefix_len",
]

QUOTES = frozenset("\"'“”«»‘’„‟‹›()[]#")
CLAUSE_END = frozenset(".،,؛;:!?؟\n")
#: What may separate the words of one multiword name: spaces, or a dot or dash (إيه.آي).
NAME_GAP = re.compile(r"[ \t\u00a0]*[.\-–—‐][ \t\u00a0]*|[ \t\u00a0]+")


@dataclass
class Candidate:
    """A candidate mention found by one evidence function (token positions inside the doc)."""

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
    priority: int  # lower wins when candidates overlap
    ambiguous: bool = False
    in_lexicon: bool = False


@dataclass
class DocArrays:
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
    code: np.ndarray  # word-type code per token (index into WordTypes arrays)
    script_code: np.ndarray | None = None  # index into script_names per token
    script_names: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.script)

    def is_script(self, name: str) -> np.ndarray:
        """Per token: is its script ``name``?"""
        if self.script_code is None:
            return np.asarray(np.asarray(self.script, dtype=object) == name, dtype=bool)
        if name not in self.script_names:
            return np.zeros(len(self), dtype=bool)
        return np.asarray(self.script_code == self.script_names.index(name), dtype=bool)


@dataclass(frozen=True)
class TypeAnalysis:
    """Lexicon lookup of one Arabic word type: the proclitic split off, the single-word key
    it matches (or None) and the folded first word of a multiword name it starts (or None)."""

    prefix: str = ""
    single: tuple[str, ...] | None = None
    first: str | None = None


@dataclass
class WordTypes:
    """Per word type attributes, computed once per distinct ``norm`` (vocabulary-sized work,
    vectorised: dictionary lookups of every proclitic + entry form, pandas string methods)."""

    norms: np.ndarray
    folded: np.ndarray  # transliteration fold of each Arabic type ("" for other scripts)
    analysis: dict[int, TypeAnalysis]  # lexicon hits only
    lex_hit: np.ndarray
    second_word: np.ndarray  # the folded type is the second word of a multiword name
    is_cls: np.ndarray
    assim: dict[int, tuple[str, str]]  # assimilated loanwords only: (proclitic, English word)
    assim_hit: np.ndarray
    # doc_latin: skeleton of the whole word and of the word without its longest proclitic,
    # as integer ids (-1: not a candidate: too short, a stopword, not Arabic)
    skel_whole: np.ndarray
    skel_stem: np.ndarray
    prefix: np.ndarray  # longest proclitic of each type
    skel_ids: dict[str, int]
    lex: Lexicon
    # unknown-name evidence, computed on demand for the few types that need it
    _namelike: dict[tuple[int, bool], bool] = field(default_factory=dict)
    _options: StemOptions | None = None

    def options(self) -> StemOptions:
        """The stem options of every Arabic word type (:func:`.scorer.type_options`; other
        types have none), computed once."""
        from corpus_tools.loanwords.scorer import type_options

        if self._options is None:
            arabic = [str(n) if f else "" for n, f in zip(self.norms, self.folded, strict=True)]
            self._options = type_options(arabic, self.lex)
        return self._options

    def namelike(self, code: int, strict: bool = False) -> bool:
        got = self._namelike.get((code, strict))
        if got is None:
            got = is_namelike(str(self.norms[code]), self.lex, strict)
            self._namelike[(code, strict)] = got
        return got


@cache
def _classifier_forms() -> frozenset[str]:
    return frozenset(prefixed_forms(dict.fromkeys(normset("classifiers"), True)))


@cache
def _assimilated_forms() -> dict[str, tuple[str, str]]:
    return prefixed_forms(assimilated())


def _longest_prefixes(words: pa.Array) -> np.ndarray:
    """Longest proclitic of each word leaving a stem of two letters or more."""
    out = np.full(len(words), "", dtype=object)
    lengths = pc.utf8_length(words).to_numpy(zero_copy_only=False)
    free = np.ones(len(words), dtype=bool)
    for p in sorted(PREFIXES, key=len, reverse=True):
        if not p:
            continue
        starts = pc.starts_with(words, p).to_numpy(zero_copy_only=False)
        hit = free & starts & (lengths >= len(p) + 2)
        out[hit] = p
        free &= ~hit
    return out


def _skeleton_ids(
    whole: list[str], bare: list[str], stop: frozenset[str]
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Integer ids of the skeletons of ``whole`` and ``bare`` (-1: no candidate)."""
    both = whole + bare
    joined = "\n".join(both).translate(skeleton_table())
    sk = squeeze_lines(joined).split("\n") if both else []
    if len(sk) != len(both):  # a word with a line break: one at a time
        sk = [_DOUBLED.sub(r"\1", w.translate(skeleton_table())) for w in both]
    lengths = np.fromiter(map(len, both), dtype=np.int64, count=len(both))
    candidate = (lengths >= 4) & ~pd.Series(both, dtype=object).isin(stop).to_numpy(bool)
    codes, uniques = pd.factorize(pd.Series(sk, dtype=object).where(candidate, None))
    ids = {str(k): i for i, k in enumerate(uniques)}
    codes = codes.astype(np.int64)
    return codes[: len(whole)], codes[len(whole) :], ids


_DOUBLED = re.compile(r"(.)\1+")


def build_types(norms: np.ndarray, is_arabic: np.ndarray, lex: Lexicon) -> WordTypes:
    """Attributes of every word type of the token table (``norms``: the distinct forms)."""
    word_list = [str(w) if ar else "" for w, ar in zip(norms, is_arabic, strict=True)]
    words = pd.Series(word_list, dtype=object)
    fold_map = fold_table()
    parts = "\n".join(word_list).translate(fold_map).split("\n") if word_list else []
    if len(parts) != len(word_list):  # a word with a line break: one at a time
        parts = [w.translate(fold_map) for w in word_list]
    folded = pd.Series(parts, dtype=object)
    lex_found = folded.map(lex.prefixed_arabic)
    assim_found = words.map(_assimilated_forms())
    lex_hit = lex_found.notna().to_numpy(bool)
    assim_hit = assim_found.notna().to_numpy(bool)
    lex_values, assim_values = lex_found.to_numpy(object), assim_found.to_numpy(object)
    prefix = _longest_prefixes(pa.array(word_list, type=pa.string()))
    bare = [w[len(p) :] for w, p in zip(word_list, prefix, strict=True)]
    skel_whole, skel_stem, ids = _skeleton_ids(word_list, bare, stopwords())
    return WordTypes(
        lex=lex,
        norms=norms,
        folded=folded.to_numpy(object),
        analysis={
            int(k): TypeAnalysis(lex_values[k][0], *lex_values[k][1])
            for k in np.flatnonzero(lex_hit)
        },
        lex_hit=lex_hit,
        second_word=folded.isin({k[1] for k in lex.arabic if len(k) > 1}).to_numpy(bool),
        is_cls=words.isin(_classifier_forms()).to_numpy(bool),
        assim={int(k): assim_values[k] for k in np.flatnonzero(assim_hit)},
        assim_hit=assim_hit,
        skel_whole=skel_whole,
        skel_stem=skel_stem,
        prefix=prefix,
        skel_ids=ids,
    )


def _take(values: list[str], idx: np.ndarray) -> list[str]:
    """``values`` at ``idx`` (a slice when the rows are consecutive, as they usually are)."""
    if len(idx) and int(idx[-1]) - int(idx[0]) + 1 == len(idx) and bool((np.diff(idx) == 1).all()):
        return values[int(idx[0]) : int(idx[-1]) + 1]
    return [values[i] for i in idx.tolist()]


def doc_arrays(
    tokens: pd.DataFrame, texts: Mapping[str, str], codes: np.ndarray
) -> list[DocArrays]:
    """One :class:`DocArrays` per document of the token table, in table order (each column
    is converted once, then sliced)."""
    residue = tokens["residue"] if "residue" in tokens else pd.Series(False, index=tokens.index)
    script_code, script_names = pd.factorize(tokens["script"].astype(object))
    columns = {
        "start": tokens["start"].to_numpy(np.int64),
        "end": tokens["end"].to_numpy(np.int64),
        "clitic": tokens["clitic"].to_numpy(bool),
        "sentence": tokens["sentence"].to_numpy(np.int32),
        "residue": residue.to_numpy(bool),
        "code": codes,
        "script_code": script_code,
    }
    surface, norm = tokens["surface"].tolist(), tokens["norm"].tolist()
    script = [str(x) for x in script_names[script_code]] if len(tokens) else []
    out = []
    for doc_id, rows in tokens.groupby("doc", sort=False).indices.items():
        idx = np.asarray(rows, dtype=np.int64)
        out.append(
            DocArrays(
                id=str(doc_id),
                text=texts[str(doc_id)],
                surface=_take(surface, idx),
                norm=_take(norm, idx),
                script=_take(script, idx),
                script_names=tuple(str(x) for x in script_names),
                **{k: v[idx] for k, v in columns.items()},
            )
        )
    return out


def gap(d: DocArrays, i: int) -> str:
    """Text between token ``i - 1`` and token ``i``."""
    return d.text[d.end[i - 1] : d.start[i]]


def clitic_before(d: DocArrays, i: int) -> str:
    """Proclitic token written onto (or detached right before) a Latin word."""
    if i > 0 and d.clitic[i - 1] and d.sentence[i - 1] == d.sentence[i]:
        return d.surface[i - 1]
    return ""


def strip_prefix_len(surface: str, n_norm: int) -> int:
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


def head_before(d: DocArrays, i: int, window: int) -> tuple[str | None, int]:
    """Nearest classifier (``+``) or non-brand head noun (``-``) before token ``i``.

    Skips quotes, brackets, clitic tokens and Latin words; stops at clause punctuation.
    Returns (sign or None, distance in Arabic words).
    """
    pos_set, neg_set = normset("classifiers"), normset("negative_heads")
    seen = 0
    j = i - 1
    while j >= 0 and seen < window:
        if d.script[j] == "punct":
            if any(c in CLAUSE_END for c in d.surface[j]):
                break
            j -= 1
            continue
        if "\n" in gap(d, j + 1):
            break
        if d.script[j] == "arabic" and not d.clitic[j]:
            seen += 1
            for stem in strip_clitics(d.norm[j]) or [d.norm[j]]:
                if stem in pos_set:
                    return "+", seen
                if stem in neg_set:
                    return "-", seen
        j -= 1
    return None, seen


#: Transliteration-score thresholds (:meth:`Lexicon.translit_score`) for an unknown Arabic-script
#: word to count as a name after a classifier noun: a word of the Arabic word list must look
#: clearly transliterated (the list holds famous brands such as فيسبوك, so membership alone
#: cannot veto), a word outside it only not clearly native.
TSCORE_LISTED = 0.0
TSCORE_UNLISTED = -0.5
TSCORE_DEFINITE = 1.0
#: Letters English names are (almost) never transliterated with: ح ع ظ ض and the hamza seats
#: ء ئ ؤ (word-initial أ/إ/آ are common in transliterations and allowed), and a final ـاء.
NATIVE_LETTERS = re.compile(r"[حعظضءئؤ]|اء$")
#: Derivational templates that veto a word of the Arabic word list as a name (تفعيل، مفعول،
#: مستفعل، -ات، -ية ...); -ون/-ين are left out: أمازون، آيفون، لينكدين.
LISTED_TEMPLATES = re.compile(
    r"^(?:مست|است|ال)|^ت..ي.$|^م..و.$|^م.ا..$|(?:ات|ية|ة|ها|هم|نا)$"
    r"|^ا..ا.$|^ا.ت.ا.$|^ان..ا.$"  # verbal nouns إفعال، افتعال، انفعال (إنتاج، اختبار، انتقال)
)


def is_namelike(norm: str, lex: Lexicon, strict: bool = False) -> bool:
    """May this Arabic word type be an unknown name (right after a classifier noun)?

    Not a stopword, assimilated loanword or place name (``places`` in ``data/loanwords.json``;
    after any proclitic), at least three letters, not definite, none of
    :data:`NATIVE_LETTERS`, no derivational template of :data:`LISTED_TEMPLATES`, and a
    transliteration score (:meth:`Lexicon.translit_score`) of at least ``TSCORE_LISTED`` for
    words of the Arabic word list (which holds famous brands such as فيسبوك, so membership
    alone cannot veto) or ``TSCORE_UNLISTED`` otherwise. The whole word is scored: a name
    right after its classifier noun carries no proclitic (شركة وايمو: و is part of the name).
    ``strict`` (after a definite classifier noun, ``الهاتف سيصل``: often a verb follows)
    raises the word-list threshold to ``TSCORE_DEFINITE``.
    """
    stop, assim = stopwords(), assimilated()
    stems = [norm[len(p) :] for p in prefixes_of(norm) or [""]]
    if len(norm) < 3 or norm in stop:
        return False
    if any(s in stop or s in assim or s in normset("places") for s in stems):
        return False  # places are never brands
    if (norm.startswith("ال") and len(norm) >= 5) or NATIVE_LETTERS.search(norm):
        return False
    if any(LISTED_TEMPLATES.search(s) for s in stems):
        return False
    native = lex.native_words
    score = lex.translit_score(fold(norm))
    if any(fold(s) in native for s in stems):
        return score >= (TSCORE_DEFINITE if strict else TSCORE_LISTED)
    return score >= TSCORE_UNLISTED
