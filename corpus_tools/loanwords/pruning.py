"""Which unknown-name candidates can reach the scorer's threshold at all (exact pruning).

The scorer (:mod:`.scorer`) decides per document and folded stem; its features are a
stem-only part (transliteration score, native word, template ...) and context read around
the occurrences. Most words of a text cannot reach the threshold whatever their context, and
gathering their context is the detector's main cost. An *upper bound* of each stem's
probability skips them without changing any decision:

* every word type is split once into each stem it may yield (:func:`stem_options`: the
  splits of ``scorer._split``), with the stem-only part of its logit and its skeleton;
* per document, the tokens that may be candidates are expanded into (token, stem option)
  rows; per stem, the bound adds to its best stem-only part the ``repeated`` weight for the
  number of tokens that may carry it and the weight of each other context feature that one
  of those tokens may show (a superset, read with shifted arrays: :func:`scoring_mask`);
  a stem with no possible context evidence at all is vetoed as the scorer vetoes it;
* a stem is scored when its bound reaches the threshold, or when one of its written forms
  looks like a name to a neighbour (logit ≥ 1, not native: the ``coordinated`` and
  ``juxtaposed`` features of other stems read it); a token is scored when any of its stems
  is, and letter names (acronym runs) always are.

A stem kept keeps every token that may carry it, so its features are exactly those of the
unpruned computation; a stem dropped could not be accepted and is name-like to nobody.
Everything here is vocabulary-sized or a vectorised pass over a document's tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from corpus_tools.loanwords.document import LISTED_TEMPLATES, NATIVE_LETTERS, DocArrays
from corpus_tools.loanwords.lexicon import Lexicon
from corpus_tools.loanwords.morphology import inflected_native
from corpus_tools.loanwords.transliteration import arabic_skeletons
from corpus_tools.loanwords.wordlists import PREFIXES, fold, normset, proclitic_runs

__all__ = ["ContextWeights", "StemOptions", "scoring_mask", "stem_options"]

_MARGIN = 1e-9  # the bound's sum runs in another order than the scorer's dot product


@dataclass(frozen=True)
class StemOptions:
    """Every stem each word type may be split into, one row per (type, written stem); rows
    of type ``c`` are ``offsets[c]:offsets[c + 1]``. Per-type flags at the end."""

    offsets: np.ndarray
    stem: np.ndarray  # integer id of the folded stem
    skeleton: np.ndarray  # integer id of the folded stem's skeleton (in ``skeleton_ids``)
    stem_part: np.ndarray  # stem-only part of the logit (weights · stem features)
    namelike: np.ndarray  # logit of the written stem ≥ 1 and not a native word
    letter: np.ndarray  # per type: a letter name (may start an acronym run)
    classifier_form: np.ndarray  # per type: a classifier noun after any proclitic
    verb_form: np.ndarray  # per type: a company verb after any proclitic
    skeleton_ids: Mapping[str, int]


@dataclass(frozen=True)
class ContextWeights:
    """What the bound reads of the scorer: the best-case (positive part) weight of each
    context feature, the bias, the cap of ``repeated``, the threshold and the context
    features of which a candidate needs one (else it is vetoed)."""

    weights: Mapping[str, float]
    bias: float
    repeated_cap: float
    threshold: float
    needed: tuple[str, ...]


def _prefix_table(norms: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Word lengths, and per proclitic of :data:`PREFIXES` whether each word starts with it
    inside its proclitic run (:func:`prefixes_of` before the stem-length rule)."""
    lengths = np.fromiter(map(len, norms), dtype=np.int64, count=len(norms))
    runs, distinct = pd.factorize(pd.Series(proclitic_runs(norms), dtype=object))
    starts = {
        p: np.fromiter((str(r).startswith(p) for r in distinct), dtype=bool, count=len(distinct))[
            runs
        ]
        for p in PREFIXES
    }
    return lengths, starts


def _option_rows(
    norms: list[str], excluded: frozenset[str] = frozenset()
) -> tuple[np.ndarray, list[str]]:
    """(type, written stem) of every stem option, distinct per type, sorted by type: the
    whole word, each proclitic split leaving three letters or more, and the word without its
    first letter (a proclitic before a hamza-seated alef): the splits of ``scorer._split``.
    Stems that are never candidates are left out: shorter than three letters, or in
    ``excluded`` (stopwords, assimilated loanwords), and every stem of an excluded word."""
    lengths, starts = _prefix_table(norms)
    owners, written = [np.arange(len(norms))], [list(norms)]
    cuts = [(len(p), starts[p] & (lengths >= len(p) + 3)) for p in PREFIXES if p]
    for k, ok in [*cuts, (1, lengths > 1)]:
        idx = np.flatnonzero(ok)
        owners.append(idx)
        written.append([norms[i][k:] for i in idx.tolist()])
    rows = pd.DataFrame(
        {"owner": np.concatenate(owners), "written": [w for ws in written for w in ws]}
    )
    stems = rows["written"]
    whole_excluded = pd.Series(norms, dtype=object).isin(excluded).to_numpy(bool)
    possible = (
        (stems.str.len() >= 3).to_numpy(bool)
        & ~stems.isin(excluded).to_numpy(bool)
        & ~whole_excluded[rows["owner"].to_numpy()]
    )
    rows = rows[possible].drop_duplicates().sort_values("owner", kind="stable")
    return rows["owner"].to_numpy(np.int64), rows["written"].tolist()


def _letter_types(norms: list[str]) -> np.ndarray:
    """Per type: a letter name after any proclitic split (``strip_clitics``)."""
    lengths, starts = _prefix_table(norms)
    letters = pd.Series(sorted(normset("letter_names")), dtype=object)
    out = (lengths < 2) & pd.Series(norms, dtype=object).isin(letters).to_numpy(bool)
    longest = max(map(len, letters), default=0)
    for p in PREFIXES:
        fits = (lengths >= len(p) + 2) & (lengths <= len(p) + longest)
        idx = np.flatnonzero(starts[p] & fits)
        stems = pd.Series([norms[i][len(p) :] for i in idx.tolist()], dtype=object)
        out[idx[stems.isin(letters).to_numpy(bool)]] = True
    return out


def _matches(words: pa.Array, pattern: re.Pattern[str]) -> np.ndarray:
    found = pc.match_substring_regex(words, pattern.pattern)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def stem_options(
    norms: Sequence[str],
    lex: Lexicon,
    weights: Mapping[str, float],
    logits_of: Callable[[list[str]], np.ndarray],
    lists: Mapping[str, frozenset[str]],
) -> StemOptions:
    """The stem options of every word type (``norms``; ``""`` for types that are never
    candidates) with their stem-only logit part; ``lists``: the ``places``, ``persons``,
    ``classifiers`` and ``company_verbs`` forms and the ``never_candidates`` (stopwords and
    assimilated loanwords). Vocabulary-sized, vectorised."""
    norms = list(norms)
    owner, written = _option_rows(norms, lists["never_candidates"])
    folded = fold("\n".join(written)).split("\n") if written else []
    text, keys = pa.array(written, type=pa.string()), pd.Series(folded, dtype=object)
    logits = np.asarray(logits_of(written), dtype=float)
    native = keys.isin(lex.native_words).to_numpy(bool) | inflected_native(folded)
    short = np.fromiter(map(len, folded), dtype=np.int64, count=len(folded)) <= 3
    stem_part = (
        weights["translit"] * logits
        + weights["native"] * native
        + weights["native_letters"] * _matches(text, NATIVE_LETTERS)
        + weights["template"] * _matches(text, LISTED_TEMPLATES)
        + weights["short"] * short
        + weights["place"] * keys.isin(lists["places"]).to_numpy(bool)
        + weights["person_name"] * keys.isin(lists["persons"]).to_numpy(bool)
    )
    words = pd.Series(norms, dtype=object)
    stem_ids, distinct = pd.factorize(keys)  # skeletons of each distinct stem, once
    per_stem = arabic_skeletons([str(k) for k in distinct])
    skeleton, skeleton_names = pd.factorize(pd.Series(per_stem, dtype=object))
    return StemOptions(
        offsets=np.searchsorted(owner, np.arange(len(norms) + 1)),
        stem=stem_ids.astype(np.int64),
        skeleton=skeleton.astype(np.int64)[stem_ids],
        stem_part=np.asarray(stem_part, dtype=float),
        namelike=(logits >= 1.0) & ~native,
        letter=_letter_types(norms),
        classifier_form=words.isin(lists["classifiers"]).to_numpy(bool),
        verb_form=words.isin(lists["company_verbs"]).to_numpy(bool),
        skeleton_ids={str(k): i for i, k in enumerate(skeleton_names)},
    )


def _rows(opts: StemOptions, tok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(token, option row) of every stem option of the tokens ``tok``."""
    lo = opts.offsets[tok]
    cnt = opts.offsets[tok + 1] - lo
    first = np.repeat(np.cumsum(cnt) - cnt, cnt)
    return np.repeat(np.arange(len(tok)), cnt), np.repeat(lo, cnt) + np.arange(
        int(cnt.sum())
    ) - first


def _near(flag: np.ndarray, punct: np.ndarray) -> np.ndarray:
    """Per token: ``flag`` on a neighbour, or on the token beyond a punctuation neighbour
    (a superset of the scorer's ``coordinated`` test: و or a comma between two names)."""
    n = len(flag)
    out = np.zeros(n, dtype=bool)
    out[:-1] |= flag[1:]
    out[1:] |= flag[:-1]
    out[:-2] |= punct[1:-1] & flag[2:]
    out[2:] |= punct[1:-1] & flag[:-2]
    return out


def _any_per_stem(inv: np.ndarray, values: np.ndarray, n_stems: int) -> np.ndarray:
    return np.bincount(inv, weights=values.astype(float), minlength=n_stems) > 0


def scoring_mask(
    d: DocArrays,
    eligible: np.ndarray,
    opts: StemOptions,
    w: ContextWeights,
    evidence: Mapping[str, np.ndarray],
    latin_skeletons: set[str],
) -> np.ndarray:
    """Per token of ``d``: may its stem be accepted by the scorer, or be name-like to a
    neighbour? ``eligible``: tokens that may be candidates; ``evidence``: per token, the
    ``classifier``, ``company_verb``, ``brand_next`` and ``quoted`` evidence it may show;
    ``latin_skeletons``: those of the document's capitalised Latin words."""
    keep = np.zeros(len(d), dtype=bool)
    tok = np.flatnonzero(eligible)
    if not len(tok):
        return keep
    code = d.code[tok]
    row_tok, row = _rows(opts, code)
    row_tok = tok[row_tok]
    stems, inv = np.unique(opts.stem[row], return_inverse=True)
    k = len(stems)
    namelike = _any_per_stem(inv, opts.namelike[row], k)
    letter = np.zeros(len(d), dtype=bool)
    letter[tok[opts.letter[code]]] = True
    namelike_tok = letter.copy()
    namelike_tok[row_tok[namelike[inv]]] = True
    punct = d.is_script("punct")
    seen = {name: _any_per_stem(inv, flags[row_tok], k) for name, flags in evidence.items()}
    seen["coordinated"] = _any_per_stem(inv, _near(namelike_tok, punct)[row_tok], k)
    latin = [opts.skeleton_ids[sk] for sk in latin_skeletons if sk in opts.skeleton_ids]
    seen["latin_form"] = _any_per_stem(inv, np.isin(opts.skeleton[row], latin), k)
    count = np.bincount(inv, minlength=k).astype(float)
    seen["repeated"] = count >= 2
    best = np.full(k, -np.inf)
    np.maximum.at(best, inv, opts.stem_part[row])
    bound = best + w.bias
    for name, weight in w.weights.items():
        if name == "repeated":
            bound += weight * np.clip(np.log1p(count) - np.log(2), 0.0, w.repeated_cap)
        else:
            bound += weight * seen.get(name, True)  # evidence not checked: the best case
    context = np.zeros(k, dtype=bool)
    for name in w.needed:
        context |= seen.get(name, True)
    prob = 1.0 / (1.0 + np.exp(-(bound + _MARGIN)))
    scored = ((prob >= w.threshold) & context) | namelike
    keep[row_tok[scored[inv]]] = True
    return keep | letter
