"""Learned transliteration evidence: how likely an Arabic-script word spells an English name.

A logistic regression over hashed character n-grams (with word-boundary marks ``^``/``$``) and a
word-length feature, trained by ``scripts/train_translit_model.py`` on general vocabulary only:

- positives: the English word list (``data/wordlist_en.txt``, wordfreq) rendered into Arabic
  script by the spelling rules of ``data/translit_model_rules.json`` and the lexicon's own
  vowel-dropping variant generator (:func:`corpus_tools.loanwords.lexicon.vowel_variants`);
- negatives: Arabic word forms (``data/wordlist_ar.txt`` and ``data/stopwords_ar.txt``);
- multiword examples: random acronyms spelled out in letter names (``بي بي سي``) and pairs of
  rendered English words vs pairs of native forms, so a sequence can be scored as one string
  (the space is a letter of the model).

Never on brand names: every brand of the lexicon (``data/brands.tsv``), its Latin forms and its
Arabic spellings with their generated variants are removed from both lists (:func:`exclusion`),
so a brand left out of the lexicon is known by name nowhere and can only be recognised by how
its spelling looks. The established loanwords of ``data/loanwords.json`` (``assimilated``) and
their English sources are reserved as an outside check and never trained on either.

Scores are probabilities under balanced class priors (both classes weighted equally in
training): 0.5 means "as likely a transliteration as a native form" before any context.

Hashing: the n-gram id is the base-64 number of its letter codes plus the order; its bucket is
the top ``bits`` bits of a 64-bit multiplicative (Fibonacci) hash (Knuth, TAOCP vol. 3, 6.4), so
features need no vocabulary and the weights are one dense array.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.normalize import normalize

__all__ = [
    "MODEL_FILE",
    "Exclusion",
    "FeatureSettings",
    "TrainingLists",
    "TranslitModel",
    "exclusion",
    "feature_pairs",
    "load_model",
    "render_english",
    "sequence_scores",
    "training_lists",
    "transliteration_scores",
]

MODEL_FILE = "translit_model.json"
RULES_FILE = "translit_model_rules.json"
_START, _END = "\x02", "\x03"
_HASH_MULT = np.uint64(0x9E3779B97F4A7C15)
_START_CODE, _END_CODE = 62, 63
_PROCLITICS = ("وال", "بال", "فال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_ENGLISH_WORD = re.compile(r"[a-z]*[aeiouy][a-z]*")
_TRIPLE = re.compile(r"(.)\1\1")
#: proclitics put on a share of the positives, so that a clitic is no evidence either way
_AUGMENT_CLITICS = ("و", "ب", "ل", "ال", "وال", "بال", "لل")


def _data_text(name: str) -> str:
    return resources.files("corpus_tools.data").joinpath(name).read_text("utf-8")


def _data_words(name: str) -> list[str]:
    lines = (line.strip() for line in _data_text(name).splitlines())
    return [w for w in lines if w and not w.startswith("#")]


# --------------------------------------------------------------------------------------------
# features
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeatureSettings:
    """How words become features (stored in the model header).

    Attributes
    ----------
    alphabet : the letters with their own code (1, 2, ...); every other character is code 0.
    fold : letters read as another letter first (Persian پ ڤ گ → ب ف ج ...).
    orders : character n-gram orders, boundary marks included.
    bits : log2 of the number of hash buckets.
    max_length : word lengths at or above it share one length feature.
    """

    alphabet: str = "ءابتثجحخدذرزسشصضطظعغفقكلمنهويةئؤ "
    fold: tuple[tuple[str, str], ...] = tuple(zip("پڤۋگڠچژکیېۆ", "بفوججشزكييو", strict=True))
    orders: tuple[int, ...] = (1, 2, 3, 4, 5)
    bits: int = 19
    max_length: int = 16

    def __post_init__(self) -> None:
        if len(self.alphabet) > 61:
            raise ValueError("alphabet: at most 61 letters (6-bit codes with 3 reserved)")

    def as_header(self) -> dict[str, Any]:
        return {
            "alphabet": self.alphabet,
            "fold": "".join(a + b for a, b in self.fold),
            "orders": list(self.orders),
            "bits": self.bits,
            "max_length": self.max_length,
        }

    @classmethod
    def from_header(cls, header: Mapping[str, Any]) -> FeatureSettings:
        return cls(
            alphabet=header["alphabet"],
            fold=tuple(zip(header["fold"][::2], header["fold"][1::2], strict=True)),
            orders=tuple(header["orders"]),
            bits=int(header["bits"]),
            max_length=int(header["max_length"]),
        )


@cache
def _code_table(settings: FeatureSettings) -> np.ndarray:
    """Code of every BMP character: letters 1.., start mark 62, end mark 63, the rest 0."""
    table = np.zeros(0x10000, dtype=np.uint8)
    for i, ch in enumerate(settings.alphabet, start=1):
        table[ord(ch)] = i
    for src, dst in settings.fold:
        table[ord(src)] = table[ord(dst)]
    if " " in settings.alphabet:  # every kind of whitespace is the space
        spaces = [c for c in range(0x10000) if chr(c).isspace()]
        table[spaces] = table[ord(" ")]
    table[ord(_START)], table[ord(_END)] = _START_CODE, _END_CODE
    return table


def _codes(words: Sequence[str], settings: FeatureSettings) -> np.ndarray:
    """Letter codes of the normalised words, each framed by start and end marks, in one array.

    Whitespace runs become one space, and none is kept next to a start or end mark.
    """
    stream = normalize(_START + (_END + _START).join(words) + _END)
    points = np.frombuffer(stream.encode("utf-32-le"), dtype=np.uint32)
    codes = _code_table(settings)[np.minimum(points, 0xFFFF)]
    if " " not in settings.alphabet:
        return codes
    space = settings.alphabet.index(" ") + 1
    for neighbour in (-1, 1):  # spaces after a space or a start mark, then before an end mark
        is_space = codes == space
        if not is_space.any():
            break
        if neighbour < 0:
            near = np.r_[_START_CODE, codes[:-1]]
            codes = codes[~(is_space & ((near == space) | (near == _START_CODE)))]
        else:
            codes = codes[~(is_space & (np.r_[codes[1:], _END_CODE] == _END_CODE))]
    return codes


def _bucket(ids: np.ndarray, bits: int) -> np.ndarray:
    return ((ids.astype(np.uint64) * _HASH_MULT) >> np.uint64(64 - bits)).astype(np.int64)


def feature_pairs(words: Sequence[str], settings: FeatureSettings) -> tuple[np.ndarray, np.ndarray]:
    """Hashed features of each word as parallel (word index, bucket) arrays, one pair per n-gram.

    The n-grams of order ``n`` are read off one array holding every word with its boundary
    marks; windows that cross from one word into the next are dropped. The length feature is
    the id ``min(len, max_length)`` of order 0 (its own id space). Repeated n-grams count again.
    """
    codes = _codes(words, settings).astype(np.uint64)
    word_of = np.cumsum(codes == _START_CODE) - 1
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    ids = np.zeros(len(codes), dtype=np.uint64)
    for n in range(1, max(settings.orders) + 1):
        last = len(codes) - n + 1
        if last <= 0:
            break
        # the id of the n-gram at i extends the (n-1)-gram at i by one 6-bit code
        ids = ids[:last] | (codes[n - 1 :] << np.uint64(6 * (n - 1)))
        if n not in settings.orders:
            continue
        keep = word_of[:last] == word_of[n - 1 :]
        rows.append(word_of[:last][keep])
        cols.append(_bucket(ids[keep] | np.uint64(n << 32), settings.bits))
    lengths = np.bincount(word_of, minlength=len(words)) - 2
    length_ids = np.minimum(lengths, settings.max_length).astype(np.uint64) | np.uint64(1 << 40)
    rows.append(np.arange(len(words)))
    cols.append(_bucket(length_ids, settings.bits))
    return np.concatenate(rows), np.concatenate(cols)


# --------------------------------------------------------------------------------------------
# the model
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TranslitModel:
    """A trained transliteration model: feature settings, weights and the header it came with."""

    settings: FeatureSettings
    weights: np.ndarray
    bias: float
    header: Mapping[str, Any]

    def logits(self, words: Sequence[str]) -> np.ndarray:
        """Log-odds (transliteration vs native) of each word; duplicates are scored once."""
        codes, uniques = pd.factorize(pd.Series(list(words), dtype=object))
        if len(uniques) == 0:
            return np.zeros(0)
        rows, cols = feature_pairs(list(uniques), self.settings)
        per_type = self.bias + np.bincount(rows, self.weights[cols], minlength=len(uniques))
        return per_type[codes]

    def scores(self, words: Sequence[str]) -> np.ndarray:
        """Probability that each word transliterates an English word or name."""
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-self.logits(words)))
        return probabilities


def encode_weights(weights: np.ndarray) -> tuple[str, float]:
    """Weights quantised to int8 (``round(w / scale)``) as base64, and the scale."""
    peak = float(np.abs(weights).max()) if weights.size else 0.0
    scale = float(np.float32(peak / 127.0)) if peak > 0 else 1.0
    q = np.clip(np.rint(weights / scale), -127, 127).astype(np.int8)
    return base64.b64encode(q.tobytes()).decode("ascii"), scale


def decode_weights(text: str, scale: float) -> np.ndarray:
    q = np.frombuffer(base64.b64decode(text), dtype=np.int8)
    return q.astype(np.float64) * scale


def model_from_json(text: str, source: str = MODEL_FILE) -> TranslitModel:
    """Build a model from the text of a model file (``source`` names it in errors)."""
    try:
        doc = json.loads(text)
        settings = FeatureSettings.from_header(doc["features"])
        weights = decode_weights(doc["weights"], float(doc["weight_scale"]))
        bias = float(doc["bias"])
    except (KeyError, ValueError, TypeError) as exc:
        raise ValueError(f"{source}: not a transliteration model file ({exc!r})") from exc
    if weights.size != 1 << settings.bits:
        raise ValueError(f"{source}: {weights.size} weights, expected 2**{settings.bits}")
    header = {k: v for k, v in doc.items() if k != "weights"}
    return TranslitModel(settings=settings, weights=weights, bias=bias, header=header)


@cache
def load_model() -> TranslitModel:
    """The shipped model (``corpus_tools/data/translit_model.json``), read once."""
    return model_from_json(_data_text(MODEL_FILE))


def transliteration_scores(words: Sequence[str]) -> np.ndarray:
    """Probability that each Arabic-script word transliterates an English word or name.

    Words are normalised (diacritics, tatweel, alef forms, alef maqsura) before scoring;
    letters outside the Arabic alphabet count as one unknown letter. Under balanced priors.
    """
    return load_model().scores(words)


def sequence_scores(sequences: Sequence[str]) -> np.ndarray:
    """Probability for word sequences (``واشنطن بوست``, ``بي بي سي``) scored as one string.

    The model is trained on sequences too (pairs of rendered English words and acronyms spelled
    out as letter names vs pairs of native words); whitespace runs count as one space. The same
    as :func:`transliteration_scores`, which also accepts sequences.
    """
    return load_model().scores(sequences)


# --------------------------------------------------------------------------------------------
# rendering English words into Arabic script
# --------------------------------------------------------------------------------------------
KEEP_USUAL = 0.7
#: a string that is both a rendering and an Arabic word form stays a native example up to this length
SHORT_NATIVE = 3


@dataclass(frozen=True)
class _Rules:
    letter_names: Mapping[str, tuple[str, ...]]
    pattern: re.Pattern[str]
    options: tuple[tuple[str, ...], ...]
    cumulative: tuple[np.ndarray, ...]  # cumulative shares of the options, per rule
    doubled: re.Pattern[str]


def _shares(rule: list[Any]) -> np.ndarray:
    n = len(rule[1])
    if len(rule) > 2:
        shares = np.asarray(rule[2], dtype=float)
    elif n == 1:
        shares = np.ones(1)
    else:
        shares = np.array([KEEP_USUAL] + [(1 - KEEP_USUAL) / (n - 1)] * (n - 1))
    if len(shares) != n or abs(shares.sum() - 1) > 1e-9:
        raise ValueError(f"{RULES_FILE}: rule {rule[0]!r}: shares must match options, sum 1")
    return np.cumsum(shares)


@cache
def _rules() -> _Rules:
    doc = json.loads(_data_text(RULES_FILE))
    pattern = re.compile("|".join(f"({r[0]})" for r in doc["rules"]))
    doubled = re.compile(f"([{doc['consonant_class']}])\\1")
    options = tuple(tuple(r[1]) for r in doc["rules"])
    shares = tuple(_shares(r) for r in doc["rules"])
    letters = {k: tuple(normalize(n) for n in v) for k, v in doc["letter_names"].items()}
    return _Rules(letters, pattern, options, shares, doubled)


def render_acronym(letters: str, rng: np.random.Generator | None = None) -> str:
    """An acronym spelled out in Arabic letter names (``bbc`` → ``بي بي سي``), normalised.

    Without ``rng`` each letter takes its usual name; with it, any of its names.
    """
    names = _rules().letter_names
    out = []
    for ch in letters:
        opts = names[ch]
        out.append(opts[int(rng.integers(len(opts)))] if rng is not None else opts[0])
    return " ".join(out)


def render_english(word: str, rng: np.random.Generator | None = None) -> str:
    """One Arabic-script spelling of a lowercase English word (``google`` → ``جوجل``).

    Without ``rng`` every rule takes its usual news spelling; with it each rule draws one of
    its spellings by the shares of the rules file. Characters no rule covers are dropped.
    """
    rules = _rules()
    word = rules.doubled.sub(r"\1", word)
    out = []
    for m in rules.pattern.finditer(word):
        i = (m.lastindex or 1) - 1
        opts = rules.options[i]
        pick = 0
        if rng is not None and len(opts) > 1:
            pick = min(
                int(np.searchsorted(rules.cumulative[i], rng.random(), "right")), len(opts) - 1
            )
        out.append(opts[pick])
    return "".join(out)


# --------------------------------------------------------------------------------------------
# training lists and what is kept out of them
# --------------------------------------------------------------------------------------------
@cache
def _fold_table() -> dict[int, str]:
    fold = json.loads(_data_text("loanwords.json"))["transliteration"]["fold"]
    return {ord(k): v for k, v in fold.items()}


def fold(word: str) -> str:
    """The lexicon's transliteration fold of a word (normalised; every g-letter to ج ...)."""
    return normalize(word).translate(_fold_table())


@dataclass(frozen=True)
class Exclusion:
    """Everything kept out of the training lists.

    Attributes
    ----------
    names : the canonical brand names excluded (lexicon brands and ``exclude_brands``).
    latin : casefolded Latin words and joined forms of those names (dropped from English).
    arabic : folded Arabic spellings, with generated variants, their words and joined forms
        (dropped from both lists, also after a proclitic when 4+ letters remain: كتاب is no
        ك + تاب).
    reserved_latin, reserved_arabic : the assimilated loanwords of ``loanwords.json`` and
        their English sources, kept out of training as an outside check.
    """

    names: frozenset[str]
    latin: frozenset[str]
    arabic: frozenset[str]
    reserved_latin: frozenset[str]
    reserved_arabic: frozenset[str]

    def drops_arabic(self, word: str) -> bool:
        parts = fold(word).split()
        if len(parts) > 1:  # a sequence: no run of two or more of its words may be a spelling
            runs = [parts[i:j] for i in range(len(parts)) for j in range(i + 2, len(parts) + 1)]
            if any(" ".join(r) in self.arabic or "".join(r) in self.arabic for r in runs):
                return True
        f = fold(word)
        stems = [f] + [f[len(p) :] for p in _PROCLITICS if f.startswith(p) and len(f) > len(p) + 3]
        return any(s in self.arabic or s in self.reserved_arabic for s in stems)

    def drops_latin(self, word: str) -> bool:
        return word in self.latin or word in self.reserved_latin


def _latin_words(form: str) -> set[str]:
    words = [w for w in re.split(r"[^0-9a-z]+", form.casefold()) if w]
    return set(words) | {"".join(words)} if words else set()


def _arabic_keys(keys: Iterable[tuple[str, ...]]) -> set[str]:
    """Whole spellings, joined multiword spellings and their words, except function words.

    A function word inside a multiword name (the او of آي أو إس) is no spelling of the brand.
    """
    function_words = {fold(w) for w in _data_words("stopwords_ar.txt")}
    out: set[str] = set()
    for key in keys:
        out |= {" ".join(key), "".join(key)}
        if len(key) > 1:
            out |= set(key) - function_words
    return out


def _rendered_spellings(latin: Iterable[str], seed: int) -> set[str]:
    """Folded usual and sampled renderings (and their vowel-dropped variants) of Latin words."""
    from corpus_tools.loanwords.lexicon import vowel_variants as _vowel_variants

    out: set[str] = set()
    for i, word in enumerate(sorted(latin)):
        rng = np.random.default_rng([seed, i])
        forms = {render_english(word)} | {render_english(word, rng) for _ in range(8)}
        for f in forms:
            out |= {fold(f)} | {fold(v) for v in _vowel_variants(f)}
    return out


def exclusion(exclude_brands: Iterable[str] = (), *, seed: int = 0) -> Exclusion:
    """What training leaves out: the whole brand lexicon plus ``exclude_brands``.

    A name in ``exclude_brands`` that the lexicon lacks is excluded by its Latin words and by
    every spelling :func:`render_english` gives them (usual and sampled, with vowel drops).
    """
    return _exclusion(tuple(sorted({b.strip() for b in exclude_brands if b.strip()})), seed)


@cache
def _exclusion(extra: tuple[str, ...], seed: int) -> Exclusion:
    from corpus_tools.loanwords import load_lexicon

    lex = load_lexicon(variants=True)
    latin: set[str] = set()
    for canonical, forms in zip(lex.table["canonical"], lex.table["latin"], strict=True):
        for form in (canonical, *forms):
            latin |= _latin_words(form)
    extra_latin = set().union(*(_latin_words(b) for b in extra)) if extra else set()
    arabic = _arabic_keys(lex.arabic) | _rendered_spellings(extra_latin, seed)
    assimilated = json.loads(_data_text("loanwords.json"))["assimilated"]["words"]
    return Exclusion(
        names=frozenset(lex.table["canonical"]) | frozenset(extra),
        latin=frozenset(latin | extra_latin),
        arabic=frozenset(a for a in arabic if a),
        reserved_latin=frozenset(w for src in assimilated.values() for w in _latin_words(src)),
        reserved_arabic=frozenset(fold(w) for k in assimilated for w in k.split()),
    )


@dataclass(frozen=True)
class TrainingLists:
    """The labelled training words.

    Attributes
    ----------
    words : Arabic-script words, positives first.
    labels : 1 for a rendered English word, 0 for a native Arabic form.
    groups : the English source word of a positive, the word itself for a negative (all
        renderings of one English word fall on the same side of a held-out split).
    exclusion : what was kept out.
    conflicts : strings that were both a rendering and a native form (dropped from both).
    """

    words: tuple[str, ...]
    labels: tuple[int, ...]
    groups: tuple[str, ...]
    exclusion: Exclusion
    conflicts: int


def _positives(
    english: Sequence[str], excl: Exclusion, seed: int, variants: int, clitic_rate: float
) -> dict[str, str]:
    """Arabic spelling → English source: usual, sampled and vowel-dropped renderings."""
    from corpus_tools.loanwords.lexicon import vowel_variants as _vowel_variants

    out: dict[str, str] = {}
    for i, word in enumerate(english):
        rng = np.random.default_rng([seed, 1, i])
        usual = render_english(word)
        forms = [usual] + [render_english(word, rng) for _ in range(variants)]
        dropped = sorted(_vowel_variants(usual))
        if dropped:
            forms.append(dropped[int(rng.integers(len(dropped)))])
        for form in forms:
            if len(form) < 3 or excl.drops_arabic(form):
                continue
            clitic = ""
            if rng.random() < clitic_rate:
                clitic = _AUGMENT_CLITICS[int(rng.integers(len(_AUGMENT_CLITICS)))]
            if not (clitic and excl.drops_arabic(clitic + form)):
                out.setdefault(normalize(clitic + form), word)
    return out


def _sequences(
    pos: Sequence[str], neg: Sequence[str], excl: Exclusion, seed: int, share: float
) -> tuple[dict[str, str], list[str]]:
    """Multiword examples: acronyms as letter names and pairs of positives vs native pairs.

    Acronyms are random strings of 2-4 letters that are no excluded Latin name; a sequence
    holding an excluded spelling as a run of words is dropped.
    """
    rng = np.random.default_rng([seed, 3])
    alphabet = sorted(_rules().letter_names)
    pos_out: dict[str, str] = {}
    neg_out: list[str] = []
    for _ in range(int(share * len(pos) / 2)):
        letters = "".join(rng.choice(alphabet, int(rng.integers(2, 5))))
        acronym = render_acronym(letters, rng)
        if not excl.drops_latin(letters) and not excl.drops_arabic(acronym):
            pos_out.setdefault(acronym, letters)
        pair = " ".join(pos[int(i)] for i in rng.integers(len(pos), size=2))
        if not excl.drops_arabic(pair):
            pos_out.setdefault(pair, pair)
    for _ in range(int(share * len(neg))):
        pair = " ".join(neg[int(i)] for i in rng.integers(len(neg), size=2))
        if not excl.drops_arabic(pair):
            neg_out.append(pair)
    return pos_out, sorted(set(neg_out))


def training_lists(
    exclude_brands: Iterable[str] = (),
    *,
    seed: int = 0,
    variants: int = 3,
    clitic_rate: float = 0.2,
    limit: int | None = None,
    sequences: float = 0.15,
    english: Sequence[str] | None = None,
    arabic: Sequence[str] | None = None,
) -> TrainingLists:
    """Build the training words from the package's general word lists (see module docstring).

    ``limit`` keeps every ``k``-th word of each source list so that about ``limit`` remain
    (for quick tests of the training script); ``english`` and ``arabic`` replace the source
    lists (lowercase English words; Arabic word forms). ``sequences`` adds that share (of
    each class's word count) of multiword examples.
    """
    excl = exclusion(exclude_brands, seed=seed)
    if english is None:
        english = _data_words("wordlist_en.txt")
    english = [w for w in english if _ENGLISH_WORD.fullmatch(w) and not _TRIPLE.search(w)]
    if arabic is None:
        arabic = _data_words("wordlist_ar.txt") + _data_words("stopwords_ar.txt")
    arabic = sorted({normalize(w) for w in arabic})
    if limit is not None:
        english = english[:: max(1, len(english) // limit)]
        arabic = arabic[:: max(1, len(arabic) // limit)]
    english = [w for w in english if not excl.drops_latin(w)]
    pos = _positives(english, excl, seed, variants, clitic_rate)
    pos_folded = {fold(w) for w in pos}
    neg = [w for w in arabic if not excl.drops_arabic(w)]
    neg_folded = [fold(w) for w in neg]
    conflicts = set(neg_folded) & pos_folded
    # a short form (بين, او) or a function word (كانت) is a native word first; a longer one
    # (كمبيوتر, ريتشارد) is left out
    function_words = {fold(w) for w in _data_words("stopwords_ar.txt")}
    native_first = {f for f in conflicts if len(f) <= SHORT_NATIVE or f in function_words}
    pos = {w: src for w, src in pos.items() if fold(w) not in conflicts}
    neg = [
        w for w, f in zip(neg, neg_folded, strict=True) if f not in conflicts or f in native_first
    ]
    seq_pos, seq_neg = _sequences(list(pos), neg, excl, seed, sequences)
    pos |= seq_pos
    neg = neg + [w for w in seq_neg if w not in pos]
    words = tuple(pos) + tuple(neg)
    return TrainingLists(
        words=words,
        labels=(1,) * len(pos) + (0,) * len(neg),
        groups=tuple(pos.values()) + tuple(neg),  # a sequence is its own group
        exclusion=excl,
        conflicts=len(conflicts),
    )
