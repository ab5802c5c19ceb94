"""Unknown Arabic-script names, decided by one calibrated model over generic evidence.

Every Arabic-script word of a document that the lexicon did not claim is a candidate
(proclitics split off as described in :func:`_split`). Its evidence is gathered per document
and per folded stem (all occurrences of a name share one decision, which is how a name
confirmed once is *propagated* to its other occurrences):

=================  ============================================================================
feature            meaning
=================  ============================================================================
``translit``       learned transliteration log-odds of the stem (:func:`translit_scores`)
``native``         the stem is a word of the Arabic word list or a stopword, or a sound plural
                   or dual of a common Arabic word (:mod:`.morphology`)
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
from corpus_tools.loanwords.morphology import is_inflected_native
from corpus_tools.loanwords.pruning import ContextWeights, StemOptions, stem_options
from corpus_tools.loanwords.spans import join_neighbours, tail_ends
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
    "candidate_tokens",
    "context_weights",
    "feature_table",
    "latin_skeleton_set",
    "load_scorer",
    "name_candidates",
    "occurrence_span",
    "score_names",
    "token_evidence",
    "type_options",
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


def candidate_tokens(d: DocArrays, taken: np.ndarray) -> np.ndarray:
    """Tokens that may be unknown-name candidates: Arabic script, not claimed by the first
    stage, not a detached clitic or residue."""
    arabic = d.is_script("arabic")
    return np.asarray(arabic & ~taken & ~d.clitic & ~d.residue, dtype=bool)


def name_candidates(
    d: DocArrays, taken: np.ndarray, folded_vocab: set[str], keep: np.ndarray | None = None
) -> list[Occurrence]:
    """Candidate occurrences of one document (tokens not claimed by the first stage; with
    ``keep``, only tokens it marks)."""
    stop, assim, letters = stopwords(), assimilated(), normset("letter_names")
    out: list[Occurrence] = []
    mask = candidate_tokens(d, taken)
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
    d: DocArrays, members: list[list[Occurrence]], logits: np.ndarray, natives: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per stem: ``coordinated`` (an occurrence joined by و or a comma to a name-like
    neighbour) and ``juxtaposed`` (every occurrence next to a name-like word, space only)."""
    namelike: dict[int, bool] = {}
    for occs, lg, native in zip(members, logits, natives, strict=True):
        for o in occs:
            namelike[o.tok] = bool(lg >= 1.0 and not native) or o.acronym
            namelike[o.tok_end] = namelike[o.tok]
    out, juxt = [], []
    for occs in members:
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
    out = []
    for k in _last_word_before(d, toks).tolist():
        ok = k >= 0 and d.script[k] == "arabic" and "\n" not in gap(d, k + 1)
        out.append(d.norm[k] if ok else "")
    return out


def _brand_near(
    d: DocArrays, tok: np.ndarray, end: np.ndarray, brand_toks: np.ndarray
) -> np.ndarray:
    """Another brand token within two tokens of each span ``tok..end``, in its sentence."""
    n = len(d)
    sentence = np.asarray(d.sentence)
    hit = np.zeros(len(tok), dtype=bool)
    for off in range(-2, 3 + int((end - tok).max(initial=0))):
        k = tok + off
        inside = (k >= 0) & (k < n) & (k <= end + 2)
        kk = np.clip(k, 0, max(n - 1, 0))
        hit |= inside & brand_toks[kk] & (sentence[kk] == sentence[tok])
    return hit


def _open_quotes(d: DocArrays) -> np.ndarray:
    """Per token: is it an opening quote (one character of ``_OPEN_QUOTES``)?"""
    one_char = (d.end - d.start) == 1
    return d.is_script("punct") & one_char & _quote_at(d, d.start)


def _quote_at(d: DocArrays, offsets: np.ndarray) -> np.ndarray:
    """Is the character at each offset (≥ 0) an opening quote?"""
    chars = np.frombuffer(d.text.encode("utf-32-le"), dtype=np.uint32)
    quotes = np.fromiter((ord(q) for q in _OPEN_QUOTES), dtype=np.uint32)
    return np.isin(chars[np.clip(offsets, 0, max(len(chars) - 1, 0))], quotes) & (offsets >= 0)


def _last_word_before(d: DocArrays, toks: np.ndarray) -> np.ndarray:
    """The token right before each of ``toks``, opening quotes skipped (-1 if none)."""
    n = len(d)
    last_word = np.maximum.accumulate(np.where(_open_quotes(d), -1, np.arange(n)))
    return np.where(toks > 0, last_word[np.maximum(toks - 1, 0)], -1)


def _quoted(d: DocArrays, toks: np.ndarray) -> np.ndarray:
    """Does an opening quote character stand right before each token of ``toks``?"""
    return _quote_at(d, d.start[toks] - 1)


def token_evidence(
    d: DocArrays, brand_toks: np.ndarray, opts: StemOptions
) -> dict[str, np.ndarray]:
    """Per token, context evidence an occurrence there may show (a superset of what
    :func:`_occurrence_matrix` finds: the line-break test is left out): ``classifier``,
    ``company_verb`` (such a word form right before, per word type in ``opts``),
    ``brand_next`` and ``quoted``."""
    toks = np.arange(len(d))
    prev = _last_word_before(d, toks)
    prev_code = d.code[np.maximum(prev, 0)]
    return {
        "classifier": (prev >= 0) & opts.classifier_form[prev_code],
        "company_verb": (prev >= 0) & opts.verb_form[prev_code],
        "brand_next": _brand_near(d, toks, toks, brand_toks),
        "quoted": _quoted(d, toks),
    }


def _occurrence_matrix(
    d: DocArrays, occurrences: list[Occurrence], brand_toks: np.ndarray
) -> np.ndarray:
    """:data:`_OCCURRENCE_FEATURES` of every occurrence (one row each)."""
    toks = np.fromiter((o.tok for o in occurrences), dtype=np.int64, count=len(occurrences))
    prev = _previous_words(d, toks)
    classifiers, verbs = _list_forms("classifiers"), _list_forms("company_verbs")
    cues = _list_forms("person_cues")
    ends = np.fromiter((o.tok_end for o in occurrences), dtype=np.int64, count=len(occurrences))
    cols = [
        [p in classifiers for p in prev],
        [p in verbs for p in prev],
        [p in cues or _person_before(d, t) for p, t in zip(prev, toks.tolist(), strict=True)],
        _brand_near(d, toks, ends, brand_toks),
        _quoted(d, toks),
        [head_before(d, t, 2)[0] == "-" for t in toks.tolist()],
    ]
    return np.column_stack([np.asarray(c, dtype=float) for c in cols]).reshape(-1, len(cols))


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


def latin_skeleton_set(d: DocArrays) -> set[str]:
    """Skeletons (three classes or more) of the document's capitalised Latin words."""
    latin = np.flatnonzero(d.is_script("latin")).tolist()
    words = [d.surface[i] for i in latin]
    found = {skeleton(s) for s in words if _CAPITALISED.match(s) or (s.isupper() and len(s) > 1)}
    return {s for s in found if len(s) >= 3}


_STEM_COLUMNS = ("native", "native_letters", "template", "short", "place", "person_name", "acronym")


def _stem_columns(firsts: list[Occurrence], lex: Lexicon) -> dict[str, np.ndarray]:
    """The stem-only features of each stem (its first occurrence), as columns."""
    native, places, persons = lex.native_words, _places(), _person_names()
    plain = np.array([not o.acronym for o in firsts], dtype=bool)

    def col(values: list[bool]) -> np.ndarray:
        return np.asarray(values, dtype=float)

    return {
        "native": col([o.stem in native or is_inflected_native(o.stem) for o in firsts]) * plain,
        "native_letters": col([bool(NATIVE_LETTERS.search(o.written)) for o in firsts]) * plain,
        "template": col([bool(LISTED_TEMPLATES.search(o.written)) for o in firsts]) * plain,
        "short": col([len(o.stem) <= 3 for o in firsts]),
        "place": col([o.stem in places for o in firsts]),
        "person_name": col([o.stem in persons for o in firsts]),
        "acronym": col([o.acronym for o in firsts]),
    }


def _features(
    d: DocArrays, occurrences: list[Occurrence], lex: Lexicon, brand_toks: np.ndarray
) -> tuple[dict[str, np.ndarray], list[list[Occurrence]]]:
    """The columns of :func:`feature_table` (one value per stem) and each stem's
    occurrences, stems in order of first occurrence."""
    group, stems = pd.factorize(pd.Series([o.stem for o in occurrences], dtype=object))
    occ = _occurrence_matrix(d, occurrences, brand_toks)
    agg = np.zeros((len(stems), occ.shape[1]))
    for c, name in enumerate(_OCCURRENCE_FEATURES):
        (np.add if name in _SHARED else np.maximum).at(agg[:, c], group, occ[:, c])
    members: list[list[Occurrence]] = [[] for _ in range(len(stems))]
    for g, o in zip(group.tolist(), occurrences, strict=True):
        members[g].append(o)
    firsts = [occs[0] for occs in members]
    n_occ = np.fromiter(map(len, members), dtype=float, count=len(members))
    columns = _stem_columns(firsts, lex)
    for c, name in enumerate(_OCCURRENCE_FEATURES):
        columns[name] = (agg[:, c] / n_occ >= 1 / 3).astype(float) if name in _SHARED else agg[:, c]
    columns["latin_form"] = np.asarray(_latin_forms(firsts, latin_skeleton_set(d)), dtype=float)
    logits = translit_scores([o.written for o in firsts])
    columns["translit"] = np.where(columns["acronym"] > 0, 0.0, logits)
    columns["coordinated"], columns["juxtaposed"] = _neighbours(
        d, members, logits, columns["native"]
    )
    columns["repeated"] = np.clip(np.log1p(n_occ) - np.log(2), 0.0, REPEATED_CAP)
    return columns, members


def feature_table(
    d: DocArrays, occurrences: list[Occurrence], lex: Lexicon, brand_toks: np.ndarray
) -> pd.DataFrame:
    """One row per folded stem of the document (index: the stems, in order of first
    occurrence): the :data:`FEATURES` (occurrence evidence OR-ed over its occurrences) and
    ``occurrences`` (their list)."""
    if not occurrences:
        return pd.DataFrame()
    columns, members = _features(d, occurrences, lex, brand_toks)
    table = pd.DataFrame(columns, index=pd.Index([occs[0].stem for occs in members]))
    table.insert(len(_STEM_COLUMNS) + len(_OCCURRENCE_FEATURES) + 1, "occurrences", members)
    return table


def occurrence_span(d: DocArrays, o: Occurrence) -> tuple[int, int]:
    """Character offsets of an occurrence without its proclitic."""
    start = int(d.start[o.tok]) + strip_prefix_len(d.surface[o.tok], len(o.prefix))
    return start, int(d.end[o.tok_end])


def vetoed(table: pd.DataFrame) -> np.ndarray:
    """Candidates rejected by a veto (:data:`VETOES`), or with no evidence but their spelling
    (:data:`CONTEXT`): a transliterated word alone may be a person, a band or a place."""
    return vetoed_rows(table[list(FEATURES)].to_numpy(float))


def vetoed_rows(x: np.ndarray) -> np.ndarray:
    """:func:`vetoed` of a feature matrix (columns: :data:`FEATURES`)."""
    veto = x[:, [FEATURES.index(k) for k in VETOES]].max(axis=1, initial=0.0) > 0
    context = x[:, [FEATURES.index(k) for k in CONTEXT]].max(axis=1, initial=0.0) > 0
    return np.asarray(veto | ~context, dtype=bool)


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


def context_weights() -> ContextWeights:
    """The scorer's weights as the pruning bound reads them (:mod:`.pruning`)."""
    scorer = load_scorer()
    weights = dict(zip(FEATURES, scorer.weights.tolist(), strict=True))
    context = [k for k in FEATURES if k not in STEM_FEATURES]
    return ContextWeights(
        weights={k: max(weights[k], 0.0) for k in context},  # the best case of each
        bias=scorer.bias,
        repeated_cap=REPEATED_CAP,
        threshold=scorer.threshold,
        needed=tuple(k for k in CONTEXT if k != "acronym"),  # acronyms are always scored
    )


def type_options(norms: Sequence[str], lex: Lexicon) -> StemOptions:
    """The stem options of every word type with their stem-only logit part
    (:func:`.pruning.stem_options` under the shipped weights)."""
    scorer = load_scorer()
    weights = dict(zip(FEATURES, scorer.weights.tolist(), strict=True))
    lists = {
        "places": _places(),
        "persons": _person_names(),
        "classifiers": _list_forms("classifiers"),
        "company_verbs": _list_forms("company_verbs"),
        "never_candidates": stopwords() | frozenset(assimilated()),
    }
    return stem_options(norms, lex, weights, translit_scores, lists)


def score_names(
    d: DocArrays,
    lex: Lexicon,
    taken: np.ndarray,
    brand_toks: np.ndarray,
    folded_vocab: set[str],
    keep: np.ndarray | None = None,
) -> list[Candidate]:
    """Candidates for the stems whose probability reaches the scorer's threshold (``keep``:
    tokens worth scoring, from :func:`.pruning.scoring_mask`)."""
    occurrences = name_candidates(d, taken, folded_vocab, keep)
    if not occurrences:
        return []
    columns, members = _features(d, occurrences, lex, brand_toks)
    scorer = load_scorer()
    x = np.column_stack([columns[k] for k in FEATURES])
    prob = scorer.probability(x)
    prob[vetoed_rows(x)] = 0.0
    accepted = [
        o for occs, pr in zip(members, prob, strict=True) if pr >= scorer.threshold for o in occs
    ]
    ends = tail_ends(d, [o.tok_end for o in accepted], taken, lex)
    out = [_accepted_candidate(d, o, end) for o, end in zip(accepted, ends, strict=True)]
    return join_neighbours(d, out, _standalone_stems(accepted))


def _standalone_stems(accepted: list[Occurrence]) -> set[str]:
    """Stems with an occurrence that has no accepted word right before or after it."""
    toks = {o.tok for o in accepted}
    return {o.stem for o in accepted if o.tok - 1 not in toks and o.tok_end + 1 not in toks}
