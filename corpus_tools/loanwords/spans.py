"""Where an accepted name begins and ends (GUIDELINES.md: multiword names are one span; a
company name + a product word that is not a brand on its own is one span; spans exclude
quotes and clitics).

Three widenings, all read from the text around a name, never from its identity:

- a name takes in the name tails and letter names after it (واتس آب، أوبن إيه آي) and a
  product word right after it: an unclaimed transliteration or an English product word
  (:func:`tail_ends`: غوغل مابس، آبل باي، كامبردج أناليتيكا);
- accepted words written next to each other are one name unless each is also written alone
  (:func:`join_neighbours`: سناب دراغون, but سامسونغ غالاكسي are two);
- a name that opens a quote runs to the quote's close one word later
  (:func:`to_closing_quote`: "لينكد إن"، "سناب شات").
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import numpy as np

from corpus_tools.loanwords.document import NAME_GAP, Candidate, DocArrays, gap
from corpus_tools.loanwords.lexicon import Lexicon
from corpus_tools.loanwords.morphology import is_inflected_native
from corpus_tools.loanwords.wordlists import assimilated, fold, lists, normset, stopwords
from corpus_tools.normalize import normalize
from corpus_tools.translit_model import load_model, render_english

__all__ = ["join_neighbours", "plain_transliterations", "tail_ends", "to_closing_quote"]

#: Transliteration log-odds from which a word reads as foreign (as ``namelike`` in the scorer).
FOREIGN_LOGIT = 1.0
_OPEN_QUOTES = frozenset("\"“«'")
_CLOSE_QUOTES = frozenset("\"”»'")


@cache
def _rendered_name_tails() -> frozenset[str]:
    """The English product words that end names (``name_tails``: Play, Pay, Maps ...) in
    Arabic script, as the package's transliteration rules spell them (باي، بلاي، مابس),
    folded: product words although the Arabic word list holds them."""
    return frozenset(fold(render_english(w.casefold())) for w in lists()["name_tails"]["words"])


def plain_transliterations(
    d: DocArrays, toks: list[int], taken: np.ndarray, lex: Lexicon
) -> set[int]:
    """Tokens among ``toks`` that read as an unclaimed transliterated word: an English product
    word (:func:`_rendered_name_tails`) or a transliteration log-odds of at least
    :data:`FOREIGN_LOGIT` and not an Arabic word or an inflected one; never a stopword or an
    assimilated loanword, nor a word starting with و or ال, which begin a new item or an
    Arabic adjective."""
    never = stopwords() | frozenset(assimilated())
    plain = [
        k
        for k in sorted(set(toks))
        if k < len(d)
        and not taken[k]
        and d.script[k] == "arabic"
        and not d.clitic[k]
        and d.norm[k] not in never
        and not d.norm[k].startswith(("و", "ال"))
    ]
    tails = _rendered_name_tails()
    named = {k for k in plain if fold(d.norm[k]) in tails}
    cands = [
        k
        for k in plain
        if k not in named
        and fold(d.norm[k]) not in lex.native_words
        and not is_inflected_native(fold(d.norm[k]))
    ]
    logits = load_model().logits([d.norm[k] for k in cands])
    return named | {k for k, lg in zip(cands, logits.tolist(), strict=True) if lg >= FOREIGN_LOGIT}


def tail_ends(d: DocArrays, ends: list[int], taken: np.ndarray, lex: Lexicon) -> list[int]:
    """The last token of each name ending at ``ends``, extended over the name tails and
    letter names after it and a product word right after it (:func:`plain_transliterations`),
    within its sentence and not over a model code (إس 9)."""
    product = plain_transliterations(d, [j + 1 for j in ends], taken, lex)
    tails = normset("arabic_name_tails") | normset("letter_names")
    out = []
    for end in ends:
        last, k = end, end + 1
        while (
            k < len(d)
            and not taken[k]
            and (d.norm[k] in tails or (k == end + 1 and k in product))
            and d.sentence[k] == d.sentence[end]
            and NAME_GAP.fullmatch(gap(d, k))
            and not (k + 1 < len(d) and d.script[k + 1] == "digit")
        ):
            last, k = k, k + 1
        out.append(last)
    return out


def join_neighbours(d: DocArrays, cands: list[Candidate], standalone: set[str]) -> list[Candidate]:
    """Accepted words written next to each other form one multiword name (سناب دراغون),
    unless each is also written alone in the document (``standalone``, folded: سامسونغ
    غالاكسي, company + product, two names)."""
    cands = sorted(cands, key=lambda c: c.tok)
    out: list[Candidate] = []
    for c in cands:
        if (
            out
            and out[-1].tok_end + 1 == c.tok
            and not c.clitic
            and NAME_GAP.fullmatch(gap(d, c.tok))
            and d.sentence[c.tok] == d.sentence[out[-1].tok]
            and not (fold(out[-1].brand) in standalone and fold(c.brand) in standalone)
        ):
            out[-1] = _merged(d, out[-1], c)
            continue
        out.append(c)
    return out


def _merged(d: DocArrays, first: Candidate, second: Candidate) -> Candidate:
    end = second.end
    return replace(
        first, end=end, tok_end=second.tok_end, brand=normalize(d.text[first.start : end])
    )


def to_closing_quote(d: DocArrays, c: Candidate, taken: np.ndarray) -> Candidate:
    """An Arabic-script brand right after an opening quote whose quote closes one word later
    takes that word in ("لينكد إن"، "سناب شات"): the quotes delimit one name, whatever the
    word is, unless another mention (``taken``) holds it or it starts with و (a second item:
    "سلكي ولاسلكي"). A lexicon name keeps its span: its canonical name is for that span."""
    k = c.tok_end + 1
    if (
        c.category == "brand"
        and c.script == "arabic"
        and not c.in_lexicon
        and c.source != "lexicon"
        and c.start > 0
        and d.text[c.start - 1] in _OPEN_QUOTES
        and k + 1 < len(d)
        and not taken[k]
        and d.script[k] == "arabic"
        and not d.norm[k].startswith("و")
        and d.surface[k + 1] in _CLOSE_QUOTES
        and int(d.start[k + 1]) == int(d.end[k])
        and NAME_GAP.fullmatch(gap(d, k))
    ):
        end = int(d.end[k])
        return replace(c, end=end, tok_end=k, brand=normalize(d.text[c.start : end]))
    return c
