"""Latin-script evidence: lexicon forms, unknown names by shape (``latin_shape``), English and
French words (``english_french``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from corpus_tools.charsets import ARABIC_LETTER
from corpus_tools.loanwords.document import (
    QUOTES,
    Candidate,
    DocArrays,
    clitic_before,
    gap,
    head_before,
)
from corpus_tools.loanwords.lexicon import Lexicon
from corpus_tools.loanwords.wordlists import (
    fold,
    french_only,
    lists,
    lowerset,
    strip_clitics,
)

__all__ = ["latin_candidates", "merge_runs"]

_LATIN_TLD = re.compile(r"\.(?:com|net|org|ai|io|co|gov|edu|tv|me)$", re.IGNORECASE)
_FRENCH_CHARS = re.compile(r"[àâäçéèêëîïôöùûüÿœæ]", re.IGNORECASE)
_UNIT = re.compile(r"^\d+(?:[.,]\d+)?[A-Za-z]{1,3}$")
_CODE = re.compile(r"^[A-Za-z]{1,2}\d+[A-Za-z]?$|^\d+$")
_SPACES = re.compile(r"[ \t\u00a0]+")
_ARABIC_WORD = re.compile(f"[{ARABIC_LETTER}]{{3,}}")


@dataclass(frozen=True)
class Segment:
    """A piece of a Latin run: first and last token, and the lexicon brand it matches."""

    first: int
    last: int
    canonical: str | None


def latin_runs(d: DocArrays) -> list[list[int]]:
    """Maximal runs of Latin/digit tokens separated by plain spaces (no punctuation, no newline)."""
    script = np.asarray(d.script, dtype=object)
    ok = ((script == "latin") | (script == "digit")) & ~d.residue
    runs: list[list[int]] = []
    for i in np.flatnonzero(ok).tolist():  # Latin/digit tokens only (a few per cent)
        if (
            runs
            and runs[-1][-1] == i - 1
            and d.sentence[i] == d.sentence[i - 1]
            and _SPACES.fullmatch(gap(d, i))
        ):
            runs[-1].append(i)
        else:
            runs.append([i])
    return [r for r in runs if any(d.script[i] == "latin" for i in r)]


def is_french(words: Sequence[str]) -> bool:
    """French function words, elisions, accents, or only French-only words."""
    fw = frozenset(lists()["french_function_words"])
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
        and all(w in french_only() or w in fw for w in lows)
        and any(w in french_only() for w in lows)
        and not any(w.isupper() and len(w) > 1 for w in words)
    )


def _lexicon_hit(
    d: DocArrays, run: list[int], words: list[str], k: int, lex: Lexicon, heur: frozenset[str]
) -> Segment | None:
    """The longest lexicon form starting at ``run[k]``."""
    for n in range(min(lex.max_latin_words, len(run) - k), 0, -1):
        surf = " ".join(words[k : k + n])
        key_surf = _LATIN_TLD.sub("", surf) if n == 1 else surf
        key = tuple(w.casefold() for w in key_surf.split())
        for entry in lex.latin.get(key, []):
            exact = entry.exact
            if exact is not None and key_surf == surf and not key_surf[:1].isupper():
                continue  # a common English word as a name must be capitalised: Apple
            if len(key_surf) == 1 and head_before(d, run[k], 1)[0] != "+":
                continue  # a one-letter name (X) needs its classifier: منصة X
            if exact is not None and exact != exact.replace("I", "l") and "variants" not in heur:
                continue
            return Segment(run[k], run[k + n - 1], entry.canonical)
    return None


def _product_parts(d: DocArrays, run: list[int], hit: Segment, lex: Lexicon) -> Segment:
    """A lexicon name followed by capitalised product words that are not names of their own
    is one name (guidelines rule 3: ``Google Shopping``, ``Perplexity Labs``, ``Llama
    Cookbook``); qualifiers, model codes and other lexicon names stay out (``iPhone X``,
    ``Samsung Galaxy``)."""
    quals, generic = lowerset("qualifiers"), lowerset("generic_terms")
    k = run.index(hit.last) + 1
    last = hit.last
    while k < len(run):
        w = d.surface[run[k]]
        low = w.casefold()
        if not (w[:1].isupper() and w[1:].islower() and w.isalpha() and len(w) >= 3):
            break
        if (low,) in lex.latin or low in quals or low in generic:
            break
        last = run[k]
        k += 1
    if last == hit.last:
        return hit
    return Segment(hit.first, last, " ".join(d.surface[hit.first : last + 1]))


def latin_segments(
    d: DocArrays, run: list[int], lex: Lexicon, heur: frozenset[str]
) -> list[Segment]:
    """Split a run into lexicon forms and unknown segments."""
    out: list[Segment] = []
    k = 0
    words = [d.surface[i] for i in run]
    connectors = lists()["english_connectors"]
    while k < len(run):
        hit = _lexicon_hit(d, run, words, k, lex, heur) if "lexicon" in heur else None
        if hit:
            hit = _product_parts(d, run, hit, lex)
            out.append(hit)
            k = run.index(hit.last) + 1
            continue
        if d.script[run[k]] == "digit":  # numbers end names: Windows 10, USB 3.1 Type C
            k += 1
            continue
        # unknown segment: extend while not starting a lexicon hit
        a = k
        k += 1
        while k < len(run) and d.script[run[k]] != "digit":
            if (words[k].casefold(),) in lex.latin and "lexicon" in heur:
                break
            w, prev = words[k], words[k - 1]
            joined = w.casefold() in connectors or prev.casefold() in connectors
            if w[:1].islower() != prev[:1].islower() and not joined:
                break  # a connector joins words of either case: Clash of Clans
            k += 1
        end = k - 1
        while end > a and words[end].casefold() in connectors:
            end -= 1  # a name never ends in a connector
        out.append(Segment(run[a], run[end], None))
    return out


@cache
def _generic_words() -> frozenset[str]:
    """Every word of the generic technology terms (casefolded)."""
    return frozenset(w for term in lowerset("generic_terms") for w in term.split())


def _common_category(
    words: list[str], text: str, prev_foreign: bool, heur: frozenset[str], lex: Lexicon
) -> str | None:
    """Generic terms, organisations, French and lowercase English: the category, or ``""``
    when the segment needs the shape rules."""
    low = [w.casefold() for w in words]
    generic, generic_words = lowerset("generic_terms"), _generic_words()
    if text.casefold() in generic or all(w in generic_words or _UNIT.match(w) for w in low):
        return "english"
    orgs = lowerset("organisations")
    if text.casefold() in orgs or (len(words) == 1 and low[0] in orgs):
        return None
    if "english_french" in heur and is_french(words):
        return "foreign"
    if prev_foreign and all(w.isupper() for w in words):
        return "foreign" if "english_french" in heur else None
    if all(w[:1].islower() and not re.search(r"[A-Z]", w[1:]) for w in words):
        if "english_french" not in heur:
            return None
        return "english" if all(w in lex.english_words or w in generic for w in low) else None
    return ""


def _is_person(words: list[str], low: list[str], shaped: bool, lex: Lexicon) -> bool:
    """Two or more capitalised non-English words (Pavel Durov), not ending in a name tail
    (Google Play, Boston Dynamics are names)."""
    titles = [w for w in words if w[:1].isupper()]
    dictionary = lex.dictionary_words
    non_english = [w for w in titles if w.casefold() not in dictionary and not w.isupper()]
    return (
        len(titles) >= 2
        and len(titles) == len(words)
        and bool(non_english)
        and not shaped
        and not set(lists()["english_connectors"]) & set(low)
        and low[-1] not in lowerset("name_tails")
    )


def _shape_category(
    d: DocArrays, a: int, words: list[str], prev_anchor: bool, lex: Lexicon
) -> str | None:
    """Category of an unknown capitalised/acronym/camelCase segment from its shape."""
    low = [w.casefold() for w in words]
    if all(_UNIT.match(w) for w in words):
        return None
    qualifiers = lowerset("qualifiers")
    if all(w in qualifiers for w in low):  # a lone qualifier or codename: Lite, Oreo, Pro Max
        return "brand" if head_before(d, a, 1)[0] == "+" else None
    if prev_anchor and (
        all(w in qualifiers or _CODE.match(w) or len(w) <= 2 for w in low) or len(words) <= 2
    ):
        return None
    sign, dist = head_before(d, a, 8)
    if sign == "-":
        return None
    positive = sign == "+" and dist <= 2
    camel = any(re.search(r"[a-z][A-Z]", w) or re.match(r"^[a-z]+[A-Z]", w) for w in words)
    acronym = any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words)
    digits = any(re.search(r"\d", w) and re.search(r"[A-Za-z]", w) for w in words)
    dictionary = lex.dictionary_words
    non_english = [
        w for w in words if w[:1].isupper() and w.casefold() not in dictionary and not w.isupper()
    ]
    if len(words) == 1 and len(words[0]) == 1:
        return "brand" if positive and dist == 1 else None
    if all(re.fullmatch(r"[\d.,x×X]+", w) for w in words):
        return None
    if digits and not camel and all(_CODE.match(w) for w in words):
        return "brand" if positive and dist == 1 else None
    # acronym glossing a translated Arabic name: الاتحاد الدولي للاتصالات (ITU)
    if (
        not positive
        and a > 0
        and d.surface[a - 1] == "("
        and _translated_before(d, a - 1, lex.native_words)
    ):
        return None
    if _is_person(words, low, camel or acronym or digits, lex):
        return None
    if camel or acronym or digits or non_english:
        return "brand"
    return "brand" if positive else "english"


def classify_unknown_latin(
    d: DocArrays,
    a: int,
    b: int,
    prev_anchor: bool,
    prev_foreign: bool,
    heur: frozenset[str],
    lex: Lexicon,
) -> str | None:
    """Category of an unknown Latin segment: brand, english, foreign or None (not a loanword)."""
    words = [d.surface[i] for i in range(a, b + 1) if d.script[i] == "latin"]
    if not words:
        return None
    text = " ".join(d.surface[i] for i in range(a, b + 1))
    common = _common_category(words, text, prev_foreign, heur, lex)
    if common != "":
        return common
    if "latin_shape" not in heur:
        return None
    return _shape_category(d, a, words, prev_anchor, lex)


def _translated_before(d: DocArrays, j: int, native: frozenset[str]) -> bool:
    """True when the two Arabic words before position ``j`` are native words (a translation)."""
    got = 0
    k = j - 1
    while k >= 0 and got < 2:
        if d.script[k] == "punct" and d.surface[k] in QUOTES:
            k -= 1
            continue
        if d.script[k] != "arabic" or d.clitic[k]:
            return False
        if not any(fold(s) in native for s in strip_clitics(d.norm[k]) or [d.norm[k]]):
            return False
        got += 1
        k -= 1
    return got == 2


def anchor_before(d: DocArrays, a: int, anchors: set[int]) -> bool:
    """Is the segment right after a product name (+ version number)? (``آيفون X``, ``S8 بلس``)"""
    j = a - 1
    while (
        j >= 0
        and (d.script[j] == "digit" or d.surface[j] in (".", "+"))
        and not gap(d, j + 1).count("\n")
    ):
        j -= 1
    return j >= 0 and j in anchors and not re.search(r"[^\s]", gap(d, j + 1).replace("\u00a0", ""))


def _trim_unknown(d: DocArrays, a: int, b: int) -> int:
    """Drop trailing qualifiers and model codes of an unknown name (Touchwiz Grace UX)."""
    quals = lowerset("qualifiers")
    while b > a and (
        d.script[b] == "digit" or d.surface[b].casefold() in quals or _CODE.match(d.surface[b])
    ):
        b -= 1
    return b


def _lexicon_candidate(d: DocArrays, a: int, b: int, canonical: str) -> Candidate:
    return Candidate(
        doc=d.id,
        start=int(d.start[a]),
        end=int(d.end[b]),
        brand=canonical,
        script="latin",
        category="brand",
        clitic=clitic_before(d, a),
        tok=a,
        tok_end=b,
        source="lexicon",
        priority=0,
        in_lexicon=True,
    )


def latin_candidates(
    d: DocArrays, lex: Lexicon, heur: frozenset[str], anchors: set[int]
) -> list[Candidate]:
    """Latin-script candidates of one document; adds their last tokens to ``anchors``."""
    out: list[Candidate] = []
    prev_foreign_end = -10
    for run in latin_runs(d):
        for seg in latin_segments(d, run, lex, heur):
            a, b = seg.first, seg.last
            while b > a and d.script[b] == "digit":  # trim digits at the edge: "Windows 10"
                b -= 1
            if seg.canonical is not None:
                out.append(_lexicon_candidate(d, a, b, seg.canonical))
                anchors.add(b)
                continue
            if d.script[a] == "digit":
                continue
            b = _trim_unknown(d, a, b)
            start, end = int(d.start[a]), int(d.end[b])
            between = d.text[d.end[prev_foreign_end] : start] if prev_foreign_end >= 0 else "x"
            prev_foreign = (
                prev_foreign_end >= 0 and not _ARABIC_WORD.search(between) and len(between) < 8
            )
            cat = classify_unknown_latin(
                d, a, b, anchor_before(d, a, anchors), prev_foreign, heur, lex
            )
            if cat is None:
                continue
            if cat == "foreign":
                prev_foreign_end = b
            else:
                anchors.add(b)
            surface = d.text[start:end]
            out.append(
                Candidate(
                    doc=d.id,
                    start=start,
                    end=end,
                    brand=surface if cat == "brand" else surface.casefold(),
                    script="latin",
                    category=cat,
                    clitic=clitic_before(d, a),
                    tok=a,
                    tok_end=b,
                    source="latin_shape" if cat == "brand" else "english_french",
                    priority=2,
                )
            )
    return out


def merge_runs(d: DocArrays, cands: list[Candidate]) -> list[Candidate]:
    """Join neighbouring foreign (or english) pieces of one Latin run into one span."""
    out: list[Candidate] = []
    for c in cands:
        if out:
            a = out[-1]
            same = a.category == c.category and a.category in ("foreign", "english")
            if same and _SPACES.fullmatch(d.text[a.end : c.start]):
                out[-1] = Candidate(
                    doc=a.doc,
                    start=a.start,
                    end=c.end,
                    brand=d.text[a.start : c.end].casefold(),
                    script="latin",
                    category=a.category,
                    clitic=a.clitic,
                    tok=a.tok,
                    tok_end=c.tok_end,
                    source=a.source,
                    priority=a.priority,
                )
                continue
        out.append(c)
    return out
