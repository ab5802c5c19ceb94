"""Brand-mention detection: evidence functions run per document, overlaps resolved."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from corpus_tools.gold import GOLD_COLUMNS
from corpus_tools.loanwords.document import (
    Candidate,
    DocArrays,
    WordTypes,
    build_types,
    doc_arrays,
)
from corpus_tools.loanwords.evidence import (
    EVIDENCE,
    Context,
    arabic_lexicon,
    assimilated,
    brand_tokens,
    folded_vocabulary,
    has_context,
    propagate,
)
from corpus_tools.loanwords.latin import latin_candidates, merge_runs
from corpus_tools.loanwords.lexicon import Lexicon, default_lexicon, load_lexicon
from corpus_tools.loanwords.scorer import FEATURES, feature_table, name_candidates, occurrence_span
from corpus_tools.loanwords.spans import to_closing_quote
from corpus_tools.signature import extend_signature

if TYPE_CHECKING:
    from corpus_tools.corpus import Corpus, Document

__all__ = [
    "CATEGORIES",
    "HEURISTICS",
    "MENTION_COLUMNS",
    "brand_mentions",
    "name_feature_tables",
    "orthographic_tokens",
    "texts_of",
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
    "name_score",
    "propagate",
    "assimilated",
)

#: Columns of the mentions table, in order.
MENTION_COLUMNS: dict[str, str] = {
    **GOLD_COLUMNS,  # a mention table holds every column of a gold file, then the detector's
    "clitic": "str",
    "sentence": "int32",
    "source": "str",
    "in_lexicon": "bool",
}


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: lower priority first, then longer, then earlier."""
    cands = sorted(cands, key=lambda c: (c.start, c.priority, -(c.end - c.start)))
    kept: list[Candidate] = []
    starts: list[int] = []  # kept spans, sorted by start (disjoint, so ends sorted too)
    ends: list[int] = []
    for c in sorted(cands, key=lambda c: (c.priority, -(c.end - c.start), c.start)):
        if _overlaps(c, kept, starts, ends):
            continue
        kept.append(c)
        if c.end > c.start:
            at = bisect.bisect_left(starts, c.start)
            starts.insert(at, c.start)
            ends.insert(at, c.end)
    return sorted(kept, key=lambda c: c.start)


def _overlaps(c: Candidate, kept: list[Candidate], starts: list[int], ends: list[int]) -> bool:
    """Does ``c`` overlap a kept span? Binary search over the disjoint non-empty kept spans
    (the last one starting before ``c`` ends is the only one that can reach it); an empty
    span anywhere falls back to the pairwise test."""
    if c.end <= c.start or len(starts) != len(kept):
        return any(c.start < k.end and k.start < c.end for k in kept)
    i = bisect.bisect_left(starts, c.end) - 1
    return i >= 0 and ends[i] > c.start


def _covered(n: int, cands: list[Candidate]) -> np.ndarray:
    taken = np.zeros(n, dtype=bool)
    for c in cands:
        taken[c.tok : c.tok_end + 1] = True
    return taken


def _first_stage(
    d: DocArrays, lex: Lexicon, types: WordTypes, heur: frozenset[str]
) -> list[Candidate]:
    """Lexicon spellings and Latin-script names, with the ``context`` filter applied."""
    cands: list[Candidate] = []
    anchors: set[int] = set()
    if "lexicon" in heur:
        cands = arabic_lexicon(d, lex, types)
        anchors.update(c.tok_end for c in cands)
    cands += merge_runs(d, latin_candidates(d, lex, heur, anchors))
    cands = resolve(cands)
    if "context" in heur:
        ok = [c for c in cands if not c.ambiguous or has_context(d, c, cands)]
        good_brands = {c.brand for c in ok if c.ambiguous}
        cands = [c for c in cands if not c.ambiguous or c in ok or c.brand in good_brands]
    return cands


def detect_doc(
    d: DocArrays, lex: Lexicon, types: WordTypes, heur: frozenset[str]
) -> list[Candidate]:
    """All mentions of one document, resolved."""
    cands = _first_stage(d, lex, types, heur)
    ctx = Context(d=d, lex=lex, types=types, cands=cands, taken=_covered(len(d), cands))
    extra: list[Candidate] = []
    for name, find in EVIDENCE.items():
        if name in heur:
            extra += find(ctx)
    if "propagate" in heur and extra:
        # the rules' names spread first; the scorer's own decisions cover all occurrences
        ruled = [c for c in extra if c.source != "name_score"]
        found = resolve(cands + ruled)
        evidence = [c for c in found if c.source in EVIDENCE]
        extra += propagate(d, evidence, _covered(len(d), found), types)
    if "assimilated" in heur:
        extra += assimilated(ctx)
    found = resolve(cands + extra)
    taken = _covered(len(d), found)
    return [_with_plus(d, to_closing_quote(d, c, taken)) for c in found]


def _with_plus(d: DocArrays, c: Candidate) -> Candidate:
    """A ``+`` written onto a brand is part of its name (``Disney+``, ``ديزني+``)."""
    j = c.tok_end + 1
    if (
        c.category == "brand"
        and j < len(d)
        and d.surface[j] == "+"
        and int(d.start[j]) == c.end
        and (j + 1 == len(d) or int(d.start[j + 1]) > int(d.end[j]) or d.script[j + 1] == "punct")
    ):
        return replace(c, end=int(d.end[j]), tok_end=j)
    return c


def name_feature_tables(
    corpus: Corpus | Document | str,
    lexicon: Lexicon,
    tokens: pd.DataFrame | None = None,
    heuristics: Iterable[str] = HEURISTICS,
) -> pd.DataFrame:
    """The scorer's candidate table of every document (what ``name_score`` decides on): one
    row per document and folded stem with :data:`~.scorer.FEATURES`, ``doc``, ``stem`` and
    ``spans`` (the (start, end) of each occurrence). Used to fit the scorer."""

    heur = _check_heuristics(heuristics)
    tokens = orthographic_tokens(corpus, tokens)
    texts = texts_of(corpus)
    codes, types = _word_types(tokens, lexicon)
    tables = []
    for d in doc_arrays(tokens, texts, codes):
        cands = _first_stage(d, lexicon, types, heur)
        ctx = Context(d=d, lex=lexicon, types=types, cands=cands, taken=_covered(len(d), cands))
        occurrences = name_candidates(d, ctx.taken, folded_vocabulary(ctx))
        table = feature_table(d, occurrences, lexicon, brand_tokens(ctx))
        if len(table):
            spans = [[(occurrence_span(d, o)) for o in occs] for occs in table["occurrences"]]
            spans_col = pd.Series(spans, index=table.index, dtype=object)
            tables.append(table.drop(columns="occurrences").assign(doc=d.id, spans=spans_col))
    out = pd.concat(tables) if tables else pd.DataFrame(columns=[*FEATURES, "doc", "spans"])
    return out.rename_axis("stem").reset_index()


def orthographic_tokens(
    corpus: Corpus | Document | str, tokens: pd.DataFrame | None
) -> pd.DataFrame:
    """The token table the detector reads: orthographic Arabic words, proclitics split only
    off Latin words and numbers (the guidelines' spans exclude clitics the detector strips
    itself, and a clitic split can cut a name: ``ماك`` → ``ما`` + ``ك``). A table segmented
    into clitics (two Arabic pieces of one written word) has its pieces folded back into
    orthographic words (:func:`~corpus_tools.orthographic.orthographic_words`, no second
    tokenisation); without a table the corpus is tokenised orthographically."""
    from corpus_tools.normalize import normalize_series
    from corpus_tools.orthographic import orthographic_words
    from corpus_tools.tokenize import tokenize

    if tokens is None:
        return tokenize(corpus, segmentation="orthographic")
    if not _clitic_segmented(tokens):
        return tokens
    return orthographic_words(tokens, texts_of(corpus), normalize_series)


def _clitic_segmented(tokens: pd.DataFrame) -> bool:
    if "token_start" not in tokens or len(tokens) < 2:
        return False
    arabic = (tokens["script"] == "arabic").to_numpy()
    start = tokens["token_start"].to_numpy()
    doc = tokens["doc"].astype(str).to_numpy()
    same_word = (start[1:] == start[:-1]) & (doc[1:] == doc[:-1])
    return bool((same_word & arabic[1:] & arabic[:-1]).any())


def texts_of(corpus: Corpus | Document | str) -> dict[str, str]:
    """Document id → text (a plain string is document ``""``)."""
    if isinstance(corpus, str):
        return {"": corpus}
    from corpus_tools.corpus import Document

    docs = [corpus] if isinstance(corpus, Document) else list(corpus)
    return {d.id: d.text for d in docs}


def _word_types(tokens: pd.DataFrame, lexicon: Lexicon) -> tuple[np.ndarray, WordTypes]:
    """Word-type codes of the tokens and the attributes of each type."""
    codes, norms = pd.factorize(tokens["norm"].astype(object).fillna(""))
    is_ar = np.zeros(len(norms), dtype=bool)
    is_ar[np.unique(codes[(tokens["script"] == "arabic").to_numpy()])] = True
    return codes, build_types(np.asarray(norms, dtype=object), is_ar, lexicon)


def _mention_table(
    rows: list[Candidate], sentences: list[int], texts: dict[str, str], lexicon: Lexicon
) -> pd.DataFrame:
    lex_names = lexicon.canonicals
    return pd.DataFrame(
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


def _check_heuristics(heuristics: Iterable[str]) -> frozenset[str]:
    heur = frozenset(heuristics)
    unknown = heur - set(HEURISTICS)
    if unknown:
        raise ValueError(f"unknown heuristic(s) {sorted(unknown)}; choose from {list(HEURISTICS)}")
    return heur


def brand_mentions(
    corpus: Corpus | Document | str,
    tokens: pd.DataFrame | None = None,
    *,
    lexicon: Lexicon | None = None,
    heuristics: Iterable[str] = HEURISTICS,
    exclude_brands: Iterable[str] = (),
) -> pd.DataFrame:
    """Find brand names and other English loanwords in Arabic text.

    Parameters
    ----------
    corpus : a :class:`~corpus_tools.corpus.Corpus`, a :class:`Document` or a plain string
        (document id ``""``).
    tokens : its token table (:func:`corpus_tools.tokenize.tokenize`); computed when omitted
        (orthographic words); a table segmented into clitics is re-tokenised orthographically
        (:func:`orthographic_tokens`).
    lexicon : a compiled lexicon (:func:`load_lexicon`); default ``data/brands.tsv``.
    heuristics : names from :data:`HEURISTICS` to use (all by default).
    exclude_brands : canonical brand names to leave out of every knowledge source (the
        lexicon's entries and generated variants, and the lists trained from it); not
        together with ``lexicon`` (use ``load_lexicon(exclude=...)`` for a custom one).

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

    heur = _check_heuristics(heuristics)
    exclude = tuple(exclude_brands)
    if exclude and lexicon is not None:
        raise ValueError("give exclude_brands to load_lexicon(exclude=...) with a custom lexicon")
    if lexicon is None:
        lexicon = (
            default_lexicon()
            if "variants" in heur and not exclude
            else load_lexicon(exclude=exclude, variants="variants" in heur)
        )
    tokens = orthographic_tokens(corpus, tokens)
    texts = texts_of(corpus)
    codes, types = _word_types(tokens, lexicon)
    rows: list[Candidate] = []
    sentences: list[int] = []
    for d in doc_arrays(tokens, texts, codes):
        found = detect_doc(d, lexicon, types, heur)
        rows.extend(found)
        sentences.extend(int(d.sentence[c.tok]) for c in found)
    df = _mention_table(rows, sentences, texts, lexicon)
    df.attrs["signature"] = extend_signature(
        tokens.attrs.get("signature"),
        task="loanwords",
        lexicon=f"brands.tsv:{len(lexicon.table)}",
        heuristics="+".join(h for h in HEURISTICS if h in heur),
    )
    return df
