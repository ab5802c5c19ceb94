"""Unknown Arabic-script names, decided by one calibrated model over generic evidence.

Every Arabic-script word of a document that the lexicon did not claim is a candidate
(proclitics split off as described in :func:`_split`). Its evidence is gathered per document
and per folded stem (all occurrences of a name share one decision, which is how a name
confirmed once is *propagated* to its other occurrences):

=================  ============================================================================
feature            meaning
=================  ============================================================================
``translit``       learned transliteration log-odds of the stem (:func:`translit_scores`)
``native``         the stem is a word of the Arabic word list or a stopword
``native_letters`` ح ع ظ ض or a hamza seat inside, or a final ـاء (rare in transliterations)
``template``       an Arabic derivational template (تفعيل، مفعول، -ات، -ية ...)
``short``          three letters or fewer
``repeated``       log(1 + occurrences in the document) − log 2, clipped to [0, 3]
``classifier``     a classifier noun (شركة، تطبيق، منصة ...) right before an occurrence
``company_verb``   a feminine reporting/business verb right before (أعلنت، قالت ...)
``person_cue``     a title or masculine verb right before (الرئيس، قال ...), a person's name
                   right before, or a title up to three words before (الرئيس التنفيذي لجوجل X)
``brand_next``     another brand mention (lexicon or Latin) within two tokens, same sentence
``latin_form``     a Latin-script capitalised word of the document has the same skeleton
``quoted``         an occurrence stands in quotes
``place``          the stem is a place name (``places``)
``acronym``        a run of two or more Arabic letter names (إيه إم دي، تي إس إم سي)
``person_name``    the stem is a known given or family name (``person_names``)
``coordinated``    joined by و or a comma to another candidate that looks transliterated
                   (logit ≥ 1) or to a brand mention: a list of names (ديل ولينوفو وإتش بي)
``juxtaposed``     a name-like neighbour written right next to it with only a space, and the
                   stem never written alone: a first and last name (شيرل ساندبيرغ)
``negative_head``  a non-brand head noun up to two words before (قمة، معهد، مدينة ...), in
                   at least a third of the occurrences
=================  ============================================================================

Vetoes come first: a candidate that is a place (``place``), a known person's name
(``person_name``) or follows a non-brand head noun (``negative_head``) is never a brand
(GUIDELINES.md: people, places, events and organisations are not annotated), whatever its
score; :data:`VETOES` lists them. The weights are a logistic regression fit by ``scripts/fit_loanword_scorer.py`` on these
generic features of the evaluation set with every gold brand left out of the lexicon (so the
model never sees a brand's identity, only how names behave), stored with the script's
settings in ``data/loanword_scorer.json``. A candidate is accepted when its probability is at
least the stored ``threshold`` (0.5: the calibrated even-odds point).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from corpus_tools.loanwords.document import (
    LISTED_TEMPLATES,
    NAME_GAP,
    NATIVE_LETTERS,
    Candidate,
    DocArrays,
    gap,
    head_before,
    strip_prefix_len,
)
from corpus_tools.loanwords.lexicon import Lexicon
from corpus_tools.loanwords.transliteration import hamza_boundary, skeleton, skeletons
from corpus_tools.loanwords.wordlists import (
    assimilated,
    data_text,
    fold,
    normset,
    prefixed_forms,
    prefixes_of,
    stopwords,
    strip_clitics,
)
from corpus_tools.normalize import normalize
from corpus_tools.translit_model import load_model

__all__ = [
    "FEATURES",
    "SCORER_FILE",
    "VETOES",
    "Scorer",
    "feature_table",
    "load_scorer",
    "name_candidates",
    "occurrence_span",
    "score_names",
    "vetoed",
]

SCORER_FILE = "loanword_scorer.json"
FEATURES: tuple[str, ...] = (
    "translit",
    "native",
    "native_letters",
    "template",
    "short",
    "repeated",
    "classifier",
    "company_verb",
    "person_cue",
    "brand_next",
    "latin_form",
    "quoted",
    "place",
    "acronym",
    "person_name",
    "coordinated",
    "juxtaposed",
    "negative_head",
)
#: Features that reject a candidate outright (before the model is consulted).
VETOES: tuple[str, ...] = ("place", "person_name", "negative_head")
#: Evidence from the context: a candidate needs at least one (its spelling alone is not enough).
CONTEXT: tuple[str, ...] = (
    "repeated",
    "classifier",
    "company_verb",
    "brand_next",
    "latin_form",
    "quoted",
    "acronym",
    "coordinated",
)
#: Occurrence evidence that counts for a stem only when at least a third of its occurrences
#: show it (a veto; any other occurrence evidence counts once: OR over the occurrences).
_SHARED: tuple[str, ...] = ("negative_head",)
REPEATED_CAP = 3.0
#: Features that depend on the stem alone (the rest depend on the occurrences' context).
STEM_FEATURES: tuple[str, ...] = (
    "translit",
    "native",
    "native_letters",
    "template",
    "short",
    "place",
    "acronym",
    "person_name",
)
_OPEN_QUOTES = frozenset("\"“«'")
#: Evidence read around each occurrence (columns of :func:`_occurrence_matrix`).
_OCCURRENCE_FEATURES: tuple[str, ...] = (
    "classifier",
    "company_verb",
    "person_cue",
    "brand_next",
    "quoted",
    "negative_head",
)
_CAPITALISED = re.compile(r"^[A-Z][A-Za-z]+$")


@dataclass(frozen=True)
class Scorer:
    """Logistic-regression weights over :data:`FEATURES` and the acceptance threshold."""

    weights: np.ndarray
    bias: float
    threshold: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(name is a brand | features), one row of ``x`` per candidate."""
        return 1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias)))


@cache
def load_scorer() -> Scorer:
    """The shipped weights (``data/loanword_scorer.json``)."""
    data = json.loads(data_text(SCORER_FILE))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{SCORER_FILE}: features {data['features']} != {list(FEATURES)}")
    return Scorer(np.asarray(data["weights"], dtype=float), data["bias"], data["threshold"])


@dataclass(frozen=True)
class Occurrence:
    """One candidate occurrence: tokens ``tok..tok_end``, proclitic ``prefix``, folded stem
    (``stem``) and normalised stem (``written``, hamza seats kept)."""

    tok: int
    tok_end: int
    prefix: str
    stem: str
    written: str
    acronym: bool = False


def _split(d: DocArrays, i: int, vocab: set[str]) -> tuple[str, str]:
    """(proclitic, stem) of token ``i``: a proclitic before a hamza-seated alef (وأمازون);
    a proclitic whose stem is written bare elsewhere in the document (الفيسبوك … فيسبوك; but
    اليكسا keeps its ال); و before a stem not starting with ا/و/ي (وايمو and
    ويندوز keep their و); else the whole word."""
    norm = d.norm[i]
    if hamza_boundary(d.surface[i]):
        return norm[:1], norm[1:]
    splits = [p for p in prefixes_of(norm) if p and len(norm) - len(p) >= 3]
    for p in reversed(splits):
        stem = norm[len(p) :]
        if fold(stem) in vocab:
            return p, stem
    if "و" in splits and norm[1] not in "اوي":
        return "و", norm[1:]
    return "", norm


def _letter_run(d: DocArrays, i: int, taken: np.ndarray) -> int:
    """Last token of a run of Arabic letter names starting at ``i`` (``i`` if none)."""
    letters = normset("letter_names")
    j = i
    while (
        j + 1 < len(d)
        and not taken[j + 1]
        and d.norm[j + 1] in letters
        and NAME_GAP.fullmatch(gap(d, j + 1))
    ):
        j += 1
    return j


def name_candidates(
    d: DocArrays, taken: np.ndarray, folded_vocab: set[str], keep: np.ndarray | None = None
) -> list[Occurrence]:
    """Candidate occurrences of one document (tokens not claimed by the first stage; with
    ``keep``, only tokens it marks)."""
    stop, assim, letters = stopwords(), assimilated(), normset("letter_names")
    out: list[Occurrence] = []
    arabic = np.asarray(d.script, dtype=object) == "arabic"
    mask = arabic & ~taken & ~d.clitic & ~d.residue
    if keep is not None:
        mask &= keep
    i_list = np.flatnonzero(mask).tolist()
    skip_to = -1
    # (is a letter name, (prefix, folded stem, stem) or None) per written word, computed once
    seen: dict[tuple[str, str], tuple[bool, tuple[str, str, str] | None]] = {}
    for i in i_list:
        if i <= skip_to:
            continue
        key = (d.surface[i], d.norm[i])
        kind = seen.get(key)
        if kind is None:
            kind = seen[key] = _candidate_kind(d, i, folded_vocab, letters, stop, assim)
        if kind[0]:
            j = _letter_run(d, i, taken)
            if j > i:
                p = next(
                    p for p in prefixes_of(d.norm[i]) or [""] if d.norm[i][len(p) :] in letters
                )
                written = " ".join(d.norm[i : j + 1])[len(p) :]
                out.append(Occurrence(i, j, p, written, written, acronym=True))
                skip_to = j
            continue
        if kind[1] is not None:
            out.append(Occurrence(i, i, *kind[1]))
    return out


def _candidate_kind(
    d: DocArrays,
    i: int,
    folded_vocab: set[str],
    letters: frozenset[str],
    stop: frozenset[str],
    assim: Mapping[str, str],
) -> tuple[bool, tuple[str, str, str] | None]:
    """Token ``i`` as a candidate: a letter name (starts an acronym run), or its (proclitic,
    folded stem, stem), or None (too short, a stopword or an assimilated loanword)."""
    stems = strip_clitics(d.norm[i]) or [d.norm[i]]
    if any(s in letters for s in stems):
        return True, None
    p, stem = _split(d, i, folded_vocab)
    if len(stem) < 3 or stem in stop or stem in assim or d.norm[i] in stop:
        return False, None
    return False, (p, fold(stem), stem)


def _neighbours(
    d: DocArrays, table: pd.DataFrame, logits: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per stem: ``coordinated`` (an occurrence joined by و or a comma to a name-like
    neighbour) and ``juxtaposed`` (every occurrence next to a name-like word, space only)."""
    namelike: dict[int, bool] = {}
    for occs, lg, native in zip(table["occurrences"], logits, table["native"], strict=True):
        for o in occs:
            namelike[o.tok] = bool(lg >= 1.0 and not native) or o.acronym
            namelike[o.tok_end] = namelike[o.tok]
    out, juxt = [], []
    for occs in table["occurrences"]:
        hit, alone = False, False
        for o in occs:
            nxt, prev = o.tok_end + 1, o.tok - 1
            after = nxt < len(d) and namelike.get(nxt, False) and d.norm[nxt].startswith("و")
            comma_after = (
                nxt + 1 < len(d) and d.surface[nxt] in "،," and namelike.get(nxt + 1, False)
            )
            before = o.prefix.startswith("و") and namelike.get(prev, False)
            comma_before = prev > 0 and d.surface[prev] in "،," and namelike.get(prev - 1, False)
            hit = hit or bool(after or comma_after or before or comma_before)
            side = [
                k
                for k in (prev, nxt)
                if 0 <= k < len(d) and namelike.get(k, False) and gap(d, max(k, o.tok)) == " "
            ]
            plain = [k for k in side if not (k == nxt and d.norm[nxt].startswith("و"))]
            alone = alone or not plain or (prev in side and o.prefix != "")
        out.append(float(hit))
        juxt.append(float(not alone))
    return np.asarray(out), np.asarray(juxt)


def _person_before(d: DocArrays, i: int) -> bool:
    """A person's name right before token ``i`` (براين أكتون), or a title two or three
    Arabic words before it (الرئيس التنفيذي لشركة جوجل، سوندار)."""
    seen = 0
    j = i - 1
    while j >= 0 and seen < 4:
        if d.script[j] == "punct":
            if d.surface[j] not in "،,":
                return False
            j -= 1
            continue
        if d.script[j] != "arabic":
            return False
        seen += 1
        if seen == 1 and _in_list(d.norm[j], "person_names"):
            return True
        if (
            seen >= 2
            and _in_list(d.norm[j], "person_cues")
            and not _in_list(d.norm[j], "company_verbs")
        ):
            return bool(d.norm[j] in normset("person_titles"))
        j -= 1
    return False


@cache
def _list_forms(key: str) -> frozenset[str]:
    """Every proclitic + word form of a word list of ``loanwords.json``."""
    return frozenset(prefixed_forms(dict.fromkeys(normset(key), True)))


def _in_list(word: str, key: str) -> bool:
    """Is ``word`` a word of the list ``key``, after any proclitic?"""
    return word in _list_forms(key)


def _previous_words(d: DocArrays, toks: np.ndarray) -> list[str]:
    """The Arabic word right before each token of ``toks`` (quotes skipped, proclitics kept;
    ``""`` if none or across a line break)."""
    n = len(d)
    open_quote = np.fromiter(
        (sc == "punct" and s in _OPEN_QUOTES for sc, s in zip(d.script, d.surface, strict=True)),
        dtype=bool,
        count=n,
    )
    last_word = np.maximum.accumulate(np.where(open_quote, -1, np.arange(n)))
    j = np.where(toks > 0, last_word[np.maximum(toks - 1, 0)], -1)
    out = []
    for k in j.tolist():
        ok = k >= 0 and d.script[k] == "arabic" and "\n" not in gap(d, k + 1)
        out.append(d.norm[k] if ok else "")
    return out


def _brand_near(d: DocArrays, occurrences: list[Occurrence], brand_toks: np.ndarray) -> np.ndarray:
    """Another brand token within two tokens of an occurrence, in its sentence."""
    n = len(d)
    tok = np.fromiter((o.tok for o in occurrences), dtype=np.int64, count=len(occurrences))
    end = np.fromiter((o.tok_end for o in occurrences), dtype=np.int64, count=len(occurrences))
    sentence = np.asarray(d.sentence)
    hit = np.zeros(len(tok), dtype=bool)
    for off in range(-2, 3 + int((end - tok).max(initial=0))):
        k = tok + off
        inside = (k >= 0) & (k < n) & (k <= end + 2)
        kk = np.clip(k, 0, max(n - 1, 0))
        hit |= inside & brand_toks[kk] & (sentence[kk] == sentence[tok])
    return hit


def _occurrence_matrix(
    d: DocArrays, occurrences: list[Occurrence], brand_toks: np.ndarray
) -> np.ndarray:
    """:data:`_OCCURRENCE_FEATURES` of every occurrence (one row each)."""
    toks = np.fromiter((o.tok for o in occurrences), dtype=np.int64, count=len(occurrences))
    prev = _previous_words(d, toks)
    classifiers, verbs = _list_forms("classifiers"), _list_forms("company_verbs")
    cues = _list_forms("person_cues")
    starts = d.start[toks].tolist()
    cols = [
        [p in classifiers for p in prev],
        [p in verbs for p in prev],
        [p in cues or _person_before(d, t) for p, t in zip(prev, toks.tolist(), strict=True)],
        _brand_near(d, occurrences, brand_toks),
        [st > 0 and d.text[st - 1] in _OPEN_QUOTES for st in starts],
        [head_before(d, t, 2)[0] == "-" for t in toks.tolist()],
    ]
    return np.column_stack([np.asarray(c, dtype=float) for c in cols]).reshape(-1, len(cols))


def _stem_features(o: Occurrence, lex: Lexicon) -> dict[str, float]:
    native = lex.native_words
    stem, written, acronym = o.stem, o.written, o.acronym
    return {
        "native": float(not acronym and stem in native),
        "native_letters": float(not acronym and bool(NATIVE_LETTERS.search(written))),
        "template": float(not acronym and bool(LISTED_TEMPLATES.search(written))),
        "short": float(len(stem) <= 3),
        "place": float(stem in _places()),
        "person_name": float(stem in _person_names()),
        "acronym": float(acronym),
    }


@cache
def _places() -> frozenset[str]:
    return frozenset(fold(w) for p in normset("places") for w in (p, *strip_clitics(p)))


@cache
def _person_names() -> frozenset[str]:
    return frozenset(fold(w) for w in normset("person_names"))


def translit_scores(written: Sequence[str]) -> np.ndarray:
    """Transliteration log-odds of normalised stems under the learned model of
    :mod:`corpus_tools.translit_model` (trained on rendered English words against Arabic word
    forms, never on a brand name), clipped to ±8."""
    return np.clip(load_model().logits(list(written)), -8.0, 8.0)


def _latin_forms(firsts: list[Occurrence], latin_skeletons: set[str]) -> list[bool]:
    """Does a Latin capitalised word of the document share each stem's skeleton?"""
    if not latin_skeletons:
        return [False] * len(firsts)
    skels = skeletons([o.stem for o in firsts])
    return [not o.acronym and k in latin_skeletons for o, k in zip(firsts, skels, strict=True)]


def feature_table(
    d: DocArrays, occurrences: list[Occurrence], lex: Lexicon, brand_toks: np.ndarray
) -> pd.DataFrame:
    """One row per folded stem of the document: the :data:`FEATURES` (occurrence evidence
    OR-ed over its occurrences) and ``occurrences`` (their list)."""
    latin_skeletons = {
        skeleton(s)
        for s, sc in zip(d.surface, d.script, strict=True)
        if sc == "latin" and (_CAPITALISED.match(s) or (s.isupper() and len(s) > 1))
    }
    latin_skeletons = {s for s in latin_skeletons if len(s) >= 3}
    group, stems = pd.factorize(pd.Series([o.stem for o in occurrences], dtype=object))
    occ = _occurrence_matrix(d, occurrences, brand_toks)
    agg = np.zeros((len(stems), occ.shape[1]))
    for c, name in enumerate(_OCCURRENCE_FEATURES):
        (np.add if name in _SHARED else np.maximum).at(agg[:, c], group, occ[:, c])
    members: list[list[Occurrence]] = [[] for _ in range(len(stems))]
    for g, o in zip(group.tolist(), occurrences, strict=True):
        members[g].append(o)
    rows: dict[str, dict[str, object]] = {}
    firsts = [occs[0] for occs in members]
    latin_forms = _latin_forms(firsts, latin_skeletons)
    for g, occs in enumerate(members):
        o = occs[0]
        latin_form = latin_forms[g]
        rows[o.stem] = {
            **_stem_features(o, lex),
            **dict(zip(_OCCURRENCE_FEATURES, agg[g].tolist(), strict=True)),
            "latin_form": float(latin_form),
            "occurrences": occs,
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    if len(table):
        n_occ = table["occurrences"].map(len).to_numpy(float)
        for k in _SHARED:
            table[k] = (table[k].to_numpy(float) / n_occ >= 1 / 3).astype(float)
        first = [occs[0] for occs in table["occurrences"]]
        logits = translit_scores([o.written for o in first])
        table["translit"] = np.where([o.acronym for o in first], 0.0, logits)
        table["coordinated"], table["juxtaposed"] = _neighbours(d, table, logits)
        n = table["occurrences"].map(len).to_numpy(float)
        table["repeated"] = np.clip(np.log1p(n) - np.log(2), 0.0, REPEATED_CAP)
    return table


def occurrence_span(d: DocArrays, o: Occurrence) -> tuple[int, int]:
    """Character offsets of an occurrence without its proclitic."""
    start = int(d.start[o.tok]) + strip_prefix_len(d.surface[o.tok], len(o.prefix))
    return start, int(d.end[o.tok_end])


def vetoed(table: pd.DataFrame) -> np.ndarray:
    """Candidates rejected by a veto (:data:`VETOES`), or with no evidence but their spelling
    (:data:`CONTEXT`): a transliterated word alone may be a person, a band or a place."""
    veto = table[list(VETOES)].to_numpy(float).max(axis=1) > 0
    no_context = table[list(CONTEXT)].to_numpy(float).max(axis=1) <= 0
    return np.asarray(veto | no_context, dtype=bool)


def _tail_end(d: DocArrays, j: int, taken: np.ndarray) -> int:
    """Extend a name over following name tails and letter names (واتس آب، أوبن إيه آي), not
    over a model code (إس 9)."""
    tails = normset("arabic_name_tails") | normset("letter_names")
    k = j + 1
    while (
        k < len(d)
        and not taken[k]
        and d.norm[k] in tails
        and NAME_GAP.fullmatch(gap(d, k))
        and not (k + 1 < len(d) and d.script[k + 1] == "digit")
    ):
        j, k = k, k + 1
    return j


def _accepted_candidate(d: DocArrays, o: Occurrence, end_tok: int) -> Candidate:
    start = occurrence_span(d, o)[0]
    end = int(d.end[end_tok])
    return Candidate(
        doc=d.id,
        start=start,
        end=end,
        brand=normalize(d.text[start:end]),
        script="arabic",
        category="brand",
        clitic=d.text[d.start[o.tok] : start],
        tok=o.tok,
        tok_end=end_tok,
        source="name_score",
        priority=8,  # after the rule-based evidence and its propagation
    )


def _stem_options(norm: str) -> list[tuple[str, str]]:
    """Every (written stem, folded stem) a word type may be split into."""
    stems = [norm] + [norm[len(p) :] for p in prefixes_of(norm) if p and len(norm) - len(p) >= 3]
    if len(norm) > 1:
        stems.append(norm[1:])  # a proclitic before a hamza-seated alef
    return [(s, fold(s)) for s in stems]


def promising_types(norms: Sequence[str], lex: Lexicon) -> np.ndarray:
    """Which word types can reach the threshold at all, or look like a name to a neighbour
    (logit ≥ 1, not native; letter names always): the best stem-only score over the type's
    splits plus every positive context weight is an upper bound of its probability, so the
    others are skipped without changing any decision (vocabulary-sized, vectorised)."""
    scorer = load_scorer()
    weights = dict(zip(FEATURES, scorer.weights, strict=True))
    options = [_stem_options(n) for n in norms]
    owner = np.repeat(np.arange(len(norms)), [len(o) for o in options])
    flat = [o for opts in options for o in opts]
    if not flat:
        return np.zeros(len(norms), dtype=bool)
    written = [w for w, _ in flat]
    logits = translit_scores(written)
    native = np.array([f in lex.native_words for _, f in flat])
    places, persons = _places(), _person_names()
    stem_part = (
        weights["translit"] * logits
        + weights["native"] * native
        + weights["native_letters"] * np.array([bool(NATIVE_LETTERS.search(w)) for w in written])
        + weights["template"] * np.array([bool(LISTED_TEMPLATES.search(w)) for w in written])
        + weights["short"] * np.array([len(f) <= 3 for _, f in flat])
        + weights["place"] * np.array([f in places for _, f in flat])
        + weights["person_name"] * np.array([f in persons for _, f in flat])
    )
    context = sum(max(w, 0.0) for k, w in weights.items() if k not in STEM_FEATURES)
    context += max(weights["repeated"], 0.0) * (REPEATED_CAP - 1.0)  # counted once above
    bound = 1.0 / (1.0 + np.exp(-(stem_part + context + scorer.bias)))
    good = (bound >= scorer.threshold) | ((logits >= 1.0) & ~native)
    keep = np.zeros(len(norms), dtype=bool)
    np.logical_or.at(keep, owner, good)
    letters = normset("letter_names")
    keep |= np.array([any(s in letters for s in strip_clitics(n) or [n]) for n in norms])
    return keep


def score_names(
    d: DocArrays,
    lex: Lexicon,
    taken: np.ndarray,
    brand_toks: np.ndarray,
    folded_vocab: set[str],
    keep: np.ndarray | None = None,
) -> list[Candidate]:
    """Candidates for the stems whose probability reaches the scorer's threshold (``keep``:
    tokens worth scoring, from :func:`promising_types`)."""
    occurrences = name_candidates(d, taken, folded_vocab, keep)
    if not occurrences:
        return []
    table = feature_table(d, occurrences, lex, brand_toks)
    scorer = load_scorer()
    prob = scorer.probability(table[list(FEATURES)].to_numpy(float))
    prob[vetoed(table)] = 0.0
    accepted = [
        o
        for occs, pr in zip(table["occurrences"], prob, strict=True)
        if pr >= scorer.threshold
        for o in occs
    ]
    out = [_accepted_candidate(d, o, _tail_end(d, o.tok_end, taken)) for o in accepted]
    return _join_neighbours(d, out, _standalone_stems(accepted))


def _standalone_stems(accepted: list[Occurrence]) -> set[str]:
    """Stems with an occurrence that has no accepted word right before or after it."""
    toks = {o.tok for o in accepted}
    return {o.stem for o in accepted if o.tok - 1 not in toks and o.tok_end + 1 not in toks}


def _join_neighbours(d: DocArrays, cands: list[Candidate], standalone: set[str]) -> list[Candidate]:
    """Accepted words written next to each other form one multiword name (سناب دراغون),
    unless each is also written alone in the document (سامسونغ غالاكسي: company + product,
    two names)."""
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
            prev = out[-1]
            out[-1] = _merged(d, prev, c)
            continue
        out.append(c)
    return out


def _merged(d: DocArrays, first: Candidate, second: Candidate) -> Candidate:
    return Candidate(
        doc=first.doc,
        start=first.start,
        end=second.end,
        brand=normalize(d.text[first.start : second.end]),
        script="arabic",
        category="brand",
        clitic=first.clitic,
        tok=first.tok,
        tok_end=second.tok_end,
        source=first.source,
        priority=first.priority,
    )
