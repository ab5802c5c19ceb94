"""Arabic-script evidence: one function per evidence kind, registered in :data:`EVIDENCE`.

Every function takes the :class:`Context` of one document (its arrays, the lexicon, the word
types, the candidates found so far and the tokens they cover) and returns new candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from corpus_tools.loanwords.document import (
    NAME_GAP,
    QUOTES,
    Candidate,
    DocArrays,
    WordTypes,
    gap,
    head_before,
    strip_prefix_len,
)
from corpus_tools.loanwords.lexicon import Lexicon
from corpus_tools.loanwords.pruning import scoring_mask
from corpus_tools.loanwords.scorer import (
    candidate_tokens,
    context_weights,
    latin_skeleton_set,
    score_names,
    token_evidence,
)
from corpus_tools.loanwords.transliteration import (
    ar_skeleton,
    hamza_boundary,
    skeleton,
    skeleton_match,
)
from corpus_tools.loanwords.wordlists import (
    PREFIXES,
    fold,
    light,
    normset,
    prefixed_forms,
    prefixes_of,
    stopwords,
    strip_clitics,
)
from corpus_tools.normalize import normalize

__all__ = ["EVIDENCE", "Context", "arabic_lexicon", "has_context"]


@dataclass
class Context:
    """One document under detection: what every evidence function may read."""

    d: DocArrays
    lex: Lexicon
    types: WordTypes
    cands: list[Candidate]  # candidates of the first stage (lexicon, Latin), resolved
    taken: np.ndarray  # tokens covered by ``cands``


def _arabic_candidate(
    d: DocArrays, first: int, last: int, n_prefix: int, **fields: object
) -> Candidate:
    """An Arabic-script candidate over tokens ``first..last`` whose first ``n_prefix``
    normalised letters are a proclitic."""
    start = int(d.start[first]) + strip_prefix_len(d.surface[first], n_prefix)
    return Candidate(
        doc=d.id,
        start=start,
        end=int(d.end[last]),
        script="arabic",
        clitic=d.text[d.start[first] : start],
        tok=first,
        tok_end=last,
        **fields,  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------------------- lexicon
def _dotted_gap(d: DocArrays, j: int) -> bool:
    """A dot or dash inside a name (إيه.آي, دال – إي) at token ``j``."""
    return (
        d.script[j] == "punct"
        and d.surface[j] in ".-–—‐"
        and j + 1 < len(d)
        and re.fullmatch(r"[ \t\u00a0]*", gap(d, j) + gap(d, j + 1)) is not None
    )


def _longest_name(
    d: DocArrays, i: int, first: str, lex: Lexicon
) -> tuple[int, tuple[str, ...]] | None:
    """The longest multiword lexicon name starting at token ``i`` (its folded first word)."""
    best = None
    words = [first]
    j = i
    while len(words) < lex.max_words and j + 1 < len(d):
        j += 1
        if _dotted_gap(d, j):
            j += 1
        elif not NAME_GAP.fullmatch(gap(d, j)):
            break
        if d.script[j] != "arabic" or "\n" in gap(d, j):
            break
        words.append(fold(d.norm[j]))
        if tuple(words) in lex.arabic:
            best = (j, tuple(words))
    return best


def _domain_end(d: DocArrays, j: int) -> int:
    """Last token of a domain form (أمازون.كوم) ending at or after token ``j``."""
    if (
        j + 2 < len(d)
        and d.surface[j + 1] == "."
        and d.norm[j + 2] in normset("arabic_domains")
        and d.start[j + 1] == d.end[j]
        and d.start[j + 2] == d.end[j + 1]
    ):
        return j + 2
    return j


def arabic_lexicon(d: DocArrays, lex: Lexicon, types: WordTypes) -> list[Candidate]:
    """Listed and generated Arabic spellings of the lexicon (``lexicon``, ``variants``)."""
    out = []
    hits = np.flatnonzero(types.lex_hit[d.code] & ~d.clitic & ~d.residue)
    # a multiword name needs its second word next (or after a dot: إيه.آي)
    ahead = types.second_word[d.code]
    may_continue = ahead[np.minimum(hits + 1, len(d) - 1)] & (hits + 1 < len(d))
    may_continue |= ahead[np.minimum(hits + 2, len(d) - 1)] & (hits + 2 < len(d))
    for i, more in zip(hits.tolist(), may_continue.tolist(), strict=True):
        a = types.analysis[int(d.code[i])]
        best = _longest_name(d, i, a.first, lex) if a.first is not None and more else None
        if best is None and a.single is not None:
            best = (i, a.single)
        if best is None:
            continue
        j, key = best
        entry = lex.arabic[key]
        c = _arabic_candidate(
            d,
            i,
            _domain_end(d, j),
            len(a.prefix),
            brand=entry.canonical,
            category="brand",
            source="lexicon" if entry.listed else "variants",
            priority=0 if entry.listed else 1,
            in_lexicon=True,
        )
        c.ambiguous = light(d.text[c.start : c.end]) in entry.ambiguous
        out.append(c)
    return out


def has_context(d: DocArrays, c: Candidate, cands: list[Candidate]) -> bool:
    """Supporting context for an ambiguous spelling (the ``context`` heuristic)."""
    for o in cands:
        if o is c or o.category != "brand":
            continue
        if o.brand == c.brand and (o.script == "latin" or not o.ambiguous):
            return True
        near = 0 < c.tok - o.tok_end <= 3 or 0 < o.tok - c.tok_end <= 3
        if near and d.sentence[o.tok] == d.sentence[c.tok]:
            return True  # a brand right next to it: آبل وجوجل, "سيري" من آبل
    if head_before(d, c.tok, 2)[0] == "+":
        return True
    before = d.text[max(0, c.start - 1) : c.start]
    after = d.text[c.end : c.end + 1]
    return bool(before and after and before in "\"“«'" and after in "\"”»'")


# ---------------------------------------------------------------------------- gloss
_PREFIX_SET = frozenset(PREFIXES)
_LONGEST_PREFIX = max(map(len, PREFIXES))


def _words_before(d: DocArrays, tok: int) -> list[int]:
    """Up to three Arabic words right before token ``tok`` (skipping a clitic and quotes)."""
    j = tok - 1
    if j >= 0 and d.clitic[j]:
        j -= 1
    while j >= 0 and d.script[j] == "punct" and d.surface[j] in QUOTES:
        j -= 1
    words: list[int] = []
    k = j
    while k >= 0 and len(words) < 3 and d.script[k] == "arabic" and not d.clitic[k]:
        if words and not NAME_GAP.fullmatch(gap(d, k + 1)):
            break
        words.insert(0, k)
        k -= 1
    return words


def _gloss_prefix(
    d: DocArrays, idx: list[int], lat: str, exact: bool, native: frozenset[str]
) -> str | None:
    """The proclitic after which the words ``idx`` spell the skeleton ``lat``, or None."""
    first = idx[0]
    norm = d.norm[first]
    # the proclitics norm starts with, shortest first (PREFIXES order; one per length)
    for p in [
        norm[:k] for k in range(min(len(norm), _LONGEST_PREFIX) + 1) if norm[:k] in _PREFIX_SET
    ]:
        if not p and hamza_boundary(d.surface[first]):
            continue  # وألفابت: و + ألفابت
        ar = d.norm[first][len(p) :] + "".join(d.norm[t] for t in idx[1:])
        if len(idx) == 1 and (ar in stopwords() or (len(lat) < 3 and fold(ar) in native)):
            continue
        ar_sk = ar_skeleton(ar)
        if len(ar) >= 3 and (ar_sk == lat if exact else skeleton_match(ar_sk, lat)):
            return p
    return None


def _gloss_of(ctx: Context, c: Candidate, exact: bool) -> Candidate | None:
    """The Arabic words right before the Latin brand ``c`` that transliterate it."""
    d = ctx.d
    lat = skeleton(d.text[c.start : c.end])
    words = _words_before(d, c.tok)
    for n in range(1, len(words) + 1):
        idx = words[-n:]
        if ctx.taken[idx].any():
            break
        p = _gloss_prefix(d, idx, lat, exact, ctx.lex.native_words)
        if p is not None:
            return _arabic_candidate(
                d,
                idx[0],
                idx[-1],
                len(p),
                brand=c.brand,
                category="brand",
                source="gloss",
                priority=3,
                in_lexicon=c.in_lexicon,
            )
    return None


def gloss(ctx: Context) -> list[Candidate]:
    """Arabic words right before a Latin brand whose skeleton matches it (``gloss``).

    A capitalised English word glossing the Arabic transliteration right before it becomes a
    name too: تيليجرام Telegram, أمازون Amazon (exact consonant skeleton, 3+ classes); the
    Latin candidate is promoted to ``brand`` in place.
    """
    d = ctx.d
    out = []
    for c in ctx.cands:
        text = d.text[c.start : c.end]
        titled = (
            c.script == "latin"
            and c.category == "english"
            and text[:1].isupper()
            and len(skeleton(text)) >= 3
        )
        if titled:
            got = _gloss_of(ctx, replace(c, category="brand", brand=text), exact=True)
            if got:
                c.category, c.brand, c.source = "brand", text, "gloss"
                out.append(got)
    for c in ctx.cands:
        if c.script == "latin" and c.category == "brand":
            got = _gloss_of(ctx, c, exact=False)
            if got:
                out.append(got)
    return out


# ---------------------------------------------------------------------------- doc_latin
def _latin_keys(ctx: Context) -> dict[str, tuple[str, bool]]:
    """Skeleton → (brand, in lexicon) of the document's Latin brands (3+ classes)."""
    keys: dict[str, tuple[str, bool]] = {}
    for c in ctx.cands:
        if c.script == "latin" and c.category == "brand":
            sk = skeleton(ctx.d.text[c.start : c.end])
            if len(sk) >= 3:
                keys.setdefault(sk, (c.brand, c.in_lexicon))
    return keys


def doc_latin(ctx: Context) -> list[Candidate]:
    """Arabic words anywhere in the document whose skeleton equals a Latin brand's."""
    d, types = ctx.d, ctx.types
    keys = _latin_keys(ctx)
    key_ids = {types.skel_ids[k]: k for k in keys if k in types.skel_ids}
    if not key_ids:
        return []
    native = ctx.lex.native_words
    want = np.zeros(len(types.skel_ids) + 1, dtype=bool)
    want[list(key_ids)] = True  # index -1 (no skeleton) is the extra last cell, never wanted
    whole, stem_ids = types.skel_whole[d.code], types.skel_stem[d.code]
    out = []
    for i in np.flatnonzero((want[whole] | want[stem_ids]) & ~ctx.taken & ~d.clitic).tolist():
        options = [("", int(whole[i])), (types.prefix[int(d.code[i])], int(stem_ids[i]))]
        if hamza_boundary(d.surface[i]):  # وألفابت: و + ألفابت (not وال + فابت)
            options = [(d.norm[i][:1], types.skel_ids.get(ar_skeleton(d.norm[i][1:]), -1))]
        for p, sid in options:
            sk = key_ids.get(sid)
            if sk is None:
                continue
            brand, in_lex = keys[sk]
            # a native-looking word needs a longer skeleton to be trusted (كرم vs Chrome)
            if len(sk) >= 4 or fold(d.norm[i][len(p) :]) not in native:
                out.append(
                    _arabic_candidate(
                        d,
                        i,
                        i,
                        len(p),
                        brand=brand,
                        category="brand",
                        source="doc_latin",
                        priority=4,
                        in_lexicon=in_lex,
                    )
                )
                break
    return out


# ---------------------------------------------------------------------------- classifier
def _person_after(d: DocArrays, j: int, dictionary: frozenset[str]) -> bool:
    """Is token ``j`` followed by a Latin personal name (two or more capitalised words that
    are neither English dictionary words nor lexicon names: ``Pavel Durov``)?"""
    k = j + 1
    while k < len(d) and d.script[k] == "punct" and d.surface[k] in '(«"“':
        k += 1
    words = []
    while k < len(d) and d.script[k] == "latin":
        words.append(d.surface[k])
        k += 1
        if k < len(d) and not re.fullmatch(r"[ \t\u00a0]+", gap(d, k)):
            break
    return len(words) >= 2 and all(
        w[:1].isupper() and w[1:].islower() and w.casefold() not in dictionary for w in words
    )


def _split_off(norm: str, vocab: set[str]) -> str:
    """The proclitic of ``norm`` when its stem is written bare elsewhere in the document."""
    for p in reversed(prefixes_of(norm)):
        if p and "ال" not in p and len(norm) - len(p) >= 4 and fold(norm[len(p) :]) in vocab:
            return p
    return ""


def _continues_name(d: DocArrays, j: int, types: WordTypes) -> bool:
    """May token ``j`` continue a name already begun: a letter name (not a model code: إس 9),
    an assimilated loanword, a short word, or a name tail (واتس آب)."""
    nxt_digit = j + 1 < len(d) and d.script[j + 1] == "digit"
    norm = d.norm[j]
    return (
        (norm in normset("letter_names") and not nxt_digit)
        or bool(types.assim_hit[int(d.code[j])])
        or (len(norm) <= 2 and not nxt_digit and norm not in stopwords())
        or norm in normset("arabic_name_tails")
    )


def _name_after(ctx: Context, i: int, vocab: set[str]) -> list[int]:
    """Up to three name-like Arabic words right after the classifier noun at token ``i``."""
    d, types = ctx.d, ctx.types
    classifiers = normset("classifiers")
    j = i + 1
    while j < len(d) and d.script[j] == "punct" and d.surface[j] in "\"“”«»'":
        j += 1
    idx: list[int] = []
    definite = any(x.startswith("ال") for x in strip_clitics(d.norm[i]) or [d.norm[i]])
    while j < len(d) and len(idx) < 3 and d.script[j] == "arabic":
        if ctx.taken[j] or d.clitic[j]:
            break
        namelike = types.namelike(int(d.code[j]), definite and not idx)
        cont = bool(idx) and _continues_name(d, j, types)
        if not (namelike or cont) or d.norm[j] in classifiers:
            break
        if idx and (_split_off(d.norm[j], vocab) or not NAME_GAP.fullmatch(gap(d, j))):
            break  # جوجل وأمازون: two names
        idx.append(j)
        j += 1
    return idx


def classifier(ctx: Context) -> list[Candidate]:
    """Unknown Arabic-script names right after a classifier noun (شركة أنثروبيك).

    The words must be name-like (:func:`~corpus_tools.loanwords.document.is_namelike`); up to
    three such words in a row form one name; a Latin personal name right after vetoes them.
    """
    d, types = ctx.d, ctx.types
    cls_pos = np.flatnonzero(types.is_cls[d.code]).tolist()
    if not cls_pos:
        return []
    vocab = set(types.folded[np.unique(d.code)].tolist())
    out = []
    for i in cls_pos:
        if i >= len(d) - 1 or "\n" in d.text[d.end[i] : d.start[i + 1]]:
            continue
        idx = _name_after(ctx, i, vocab)
        if not idx or _person_after(d, idx[-1], ctx.lex.dictionary_words):
            continue  # مؤسس التطبيق بافل دوروف Pavel Durov
        c = _arabic_candidate(
            d,
            idx[0],
            idx[-1],
            len(_split_off(d.norm[idx[0]], vocab)),
            brand="",
            category="brand",
            source="classifier",
            priority=5,
        )
        c.brand = normalize(d.text[c.start : c.end])
        out.append(c)
    return out


# ---------------------------------------------------------------------------- propagate
def _found_names(found: list[Candidate], d: DocArrays) -> dict[tuple[str, ...], Candidate]:
    names: dict[tuple[str, ...], Candidate] = {}
    for c in found:
        if c.script != "arabic" or c.category != "brand":
            continue
        words = [fold(normalize(w)) for w in d.text[c.start : c.end].split()]
        if words and len(words[0]) >= 3:
            names.setdefault(tuple(words), c)
    return names


def _rest_matches(d: DocArrays, i: int, key: tuple[str, ...], taken: np.ndarray) -> int | None:
    """Last token when tokens after ``i`` spell the rest of the name ``key``, else None."""
    j = i
    for w in key[1:]:
        j += 1
        if (
            j >= len(d)
            or taken[j]
            or d.script[j] != "arabic"
            or fold(d.norm[j]) != w
            or not NAME_GAP.fullmatch(gap(d, j))
        ):
            return None
    return j


def _propagated_at(
    d: DocArrays, i: int, names: dict[tuple[str, ...], Candidate], taken: np.ndarray
) -> Candidate | None:
    firsts = {k[0] for k in names}
    for p in prefixes_of(d.norm[i]) or [""]:
        first = fold(d.norm[i][len(p) :])
        if first not in firsts:
            continue
        best = None
        for key, c in names.items():
            j = _rest_matches(d, i, key, taken) if key[0] == first else None
            if j is not None and (best is None or len(key) > len(best[0])):
                best = (key, c, j)
        if best is None:
            continue
        _key, c, j = best
        return _arabic_candidate(
            d,
            i,
            j,
            len(p),
            brand=c.brand,
            category="brand",
            source="propagate",
            priority=7,
            in_lexicon=c.in_lexicon,
        )
    return None


def propagate(
    d: DocArrays, found: list[Candidate], taken: np.ndarray, types: WordTypes
) -> list[Candidate]:
    """Other occurrences in the document of an Arabic-script name found by evidence.

    A name confirmed once (by a classifier noun, a Latin gloss or the Latin form elsewhere)
    is the same name wherever the document writes it again, with or without proclitics.
    """
    names = _found_names(found, d)
    if not names:
        return []
    forms = prefixed_forms(dict.fromkeys({k[0] for k in names}, True))
    folded = types.folded[d.code]
    hits = np.fromiter((f in forms for f in folded), dtype=bool, count=len(folded))
    out = []
    for i in np.flatnonzero(hits & ~taken & ~d.clitic).tolist():
        got = _propagated_at(d, i, names, taken)
        if got is not None:
            out.append(got)
    return out


# ---------------------------------------------------------------------------- assimilated
def assimilated(ctx: Context) -> list[Candidate]:
    """Established loanwords in Arabic script (تكنولوجيا), category ``assimilated``."""
    d, types = ctx.d, ctx.types
    out = []
    for i in np.flatnonzero(types.assim_hit[d.code] & ~ctx.taken & ~d.clitic).tolist():
        p, source_word = types.assim[int(d.code[i])]
        out.append(
            _arabic_candidate(
                d,
                i,
                i,
                len(p),
                brand=source_word,
                category="assimilated",
                source="assimilated",
                priority=6,
            )
        )
    return out


# ---------------------------------------------------------------------------- name_score
def brand_tokens(ctx: Context) -> np.ndarray:
    """Tokens covered by a first-stage brand candidate."""
    covered = np.zeros(len(ctx.d), dtype=bool)
    for c in ctx.cands:
        if c.category == "brand":
            covered[c.tok : c.tok_end + 1] = True
    return covered


def folded_vocabulary(ctx: Context) -> set[str]:
    """Folded forms of the document's word types."""
    return set(ctx.types.folded[np.unique(ctx.d.code)].tolist())


def name_score(ctx: Context) -> list[Candidate]:
    """Unknown Arabic-script names accepted by the calibrated scorer (:mod:`.scorer`)."""
    d, types = ctx.d, ctx.types
    brands = brand_tokens(ctx)
    eligible = candidate_tokens(d, ctx.taken)
    opts = types.options()
    evidence = token_evidence(d, brands, opts)
    latin = latin_skeleton_set(d)
    keep = scoring_mask(d, eligible, opts, context_weights(), evidence, latin)
    return score_names(d, ctx.lex, ctx.taken, brands, folded_vocabulary(ctx), keep=keep)


#: Evidence kinds of the second stage (run on the first stage's resolved candidates), in order.
EVIDENCE: dict[str, Callable[[Context], list[Candidate]]] = {
    "gloss": gloss,
    "doc_latin": doc_latin,
    "classifier": classifier,
    "name_score": name_score,
}
